import type { Pod, ReplicaSet } from "../../api/types";
import { isPodReady, isReadyPodAvailable } from "../pods";

export type ReplicaSetStatus = ReplicaSet["status"];

/**
 * calculateStatus (pkg/controller/replicaset/replica_set_utils.go): counts over the replica set's
 * active pods. Fields that are zero are left out as `omitempty` does (replicas always shows).
 */
export function calculateReplicaSetStatus(rs: ReplicaSet, pods: Pod[], now: number): ReplicaSetStatus {
  const templateLabels = Object.entries(rs.spec.template.metadata?.labels ?? {});
  let fullyLabeled = 0;
  let ready = 0;
  let available = 0;
  const minReadySeconds = rs.spec.minReadySeconds ?? 0;
  for (const pod of pods) {
    const labels = pod.metadata.labels ?? {};
    let full = true;
    for (const [k, v] of templateLabels) {
      if (labels[k] !== v) {
        full = false;
        break;
      }
    }
    if (full) fullyLabeled++;
    if (isPodReady(pod)) {
      ready++;
      if (isReadyPodAvailable(pod, minReadySeconds, now)) available++;
    }
  }
  const status: ReplicaSetStatus = { replicas: pods.length };
  if (fullyLabeled) status.fullyLabeledReplicas = fullyLabeled;
  if (ready) status.readyReplicas = ready;
  if (available) status.availableReplicas = available;
  if (rs.status?.observedGeneration) status.observedGeneration = rs.status.observedGeneration;
  return status;
}

/** Whether updateReplicaSetStatus has nothing to write (the steady state). */
export function replicaSetStatusUnchanged(rs: ReplicaSet, s: ReplicaSetStatus): boolean {
  const cur = rs.status ?? { replicas: 0 };
  return (
    (cur.replicas ?? 0) === s.replicas &&
    (cur.fullyLabeledReplicas ?? 0) === (s.fullyLabeledReplicas ?? 0) &&
    (cur.readyReplicas ?? 0) === (s.readyReplicas ?? 0) &&
    (cur.availableReplicas ?? 0) === (s.availableReplicas ?? 0) &&
    (rs.metadata.generation ?? 0) === (cur.observedGeneration ?? 0)
  );
}
