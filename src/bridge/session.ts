/**
 * The engine host: one simulated cluster, its timeline and its playback, speaking the worker protocol.
 * It does not know whether it runs in a Web Worker (src/bridge/worker.ts) or on the page's thread
 * (src/bridge/client.ts, for tests and browsers without workers): the wall clock, the timer and the
 * way out are injected, so tests drive it deterministically.
 *
 * A moment is (seed, topology, action log, time). The session holds the log, replays it to seek
 * (rebuild from the seed, run each logged action at its sim time, run to the target; a seek forward
 * keeps the live cluster), and forks it when the user acts in the past. Seeking back starts from the
 * latest checkpoint at or before the target (src/bridge/checkpoints.ts), built while the worker idles.
 *
 * Playback (shared/ARCHITECTURE.md, "Playback and time travel"): each tick advances sim time by the wall
 * time since the last tick × speed (a gap over SKIP_GAP_MS counts as one tick), with auto-pacing
 * (src/bridge/pacing.ts) on by default. The playback clock `time` is fractional; the engine runs to
 * `Math.floor(time)`, and stops at every queued event on the way so the pace can change there.
 */
import type { Cluster } from "../engine/cluster";
import { parseAction } from "../engine/kubectl/parse";
import type { Action } from "../engine/kubectl/action";
import { MAX_MASTERS, MAX_WORKERS, type Topology } from "../engine/topology";
import { CHECKPOINT_SLICE_MS, MAX_SLICES_PER_CALL, Replica, checkpointTargets } from "./checkpoints";
import { NO_KINDS, type FlowLedger } from "./flows";
import { isQuietFrame, mergeFrames, type FrameBody } from "./merge";
import { inFlightRate, quietRate, GAP_WALL_MS, QUIET_MAX_RATE } from "./pacing";
import {
  PROTOCOL_VERSION,
  type ForkNote,
  type FrameMessage,
  type HydrateMessage,
  type LoggedAction,
  type PageMessage,
  type PlaybackStatus,
  type WorkerMessage,
} from "./protocol";
import type { RecordTracker } from "./records";
import { planLesson } from "./lessonHost";

/** What the session needs from wherever it runs. */
export interface SessionHost {
  /** Wall clock in ms (`performance.now()`). */
  now(): number;
  /** Sends a message to the page. */
  post(msg: WorkerMessage): void;
  /** Calls `fn` after about `ms` wall ms; returns a cancel function. */
  setTimer(fn: () => void, ms: number): () => void;
}

/** About 60 ticks a second while playing. */
export const TICK_MS = 1000 / 60;
/** A wall gap longer than this (a throttled tab, a debugger pause) counts as one tick. */
export const SKIP_GAP_MS = 500;
export const MIN_SPEED = 0.1;
export const MAX_SPEED = 100;
/**
 * The most wall time one tick spends running the engine: at high speeds a quiet fast-forward can ask
 * for more simulation than the CPU does in a frame. The rest of that tick's advance is dropped (the
 * reported rate is then what was achieved).
 */
export const TICK_BUDGET_MS = 12;
/** `step` gives up looking for the next flow after this much sim time. */
export const STEP_LIMIT_MS = 10 * 60_000;
/**
 * Building checkpoints takes what the worker does not need: while paused, up to 8 ms every 50 ms; while
 * playing, up to 1.5 ms on every fourth tick with time to spare (the page's animation shares the CPU).
 */
export const CHECKPOINT_IDLE_BUDGET_MS = 8;
export const CHECKPOINT_IDLE_EVERY_MS = 50;
export const CHECKPOINT_PLAY_BUDGET_MS = 1.5;
export const CHECKPOINT_PLAY_EVERY_TICKS = 4;

export class Session {
  private seed = 1;
  private topology: Topology = { masters: 1, workers: 3 };
  private log: LoggedAction[] = [];
  private horizon = 0;
  /** The live cluster with its records, its flows and how far into the log it is (src/bridge/checkpoints.ts). */
  private live: Replica | null = null;
  /** Parked clusters at earlier times, to seek back from. */
  private checkpoints: Replica[] = [];
  private _lastSeekFrom: number | null = null;
  private _checkpointsCreated = 0;
  private ticks = 0;
  /** The playback clock (fractional sim ms). The engine is at Math.floor(t). */
  private t = 0;
  private playing = false;
  private speed = 1;
  private autoPace = true;
  /** Wall ms of quiet (no foreground flow in flight) so far: auto-pacing speeds up with it. */
  private quietWall = 0;
  /** The event the current quiet stretch is heading to, and the gap it had when the stretch began. */
  private quietTarget = -1;
  private quietGap = 0;
  private lastWall = 0;
  private cancelTimer: (() => void) | null = null;
  /** What the page has not been sent yet (merged while a frame is unacked). */
  private pending: FrameBody | null = null;
  private awaiting: number | null = null;
  private seq = 0;
  private lastSent: { time: number; status: PlaybackStatus; answered: number | undefined } | null = null;
  /** The `req` of the latest page message handled (protocol.ts, `PageMessage`), if it had one. */
  private answered: number | undefined = undefined;
  private actionsChanged = false;
  /** Logged actions whose result the page is still waiting for, with the page's command id. */
  private readonly waiting = new Map<LoggedAction, { id: number; forked?: ForkNote }>();
  private dead = false;
  /** The page's `init` asked for `bench` measurements: stamp messages with their JSON length. */
  private measure = false;
  /** Set when a tick ran out of CPU budget: the rate it achieved, reported instead of the nominal one. */
  private achievedRate: number | null = null;

  constructor(private readonly host: SessionHost) {}

  private get tracker(): RecordTracker | null {
    return this.live?.tracker ?? null;
  }
  /** Only read with a live cluster. */
  private get ledger(): FlowLedger {
    return this.live!.ledger;
  }
  /** How many log entries the live cluster has executed (the log is ordered by `at`). */
  private get logIndex(): number {
    return this.live?.logIndex ?? 0;
  }
  private set logIndex(i: number) {
    this.live!.logIndex = i;
  }

  /** The live cluster (null before init). For tests and benchmarks; the page never sees it. */
  get cluster(): Cluster | null {
    return this.live?.cluster ?? null;
  }

  /** The playback clock. */
  get time(): number {
    return this.t;
  }

  get isPlaying(): boolean {
    return this.playing;
  }

  /** Where the last backward seek replayed from: a checkpoint's time, or 0 (the start). For tests and benchmarks. */
  get lastSeekFrom(): number | null {
    return this._lastSeekFrom;
  }

  /** How many checkpoint clusters were started from zero since the last init. For tests. */
  get checkpointsCreated(): number {
    return this._checkpointsCreated;
  }

  /** The checkpoints' times and how far each is built. For tests and benchmarks. */
  get checkpointTimes(): { target: number; at: number }[] {
    return this.checkpoints.map((c) => ({ target: c.target, at: c.at }));
  }

  /** Handles one message from the page. Never throws: an engine exception becomes a fatal `error` message. */
  receive(msg: PageMessage): void {
    try {
      // Set first: what handling it sends shows its effect. A lesson plan is answered by its own message.
      const req = msg.type !== "ack" && msg.type !== "planLesson" && typeof msg.req === "number" ? msg.req : undefined;
      if (req !== undefined) this.answered = req;
      this.handle(msg);
      // Handled without a word to the page (a pause while paused, a command still running): a frame says so.
      if (req !== undefined && this.cluster && !this.dead && this.lastSent?.answered !== req) this.emit();
      this.scheduleIdle();
    } catch (e) {
      this.fail(e);
    }
  }

  /** One playback tick (the timer calls it while playing; tests call it directly). */
  tick(): void {
    if (this.dead || !this.cluster) return;
    try {
      if (this.playing) {
        const wall = this.host.now();
        let dt = wall - this.lastWall;
        this.lastWall = wall;
        if (dt > SKIP_GAP_MS) dt = TICK_MS;
        if (dt > 0) this.advanceWall(dt, wall);
      }
      this.emit();
      if (this.playing && ++this.ticks % CHECKPOINT_PLAY_EVERY_TICKS === 0 && this.host.now() - this.lastWall < TICK_MS / 2) this.buildCheckpoints(CHECKPOINT_PLAY_BUDGET_MS);
    } catch (e) {
      this.fail(e);
    }
  }

  private handle(msg: PageMessage): void {
    if (msg.type === "init") return this.init(msg);
    if (msg.type === "planLesson") return this.planLesson(msg.id, msg.lesson);
    if (msg.type === "ack") {
      if (msg.seq === this.awaiting) {
        this.awaiting = null;
        this.flush();
      }
      return;
    }
    if (this.dead || !this.cluster) {
      this.host.post({ type: "error", fatal: false, message: `The simulation is not running, so "${msg.type}" was ignored. Restart the simulation.` });
      return;
    }
    switch (msg.type) {
      case "command":
        return this.command(msg.id, msg.line);
      case "play":
        return this.setPlaying(true);
      case "pause":
        return this.setPlaying(false);
      case "step":
        return this.step(msg.skip);
      case "speed":
        if (typeof msg.speed !== "number" || !Number.isFinite(msg.speed)) return;
        this.speed = Math.min(MAX_SPEED, Math.max(MIN_SPEED, msg.speed));
        return this.emit();
      case "autoPace":
        this.autoPace = !!msg.on;
        this.quietWall = 0;
        return this.emit();
      case "seek":
        return this.seek(msg.time);
      default: {
        const type = (msg as { type?: unknown }).type;
        this.host.post({ type: "error", fatal: false, message: `The simulation does not understand the message "${String(type)}".` });
      }
    }
  }

  /** Plans a lesson on a cluster of its own; a failure is the plan's, never the session's. */
  private planLesson(id: number, lesson: Extract<PageMessage, { type: "planLesson" }>["lesson"]): void {
    let plan;
    try {
      plan = planLesson(lesson);
    } catch (e) {
      plan = { lessonId: lesson.id, ready: 0, steps: [], failure: `lesson ${lesson.id}: the simulation failed: ${e instanceof Error ? e.message : String(e)}` };
    }
    this.host.post({ type: "lessonPlan", id, plan });
  }

  // ---- init, seek, hydrate --------------------------------------------------------------------

  private init(msg: Extract<PageMessage, { type: "init" }>): void {
    if (msg.version !== PROTOCOL_VERSION) {
      // Nothing runs until a matching init: no playback, no idle work.
      this.dead = true;
      this.playing = false;
      this.stopTimer();
      this.host.post({
        type: "error",
        fatal: true,
        message: `The page and the simulation are different versions (the page speaks protocol ${String(msg.version)}, the simulation ${PROTOCOL_VERSION}). Reload the page to load matching versions.`,
      });
      return;
    }
    const topo = msg.topology;
    if (!topo || !(topo.masters >= 1 && topo.masters <= MAX_MASTERS) || !(topo.workers >= 0 && topo.workers <= MAX_WORKERS)) {
      this.host.post({ type: "error", fatal: true, message: `The simulation cannot build that cluster: it needs 1 to ${MAX_MASTERS} control-plane nodes and 0 to ${MAX_WORKERS} workers.` });
      return;
    }
    this.dead = false;
    this.measure = msg.bench === true;
    this.seed = msg.seed;
    this.topology = { masters: topo.masters, workers: topo.workers };
    const log: LoggedAction[] = [];
    for (const a of msg.actions ?? []) {
      const parsed = parseAction(a.line);
      if ("error" in parsed) {
        this.host.post({ type: "error", fatal: false, message: `The action "${a.line}" at ${a.at} ms was left out of the timeline: ${parsed.error}` });
        continue;
      }
      log.push({ at: Math.max(0, Math.floor(a.at)), line: a.line });
    }
    // Stable sort: actions at the same time keep their order.
    this.log = log.map((a, i) => ({ a, i })).sort((x, y) => x.a.at - y.a.at || x.i - y.i).map((x) => x.a);
    this.waiting.clear();
    for (const c of this.checkpoints) c.dispose();
    this.checkpoints = [];
    this._lastSeekFrom = null;
    this._checkpointsCreated = 0;
    if (msg.speed !== undefined && Number.isFinite(msg.speed)) this.speed = Math.min(MAX_SPEED, Math.max(MIN_SPEED, msg.speed));
    if (msg.autoPace !== undefined) this.autoPace = !!msg.autoPace;
    const time = Math.max(0, msg.time ?? 0);
    this.horizon = 0;
    this.rebuild(time);
    this.horizon = Math.max(time, this.log.length ? this.log[this.log.length - 1].at : 0);
    this.playing = false;
    this.stopTimer();
    this.hydrate(msg.ref);
    if (msg.play) this.setPlaying(true);
  }

  /** A fresh cluster from the seed and topology, with the log replayed up to `time`. */
  private rebuild(time: number): void {
    this.adopt(new Replica(this.seed, this.topology));
    this.runEngineTo(Math.floor(time));
    this.t = time;
  }

  /** Makes `r` the live cluster (a fresh one, or a checkpoint), at its time; the old one is thrown away. */
  private adopt(r: Replica): void {
    this.live?.dispose();
    this.live = r;
    this.t = r.at;
    const cluster = r.cluster;
    r.adopt((entry, t, result) => {
      if (this.cluster !== cluster) return;
      const w = this.waiting.get(entry);
      if (!w) return;
      this.waiting.delete(entry);
      const base = { type: "commandResult" as const, id: w.id, line: entry.line, t, ...(w.forked && { forked: w.forked }) };
      this.host.post(result.ok ? { ...base, ok: true, output: result.output } : { ...base, ok: false, error: result.error });
    });
  }

  private seek(time: number): void {
    if (typeof time !== "number" || !Number.isFinite(time)) return;
    time = Math.max(0, time);
    if (time >= this.t) {
      // Forward: the live cluster runs on (the same as a replay would, and cheaper).
      this.runEngineTo(Math.floor(time));
      this.t = time;
    } else {
      // Back: from the latest checkpoint at or before `time` (built or still on its way), else from the start.
      let best: Replica | null = null;
      for (const c of this.checkpoints) if (c.at <= time && (!best || c.at > best.at)) best = c;
      if (best) {
        this.checkpoints = this.checkpoints.filter((c) => c !== best);
        this.adopt(best);
        this._lastSeekFrom = best.at;
        this.runEngineTo(Math.floor(time));
        this.t = time;
      } else {
        this.rebuild(time);
        this._lastSeekFrom = 0;
      }
    }
    this.horizon = Math.max(this.horizon, this.t);
    this.resetPace();
    this.hydrate();
  }

  /** Sends the whole state; `ref` is the init's it answers, if any. */
  private hydrate(ref?: number): void {
    const tracker = this.tracker!;
    const records = tracker.snapshot();
    tracker.takeEvents();
    this.ledger.take();
    this.pending = null;
    this.awaiting = null;
    this.actionsChanged = false;
    const status = this.status();
    const msg: HydrateMessage = {
      type: "hydrate",
      version: PROTOCOL_VERSION,
      seed: this.seed,
      topology: { ...this.topology },
      actions: this.log.slice(),
      time: this.t,
      records,
      flows: [...this.ledger.inFlight.values()],
      events: tracker.recentEvents(),
      status,
    };
    if (ref !== undefined) msg.ref = ref;
    if (this.answered !== undefined) msg.answered = this.answered;
    this.lastSent = { time: this.t, status, answered: this.answered };
    if (this.measure) msg.bytes = JSON.stringify(msg).length;
    // A rebuild may have taken a while: playback goes on from now, without catching up.
    this.lastWall = this.host.now();
    this.host.post(msg);
  }

  // ---- commands and the action log --------------------------------------------------------------

  private command(id: number, line: string): void {
    const parsed = parseAction(line);
    if ("error" in parsed) {
      this.host.post({ type: "commandResult", id, line, t: this.t, ok: false, error: parsed.error });
      return;
    }
    const cluster = this.cluster!;
    this.runEngineTo(Math.floor(this.t));
    const dropped = this.t < this.horizon ? this.fork() : [];
    const entry: LoggedAction = { at: cluster.now, line };
    this.log.push(entry);
    this.logIndex = this.log.length;
    this.actionsChanged = true;
    this.waiting.set(entry, dropped.length ? { id, forked: { at: entry.at, dropped } } : { id });
    this.execute(entry, parsed);
    this.emit();
  }

  /** Acting in the past: the logged actions after now are dropped (returned), and now is the new horizon. */
  private fork(): LoggedAction[] {
    const dropped = this.log.slice(this.logIndex);
    this.log = this.log.slice(0, this.logIndex);
    // A checkpoint past now has run actions that are no longer in the log.
    this.checkpoints = this.checkpoints.filter((c) => {
      if (c.at <= this.t) return true;
      c.dispose();
      return false;
    });
    this.horizon = this.t;
    this.actionsChanged = true;
    for (const e of dropped) {
      const w = this.waiting.get(e);
      if (!w) continue;
      this.waiting.delete(e);
      this.host.post({ type: "commandResult", id: w.id, line: e.line, t: this.t, ok: false, error: "error: the timeline forked before this action ran, so it was dropped" });
    }
    return dropped;
  }

  /** Runs a logged action on the live cluster; its result goes to the page if the page is waiting for it. */
  private execute(entry: LoggedAction, action?: Action): void {
    this.live!.execute(entry, action);
  }

  /**
   * Runs the engine to `to` (an integer sim time), executing each logged action due on the way after
   * every engine event at or before its time: exactly what happened when it was first run live.
   */
  private runEngineTo(to: number): void {
    this.live!.runTo(this.log, to);
  }

  /**
   * Builds checkpoints for `budgetMs` of wall time at most: the latest multiples of CHECKPOINT_EVERY_MS
   * at or below the playback clock, newest first, each a cluster replayed there in slices. Ones no longer
   * wanted are dropped.
   */
  private buildCheckpoints(budgetMs: number): void {
    if (this.dead || !this.cluster || !(budgetMs > 0)) return;
    const start = this.host.now();
    const targets = checkpointTargets(this.t);
    // One no longer wanted runs on to a wanted time not taken yet, at or after its own; else it goes.
    const free = targets.filter((t) => !this.checkpoints.some((c) => c.target === t)).sort((a, b) => a - b);
    for (const c of [...this.checkpoints].sort((a, b) => b.at - a.at)) {
      if (targets.includes(c.target)) continue;
      const i = free.findIndex((t) => t >= c.at);
      if (i >= 0) {
        c.target = free[i];
        free.splice(i, 1);
      } else {
        c.dispose();
        this.checkpoints = this.checkpoints.filter((x) => x !== c);
      }
    }
    let slices = 0;
    for (const target of targets) {
      let c = this.checkpoints.find((x) => x.target === target);
      if (c && c.at >= target) continue;
      if (!c) {
        c = new Replica(this.seed, this.topology, target);
        this.checkpoints.push(c);
        this._checkpointsCreated++;
      }
      while (c.at < target) {
        c.runTo(this.log, Math.min(target, c.at + CHECKPOINT_SLICE_MS));
        c.settle();
        if (++slices >= MAX_SLICES_PER_CALL || this.host.now() - start >= budgetMs) return;
      }
    }
  }

  /** When the engine next has something to do: its next queued event or the next logged action. */
  private nextEventTime(): number {
    const q = this.cluster!.sim.nextTime();
    const a = this.logIndex < this.log.length ? this.log[this.logIndex].at : Infinity;
    return Math.min(q ?? Infinity, a);
  }

  // ---- playback --------------------------------------------------------------------------------------

  private setPlaying(on: boolean): void {
    if (on === this.playing) return this.emit();
    this.playing = on;
    this.resetPace();
    if (on) {
      this.lastWall = this.host.now();
      this.schedule();
    } else {
      this.stopTimer();
    }
    this.emit();
  }

  private resetPace(): void {
    this.quietWall = 0;
    this.quietTarget = -1;
  }

  private schedule(): void {
    this.stopTimer();
    this.cancelTimer = this.host.setTimer(() => {
      this.cancelTimer = null;
      this.tick();
      if (this.playing && !this.dead) this.schedule();
    }, TICK_MS);
  }

  private stopTimer(): void {
    if (this.cancelTimer) this.cancelTimer();
    this.cancelTimer = null;
  }

  /** Paused with checkpoints to build: build some every CHECKPOINT_IDLE_EVERY_MS (the playback timer's slot, free while paused). */
  private scheduleIdle(): void {
    if (this.playing || this.dead || !this.cluster || this.cancelTimer || this.checkpointsBuilt()) return;
    this.cancelTimer = this.host.setTimer(() => {
      this.cancelTimer = null;
      if (this.playing || this.dead) return;
      try {
        this.buildCheckpoints(CHECKPOINT_IDLE_BUDGET_MS);
        this.scheduleIdle();
      } catch (e) {
        this.fail(e);
      }
    }, CHECKPOINT_IDLE_EVERY_MS);
  }

  /** Every checkpoint wanted now is built, and none is kept that is not wanted (after a seek back, say). */
  private checkpointsBuilt(): boolean {
    const targets = checkpointTargets(this.t);
    return targets.every((target) => this.checkpoints.some((c) => c.target === target && c.at >= target)) && this.checkpoints.every((c) => targets.includes(c.target));
  }

  /** Stops for good (the client threw this session away): no timer, no checkpoints. */
  dispose(): void {
    this.dead = true;
    this.playing = false;
    this.stopTimer();
    for (const c of this.checkpoints) c.dispose();
    this.checkpoints = [];
  }

  /** Sim ms per wall ms now, toward the next event at `next`. */
  private rate(next: number): number {
    if (!this.autoPace) return this.speed;
    const min = this.ledger.minForeground();
    if (min !== null) {
      this.quietTarget = -1;
      return this.speed * inFlightRate(min);
    }
    if (this.quietTarget !== next) {
      this.quietTarget = next;
      this.quietGap = Number.isFinite(next) ? Math.max(0, next - this.t) : QUIET_MAX_RATE * GAP_WALL_MS;
    }
    return this.speed * quietRate(this.quietGap, this.quietWall);
  }

  /**
   * Advances the playback clock by `wall` ms of wall time, stopping at each queued event to re-pace.
   * `tickStart` is the wall clock when the tick began (for the CPU budget).
   */
  private advanceWall(wall: number, tickStart: number): void {
    this.achievedRate = null;
    if (!this.autoPace) {
      this.t += wall * this.speed;
      this.runEngineTo(Math.floor(this.t));
      return;
    }
    const t0 = this.t;
    let budget = wall;
    for (let guard = 0; budget > 1e-9; guard++) {
      if (guard > 10_000_000) throw new Error(`sim time stopped advancing at ${this.t} ms`);
      if ((guard & 63) === 63 && this.host.now() - tickStart > TICK_BUDGET_MS) {
        this.achievedRate = (this.t - t0) / wall;
        break;
      }
      const next = this.nextEventTime();
      const inFlight = this.ledger.minForeground() !== null;
      const rate = this.rate(next);
      const reach = this.t + budget * rate;
      if (reach < next) {
        if (inFlight) this.quietWall = 0;
        else this.quietWall += budget;
        this.t = reach;
        break;
      }
      const used = Math.max(0, (next - this.t) / rate);
      budget -= used;
      if (inFlight) this.quietWall = 0;
      else this.quietWall += used;
      if (next > this.t) this.t = next;
      this.runEngineTo(next);
      if (this.ledger.minForeground() !== null) this.quietWall = 0;
    }
    this.runEngineTo(Math.floor(this.t));
  }

  /** Runs to the next flow start (of a kind not in `skip`) and pauses there. */
  private step(skip: readonly string[] = []): void {
    this.playing = false;
    this.stopTimer();
    this.resetPace();
    this.ledger.quietKinds = new Set(skip);
    try {
      const shown = () => this.ledger.startedCount - this.ledger.quietStarted;
      const started = shown();
      const limit = this.t + STEP_LIMIT_MS;
      for (;;) {
        const next = this.nextEventTime();
        if (!Number.isFinite(next) || next > limit) {
          this.t = limit;
          this.runEngineTo(Math.floor(limit));
          break;
        }
        if (next > this.t) this.t = next;
        this.runEngineTo(next);
        if (shown() > started) break;
      }
    } finally {
      this.ledger.quietKinds = NO_KINDS;
    }
    this.horizon = Math.max(this.horizon, this.t);
    this.emit();
  }

  private status(): PlaybackStatus {
    let rate = 0;
    let until = this.t;
    if (this.playing && this.cluster) {
      const next = this.nextEventTime();
      rate = this.achievedRate ?? this.rate(next);
      until = Number.isFinite(next) ? next : this.t + rate * 1000;
    }
    return { playing: this.playing, speed: this.speed, autoPace: this.autoPace, rate, until, horizon: this.horizon };
  }

  // ---- frames and backpressure ---------------------------------------------------------------------

  /** Collects what changed into the pending frame and sends it unless a frame is unacked. */
  private emit(): void {
    if (!this.cluster || !this.tracker) return;
    this.horizon = Math.max(this.horizon, this.t);
    const { started, ended } = this.ledger.take();
    const body: FrameBody = {
      time: this.t,
      diff: this.tracker.collect(),
      flowsStarted: started,
      flowsEnded: ended,
      events: this.tracker.takeEvents(),
      status: this.status(),
    };
    if (this.actionsChanged) {
      body.actions = this.log.slice();
      this.actionsChanged = false;
    }
    this.pending = this.pending ? mergeFrames(this.pending, body) : body;
    this.flush();
  }

  private flush(): void {
    const p = this.pending;
    if (this.awaiting !== null || !p) return;
    const last = this.lastSent;
    if (isQuietFrame(p) && last && last.time === p.time && sameStatus(last.status, p.status) && last.answered === this.answered) return;
    this.pending = null;
    const seq = ++this.seq;
    this.awaiting = seq;
    this.lastSent = { time: p.time, status: p.status, answered: this.answered };
    const msg: FrameMessage = { type: "frame", seq, ...p };
    if (this.answered !== undefined) msg.answered = this.answered;
    if (this.measure) msg.bytes = JSON.stringify(msg).length;
    this.host.post(msg);
  }

  private fail(e: unknown): void {
    this.dead = true;
    this.playing = false;
    this.stopTimer();
    const what = e instanceof Error ? e.message : String(e);
    this.host.post({ type: "error", fatal: true, message: `The simulation stopped because of an internal error: ${what}` });
  }
}

function sameStatus(a: PlaybackStatus, b: PlaybackStatus): boolean {
  return a.playing === b.playing && a.speed === b.speed && a.autoPace === b.autoPace && a.rate === b.rate && a.until === b.until && a.horizon === b.horizon;
}
