import type { Pod } from "../api/types";
import type { SimTime } from "../time";
import { less, podPriority } from "./plugins/prioritysort";

/**
 * The scheduling queue in miniature (k8s.io/kubernetes pkg/scheduler/backend/queue/scheduling_queue.go,
 * PriorityQueue):
 *
 *  - activeQ: pods ready to be tried, ordered by PrioritySort (priority, then queue timestamp);
 *  - backoffQ: pods waiting out their backoff (1s after the first failed attempt, doubling, at most 10s),
 *    ordered by when it ends; flushBackoffCompleted moves the finished ones to activeQ;
 *  - unschedulablePods: pods that did not fit, parked until a cluster event that may help them
 *    (moveOnEvent, which asks a hint per pod) or until they have waited podMaxInUnschedulablePodsDuration
 *    (5 min; flushUnschedulableLeftover). Pods with scheduling gates wait here too, until the gates go.
 *
 * Pods are keyed by namespace/name, as upstream. Pure data structure: the actor drives the clock.
 */
export interface QueuedPodInfo {
  pod: Pod;
  readonly key: string;
  readonly uid: string;
  readonly priority: number;
  /** When the pod was added, or last failed (QueuedPodInfo.Timestamp). */
  timestamp: SimTime;
  /** Insertion counter: breaks PrioritySort ties deterministically. */
  seq: number;
  /** Scheduling attempts so far (incremented on pop). */
  attempts: number;
  initialAttemptTimestamp: SimTime | null;
  /** The plugins that rejected the pod in its last attempt (QueuedPodInfo.UnschedulablePlugins). */
  unschedulablePlugins: Set<string>;
  /** Blocked by spec.schedulingGates. */
  gated: boolean;
  where: "active" | "backoff" | "unschedulable" | "none";
  heapIndex: number;
  /** Per-pod data the actor's queueing hints cache. */
  hintCache?: unknown;
}

export interface QueueOptions {
  podInitialBackoff?: SimTime;
  podMaxBackoff?: SimTime;
  podMaxInUnschedulablePodsDuration?: SimTime;
}

/** Defaults from KubeSchedulerConfiguration v1 (podInitialBackoffSeconds 1, podMaxBackoffSeconds 10) and scheduling_queue.go. */
export const DEFAULT_POD_INITIAL_BACKOFF = 1000;
export const DEFAULT_POD_MAX_BACKOFF = 10_000;
export const DEFAULT_POD_MAX_IN_UNSCHEDULABLE_PODS_DURATION = 5 * 60_000;
/** How often the queue flushes backoffQ and the unschedulable leftovers (wait.Until periods in PriorityQueue.Run). */
export const BACKOFF_FLUSH_PERIOD = 1000;
export const UNSCHEDULABLE_FLUSH_PERIOD = 30_000;

export class SchedulingQueue {
  private readonly activeQ: Heap;
  private readonly backoffQ: Heap;
  private readonly unschedulable = new Map<string, QueuedPodInfo>();
  private readonly byKey = new Map<string, QueuedPodInfo>();
  private seq = 0;
  readonly initialBackoff: SimTime;
  readonly maxBackoff: SimTime;
  readonly maxInUnschedulable: SimTime;

  constructor(
    private readonly now: () => SimTime,
    opts: QueueOptions = {},
  ) {
    this.initialBackoff = opts.podInitialBackoff ?? DEFAULT_POD_INITIAL_BACKOFF;
    this.maxBackoff = opts.podMaxBackoff ?? DEFAULT_POD_MAX_BACKOFF;
    this.maxInUnschedulable = opts.podMaxInUnschedulablePodsDuration ?? DEFAULT_POD_MAX_IN_UNSCHEDULABLE_PODS_DURATION;
    this.activeQ = new Heap(less);
    this.backoffQ = new Heap((a, b) => {
      const ba = this.backoffTime(a);
      const bb = this.backoffTime(b);
      return ba !== bb ? ba < bb : a.seq < b.seq;
    });
  }

  get activeLength(): number {
    return this.activeQ.size;
  }

  get backoffLength(): number {
    return this.backoffQ.size;
  }

  get unschedulableLength(): number {
    return this.unschedulable.size;
  }

  /** Every pod the queue holds (not the one being scheduled or bound). */
  get length(): number {
    return this.byKey.size;
  }

  get(key: string): QueuedPodInfo | undefined {
    return this.byKey.get(key);
  }

  /** Add: a new pending pod goes to activeQ (or waits in unschedulablePods while gated). */
  add(pod: Pod): QueuedPodInfo {
    const key = podKey(pod);
    const existing = this.byKey.get(key);
    if (existing) {
      if (existing.uid === pod.metadata.uid) {
        this.update(existing.pod, pod);
        return existing;
      }
      this.delete(existing.pod);
    }
    const qpi: QueuedPodInfo = {
      pod,
      key,
      uid: pod.metadata.uid,
      priority: podPriority(pod),
      timestamp: this.now(),
      seq: this.seq++,
      attempts: 0,
      initialAttemptTimestamp: null,
      unschedulablePlugins: new Set(),
      gated: isGated(pod),
      where: "none",
      heapIndex: -1,
    };
    this.byKey.set(key, qpi);
    if (qpi.gated) this.toUnschedulable(qpi);
    else this.toActive(qpi);
    return qpi;
  }

  /**
   * Update of a pending pod. The new object replaces the old; a change to what scheduling looks at
   * (labels or spec) sends an unschedulable pod back to backoffQ/activeQ; removed gates release it.
   * Returns false if the pod is not queued.
   */
  update(oldPod: Pod, newPod: Pod): boolean {
    const qpi = this.byKey.get(podKey(newPod));
    if (!qpi || qpi.uid !== newPod.metadata.uid) return false;
    qpi.pod = newPod;
    if (qpi.where !== "unschedulable") return true;
    if (qpi.gated) {
      if (!isGated(newPod)) {
        qpi.gated = false;
        this.unschedulable.delete(qpi.key);
        this.toActive(qpi);
      }
      return true;
    }
    if (schedulingPropertiesChanged(oldPod, newPod)) this.moveToActiveOrBackoff(qpi);
    return true;
  }

  delete(pod: Pod): void {
    const key = podKey(pod);
    const qpi = this.byKey.get(key);
    if (!qpi || qpi.uid !== pod.metadata.uid) return;
    this.remove(qpi);
  }

  /** Pop: the next pod from activeQ (attempts counted); it is out of the queue until requeued. */
  pop(): QueuedPodInfo | undefined {
    const qpi = this.activeQ.pop();
    if (!qpi) return undefined;
    qpi.where = "none";
    this.byKey.delete(qpi.key);
    qpi.attempts++;
    if (qpi.initialAttemptTimestamp === null) qpi.initialAttemptTimestamp = this.now();
    return qpi;
  }

  /**
   * AddUnschedulableIfNotPresent after a failed attempt. A pod rejected by plugins waits in
   * unschedulablePods; a pod that failed for another reason (an error, a failed bind: no rejecting
   * plugins) goes straight to backoffQ to be retried.
   */
  requeueFailed(qpi: QueuedPodInfo, pod: Pod, unschedulablePlugins: Set<string>): void {
    const existing = this.byKey.get(qpi.key);
    if (existing) return;
    qpi.pod = pod;
    qpi.unschedulablePlugins = unschedulablePlugins;
    qpi.timestamp = this.now();
    qpi.gated = isGated(pod);
    this.byKey.set(qpi.key, qpi);
    if (unschedulablePlugins.size === 0 && !qpi.gated) this.toBackoff(qpi);
    else this.toUnschedulable(qpi);
  }

  /** getBackoffTime: timestamp + 1s·2^(attempts−1), at most 10s (0 before any attempt). */
  backoffTime(qpi: QueuedPodInfo): SimTime {
    return qpi.timestamp + this.backoffDuration(qpi.attempts);
  }

  backoffDuration(attempts: number): SimTime {
    if (attempts === 0) return 0;
    let d = this.initialBackoff;
    for (let i = 1; i < attempts; i++) {
      if (d > this.maxBackoff - d) return this.maxBackoff;
      d += d;
    }
    return d;
  }

  isBackingOff(qpi: QueuedPodInfo): boolean {
    if (qpi.gated) return false;
    return this.backoffTime(qpi) > this.now();
  }

  /** flushBackoffQCompleted: pods whose backoff is over move to activeQ. Returns how many moved. */
  flushBackoffCompleted(): number {
    let n = 0;
    const now = this.now();
    for (;;) {
      const top = this.backoffQ.peek();
      if (!top || this.backoffTime(top) > now) break;
      this.backoffQ.pop();
      this.toActive(top);
      n++;
    }
    return n;
  }

  /** flushUnschedulablePodsLeftover: pods parked longer than 5 min go back (UnschedulableTimeout). */
  flushUnschedulableLeftover(): number {
    const now = this.now();
    const stale: QueuedPodInfo[] = [];
    for (const qpi of this.unschedulable.values()) if (!qpi.gated && now - qpi.timestamp > this.maxInUnschedulable) stale.push(qpi);
    for (const qpi of stale) this.moveToActiveOrBackoff(qpi);
    return stale.length;
  }

  /**
   * MoveAllToActiveOrBackoffQueue for a cluster event: each unschedulable (not gated) pod for which
   * `worthRequeuing` says yes goes to backoffQ if still backing off, else activeQ. Returns how many moved.
   */
  moveOnEvent(worthRequeuing: (qpi: QueuedPodInfo) => boolean): number {
    if (this.unschedulable.size === 0) return 0;
    const moving: QueuedPodInfo[] = [];
    for (const qpi of this.unschedulable.values()) if (!qpi.gated && worthRequeuing(qpi)) moving.push(qpi);
    for (const qpi of moving) this.moveToActiveOrBackoff(qpi);
    return moving.length;
  }

  /** The earliest end of a backoff, if any pod is backing off. */
  nextBackoffExpiry(): SimTime | undefined {
    const top = this.backoffQ.peek();
    return top ? this.backoffTime(top) : undefined;
  }

  /** The earliest time an unschedulable pod reaches the 5-min limit. */
  nextUnschedulableTimeout(): SimTime | undefined {
    let min: SimTime | undefined;
    for (const qpi of this.unschedulable.values()) {
      if (qpi.gated) continue;
      const t = qpi.timestamp + this.maxInUnschedulable;
      if (min === undefined || t < min) min = t;
    }
    return min;
  }

  /** Unschedulable pods (for display), in the order they were parked. */
  unschedulablePods(): QueuedPodInfo[] {
    return [...this.unschedulable.values()];
  }

  clear(): void {
    this.activeQ.clear();
    this.backoffQ.clear();
    this.unschedulable.clear();
    this.byKey.clear();
  }

  private moveToActiveOrBackoff(qpi: QueuedPodInfo): void {
    this.unschedulable.delete(qpi.key);
    if (this.isBackingOff(qpi)) this.toBackoff(qpi);
    else this.toActive(qpi);
  }

  private toActive(qpi: QueuedPodInfo): void {
    qpi.where = "active";
    this.activeQ.push(qpi);
  }

  private toBackoff(qpi: QueuedPodInfo): void {
    qpi.where = "backoff";
    this.backoffQ.push(qpi);
  }

  private toUnschedulable(qpi: QueuedPodInfo): void {
    qpi.where = "unschedulable";
    this.unschedulable.set(qpi.key, qpi);
  }

  private remove(qpi: QueuedPodInfo): void {
    if (qpi.where === "active") this.activeQ.remove(qpi);
    else if (qpi.where === "backoff") this.backoffQ.remove(qpi);
    else if (qpi.where === "unschedulable") this.unschedulable.delete(qpi.key);
    qpi.where = "none";
    this.byKey.delete(qpi.key);
  }
}

export function podKey(pod: Pod): string {
  return `${pod.metadata.namespace ?? "default"}/${pod.metadata.name}`;
}

function isGated(pod: Pod): boolean {
  return (pod.spec.schedulingGates?.length ?? 0) > 0;
}

/**
 * Whether an update of a pending pod changes what scheduling looks at (isPodUpdated / the pod update
 * events of the queueing hints): labels or spec. Status-only updates (the scheduler's own
 * PodScheduled=False patch) do not requeue.
 */
export function schedulingPropertiesChanged(oldPod: Pod, newPod: Pod): boolean {
  if (oldPod.spec !== newPod.spec && JSON.stringify(oldPod.spec) !== JSON.stringify(newPod.spec)) return true;
  const a = oldPod.metadata.labels;
  const b = newPod.metadata.labels;
  if (a === b) return false;
  return JSON.stringify(a ?? {}) !== JSON.stringify(b ?? {});
}

/** A binary heap with removal by position (each entry remembers its index). */
class Heap {
  private items: QueuedPodInfo[] = [];

  constructor(private readonly lessFn: (a: QueuedPodInfo, b: QueuedPodInfo) => boolean) {}

  get size(): number {
    return this.items.length;
  }

  peek(): QueuedPodInfo | undefined {
    return this.items[0];
  }

  push(x: QueuedPodInfo): void {
    x.heapIndex = this.items.length;
    this.items.push(x);
    this.up(x.heapIndex);
  }

  pop(): QueuedPodInfo | undefined {
    const items = this.items;
    if (items.length === 0) return undefined;
    const top = items[0];
    this.removeAt(0);
    return top;
  }

  remove(x: QueuedPodInfo): void {
    const i = x.heapIndex;
    if (i < 0 || i >= this.items.length || this.items[i] !== x) return;
    this.removeAt(i);
  }

  clear(): void {
    this.items = [];
  }

  private removeAt(i: number): void {
    const items = this.items;
    const x = items[i];
    const last = items.pop()!;
    x.heapIndex = -1;
    if (i === items.length) return;
    items[i] = last;
    last.heapIndex = i;
    this.down(i);
    this.up(last.heapIndex);
  }

  private up(i: number): void {
    const items = this.items;
    const x = items[i];
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.lessFn(x, items[p])) break;
      items[i] = items[p];
      items[i].heapIndex = i;
      i = p;
    }
    items[i] = x;
    x.heapIndex = i;
  }

  private down(i: number): void {
    const items = this.items;
    const n = items.length;
    const x = items[i];
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && this.lessFn(items[r], items[l]) ? r : l;
      if (!this.lessFn(items[c], x)) break;
      items[i] = items[c];
      items[i].heapIndex = i;
      i = c;
    }
    items[i] = x;
    x.heapIndex = i;
  }
}
