import type { Pod } from "../../api/types";

/**
 * PrioritySort, the queue-sort plugin (pkg/scheduler/framework/plugins/queuesort/priority_sort.go):
 * higher `spec.priority` first; equal priorities in order of the time the pod entered the queue
 * (QueuedPodInfo.Timestamp, reset when a failed pod is put back). `seq` breaks exact ties deterministically.
 */
export const NAME = "PrioritySort";

export interface Sortable {
  priority: number;
  timestamp: number;
  seq: number;
}

/** corev1helpers.PodPriority: spec.priority, 0 when unset. */
export function podPriority(pod: Pod): number {
  return pod.spec.priority ?? 0;
}

export function less(a: Sortable, b: Sortable): boolean {
  if (a.priority !== b.priority) return a.priority > b.priority;
  if (a.timestamp !== b.timestamp) return a.timestamp < b.timestamp;
  return a.seq < b.seq;
}
