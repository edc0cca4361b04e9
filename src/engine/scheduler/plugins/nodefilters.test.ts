import { describe, expect, it } from "vitest";
import { cacheWith, makeNode, makePod } from "../testkit";
import * as nodename from "./nodename";
import * as nodeports from "./nodeports";
import * as nodeunschedulable from "./nodeunschedulable";

describe("NodeUnschedulable (node_unschedulable_test.go)", () => {
  const ni = (unschedulable: boolean) => cacheWith([makeNode("n", { unschedulable })]).list()[0];

  it("a schedulable node fits", () => {
    expect(nodeunschedulable.filter(nodeunschedulable.toleratesUnschedulable(undefined), ni(false))).toBeNull();
  });

  it("a cordoned node rejects pods that do not tolerate the unschedulable taint", () => {
    expect(nodeunschedulable.filter(false, ni(true))).toMatchObject({
      code: "UnschedulableAndUnresolvable",
      reasons: ["node(s) were unschedulable"],
      plugin: "NodeUnschedulable",
    });
  });

  it("a pod tolerating node.kubernetes.io/unschedulable:NoSchedule fits a cordoned node", () => {
    const tol = nodeunschedulable.toleratesUnschedulable([{ key: "node.kubernetes.io/unschedulable", operator: "Exists", effect: "NoSchedule" }]);
    expect(tol).toBe(true);
    expect(nodeunschedulable.filter(tol, ni(true))).toBeNull();
  });
});

describe("NodeName (node_name_test.go)", () => {
  const ni = cacheWith([makeNode("foo")]).list()[0];
  it("no host specified fits", () => expect(nodename.filter("", ni)).toBeNull());
  it("host matches", () => expect(nodename.filter("foo", ni)).toBeNull());
  it("host doesn't match", () => expect(nodename.filter("bar", ni)?.reasons).toEqual(["node(s) didn't match the requested node name"]));
});

describe("NodePorts (node_ports_test.go)", () => {
  const node = (ports: number[][]) =>
    cacheWith(
      [makeNode("n")],
      ports.map((p, i) => makePod(`e${i}`, { nodeName: "n", hostPorts: p })),
    ).list()[0];

  it("nothing running", () => {
    expect(nodeports.filter(nodeports.preFilter(makePod("p", { hostPorts: [8080] }))!, node([]))).toBeNull();
  });

  it("other port", () => {
    expect(nodeports.filter(nodeports.preFilter(makePod("p", { hostPorts: [8080] }))!, node([[9090]]))).toBeNull();
  });

  it("same port", () => {
    expect(nodeports.filter(nodeports.preFilter(makePod("p", { hostPorts: [8080] }))!, node([[8080]]))).toMatchObject({
      code: "Unschedulable",
      reasons: ["node(s) didn't have free ports for the requested pod ports"],
    });
  });

  it("second port conflicts", () => {
    expect(nodeports.filter(nodeports.preFilter(makePod("p", { hostPorts: [8000, 8080] }))!, node([[8080]]))).not.toBeNull();
  });

  it("a pod without host ports skips the plugin", () => {
    expect(nodeports.preFilter(makePod("p"))).toBeNull();
  });

  it("ports are freed when the pod leaves", () => {
    const c = cacheWith([makeNode("n")]);
    const holder = makePod("e", { nodeName: "n", hostPorts: [80] });
    c.addPod(holder);
    const want = nodeports.preFilter(makePod("p", { hostPorts: [80] }))!;
    expect(nodeports.filter(want, c.list()[0])).not.toBeNull();
    c.removePod(holder);
    expect(nodeports.filter(want, c.list()[0])).toBeNull();
  });
});
