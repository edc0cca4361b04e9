import { toleratesTaint } from "../../api/tolerations";
import type { Taint, Toleration } from "../../api/types";

export { toleratesTaint };

/**
 * v1helper.GetMatchingTolerations: whether every taint is tolerated, and the first toleration that
 * tolerates each one.
 */
export function getMatchingTolerations(taints: Taint[], tolerations: Toleration[] | undefined): { allTolerated: boolean; used: Toleration[] } {
  if (!taints.length) return { allTolerated: true, used: [] };
  if (!tolerations?.length) return { allTolerated: false, used: [] };
  const used: Toleration[] = [];
  for (const taint of taints) {
    const t = tolerations.find((x) => toleratesTaint(x, taint));
    if (!t) return { allTolerated: false, used: [] };
    used.push(t);
  }
  return { allTolerated: true, used };
}

/**
 * getMinTolerationTime (pkg/controller/tainteviction/taint_eviction.go): the smallest tolerationSeconds,
 * in ms; 0 with no tolerations or a non-positive one; -1 (forever) when none sets a time.
 */
export function getMinTolerationTime(tolerations: Toleration[]): number {
  if (!tolerations.length) return 0;
  let min = Infinity;
  for (const t of tolerations) {
    if (t.tolerationSeconds === undefined || t.tolerationSeconds === null) continue;
    if (t.tolerationSeconds <= 0) return 0;
    if (t.tolerationSeconds < min) min = t.tolerationSeconds;
  }
  return min === Infinity ? -1 : min * 1000;
}

export type EvictionDecision =
  /** Some taint is not tolerated: delete the pod right away. */
  | { kind: "now" }
  /** Delete at this time unless the taints go away. */
  | { kind: "at"; time: number }
  /** Tolerated forever (or no taints): cancel any scheduled deletion. */
  | { kind: "never" };

/**
 * When a pod on a node with these NoExecute taints is to be deleted: at once if one is not tolerated,
 * after the smallest matching tolerationSeconds otherwise, never if none sets a time.
 */
export function taintEvictionTime(taints: Taint[], tolerations: Toleration[] | undefined, now: number): EvictionDecision {
  if (!taints.length) return { kind: "never" };
  const { allTolerated, used } = getMatchingTolerations(taints, tolerations);
  if (!allTolerated) return { kind: "now" };
  const min = getMinTolerationTime(used);
  if (min < 0) return { kind: "never" };
  return { kind: "at", time: now + min };
}
