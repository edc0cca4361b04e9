/**
 * The flows in flight, as the session streams them: every flow the engine starts and ends goes through
 * here (it is the Simulation's FlowObserver). A flow that starts and ends between two takes is never
 * reported. Also keeps what auto-pacing needs: the shortest foreground flow in flight (src/bridge/pacing.ts).
 */
import type { Flow, FlowObserver } from "../engine/sim";
import { ROUTINE_WINDOW_MS, isBackgroundFlow, isRoutineNodeStatus } from "./pacing";

export const NO_KINDS: ReadonlySet<string> = new Set();

export class FlowLedger implements FlowObserver {
  /** Every flow in flight now, by id. */
  readonly inFlight = new Map<number, Flow>();
  /** How many flows have started since this ledger was made. */
  startedCount = 0;
  /** Kinds counted apart in `quietStarted` (while a step looks for a flow the canvas draws). */
  quietKinds: ReadonlySet<string> = NO_KINDS;
  /** How many of the started flows were of `quietKinds` (when they started). */
  quietStarted = 0;
  private started = new Map<number, Flow>();
  private ended: number[] = [];
  /** Foreground flows in flight (id → duration), and how many of each duration. */
  private readonly foregroundIds = new Map<number, number>();
  private readonly foreground = new Map<number, number>();
  private minCache: number | null = null;
  /** Objects (flow refs) with routine traffic going on, until when (sim ms). */
  private readonly routineRefs = new Map<string, number>();

  /** Whether a flow is routine: it does not slow playback down. */
  isRoutine(flow: Flow): boolean {
    if (isBackgroundFlow(flow)) return true;
    if (isRoutineNodeStatus(flow)) {
      this.routineRefs.set(flow.ref, flow.sendTime + ROUTINE_WINDOW_MS);
      return true;
    }
    const until = this.routineRefs.get(flow.ref);
    if (until === undefined) return false;
    if (flow.sendTime <= until) return true;
    this.routineRefs.delete(flow.ref);
    return false;
  }

  flowStarted(flow: Flow): void {
    this.inFlight.set(flow.id, flow);
    this.started.set(flow.id, flow);
    this.startedCount++;
    if (this.quietKinds.size && this.quietKinds.has(flow.kind)) this.quietStarted++;
    if (this.isRoutine(flow)) return;
    const d = flow.recvTime - flow.sendTime;
    this.foregroundIds.set(flow.id, d);
    this.foreground.set(d, (this.foreground.get(d) ?? 0) + 1);
    if (this.foregroundIds.size === 1) this.minCache = d;
    else if (this.minCache !== null && d < this.minCache) this.minCache = d;
  }

  flowEnded(flow: Flow): void {
    if (!this.inFlight.delete(flow.id)) return;
    if (!this.started.delete(flow.id)) this.ended.push(flow.id);
    const d = this.foregroundIds.get(flow.id);
    if (d === undefined) return;
    this.foregroundIds.delete(flow.id);
    const n = (this.foreground.get(d) ?? 1) - 1;
    if (n > 0) this.foreground.set(d, n);
    else {
      this.foreground.delete(d);
      if (d === this.minCache) this.minCache = null;
    }
  }

  /** The duration of the shortest foreground flow in flight, or null when none is. */
  minForeground(): number | null {
    if (this.foregroundIds.size === 0) return null;
    if (this.minCache === null) {
      let min = Infinity;
      for (const d of this.foreground.keys()) if (d < min) min = d;
      this.minCache = min;
    }
    return this.minCache;
  }

  /** Flows started (and still in flight) and flows ended since the last take. */
  take(): { started: Flow[]; ended: number[] } {
    const out = { started: [...this.started.values()], ended: this.ended };
    this.started = new Map();
    this.ended = [];
    return out;
  }
}
