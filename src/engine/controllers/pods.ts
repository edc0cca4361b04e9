import type { Pod, PodCondition } from "../api/types";
import { timeOf } from "./objects";

/**
 * Pod helpers the controllers share (k8s.io/kubernetes pkg/api/v1/pod/util.go and
 * pkg/controller/controller_utils.go).
 */

export function podCondition(pod: Pod, type: PodCondition["type"]): PodCondition | undefined {
  const conditions = pod.status?.conditions;
  if (!conditions) return undefined;
  for (const c of conditions) if (c.type === type) return c;
  return undefined;
}

/** podutil.IsPodReady: the Ready condition is True. */
export function isPodReady(pod: Pod): boolean {
  return podCondition(pod, "Ready")?.status === "True";
}

/** podutil.IsPodAvailable: ready for at least minReadySeconds. */
export function isPodAvailable(pod: Pod, minReadySeconds: number, now: number): boolean {
  return isPodReady(pod) && isReadyPodAvailable(pod, minReadySeconds, now);
}

/** isPodAvailable for a pod already known to be ready. */
export function isReadyPodAvailable(pod: Pod, minReadySeconds: number, now: number): boolean {
  if (!minReadySeconds) return true;
  const c = podCondition(pod, "Ready")!;
  const since = timeOf(c.lastTransitionTime);
  return !Number.isNaN(since) && since + minReadySeconds * 1000 < now;
}

/** controller.IsPodActive: not Succeeded, not Failed, and not being deleted. */
export function isPodActive(pod: Pod): boolean {
  return pod.status?.phase !== "Succeeded" && pod.status?.phase !== "Failed" && !pod.metadata.deletionTimestamp;
}

/** podutil.IsPodTerminal. */
export function isPodTerminal(pod: Pod): boolean {
  return pod.status?.phase === "Succeeded" || pod.status?.phase === "Failed";
}

/**
 * podutil.UpdatePodCondition: puts `cond` into the status (lastTransitionTime = now unless the status
 * stays the same) and tells whether anything changed. Returns a new conditions array.
 */
export function updatePodCondition(conditions: PodCondition[] | undefined, cond: Omit<PodCondition, "lastTransitionTime" | "lastProbeTime"> & Partial<Pick<PodCondition, "lastProbeTime">>, nowTs: string): { conditions: PodCondition[]; changed: boolean } {
  const list = conditions ? [...conditions] : [];
  const next: PodCondition = { ...cond, lastProbeTime: cond.lastProbeTime ?? null, lastTransitionTime: nowTs } as PodCondition;
  const i = list.findIndex((c) => c.type === cond.type);
  if (i < 0) return { conditions: [...list, next], changed: true };
  const old = list[i];
  if (next.status === old.status) next.lastTransitionTime = old.lastTransitionTime;
  const equal =
    next.status === old.status &&
    (next.reason ?? "") === (old.reason ?? "") &&
    (next.message ?? "") === (old.message ?? "") &&
    (next.lastProbeTime ?? null) === (old.lastProbeTime ?? null) &&
    next.lastTransitionTime === old.lastTransitionTime;
  list[i] = next;
  return { conditions: list, changed: !equal };
}
