import { describe as suite, expect, it } from "vitest";
import type { ComponentRecord, EventRecord, MachineRecord, ObjectRecord } from "../bridge/protocol";
import { baselineOf, describe, etcdLeader, evaluate, type ConditionContext } from "./conditions";
import { resolvePlaceholders } from "./placeholders";
import type { Condition } from "./types";
import type { ProxyRules } from "../engine/kubeproxy/rules";

const machine = (id: string, running = true, role: MachineRecord["role"] = "worker"): MachineRecord => ({ rtype: "machine", id, role, running, partitioned: false });
const obj = (resource: string, object: Record<string, unknown>): ObjectRecord => {
  const m = object.metadata as { namespace?: string; name: string };
  const id = m.namespace ? `${resource}/${m.namespace}/${m.name}` : `${resource}/${m.name}`;
  return { rtype: "object", id, resource, object: object as unknown as ObjectRecord["object"] };
};
const pod = (name: string, node: string | undefined, phase: string, ready: boolean, extra: Record<string, unknown> = {}) =>
  obj("pods", {
    kind: "Pod",
    metadata: { name, namespace: "default", labels: { app: "web" }, ...extra },
    spec: { nodeName: node, containers: [{ name: "nginx", image: "nginx" }] },
    status: {
      phase,
      conditions: [{ type: "Ready", status: ready ? "True" : "False" }],
      containerStatuses: phase === "Running" ? [{ name: "nginx", ready, restartCount: 0, state: { running: { startedAt: "2024-12-11T00:00:01Z" } } }] : [],
    },
  });
const node = (name: string, ready: string, extra: Record<string, unknown> = {}) =>
  obj("nodes", { kind: "Node", metadata: { name }, spec: extra, status: { conditions: [{ type: "Ready", status: ready }] } });
const etcd = (m: string, role: string, term: number, running = true): ComponentRecord => ({
  rtype: "component",
  id: `etcd@${m}`,
  machine: m,
  component: "etcd",
  running,
  detail: { kind: "etcd", revision: 1, keys: 1, raft: { role, term, leader: null } } as unknown as ComponentRecord["detail"],
});
const event = (t: number, reason: string, name = "web-1", type: EventRecord["type"] = "Normal"): EventRecord => ({
  t,
  type,
  reason,
  message: `${reason} happened`,
  object: { kind: "Pod", namespace: "default", name },
  source: "x",
  count: 1,
});

/** kube-proxy's rules for Service default/web (port 80) with one endpoint per IP. */
const proxyRules = (ips: string[]): ProxyRules => ({
  services: [
    {
      name: "default/web",
      namespace: "default",
      service: "web",
      portName: "",
      protocol: "TCP",
      clusterIP: "10.96.0.20",
      port: 80,
      chain: "KUBE-SVC-WEB",
      endpoints: ips.map((ip) => ({ chain: `KUBE-SEP-${ip}`, ip, port: 80, endpoint: `${ip}:80`, ready: true, serving: true, terminating: false })),
      listed: ips.length,
      hasEndpoints: ips.length > 0,
    },
  ],
  numEndpoints: ips.length,
});

function ctx(parts: Partial<ConditionContext> = {}): ConditionContext {
  const objects: Record<string, ObjectRecord> = {};
  for (const o of [
    pod("web-1", "worker-1", "Running", true),
    pod("web-2", "worker-2", "Running", true),
    pod("web-3", "worker-2", "Running", false, { deletionTimestamp: "2024-12-11T00:01:00Z" }),
    pod("web-4", undefined, "Pending", false),
    node("worker-1", "True"),
    node("worker-2", "Unknown", { taints: [{ key: "node.kubernetes.io/unreachable", effect: "NoExecute" }], unschedulable: true }),
    obj("leases", { kind: "Lease", metadata: { name: "kube-scheduler", namespace: "kube-system" }, spec: { holderIdentity: "control-plane-2_abc" } }),
    obj("leases", { kind: "Lease", metadata: { name: "worker-1", namespace: "kube-node-lease" }, spec: { holderIdentity: "worker-1" } }),
    obj("endpointslices", {
      kind: "EndpointSlice",
      metadata: { name: "web-x", namespace: "default", labels: { "kubernetes.io/service-name": "web" } },
      endpoints: [
        { addresses: ["10.244.1.2"], conditions: { ready: true } },
        { addresses: ["10.244.2.2"], conditions: { ready: false } },
        { addresses: ["10.244.2.3"], conditions: {} },
      ],
    }),
  ])
    objects[o.id] = o;
  const machines = Object.fromEntries([machine("control-plane-1", true, "control-plane"), machine("control-plane-2", true, "control-plane"), machine("worker-1"), machine("worker-2", false)].map((m) => [m.id, m]));
  const components: Record<string, ComponentRecord> = {
    "etcd@control-plane-1": etcd("control-plane-1", "follower", 3),
    "etcd@control-plane-2": etcd("control-plane-2", "leader", 3),
    "kube-proxy@worker-1": { rtype: "component", id: "kube-proxy@worker-1", machine: "worker-1", component: "kube-proxy", running: true, detail: { kind: "kube-proxy", lastSync: 1000, rules: proxyRules(["10.244.1.2", "10.244.2.2"]) } },
  };
  return {
    machines,
    components,
    objects,
    now: 100_000,
    stepStart: 50_000,
    events: [event(40_000, "Scheduled"), event(60_000, "TaintManagerEviction", "web-3"), event(70_000, "FailedScheduling", "web-4", "Warning")],
    results: [],
    baseline: { etcdLeader: "control-plane-1", leases: { "kube-system/kube-scheduler": "control-plane-1_old" } },
    ...parts,
  };
}

const holds = (c: Condition, parts?: Partial<ConditionContext>) => evaluate(c, ctx(parts));

suite("the wait-for language", () => {
  it("counts pods by deployment, node, phase, kubectl STATUS, readiness, deletion and binding", () => {
    expect(holds({ pods: { deployment: "web", count: 4 } })).toBe(true);
    expect(holds({ pods: { deployment: "web", status: "Running", ready: true, count: 2 } })).toBe(true);
    expect(holds({ pods: { deployment: "web", status: "Terminating", node: "worker-2", count: 1 } })).toBe(true);
    expect(holds({ pods: { deployment: "web", scheduled: false, count: 1 } })).toBe(true);
    expect(holds({ pods: { deployment: "web", notNode: "worker-2", phase: "Running", count: 1 } })).toBe(true);
    expect(holds({ pods: { deployment: "web", terminating: false, min: 3 } })).toBe(true);
    expect(holds({ pods: { deployment: "web", max: 3 } })).toBe(false);
    expect(holds({ pods: { deployment: "db" } })).toBe(false);
    expect(holds({ pods: { deployment: "db", count: 0 } })).toBe(true);
  });

  it("reads a node's Ready status, cordon and taints", () => {
    expect(holds({ node: "worker-2", ready: "Unknown" })).toBe(true);
    expect(holds({ node: "worker-2", taint: "node.kubernetes.io/unreachable:NoExecute", unschedulable: true })).toBe(true);
    expect(holds({ node: "worker-2", taint: "node.kubernetes.io/unreachable:NoSchedule" })).toBe(false);
    expect(holds({ node: "worker-1", noTaint: "node.kubernetes.io/unreachable" })).toBe(true);
    expect(holds({ node: "worker-9", ready: "True" })).toBe(false);
    expect(holds({ nodes: { ready: "True", count: 1 } })).toBe(true);
  });

  it("counts only Events since the step started", () => {
    expect(holds({ event: { reason: "TaintManagerEviction" } })).toBe(true);
    expect(holds({ event: { reason: "Scheduled" } })).toBe(false);
    expect(holds({ event: { reason: "FailedScheduling", type: "Warning", name: "web-4", message: "happened" } })).toBe(true);
    expect(holds({ event: { reason: "FailedScheduling", count: 2 } })).toBe(false);
  });

  it("reads EndpointSlices (a missing ready counts as ready) and kube-proxy's rules", () => {
    expect(holds({ endpoints: { service: "web", ready: 2, notReady: 1 } })).toBe(true);
    expect(holds({ endpoints: { service: "web", minNotReady: 2 } })).toBe(false);
    expect(holds({ proxy: { service: "web", endpoints: 2 } })).toBe(true);
    expect(holds({ proxy: { service: "web", matchesEndpoints: true } })).toBe(true);
    expect(holds({ proxy: { service: "db", endpoints: 0 } })).toBe(false);
  });

  it("finds etcd's leader from the members' Raft status, and compares with the step's start", () => {
    expect(etcdLeader(ctx())).toBe("control-plane-2");
    expect(holds({ etcd: { leader: "control-plane-2" } })).toBe(true);
    expect(holds({ etcdLeaderChanged: true })).toBe(true);
    expect(holds({ etcdLeaderChanged: true }, { baseline: { etcdLeader: "control-plane-2", leases: {} } })).toBe(false);
    const c = ctx();
    c.components["etcd@control-plane-2"] = etcd("control-plane-2", "leader", 3, false);
    expect(evaluate({ etcd: { hasLeader: false } }, c)).toBe(true);
    // Before Raft (no role in the record), a single running member is the leader.
    const single = ctx({ components: { "etcd@control-plane-1": { rtype: "component", id: "etcd@control-plane-1", machine: "control-plane-1", component: "etcd", running: true, detail: { kind: "etcd", revision: 1, keys: 1 } } } });
    expect(etcdLeader(single)).toBe("control-plane-1");
  });

  it("reads leader-election Leases by holder node, and whether they changed hands", () => {
    expect(holds({ lease: { name: "kube-scheduler", holderOn: "control-plane-2" } })).toBe(true);
    expect(holds({ lease: { name: "kube-scheduler", changed: true, holderRunning: true } })).toBe(true);
    expect(holds({ lease: { name: "kube-scheduler", holderNotOn: "control-plane-2" } })).toBe(false);
    expect(holds({ lease: { name: "kube-controller-manager" } })).toBe(false);
    // A node's heartbeat Lease: written by its kubelet, or not yet.
    expect(holds({ lease: { namespace: "kube-node-lease", name: "worker-1" } })).toBe(true);
    expect(holds({ lease: { namespace: "kube-node-lease", name: "worker-2" } })).toBe(false);
    expect(holds({ lease: { name: "worker-1" } })).toBe(false);
    expect(baselineOf(ctx()).leases).toEqual({ "kube-system/kube-scheduler": "control-plane-2_abc", "kube-node-lease/worker-1": "worker-1" });
  });

  it("checks the step's own command results, machines, components and elapsed time; all, any and not", () => {
    const results = [
      { line: "stop node worker-2", at: 0, t: 0, ok: true, output: "worker-2 stopped" },
      { line: "kubectl scale deployment web --replicas=4", at: 0, t: 5, ok: false, error: "Error from server: etcdserver: request timed out" },
    ];
    expect(holds({ result: { ok: false, includes: "timed out" } }, { results })).toBe(true);
    expect(holds({ result: { ok: true, action: 0 } }, { results })).toBe(true);
    expect(holds({ result: { ok: true } }, { results: [] })).toBe(false);
    expect(holds({ machine: "worker-2", running: false })).toBe(true);
    expect(holds({ component: "etcd@control-plane-1", running: true })).toBe(true);
    expect(holds({ elapsed: 50_000 })).toBe(true);
    expect(holds({ elapsed: 50_001 })).toBe(false);
    expect(holds({ all: [{ elapsed: 1 }, { machine: "worker-1", running: true }] })).toBe(true);
    expect(holds({ any: [{ elapsed: 1e9 }, { machine: "worker-1", running: true }] })).toBe(true);
    expect(holds({ not: { machine: "worker-1", running: true } })).toBe(false);
  });

  it("says each condition in plain words", () => {
    expect(describe({ pods: { deployment: "web", status: "Running", ready: true, count: 3 } })).toBe("3 pods of web Running and Ready");
    expect(describe({ node: "worker-2", ready: "Unknown" })).toBe("worker-2: Ready is Unknown");
    expect(describe({ event: { reason: "TaintManagerEviction" } })).toBe("a TaintManagerEviction event");
    expect(describe({ all: [{ etcdLeaderChanged: true }, { elapsed: 60_000 }] })).toBe("etcd elected a new leader, and 1 min passed");
    expect(describe({ lease: { name: "kube-scheduler", changed: true } })).toBe("kube-scheduler lease changed hands");
    expect(describe({ lease: { namespace: "kube-node-lease", name: "worker-2" } })).toBe("worker-2 has a node Lease");
    // Every part a condition checks is in its words.
    expect(describe({ pods: { deployment: "web", scheduled: true, count: 3 } })).toBe("3 pods of web bound to a node");
    expect(describe({ pods: { deployment: "web", scheduled: false, count: 3 } })).toBe("3 pods of web waiting for a node");
    expect(describe({ lease: { name: "kube-scheduler", changed: true, holderRunning: true } })).toBe("kube-scheduler lease changed hands, now held by a running machine");
    expect(describe({ lease: { name: "kube-scheduler", holderOn: "control-plane-2" } })).toBe("kube-scheduler lease held by control-plane-2");
  });

  it("fills in placeholders from the records, or names the one it could not", () => {
    const c = ctx();
    expect(resolvePlaceholders("kubectl delete pod {pod:web}", c)).toEqual({ line: "kubectl delete pod web-1" });
    expect(resolvePlaceholders("kubectl delete pod {pod:web@worker-2}", c)).toEqual({ line: "kubectl delete pod web-2" });
    expect(resolvePlaceholders("stop node {etcd-leader}", c)).toEqual({ line: "stop node control-plane-2" });
    expect(resolvePlaceholders("stop etcd@{etcd-follower}", c)).toEqual({ line: "stop etcd@control-plane-1" });
    expect(resolvePlaceholders("stop kube-scheduler@{lease-holder:kube-scheduler}", c)).toEqual({ line: "stop kube-scheduler@control-plane-2" });
    expect(resolvePlaceholders("start node {stopped-node}", c)).toEqual({ line: "start node worker-2" });
    expect(resolvePlaceholders("kubectl delete pod {pod:db}", c)).toEqual({ error: "error: the lesson's {pod:db} names nothing in the cluster now" });
  });
});
