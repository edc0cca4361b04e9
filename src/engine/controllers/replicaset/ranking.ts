import type { Pod } from "../../api/types";
import { isPodActive, isPodReady, podCondition } from "../pods";
import { timeOf } from "../objects";

/**
 * Which pods a ReplicaSet deletes first when it scales down: controller.ActivePodsWithRanks
 * (pkg/controller/controller_utils.go) with the v1.32 defaults (PodDeletionCost and
 * LogarithmicScaleDown on). Earlier in the order is deleted first:
 *  1. unassigned < assigned;  2. Pending < Unknown < Running;  3. not ready < ready;
 *  4. lower controller.kubernetes.io/pod-deletion-cost;  5. more pods of the same owner on its node;
 *  6. ready for less time (in log2 buckets);  7. more container restarts;  8. newer (in log2 buckets);
 *  then by UID.
 */

const PHASE_ORDINAL: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };
export const POD_DELETION_COST_ANNOTATION = "controller.kubernetes.io/pod-deletion-cost";

function deletionCost(pod: Pod): number {
  const v = pod.metadata.annotations?.[POD_DELETION_COST_ANNOTATION];
  if (v === undefined || !/^-?\d+$/.test(v)) return 0;
  return Number(v);
}

function readyTime(pod: Pod): number {
  if (!isPodReady(pod)) return NaN;
  return timeOf(podCondition(pod, "Ready")?.lastTransitionTime);
}

function maxRestarts(pod: Pod): number {
  let max = 0;
  for (const c of pod.status?.containerStatuses ?? []) if (c.restartCount > max) max = c.restartCount;
  return max;
}

/** afterOrZero: an unset time sorts first, otherwise the later one does. */
function afterOrZero(t1: number, t2: number): boolean {
  if (Number.isNaN(t1) || Number.isNaN(t2)) return Number.isNaN(t1);
  return t1 > t2;
}

/** logarithmicRankDiff over nanosecond durations, as upstream. */
function logRankDiff(t1: number, t2: number, now: number): number {
  const d1 = (now - t1) * 1e6;
  const d2 = (now - t2) * 1e6;
  const r1 = d1 > 0 ? Math.floor(Math.log2(d1)) : -1;
  const r2 = d2 > 0 ? Math.floor(Math.log2(d2)) : -1;
  return r1 - r2;
}

/** ActivePodsWithRanks.Less: whether pod i should be deleted before pod j. */
export function podDeletesBefore(pi: Pod, pj: Pod, rankI: number, rankJ: number, now: number): boolean {
  const ni = pi.spec.nodeName ?? "";
  const nj = pj.spec.nodeName ?? "";
  if (ni !== nj && (ni === "" || nj === "")) return ni === "";
  const oi = PHASE_ORDINAL[pi.status?.phase ?? ""] ?? 0;
  const oj = PHASE_ORDINAL[pj.status?.phase ?? ""] ?? 0;
  if (oi !== oj) return oi < oj;
  const ri = isPodReady(pi);
  const rj = isPodReady(pj);
  if (ri !== rj) return !ri;
  const ci = deletionCost(pi);
  const cj = deletionCost(pj);
  if (ci !== cj) return ci < cj;
  if (rankI !== rankJ) return rankI > rankJ;
  if (ri && rj) {
    const t1 = readyTime(pi);
    const t2 = readyTime(pj);
    if (!(t1 === t2 || (Number.isNaN(t1) && Number.isNaN(t2)))) {
      if (Number.isNaN(t1) || Number.isNaN(t2)) return afterOrZero(t1, t2);
      const diff = logRankDiff(t1, t2, now);
      if (diff === 0) return pi.metadata.uid < pj.metadata.uid;
      return diff < 0;
    }
  }
  const xi = maxRestarts(pi);
  const xj = maxRestarts(pj);
  if (xi !== xj) return xi > xj;
  const c1 = timeOf(pi.metadata.creationTimestamp);
  const c2 = timeOf(pj.metadata.creationTimestamp);
  if (c1 !== c2 && !(Number.isNaN(c1) && Number.isNaN(c2))) {
    if (Number.isNaN(c1) || Number.isNaN(c2)) return afterOrZero(c1, c2);
    const diff = logRankDiff(c1, c2, now);
    if (diff === 0) return pi.metadata.uid < pj.metadata.uid;
    return diff < 0;
  }
  return false;
}

/**
 * getPodsToDelete (pkg/controller/replicaset/replica_set.go): the first `diff` pods in deletion order,
 * ranked by how many active related pods (of the same owning Deployment) share their node. When every
 * pod goes, no sorting is needed.
 */
export function getPodsToDelete(filteredPods: Pod[], relatedPods: Pod[], diff: number, now: number): Pod[] {
  if (diff >= filteredPods.length) return filteredPods.slice(0, diff);
  const onNode = new Map<string, number>();
  for (const p of relatedPods) if (isPodActive(p)) onNode.set(p.spec.nodeName ?? "", (onNode.get(p.spec.nodeName ?? "") ?? 0) + 1);
  const ranked = filteredPods.map((pod) => ({ pod, rank: onNode.get(pod.spec.nodeName ?? "") ?? 0 }));
  ranked.sort((a, b) => (podDeletesBefore(a.pod, b.pod, a.rank, b.rank, now) ? -1 : podDeletesBefore(b.pod, a.pod, b.rank, a.rank, now) ? 1 : 0));
  return ranked.slice(0, diff).map((r) => r.pod);
}
