import type { LabelGroup, NodeInfo } from "./nodeinfo";
import type { Selector } from "./selector";

/**
 * Counts of "live pods in namespace N matching selector S", per node and per topology domain, kept up to
 * date as pods come and go.
 *
 * PodTopologySpread asks, for every pod it scores, how many matching pods each node and each zone has
 * (upstream countPodsMatchSelector walks every pod of every node: O(pods) per scheduled pod). Replicas of a
 * ReplicaSet share their selector, so once a selector is tracked the answer is a map lookup. Results are
 * exactly what the upstream walk computes: same pods counted (namespace matches, not terminating, selector
 * matches), same nodes (those with a Node object) per domain; a missing topology label is the "" domain.
 */
export class TrackedSelector {
  /** Live matching pods per node, indexed by NodeInfo.id. */
  perNode = new Int32Array(16);
  /** topologyKey → label value → live matching pods on nodes (with a Node) having that value. */
  readonly domains = new Map<string, Map<string, number>>();
  lastUsed = 0;

  constructor(
    readonly id: string,
    readonly ns: string,
    readonly selector: Selector,
  ) {}

  count(ni: NodeInfo): number {
    const id = ni.id;
    return id < this.perNode.length ? this.perNode[id] : 0;
  }

  /** Adds delta to the node's count; returns the new count. */
  add(ni: NodeInfo, delta: number): number {
    const id = ni.id;
    if (id >= this.perNode.length) {
      const bigger = new Int32Array(Math.max(id + 1, this.perNode.length * 2));
      bigger.set(this.perNode);
      this.perNode = bigger;
    }
    return (this.perNode[id] += delta);
  }
}

/** How many selectors stay tracked; the least recently used is dropped beyond this (only a cost, never a result). */
const MAX_TRACKED = 512;

export class SpreadIndex {
  private readonly tracked = new Map<string, TrackedSelector>();
  /** Groups per namespace, to match a newly tracked selector against. */
  private readonly groupsByNs = new Map<string, Set<LabelGroup>>();
  private useClock = 0;

  constructor(private readonly nodes: () => Iterable<NodeInfo>) {}

  get size(): number {
    return this.tracked.size;
  }

  /** The tracked counts for (namespace, selector), built on first use from the nodes' label groups. */
  track(ns: string, selector: Selector): TrackedSelector {
    const id = ns + "\u0000" + selector.key;
    let ts = this.tracked.get(id);
    if (ts) {
      ts.lastUsed = ++this.useClock;
      return ts;
    }
    ts = new TrackedSelector(id, ns, selector);
    ts.lastUsed = ++this.useClock;
    const matched = new Set<LabelGroup>();
    for (const g of this.groupsByNs.get(ns) ?? []) {
      if (selector.matches(g.labels)) {
        matched.add(g);
        g.matchers.push(ts);
      }
    }
    if (matched.size) {
      for (const ni of this.nodes()) {
        let n = 0;
        for (const [g, gc] of ni.groups) if (gc.live > 0 && matched.has(g)) n += gc.live;
        if (n) ts.add(ni, n);
      }
    }
    this.tracked.set(id, ts);
    if (this.tracked.size > MAX_TRACKED) this.evictOldest();
    return ts;
  }

  /** Live matching pods per value of `key`, over nodes with a Node object (built on first use). */
  domainCounts(ts: TrackedSelector, key: string): Map<string, number> {
    let d = ts.domains.get(key);
    if (d) return d;
    d = new Map();
    for (const ni of this.nodes()) {
      const n = ts.count(ni);
      if (!n || !ni.node) continue;
      const v = ni.label(key) ?? "";
      d.set(v, (d.get(v) ?? 0) + n);
    }
    ts.domains.set(key, d);
    return d;
  }

  groupAdded(g: LabelGroup): void {
    let set = this.groupsByNs.get(g.ns);
    if (!set) this.groupsByNs.set(g.ns, (set = new Set()));
    set.add(g);
    for (const ts of this.tracked.values()) if (ts.ns === g.ns && ts.selector.matches(g.labels)) g.matchers.push(ts);
  }

  groupRemoved(g: LabelGroup): void {
    this.groupsByNs.get(g.ns)?.delete(g);
    g.matchers.length = 0;
  }

  /** `delta` live pods of group `g` appeared on (or, negative, left) node `ni`. */
  liveDelta(ni: NodeInfo, g: LabelGroup, delta: number): void {
    const ms = g.matchers as TrackedSelector[];
    for (let i = 0; i < ms.length; i++) {
      const ts = ms[i];
      ts.add(ni, delta);
      if (ni.node && ts.domains.size) addToDomains(ts, ni, delta);
    }
  }

  /** Call before a node's labels change or its Node goes away: takes its counts out of every domain. */
  detachNode(ni: NodeInfo): void {
    if (!ni.node) return;
    for (const ts of this.tracked.values()) {
      const n = ts.count(ni);
      if (n && ts.domains.size) addToDomains(ts, ni, -n);
    }
  }

  /** Call after a node got its Node or new labels: puts its counts into the domains of its labels. */
  attachNode(ni: NodeInfo): void {
    if (!ni.node) return;
    for (const ts of this.tracked.values()) {
      const n = ts.count(ni);
      if (n && ts.domains.size) addToDomains(ts, ni, n);
    }
  }

  /** Forgets a node entirely (its NodeInfo is being dropped). */
  dropNode(ni: NodeInfo): void {
    for (const ts of this.tracked.values()) {
      const n = ts.count(ni);
      if (n) ts.add(ni, -n);
    }
  }

  clear(): void {
    this.tracked.clear();
    this.groupsByNs.clear();
  }

  private evictOldest(): void {
    let oldest: TrackedSelector | undefined;
    for (const ts of this.tracked.values()) if (!oldest || ts.lastUsed < oldest.lastUsed) oldest = ts;
    if (!oldest) return;
    this.tracked.delete(oldest.id);
    for (const g of this.groupsByNs.get(oldest.ns) ?? []) {
      const i = g.matchers.indexOf(oldest);
      if (i >= 0) g.matchers.splice(i, 1);
    }
  }
}

function addToDomains(ts: TrackedSelector, ni: NodeInfo, delta: number): void {
  for (const [key, d] of ts.domains) {
    const v = ni.label(key) ?? "";
    const n = (d.get(v) ?? 0) + delta;
    if (n) d.set(v, n);
    else d.delete(v);
  }
}
