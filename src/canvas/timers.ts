/**
 * The timers that matter, from the objects themselves (pure):
 * - a node's time since its last heartbeat (the newer of its Lease's spec.renewTime and its Ready
 *   condition's lastHeartbeatTime, as the node lifecycle controller's probe timestamp) against the node monitor
 *   grace period (50 s in v1.32), after which the node lifecycle controller marks it Unknown/NotReady;
 * - a pod's toleration countdown on a node with NoExecute taints: the taint's timeAdded plus the
 *   smallest matching tolerationSeconds (the taint eviction controller then deletes the pod).
 */
import type { Lease, Node, Pod, Taint } from "../engine/api/types";
import { getMatchingTolerations, getMinTolerationTime } from "../engine/controllers/tainteviction/tolerations";
import { NODE_MONITOR_GRACE_PERIOD } from "../engine/controllers/nodelifecycle/health";
import { parseTimestamp, type SimTime } from "../engine/time";

/** node-monitor-grace-period, kube-controller-manager v1.32: the engine's own value. */
export const NODE_MONITOR_GRACE_MS = NODE_MONITOR_GRACE_PERIOD;

export interface Heartbeat {
  /** Sim time of the last renewal. */
  renewedAt: SimTime;
  ageMs: number;
  graceMs: number;
  /** age / grace, not clamped (above 1: past the grace). */
  fraction: number;
  overdue: boolean;
}

export function heartbeat(lease: Lease | undefined, now: SimTime, graceMs = NODE_MONITOR_GRACE_MS, node?: Node): Heartbeat | null {
  // A kubelet's first Lease is only created once its Node exists (the lease needs the Node's uid for its
  // owner reference), up to 10 s after registration; until then the Node status is the heartbeat.
  const times = [lease?.spec?.renewTime, node?.status?.conditions?.find((c) => c.type === "Ready")?.lastHeartbeatTime]
    .filter((t): t is string => !!t)
    .map(parseTimestamp)
    .filter((t) => !Number.isNaN(t));
  if (!times.length) return null;
  const renewedAt = Math.max(...times);
  const ageMs = Math.max(0, now - renewedAt);
  return { renewedAt, ageMs, graceMs, fraction: ageMs / graceMs, overdue: ageMs > graceMs };
}

/** "last heartbeat 23 s ago / grace 50 s". */
export function heartbeatText(h: Heartbeat): string {
  return `last heartbeat ${formatSeconds(h.ageMs)} ago / grace ${formatSeconds(h.graceMs)}`;
}

/** Whole seconds, then minutes: "0 s", "23 s", "1m05s", "12m". */
export function formatSeconds(ms: number): string {
  const s = Math.floor(Math.max(0, ms) / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m >= 10 && s % 60 === 0) return `${m}m`;
  return `${m}m${String(s % 60).padStart(2, "0")}s`;
}

/** kubectl-style countdown: "4m12s", "45s", "0s", "1h02m". Rounds up so 0s means now. */
export function formatCountdown(ms: number): string {
  const s = Math.ceil(Math.max(0, ms) / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(s % 60).padStart(2, "0")}s`;
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, "0")}m`;
}

export interface Eviction {
  /** When the taint eviction controller deletes the pod, unless the taints go away. */
  at: SimTime;
  remainingMs: number;
  /** The NoExecute taint that started the clock. */
  taint: Taint;
  tolerationSeconds: number;
}

/**
 * The toleration countdown of a pod on a node with NoExecute taints, or null when there is none
 * (no such taints, not this pod's node, tolerated forever, or not tolerated at all, which means
 * eviction right away rather than a countdown).
 */
export function tolerationCountdown(pod: Pod, node: Node | undefined, now: SimTime): Eviction | null {
  if (!node || pod.spec.nodeName !== node.metadata.name || pod.metadata.deletionTimestamp) return null;
  const taints = (node.spec.taints ?? []).filter((t) => t.effect === "NoExecute");
  if (!taints.length) return null;
  const { allTolerated, used } = getMatchingTolerations(taints, pod.spec.tolerations);
  if (!allTolerated) return null;
  const min = getMinTolerationTime(used);
  if (min < 0) return null;
  // The clock starts when the (earliest) taint was added.
  let first: Taint | undefined;
  let firstAt = Infinity;
  for (const t of taints) {
    const added = t.timeAdded ? parseTimestamp(t.timeAdded) : NaN;
    if (!Number.isNaN(added) && added < firstAt) {
      firstAt = added;
      first = t;
    }
  }
  if (!first) return null;
  const at = firstAt + min;
  return { at, remainingMs: at - now, taint: first, tolerationSeconds: min / 1000 };
}

/** "evicted in 4m12s" (or "eviction due" once the time has passed). */
export function evictionText(e: Eviction): string {
  return e.remainingMs > 0 ? `evicted in ${formatCountdown(e.remainingMs)}` : "eviction due";
}
