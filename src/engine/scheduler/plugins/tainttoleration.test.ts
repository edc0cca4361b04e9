import { describe, expect, it } from "vitest";
import type { Taint, Toleration } from "../../api/types";
import { cacheWith, makeNode } from "../testkit";
import * as tt from "./tainttoleration";

// Mirrors pkg/scheduler/framework/plugins/tainttoleration/taint_toleration_test.go.

function scores(tolerations: Toleration[], nodeTaints: Taint[][]): number[] {
  const cache = cacheWith(nodeTaints.map((t, i) => makeNode(`node${i}`, { taints: t })));
  const nodes = cache.list();
  const prefer = tt.preferNoScheduleTolerations(tolerations);
  const sc = new Float64Array(nodes.length);
  nodes.forEach((ni, i) => (sc[i] = tt.score(prefer, ni)));
  tt.normalize(sc, nodes.length);
  return [...sc];
}

function filter(tolerations: Toleration[] | undefined, taints: Taint[]) {
  const ni = cacheWith([makeNode("n", { taints })]).list()[0];
  return tt.filter(tolerations, ni);
}

describe("TaintToleration score (TestTaintTolerationScore)", () => {
  it("node with taints tolerated by the pod gets a higher score than those with intolerable taints", () => {
    expect(
      scores([{ key: "foo", operator: "Equal", value: "bar", effect: "PreferNoSchedule" }], [
        [{ key: "foo", value: "bar", effect: "PreferNoSchedule" }],
        [{ key: "foo", value: "blah", effect: "PreferNoSchedule" }],
      ]),
    ).toEqual([100, 0]);
  });

  it("nodes whose taints are all tolerated get the same score, however many taints", () => {
    const tol: Toleration[] = [
      { key: "cpu-type", operator: "Equal", value: "arm64", effect: "PreferNoSchedule" },
      { key: "disk-type", operator: "Equal", value: "ssd", effect: "PreferNoSchedule" },
    ];
    expect(
      scores(tol, [
        [],
        [{ key: "cpu-type", value: "arm64", effect: "PreferNoSchedule" }],
        [
          { key: "cpu-type", value: "arm64", effect: "PreferNoSchedule" },
          { key: "disk-type", value: "ssd", effect: "PreferNoSchedule" },
        ],
      ]),
    ).toEqual([100, 100, 100]);
  });

  it("the more intolerable taints a node has, the lower its score", () => {
    expect(
      scores([{ key: "foo", operator: "Equal", value: "bar", effect: "PreferNoSchedule" }], [
        [],
        [{ key: "cpu-type", value: "arm64", effect: "PreferNoSchedule" }],
        [
          { key: "cpu-type", value: "arm64", effect: "PreferNoSchedule" },
          { key: "disk-type", value: "ssd", effect: "PreferNoSchedule" },
        ],
      ]),
    ).toEqual([100, 50, 0]);
  });

  it("only PreferNoSchedule taints and PreferNoSchedule/empty-effect tolerations count", () => {
    expect(
      scores(
        [
          { key: "cpu-type", operator: "Equal", value: "arm64", effect: "NoSchedule" },
          { key: "disk-type", operator: "Equal", value: "ssd" },
        ],
        [
          [],
          [{ key: "cpu-type", value: "arm64", effect: "NoSchedule" }],
          [
            { key: "cpu-type", value: "arm64", effect: "PreferNoSchedule" },
            { key: "disk-type", value: "ssd", effect: "PreferNoSchedule" },
          ],
        ],
      ),
    ).toEqual([100, 100, 0]);
  });

  it("no taints and no tolerations: lands on the node without taints", () => {
    expect(scores([], [[], [{ key: "cpu-type", value: "arm64", effect: "PreferNoSchedule" }]])).toEqual([100, 0]);
  });
});

describe("TaintToleration filter (TestTaintTolerationFilter)", () => {
  const reason = (s: ReturnType<typeof filter>) => s && { code: s.code, reasons: s.reasons, plugin: s.plugin };

  it("a pod without tolerations cannot go to a node with a NoSchedule taint", () => {
    expect(reason(filter(undefined, [{ key: "dedicated", value: "user1", effect: "NoSchedule" }]))).toEqual({
      code: "UnschedulableAndUnresolvable",
      reasons: ["node(s) had untolerated taint {dedicated: user1}"],
      plugin: "TaintToleration",
    });
  });

  it("a matching toleration admits the pod", () => {
    expect(filter([{ key: "dedicated", value: "user1", effect: "NoSchedule" }], [{ key: "dedicated", value: "user1", effect: "NoSchedule" }])).toBeNull();
  });

  it("a toleration with another value does not", () => {
    expect(
      filter([{ key: "dedicated", operator: "Equal", value: "user2", effect: "NoSchedule" }], [{ key: "dedicated", value: "user1", effect: "NoSchedule" }])
        ?.reasons,
    ).toEqual(["node(s) had untolerated taint {dedicated: user1}"]);
  });

  it("operator Exists tolerates any value", () => {
    expect(filter([{ key: "foo", operator: "Exists", effect: "NoSchedule" }], [{ key: "foo", value: "bar", effect: "NoSchedule" }])).toBeNull();
  });

  it("several taints all tolerated", () => {
    expect(
      filter(
        [
          { key: "dedicated", operator: "Equal", value: "user2", effect: "NoSchedule" },
          { key: "foo", operator: "Exists", effect: "NoSchedule" },
        ],
        [
          { key: "dedicated", value: "user2", effect: "NoSchedule" },
          { key: "foo", value: "bar", effect: "NoSchedule" },
        ],
      ),
    ).toBeNull();
  });

  it("a non-empty effect that differs does not tolerate", () => {
    expect(filter([{ key: "foo", operator: "Equal", value: "bar", effect: "PreferNoSchedule" }], [{ key: "foo", value: "bar", effect: "NoSchedule" }])?.reasons).toEqual([
      "node(s) had untolerated taint {foo: bar}",
    ]);
  });

  it("an empty effect tolerates every effect", () => {
    expect(filter([{ key: "foo", operator: "Equal", value: "bar" }], [{ key: "foo", value: "bar", effect: "NoSchedule" }])).toBeNull();
  });

  it("PreferNoSchedule taints never block", () => {
    expect(filter([{ key: "dedicated", operator: "Equal", value: "user2", effect: "NoSchedule" }], [{ key: "dedicated", value: "user1", effect: "PreferNoSchedule" }])).toBeNull();
    expect(filter(undefined, [{ key: "dedicated", value: "user1", effect: "PreferNoSchedule" }])).toBeNull();
  });

  it("the kubeadm control-plane taint prints with an empty value", () => {
    expect(filter(undefined, [{ key: "node-role.kubernetes.io/control-plane", effect: "NoSchedule" }])?.reasons).toEqual([
      "node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }",
    ]);
  });

  it("the first untolerated NoSchedule/NoExecute taint is reported", () => {
    expect(
      filter(undefined, [
        { key: "a", value: "1", effect: "PreferNoSchedule" },
        { key: "b", value: "2", effect: "NoExecute" },
        { key: "c", value: "3", effect: "NoSchedule" },
      ])?.reasons,
    ).toEqual(["node(s) had untolerated taint {b: 2}"]);
  });
});
