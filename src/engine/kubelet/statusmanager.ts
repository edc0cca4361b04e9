import type { ContainerStatus, Pod, PodStatus } from "../api/types";
import type { ApiResponse } from "../api/wire";
import { rfc3339, type SimTime } from "../time";
import { createMergePatch, isEmptyPatch, jsonEqual } from "./mergepatch";
import {
  containersReadyCondition,
  isTerminalPhase,
  mergePodStatus,
  orderStatus,
  podReadyCondition,
  podStatusByKubeletEqual,
  updateTransitionTimes,
} from "./podstatus";
import { spawn, wait, type Effect, type Task } from "./task";

/** pkg/kubelet/status/status_manager.go syncPeriod: the batch that retries and reconciles. */
export const STATUS_SYNC_PERIOD: SimTime = 10_000;

export interface StatusHost {
  readonly now: SimTime;
  after(delay: SimTime, fn: () => void): void;
  getPod(namespace: string, name: string): Effect<ApiResponse>;
  patchPodStatus(namespace: string, name: string, patch: unknown): Effect<ApiResponse>;
  deletePod(namespace: string, name: string, uid: string): Effect<ApiResponse>;
  /** The pod as the kubelet's pod informer has it (the pod manager). */
  informerPod(uid: string): Pod | undefined;
  /** podWorkers.CouldHaveRunningContainers. */
  couldHaveRunningContainers(uid: string): boolean;
  log(text: string): void;
}

interface Versioned {
  status: PodStatus;
  version: number;
  podName: string;
  podNamespace: string;
  podIsFinished: boolean;
}

/**
 * The kubelet's status manager: it caches the status the kubelet wants each pod to have and writes it
 * to the API (GET the pod, PATCH the difference onto its status), and it finishes a graceful deletion
 * with a grace-0 DELETE (UID precondition) once the pod's containers are stopped.
 */
export class StatusManager {
  private readonly statuses = new Map<string, Versioned>();
  private readonly apiVersions = new Map<string, number>();
  private readonly inFlight = new Set<string>();
  private readonly again = new Set<string>();
  private running = false;
  private batchScheduled = false;

  constructor(private readonly host: StatusHost) {}

  start(): void {
    this.running = true;
    this.statuses.clear();
    this.apiVersions.clear();
    this.inFlight.clear();
    this.again.clear();
    this.batchScheduled = false;
  }

  stop(): void {
    this.running = false;
  }

  get size(): number {
    return this.statuses.size;
  }

  getPodStatus(uid: string): PodStatus | undefined {
    return this.statuses.get(uid)?.status;
  }

  setPodStatus(pod: Pod, status: PodStatus): void {
    this.updateStatusInternal(pod, status, false, false);
  }

  /**
   * TerminatePod: the pod is done. Any container still without a terminal state is reported as
   * terminated with an unknown status, a non-terminal phase becomes Failed, and the status is final.
   */
  terminatePod(pod: Pod): void {
    const cached = this.statuses.get(pod.metadata.uid);
    const status: PodStatus = structuredClone(cached?.status ?? pod.status);
    for (const cs of status.containerStatuses ?? []) {
      if (cs.state.terminated) continue;
      cs.state = {
        terminated: {
          exitCode: 137,
          reason: "ContainerStatusUnknown",
          message: "The container could not be located when the pod was terminated",
        } as never,
      };
    }
    if (!isTerminalPhase(status.phase)) status.phase = "Failed";
    this.updateStatusInternal(pod, status, true, true);
  }

  /** SetContainerReadiness: a readiness probe result changed. */
  setContainerReadiness(pod: Pod, containerID: string, ready: boolean): void {
    const cached = this.statuses.get(pod.metadata.uid);
    if (!cached) return;
    const cs = cached.status.containerStatuses?.find((c) => c.containerID === containerID);
    if (!cs || cs.ready === ready) return;
    const status: PodStatus = structuredClone(cached.status);
    const mine = status.containerStatuses!.find((c) => c.containerID === containerID) as ContainerStatus;
    mine.ready = ready;
    const all = status.containerStatuses ?? [];
    const replace = (c: ReturnType<typeof podReadyCondition>) => {
      const i = status.conditions!.findIndex((x) => x.type === c.type);
      if (i >= 0) status.conditions![i] = c;
      else status.conditions!.push(c);
    };
    replace(podReadyCondition(pod, all, status.phase));
    replace(containersReadyCondition(pod, all, status.phase));
    this.updateStatusInternal(pod, status, false, false);
  }

  /** Forgets pods the kubelet no longer knows (RemoveOrphanedStatuses). */
  removeOrphaned(known: (uid: string) => boolean): void {
    for (const uid of [...this.statuses.keys()]) if (!known(uid)) this.deleteStatus(uid);
  }

  private deleteStatus(uid: string): void {
    this.statuses.delete(uid);
    this.apiVersions.delete(uid);
  }

  private updateStatusInternal(pod: Pod, status: PodStatus, force: boolean, podIsFinished: boolean): void {
    const uid = pod.metadata.uid;
    const cached = this.statuses.get(uid);
    const old = cached?.status ?? pod.status;
    const now = rfc3339(this.host.now);
    updateTransitionTimes(status, old, now);
    status.startTime = old.startTime ?? status.startTime ?? now;
    const next = orderStatus(status);
    if (cached && !force && podStatusByKubeletEqual(cached.status, next, jsonEqual)) return;
    this.statuses.set(uid, {
      status: next,
      version: (cached?.version ?? 0) + 1,
      podName: pod.metadata.name,
      podNamespace: pod.metadata.namespace ?? "default",
      podIsFinished: podIsFinished || !!cached?.podIsFinished,
    });
    this.syncPod(uid);
    this.scheduleBatch();
  }

  private needsUpdate(uid: string, v: Versioned): boolean {
    const latest = this.apiVersions.get(uid);
    if (latest === undefined || latest < v.version) return true;
    const pod = this.host.informerPod(uid);
    return !!pod && this.canBeDeleted(pod, v);
  }

  private needsReconcile(uid: string, v: Versioned): boolean {
    const pod = this.host.informerPod(uid);
    if (!pod) return false;
    return !podStatusByKubeletEqual(pod.status, v.status, jsonEqual);
  }

  private canBeDeleted(pod: Pod, v: Versioned): boolean {
    return !!pod.metadata.deletionTimestamp && isTerminalPhase(v.status.phase) && v.podIsFinished;
  }

  /** syncBatch every 10 s: retries what did not reach the API and reconciles what drifted there. */
  private scheduleBatch(): void {
    if (this.batchScheduled || !this.running) return;
    this.batchScheduled = true;
    this.host.after(STATUS_SYNC_PERIOD, () => {
      this.batchScheduled = false;
      if (!this.running) return;
      for (const [uid, v] of this.statuses) {
        if (this.needsUpdate(uid, v)) this.syncPod(uid);
        else if (this.needsReconcile(uid, v)) {
          this.apiVersions.delete(uid);
          this.syncPod(uid);
        }
      }
      if (this.statuses.size) this.scheduleBatch();
    });
  }

  private syncPod(uid: string): void {
    if (!this.running) return;
    if (this.inFlight.has(uid)) {
      this.again.add(uid);
      return;
    }
    const v = this.statuses.get(uid);
    if (!v || !this.needsUpdate(uid, v)) return;
    this.inFlight.add(uid);
    spawn(this.sync(uid, v), () => {
      this.inFlight.delete(uid);
      if (this.again.delete(uid)) this.syncPod(uid);
    });
  }

  private *sync(uid: string, v: Versioned): Task {
    const got = yield* wait(this.host.getPod(v.podNamespace, v.podName));
    if (got.code === 404) {
      this.host.log(`Pod ${v.podNamespace}/${v.podName} does not exist on the server`);
      if (!this.host.informerPod(uid)) this.deleteStatus(uid);
      return;
    }
    if (got.code !== 200 || !got.object) return;
    let pod = got.object as Pod;
    if (pod.metadata.uid !== uid) {
      this.host.log(`Pod ${v.podNamespace}/${v.podName} was deleted and then recreated, skipping status update`);
      this.deleteStatus(uid);
      return;
    }
    // Take the newest version: the status may have changed while the GET was on its way.
    const cur = this.statuses.get(uid) ?? v;
    const merged = mergePodStatus(pod.status, cur.status, this.host.couldHaveRunningContainers(uid), rfc3339(this.host.now));
    const patch = createMergePatch(pod.status, merged);
    if (!isEmptyPatch(patch)) {
      const res = yield* wait(this.host.patchPodStatus(v.podNamespace, v.podName, { status: patch }));
      if (res.code !== 200 || !res.object) {
        this.host.log(`Failed to update status for pod ${v.podNamespace}/${v.podName}: ${res.error?.message ?? res.transportError ?? res.code}`);
        return;
      }
      pod = res.object as Pod;
    }
    this.apiVersions.set(uid, cur.version);
    if (this.canBeDeleted(pod, cur)) {
      const del = yield* wait(this.host.deletePod(v.podNamespace, v.podName, uid));
      if (del.code === 200 || del.code === 404) {
        this.host.log(`Pod ${v.podNamespace}/${v.podName} fully terminated and removed from etcd`);
        this.deleteStatus(uid);
      }
    }
  }
}
