/**
 * Checkpoints for seeking back (shared/ARCHITECTURE.md, "Playback and time travel").
 *
 * The engine's state holds closures and running coroutines (timers, informers, the kubelet's loops), so
 * it cannot be copied. A checkpoint is therefore a second cluster, built from the same seed with the same
 * action log and parked at a checkpoint time (a multiple of CHECKPOINT_EVERY_MS): a replay done ahead of
 * time, in small slices while the worker has nothing else to do. Seeking back to T starts from the
 * latest checkpoint at or before T instead of from the start, and the checkpoint becomes the live
 * cluster (it is used up; another is built behind it). As the clock moves on, a checkpoint that falls out
 * of the window is run on to the newest time wanted rather than rebuilt, so keeping them costs about
 * one more cluster's worth of simulation. The engine is deterministic, so running on from a checkpoint
 * gives the same cluster as replaying from zero: the tests compare the two.
 */
import { Cluster } from "../engine/cluster";
import type { ActionResult } from "../engine/kubectl/action";
import { parseAction } from "../engine/kubectl/parse";
import type { Topology } from "../engine/topology";
import { FlowLedger } from "./flows";
import type { LoggedAction } from "./protocol";
import { RecordTracker } from "./records";

/** Checkpoints sit at multiples of this sim time. */
export const CHECKPOINT_EVERY_MS = 30_000;
/** At most this many are kept: the latest multiples below the playback clock. */
export const MAX_CHECKPOINTS = 3;
/** A checkpoint is built this much sim time at a time. */
export const CHECKPOINT_SLICE_MS = 2_000;
/** And at most this many slices per call, whatever the wall clock says (tests run on a frozen clock). */
export const MAX_SLICES_PER_CALL = 20;

export type ResultSink = (entry: LoggedAction, t: number, result: ActionResult) => void;

/** A cluster with what the session keeps beside it: the records it reports and the flows in flight. */
export class Replica {
  readonly cluster: Cluster;
  readonly tracker: RecordTracker;
  readonly ledger = new FlowLedger();
  /** How many log entries this cluster has executed. */
  logIndex = 0;
  /** The sim time the cluster has run to. */
  at = 0;
  /** Results of logged actions that finished while parked, for the session when it adopts this cluster. */
  private readonly parked = new Map<LoggedAction, { t: number; result: ActionResult }>();
  private sink: ResultSink | null = null;

  constructor(
    seed: number,
    topology: Topology,
    /** The checkpoint time it is built towards (the live cluster's: Infinity). */
    public target = Infinity,
  ) {
    this.cluster = new Cluster({ seed, topology: { ...topology } });
    this.cluster.sim.observer = this.ledger;
    this.tracker = new RecordTracker(this.cluster);
  }

  /** Executes one logged action now; its result goes to the sink, or waits for one. */
  execute(entry: LoggedAction, action = parseAction(entry.line)): void {
    if ("error" in action) return;
    const cluster = this.cluster;
    cluster.execute(action, (r) => {
      if (this.sink) this.sink(entry, cluster.now, r);
      else this.parked.set(entry, { t: cluster.now, result: r });
    });
  }

  /**
   * Runs to `to` (an integer sim time), executing each logged action due on the way after every engine
   * event at or before its time: exactly what happened when it was first run live.
   */
  runTo(log: readonly LoggedAction[], to: number): void {
    while (this.logIndex < log.length && log[this.logIndex].at <= to) {
      const entry = log[this.logIndex++];
      this.cluster.runUntil(entry.at);
      this.execute(entry);
    }
    this.cluster.runUntil(to);
    this.at = Math.max(this.at, to);
  }

  /** Drops what a parked cluster accumulates for a page it has not got: the records stay current. */
  settle(): void {
    this.tracker.collect();
    this.tracker.takeEvents();
    this.ledger.take();
  }

  /** The session takes this cluster over: action results from now on (and those parked) go to `sink`. */
  adopt(sink: ResultSink): void {
    this.sink = sink;
    for (const [entry, { t, result }] of this.parked) sink(entry, t, result);
    this.parked.clear();
  }

  dispose(): void {
    this.sink = null;
    this.parked.clear();
    this.tracker.dispose();
    this.cluster.sim.observer = null;
  }
}

/** The checkpoint times wanted when the playback clock is at `t`: the latest multiples at or below it, newest first. */
export function checkpointTargets(t: number): number[] {
  const out: number[] = [];
  for (let c = Math.floor(t / CHECKPOINT_EVERY_MS) * CHECKPOINT_EVERY_MS; c > 0 && out.length < MAX_CHECKPOINTS; c -= CHECKPOINT_EVERY_MS) out.push(c);
  return out;
}
