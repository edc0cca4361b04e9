import type { Pod } from "../api/types";
import type { SimTime } from "../time";
import { emptyPodStatus, type Pleg, type RuntimePodStatus } from "./pleg";
import { isTerminalPhase } from "./podstatus";
import { spawn, type Task } from "./task";
import type { SyncOutcome } from "./podsync";

/** pkg/kubelet: SyncFrequency (resync every minute) and backOffPeriod, each jittered by up to 50%. */
export const RESYNC_INTERVAL: SimTime = 60_000;
export const ERROR_BACKOFF: SimTime = 10_000;
const JITTER = 0.5;
/** The sync loop's ticker: requeued pods are picked up on the next whole second. */
const SYNC_TICK: SimTime = 1000;

export type WorkType = "sync" | "terminating" | "terminated";

export interface PodWorkersHost {
  readonly now: SimTime;
  /** When the kubelet's sync loop started: the origin of its one-second ticker. */
  readonly startedAt: SimTime;
  after(delay: SimTime, fn: () => void): void;
  jitter(d: SimTime, factor: number): SimTime;
  readonly pleg: Pleg;
  syncPod(pod: Pod, rt: RuntimePodStatus): Task<SyncOutcome>;
  syncTerminatingPod(pod: Pod, rt: RuntimePodStatus, gracePeriod: number): Task<string | undefined>;
  syncTerminatedPod(pod: Pod, rt: RuntimePodStatus): Task<string | undefined>;
  /** Whether the sync loop may process work now (the runtime is up); otherwise `defer` it. */
  syncAllowed(): boolean;
  defer(fn: () => void): void;
}

/** One pod's worker state (podSyncStatus). */
export interface PodWorker {
  uid: string;
  pod: Pod;
  workType: WorkType;
  working: boolean;
  pending: boolean;
  finished: boolean;
  /** When the last sync finished (-1: never): the next waits for a PLEG cache newer than this. */
  lastSyncTime: SimTime;
  gracePeriod: number;
  /** The pod is gone from the API. */
  deleted: boolean;
  resyncToken: number;
  /** What the worker is doing, for the page: "syncing", "terminating", ... */
  activity: string;
}

/**
 * The pod workers (pkg/kubelet/pod_workers.go): one serial worker per pod that moves it through
 * sync → terminating → terminated. Updates arriving while a worker is busy are merged into one
 * pending update. Every sync first waits for the PLEG cache to be newer than the previous sync.
 * After a sync the pod is requeued: at once on a phase change, in 10-15 s after an error, else in
 * 60-90 s.
 */
export class PodWorkers {
  readonly workers = new Map<string, PodWorker>();

  constructor(private readonly host: PodWorkersHost) {}

  reset(): void {
    this.workers.clear();
  }

  get(uid: string): PodWorker | undefined {
    return this.workers.get(uid);
  }

  /** CouldHaveRunningContainers: not yet through termination. */
  couldHaveRunningContainers(uid: string): boolean {
    const w = this.workers.get(uid);
    if (!w) return false;
    return w.workType !== "terminated";
  }

  /** The pod counts for admission: known and not terminated (terminating pods still hold resources). */
  isActive(uid: string): boolean {
    const w = this.workers.get(uid);
    return !!w && w.workType !== "terminated" && !w.finished;
  }

  /**
   * UpdatePod. `removed` means the pod is gone from the API: kill it with what grace it had.
   */
  updatePod(pod: Pod, removed = false): void {
    const uid = pod.metadata.uid;
    let w = this.workers.get(uid);
    if (!w) {
      w = {
        uid,
        pod,
        workType: "sync",
        working: false,
        pending: false,
        finished: false,
        lastSyncTime: -1,
        gracePeriod: 0,
        deleted: false,
        resyncToken: 0,
        activity: "syncing",
      };
      // A pod the API already shows terminal, whose containers the runtime reports stopped, finished
      // its termination before (a kubelet restart): only SyncTerminatedPod is left to do.
      if (isTerminalPhase(pod.status.phase)) {
        const rt = this.host.pleg.get(uid);
        if (!rt || !rt.containers.some((c) => c.state === "CONTAINER_RUNNING")) w.workType = "terminated";
      }
      this.workers.set(uid, w);
    }
    if (w.finished) return;
    w.pod = pod;
    if (removed) w.deleted = true;
    if (w.workType === "sync" && (removed || pod.metadata.deletionTimestamp || isTerminalPhase(pod.status.phase))) {
      w.workType = "terminating";
      w.activity = "terminating";
    }
    if (w.workType === "terminating") w.gracePeriod = effectiveGracePeriod(w, pod);
    this.kick(w);
  }

  private kick(w: PodWorker): void {
    if (w.working) {
      w.pending = true;
      return;
    }
    if (!this.host.syncAllowed()) {
      this.host.defer(() => this.kick(w));
      return;
    }
    this.run(w);
  }

  private run(w: PodWorker): void {
    w.working = true;
    w.pending = false;
    this.host.pleg.waitNewerThan(w.lastSyncTime, () => {
      if (this.workers.get(w.uid) !== w) return;
      const pod = w.pod;
      const rt = this.host.pleg.get(w.uid) ?? emptyPodStatus(w.uid, pod.metadata.name, pod.metadata.namespace ?? "default");
      const type = w.workType;
      if (type === "sync") {
        spawn(this.host.syncPod(pod, rt), (r) => this.complete(w, type, r.isTerminal, r.err));
      } else if (type === "terminating") {
        spawn(this.host.syncTerminatingPod(pod, rt, w.gracePeriod), (err) => this.complete(w, type, false, err));
      } else {
        spawn(this.host.syncTerminatedPod(pod, rt), (err) => this.complete(w, type, false, err));
      }
    });
  }

  /** completeWork and the phase transitions (completeSync, completeTerminating, completeTerminated). */
  private complete(w: PodWorker, type: WorkType, isTerminal: boolean, err: string | undefined): void {
    if (this.workers.get(w.uid) !== w) return;
    w.lastSyncTime = this.host.now;
    w.working = false;
    let transition = false;
    if (type === "sync" && isTerminal && w.workType === "sync") {
      w.workType = "terminating";
      w.activity = "terminating";
      w.gracePeriod = effectiveGracePeriod(w, w.pod);
      transition = true;
    } else if (type === "terminating" && !err) {
      w.workType = "terminated";
      w.activity = "terminated";
      transition = true;
    } else if (type === "terminated" && !err) {
      w.finished = true;
      w.activity = "finished";
      return;
    }
    if (transition || w.pending) {
      this.kick(w);
      return;
    }
    const delay = err ? this.host.jitter(ERROR_BACKOFF, JITTER) : this.host.jitter(RESYNC_INTERVAL, JITTER);
    this.requeue(w, delay);
  }

  /** workQueue.Enqueue: the newest requeue replaces any earlier one; the sync ticker picks it up. */
  private requeue(w: PodWorker, delay: SimTime): void {
    const token = ++w.resyncToken;
    const h = this.host;
    const due = h.now + delay;
    const tick = h.startedAt + Math.ceil((due - h.startedAt) / SYNC_TICK) * SYNC_TICK;
    h.after(tick - h.now, () => {
      if (w.resyncToken !== token || w.finished || this.workers.get(w.uid) !== w) return;
      this.kick(w);
    });
  }

  /** Forgets workers of pods that finished and are gone from the API (HandlePodCleanups). */
  removeFinished(stillKnown: (uid: string) => boolean): string[] {
    const removed: string[] = [];
    for (const [uid, w] of this.workers) {
      if (w.finished && !stillKnown(uid)) {
        this.workers.delete(uid);
        removed.push(uid);
      }
    }
    return removed;
  }
}

/** calculateEffectiveGracePeriod: the API's deletion grace period, else the spec's; only ever shorter; at least 1 s. */
function effectiveGracePeriod(w: PodWorker, pod: Pod): number {
  let grace = w.gracePeriod;
  let overridden = false;
  const del = pod.metadata.deletionGracePeriodSeconds;
  if (del !== undefined && (grace === 0 || del < grace)) {
    grace = del;
    overridden = true;
  }
  if (!overridden && grace === 0 && pod.spec.terminationGracePeriodSeconds !== undefined) grace = pod.spec.terminationGracePeriodSeconds;
  return Math.max(grace, 1);
}
