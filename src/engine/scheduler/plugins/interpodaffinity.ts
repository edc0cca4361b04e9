import type { Node, Pod } from "../../api/types";
import type { SchedulerCache } from "../cache";
import { MAX_NODE_SCORE, status, type Status } from "../framework";
import { termMatches, type AffinityTerm, type NodeInfo, type PodAffinityInfo, type WeightedAffinityTerm } from "../nodeinfo";
import { labelValue, type Labels } from "../selector";

/**
 * InterPodAffinity (pkg/scheduler/framework/plugins/interpodaffinity/{filtering,scoring,plugin}.go).
 *
 * Filter, with counts per (topologyKey, value) computed in PreFilter over all pods:
 *  - required affinity: every term's topology key must be on the node and some pod matching ALL terms must
 *    be in the node's domain — unless no pod anywhere matches and the pod matches its own terms (the first
 *    pod of a group); else UnschedulableAndUnresolvable "node(s) didn't match pod affinity rules";
 *  - required anti-affinity: no matching pod in the node's domain of any term, else Unschedulable
 *    "node(s) didn't match pod anti-affinity rules";
 *  - existing pods' required anti-affinity terms matching this pod must not cover the node, else
 *    Unschedulable "node(s) didn't satisfy existing pods anti-affinity rules".
 * Score: per (topologyKey, value), + weight for each existing pod matching a preferred affinity term of the pod
 * (− for anti-affinity), + hardPodAffinityWeight (1) for each existing pod whose required affinity the pod
 * matches, ± weight for existing pods' preferred (anti-)affinity terms the pod matches; a node scores the sum
 * over its labels, normalized to 0–100 between the minimum and maximum. Weight 2.
 */
export const NAME = "InterPodAffinity";
export const ERR_REASON_EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH = "node(s) didn't satisfy existing pods anti-affinity rules";
export const ERR_REASON_AFFINITY_RULES_NOT_MATCH = "node(s) didn't match pod affinity rules";
export const ERR_REASON_ANTI_AFFINITY_RULES_NOT_MATCH = "node(s) didn't match pod anti-affinity rules";

/** InterPodAffinityArgs.HardPodAffinityWeight default. */
export const HARD_POD_AFFINITY_WEIGHT = 1;

const REJECT_AFFINITY = status("UnschedulableAndUnresolvable", NAME, ERR_REASON_AFFINITY_RULES_NOT_MATCH);
const REJECT_ANTI = status("Unschedulable", NAME, ERR_REASON_ANTI_AFFINITY_RULES_NOT_MATCH);
const REJECT_EXISTING = status("Unschedulable", NAME, ERR_REASON_EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH);

/** topologyKey → value → count. */
export type TopologyCounts = Map<string, Map<string, number>>;

function add(m: TopologyCounts, key: string, value: string, delta: number): void {
  let inner = m.get(key);
  if (!inner) m.set(key, (inner = new Map()));
  const n = (inner.get(value) ?? 0) + delta;
  if (n === 0) inner.delete(value);
  else inner.set(value, n);
  if (inner.size === 0) m.delete(key);
}

/** scoreMap.processTerm keeps entries that sum to zero (they still count as "something to score"). */
function addKeep(m: TopologyCounts, key: string, value: string, delta: number): void {
  let inner = m.get(key);
  if (!inner) m.set(key, (inner = new Map()));
  inner.set(value, (inner.get(value) ?? 0) + delta);
}

function get(m: TopologyCounts, key: string, value: string): number {
  return m.get(key)?.get(value) ?? 0;
}

function matchesAll(terms: AffinityTerm[], ns: string, labels: Labels): boolean {
  if (terms.length === 0) return false;
  for (const t of terms) if (!termMatches(t, ns, labels)) return false;
  return true;
}

export interface FilterState {
  ns: string;
  labels: Labels;
  info: PodAffinityInfo | null;
  existingAntiAffinityCounts: TopologyCounts;
  affinityCounts: TopologyCounts;
  antiAffinityCounts: TopologyCounts;
}

/** PreFilter: null (Skip) when neither the pod nor any existing pod has required (anti-)affinity to check. */
export function preFilter(pod: Pod, info: PodAffinityInfo | null, cache: SchedulerCache): FilterState | null {
  const ns = pod.metadata.namespace ?? "default";
  const labels = pod.metadata.labels;
  const existingAntiAffinityCounts: TopologyCounts = new Map();
  if (cache.hasPodsWithRequiredAntiAffinity) {
    for (const ni of cache.list()) {
      if (ni.podsWithRequiredAntiAffinity.length === 0) continue;
      for (const existing of ni.podsWithRequiredAntiAffinity) {
        for (const t of existing.affinity!.requiredAntiAffinity) {
          if (!termMatches(t, ns, labels)) continue;
          const v = labelValue(ni.labels, t.topologyKey);
          if (v !== undefined) add(existingAntiAffinityCounts, t.topologyKey, v, 1);
        }
      }
    }
  }
  const affinityCounts: TopologyCounts = new Map();
  const antiAffinityCounts: TopologyCounts = new Map();
  const reqAff = info?.requiredAffinity ?? [];
  const reqAnti = info?.requiredAntiAffinity ?? [];
  if (reqAff.length || reqAnti.length) {
    for (const ni of cache.list()) {
      // Pods sharing namespace and labels match the same terms: count per label group.
      for (const [g, gc] of ni.groups) {
        if (reqAff.length && matchesAll(reqAff, g.ns, g.labels)) {
          for (const t of reqAff) {
            const v = labelValue(ni.labels, t.topologyKey);
            if (v !== undefined) add(affinityCounts, t.topologyKey, v, gc.all);
          }
        }
        for (const t of reqAnti) {
          if (!termMatches(t, g.ns, g.labels)) continue;
          const v = labelValue(ni.labels, t.topologyKey);
          if (v !== undefined) add(antiAffinityCounts, t.topologyKey, v, gc.all);
        }
      }
    }
  }
  if (existingAntiAffinityCounts.size === 0 && reqAff.length === 0 && reqAnti.length === 0) return null;
  return { ns, labels, info, existingAntiAffinityCounts, affinityCounts, antiAffinityCounts };
}

function satisfyPodAffinity(s: FilterState, ni: NodeInfo): boolean {
  const terms = s.info?.requiredAffinity ?? [];
  let podsExist = true;
  for (const t of terms) {
    const v = labelValue(ni.labels, t.topologyKey);
    if (v === undefined) return false;
    if (get(s.affinityCounts, t.topologyKey, v) <= 0) podsExist = false;
  }
  if (!podsExist) {
    // The first pod of a series with affinity to itself: allowed if nothing matches anywhere yet.
    return s.affinityCounts.size === 0 && matchesAll(terms, s.ns, s.labels);
  }
  return true;
}

function satisfyPodAntiAffinity(s: FilterState, ni: NodeInfo): boolean {
  if (s.antiAffinityCounts.size === 0) return true;
  for (const t of s.info?.requiredAntiAffinity ?? []) {
    const v = labelValue(ni.labels, t.topologyKey);
    if (v !== undefined && get(s.antiAffinityCounts, t.topologyKey, v) > 0) return false;
  }
  return true;
}

function satisfyExistingPodsAntiAffinity(s: FilterState, ni: NodeInfo): boolean {
  if (s.existingAntiAffinityCounts.size === 0 || !ni.labels) return true;
  for (const k of Object.keys(ni.labels)) if (get(s.existingAntiAffinityCounts, k, ni.labels[k]) > 0) return false;
  return true;
}

export function filter(s: FilterState, ni: NodeInfo): Status | null {
  if (!satisfyPodAffinity(s, ni)) return REJECT_AFFINITY;
  if (!satisfyPodAntiAffinity(s, ni)) return REJECT_ANTI;
  if (!satisfyExistingPodsAntiAffinity(s, ni)) return REJECT_EXISTING;
  return null;
}

// ---- Score ----

export interface ScoreState {
  topologyScore: TopologyCounts;
}

function processTerm(m: TopologyCounts, t: AffinityTerm, weight: number, ns: string, labels: Labels, node: NodeInfo, multiplier: number, count: number): void {
  if (!termMatches(t, ns, labels)) return;
  const v = labelValue(node.labels, t.topologyKey);
  if (v !== undefined) addKeep(m, t.topologyKey, v, weight * multiplier * count);
}

/** PreScore: null (Skip) when nothing contributes a score. */
export function preScore(pod: Pod, info: PodAffinityInfo | null, cache: SchedulerCache): ScoreState | null {
  const ns = pod.metadata.namespace ?? "default";
  const labels = pod.metadata.labels;
  const prefAff: WeightedAffinityTerm[] = info?.preferredAffinity ?? [];
  const prefAnti: WeightedAffinityTerm[] = info?.preferredAntiAffinity ?? [];
  const hasConstraints = prefAff.length > 0 || prefAnti.length > 0;
  if (!hasConstraints && !cache.hasPodsWithAffinity) return null;
  const m: TopologyCounts = new Map();
  for (const ni of cache.list()) {
    if (!ni.labels || Object.keys(ni.labels).length === 0) continue;
    if (hasConstraints) {
      // The pod's preferred terms against every existing pod (per label group).
      for (const [g, gc] of ni.groups) {
        for (const w of prefAff) processTerm(m, w.term, w.weight, g.ns, g.labels, ni, 1, gc.all);
        for (const w of prefAnti) processTerm(m, w.term, w.weight, g.ns, g.labels, ni, -1, gc.all);
      }
    }
    // Existing pods' terms against the pod.
    for (const existing of ni.podsWithAffinity) {
      const a = existing.affinity!;
      if (HARD_POD_AFFINITY_WEIGHT > 0) for (const t of a.requiredAffinity) processTerm(m, t, HARD_POD_AFFINITY_WEIGHT, ns, labels, ni, 1, 1);
      for (const w of a.preferredAffinity) processTerm(m, w.term, w.weight, ns, labels, ni, 1, 1);
      for (const w of a.preferredAntiAffinity) processTerm(m, w.term, w.weight, ns, labels, ni, -1, 1);
    }
  }
  if (m.size === 0) return null;
  return { topologyScore: m };
}

export function score(s: ScoreState, ni: NodeInfo): number {
  let sc = 0;
  for (const [key, values] of s.topologyScore) {
    const v = labelValue(ni.labels, key);
    if (v !== undefined) sc += values.get(v) ?? 0;
  }
  return sc;
}

export function normalize(scores: Float64Array, n: number): void {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    if (scores[i] > max) max = scores[i];
    if (scores[i] < min) min = scores[i];
  }
  const diff = max - min;
  for (let i = 0; i < n; i++) scores[i] = diff > 0 ? Math.trunc(MAX_NODE_SCORE * ((scores[i] - min) / diff)) : 0;
}

// ---- Queueing hints ----

/** Node add/label change: it may complete a domain that the pod's terms need. */
export function nodeChangeMakesSchedulable(info: PodAffinityInfo | null, oldNode: Node | null, newNode: Node): boolean {
  if (!info) return oldNode === null;
  const keys = [...info.requiredAffinity, ...info.requiredAntiAffinity].map((t) => t.topologyKey);
  if (!oldNode) return true;
  return keys.some((k) => labelValue(oldNode.metadata.labels, k) !== labelValue(newNode.metadata.labels, k));
}

/** An assigned pod was added: it may satisfy the pod's required affinity. */
export function podAddedMakesSchedulable(info: PodAffinityInfo | null, added: Pod): boolean {
  if (!info) return false;
  const ns = added.metadata.namespace ?? "default";
  return info.requiredAffinity.some((t) => termMatches(t, ns, added.metadata.labels));
}

/** An assigned pod went away: it may have blocked the pod by anti-affinity (either side). */
export function podDeletedMakesSchedulable(pod: Pod, info: PodAffinityInfo | null, deleted: Pod, deletedInfo: PodAffinityInfo | null): boolean {
  const ns = deleted.metadata.namespace ?? "default";
  if (info && info.requiredAntiAffinity.some((t) => termMatches(t, ns, deleted.metadata.labels))) return true;
  if (deletedInfo) {
    const pns = pod.metadata.namespace ?? "default";
    if (deletedInfo.requiredAntiAffinity.some((t) => termMatches(t, pns, pod.metadata.labels))) return true;
  }
  return false;
}
