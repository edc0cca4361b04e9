import { describe, expect, it } from "vitest";
import { driver } from "./testing/driver";
import type { EndpointSlice, KEvent, Lease, Node, Pod } from "./api/types";
import { parseTimestamp } from "./time";
import type { Cluster } from "./cluster";

/**
 * Issue 4's fault behaviours, whole-cluster, with their timing windows (shared/KUBERNETES.md §1, §2):
 * a worker dies, zones lose most or all of their nodes, the only control plane dies, and the machine
 * holding the scheduler and controller-manager leases dies in a three-control-plane cluster.
 */

type D = ReturnType<typeof driver>;

const readyOf = (n: Node) => n.status.conditions.find((c) => c.type === "Ready");
const podReady = (p: Pod) => p.status.conditions?.find((c) => c.type === "Ready")?.status;
const hasTaint = (n: Node, key: string, effect: string) => (n.spec.taints ?? []).some((t) => t.key === key && t.effect === effect);
const live = (pods: Pod[]) => pods.filter((p) => !p.metadata.deletionTimestamp);
const UNREACHABLE = "node.kubernetes.io/unreachable";

/** Runs the cluster for `ms`, calling `fn` every `every` ms of sim time. */
function sample(d: D, ms: number, every: number, fn: (t: number) => void): void {
  const end = d.cluster.now + ms;
  while (d.cluster.now < end) {
    d.advance(Math.min(every, end - d.cluster.now));
    fn(d.cluster.now);
  }
}

/** The first sampled time each node first satisfied `pred`. */
function firstTimes(d: D, names: string[], pred: (n: Node) => boolean): Map<string, number> {
  const out = new Map<string, number>();
  for (const n of d.objects<Node>("Node")) if (names.includes(n.metadata.name) && pred(n) && !out.has(n.metadata.name)) out.set(n.metadata.name, d.cluster.now);
  return out;
}

function nodeLeaseRenew(d: D, node: string): number {
  const l = d.objects<Lease>("Lease").find((x) => x.metadata.namespace === "kube-node-lease" && x.metadata.name === node)!;
  return parseTimestamp(l.spec.renewTime!);
}

function eventsAfter(d: D, t0: number, reason: string): { t: number; ev: KEvent }[] {
  return d.events.filter((e) => e.t >= t0 && e.ev.reason === reason);
}

/** A cluster with `web` (3 replicas) exposed as a Service, settled. */
function withWeb(seed: number, masters: number, workers: number): D {
  const d = driver(seed, { masters, workers });
  d.advance(30_000);
  expect(d.run("kubectl create deployment web --image=nginx --replicas=3")).toEqual({ ok: true, output: "deployment.apps/web created" });
  expect(d.run("kubectl expose deployment web --port=80").ok).toBe(true);
  d.advance(60_000);
  expect(d.pods().filter((p) => p.status.phase === "Running" && podReady(p) === "True")).toHaveLength(3);
  return d;
}

describe("a worker stops (1 control plane, 3 workers)", () => {
  const d = withWeb(21, 1, 3);
  const victimNode = d.pods()[0].spec.nodeName!;
  const victims = d.pods().filter((p) => p.spec.nodeName === victimNode);
  const victimNames = victims.map((p) => p.metadata.name);
  const lastRenew = nodeLeaseRenew(d, victimNode);
  const t0 = d.cluster.now;
  d.run(`stop node ${victimNode}`);
  let podsNotReadyAt = 0;
  let endpointsNotReadyAt = 0;
  let noScheduleAt = 0;
  let noExecuteAt = 0;
  sample(d, 420_000, 100, (t) => {
    const node = d.objects<Node>("Node").find((n) => n.metadata.name === victimNode)!;
    if (!noScheduleAt && hasTaint(node, UNREACHABLE, "NoSchedule")) noScheduleAt = t;
    if (!noExecuteAt && hasTaint(node, UNREACHABLE, "NoExecute")) noExecuteAt = t;
    if (!podsNotReadyAt && d.pods().filter((p) => victimNames.includes(p.metadata.name)).every((p) => podReady(p) === "False")) podsNotReadyAt = t;
    if (!endpointsNotReadyAt) {
      const eps = d.objects<EndpointSlice>("EndpointSlice").flatMap((s) => s.endpoints);
      const mine = eps.filter((e) => victimNames.includes(e.targetRef?.name ?? ""));
      if (mine.every((e) => e.conditions.ready === false)) endpointsNotReadyAt = t;
    }
  });
  const notReady = eventsAfter(d, t0, "NodeNotReady").find((e) => e.ev.involvedObject.kind === "Node")!;

  it("turns Ready Unknown (NodeStatusUnknown) 50 s after the last heartbeat, 40–60 s after it died, with a NodeNotReady event", () => {
    expect(notReady.ev.message).toBe(`Node ${victimNode} status is now: NodeNotReady`);
    expect(notReady.t - lastRenew).toBeGreaterThan(50_000);
    expect(notReady.t - lastRenew).toBeLessThanOrEqual(60_100);
    expect(notReady.t - t0).toBeGreaterThanOrEqual(40_000);
    expect(notReady.t - t0).toBeLessThanOrEqual(60_000);
    const node = d.objects<Node>("Node").find((n) => n.metadata.name === victimNode)!;
    expect(readyOf(node)).toMatchObject({ status: "Unknown", reason: "NodeStatusUnknown", message: "Kubelet stopped posting node status." });
  });

  it("sets its pods Ready=False in the same pass, and the EndpointSlice stops counting them ready", () => {
    expect(podsNotReadyAt - notReady.t).toBeLessThanOrEqual(200);
    expect(endpointsNotReadyAt).toBeGreaterThanOrEqual(podsNotReadyAt);
    expect(endpointsNotReadyAt - podsNotReadyAt).toBeLessThan(2_000);
  });

  it("taints it unreachable:NoSchedule at once and unreachable:NoExecute through the rate-limited queue", () => {
    expect(noScheduleAt - notReady.t).toBeLessThanOrEqual(1_000);
    expect(noExecuteAt).toBeGreaterThanOrEqual(noScheduleAt);
    expect(noExecuteAt - notReady.t).toBeLessThanOrEqual(10_000);
  });

  it("evicts its pods (TaintManagerEviction) 300 s after the NoExecute taint and replaces them on other nodes", () => {
    const evictions = eventsAfter(d, t0, "TaintManagerEviction");
    expect(evictions.map((e) => e.ev.message).sort()).toEqual(victimNames.map((n) => `Marking for deletion Pod default/${n}`).sort());
    for (const e of evictions) {
      expect(e.t - noExecuteAt).toBeGreaterThanOrEqual(300_000 - 100);
      expect(e.t - noExecuteAt).toBeLessThanOrEqual(305_000);
    }
    const pods = d.pods();
    for (const n of victimNames) expect(pods.find((p) => p.metadata.name === n)?.metadata.deletionTimestamp).toBeDefined();
    const replacements = live(pods);
    expect(replacements).toHaveLength(3);
    for (const p of replacements) {
      expect(p.spec.nodeName).not.toBe(victimNode);
      expect(p.status.phase).toBe("Running");
    }
    const out = d.run("kubectl get pods");
    expect(out.ok && out.output.split("\n").filter((l) => /\sTerminating\s/.test(l))).toHaveLength(victimNames.length);
  });
});

describe("two workers stop at once in a Normal zone (1 control plane, 4 workers)", () => {
  const d = withWeb(31, 1, 4);
  d.run("stop node worker-1");
  d.run("stop node worker-2");
  const noExecute = new Map<string, number>();
  sample(d, 120_000, 100, () => {
    for (const [n, t] of firstTimes(d, ["worker-1", "worker-2"], (n) => hasTaint(n, UNREACHABLE, "NoExecute"))) if (!noExecute.has(n)) noExecute.set(n, t);
  });

  it("taints them NoExecute at least 10 s apart (--node-eviction-rate 0.1 per zone)", () => {
    expect(noExecute.size).toBe(2);
    const [a, b] = [...noExecute.values()].sort((x, y) => x - y);
    expect(b - a).toBeGreaterThanOrEqual(10_000 - 100);
  });
});

describe("zone disruption", () => {
  it("more than 2 nodes and at least 55% NotReady (3 of 5): PartialDisruption, no NoExecute taints, no evictions", () => {
    const d = withWeb(41, 1, 4);
    const t0 = d.cluster.now;
    for (const w of ["worker-1", "worker-2", "worker-3"]) d.run(`stop node ${w}`);
    let noExecute = 0;
    let unknown = 0;
    sample(d, 420_000, 1_000, () => {
      const nodes = d.objects<Node>("Node");
      noExecute = Math.max(noExecute, nodes.filter((n) => hasTaint(n, UNREACHABLE, "NoExecute")).length);
      unknown = Math.max(unknown, nodes.filter((n) => readyOf(n)?.status === "Unknown").length);
    });
    expect(unknown).toBe(3);
    expect(noExecute).toBe(0);
    expect(eventsAfter(d, t0, "TaintManagerEviction")).toEqual([]);
    expect(d.pods().filter((p) => p.metadata.deletionTimestamp)).toEqual([]);
  });

  it("every node NotReady (FullDisruption everywhere): no evictions at all", () => {
    const d = withWeb(43, 1, 3);
    const t0 = d.cluster.now;
    for (const n of d.cluster.nodeNames()) d.run(`stop kubelet@${n}`);
    let unknown = 0;
    let noExecute = 0;
    sample(d, 420_000, 1_000, () => {
      const nodes = d.objects<Node>("Node");
      unknown = Math.max(unknown, nodes.filter((n) => readyOf(n)?.status === "Unknown").length);
      noExecute = Math.max(noExecute, nodes.filter((n) => hasTaint(n, UNREACHABLE, "NoExecute")).length);
    });
    expect(unknown).toBe(4);
    expect(noExecute).toBe(0);
    expect(eventsAfter(d, t0, "TaintManagerEviction")).toEqual([]);
    expect(d.pods().filter((p) => p.metadata.deletionTimestamp)).toEqual([]);
  });
});

describe("the only control plane dies (1 control plane, 2 workers)", () => {
  const d = withWeb(51, 1, 2);
  const before = d.pods().map((p) => p.metadata.name).sort();
  const running = (c: Cluster) =>
    c.nodes.filter((n) => n.machine.role === "worker").flatMap((n) => [...n.runtime.containers.values()].filter((x) => x.state === "CONTAINER_RUNNING" && x.podNamespace === "default").map((x) => x.podName));
  const runningBefore = running(d.cluster).sort();
  const t0 = d.cluster.now;
  d.run("stop node control-plane-1");
  d.advance(15_000);
  const get = d.run("kubectl get pods");
  const scale = d.run("kubectl scale deployment web --replicas=5");
  d.advance(400_000);
  const runningDuring = running(d.cluster).sort();
  d.run("start node control-plane-1");
  d.advance(180_000);

  it("answers kubectl with the connection error kubectl v1.32 prints when the load balancer closes the connection", () => {
    expect(get).toEqual({ ok: false, error: "Unable to connect to the server: EOF" });
    expect(scale).toEqual({ ok: false, error: "Unable to connect to the server: EOF" });
  });

  it("keeps the pods' containers running on the workers the whole time", () => {
    expect(runningBefore).toHaveLength(3);
    expect(runningDuring).toEqual(runningBefore);
  });

  it("reschedules nothing and handles no node failure, during or after", () => {
    expect(d.pods().map((p) => p.metadata.name).sort()).toEqual(before);
    expect(d.pods().every((p) => p.status.phase === "Running" && podReady(p) === "True" && !p.metadata.deletionTimestamp)).toBe(true);
    expect(eventsAfter(d, t0, "NodeNotReady")).toEqual([]);
    expect(eventsAfter(d, t0, "TaintManagerEviction")).toEqual([]);
    for (const n of d.objects<Node>("Node")) expect(readyOf(n)?.status).toBe("True");
  });

  it("elects the restarted scheduler and controller-manager again (one LeaderElection each after the restart)", () => {
    const le = eventsAfter(d, t0, "LeaderElection");
    expect(le.map((e) => e.ev.involvedObject.name).sort()).toEqual(["kube-controller-manager", "kube-scheduler"]);
    for (const e of le) expect(e.ev.message).toMatch(/^control-plane-1_[0-9a-f-]{36} became leader$/);
  });
});

/** The acting (running and active) schedulers and controller-managers. */
function acting(c: Cluster) {
  return {
    schedulers: c.controlPlanes.filter((cp) => cp.scheduler.running && cp.scheduler.active).map((cp) => cp.machine.name),
    kcms: c.controlPlanes.filter((cp) => cp.controllerManager.running && cp.controllerManager.active).map((cp) => cp.machine.name),
  };
}

/** Steps the simulation event by event for `ms`, checking after every event that at most one of each acts. */
function stepChecking(d: D, ms: number): string[] {
  const end = d.cluster.now + ms;
  const violations: string[] = [];
  while ((d.cluster.sim.nextTime() ?? Infinity) <= end && d.cluster.sim.step()) {
    const a = acting(d.cluster);
    if (a.schedulers.length > 1) violations.push(`${d.cluster.now}: schedulers ${a.schedulers.join(",")}`);
    if (a.kcms.length > 1) violations.push(`${d.cluster.now}: controller-managers ${a.kcms.join(",")}`);
  }
  d.cluster.runUntil(end);
  return violations;
}

describe("leader election at boot", () => {
  it.each([1, 3])("with %i control plane(s) one scheduler and one controller-manager lead within a second of boot", (masters) => {
    const d = driver(61, { masters, workers: 1 });
    expect(stepChecking(d, 1_000)).toEqual([]);
    const a = acting(d.cluster);
    expect(a.schedulers).toHaveLength(1);
    expect(a.kcms).toHaveLength(1);
    const leases = d.objects<Lease>("Lease").filter((l) => l.metadata.namespace === "kube-system");
    expect(leases.map((l) => l.metadata.name).sort()).toEqual(["kube-controller-manager", "kube-scheduler"]);
    for (const l of leases) {
      expect(l.spec).toMatchObject({ leaseDurationSeconds: 15, leaseTransitions: 0 });
      expect(l.spec.holderIdentity).toMatch(/^control-plane-\d_[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
    const le = d.events.filter((e) => e.ev.reason === "LeaderElection");
    const sched = le.find((e) => e.ev.involvedObject.name === "kube-scheduler")!;
    expect(sched.ev).toMatchObject({ type: "Normal", source: { component: "default-scheduler" }, involvedObject: { kind: "Lease", namespace: "kube-system", apiVersion: "coordination.k8s.io/v1" } });
    expect(sched.ev.message).toBe(`${leases.find((l) => l.metadata.name === "kube-scheduler")!.spec.holderIdentity} became leader`);
    const kcm = le.find((e) => e.ev.involvedObject.name === "kube-controller-manager")!;
    expect(kcm.ev.source).toEqual({ component: "kube-controller-manager" });
    expect(d.run("kubectl get leases -n kube-system")).toMatchObject({ ok: true, output: expect.stringMatching(/^NAME\s+HOLDER\s+AGE\nkube-controller-manager\s+control-plane-\d_\S+\s+1s\nkube-scheduler\s+control-plane-\d_\S+\s+1s$/) });
  });
});

/**
 * Stops the machine whose scheduler leads, in a 3-control-plane cluster, and measures how long after
 * the old leader's last renewal the Lease changes hands.
 */
function leaderFailover(seed: number) {
  const d = driver(seed, { masters: 3, workers: 2 });
  d.advance(60_000);
  const leader = acting(d.cluster).schedulers[0];
  const before = new Map(d.objects<Lease>("Lease").filter((l) => l.metadata.namespace === "kube-system").map((l) => [l.metadata.name, l.spec]));
  const t0 = d.cluster.now;
  d.run(`stop node ${leader}`);
  const violations = stepChecking(d, 40_000);
  const after = new Map(d.objects<Lease>("Lease").filter((l) => l.metadata.namespace === "kube-system").map((l) => [l.metadata.name, l.spec]));
  const takeover = (name: string) => parseTimestamp(after.get(name)!.acquireTime!) - parseTimestamp(before.get(name)!.renewTime!);
  return { d, leader, before, after, t0, violations, schedulerDelay: takeover("kube-scheduler"), kcmDelay: takeover("kube-controller-manager") };
}

describe("three control planes: the machine holding the scheduler and controller-manager leases dies", () => {
  const r = leaderFailover(71);

  it("never has two acting schedulers or controller-managers", () => {
    expect(r.violations).toEqual([]);
    const a = acting(r.d.cluster);
    expect(a.schedulers).toHaveLength(1);
    expect(a.kcms).toHaveLength(1);
    expect(a.schedulers[0]).not.toBe(r.leader);
  });

  it("hands each Lease to another control plane 15–24 s after the last renewal, never sooner, leaseTransitions +1", () => {
    // Candidates retry every 2–4.4 s (RetryPeriod 2 s, JitterFactor 1.2): one sees the last renewal up to
    // 4.4 s late, and may take over once 15 s have passed since then, at its next try.
    for (const [name, delay] of [["kube-scheduler", r.schedulerDelay], ["kube-controller-manager", r.kcmDelay]] as const) {
      expect(delay, name).toBeGreaterThanOrEqual(15_000);
      expect(delay, name).toBeLessThanOrEqual(15_000 + 2 * 4_400 + 100);
      const spec = r.after.get(name)!;
      expect(spec.holderIdentity).not.toBe(r.before.get(name)!.holderIdentity);
      expect(spec.holderIdentity!.startsWith(`${r.leader}_`)).toBe(false);
      expect(spec.leaseTransitions).toBe(1);
    }
  });

  it("records '<identity> became leader' for the new holders, and the new scheduler schedules", () => {
    const le = eventsAfter(r.d, r.t0, "LeaderElection").map((e) => `${e.ev.involvedObject.name}: ${e.ev.message}`);
    expect(le.sort()).toEqual([
      `kube-controller-manager: ${r.after.get("kube-controller-manager")!.holderIdentity} became leader`,
      `kube-scheduler: ${r.after.get("kube-scheduler")!.holderIdentity} became leader`,
    ]);
    expect(r.d.run("kubectl create deployment web --image=nginx --replicas=2").ok).toBe(true);
    r.d.advance(30_000);
    expect(r.d.pods().filter((p) => p.status.phase === "Running")).toHaveLength(2);
  });

  it("stays within the window for other seeds", () => {
    for (const seed of [72, 73, 74]) {
      const x = leaderFailover(seed);
      expect(x.violations).toEqual([]);
      for (const delay of [x.schedulerDelay, x.kcmDelay]) {
        expect(delay).toBeGreaterThanOrEqual(15_000);
        expect(delay).toBeLessThanOrEqual(15_000 + 2 * 4_400 + 100);
      }
    }
  }, 60_000);
});

describe("a leader cut off from its API server gives up before anyone else may take over", () => {
  it("stops acting within the 10 s renew deadline (+ one retry period), exits, and the kubelet restarts it as a follower", () => {
    const d = driver(81, { masters: 3, workers: 1 });
    d.advance(60_000);
    const leader = acting(d.cluster).schedulers[0];
    const cp = d.cluster.controlPlanes.find((c) => c.machine.name === leader)!;
    const lastRenewBefore = parseTimestamp(d.objects<Lease>("Lease").find((l) => l.metadata.name === "kube-scheduler")!.spec.renewTime!);
    d.run(`stop kube-apiserver@${leader}`);
    let stoppedActingAt = 0;
    let restartedAt = 0;
    const end = d.cluster.now + 40_000;
    const violations: string[] = [];
    while ((d.cluster.sim.nextTime() ?? Infinity) <= end && d.cluster.sim.step()) {
      if (!stoppedActingAt && !(cp.scheduler.running && cp.scheduler.active)) stoppedActingAt = d.cluster.now;
      if (stoppedActingAt && !restartedAt && cp.scheduler.running) restartedAt = d.cluster.now;
      if (acting(d.cluster).schedulers.length > 1) violations.push(String(d.cluster.now));
    }
    expect(violations).toEqual([]);
    // Its last successful renewal is at most one retry period + a round trip before the stop.
    expect(stoppedActingAt - lastRenewBefore).toBeLessThanOrEqual(2_000 + 10_000 + 100);
    expect(stoppedActingAt - lastRenewBefore).toBeLessThan(15_000);
    // Static pod: PLEG sees the exit within a second and the kubelet starts the container again.
    expect(restartedAt - stoppedActingAt).toBeGreaterThan(0);
    expect(restartedAt - stoppedActingAt).toBeLessThanOrEqual(1_000);
    expect(cp.scheduler.active).toBe(false);
    expect(acting(d.cluster).schedulers).toHaveLength(1);
    expect(acting(d.cluster).schedulers[0]).not.toBe(leader);
  });
});

describe("three control planes: the leader's machine is partitioned", () => {
  it("the cut-off leader gives up at its renew deadline, another takes over after the lease expires, never two at once", () => {
    const d = driver(71, { masters: 3, workers: 1 });
    d.advance(60_000);
    const leader = acting(d.cluster).schedulers[0];
    const cp = d.cluster.controlPlanes.find((c) => c.machine.name === leader)!;
    const renewBefore = parseTimestamp(d.objects<Lease>("Lease").find((l) => l.metadata.name === "kube-scheduler")!.spec.renewTime!);
    const t0 = d.cluster.now;
    d.run(`partition ${leader}`);
    let gaveUpAt = 0;
    const violations: string[] = [];
    const end = d.cluster.now + 40_000;
    while ((d.cluster.sim.nextTime() ?? Infinity) <= end && d.cluster.sim.step()) {
      if (!gaveUpAt && !(cp.scheduler.running && cp.scheduler.active)) gaveUpAt = d.cluster.now;
      if (acting(d.cluster).schedulers.length > 1) violations.push(String(d.cluster.now));
    }
    expect(violations).toEqual([]);
    expect(gaveUpAt - t0).toBeLessThanOrEqual(12_100);
    const after = d.objects<Lease>("Lease").find((l) => l.metadata.name === "kube-scheduler")!.spec;
    expect(after.holderIdentity!.startsWith(`${leader}_`)).toBe(false);
    expect(parseTimestamp(after.acquireTime!) - renewBefore).toBeGreaterThanOrEqual(15_000);
    expect(parseTimestamp(after.acquireTime!)).toBeGreaterThan(gaveUpAt);
    // Healed, the old machine's restarted scheduler stays a follower.
    d.run(`heal ${leader}`);
    expect(stepChecking(d, 60_000)).toEqual([]);
    expect(acting(d.cluster).schedulers).toEqual([after.holderIdentity!.split("_")[0]]);
  });
});

describe("restarted and reconnected workers come back as Kubernetes nodes do", () => {
  it("a worker off for a minute: Ready again, its pod's containers restarted in place (RESTARTS 1), nothing rescheduled", () => {
    const d = withWeb(91, 1, 3);
    const node = d.pods()[0].spec.nodeName!;
    const names = d.pods().map((p) => p.metadata.name).sort();
    d.run(`stop node ${node}`);
    d.advance(60_000);
    d.run(`start node ${node}`);
    d.advance(120_000);
    expect(d.pods().map((p) => p.metadata.name).sort()).toEqual(names);
    for (const p of d.pods()) {
      expect(p.status.phase).toBe("Running");
      expect(podReady(p)).toBe("True");
      expect(p.status.containerStatuses![0].restartCount).toBe(p.spec.nodeName === node ? 1 : 0);
    }
    expect(readyOf(d.objects<Node>("Node").find((n) => n.metadata.name === node)!)?.status).toBe("True");
    expect(d.objects<Node>("Node").find((n) => n.metadata.name === node)!.spec.taints ?? []).toEqual([]);
  });

  it("a worker off past its pods' eviction: the kubelet finishes the Terminating pods' deletion when it is back", () => {
    const d = withWeb(92, 1, 3);
    const node = d.pods()[0].spec.nodeName!;
    const victims = d.pods().filter((p) => p.spec.nodeName === node).map((p) => p.metadata.name);
    d.run(`stop node ${node}`);
    d.advance(420_000);
    expect(d.pods().filter((p) => victims.includes(p.metadata.name)).every((p) => p.metadata.deletionTimestamp)).toBe(true);
    d.run(`start node ${node}`);
    d.advance(120_000);
    expect(d.pods().filter((p) => victims.includes(p.metadata.name))).toEqual([]);
    expect(live(d.pods()).filter((p) => p.status.phase === "Running")).toHaveLength(3);
    expect(readyOf(d.objects<Node>("Node").find((n) => n.metadata.name === node)!)?.status).toBe("True");
  });

  it("a partitioned worker turns Unknown like a dead one, and is Ready with its pods ready again once healed", () => {
    const d = withWeb(93, 1, 3);
    const node = d.pods()[0].spec.nodeName!;
    const t0 = d.cluster.now;
    d.run(`partition ${node}`);
    d.advance(70_000);
    const nn = eventsAfter(d, t0, "NodeNotReady").find((e) => e.ev.involvedObject.kind === "Node")!;
    expect(nn.ev.involvedObject.name).toBe(node);
    expect(nn.t - t0).toBeGreaterThanOrEqual(40_000);
    expect(nn.t - t0).toBeLessThanOrEqual(60_000);
    d.run(`heal ${node}`);
    d.advance(90_000);
    expect(readyOf(d.objects<Node>("Node").find((n) => n.metadata.name === node)!)?.status).toBe("True");
    expect(d.pods().every((p) => podReady(p) === "True" && !p.metadata.deletionTimestamp)).toBe(true);
  });
});

describe("stop COMPONENT@NODE / start COMPONENT@NODE for every component", () => {
  it("each control-plane and node component stops and starts again, and the workload stays or comes back ready", () => {
    const d = withWeb(95, 1, 2);
    const targets = [
      ...["kube-apiserver", "etcd", "kube-scheduler", "kube-controller-manager", "kubelet", "kube-proxy", "containerd"].map((c) => `${c}@control-plane-1`),
      ...["kubelet", "kube-proxy", "containerd"].map((c) => `${c}@worker-1`),
    ];
    for (const id of targets) {
      expect(d.run(`stop ${id}`)).toEqual({ ok: true, output: `${id} stopped` });
      expect(d.cluster.sim.actors.get(id)!.running).toBe(false);
      d.advance(20_000);
      expect(d.run(`start ${id}`)).toEqual({ ok: true, output: `${id} started` });
      d.advance(40_000);
      expect(d.cluster.sim.actors.get(id)!.running, id).toBe(true);
    }
    expect(d.run("stop etcd@worker-1")).toEqual({ ok: false, error: 'error: component "etcd@worker-1" not found' });
    d.advance(60_000);
    const pods = live(d.pods());
    expect(pods).toHaveLength(3);
    expect(pods.every((p) => p.status.phase === "Running" && podReady(p) === "True")).toBe(true);
    const a = acting(d.cluster);
    expect([a.schedulers, a.kcms]).toEqual([["control-plane-1"], ["control-plane-1"]]);
  });
});

describe("the load balancer's machine stops, or kubectl's is cut off (1 control plane, 2 workers)", () => {
  const d = withWeb(61, 1, 2);
  d.run("stop node load-balancer");
  const t0 = d.cluster.now;
  const get = d.run("kubectl get pods");
  const getTook = d.cluster.now - t0;
  const t1 = d.cluster.now;
  const create = d.run("kubectl create deployment api --image=nginx");
  const createTook = d.cluster.now - t1;
  d.run("start node load-balancer");
  // HAProxy marks the API server UP after two good health checks, 2 s apart.
  d.advance(6_000);
  const after = d.run("kubectl get deployments");
  d.run("partition kubectl");
  const cut = d.run("kubectl scale deployment web --replicas=4");
  d.run("heal kubectl");
  const healed = d.run("kubectl scale deployment web --replicas=4");

  it("kubectl's dial gets no answer and times out after 30 s (client-go's dialer), as kubectl v1.32 prints it", () => {
    expect(get).toEqual({ ok: false, error: "Unable to connect to the server: dial tcp 192.168.0.10:6443: i/o timeout" });
    expect(getTook).toBe(30_000);
    expect(create).toEqual({
      ok: false,
      error: 'error: failed to create deployment: Post "https://192.168.0.10:6443/apis/apps/v1/namespaces/default/deployments?fieldManager=kubectl-create&fieldValidation=Strict": dial tcp 192.168.0.10:6443: i/o timeout',
    });
    expect(createTook).toBe(30_000);
    // Nothing was written while the load balancer was down.
    expect(d.objects("Deployment").map((x) => x.metadata.name)).toEqual(["web"]);
  });

  it("works again once the load balancer is back, and the same happens while kubectl's own machine is cut off", () => {
    expect(after.ok).toBe(true);
    expect(cut).toEqual({ ok: false, error: "Unable to connect to the server: dial tcp 192.168.0.10:6443: i/o timeout" });
    expect(healed).toEqual({ ok: true, output: "deployment.apps/web scaled" });
  });
});
