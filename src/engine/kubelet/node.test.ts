import { describe, expect, it } from "vitest";
import type { Lease, Node } from "../api/types";
import { parseTimestamp } from "../time";
import { harness } from "./testkit";

describe("node registration", () => {
  const h = harness(1);
  h.advance(3_000);

  it("registers a worker with the kubelet's labels, annotations, capacity and node info", () => {
    const n = h.node("worker-1")!;
    expect(n.metadata.labels).toEqual({
      "beta.kubernetes.io/arch": "amd64",
      "beta.kubernetes.io/os": "linux",
      "kubernetes.io/arch": "amd64",
      "kubernetes.io/hostname": "worker-1",
      "kubernetes.io/os": "linux",
    });
    expect(n.metadata.annotations?.["volumes.kubernetes.io/controller-managed-attach-detach"]).toBe("true");
    expect(n.spec.taints ?? []).toEqual([]);
    expect(n.status.capacity).toEqual({
      cpu: "2",
      "ephemeral-storage": "50620216Ki",
      "hugepages-1Gi": "0",
      "hugepages-2Mi": "0",
      memory: "4015852Ki",
      pods: "110",
    });
    // Allocatable: memory minus the 100Mi hard eviction threshold, storage minus 10%.
    expect(n.status.allocatable.memory).toBe(`${4015852 - 102400}Ki`);
    expect(n.status.allocatable.cpu).toBe("2");
    expect(n.status.allocatable.pods).toBe("110");
    expect(Number(n.status.allocatable["ephemeral-storage"])).toBe(50620216 * 1024 - Math.trunc(50620216 * 1024 * 0.1));
    expect(n.status.addresses).toEqual([
      { type: "InternalIP", address: "192.168.1.1" },
      { type: "Hostname", address: "worker-1" },
    ]);
    expect(n.status.daemonEndpoints).toEqual({ kubeletEndpoint: { Port: 10250 } });
    expect(n.status.nodeInfo).toMatchObject({
      kubeletVersion: "v1.32.0",
      kubeProxyVersion: "v1.32.0",
      containerRuntimeVersion: "containerd://1.7.24",
      osImage: "Ubuntu 24.04.1 LTS",
      kernelVersion: "6.8.0-51-generic",
      operatingSystem: "linux",
      architecture: "amd64",
    });
    expect(n.status.nodeInfo.machineID).toMatch(/^[0-9a-f]{32}$/);
    expect(n.status.nodeInfo.bootID).toMatch(/^[0-9a-f-]{36}$/);
    const pause = n.status.images!.find((i) => i.names.includes("registry.k8s.io/pause:3.10"))!;
    expect(pause.sizeBytes).toBe(320368);
    expect(pause.names[0]).toBe("registry.k8s.io/pause@sha256:ee6521f290b2168b6e0935a181d4cff9be1ac3f505666ef0e3c98fae8199917a");
  });

  it("registers a control-plane node with kubeadm's role labels and NoSchedule taint", () => {
    const n = h.node("control-plane-1")!;
    expect(n.metadata.labels).toMatchObject({ "node-role.kubernetes.io/control-plane": "", "node.kubernetes.io/exclude-from-external-load-balancers": "" });
    expect(n.spec.taints).toEqual([{ key: "node-role.kubernetes.io/control-plane", effect: "NoSchedule" }]);
    expect(n.status.addresses[0]).toEqual({ type: "InternalIP", address: "192.168.0.11" });
  });

  it("registers NotReady while the runtime modules start, then turns Ready within a second", () => {
    const versions = h.history<Node>("Node", "worker-1");
    const first = versions[0].obj.status.conditions;
    expect(first.map((c) => c.type)).toEqual(["MemoryPressure", "DiskPressure", "PIDPressure", "Ready"]);
    expect(first[3]).toMatchObject({ status: "False", reason: "KubeletNotReady", message: "container runtime status check may not have completed yet" });
    const ready = versions.find((v) => v.obj.status.conditions.find((c) => c.type === "Ready")?.status === "True")!;
    expect(ready.t).toBeLessThan(1_500);
    const conds = h.node("worker-1")!.status.conditions;
    expect(conds.map((c) => [c.type, c.status, c.reason, c.message])).toEqual([
      ["MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available"],
      ["DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"],
      ["PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available"],
      ["Ready", "True", "KubeletReady", "kubelet is posting ready status"],
    ]);
  });

  it("records the kubelet's startup events about its node", () => {
    const evs = h.eventsFor("Node", "worker-1").filter((e) => e.source.component === "kubelet");
    const reasons = evs.map((e) => e.reason);
    expect(reasons[0]).toBe("Starting");
    expect(new Set(reasons.slice(1, 4))).toEqual(new Set(["NodeHasSufficientMemory", "NodeHasNoDiskPressure", "NodeHasSufficientPID"]));
    expect(reasons.slice(4)).toEqual(["NodeAllocatableEnforced", "NodeReady"]);
    const msg = (r: string) => evs.find((e) => e.reason === r)!.message;
    expect(msg("Starting")).toBe("Starting kubelet.");
    expect(msg("NodeHasSufficientMemory")).toBe("Node worker-1 status is now: NodeHasSufficientMemory");
    expect(msg("NodeHasNoDiskPressure")).toBe("Node worker-1 status is now: NodeHasNoDiskPressure");
    expect(msg("NodeHasSufficientPID")).toBe("Node worker-1 status is now: NodeHasSufficientPID");
    expect(msg("NodeAllocatableEnforced")).toBe("Updated Node Allocatable limit across pods");
    expect(msg("NodeReady")).toBe("Node worker-1 status is now: NodeReady");
    for (const e of evs) {
      expect(e.involvedObject).toEqual({ kind: "Node", name: "worker-1", uid: "worker-1" });
      expect(e.metadata.namespace).toBe("default");
      expect(e.source).toEqual({ component: "kubelet", host: "worker-1" });
      expect(e.type).toBe("Normal");
    }
  });
});

describe("node lease and status cadence", () => {
  const h = harness(5);
  h.advance(11 * 60_000);

  it("renews kube-node-lease/<node> every 10 s plus up to 4% jitter, owned by the Node", () => {
    const versions = h.history<Lease>("Lease", "worker-2");
    const lease = versions[versions.length - 1].obj;
    const node = h.node("worker-2")!;
    expect(lease.metadata.namespace).toBe("kube-node-lease");
    expect(lease.spec.holderIdentity).toBe("worker-2");
    expect(lease.spec.leaseDurationSeconds).toBe(40);
    expect(lease.metadata.ownerReferences).toEqual([{ apiVersion: "v1", kind: "Node", name: "worker-2", uid: node.metadata.uid }]);
    expect(lease.spec.renewTime).toMatch(/^2024-12-11T\d\d:\d\d:\d\d\.\d{6}Z$/);
    const renewals = versions.map((v) => parseTimestamp(v.obj.spec.renewTime!));
    expect(renewals.length).toBeGreaterThan(60);
    for (let i = 1; i < renewals.length; i++) {
      const gap = renewals[i] - renewals[i - 1];
      // 10 s × (1 + [0, 0.04)) after the previous sync ended, which took a round trip of some ms.
      expect(gap).toBeGreaterThanOrEqual(10_000);
      expect(gap).toBeLessThan(10_400 + 50);
    }
  });

  it("does not re-post an unchanged node status, but does every 5 minutes; heartbeats move, transitions do not", () => {
    const versions = h.history<Node>("Node", "worker-2");
    const heartbeats: number[] = [];
    for (const v of versions) {
      const hb = parseTimestamp(v.obj.status.conditions.find((c) => c.type === "Ready")!.lastHeartbeatTime);
      if (heartbeats[heartbeats.length - 1] !== hb) heartbeats.push(hb);
    }
    const late = heartbeats.filter((t) => t > 60_000);
    expect(late.length).toBe(2);
    expect(late[1] - late[0]).toBeGreaterThanOrEqual(5 * 60_000);
    expect(late[1] - late[0]).toBeLessThan(5 * 60_000 + 10_500);
    const ready = h.node("worker-2")!.status.conditions.find((c) => c.type === "Ready")!;
    expect(parseTimestamp(ready.lastTransitionTime)).toBeLessThan(2_000);
    expect(parseTimestamp(ready.lastHeartbeatTime)).toBe(late[1]);
  });

  it("exposes the last lease renewal for the canvas", () => {
    const kubelet = h.cluster.nodes.find((n) => n.machine.name === "worker-2")!.kubelet;
    expect(kubelet.lastLeaseRenew).toBeGreaterThan(h.cluster.now - 10_500);
  });
});

describe("lease renewal while the API server is down", () => {
  const h = harness(6);
  const logs: { t: number; text: string }[] = [];
  h.cluster.onLog((e) => {
    if (e.component === "kubelet@worker-1") logs.push({ t: e.t, text: e.text });
  });
  h.advance(30_000);
  const stopAt = h.cluster.now;
  h.sim.actors.get("kube-apiserver@control-plane-1")!.stop();
  h.advance(5 * 60_000);
  h.sim.actors.get("kube-apiserver@control-plane-1")!.start();
  const back = h.cluster.now;
  h.advance(60_000);

  it("retries the update, then falls back to getting the lease with a back-off from 200 ms doubling to 7 s", () => {
    const sleeps = logs
      .filter((l) => l.t > stopAt && l.text.startsWith("Failed to ensure lease exists, will retry in"))
      .map((l) => Number(/in (\d+)ms/.exec(l.text)![1]));
    expect(sleeps.slice(0, 7)).toEqual([200, 400, 800, 1600, 3200, 6400, 7000]);
    expect(sleeps.slice(7).every((s) => s === 7000)).toBe(true);
  });

  it("renews again once the API server is back", () => {
    const renewals = h.history<Lease>("Lease", "worker-1").filter((v) => v.t > back);
    expect(renewals.length).toBeGreaterThanOrEqual(3);
    expect(renewals[0].t - back).toBeLessThan(20_000);
  });
});
