import type { Pod, ReplicaSet } from "../../api/types";
import { getPodsToDelete } from "./ranking";

/** replica_set.go BurstReplicas: at most this many creations or deletions in one sync. */
export const BURST_REPLICAS = 500;
/** controller.SlowStartInitialBatchSize. */
export const SLOW_START_INITIAL_BATCH = 1;

export type ReplicaSetDiff = { create: number } | { delete: Pod[] } | { none: true };

/**
 * The decision of manageReplicas: create the missing pods (at most burstReplicas at a time) or delete
 * the surplus, chosen by getPodsToDelete. `activePods` are the replica set's own active pods (no
 * deletionTimestamp, not terminal): a Terminating pod no longer counts and is replaced at once.
 */
export function replicaSetDiff(rs: ReplicaSet, activePods: Pod[], relatedPods: Pod[] | (() => Pod[]), now: number): ReplicaSetDiff {
  const diff = activePods.length - (rs.spec.replicas ?? 0);
  if (diff < 0) return { create: Math.min(-diff, BURST_REPLICAS) };
  if (diff > 0) return { delete: getPodsToDelete(activePods, typeof relatedPods === "function" ? relatedPods() : relatedPods, Math.min(diff, BURST_REPLICAS), now) };
  return { none: true };
}

/** slowStartBatch's batch sizes: 1, 2, 4, ... until `count` calls are made. */
export function slowStartBatches(count: number, initial = SLOW_START_INITIAL_BATCH): number[] {
  const out: number[] = [];
  let remaining = count;
  let size = Math.min(remaining, initial);
  while (size > 0) {
    out.push(size);
    remaining -= size;
    size = Math.min(2 * size, remaining);
  }
  return out;
}
