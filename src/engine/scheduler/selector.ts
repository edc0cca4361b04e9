import type { LabelSelector, NodeSelectorRequirement, NodeSelectorTerm } from "../api/types";

/**
 * Label selectors compiled once and matched many times, with the semantics of
 * k8s.io/apimachinery/pkg/labels (`Requirement.Matches`) and metav1.LabelSelectorAsSelector:
 * a nil selector selects nothing, an empty one selects everything.
 */

export type Labels = Record<string, string> | undefined;

/** A label value, or undefined when the key is absent (own string properties only). */
export function labelValue(labels: Labels, key: string): string | undefined {
  if (!labels) return undefined;
  const v = labels[key];
  return typeof v === "string" ? v : undefined;
}

const OP_IN = 0;
const OP_NOT_IN = 1;
const OP_EXISTS = 2;
const OP_DOES_NOT_EXIST = 3;
const OP_GT = 4;
const OP_LT = 5;

interface Requirement {
  key: string;
  op: number;
  values: string[];
}

export class Selector {
  /** Canonical text (sorted requirements), usable as an identity key. */
  readonly key: string;

  private constructor(
    private readonly reqs: Requirement[],
    /** Selects nothing (labels.Nothing()). */
    readonly nothing: boolean,
  ) {
    this.key = nothing ? "<nothing>" : reqs.map(reqText).join(",");
  }

  /** labels.Everything(). */
  static readonly everything = new Selector([], false);
  /** labels.Nothing(). */
  static readonly nothingSelector = new Selector([], true);

  /** Selector.Empty(): no requirements (matches everything). */
  get empty(): boolean {
    return !this.nothing && this.reqs.length === 0;
  }

  /** metav1.LabelSelectorAsSelector. Invalid selectors (In/NotIn without values) select nothing. */
  static fromLabelSelector(sel: LabelSelector | undefined | null): Selector {
    if (!sel) return Selector.nothingSelector;
    const reqs: Requirement[] = [];
    if (sel.matchLabels) for (const k of Object.keys(sel.matchLabels)) reqs.push({ key: k, op: OP_IN, values: [sel.matchLabels[k]] });
    if (sel.matchExpressions) {
      for (const e of sel.matchExpressions) {
        const op = e.operator === "In" ? OP_IN : e.operator === "NotIn" ? OP_NOT_IN : e.operator === "Exists" ? OP_EXISTS : OP_DOES_NOT_EXIST;
        const values = e.values ?? [];
        if ((op === OP_IN || op === OP_NOT_IN) && values.length === 0) return Selector.nothingSelector;
        reqs.push({ key: e.key, op, values: [...values].sort() });
      }
    }
    if (reqs.length === 0) return Selector.everything;
    return new Selector(sortReqs(reqs), false);
  }

  /** labels.SelectorFromSet (a nodeSelector, a Service's selector): an empty set selects everything. */
  static fromSet(set: Record<string, string> | undefined): Selector {
    if (!set) return Selector.everything;
    const keys = Object.keys(set);
    if (keys.length === 0) return Selector.everything;
    return new Selector(sortReqs(keys.map((k) => ({ key: k, op: OP_IN, values: [set[k]] }))), false);
  }

  /** Selector.Add: the AND of both (used to merge Service and ReplicaSet selectors). */
  and(other: Selector): Selector {
    if (this.nothing || other.nothing) return Selector.nothingSelector;
    if (other.reqs.length === 0) return this;
    if (this.reqs.length === 0) return other;
    return new Selector(sortReqs([...this.reqs, ...other.reqs]), false);
  }

  matches(labels: Labels): boolean {
    if (this.nothing) return false;
    const reqs = this.reqs;
    for (let i = 0; i < reqs.length; i++) if (!reqMatches(reqs[i], labels)) return false;
    return true;
  }

  /** The first `key In [v]` requirement, if any: used to index selectors by one label pair. */
  firstEquality(): { key: string; value: string } | undefined {
    for (const r of this.reqs) if (r.op === OP_IN && r.values.length === 1) return { key: r.key, value: r.values[0] };
    return undefined;
  }
}

function sortReqs(reqs: Requirement[]): Requirement[] {
  return reqs.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.op - b.op));
}

function reqText(r: Requirement): string {
  switch (r.op) {
    case OP_IN:
      return r.values.length === 1 ? `${r.key}=${r.values[0]}` : `${r.key} in (${r.values.join(",")})`;
    case OP_NOT_IN:
      return `${r.key} notin (${r.values.join(",")})`;
    case OP_EXISTS:
      return r.key;
    case OP_DOES_NOT_EXIST:
      return `!${r.key}`;
    case OP_GT:
      return `${r.key}>${r.values[0]}`;
    default:
      return `${r.key}<${r.values[0]}`;
  }
}

function reqMatches(r: Requirement, labels: Labels): boolean {
  const v = labelValue(labels, r.key);
  switch (r.op) {
    case OP_IN: {
      if (v === undefined) return false;
      const vals = r.values;
      if (vals.length === 1) return vals[0] === v;
      return vals.includes(v);
    }
    case OP_NOT_IN:
      return v === undefined || !r.values.includes(v);
    case OP_EXISTS:
      return v !== undefined;
    case OP_DOES_NOT_EXIST:
      return v === undefined;
    case OP_GT:
    case OP_LT: {
      // labels.Requirement: the label value and the single requirement value parse as int64.
      if (v === undefined || !/^-?\d+$/.test(v)) return false;
      const lv = Number(v);
      const rv = Number(r.values[0]);
      return r.op === OP_GT ? lv > rv : lv < rv;
    }
  }
  return false;
}

/**
 * A NodeSelector (required node affinity) compiled as k8s.io/component-helpers/scheduling/corev1/nodeaffinity:
 * terms are ORed, requirements within a term ANDed; a term with no requirements matches nothing;
 * `matchFields` supports only `metadata.name`. An unparsable term (bad operator arity) matches nothing.
 */
export class NodeSelector {
  private constructor(private readonly terms: (CompiledTerm | null)[]) {}

  static compile(terms: NodeSelectorTerm[]): NodeSelector {
    return new NodeSelector(terms.map(compileTerm));
  }

  matches(nodeName: string, labels: Labels): boolean {
    for (const t of this.terms) if (t && termMatches(t, nodeName, labels)) return true;
    return false;
  }
}

/** One preferred term with its weight (nodeaffinity.PreferredSchedulingTerms). */
export class PreferredTerms {
  private constructor(private readonly terms: { weight: number; term: CompiledTerm }[]) {}

  static compile(terms: { weight: number; preference: NodeSelectorTerm }[]): PreferredTerms {
    const out: { weight: number; term: CompiledTerm }[] = [];
    for (const t of terms) {
      if (!t.weight) continue;
      const c = compileTerm(t.preference);
      if (c) out.push({ weight: t.weight, term: c });
    }
    return new PreferredTerms(out);
  }

  /** The sum of the weights of the terms the node matches. */
  score(nodeName: string, labels: Labels): number {
    let s = 0;
    for (const t of this.terms) if (termMatches(t.term, nodeName, labels)) s += t.weight;
    return s;
  }
}

interface CompiledTerm {
  labels: Requirement[];
  fields: Requirement[];
}

function compileTerm(term: NodeSelectorTerm): CompiledTerm | null {
  const labels: Requirement[] = [];
  const fields: Requirement[] = [];
  for (const r of term.matchExpressions ?? []) {
    const c = compileNodeReq(r);
    if (!c) return null;
    labels.push(c);
  }
  for (const r of term.matchFields ?? []) {
    const c = compileNodeReq(r);
    if (!c || r.key !== "metadata.name" || (c.op !== OP_IN && c.op !== OP_NOT_IN)) return null;
    fields.push(c);
  }
  if (labels.length === 0 && fields.length === 0) return null;
  return { labels, fields };
}

function compileNodeReq(r: NodeSelectorRequirement): Requirement | null {
  const values = r.values ?? [];
  switch (r.operator) {
    case "In":
    case "NotIn":
      if (values.length === 0) return null;
      return { key: r.key, op: r.operator === "In" ? OP_IN : OP_NOT_IN, values };
    case "Exists":
    case "DoesNotExist":
      if (values.length) return null;
      return { key: r.key, op: r.operator === "Exists" ? OP_EXISTS : OP_DOES_NOT_EXIST, values: [] };
    case "Gt":
    case "Lt":
      if (values.length !== 1 || !/^-?\d+$/.test(values[0])) return null;
      return { key: r.key, op: r.operator === "Gt" ? OP_GT : OP_LT, values };
  }
  return null;
}

function termMatches(t: CompiledTerm, nodeName: string, labels: Labels): boolean {
  for (const r of t.labels) if (!reqMatches(r, labels)) return false;
  if (t.fields.length) {
    const fieldSet = { "metadata.name": nodeName };
    for (const r of t.fields) if (!reqMatches(r, fieldSet)) return false;
  }
  return true;
}
