import type { Node, Pod } from "../../api/types";
import { defaultNormalizeScore, MAX_NODE_SCORE, status, type Status } from "../framework";
import type { NodeInfo } from "../nodeinfo";
import { NodeSelector, PreferredTerms, Selector, type Labels } from "../selector";

/**
 * NodeAffinity (pkg/scheduler/framework/plugins/nodeaffinity/node_affinity.go).
 * Filter: spec.nodeSelector AND spec.affinity.nodeAffinity.requiredDuringScheduling... must match the node
 * (nodeaffinity.GetRequiredNodeAffinity); otherwise UnschedulableAndUnresolvable
 * "node(s) didn't match Pod's node affinity/selector". PreFilter skips pods with neither, and narrows the
 * candidates when every required term names nodes through `matchFields: metadata.name In [...]`.
 * Score: sum of the weights of matching preferred terms, DefaultNormalizeScore (not reversed). Weight 2.
 */
export const NAME = "NodeAffinity";
export const ERR_REASON_POD = "node(s) didn't match Pod's node affinity/selector";
export const ERR_REASON_CONFLICT = "pod affinity terms conflict";

const REJECT = status("UnschedulableAndUnresolvable", NAME, ERR_REASON_POD);

/** nodeaffinity.RequiredNodeAffinity. */
export class RequiredNodeAffinity {
  private constructor(
    private readonly labelSelector: Selector | null,
    private readonly nodeSelector: NodeSelector | null,
  ) {}

  static of(pod: Pod): RequiredNodeAffinity {
    const ns = pod.spec.nodeSelector;
    const labelSelector = ns && Object.keys(ns).length > 0 ? Selector.fromSet(ns) : null;
    const req = pod.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
    return new RequiredNodeAffinity(labelSelector, req ? NodeSelector.compile(req.nodeSelectorTerms) : null);
  }

  /** True when the pod constrains nothing (everything matches). */
  get empty(): boolean {
    return this.labelSelector === null && this.nodeSelector === null;
  }

  matches(nodeName: string, labels: Labels): boolean {
    if (this.labelSelector && !this.labelSelector.matches(labels)) return false;
    if (this.nodeSelector && !this.nodeSelector.matches(nodeName, labels)) return false;
    return true;
  }

  matchesNode(node: Node): boolean {
    return this.matches(node.metadata.name, node.metadata.labels);
  }
}

export interface PreFilterResult {
  /** null: the plugin has nothing to check (Skip). */
  required: RequiredNodeAffinity | null;
  /** PreFilterResult.NodeNames: only these nodes can fit; null means all. */
  nodeNames: Set<string> | null;
  /** A PreFilter rejection (conflicting metadata.name terms). */
  reject: Status | null;
}

export function preFilter(pod: Pod): PreFilterResult {
  const req = pod.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  if (!req && !pod.spec.nodeSelector) return { required: null, nodeNames: null, reject: null };
  const required = RequiredNodeAffinity.of(pod);
  if (!req || req.nodeSelectorTerms.length === 0) return { required, nodeNames: null, reject: null };
  let nodeNames: Set<string> | null = null;
  for (const t of req.nodeSelectorTerms) {
    let termNames: Set<string> | null = null;
    for (const r of t.matchFields ?? []) {
      if (r.key === "metadata.name" && r.operator === "In") {
        termNames = intersect(termNames, new Set<string>(r.values ?? []));
      }
    }
    // A term without a metadata.name requirement leaves every node eligible (terms are ORed).
    if (termNames === null) return { required, nodeNames: null, reject: null };
    nodeNames = nodeNames ? new Set([...nodeNames, ...termNames]) : termNames;
  }
  if (nodeNames && nodeNames.size === 0) {
    return { required, nodeNames: null, reject: status("UnschedulableAndUnresolvable", NAME, ERR_REASON_CONFLICT) };
  }
  return { required, nodeNames, reject: null };
}

function intersect(a: Set<string> | null, b: Set<string>): Set<string> {
  if (!a) return b;
  const out = new Set<string>();
  for (const x of a) if (b.has(x)) out.add(x);
  return out;
}

export function filter(required: RequiredNodeAffinity, ni: NodeInfo): Status | null {
  return required.matches(ni.name, ni.labels) ? null : REJECT;
}

/** PreScore: the pod's preferred terms, or null (Skip) when it has none. */
export function preScore(pod: Pod): PreferredTerms | null {
  const pref = pod.spec.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution;
  if (!pref) return null;
  return PreferredTerms.compile(pref);
}

export function score(pref: PreferredTerms, ni: NodeInfo): number {
  return pref.score(ni.name, ni.labels);
}

export function normalize(scores: Float64Array, n: number): void {
  defaultNormalizeScore(MAX_NODE_SCORE, false, scores, n);
}

/** Queueing hint: the added node matches, or an update made a non-matching node match. */
export function nodeChangeMakesSchedulable(pod: Pod, oldNode: Node | null, newNode: Node): boolean {
  const req = RequiredNodeAffinity.of(pod);
  if (!req.matchesNode(newNode)) return false;
  return oldNode === null || !req.matchesNode(oldNode);
}
