import { describe, expect, it } from "vitest";
import type { Affinity, PodAffinityTerm } from "../../api/types";
import { podAffinityInfo } from "../nodeinfo";
import { cacheWith, makeNode, makePod } from "../testkit";
import type { SchedulerCache } from "../cache";
import * as ipa from "./interpodaffinity";

// Mirrors pkg/scheduler/framework/plugins/interpodaffinity/filtering_test.go (TestRequiredAffinitySingleNode,
// TestRequiredAffinityMultipleNodes) and scoring_test.go (TestPreferredAffinity).

const securityscan = { service: "securityscan" };
const term = (values: string[], topologyKey = "region", namespaces?: string[]): PodAffinityTerm => ({
  labelSelector: { matchExpressions: [{ key: "service", operator: "In", values }] },
  topologyKey,
  ...(namespaces ? { namespaces } : {}),
});
const affinity = (t: PodAffinityTerm): Affinity => ({ podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [t] } });
const antiAffinity = (t: PodAffinityTerm): Affinity => ({ podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [t] } });

function filterOn(pod: ReturnType<typeof makePod>, cache: SchedulerCache, node = "node1") {
  const st = ipa.preFilter(pod, podAffinityInfo(pod), cache);
  if (!st) return "skip";
  const ni = cache.nodeInfo(node)!;
  return ipa.filter(st, ni) ?? "Success";
}

const node1 = () => makeNode("node1", { labels: { region: "r1", zone: "z11", "kubernetes.io/hostname": "node1" } });

describe("InterPodAffinity filter", () => {
  it("a pod without affinity on a node without pods: PreFilter skips", () => {
    expect(filterOn(makePod("p"), cacheWith([node1()]))).toBe("skip");
  });

  it("satisfies required pod affinity (In) with an existing pod in the same region", () => {
    const c = cacheWith([node1()], [makePod("e", { nodeName: "node1", labels: securityscan })]);
    expect(filterOn(makePod("p", { affinity: affinity(term(["securityscan", "value2"])) }), c)).toBe("Success");
  });

  it("does not satisfy pod affinity because of a different namespace", () => {
    const c = cacheWith([node1()], [makePod("e", { nodeName: "node1", labels: securityscan })]);
    const s = filterOn(makePod("p", { labels: securityscan, affinity: affinity(term(["securityscan"], "region", ["DiffNameSpace"])) }), c);
    expect(s).toMatchObject({ code: "UnschedulableAndUnresolvable", reasons: ["node(s) didn't match pod affinity rules"] });
  });

  it("the first pod of a self-affine group may go anywhere with the topology key", () => {
    const c = cacheWith([node1()]);
    expect(filterOn(makePod("p", { labels: securityscan, affinity: affinity(term(["securityscan"])) }), c)).toBe("Success");
    // ...but not when it does not match its own terms.
    expect(filterOn(makePod("q", { labels: { other: "x" }, affinity: affinity(term(["securityscan"])) }), c)).toMatchObject({ code: "UnschedulableAndUnresolvable" });
  });

  it("a node without the topology key fails required affinity", () => {
    const c = cacheWith([makeNode("node1", { labels: {} })], [makePod("e", { nodeName: "node1", labels: securityscan })]);
    expect(filterOn(makePod("p", { affinity: affinity(term(["securityscan"])) }), c)).toMatchObject({ code: "UnschedulableAndUnresolvable" });
  });

  it("required anti-affinity to an existing pod in the domain is Unschedulable", () => {
    const c = cacheWith([node1()], [makePod("e", { nodeName: "node1", labels: securityscan })]);
    expect(filterOn(makePod("p", { affinity: antiAffinity(term(["securityscan"], "zone")) }), c)).toMatchObject({
      code: "Unschedulable",
      reasons: ["node(s) didn't match pod anti-affinity rules"],
    });
  });

  it("an existing pod's anti-affinity is respected by a pod without any (symmetry)", () => {
    const existing = makePod("e", { nodeName: "node1", labels: { app: "db" }, affinity: antiAffinity(term(["securityscan"], "zone")) });
    const c = cacheWith([node1(), makeNode("node2", { labels: { region: "r1", zone: "z12" } })], [existing]);
    const pod = makePod("p", { labels: securityscan });
    expect(filterOn(pod, c, "node1")).toMatchObject({ code: "Unschedulable", reasons: ["node(s) didn't satisfy existing pods anti-affinity rules"] });
    expect(filterOn(pod, c, "node2")).toBe("Success");
  });
});

describe("InterPodAffinity score", () => {
  const nodes = () => [
    makeNode("node1", { labels: { region: "China" } }),
    makeNode("node2", { labels: { region: "India" } }),
    makeNode("node3", { labels: { az: "az1" } }),
  ];
  function scores(pod: ReturnType<typeof makePod>, cache: SchedulerCache): number[] | "skip" {
    const st = ipa.preScore(pod, podAffinityInfo(pod), cache);
    if (!st) return "skip";
    const list = cache.list();
    const sc = new Float64Array(list.length);
    list.forEach((ni, i) => (sc[i] = ipa.score(st, ni)));
    ipa.normalize(sc, list.length);
    return [...sc];
  }
  const prefer = (weight: number, values: string[], key = "region"): Affinity => ({
    podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight, podAffinityTerm: term(values, key) }] },
  });

  it("all nodes score 0 (skip) when there are no preferred terms and no pods with affinity", () => {
    expect(scores(makePod("p"), cacheWith(nodes()))).toBe("skip");
  });

  it("prefers the region of matching pods", () => {
    const c = cacheWith(nodes(), [makePod("e1", { nodeName: "node1", labels: securityscan }), makePod("e2", { nodeName: "node2", labels: { service: "x" } })]);
    expect(scores(makePod("p", { affinity: prefer(5, ["securityscan"]) }), c)).toEqual([100, 0, 0]);
  });

  it("preferred anti-affinity pushes away; min–max normalization", () => {
    const anti: Affinity = { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 5, podAffinityTerm: term(["securityscan"]) }] } };
    const c = cacheWith(nodes(), [makePod("e1", { nodeName: "node1", labels: securityscan })]);
    expect(scores(makePod("p", { affinity: anti }), c)).toEqual([0, 100, 100]);
  });

  it("existing pods' required affinity terms count with hardPodAffinityWeight 1 (symmetry)", () => {
    const existing = makePod("e1", { nodeName: "node2", labels: { app: "cache" }, affinity: affinity(term(["securityscan"])) });
    const c = cacheWith(nodes(), [existing]);
    expect(scores(makePod("p", { labels: securityscan }), c)).toEqual([0, 100, 0]);
  });
});
