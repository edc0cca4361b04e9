import { describe, expect, it } from "vitest";
import { apiHarness } from "../testing/harness";
import { KubeScheduler } from "./actor";
import type { KEvent, Node, Pod } from "../api/types";
import { CONTROL_PLANE_TAINT, makeNode } from "./testkit";

/** etcd + kube-apiserver + kube-scheduler on one machine; nodes and pods created through the API. */
function cluster(seed = 1) {
  const h = apiHarness(seed);
  const scheduler = h.sim.addActor(new KubeScheduler(h.sim, h.machine, { apiserver: h.apiserver.id }));
  scheduler.start();
  const createNode = (n: Node) => h.call((c, cb) => c.create("nodes", { ...n, metadata: { name: n.metadata.name, labels: n.metadata.labels } } as Node, cb));
  const createPod = (name: string, spec: Partial<Pod["spec"]> = {}, labels?: Record<string, string>) =>
    h.call((c, cb) =>
      c.create("pods", { apiVersion: "v1", kind: "Pod", metadata: { name, namespace: "default", labels }, spec: { containers: [{ name: "nginx", image: "nginx" }], ...spec } } as unknown as Pod, cb),
    ).object as Pod;
  const pod = (name: string) => h.etcd.store.get(`/registry/pods/default/${name}`)?.value as Pod | undefined;
  const events = () => h.etcd.store.range("/registry/events/").map((kv) => kv.value as KEvent);
  const run = (ms: number) => h.sim.runUntil(h.sim.now + ms);
  return { ...h, scheduler, createNode, createPod, pod, events, run };
}

const condition = (p: Pod | undefined) => p?.status.conditions?.find((c) => c.type === "PodScheduled");

describe("kube-scheduler actor", () => {
  it("binds a pending pod and records Scheduled", () => {
    const c = cluster();
    c.createNode(makeNode("control-plane-1", { taints: [CONTROL_PLANE_TAINT] }));
    c.createNode(makeNode("worker-1"));
    c.createNode(makeNode("worker-2"));
    c.run(200);
    c.createPod("web-1", { containers: [{ name: "nginx", image: "nginx", resources: { requests: { cpu: "100m", memory: "128Mi" } } }] });
    c.run(200);
    const p = c.pod("web-1")!;
    expect(["worker-1", "worker-2"]).toContain(p.spec.nodeName);
    expect(condition(p)).toMatchObject({ status: "True" });
    const ev = c.events().find((e) => e.reason === "Scheduled")!;
    expect(ev).toMatchObject({
      type: "Normal",
      action: "Binding",
      message: `Successfully assigned default/web-1 to ${p.spec.nodeName}`,
      reportingComponent: "default-scheduler",
      reportingInstance: "default-scheduler-control-plane-1",
      involvedObject: { kind: "Pod", name: "web-1", namespace: "default" },
    });
    expect(c.scheduler.lastDecision!.chosen).toBe(p.spec.nodeName);
    expect(c.scheduler.cache.podInfo(p.metadata.uid)).toBeDefined();
    expect(c.scheduler.cache.isAssumed(p.metadata.uid)).toBe(false);
  });

  it("reports FailedScheduling with PodScheduled=False, then schedules when a node that fits arrives", () => {
    const c = cluster();
    c.createNode(makeNode("control-plane-1", { taints: [CONTROL_PLANE_TAINT] }));
    c.createNode(makeNode("worker-1", { cpu: "2" }));
    c.run(200);
    c.createPod("big", { containers: [{ name: "nginx", image: "nginx", resources: { requests: { cpu: "3" } } }] });
    c.run(500);
    const msg =
      "0/2 nodes are available: 1 Insufficient cpu, 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }. preemption: 0/2 nodes are available: 1 No preemption victims found for incoming pod, 1 Preemption is not helpful for scheduling.";
    expect(condition(c.pod("big"))).toMatchObject({ type: "PodScheduled", status: "False", reason: "Unschedulable", message: msg, lastProbeTime: null });
    const failed = c.events().filter((e) => e.reason === "FailedScheduling");
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ type: "Warning", action: "Scheduling", message: msg });
    // Conditions other than PodScheduled survive the merge patch.
    expect(c.scheduler.queue.unschedulableLength).toBe(1);

    // Nothing changes for a while: the pod stays parked (no retry storm).
    c.run(20_000);
    expect(c.events().filter((e) => e.reason === "FailedScheduling")).toHaveLength(1);

    c.createNode(makeNode("worker-2", { cpu: "8" }));
    c.run(3000);
    expect(c.pod("big")!.spec.nodeName).toBe("worker-2");
    expect(condition(c.pod("big"))).toMatchObject({ status: "True" });
  });

  it("does not schedule while inactive, and catches up when activated", () => {
    const c = cluster();
    c.scheduler.active = false;
    c.createNode(makeNode("worker-1"));
    c.createPod("p");
    c.run(1000);
    expect(c.pod("p")!.spec.nodeName).toBeUndefined();
    c.scheduler.active = true;
    c.run(100);
    expect(c.pod("p")!.spec.nodeName).toBe("worker-1");
  });

  it("forgets everything when stopped and rebuilds from a fresh list when started", () => {
    const c = cluster();
    c.createNode(makeNode("worker-1"));
    c.createPod("a");
    c.run(200);
    expect(c.pod("a")!.spec.nodeName).toBe("worker-1");
    c.scheduler.stop();
    expect(c.scheduler.cache.numNodes).toBe(0);
    c.createPod("b");
    c.run(500);
    expect(c.pod("b")!.spec.nodeName).toBeUndefined();
    c.scheduler.start();
    c.run(500);
    expect(c.pod("b")!.spec.nodeName).toBe("worker-1");
    expect(c.scheduler.cache.nodeInfo("worker-1")!.pods).toHaveLength(2);
  });

  it("spreads the replicas of a deployment-like set over the workers", () => {
    const c = cluster();
    for (const n of ["worker-1", "worker-2", "worker-3"]) c.createNode(makeNode(n));
    c.run(200);
    for (let i = 0; i < 9; i++) c.createPod(`web-${i}`, { containers: [{ name: "nginx", image: "nginx", resources: { requests: { cpu: "100m", memory: "64Mi" } } }] }, { app: "web" });
    c.run(1000);
    const counts: Record<string, number> = {};
    for (let i = 0; i < 9; i++) {
      const n = c.pod(`web-${i}`)!.spec.nodeName!;
      counts[n] = (counts[n] ?? 0) + 1;
    }
    expect(counts).toEqual({ "worker-1": 3, "worker-2": 3, "worker-3": 3 });
  });

  it("is deterministic: same seed, same placements", () => {
    const placements = (seed: number) => {
      const c = cluster(seed);
      for (const n of ["worker-1", "worker-2", "worker-3", "worker-4"]) c.createNode(makeNode(n));
      c.run(200);
      for (let i = 0; i < 12; i++) c.createPod(`p-${i}`);
      c.run(1000);
      return Array.from({ length: 12 }, (_, i) => c.pod(`p-${i}`)!.spec.nodeName);
    };
    expect(placements(3)).toEqual(placements(3));
  });

  it("retries a pod when a cordoned node is uncordoned (NodeUpdate hint)", () => {
    const c = cluster();
    c.createNode(makeNode("worker-1", { unschedulable: true }));
    c.run(200);
    c.createPod("p");
    c.run(500);
    expect(condition(c.pod("p"))).toMatchObject({
      status: "False",
      message: "0/1 nodes are available: 1 node(s) were unschedulable. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.",
    });
    c.call((cl, cb) => cl.patch("nodes", undefined, "worker-1", { spec: { unschedulable: null } }, cb));
    c.run(2000);
    expect(c.pod("p")!.spec.nodeName).toBe("worker-1");
  });

  it("retries a pod when a pod that held the resources finishes or is deleted (AssignedPodDelete hint)", () => {
    const c = cluster();
    c.createNode(makeNode("worker-1", { cpu: "2" }));
    c.run(200);
    const req = (cpu: string) => ({ containers: [{ name: "c", image: "nginx", resources: { requests: { cpu } } }] });
    c.createPod("job", req("1500m"));
    c.createPod("hog", req("400m"));
    c.run(200);
    c.createPod("next", req("1"));
    c.run(500);
    expect(condition(c.pod("next"))?.reason).toBe("Unschedulable");
    // The job completes: terminal pods no longer count.
    c.call((cl, cb) => cl.patchStatus("pods", "default", "job", { status: { phase: "Succeeded" } }, cb));
    c.run(2000);
    expect(c.pod("next")!.spec.nodeName).toBe("worker-1");
    c.createPod("last", req("700m"));
    c.run(500);
    expect(condition(c.pod("last"))?.reason).toBe("Unschedulable");
    c.call((cl, cb) => cl.delete("pods", "default", "hog", { gracePeriodSeconds: 0 }, cb));
    c.run(3000);
    expect(c.pod("last")!.spec.nodeName).toBe("worker-1");
  });
});
