import type { Node, Pod } from "../../api/types";
import { timeOf } from "../objects";

/** gc_controller.go gcCheckPeriod. */
export const GC_CHECK_PERIOD = 20_000;
/** quarantineTime: how long a missing node may take to show up before its pods are collected. */
export const QUARANTINE_TIME = 40_000;
/** --terminated-pod-gc-threshold default. */
export const TERMINATED_POD_GC_THRESHOLD = 12_500;
export const TAINT_OUT_OF_SERVICE = "node.kubernetes.io/out-of-service";

/** isPodTerminated: not Pending, Running or Unknown. */
export function isPodTerminated(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase !== "Pending" && phase !== "Running" && phase !== "Unknown";
}

/** byEvictionAndCreationTimestamp: evicted pods first, then the oldest, then by name. */
function byEvictionAndCreation(a: Pod, b: Pod): number {
  const ea = a.status?.phase === "Failed" && a.status.reason === "Evicted";
  const eb = b.status?.phase === "Failed" && b.status.reason === "Evicted";
  if (ea !== eb) return ea ? -1 : 1;
  const ta = timeOf(a.metadata.creationTimestamp);
  const tb = timeOf(b.metadata.creationTimestamp);
  if (ta === tb) return a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0;
  return ta - tb;
}

/** gcTerminated: the terminated pods beyond the threshold, evicted and oldest first. */
export function terminatedPodsToDelete(pods: Pod[], threshold = TERMINATED_POD_GC_THRESHOLD): Pod[] {
  const terminated = pods.filter(isPodTerminated);
  const n = terminated.length - threshold;
  if (n <= 0) return [];
  return terminated.sort(byEvictionAndCreation).slice(0, n);
}

/** gcTerminating: pods being deleted on a node that is not Ready and carries the out-of-service taint. */
export function terminatingOnOutOfServiceNodes(pods: Pod[], nodes: Map<string, Node>): Pod[] {
  const out = pods.filter((p) => {
    if (!p.metadata.deletionTimestamp || !p.spec.nodeName) return false;
    const node = nodes.get(p.spec.nodeName);
    if (!node) return false;
    const ready = node.status?.conditions?.find((c) => c.type === "Ready")?.status === "True";
    return !ready && (node.spec.taints ?? []).some((t) => t.key === TAINT_OUT_OF_SERVICE);
  });
  return out.sort(byEvictionAndCreation);
}

/** gcOrphaned, first half: nodes that pods are bound to but the node informer does not have. */
export function missingNodes(pods: Pod[], existing: Set<string>): string[] {
  const out = new Set<string>();
  for (const p of pods) if (p.spec.nodeName && !existing.has(p.spec.nodeName)) out.add(p.spec.nodeName);
  return [...out].sort();
}

/** gcUnscheduledTerminating: pods being deleted that were never bound (no kubelet will finish them). */
export function unscheduledTerminating(pods: Pod[]): Pod[] {
  return pods.filter((p) => p.metadata.deletionTimestamp && !p.spec.nodeName);
}
