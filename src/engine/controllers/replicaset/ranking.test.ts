import { describe, expect, it } from "vitest";
import { pod } from "../fixtures";
import { getPodsToDelete, POD_DELETION_COST_ANNOTATION } from "./ranking";

const NOW = 3_600_000;
const names = (ps: { metadata: { name: string } }[]) => ps.map((p) => p.metadata.name);

describe("getPodsToDelete (ActivePodsWithRanks)", () => {
  it("deletes unscheduled before scheduled", () => {
    const pods = [pod("bound", { node: "w1", phase: "Pending" }), pod("unbound")];
    expect(names(getPodsToDelete(pods, pods, 1, NOW))).toEqual(["unbound"]);
  });

  it("deletes Pending before Unknown before Running", () => {
    const pods = [pod("run", { node: "w1", phase: "Running" }), pod("unk", { node: "w1", phase: "Unknown" }), pod("pend", { node: "w1", phase: "Pending" })];
    expect(names(getPodsToDelete(pods, pods, 2, NOW))).toEqual(["pend", "unk"]);
  });

  it("deletes not ready before ready", () => {
    const pods = [pod("ready", { node: "w1", ready: true }), pod("notready", { node: "w2", ready: false })];
    expect(names(getPodsToDelete(pods, pods, 1, NOW))).toEqual(["notready"]);
  });

  it("honours controller.kubernetes.io/pod-deletion-cost", () => {
    const cheap = pod("cheap", { node: "w1", ready: true });
    cheap.metadata.annotations = { [POD_DELETION_COST_ANNOTATION]: "-10" };
    const pods = [pod("normal", { node: "w2", ready: true }), cheap];
    expect(names(getPodsToDelete(pods, pods, 1, NOW))).toEqual(["cheap"]);
  });

  it("prefers a pod doubled up on a node with more related pods", () => {
    const a = pod("alone", { node: "w1", ready: true, readySince: 0 });
    const b = pod("crowded", { node: "w2", ready: true, readySince: 0 });
    const c = pod("crowded2", { node: "w2", ready: true, readySince: 0 });
    const others = [pod("sibling-rs-pod", { node: "w2", ready: true })];
    expect(names(getPodsToDelete([a, b], [a, b, c, ...others], 1, NOW))).toEqual(["crowded"]);
  });

  it("deletes the one ready for less time (log2 buckets), then more restarts, then the newer", () => {
    const young = pod("young", { node: "w1", ready: true, readySince: NOW - 10_000, created: 0 });
    const old = pod("old", { node: "w2", ready: true, readySince: NOW - 1_000_000, created: 0 });
    expect(names(getPodsToDelete([old, young], [], 1, NOW))).toEqual(["young"]);
    const crashy = pod("crashy", { node: "w1", restarts: 5, created: 0 });
    const calm = pod("calm", { node: "w2", restarts: 0, created: 0 });
    expect(names(getPodsToDelete([calm, crashy], [], 1, NOW))).toEqual(["crashy"]);
    const newer = pod("newer", { node: "w1", created: NOW - 5_000 });
    const older = pod("older", { node: "w2", created: 0 });
    expect(names(getPodsToDelete([older, newer], [], 1, NOW))).toEqual(["newer"]);
  });

  it("breaks ties inside one log2 bucket by UID", () => {
    const p1 = pod("p1", { node: "w1", created: 1000, uid: "bbbb" });
    const p2 = pod("p2", { node: "w2", created: 2000, uid: "aaaa" });
    expect(names(getPodsToDelete([p1, p2], [], 1, NOW))).toEqual(["p2"]);
  });

  it("does not sort when all go", () => {
    const pods = [pod("a", { node: "w1" }), pod("b")];
    expect(names(getPodsToDelete(pods, pods, 2, NOW))).toEqual(["a", "b"]);
  });
});
