import { describe, expect, it } from "vitest";
import { node, pod } from "../fixtures";
import { missingNodes, terminatedPodsToDelete, terminatingOnOutOfServiceNodes, unscheduledTerminating } from "./gc";

describe("pod GC decisions", () => {
  it("collects terminated pods beyond the threshold, evicted and oldest first", () => {
    const evicted = pod("evicted", { phase: "Failed", created: 5000 });
    evicted.status.reason = "Evicted";
    const pods = [pod("old", { phase: "Succeeded", created: 1000 }), pod("new", { phase: "Failed", created: 9000 }), evicted, pod("running", { node: "w1" })];
    expect(terminatedPodsToDelete(pods, 1).map((p) => p.metadata.name)).toEqual(["evicted", "old"]);
    expect(terminatedPodsToDelete(pods, 3)).toEqual([]);
  });

  it("finds the nodes pods are bound to that no longer exist", () => {
    const pods = [pod("a", { node: "w1" }), pod("b", { node: "gone" }), pod("c", { node: "gone" }), pod("d")];
    expect(missingNodes(pods, new Set(["w1"]))).toEqual(["gone"]);
  });

  it("force-deletes terminating pods that were never bound", () => {
    expect(unscheduledTerminating([pod("a", { deleting: true }), pod("b", { node: "w1", deleting: true }), pod("c")]).map((p) => p.metadata.name)).toEqual(["a"]);
  });

  it("force-deletes terminating pods on a NotReady node with the out-of-service taint", () => {
    const oos = node("w1", { ready: "Unknown", taints: [{ key: "node.kubernetes.io/out-of-service", value: "nodeshutdown", effect: "NoExecute" }] });
    const plain = node("w2", { ready: "Unknown" });
    const pods = [pod("a", { node: "w1", deleting: true }), pod("b", { node: "w2", deleting: true }), pod("c", { node: "w1" })];
    expect(terminatingOnOutOfServiceNodes(pods, new Map([["w1", oos], ["w2", plain]])).map((p) => p.metadata.name)).toEqual(["a"]);
  });
});
