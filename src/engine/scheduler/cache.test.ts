import { describe, expect, it } from "vitest";
import { SchedulerCache } from "./cache";
import { makeNode, makePod } from "./testkit";

describe("SchedulerCache", () => {
  it("keeps requested resources incrementally as pods are assumed, confirmed, updated and removed", () => {
    const c = new SchedulerCache();
    c.addNode(makeNode("n1", { cpu: "4", memory: "8Gi" }));
    const p = makePod("p", { cpu: "500m", memory: "1Gi" });
    c.assumePod({ ...p, spec: { ...p.spec, nodeName: "n1" } });
    const ni = c.nodeInfo("n1")!;
    expect([ni.reqCpu, ni.reqMem, ni.pods.length]).toEqual([500, 1024 ** 3, 1]);
    expect(c.isAssumed(p.metadata.uid)).toBe(true);
    const bound = { ...p, spec: { ...p.spec, nodeName: "n1" } };
    c.addPod(bound); // the informer confirms the binding
    expect(c.isAssumed(p.metadata.uid)).toBe(false);
    expect(ni.pods.length).toBe(1);
    // A status-only update swaps the object without recounting.
    const running = { ...bound, status: { ...bound.status, phase: "Running" as const } };
    c.updatePod(bound, running);
    expect(c.podInfo(p.metadata.uid)!.pod).toBe(running);
    expect(ni.reqCpu).toBe(500);
    // A changed request is recounted.
    const bigger = { ...running, spec: { ...running.spec, containers: [{ name: "c", image: "nginx", resources: { requests: { cpu: "1", memory: "1Gi" } } }] } };
    c.updatePod(running, bigger);
    expect(ni.reqCpu).toBe(1000);
    c.removePod(bigger);
    expect([ni.reqCpu, ni.reqMem, ni.pods.length, ni.nonZeroCpu]).toEqual([0, 0, 0, 0]);
  });

  it("forgets an assumed pod whose bind failed", () => {
    const c = new SchedulerCache();
    c.addNode(makeNode("n1"));
    const p = makePod("p", { cpu: "1", nodeName: "n1" });
    c.assumePod(p);
    c.forgetPod(p.metadata.uid);
    expect(c.nodeInfo("n1")!.reqCpu).toBe(0);
    expect(c.podCount).toBe(0);
  });

  it("moves an assumed pod that was bound elsewhere", () => {
    const c = new SchedulerCache();
    c.addNode(makeNode("n1"));
    c.addNode(makeNode("n2"));
    const p = makePod("p", { cpu: "1" });
    c.assumePod({ ...p, spec: { ...p.spec, nodeName: "n1" } });
    c.addPod({ ...p, spec: { ...p.spec, nodeName: "n2" } });
    expect(c.nodeInfo("n1")!.reqCpu).toBe(0);
    expect(c.nodeInfo("n2")!.reqCpu).toBe(1000);
  });

  it("holds pods of unknown nodes on imaginary nodes that are not candidates", () => {
    const c = new SchedulerCache();
    c.addPod(makePod("p", { nodeName: "ghost", cpu: "1" }));
    expect(c.list()).toHaveLength(0);
    c.addNode(makeNode("ghost"));
    expect(c.list().map((n) => n.name)).toEqual(["ghost"]);
    expect(c.nodeInfo("ghost")!.reqCpu).toBe(1000);
    c.removeNode(makeNode("ghost"));
    expect(c.numNodes).toBe(0);
    expect(c.nodeInfos.has("ghost")).toBe(true); // still has a pod
  });

  it("tracks image states and how many nodes have each image", () => {
    const c = new SchedulerCache();
    const img = [{ names: ["nginx:latest", "docker.io/library/nginx:latest"], sizeBytes: 70_000_000 }];
    c.addNode(makeNode("a", { images: img }));
    c.addNode(makeNode("b", { images: img }));
    expect(c.imageStates.get("nginx:latest")).toEqual({ size: 70_000_000, numNodes: 2 });
    c.removeNode(makeNode("b"));
    expect(c.imageStates.get("nginx:latest")!.numNodes).toBe(1);
    c.updateNode(makeNode("a", { images: img }), makeNode("a", { images: [] }));
    expect(c.imageStates.has("nginx:latest")).toBe(false);
  });
});
