import { describe, expect, it } from "vitest";
import type { Deployment, Node, Pod } from "../../api/types";
import { parseTimestamp } from "../../time";
import { kcmHarness } from "../testkit";

const deployment = (name: string, replicas: number) =>
  ({
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name, namespace: "default", labels: { app: name } },
    spec: { replicas, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: "nginx", image: "nginx" }] } }, strategy: {} },
  }) as unknown as Deployment;

/** The first time a node version matching `pred` was written. */
function firstWrite(h: ReturnType<typeof kcmHarness>, name: string, pred: (n: Node) => boolean): number | undefined {
  return h.writes.find((w) => w.type === "PUT" && w.obj.kind === "Node" && w.obj.metadata.name === name && pred(w.obj as Node))?.t;
}

const ready = (n: Node) => n.status.conditions.find((c) => c.type === "Ready")?.status;
const hasTaint = (key: string, effect: string) => (n: Node) => (n.spec.taints ?? []).some((t) => t.key === key && t.effect === effect);

describe("node lifecycle: a worker stops", () => {
  const h = kcmHarness(21, ["worker-1", "worker-2", "worker-3"]);
  h.run(20_000);
  h.call((c, cb) => c.create("deployments", deployment("web", 3), cb));
  h.run(3_000);
  const pods = h.objects<Pod>("Pod");
  pods.forEach((p, i) => h.runPod(p, `worker-${i + 1}`, `10.244.${i + 1}.5`));
  const victim = pods[1].metadata.name;
  h.run(7_000);
  const stoppedAt = h.sim.now;
  const lastRenew = h.kubelets[1].renewals.filter((t) => t <= stoppedAt).at(-1)!;
  h.sim.stopMachine("worker-2");
  h.run(400_000);
  const unknownAt = firstWrite(h, "worker-2", (n) => ready(n) === "Unknown")!;
  const noScheduleAt = firstWrite(h, "worker-2", hasTaint("node.kubernetes.io/unreachable", "NoSchedule"))!;
  const noExecuteAt = firstWrite(h, "worker-2", hasTaint("node.kubernetes.io/unreachable", "NoExecute"))!;

  it("registered every node once: RegisteredNode 'Node X event: Registered Node X in Controller'", () => {
    const reg = h.events.filter((e) => e.ev.reason === "RegisteredNode");
    expect(reg.map((e) => e.ev.message).sort()).toEqual(["worker-1", "worker-2", "worker-3"].map((n) => `Node ${n} event: Registered Node ${n} in Controller`));
    for (const { ev } of reg) {
      expect(ev.involvedObject).toMatchObject({ kind: "Node", apiVersion: "v1" });
      expect(ev.metadata.namespace).toBe("default");
      expect(ev.source).toEqual({ component: "node-controller" });
    }
  });

  it("marks the node Unknown 50s (grace) after its last heartbeat was seen, within a monitor period", () => {
    // The controller notices a renewal at its next 5s pass (the probe time), and checks the grace at
    // 5s passes: the tenth pass after the probe is the one, not the eleventh (KUBERNETES.md §1.3:
    // at most heartbeat + grace + 5s).
    const probe = h.kcm.nodeLifecycle!.health.get("worker-2")!.probeTimestamp;
    expect(probe - lastRenew).toBeGreaterThanOrEqual(0);
    expect(probe - lastRenew).toBeLessThanOrEqual(5_000 + 100);
    expect(unknownAt - probe).toBeGreaterThan(50_000);
    expect(unknownAt - probe).toBeLessThanOrEqual(50_000 + 100);
    expect(unknownAt - lastRenew).toBeLessThanOrEqual(55_000 + 100);
    // Measured from the moment the node died: 40–60s on v1.32 (KUBERNETES.md §3).
    expect(unknownAt - stoppedAt).toBeGreaterThanOrEqual(40_000);
    expect(unknownAt - stoppedAt).toBeLessThanOrEqual(60_000);
    const node = h.objects<Node>("Node").find((n) => n.metadata.name === "worker-2")!;
    for (const type of ["Ready", "MemoryPressure", "DiskPressure", "PIDPressure"]) {
      const c = node.status.conditions.find((x) => x.type === type)!;
      expect(c).toMatchObject({ status: "Unknown", reason: "NodeStatusUnknown", message: "Kubelet stopped posting node status." });
      expect(parseTimestamp(c.lastHeartbeatTime)).toBeLessThan(stoppedAt);
      expect(parseTimestamp(c.lastTransitionTime)).toBe(Math.floor(unknownAt / 1000) * 1000);
    }
  });

  it("records NodeNotReady and sets the node's pods Ready=False in the same pass", () => {
    const nn = h.events.find((e) => e.ev.reason === "NodeNotReady" && e.ev.involvedObject.kind === "Node")!;
    expect(nn.ev.message).toBe("Node worker-2 status is now: NodeNotReady");
    expect(nn.ev.type).toBe("Normal");
    expect(nn.t - unknownAt).toBeLessThan(100);
    const podEvent = h.events.find((e) => e.ev.reason === "NodeNotReady" && e.ev.involvedObject.kind === "Pod")!;
    expect(podEvent.ev).toMatchObject({ type: "Warning", message: "Node is not ready", involvedObject: { name: victim } });
    const notReadyAt = h.writes.find((w) => w.obj.kind === "Pod" && w.obj.metadata.name === victim && (w.obj as Pod).status.conditions?.find((c) => c.type === "Ready")?.status === "False")!.t;
    expect(notReadyAt - unknownAt).toBeLessThan(100);
    // The other pods are untouched.
    expect(h.writes.some((w) => w.obj.kind === "Pod" && w.obj.metadata.name !== victim && (w.obj as Pod).status.conditions?.find((c) => c.type === "Ready")?.status === "False")).toBe(false);
  });

  it("taints it unreachable:NoSchedule at once and unreachable:NoExecute at the next pass, with timeAdded", () => {
    expect(noScheduleAt - unknownAt).toBeLessThan(200);
    expect(noExecuteAt - unknownAt).toBeGreaterThanOrEqual(5_000);
    expect(noExecuteAt - unknownAt).toBeLessThan(5_000 + 300);
    const node = h.objects<Node>("Node").find((n) => n.metadata.name === "worker-2")!;
    expect(node.spec.taints?.map((t) => `${t.key}:${t.effect}`)).toEqual(["node.kubernetes.io/unreachable:NoSchedule", "node.kubernetes.io/unreachable:NoExecute"]);
    for (const t of node.spec.taints!) expect(t.timeAdded).toMatch(/^2024-12-11T\d\d:\d\d:\d\dZ$/);
  });

  it("evicts the pod 300s after the NoExecute taint (DefaultTolerationSeconds) and the ReplicaSet replaces it at once", () => {
    const ev = h.events.find((e) => e.ev.reason === "TaintManagerEviction")!;
    expect(ev.ev.message).toBe(`Marking for deletion Pod default/${victim}`);
    expect(ev.ev.source).toEqual({ component: "taint-eviction-controller" });
    expect(ev.t - noExecuteAt).toBeGreaterThanOrEqual(300_000);
    expect(ev.t - noExecuteAt).toBeLessThan(300_000 + 100);
    const pod = h.objects<Pod>("Pod").find((p) => p.metadata.name === victim)!;
    expect(pod.metadata.deletionTimestamp).toBeDefined();
    expect(pod.status.conditions?.find((c) => c.type === "DisruptionTarget")).toMatchObject({ status: "True", reason: "DeletionByTaintManager", message: "Taint manager: deleting due to NoExecute taint" });
    const replacement = h.events.filter((e) => e.ev.reason === "SuccessfulCreate").at(-1)!;
    expect(replacement.t - ev.t).toBeLessThan(100);
    expect(h.objects<Pod>("Pod").filter((p) => !p.metadata.deletionTimestamp)).toHaveLength(3);
  });

  it("removes the taints when the node comes back Ready", () => {
    h.sim.startMachine("worker-2");
    h.run(10_000);
    const node = h.objects<Node>("Node").find((n) => n.metadata.name === "worker-2")!;
    expect(ready(node)).toBe("True");
    expect(node.spec.taints ?? []).toEqual([]);
  });
});

describe("node lifecycle: a worker comes back before its pods' tolerations run out", () => {
  it("cancels the scheduled evictions ('Cancelling deletion of Pod ...') and removes every taint", () => {
    const h = kcmHarness(22, ["worker-1", "worker-2", "worker-3"]);
    h.run(20_000);
    h.call((c, cb) => c.create("deployments", deployment("web", 1), cb));
    h.run(3_000);
    const [p] = h.objects<Pod>("Pod");
    h.runPod(p, "worker-2", "10.244.2.5");
    h.run(5_000);
    h.sim.stopMachine("worker-2");
    h.run(120_000);
    expect(h.objects<Node>("Node").find((n) => n.metadata.name === "worker-2")!.spec.taints?.length).toBe(2);
    h.sim.startMachine("worker-2");
    h.run(15_000);
    const cancel = h.events.filter((e) => e.ev.reason === "TaintManagerEviction").map((e) => e.ev.message);
    expect(cancel).toEqual([`Cancelling deletion of Pod default/${p.metadata.name}`]);
    expect(h.objects<Node>("Node").find((n) => n.metadata.name === "worker-2")!.spec.taints ?? []).toEqual([]);
    h.run(400_000);
    expect(h.objects<Pod>("Pod").find((x) => x.metadata.name === p.metadata.name)?.metadata.deletionTimestamp).toBeUndefined();
  });
});

describe("node lifecycle: zones and disruption", () => {
  it("3 of 5 workers down is PartialDisruption: no NoExecute taint, no eviction", () => {
    const h = kcmHarness(5, ["w1", "w2", "w3", "w4", "w5"]);
    h.run(20_000);
    for (const w of ["w1", "w2", "w3"]) h.sim.stopMachine(w);
    h.run(200_000);
    const nodes = h.objects<Node>("Node");
    expect(nodes.filter((n) => ready(n) === "Unknown").map((n) => n.metadata.name)).toEqual(["w1", "w2", "w3"]);
    expect(nodes.some(hasTaint("node.kubernetes.io/unreachable", "NoExecute"))).toBe(false);
    expect(nodes.filter(hasTaint("node.kubernetes.io/unreachable", "NoSchedule"))).toHaveLength(3);
    expect(h.kcm.nodeLifecycle!.zoneStates.get("")).toBe("PartialDisruption");
  });

  it("every worker down is master disruption mode: no NoExecute taints at all", () => {
    const h = kcmHarness(6, ["w1", "w2", "w3"]);
    h.run(20_000);
    for (const w of ["w1", "w2", "w3"]) h.sim.stopMachine(w);
    h.run(200_000);
    expect(h.objects<Node>("Node").some(hasTaint("node.kubernetes.io/unreachable", "NoExecute"))).toBe(false);
    expect(h.kcm.nodeLifecycle!.zoneStates.get("")).toBe("FullDisruption");
  });

  it("one worker down of 3 is tainted normally", () => {
    const h = kcmHarness(8, ["w1", "w2", "w3"]);
    h.run(20_000);
    h.sim.stopMachine("w3");
    h.run(120_000);
    expect(h.objects<Node>("Node").filter(hasTaint("node.kubernetes.io/unreachable", "NoExecute")).map((n) => n.metadata.name)).toEqual(["w3"]);
  });

  it("two nodes failing at once in a Normal zone get their NoExecute taints at least 10s apart", () => {
    const workers = Array.from({ length: 10 }, (_, i) => `w${i + 1}`);
    const h = kcmHarness(9, workers);
    h.run(20_000);
    h.sim.stopMachine("w4");
    h.sim.stopMachine("w7");
    h.run(120_000);
    const t4 = firstWrite(h, "w4", hasTaint("node.kubernetes.io/unreachable", "NoExecute"))!;
    const t7 = firstWrite(h, "w7", hasTaint("node.kubernetes.io/unreachable", "NoExecute"))!;
    expect(t4).toBeDefined();
    expect(t7).toBeDefined();
    expect(Math.abs(t7 - t4)).toBeGreaterThanOrEqual(10_000);
    expect(Math.abs(t7 - t4)).toBeLessThan(10_300);
  });
});
