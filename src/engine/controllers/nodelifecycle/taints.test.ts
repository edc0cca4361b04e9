import { describe, expect, it } from "vitest";
import { node } from "../fixtures";
import { addOrUpdateTaints, noExecuteTaintFor, noScheduleTaintDiff, removeTaints } from "./taints";

describe("doNoScheduleTaintingPass decisions", () => {
  it("taints an unreachable node unreachable:NoSchedule and a not-ready one not-ready:NoSchedule", () => {
    expect(noScheduleTaintDiff(node("a", { ready: "Unknown" })).add).toEqual([{ key: "node.kubernetes.io/unreachable", effect: "NoSchedule" }]);
    expect(noScheduleTaintDiff(node("b", { ready: "False" })).add).toEqual([{ key: "node.kubernetes.io/not-ready", effect: "NoSchedule" }]);
  });
  it("adds unschedulable:NoSchedule for a cordoned node and removes stale condition taints", () => {
    const n = node("c", { ready: "True", unschedulable: true, taints: [{ key: "node.kubernetes.io/not-ready", effect: "NoSchedule" }, { key: "node-role.kubernetes.io/control-plane", effect: "NoSchedule" }] });
    expect(noScheduleTaintDiff(n)).toEqual({ add: [{ key: "node.kubernetes.io/unschedulable", effect: "NoSchedule" }], remove: [{ key: "node.kubernetes.io/not-ready", effect: "NoSchedule" }] });
  });
  it("leaves a healthy node alone", () => {
    expect(noScheduleTaintDiff(node("d", { ready: "True" }))).toEqual({ add: [], remove: [] });
  });
});

describe("NoExecute taints", () => {
  it("swaps between not-ready and unreachable so only one is on the node", () => {
    expect(noExecuteTaintFor("Unknown")).toEqual({ add: { key: "node.kubernetes.io/unreachable", effect: "NoExecute" }, remove: { key: "node.kubernetes.io/not-ready", effect: "NoExecute" } });
    expect(noExecuteTaintFor("False")?.add.key).toBe("node.kubernetes.io/not-ready");
    expect(noExecuteTaintFor("True")).toBeUndefined();
  });
  it("adds, updates and removes by key and effect", () => {
    const t = { key: "k", effect: "NoExecute" as const, timeAdded: "t1" };
    expect(addOrUpdateTaints([t], [{ ...t }]).changed).toBe(false);
    expect(addOrUpdateTaints([t], [{ ...t, timeAdded: "t2" }]).taints).toEqual([{ ...t, timeAdded: "t2" }]);
    expect(removeTaints([t, { key: "k", effect: "NoSchedule" }], [{ key: "k", effect: "NoExecute" }]).taints).toEqual([{ key: "k", effect: "NoSchedule" }]);
  });
});
