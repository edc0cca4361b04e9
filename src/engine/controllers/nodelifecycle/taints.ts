import type { Node, Taint } from "../../api/types";

/** kubernetes/api core/v1 well_known_taints.go. */
export const TAINT_NOT_READY = "node.kubernetes.io/not-ready";
export const TAINT_UNREACHABLE = "node.kubernetes.io/unreachable";
export const TAINT_UNSCHEDULABLE = "node.kubernetes.io/unschedulable";
export const TAINT_MEMORY_PRESSURE = "node.kubernetes.io/memory-pressure";
export const TAINT_DISK_PRESSURE = "node.kubernetes.io/disk-pressure";
export const TAINT_NETWORK_UNAVAILABLE = "node.kubernetes.io/network-unavailable";
export const TAINT_PID_PRESSURE = "node.kubernetes.io/pid-pressure";

export const UNREACHABLE_NO_EXECUTE: Taint = { key: TAINT_UNREACHABLE, effect: "NoExecute" };
export const NOT_READY_NO_EXECUTE: Taint = { key: TAINT_NOT_READY, effect: "NoExecute" };

/** nodeConditionToTaintKeyStatusMap. */
const CONDITION_TAINTS: Record<string, Record<string, string>> = {
  Ready: { False: TAINT_NOT_READY, Unknown: TAINT_UNREACHABLE },
  MemoryPressure: { True: TAINT_MEMORY_PRESSURE },
  DiskPressure: { True: TAINT_DISK_PRESSURE },
  NetworkUnavailable: { True: TAINT_NETWORK_UNAVAILABLE },
  PIDPressure: { True: TAINT_PID_PRESSURE },
};
const CONDITION_TAINT_KEYS = new Set(Object.values(CONDITION_TAINTS).flatMap((m) => Object.values(m)));

/** Taint.MatchTaint: same key and effect. */
export function matchTaint(a: Taint, b: Taint): boolean {
  return a.key === b.key && a.effect === b.effect;
}

export function taintExists(taints: Taint[] | undefined, t: Taint): boolean {
  return (taints ?? []).some((x) => matchTaint(x, t));
}

/**
 * doNoScheduleTaintingPass's decision: the NoSchedule taints the node's conditions and
 * spec.unschedulable call for, against the condition taints it has (compared by key and effect).
 */
export function noScheduleTaintDiff(node: Node): { add: Taint[]; remove: Taint[] } {
  const want: Taint[] = [];
  for (const c of node.status?.conditions ?? []) {
    const key = CONDITION_TAINTS[c.type]?.[c.status];
    if (key) want.push({ key, effect: "NoSchedule" });
  }
  if (node.spec.unschedulable) want.push({ key: TAINT_UNSCHEDULABLE, effect: "NoSchedule" });
  const have = (node.spec.taints ?? []).filter((t) => t.effect === "NoSchedule" && (t.key === TAINT_UNSCHEDULABLE || CONDITION_TAINT_KEYS.has(t.key)));
  return {
    add: want.filter((t) => !have.some((h) => matchTaint(h, t))),
    remove: have.filter((h) => !want.some((t) => matchTaint(h, t))),
  };
}

/** taintutils.AddOrUpdateTaint over a list: returns the new list and whether it changed. */
export function addOrUpdateTaints(taints: Taint[] | undefined, toAdd: Taint[]): { taints: Taint[]; changed: boolean } {
  let list = [...(taints ?? [])];
  let changed = false;
  for (const t of toAdd) {
    const i = list.findIndex((x) => matchTaint(x, t));
    if (i >= 0) {
      const cur = list[i];
      if (cur.value === t.value && cur.timeAdded === t.timeAdded) continue;
      list = list.map((x, j) => (j === i ? t : x));
    } else list = [...list, t];
    changed = true;
  }
  return { taints: list, changed };
}

/** taintutils.RemoveTaint over a list. */
export function removeTaints(taints: Taint[] | undefined, toRemove: Taint[]): { taints: Taint[]; changed: boolean } {
  const list = (taints ?? []).filter((x) => !toRemove.some((t) => matchTaint(x, t)));
  return { taints: list, changed: list.length !== (taints ?? []).length };
}

/**
 * The NoExecute taint for a node in the taint queue: not-ready for Ready=False, unreachable for
 * Ready=Unknown (the other one is removed, so only one is on the node at a time); none if Ready.
 */
export function noExecuteTaintFor(readyStatus: string | undefined): { add: Taint; remove: Taint } | undefined {
  if (readyStatus === "False") return { add: NOT_READY_NO_EXECUTE, remove: UNREACHABLE_NO_EXECUTE };
  if (readyStatus === "Unknown") return { add: UNREACHABLE_NO_EXECUTE, remove: NOT_READY_NO_EXECUTE };
  return undefined;
}
