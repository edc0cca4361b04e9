import type { Node, Toleration } from "../../api/types";
import { status, type Status } from "../framework";
import type { NodeInfo } from "../nodeinfo";
import { tolerationsTolerateTaint } from "./tainttoleration";

/**
 * NodeUnschedulable (pkg/scheduler/framework/plugins/nodeunschedulable/node_unschedulable.go): a cordoned
 * node (spec.unschedulable) takes only pods that tolerate `node.kubernetes.io/unschedulable:NoSchedule`.
 */
export const NAME = "NodeUnschedulable";
export const ERR_REASON_UNSCHEDULABLE = "node(s) were unschedulable";
export const TAINT_NODE_UNSCHEDULABLE = "node.kubernetes.io/unschedulable";

const REJECT = status("UnschedulableAndUnresolvable", NAME, ERR_REASON_UNSCHEDULABLE);
const UNSCHEDULABLE_TAINT = { key: TAINT_NODE_UNSCHEDULABLE, effect: "NoSchedule" as const };

/** Computed once per pod (PreFilter-style): does it tolerate the unschedulable taint? */
export function toleratesUnschedulable(tolerations: Toleration[] | undefined): boolean {
  return tolerationsTolerateTaint(tolerations, UNSCHEDULABLE_TAINT);
}

export function filter(toleratesUnsched: boolean, ni: NodeInfo): Status | null {
  if (!ni.unschedulable || toleratesUnsched) return null;
  return REJECT;
}

/** isSchedulableAfterNodeChange (queueing hint): the node went from unschedulable (or absent) to schedulable. */
export function nodeChangeMakesSchedulable(oldNode: Node | null, newNode: Node): boolean {
  const was = oldNode ? !oldNode.spec.unschedulable : false;
  return !was && !newNode.spec.unschedulable;
}
