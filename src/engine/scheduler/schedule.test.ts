import { describe, expect, it } from "vitest";
import { Rng } from "../prng";
import { numFeasibleNodesToFind, SchedulingAlgorithm } from "./schedule";
import { cacheWith, CONTROL_PLANE_TAINT, makeNode, makePod } from "./testkit";
import type { Pod } from "../api/types";
import type { SchedulerCache } from "./cache";

const algo = (cache: SchedulerCache, seed = 1) => new SchedulingAlgorithm(cache, new Rng(seed));

function scheduleAll(a: SchedulingAlgorithm, pods: Pod[]): string[] {
  return pods.map((p) => {
    const r = a.schedule(p);
    if (r.kind !== "scheduled") return `!${r.message}`;
    a.cache.assumePod({ ...p, spec: { ...p.spec, nodeName: r.host } });
    return r.host;
  });
}

describe("numFeasibleNodesToFind (schedule_one_test.go TestNumFeasibleNodesToFind)", () => {
  it("uses all nodes below 100, then the adaptive percentage, never fewer than 100", () => {
    expect(numFeasibleNodesToFind(0, 10)).toBe(10);
    expect(numFeasibleNodesToFind(0, 50)).toBe(50);
    expect(numFeasibleNodesToFind(0, 100)).toBe(100); // 50% = 50 → at least 100
    expect(numFeasibleNodesToFind(0, 1000)).toBe(420); // 50 − 8 = 42%
    expect(numFeasibleNodesToFind(0, 5000)).toBe(500); // 50 − 40 = 10%
    expect(numFeasibleNodesToFind(0, 6000)).toBe(300); // 50 − 48 = 2% → 5%
    expect(numFeasibleNodesToFind(0, 15000)).toBe(750); // 5%
  });

  it("honours an explicit percentageOfNodesToScore", () => {
    expect(numFeasibleNodesToFind(40, 10)).toBe(10);
    expect(numFeasibleNodesToFind(40, 1000)).toBe(400);
    expect(numFeasibleNodesToFind(40, 6000)).toBe(2400);
  });
});

describe("FailedScheduling message (FitError.Error + DefaultPreemption)", () => {
  it("a tainted control plane and three cordoned workers", () => {
    const cache = cacheWith([
      makeNode("control-plane-1", { taints: [CONTROL_PLANE_TAINT] }),
      ...[1, 2, 3].map((i) => makeNode(`worker-${i}`, { unschedulable: true, taints: [{ key: "node.kubernetes.io/unschedulable", effect: "NoSchedule" }] })),
    ]);
    const r = algo(cache).schedule(makePod("web-1"));
    expect(r.kind).toBe("unschedulable");
    // v1.32 appends the preemption message with a space and no extra period (kubernetes/kubernetes#117588,
    // v1.28+); clusters before v1.28 printed "..", as in the v1.26 example of shared/KUBERNETES.md §19.
    expect(r.kind === "unschedulable" && r.message).toBe(
      "0/4 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 3 node(s) were unschedulable. preemption: 0/4 nodes are available: 4 Preemption is not helpful for scheduling.",
    );
  });

  it("a single tainted control plane (kubeadm without workers)", () => {
    const r = algo(cacheWith([makeNode("control-plane-1", { taints: [CONTROL_PLANE_TAINT] })])).schedule(makePod("p"));
    expect(r.kind === "unschedulable" && r.message).toBe(
      "0/1 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.",
    );
  });

  it("insufficient cpu: no preemption victims (every pod has priority 0)", () => {
    const cache = cacheWith(
      [makeNode("control-plane-1", { taints: [CONTROL_PLANE_TAINT] }), makeNode("worker-1", { cpu: "2" }), makeNode("worker-2", { cpu: "2" })],
      [makePod("hog-1", { nodeName: "worker-1", cpu: "1500m" }), makePod("hog-2", { nodeName: "worker-2", cpu: "1500m" })],
    );
    const r = algo(cache).schedule(makePod("big", { cpu: "1" }));
    expect(r.kind === "unschedulable" && r.message).toBe(
      "0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.",
    );
    expect(r.kind === "unschedulable" && [...r.unschedulablePlugins].sort()).toEqual(["NodeResourcesFit", "TaintToleration"]);
  });

  it("a node short of both cpu and memory counts in both reasons", () => {
    const cache = cacheWith([makeNode("w1", { cpu: "1", memory: "1Gi" }), makeNode("w2", { cpu: "4", memory: "1Gi" })]);
    const r = algo(cache).schedule(makePod("p", { cpu: "2", memory: "2Gi" }));
    expect(r.kind === "unschedulable" && r.message).toBe(
      "0/2 nodes are available: 1 Insufficient cpu, 2 Insufficient memory. preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod.",
    );
  });

  it("reasons sort as strings (\"10 ...\" before \"2 ...\")", () => {
    const nodes = [
      ...Array.from({ length: 10 }, (_, i) => makeNode(`c${i}`, { unschedulable: true })),
      makeNode("t1", { taints: [{ key: "a", value: "b", effect: "NoSchedule" }] }),
      makeNode("t2", { taints: [{ key: "a", value: "b", effect: "NoSchedule" }] }),
    ];
    const r = algo(cacheWith(nodes)).schedule(makePod("p"));
    expect(r.kind === "unschedulable" && r.message).toBe(
      "0/12 nodes are available: 10 node(s) were unschedulable, 2 node(s) had untolerated taint {a: b}. preemption: 0/12 nodes are available: 12 Preemption is not helpful for scheduling.",
    );
  });

  it("preemptionPolicy Never", () => {
    const r = algo(cacheWith([makeNode("w", { cpu: "1" })])).schedule(makePod("p", { cpu: "2", preemptionPolicy: "Never" }));
    expect(r.kind === "unschedulable" && r.message).toBe("0/1 nodes are available: 1 Insufficient cpu. preemption: not eligible due to preemptionPolicy=Never.");
  });

  it("node affinity to named nodes (PreFilterResult)", () => {
    const cache = cacheWith([makeNode("a"), makeNode("b", { unschedulable: true }), makeNode("c")]);
    const pod = makePod("p", {
      affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: "metadata.name", operator: "In", values: ["b"] }] }] } } },
    });
    const r = algo(cache).schedule(pod);
    expect(r.kind === "unschedulable" && r.message).toBe(
      "0/3 nodes are available: 1 node(s) were unschedulable, 2 node(s) didn't satisfy plugin(s) [NodeAffinity]. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.",
    );
  });

  it("a higher-priority pod that would fit after evicting lower-priority pods: preemption finds a candidate", () => {
    const cache = cacheWith([makeNode("w1", { cpu: "2" })], [makePod("low", { nodeName: "w1", cpu: "1500m", priority: 0 })]);
    const r = algo(cache).schedule(makePod("vip", { cpu: "1", priority: 1000 }));
    // Upstream would nominate w1 and evict "low"; the message then has no preemption part.
    expect(r.kind === "unschedulable" && [r.message, r.preemptionCandidate]).toEqual(["0/1 nodes are available: 1 Insufficient cpu.", "w1"]);
  });

  it("records every node's verdict when nothing fits", () => {
    const a = algo(cacheWith([makeNode("cp", { taints: [CONTROL_PLANE_TAINT] }), makeNode("w1", { unschedulable: true })]));
    a.schedule(makePod("p"));
    expect(a.lastDecision!.nodes).toEqual([
      { node: "cp", verdict: "filtered", plugin: "TaintToleration", code: "UnschedulableAndUnresolvable", reasons: ["node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }"] },
      { node: "w1", verdict: "filtered", plugin: "NodeUnschedulable", code: "UnschedulableAndUnresolvable", reasons: ["node(s) were unschedulable"] },
    ]);
    expect(a.lastDecision!.chosen).toBeNull();
    expect(a.lastDecision!.message).toMatch(/^0\/2 nodes are available: /);
  });

  it("no nodes at all", () => {
    const r = algo(cacheWith([])).schedule(makePod("p"));
    expect(r).toEqual({ kind: "noNodes", message: "no nodes available to schedule pods" });
  });
});

describe("scheduling decisions", () => {
  it("picks the least allocated node, and records the decision", () => {
    const cache = cacheWith(
      [makeNode("control-plane-1", { taints: [CONTROL_PLANE_TAINT] }), makeNode("worker-1"), makeNode("worker-2")],
      [makePod("busy", { nodeName: "worker-1", cpu: "2", memory: "4Gi" })],
    );
    const a = algo(cache);
    const r = a.schedule(makePod("web-1", { cpu: "100m", memory: "128Mi" }));
    expect(r).toMatchObject({ kind: "scheduled", host: "worker-2", feasibleNodes: 2, evaluatedNodes: 3 });
    const d = a.lastDecision!;
    expect(d.pod).toBe("default/web-1");
    expect(d.chosen).toBe("worker-2");
    expect(d.scorePlugins.map((p) => p.name)).toEqual(["TaintToleration", "NodeResourcesFit", "NodeResourcesBalancedAllocation", "ImageLocality"]);
    const byNode = Object.fromEntries(d.nodes.map((n) => [n.node, n]));
    expect(byNode["control-plane-1"]).toMatchObject({ verdict: "filtered", plugin: "TaintToleration", code: "UnschedulableAndUnresolvable" });
    expect(byNode["worker-2"].scores).toEqual({ TaintToleration: 100, NodeResourcesFit: 97, NodeResourcesBalancedAllocation: 99, ImageLocality: 0 });
    expect(byNode["worker-2"].total).toBe(300 + 97 + 99 + 0);
    expect(byNode["worker-1"].total!).toBeLessThan(byNode["worker-2"].total!);
    expect(a.lastDecision).toBe(d); // memoized until the next cycle
  });

  it("one feasible node wins without scoring", () => {
    const a = algo(cacheWith([makeNode("a"), makeNode("b", { unschedulable: true })]));
    expect(a.schedule(makePod("p"))).toMatchObject({ kind: "scheduled", host: "a", feasibleNodes: 1 });
    expect(a.lastDecision!.scorePlugins).toEqual([]);
  });

  it("the same seed gives the same choices; ties are broken by the Rng", () => {
    const run = (seed: number) => {
      const cache = cacheWith(Array.from({ length: 8 }, (_, i) => makeNode(`n${i}`, { cpu: "64", memory: "256Gi" })));
      // Zero-request pods barely move the scores, so most choices are ties.
      return scheduleAll(algo(cache, seed), Array.from({ length: 40 }, (_, i) => makePod(`p${i}`, { containers: [] })));
    };
    expect(run(7)).toEqual(run(7));
    expect(run(7)).not.toEqual(run(8));
    expect(new Set(run(7)).size).toBe(8);
  });

  it("spreads replicas of a ReplicaSet-less deployment by least allocation", () => {
    const cache = cacheWith(["w1", "w2", "w3"].map((n) => makeNode(n)));
    const hosts = scheduleAll(algo(cache), Array.from({ length: 9 }, (_, i) => makePod(`p${i}`, { cpu: "500m", memory: "512Mi" })));
    const counts = hosts.reduce<Record<string, number>>((m, h) => ((m[h] = (m[h] ?? 0) + 1), m), {});
    expect(counts).toEqual({ w1: 3, w2: 3, w3: 3 });
  });

  it("nextStartNodeIndex walks the nodes round robin when only some are needed", () => {
    const cache = cacheWith(Array.from({ length: 1000 }, (_, i) => makeNode(`n${i}`)));
    const a = algo(cache);
    a.schedule(makePod("p1"));
    expect(a.lastDecision!.evaluatedNodes).toBe(420);
    expect(a.nextStartNodeIndex).toBe(420);
    a.schedule(makePod("p2"));
    expect(a.nextStartNodeIndex).toBe(840);
    a.schedule(makePod("p3"));
    expect(a.nextStartNodeIndex).toBe(260);
    const evaluated = a.lastDecision!.nodes.filter((n) => n.verdict !== "not evaluated").map((n) => n.node);
    expect(evaluated).toContain("n999");
    expect(evaluated).toContain("n0");
    expect(evaluated).not.toContain("n500");
  });

  it("nodes are interleaved across zones (nodeTree)", () => {
    const z = (name: string, zone: string) => makeNode(name, { labels: { "topology.kubernetes.io/zone": zone } });
    const cache = cacheWith([z("a1", "a"), z("a2", "a"), z("a3", "a"), z("b1", "b"), z("c1", "c"), z("c2", "c")]);
    expect(cache.list().map((n) => n.name)).toEqual(["a1", "b1", "c1", "a2", "c2", "a3"]);
  });
});
