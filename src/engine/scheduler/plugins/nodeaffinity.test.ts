import { describe, expect, it } from "vitest";
import type { Affinity, NodeSelectorTerm } from "../../api/types";
import { cacheWith, makeNode, makePod } from "../testkit";
import * as na from "./nodeaffinity";

// Mirrors pkg/scheduler/framework/plugins/nodeaffinity/node_affinity_test.go (TestNodeAffinity, TestNodeAffinityPriority).

function fits(o: { nodeSelector?: Record<string, string>; affinity?: Affinity }, labels: Record<string, string>, name = "node1"): boolean | "skip" {
  const pod = makePod("p", o);
  const pf = na.preFilter(pod);
  if (!pf.required) return "skip";
  const ni = cacheWith([makeNode(name, { labels })]).list()[0];
  return na.filter(pf.required, ni) === null;
}

const required = (...terms: NodeSelectorTerm[]): Affinity => ({ nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms } } });

describe("NodeAffinity filter", () => {
  it("no selector and no affinity: PreFilter skips", () => {
    expect(fits({}, {})).toBe("skip");
  });

  it("missing labels", () => {
    expect(fits({ nodeSelector: { foo: "bar" } }, {})).toBe(false);
  });

  it("same labels", () => {
    expect(fits({ nodeSelector: { foo: "bar" } }, { foo: "bar" })).toBe(true);
  });

  it("node labels are a superset", () => {
    expect(fits({ nodeSelector: { foo: "bar" } }, { foo: "bar", baz: "blah" })).toBe(true);
  });

  it("node labels are a subset", () => {
    expect(fits({ nodeSelector: { foo: "bar", baz: "blah" } }, { foo: "bar" })).toBe(false);
  });

  it("matchExpressions In and Gt", () => {
    const aff = required({ matchExpressions: [{ key: "foo", operator: "In", values: ["bar", "value2"] }] });
    expect(fits({ affinity: aff }, { foo: "bar" })).toBe(true);
    const gt = required({ matchExpressions: [{ key: "kernel-version", operator: "Gt", values: ["0204"] }] });
    expect(fits({ affinity: gt }, { "kernel-version": "0206" })).toBe(true);
    expect(fits({ affinity: gt }, { "kernel-version": "0200" })).toBe(false);
  });

  it("NotIn and DoesNotExist", () => {
    const aff = required({ matchExpressions: [{ key: "mem-type", operator: "NotIn", values: ["DDR", "DDR2"] }] });
    expect(fits({ affinity: aff }, { "mem-type": "DDR3" })).toBe(true);
    expect(fits({ affinity: aff }, {})).toBe(true);
    expect(fits({ affinity: aff }, { "mem-type": "DDR" })).toBe(false);
    expect(fits({ affinity: required({ matchExpressions: [{ key: "GPU", operator: "DoesNotExist" }] }) }, { GPU: "NVIDIA-GRID-K1" })).toBe(false);
  });

  it("terms are ORed, expressions ANDed; an empty term matches nothing", () => {
    const aff = required(
      { matchExpressions: [{ key: "foo", operator: "In", values: ["bar"] }, { key: "x", operator: "Exists" }] },
      { matchExpressions: [{ key: "diffkey", operator: "In", values: ["wrong", "value2"] }] },
    );
    expect(fits({ affinity: aff }, { foo: "bar" })).toBe(false);
    expect(fits({ affinity: aff }, { foo: "bar", x: "1" })).toBe(true);
    expect(fits({ affinity: aff }, { diffkey: "value2" })).toBe(true);
    expect(fits({ affinity: required({}) }, { foo: "bar" })).toBe(false);
  });

  it("nodeSelector and affinity must both match", () => {
    const aff = required({ matchExpressions: [{ key: "foo", operator: "Exists" }] });
    expect(fits({ affinity: aff, nodeSelector: { foo: "bar" } }, { foo: "bar" })).toBe(true);
    expect(fits({ affinity: aff, nodeSelector: { foo: "bar" } }, { foo: "baz" })).toBe(false);
  });

  it("matchFields metadata.name narrows the candidates in PreFilter", () => {
    const pod = makePod("p", { affinity: required({ matchFields: [{ key: "metadata.name", operator: "In", values: ["node1"] }] }) });
    const pf = na.preFilter(pod);
    expect([...pf.nodeNames!]).toEqual(["node1"]);
    expect(fits({ affinity: pod.spec.affinity }, {}, "node1")).toBe(true);
    expect(fits({ affinity: pod.spec.affinity }, {}, "node2")).toBe(false);
  });

  it("conflicting metadata.name terms reject in PreFilter", () => {
    const pod = makePod("p", {
      affinity: required({
        matchFields: [
          { key: "metadata.name", operator: "In", values: ["node1"] },
          { key: "metadata.name", operator: "In", values: ["node2"] },
        ],
      }),
    });
    expect(na.preFilter(pod).reject?.reasons).toEqual(["pod affinity terms conflict"]);
  });

  it("the status is UnschedulableAndUnresolvable with upstream's reason", () => {
    const ni = cacheWith([makeNode("n", { labels: {} })]).list()[0];
    const s = na.filter(na.preFilter(makePod("p", { nodeSelector: { a: "b" } })).required!, ni);
    expect(s).toMatchObject({ code: "UnschedulableAndUnresolvable", reasons: ["node(s) didn't match Pod's node affinity/selector"], plugin: "NodeAffinity" });
  });
});

describe("NodeAffinity score (TestNodeAffinityPriority)", () => {
  const affinity1: Affinity = { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 2, preference: { matchExpressions: [{ key: "foo", operator: "In", values: ["bar"] }] } }] } };
  const affinity2: Affinity = {
    nodeAffinity: {
      preferredDuringSchedulingIgnoredDuringExecution: [
        { weight: 2, preference: { matchExpressions: [{ key: "foo", operator: "In", values: ["bar"] }] } },
        { weight: 4, preference: { matchExpressions: [{ key: "key", operator: "In", values: ["value"] }] } },
        {
          weight: 5,
          preference: {
            matchExpressions: [
              { key: "foo", operator: "In", values: ["bar"] },
              { key: "key", operator: "In", values: ["value"] },
              { key: "az", operator: "In", values: ["az1"] },
            ],
          },
        },
      ],
    },
  };
  const label1 = { foo: "bar" };
  const label2 = { key: "value" };
  const label3 = { az: "az1" };
  const label5 = { foo: "bar", key: "value", az: "az1" };

  function scores(affinity: Affinity | undefined, labels: Record<string, string>[]): number[] | "skip" {
    const pref = na.preScore(makePod("p", { affinity }));
    if (!pref) return "skip";
    const nodes = cacheWith(labels.map((l, i) => makeNode(`n${i}`, { labels: l }))).list();
    const sc = new Float64Array(nodes.length);
    nodes.forEach((ni, i) => (sc[i] = na.score(pref, ni)));
    na.normalize(sc, nodes.length);
    return [...sc];
  }

  it("all nodes are same priority as NodeAffinity is nil (PreScore skips)", () => {
    expect(scores(undefined, [label1, label2, label3])).toBe("skip");
  });

  it("no node matches preferred terms: all 0", () => {
    expect(scores(affinity1, [label2, label2, label3])).toEqual([0, 0, 0]);
  });

  it("only one node matches: it gets 100", () => {
    expect(scores(affinity1, [label1, label2, label3])).toEqual([100, 0, 0]);
  });

  it("all nodes matching in various degrees", () => {
    // weights 2 / 11 / 4 → normalized 100·s/11.
    expect(scores(affinity2, [label1, label5, label2])).toEqual([18, 100, 36]);
  });
});
