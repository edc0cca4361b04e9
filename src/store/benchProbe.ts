/**
 * What `npm run bench:ui` (src/cli/bench-ui.ts) reads from the page: made only when the URL has
 * `bench=1` (src/store/url.ts), so the page pays nothing for it otherwise.
 *
 * - Per worker message, the main-thread ms: reading it (`e.data` deserialises the structured clone,
 *   timed by SimClient's `onDecoded`), applying it to the store (the diff, `setState` and every
 *   subscribed selector), and React's re-render, which useSyncExternalStore flushes in a microtask
 *   queued during `setState` (so a microtask queued after it runs once React has committed); plus the
 *   message's JSON length, stamped by the worker (`init.bench`).
 * - `performance.mark("cluster-drawn")` once the first control-plane machine is on screen, after
 *   the frame that shows it has been painted; `cluster-in-dom` when it first appears; and
 *   `sim-client-created` (src/store/store.ts) when the page starts the simulation's worker.
 *
 * All of it is on `window.__clusterscopeBench`.
 */
import type { StoreApi } from "zustand";
import type { FrameMessage, HydrateMessage, WorkerMessage } from "../bridge/protocol";
import type { ClusterStore } from "./types";

export interface MessageSample {
  type: "frame" | "hydrate";
  /** Frame sequence number (0 for a hydrate). */
  seq: number;
  /** `performance.now()` when the page started reading it. */
  at: number;
  /** Sim time it carries. */
  time: number;
  /** JSON length, from the worker (null if it was not asked to measure). */
  bytes: number | null;
  /** Records added, updated and removed; flows started and ended; events. */
  records: number;
  flows: number;
  events: number;
  /** Main-thread ms: deserialising, applying to the store, React's re-render, and all three. */
  decodeMs: number;
  applyMs: number;
  renderMs: number;
  totalMs: number;
}

export class BenchProbe {
  readonly samples: MessageSample[] = [];
  private decode = { msg: null as WorkerMessage | null, ms: 0, at: 0 };

  /** SimClient's `onDecoded`. */
  readonly decoded = (msg: WorkerMessage, ms: number): void => {
    this.decode = { msg, ms, at: performance.now() - ms };
  };

  /** Runs `apply` (the store update for `msg`) and records what it and React's render cost. */
  measure(msg: FrameMessage | HydrateMessage, apply: () => void): void {
    const t0 = performance.now();
    apply();
    const t1 = performance.now();
    const d = this.decode.msg === msg ? this.decode : { ms: 0, at: t0 };
    this.decode = { msg: null, ms: 0, at: 0 };
    queueMicrotask(() => {
      const t2 = performance.now();
      const frame = msg.type === "frame" ? msg : null;
      this.samples.push({
        type: msg.type,
        seq: frame ? frame.seq : 0,
        at: d.at,
        time: msg.time,
        bytes: msg.bytes ?? null,
        records: frame ? frame.diff.added.length + frame.diff.updated.length + frame.diff.removed.length : (msg as HydrateMessage).records.length,
        flows: frame ? frame.flowsStarted.length + frame.flowsEnded.length : (msg as HydrateMessage).flows.length,
        events: msg.events.length,
        decodeMs: d.ms,
        applyMs: t1 - t0,
        renderMs: t2 - t1,
        totalMs: d.ms + (t2 - t0),
      });
    });
  }

  /** Forgets the samples so far (the benchmark's measuring window starts). */
  reset(): void {
    this.samples.length = 0;
  }
}

/** The selector for "the cluster is drawn": a control-plane machine's Stop (or, stopped, Start) button on the canvas. */
export const CLUSTER_DRAWN_SELECTOR = '.react-flow__node button[aria-label^="Stop control-plane"], .react-flow__node button[aria-label^="Start control-plane"]';
/** Stop watching for it after this long (ms): a page that never draws a cluster must not keep an observer forever. */
const WATCH_MS = 60_000;

/**
 * Calls `inDom` when the first control-plane machine is visible on the canvas, and `painted` once
 * that frame has been painted (the benchmarks' "drawn"). Returns a function that stops waiting.
 *
 * It looks once per animation frame, just before the frame is painted, when the browser lays the page
 * out anyway: watching DOM mutations instead forced a layout in the middle of React's first drawing,
 * many times over (70 ms of the page's first second, in a trace).
 */
export function whenClusterDrawn(inDom: () => void, painted: () => void, doc: Document = document): () => void {
  const deadline = performance.now() + WATCH_MS;
  let frame = 0;
  let stopped = false;
  const look = () => {
    if (stopped) return;
    const el = doc.querySelector(CLUSTER_DRAWN_SELECTOR);
    if (el) {
      const r = el.getBoundingClientRect();
      if (r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== "hidden") {
        inDom();
        // rAF callbacks run just before the frame is painted; a task queued from one runs after it.
        setTimeout(painted, 0);
        return;
      }
    }
    if (performance.now() < deadline) frame = requestAnimationFrame(look);
  };
  frame = requestAnimationFrame(look);
  return () => {
    stopped = true;
    cancelAnimationFrame(frame);
  };
}

/** Marks `cluster-in-dom` when the first control-plane machine is visible, and `cluster-drawn` once that frame is painted. */
export function markFirstCluster(doc: Document = document): void {
  whenClusterDrawn(
    () => performance.mark("cluster-in-dom"),
    () => performance.mark("cluster-drawn"),
    doc,
  );
}

export interface BenchHandle {
  probe: BenchProbe;
  /** The app's store: the benchmark seeks and sets the speed through it. */
  store: StoreApi<ClusterStore>;
}

declare global {
  interface Window {
    __clusterscopeBench?: BenchHandle;
  }
}

/** Puts the probe and the store on `window.__clusterscopeBench` and starts watching for the first drawn cluster. */
export function exposeBench(probe: BenchProbe, store: StoreApi<ClusterStore>): void {
  if (typeof window === "undefined") return;
  window.__clusterscopeBench = { probe, store };
  if (typeof document !== "undefined" && typeof requestAnimationFrame !== "undefined") markFirstCluster(document);
}
