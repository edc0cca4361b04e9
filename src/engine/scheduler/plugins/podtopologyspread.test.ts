import { describe, expect, it } from "vitest";
import type { LabelSelector, Pod, ReplicaSet, Service, TopologySpreadConstraint } from "../../api/types";
import { cacheWith, makeNode, makePod } from "../testkit";
import type { SchedulerCache } from "../cache";
import * as pts from "./podtopologyspread";

// Mirrors pkg/scheduler/framework/plugins/podtopologyspread/filtering_test.go (TestSingleConstraint) and
// scoring_test.go (TestPodTopologySpreadScore), plus the system default constraints (plugin.go).

const fooExists: LabelSelector = { matchExpressions: [{ key: "foo", operator: "Exists" }] };
const hard = (maxSkew: number, key: string, sel = fooExists): TopologySpreadConstraint => ({ maxSkew, topologyKey: key, whenUnsatisfiable: "DoNotSchedule", labelSelector: sel });
const soft = (maxSkew: number, key: string, sel = fooExists): TopologySpreadConstraint => ({ maxSkew, topologyKey: key, whenUnsatisfiable: "ScheduleAnyway", labelSelector: sel });

const zoneNodes = () => [
  makeNode("node-a", { labels: { zone: "zone1", node: "node-a" } }),
  makeNode("node-b", { labels: { zone: "zone1", node: "node-b" } }),
  makeNode("node-x", { labels: { zone: "zone2", node: "node-x" } }),
  makeNode("node-y", { labels: { zone: "zone2", node: "node-y" } }),
];
const existing = (counts: Record<string, number>, labels: Record<string, string> = { foo: "" }) =>
  Object.entries(counts).flatMap(([node, n]) => Array.from({ length: n }, (_, i) => makePod(`p-${node}-${i}`, { nodeName: node, labels })));

function filterAll(pod: Pod, cache: SchedulerCache): Record<string, string> {
  const st = pts.preFilter(pod, cache, pts.NO_OWNERS, null);
  const out: Record<string, string> = {};
  for (const ni of cache.list()) {
    const s = st ? pts.filter(st, ni) : null;
    out[ni.name] = s ? s.code : "Success";
  }
  return out;
}

describe("PodTopologySpread filter (TestSingleConstraint)", () => {
  const pod = (c: TopologySpreadConstraint) => makePod("p", { labels: { foo: "" }, spread: [c] });

  it("no existing pods: all nodes fit", () => {
    expect(filterAll(pod(hard(1, "zone")), cacheWith(zoneNodes()))).toEqual({ "node-a": "Success", "node-b": "Success", "node-x": "Success", "node-y": "Success" });
  });

  it("no existing pods, incoming pod doesn't match itself", () => {
    const p = makePod("p", { labels: { foo: "" }, spread: [hard(1, "zone", { matchExpressions: [{ key: "bar", operator: "Exists" }] })] });
    expect(Object.values(filterAll(p, cacheWith(zoneNodes())))).toEqual(["Success", "Success", "Success", "Success"]);
  });

  it("existing pods in a different namespace do not count", () => {
    const pods = existing({ "node-a": 1, "node-b": 1 }).map((p) => ({ ...p, metadata: { ...p.metadata, namespace: "ns1" } }));
    expect(Object.values(filterAll(pod(hard(1, "zone")), cacheWith(zoneNodes(), pods)))).toEqual(["Success", "Success", "Success", "Success"]);
  });

  it("pods spread across zones as 3/3, all nodes fit", () => {
    const c = cacheWith(zoneNodes(), existing({ "node-a": 1, "node-b": 2, "node-x": 1, "node-y": 2 }));
    expect(Object.values(filterAll(pod(hard(1, "zone")), c))).toEqual(["Success", "Success", "Success", "Success"]);
  });

  it("pods spread across zones as 1/2 due to absence of label 'zone' on node-b", () => {
    const nodes = zoneNodes();
    nodes[1] = makeNode("node-b", { labels: { zon: "zone1", node: "node-b" } });
    const c = cacheWith(nodes, existing({ "node-a": 1, "node-x": 1, "node-y": 1 }));
    expect(filterAll(pod(hard(1, "zone")), c)).toEqual({
      "node-a": "Success",
      "node-b": "UnschedulableAndUnresolvable",
      "node-x": "Unschedulable",
      "node-y": "Unschedulable",
    });
  });

  it("pod cannot be scheduled as all nodes don't have label 'rack'", () => {
    const c = cacheWith(zoneNodes());
    const st = pts.preFilter(pod(hard(1, "rack")), c, pts.NO_OWNERS, null)!;
    for (const ni of c.list()) expect(pts.filter(st, ni)?.reasons).toEqual(["node(s) didn't match pod topology spread constraints (missing required label)"]);
  });

  it("pods spread across nodes as 2/1/0/3, only node-x fits", () => {
    const c = cacheWith(zoneNodes(), existing({ "node-a": 2, "node-b": 1, "node-y": 3 }));
    expect(filterAll(pod(hard(1, "node")), c)).toEqual({ "node-a": "Unschedulable", "node-b": "Unschedulable", "node-x": "Success", "node-y": "Unschedulable" });
  });

  it("pods spread across nodes as 2/1/0/3, maxSkew is 2, node-b and node-x fit", () => {
    const c = cacheWith(zoneNodes(), existing({ "node-a": 2, "node-b": 1, "node-y": 3 }));
    expect(filterAll(pod(hard(2, "node")), c)).toEqual({ "node-a": "Unschedulable", "node-b": "Success", "node-x": "Success", "node-y": "Unschedulable" });
  });

  it("terminating pods are not counted", () => {
    const pods = existing({ "node-a": 2 }).map((p) => ({ ...p, metadata: { ...p.metadata, deletionTimestamp: "2024-12-11T00:00:00Z" } }));
    expect(Object.values(filterAll(pod(hard(1, "node")), cacheWith(zoneNodes(), pods)))).toEqual(["Success", "Success", "Success", "Success"]);
  });

  it("minDomains greater than the number of domains makes the global minimum 0", () => {
    const c = cacheWith(zoneNodes(), existing({ "node-a": 1, "node-b": 1, "node-x": 1, "node-y": 1 }));
    const con = { ...hard(1, "zone"), minDomains: 3 } as TopologySpreadConstraint;
    // zone1 2 + 1 − 0 > 1 on every node.
    expect(Object.values(filterAll(pod(con), c))).toEqual(["Unschedulable", "Unschedulable", "Unschedulable", "Unschedulable"]);
  });
});

function scoreAll(pod: Pod, cache: SchedulerCache, owners = pts.NO_OWNERS, candidates?: string[]): Record<string, number> | "skip" {
  const nodes = cache.list().filter((n) => !candidates || candidates.includes(n.name));
  const st = pts.preScore(pod, nodes, nodes.length, cache, owners, null);
  if (!st) return "skip";
  const sc = new Float64Array(nodes.length);
  nodes.forEach((ni, i) => (sc[i] = pts.score(st, ni)));
  pts.normalize(st, nodes, sc, nodes.length);
  return Object.fromEntries(nodes.map((n, i) => [n.name, sc[i]]));
}

describe("PodTopologySpread score (TestPodTopologySpreadScore)", () => {
  const nodeNodes = (...names: string[]) => names.map((n) => makeNode(n, { labels: { node: n } }));

  it("one constraint on node, no existing pods", () => {
    const p = makePod("p", { labels: { foo: "" }, spread: [soft(1, "node")] });
    expect(scoreAll(p, cacheWith(nodeNodes("node-a", "node-b")))).toEqual({ "node-a": 100, "node-b": 100 });
  });

  it("one constraint on node, all nodes have the same number of matching pods", () => {
    const p = makePod("p", { labels: { foo: "" }, spread: [soft(1, "node")] });
    expect(scoreAll(p, cacheWith(nodeNodes("node-a", "node-b"), existing({ "node-a": 1, "node-b": 1 })))).toEqual({ "node-a": 100, "node-b": 100 });
  });

  it("one constraint on node, all 4 nodes are candidates", () => {
    // counts a 2, b 1, c 0, d 3; weight log(4+2); raw round(c·1.79) = 4, 2, 0, 5 → 100·(5+0−s)/5.
    const p = makePod("p", { labels: { foo: "" }, spread: [soft(1, "node")] });
    const c = cacheWith(nodeNodes("node-a", "node-b", "node-c", "node-d"), existing({ "node-a": 2, "node-b": 1, "node-d": 3 }));
    expect(scoreAll(p, c)).toEqual({ "node-a": 20, "node-b": 60, "node-c": 100, "node-d": 0 });
  });

  it("nodes missing the constraint's key are ignored (score 0) for the pod's own constraints", () => {
    const p = makePod("p", { labels: { foo: "" }, spread: [soft(1, "node")] });
    const c = cacheWith([...nodeNodes("node-a"), makeNode("node-b", { labels: { other: "x" } })], existing({ "node-a": 1 }));
    expect(scoreAll(p, c)).toEqual({ "node-a": 100, "node-b": 0 });
  });

  it("two constraints on zone and node, counts over all nodes though only some are candidates", () => {
    // zone1 (a,b) has 3 matching pods, zone2 (x,y) has 1; candidates a and x.
    const p = makePod("p", { labels: { foo: "" }, spread: [soft(1, "zone"), soft(1, "node")] });
    const c = cacheWith(zoneNodes(), existing({ "node-a": 1, "node-b": 2, "node-y": 1 }));
    // zone weight log(2+2)=1.386, node weight log(2+2); a: 3·1.386 + 1·1.386 = 5.55 → 6; x: 1·1.386 + 0 → 1.
    expect(scoreAll(p, c, pts.NO_OWNERS, ["node-a", "node-x"])).toEqual({ "node-a": 16, "node-x": 100 });
  });

  it("no soft constraints and no owner: PreScore skips", () => {
    expect(scoreAll(makePod("p", { labels: { foo: "" } }), cacheWith(nodeNodes("node-a")))).toBe("skip");
  });
});

describe("PodTopologySpread system default constraints", () => {
  const rs: ReplicaSet = {
    apiVersion: "apps/v1",
    kind: "ReplicaSet",
    metadata: { name: "web-7d9c", namespace: "default", uid: "rs-uid", resourceVersion: "1", creationTimestamp: "" },
    spec: { replicas: 3, selector: { matchLabels: { app: "web", "pod-template-hash": "7d9c" } }, template: { metadata: {}, spec: { containers: [] } } },
    status: { replicas: 3 },
  };
  const svc: Service = {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: "web", namespace: "default", uid: "svc", resourceVersion: "1", creationTimestamp: "" },
    spec: { selector: { app: "web" }, ports: [], type: "ClusterIP" },
    status: { loadBalancer: {} },
  };
  const owners: pts.OwnerListers = { services: () => [svc], replicaSet: (_ns, name) => (name === rs.metadata.name ? rs : undefined), version: 1 };
  const labels = { app: "web", "pod-template-hash": "7d9c" };
  const owned = (name: string, nodeName?: string) =>
    makePod(name, { labels, nodeName, owner: { apiVersion: "apps/v1", kind: "ReplicaSet", name: rs.metadata.name, uid: rs.metadata.uid, controller: true } });

  it("DefaultSelector merges the Service selector and the ReplicaSet selector", () => {
    expect(pts.defaultSelector(owned("p"), owners).key).toBe("app=web,app=web,pod-template-hash=7d9c");
    expect(pts.defaultSelector(makePod("bare", { labels: { x: "y" } }), owners).empty).toBe(true);
  });

  it("hostname (maxSkew 3) and zone (maxSkew 5) constraints score nodes, nodes without a zone by hostname only", () => {
    const nodes = [
      makeNode("w1", { labels: { "kubernetes.io/hostname": "w1", "topology.kubernetes.io/zone": "z1" } }),
      makeNode("w2", { labels: { "kubernetes.io/hostname": "w2", "topology.kubernetes.io/zone": "z1" } }),
      makeNode("w3", { labels: { "kubernetes.io/hostname": "w3", "topology.kubernetes.io/zone": "z2" } }),
      makeNode("w4", { labels: { "kubernetes.io/hostname": "w4" } }),
    ];
    const c = cacheWith(nodes, [owned("a", "w1"), owned("b", "w1"), owned("c", "w2"), owned("d", "w4")]);
    // hostname weight log(4+2)=1.792, zone domains {z1,z2,""} weight log(3+2)=1.609.
    // w1: 2·1.792+2 + 3·1.609+4 = 14.41 → 14; w2: 1.792+2 + 8.83 = 12.62 → 13; w3: 2 + 0+4 = 6; w4: 1.792+2 = 3.79 → 4.
    // normalized 100·(14+4−s)/14 → w1 28, w2 35, w3 85, w4 100.
    expect(scoreAll(owned("p"), c, owners)).toEqual({ w1: 28, w2: 35, w3: 85, w4: 100 });
  });

  it("counts stay right as pods come and go (tracked selectors)", () => {
    const nodes = [makeNode("w1"), makeNode("w2")];
    const c = cacheWith(nodes, [owned("a", "w1")]);
    // w1: round(1·log 4 + 2) = 3, w2: 2 → 100·(3+2−s)/3: the maxSkew−1 offset waters differences down.
    expect(scoreAll(owned("p"), c, owners)).toEqual({ w1: 66, w2: 100 });
    const b = owned("b", "w2");
    c.addPod(b);
    c.addPod(owned("b2", "w2"));
    // w1 3, w2 round(2·1.386 + 2) = 5.
    expect(scoreAll(owned("p"), c, owners)).toEqual({ w1: 100, w2: 60 });
    c.removePod(b);
    expect(scoreAll(owned("p"), c, owners)).toEqual({ w1: 100, w2: 100 });
  });
});
