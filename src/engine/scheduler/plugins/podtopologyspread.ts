import type { Node, Pod, ReplicaSet, Service, TopologySpreadConstraint } from "../../api/types";
import type { SchedulerCache } from "../cache";
import { MAX_NODE_SCORE, status, type Status } from "../framework";
import { groupKey, LABEL_HOSTNAME, LABEL_TOPOLOGY_ZONE, type NodeInfo } from "../nodeinfo";
import { labelValue, Selector } from "../selector";
import type { TrackedSelector } from "../spreadindex";
import type { RequiredNodeAffinity } from "./nodeaffinity";
import { findUntoleratedTaint } from "./tainttoleration";
import type { Toleration } from "../../api/types";

/**
 * PodTopologySpread (pkg/scheduler/framework/plugins/podtopologyspread/{plugin,common,filtering,scoring}.go).
 *
 * Filter, for `whenUnsatisfiable: DoNotSchedule` constraints: a node lacking a constraint's topology label
 * is UnschedulableAndUnresolvable ("... (missing required label)"); otherwise
 * matching pods in the node's domain + (1 if the pod matches its own selector) − the global minimum
 * (0 if fewer than minDomains domains) must not exceed maxSkew, else Unschedulable.
 *
 * Score, for `ScheduleAnyway` constraints — or, when the pod has no constraints at all, the system defaults
 * (defaults.go / plugin.go systemDefaultConstraints: kubernetes.io/hostname maxSkew 3 and
 * topology.kubernetes.io/zone maxSkew 5, ScheduleAnyway) with the selector built from the Services
 * selecting the pod and its controlling ReplicaSet (helper.DefaultSelector):
 *   score(node) = round(Σ_constraints count(domain of node)·log(domains+2) + maxSkew − 1)
 * over the constraints whose topology label the node has, then normalized so fewer matching pods score
 * higher: 100·(max + min − s)/max. With system defaults, nodes missing the zone label are still scored
 * (by hostname only); with the pod's own constraints, nodes missing any key are ignored (score 0).
 * Weight 2. Counting skips terminating pods and pods of other namespaces (countPodsMatchSelector).
 */
export const NAME = "PodTopologySpread";
export const ERR_REASON_CONSTRAINTS_NOT_MATCH = "node(s) didn't match pod topology spread constraints";
export const ERR_REASON_NODE_LABEL_NOT_MATCH = ERR_REASON_CONSTRAINTS_NOT_MATCH + " (missing required label)";

export { LABEL_HOSTNAME, LABEL_TOPOLOGY_ZONE };

const REJECT_SKEW = status("Unschedulable", NAME, ERR_REASON_CONSTRAINTS_NOT_MATCH);
const REJECT_LABEL = status("UnschedulableAndUnresolvable", NAME, ERR_REASON_NODE_LABEL_NOT_MATCH);

/** The v1.32 fields not in the shared API types: read when present. */
type FullConstraint = TopologySpreadConstraint & {
  minDomains?: number;
  nodeAffinityPolicy?: "Honor" | "Ignore";
  nodeTaintsPolicy?: "Honor" | "Ignore";
  matchLabelKeys?: string[];
};

export const SYSTEM_DEFAULT_CONSTRAINTS: readonly TopologySpreadConstraint[] = [
  { topologyKey: LABEL_HOSTNAME, whenUnsatisfiable: "ScheduleAnyway", maxSkew: 3 },
  { topologyKey: LABEL_TOPOLOGY_ZONE, whenUnsatisfiable: "ScheduleAnyway", maxSkew: 5 },
];

/** What DefaultSelector reads: the Services and ReplicaSets the scheduler's informers hold. */
export interface OwnerListers {
  services(namespace: string): Iterable<Service>;
  replicaSet(namespace: string, name: string): ReplicaSet | undefined;
  /** Changes whenever a Service or ReplicaSet changes (invalidates memoized selectors). */
  readonly version: number;
}

export const NO_OWNERS: OwnerListers = { services: () => [], replicaSet: () => undefined, version: 0 };

/** topologySpreadConstraint: parsed selector, defaults applied, and the tracked counts for the pod's namespace. */
export interface Constraint {
  maxSkew: number;
  topologyKey: string;
  selector: Selector;
  minDomains: number;
  honorNodeAffinity: boolean;
  honorNodeTaints: boolean;
  tracked: TrackedSelector;
}

/** helper.DefaultSelector: merged selectors of matching Services, plus the controlling ReplicaSet's selector. */
export function defaultSelector(pod: Pod, listers: OwnerListers): Selector {
  const ns = pod.metadata.namespace ?? "default";
  const labels = pod.metadata.labels;
  const merged: Record<string, string> = {};
  for (const svc of listers.services(ns)) {
    const sel = svc.spec.selector;
    if (!sel) continue;
    if (Selector.fromSet(sel).matches(labels)) Object.assign(merged, sel);
  }
  let selector = Selector.fromSet(merged);
  const owner = pod.metadata.ownerReferences?.find((r) => r.controller);
  if (owner && owner.kind === "ReplicaSet" && owner.apiVersion === "apps/v1") {
    const rs = listers.replicaSet(ns, owner.name);
    if (rs) {
      const other = Selector.fromLabelSelector(rs.spec.selector);
      if (!other.nothing) selector = selector.and(other);
    }
  }
  return selector;
}

const selectorMemo = new WeakMap<OwnerListers, { version: number; map: Map<string, Selector> }>();

function memoDefaultSelector(pod: Pod, listers: OwnerListers): Selector {
  let memo = selectorMemo.get(listers);
  if (!memo || memo.version !== listers.version) selectorMemo.set(listers, (memo = { version: listers.version, map: new Map() }));
  const owner = pod.metadata.ownerReferences?.find((r) => r.controller);
  const key = groupKey(pod.metadata.namespace ?? "default", pod.metadata.labels) + "\u0001" + (owner ? owner.kind + "/" + owner.name : "");
  let sel = memo.map.get(key);
  if (!sel) {
    sel = defaultSelector(pod, listers);
    if (memo.map.size > 4096) memo.map.clear();
    memo.map.set(key, sel);
  }
  return sel;
}

/** filterTopologySpreadConstraints / buildDefaultConstraints for one action. */
export function constraintsFor(
  pod: Pod,
  action: "DoNotSchedule" | "ScheduleAnyway",
  cache: SchedulerCache,
  listers: OwnerListers,
): Constraint[] {
  const ns = pod.metadata.namespace ?? "default";
  const own = pod.spec.topologySpreadConstraints;
  if (own && own.length > 0) {
    const out: Constraint[] = [];
    for (const c of own as FullConstraint[]) {
      if (c.whenUnsatisfiable !== action) continue;
      let selector = Selector.fromLabelSelector(c.labelSelector);
      if (c.matchLabelKeys && c.matchLabelKeys.length) {
        const set: Record<string, string> = {};
        let any = false;
        for (const k of c.matchLabelKeys) {
          const v = labelValue(pod.metadata.labels, k);
          if (v !== undefined) {
            set[k] = v;
            any = true;
          }
        }
        if (any) selector = Selector.fromSet(set).and(selector);
      }
      out.push(makeConstraint(c, selector, ns, cache));
    }
    return out;
  }
  const defaults = SYSTEM_DEFAULT_CONSTRAINTS.filter((c) => c.whenUnsatisfiable === action);
  if (defaults.length === 0) return [];
  const selector = memoDefaultSelector(pod, listers);
  if (selector.empty || selector.nothing) return [];
  return defaults.map((c) => makeConstraint(c, selector, ns, cache));
}

function makeConstraint(c: FullConstraint, selector: Selector, ns: string, cache: SchedulerCache): Constraint {
  return {
    maxSkew: c.maxSkew,
    topologyKey: c.topologyKey,
    selector,
    minDomains: c.minDomains ?? 1,
    honorNodeAffinity: (c.nodeAffinityPolicy ?? "Honor") === "Honor",
    honorNodeTaints: (c.nodeTaintsPolicy ?? "Ignore") === "Honor",
    tracked: cache.spread.track(ns, selector),
  };
}

function nodeHasAllKeys(ni: NodeInfo, constraints: Constraint[]): boolean {
  for (const c of constraints) if (ni.label(c.topologyKey) === undefined) return false;
  return true;
}

/** matchNodeInclusionPolicies (NodeInclusionPolicyInPodTopologySpread is on in v1.32). */
function includesNode(c: Constraint, ni: NodeInfo, required: RequiredNodeAffinity | null, tolerations: Toleration[] | undefined): boolean {
  if (c.honorNodeAffinity && required && !required.matches(ni.name, ni.labels)) return false;
  if (c.honorNodeTaints && findUntoleratedTaint(ni.filterTaints, tolerations) !== undefined) return false;
  return true;
}

// ---- Filter ----

export interface FilterState {
  constraints: Constraint[];
  /** Per constraint: matching pods per topology value (every eligible domain present, maybe with 0). */
  matchNum: Map<string, number>[];
  /** Per constraint: the global minimum, already 0 when there are fewer domains than minDomains. */
  minMatch: number[];
  selfMatch: number[];
}

/** PreFilter (calPreFilterState): null when the pod has no DoNotSchedule constraints (Skip). */
export function preFilter(
  pod: Pod,
  cache: SchedulerCache,
  listers: OwnerListers,
  required: RequiredNodeAffinity | null,
): FilterState | null {
  const constraints = constraintsFor(pod, "DoNotSchedule", cache, listers);
  if (constraints.length === 0) return null;
  const tolerations = pod.spec.tolerations;
  const matchNum = constraints.map(() => new Map<string, number>());
  for (const ni of cache.list()) {
    if (!nodeHasAllKeys(ni, constraints)) continue;
    for (let i = 0; i < constraints.length; i++) {
      const c = constraints[i];
      if (!includesNode(c, ni, required, tolerations)) continue;
      const v = ni.label(c.topologyKey)!;
      matchNum[i].set(v, (matchNum[i].get(v) ?? 0) + c.tracked.count(ni));
    }
  }
  const minMatch = constraints.map((c, i) => {
    if (matchNum[i].size < c.minDomains) return 0;
    let min = Number.MAX_SAFE_INTEGER;
    for (const n of matchNum[i].values()) if (n < min) min = n;
    return min;
  });
  const selfMatch = constraints.map((c) => (c.selector.matches(pod.metadata.labels) ? 1 : 0));
  return { constraints, matchNum, minMatch, selfMatch };
}

export function filter(s: FilterState, ni: NodeInfo): Status | null {
  const cs = s.constraints;
  for (let i = 0; i < cs.length; i++) {
    const c = cs[i];
    const v = ni.label(c.topologyKey);
    if (v === undefined) return REJECT_LABEL;
    const skew = (s.matchNum[i].get(v) ?? 0) + s.selfMatch[i] - s.minMatch[i];
    if (skew > c.maxSkew) return REJECT_SKEW;
  }
  return null;
}

// ---- Score ----

export interface ScoreState {
  constraints: Constraint[];
  ignored: Set<NodeInfo> | null;
  /** Per constraint: pods per topology value of the candidate nodes (null for kubernetes.io/hostname: counted per node). */
  counts: (Map<string, number> | null)[];
  weights: number[];
}

/** topologyNormalizingWeight. */
export function topologyNormalizingWeight(size: number): number {
  return Math.log(size + 2);
}

/** PreScore: null (Skip) when there are no soft constraints. */
export function preScore(
  pod: Pod,
  filtered: NodeInfo[],
  nFiltered: number,
  cache: SchedulerCache,
  listers: OwnerListers,
  required: RequiredNodeAffinity | null,
): ScoreState | null {
  if (cache.numNodes === 0) return null;
  const constraints = constraintsFor(pod, "ScheduleAnyway", cache, listers);
  if (constraints.length === 0) return null;
  // Only the pod's own constraints require every topology key on a node (systemDefaulted otherwise).
  const requireAll = (pod.spec.topologySpreadConstraints?.length ?? 0) > 0;
  const tolerations = pod.spec.tolerations;
  let ignored: Set<NodeInfo> | null = null;
  const counts = constraints.map((c) => (c.topologyKey === LABEL_HOSTNAME ? null : new Map<string, number>()));
  const recent: (string | undefined)[][] = constraints.map(() => [undefined, undefined, undefined]);
  for (let n = 0; n < nFiltered; n++) {
    const ni = filtered[n];
    if (requireAll && !nodeHasAllKeys(ni, constraints)) {
      (ignored ??= new Set()).add(ni);
      continue;
    }
    for (let i = 0; i < constraints.length; i++) {
      const m = counts[i];
      if (!m) continue;
      const v = ni.label(constraints[i].topologyKey) ?? "";
      // Few distinct values (zones): check the last ones seen before the map.
      const seen = recent[i];
      if (seen[0] === v || seen[1] === v || seen[2] === v) continue;
      seen[2] = seen[1];
      seen[1] = seen[0];
      seen[0] = v;
      if (!m.has(v)) m.set(v, 0);
    }
  }
  const weights = constraints.map((c, i) =>
    topologyNormalizingWeight(c.topologyKey === LABEL_HOSTNAME ? nFiltered - (ignored?.size ?? 0) : counts[i]!.size),
  );

  const everyNodeIncluded = !requireAll && constraints.every((c) => !c.honorNodeTaints && (!c.honorNodeAffinity || !required || required.empty));
  if (everyNodeIncluded) {
    // Fast path: the tracked per-domain totals are exactly the sum over all nodes.
    for (let i = 0; i < constraints.length; i++) {
      const m = counts[i];
      if (!m) continue;
      const d = cache.spread.domainCounts(constraints[i].tracked, constraints[i].topologyKey);
      for (const v of m.keys()) m.set(v, d.get(v) ?? 0);
    }
  } else {
    for (const ni of cache.list()) {
      if (requireAll && !nodeHasAllKeys(ni, constraints)) continue;
      for (let i = 0; i < constraints.length; i++) {
        const m = counts[i];
        if (!m) continue;
        const c = constraints[i];
        if (!includesNode(c, ni, required, tolerations)) continue;
        const v = ni.label(c.topologyKey) ?? "";
        const cur = m.get(v);
        if (cur !== undefined) m.set(v, cur + c.tracked.count(ni));
      }
    }
  }
  return { constraints, ignored, counts, weights };
}

/** scoreForCount. */
export function scoreForCount(cnt: number, maxSkew: number, tpWeight: number): number {
  return cnt * tpWeight + (maxSkew - 1);
}

export function score(s: ScoreState, ni: NodeInfo): number {
  if (s.ignored && s.ignored.has(ni)) return 0;
  let sc = 0;
  const cs = s.constraints;
  for (let i = 0; i < cs.length; i++) {
    const c = cs[i];
    const v = ni.label(c.topologyKey);
    if (v === undefined) continue;
    const m = s.counts[i];
    const cnt = m ? (m.get(v) ?? 0) : c.tracked.count(ni);
    sc += scoreForCount(cnt, c.maxSkew, s.weights[i]);
  }
  return Math.round(sc);
}

export function normalize(s: ScoreState, nodes: NodeInfo[], scores: Float64Array, n: number): void {
  let min = Number.MAX_SAFE_INTEGER;
  let max = 0;
  for (let i = 0; i < n; i++) {
    if (s.ignored && s.ignored.has(nodes[i])) continue;
    const v = scores[i];
    if (v < min) min = v;
    if (v > max) max = v;
  }
  for (let i = 0; i < n; i++) {
    if (s.ignored && s.ignored.has(nodes[i])) {
      scores[i] = 0;
      continue;
    }
    if (max === 0) {
      scores[i] = MAX_NODE_SCORE;
      continue;
    }
    scores[i] = Math.trunc((MAX_NODE_SCORE * (max + min - scores[i])) / max);
  }
}

// ---- Queueing hints ----

function hardConstraintKeysAndSelectors(pod: Pod): FullConstraint[] {
  return ((pod.spec.topologySpreadConstraints ?? []) as FullConstraint[]).filter((c) => c.whenUnsatisfiable === "DoNotSchedule");
}

/** A node event may help: the added node has every key, or an update changed a key's value or the taints. */
export function nodeChangeMakesSchedulable(pod: Pod, oldNode: Node | null, newNode: Node): boolean {
  const cs = hardConstraintKeysAndSelectors(pod);
  if (cs.length === 0) return false;
  const has = (n: Node) => cs.every((c) => labelValue(n.metadata.labels, c.topologyKey) !== undefined);
  if (!oldNode) return has(newNode);
  for (const c of cs) {
    if (labelValue(oldNode.metadata.labels, c.topologyKey) !== labelValue(newNode.metadata.labels, c.topologyKey)) return true;
  }
  if (cs.some((c) => c.nodeTaintsPolicy === "Honor") && JSON.stringify(oldNode.spec.taints ?? []) !== JSON.stringify(newNode.spec.taints ?? [])) return true;
  return false;
}

/** A pod event may help: an assigned pod in the namespace that matches a constraint came or went. */
export function podChangeMakesSchedulable(pod: Pod, other: Pod): boolean {
  if ((other.metadata.namespace ?? "default") !== (pod.metadata.namespace ?? "default")) return false;
  for (const c of hardConstraintKeysAndSelectors(pod)) if (Selector.fromLabelSelector(c.labelSelector).matches(other.metadata.labels)) return true;
  return false;
}
