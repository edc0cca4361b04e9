import { describe, expect, it } from "vitest";
import { deployment, pod, replicaSet } from "../fixtures";
import { replicaSetDiff, slowStartBatches } from "./diff";
import { ControllerExpectations, EXPECTATIONS_TIMEOUT } from "./expectations";
import { isPodActive } from "../pods";

const d = deployment("web", 3);
const rs = replicaSet(d, "web-abc", 3);

describe("replicaSetDiff", () => {
  it("creates the missing pods", () => {
    expect(replicaSetDiff(rs, [pod("a")], [], 0)).toEqual({ create: 2 });
    expect(replicaSetDiff({ ...rs, spec: { ...rs.spec, replicas: 800 } }, [], [], 0)).toEqual({ create: 500 });
  });

  it("does nothing at the desired count", () => {
    expect(replicaSetDiff(rs, [pod("a"), pod("b"), pod("c")], [], 0)).toEqual({ none: true });
  });

  it("deletes the surplus, lowest-ranked first", () => {
    const pods = [pod("running", { node: "w1", ready: true }), pod("pending"), pod("running2", { node: "w2", ready: true }), pod("notready", { node: "w1", ready: false })];
    const r = replicaSetDiff(rs, pods, pods, 100_000);
    expect("delete" in r && r.delete.map((p) => p.metadata.name)).toEqual(["pending"]);
  });

  it("does not count a Terminating pod, so it is replaced at once", () => {
    const pods = [pod("a", { node: "w1" }), pod("b", { node: "w1" }), pod("c", { node: "w2", deleting: true })];
    expect(replicaSetDiff(rs, pods.filter(isPodActive), [], 0)).toEqual({ create: 1 });
  });
});

describe("slowStartBatch", () => {
  it("goes 1, 2, 4, 8, ... and ends with what is left", () => {
    expect(slowStartBatches(1)).toEqual([1]);
    expect(slowStartBatches(3)).toEqual([1, 2]);
    expect(slowStartBatches(10)).toEqual([1, 2, 4, 3]);
    expect(slowStartBatches(500).reduce((a, b) => a + b)).toBe(500);
    expect(slowStartBatches(0)).toEqual([]);
  });
});

describe("ControllerExpectations", () => {
  it("holds the replica set until every creation is observed, so it never double-creates", () => {
    const e = new ControllerExpectations();
    expect(e.satisfied("default/web-abc", 0)).toBe(true);
    e.expectCreations("default/web-abc", 3, 0);
    expect(e.satisfied("default/web-abc", 10)).toBe(false);
    e.creationObserved("default/web-abc");
    e.creationObserved("default/web-abc");
    expect(e.satisfied("default/web-abc", 20)).toBe(false);
    e.creationObserved("default/web-abc");
    expect(e.satisfied("default/web-abc", 30)).toBe(true);
  });

  it("counts only the deletions it asked for", () => {
    const e = new ControllerExpectations();
    e.expectDeletions("k", ["default/p1", "default/p2"], 0);
    e.deletionObserved("k", "default/other");
    e.deletionObserved("k", "default/p1");
    e.deletionObserved("k", "default/p1");
    expect(e.get("k")).toEqual({ add: 0, del: 1 });
    e.deletionObserved("k", "default/p2");
    expect(e.satisfied("k", 1)).toBe(true);
  });

  it("gives up waiting after 5 minutes", () => {
    const e = new ControllerExpectations();
    e.expectCreations("k", 1, 1000);
    expect(e.satisfied("k", 1000 + EXPECTATIONS_TIMEOUT)).toBe(false);
    expect(e.satisfied("k", 1001 + EXPECTATIONS_TIMEOUT)).toBe(true);
  });
});
