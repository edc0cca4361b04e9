import { toleratesTaint } from "../../api/tolerations";
import type { Node, Taint, Toleration } from "../../api/types";
import { defaultNormalizeScore, MAX_NODE_SCORE, status, type Status } from "../framework";
import type { NodeInfo } from "../nodeinfo";

/**
 * TaintToleration (pkg/scheduler/framework/plugins/tainttoleration/taint_toleration.go).
 * Filter: the first NoSchedule/NoExecute taint the pod does not tolerate rejects the node
 * (UnschedulableAndUnresolvable, "node(s) had untolerated taint {key: value}").
 * Score: the number of PreferNoSchedule taints not tolerated by the pod's PreferNoSchedule-or-empty-effect
 * tolerations, then DefaultNormalizeScore reversed (fewer intolerable taints, higher score). Weight 3.
 */
export const NAME = "TaintToleration";

/** v1helper.TolerationsTolerateTaint. */
export function tolerationsTolerateTaint(tolerations: Toleration[] | undefined, taint: Pick<Taint, "key" | "value" | "effect">): boolean {
  if (!tolerations) return false;
  for (let i = 0; i < tolerations.length; i++) if (toleratesTaint(tolerations[i], taint)) return true;
  return false;
}

/**
 * v1helper.FindMatchingUntoleratedTaint over taints already filtered to NoSchedule/NoExecute
 * (helper.DoNotScheduleTaintsFilterFunc): the first one no toleration tolerates.
 */
export function findUntoleratedTaint(filterTaints: Taint[], tolerations: Toleration[] | undefined): Taint | undefined {
  for (let i = 0; i < filterTaints.length; i++) if (!tolerationsTolerateTaint(tolerations, filterTaints[i])) return filterTaints[i];
  return undefined;
}

export function doNotScheduleTaints(node: Node): Taint[] {
  return (node.spec.taints ?? []).filter((t) => t.effect === "NoSchedule" || t.effect === "NoExecute");
}

// Status per taint object, built once: taints are immutable and shared by the node's NodeInfo.
const statusByTaint = new WeakMap<Taint, Status>();

export function untoleratedTaintStatus(t: Taint): Status {
  let s = statusByTaint.get(t);
  if (!s) {
    s = status("UnschedulableAndUnresolvable", NAME, `node(s) had untolerated taint {${t.key}: ${t.value ?? ""}}`);
    statusByTaint.set(t, s);
  }
  return s;
}

export function filter(tolerations: Toleration[] | undefined, ni: NodeInfo): Status | null {
  if (ni.filterTaints.length === 0) return null;
  const t = findUntoleratedTaint(ni.filterTaints, tolerations);
  return t ? untoleratedTaintStatus(t) : null;
}

/** PreScore: getAllTolerationPreferNoSchedule — tolerations with effect PreferNoSchedule or empty. */
export function preferNoScheduleTolerations(tolerations: Toleration[] | undefined): Toleration[] {
  return (tolerations ?? []).filter((t) => !t.effect || t.effect === "PreferNoSchedule");
}

/** Score: countIntolerableTaintsPreferNoSchedule. */
export function score(preferTolerations: Toleration[], ni: NodeInfo): number {
  const taints = ni.preferTaints;
  let n = 0;
  for (let i = 0; i < taints.length; i++) if (!tolerationsTolerateTaint(preferTolerations, taints[i])) n++;
  return n;
}

export function normalize(scores: Float64Array, n: number): void {
  defaultNormalizeScore(MAX_NODE_SCORE, true, scores, n);
}

/** Queueing hint: the node was added or changed and now has no untolerated NoSchedule/NoExecute taint where it had one. */
export function nodeChangeMakesSchedulable(tolerations: Toleration[] | undefined, oldNode: Node | null, newNode: Node): boolean {
  const was = oldNode ? findUntoleratedTaint(doNotScheduleTaints(oldNode), tolerations) !== undefined : true;
  const is = findUntoleratedTaint(doNotScheduleTaints(newNode), tolerations) !== undefined;
  return was && !is;
}
