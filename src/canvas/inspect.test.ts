import { describe, expect, it } from "vitest";
import type { EventRecord, ObjectRecord, SchedulerDecisionView } from "../bridge/protocol";
import { decisionRows, decisionSummary, eventsAbout, eventsByComponent, lastSeen } from "./inspect";

const ev = (t: number, kind: string, name: string, source: string, reason = "R"): EventRecord => ({
  t,
  type: "Normal",
  reason,
  message: `${reason} ${name}`,
  object: { kind, namespace: kind === "Node" ? undefined : "default", name },
  source,
  count: 1,
});

describe("events", () => {
  const events = [
    ev(1, "Pod", "web-1", "default-scheduler", "Scheduled"),
    ev(2, "Pod", "web-2", "default-scheduler", "Scheduled"),
    ev(3, "Pod", "web-1", "kubelet", "Pulling"),
    ev(4, "Node", "worker-1", "kubelet", "NodeReady"),
    ev(5, "Node", "worker-2", "kubelet", "NodeReady"),
    ev(6, "ReplicaSet", "web-abc", "replicaset-controller", "SuccessfulCreate"),
  ];

  it("picks an object's events, newest last, at most `limit`", () => {
    expect(eventsAbout(events, { kind: "Pod", namespace: "default", name: "web-1" }).map((e) => e.reason)).toEqual(["Scheduled", "Pulling"]);
    expect(eventsAbout(events, { kind: "Pod", namespace: "default", name: "web-1" }, 1).map((e) => e.reason)).toEqual(["Pulling"]);
    expect(eventsAbout(events, { kind: "Node", name: "worker-2" })).toHaveLength(1);
  });

  it("picks a component's events; a kubelet's only about its node and its pods", () => {
    const objects: Record<string, ObjectRecord> = {
      "pods/default/web-1": { rtype: "object", id: "pods/default/web-1", resource: "pods", object: { spec: { nodeName: "worker-1" } } as never },
    };
    expect(eventsByComponent(events, "kube-scheduler", "control-plane-1", objects).map((e) => e.t)).toEqual([1, 2]);
    expect(eventsByComponent(events, "kube-controller-manager", "control-plane-1", objects).map((e) => e.t)).toEqual([6]);
    expect(eventsByComponent(events, "kubelet", "worker-1", objects).map((e) => e.t)).toEqual([3, 4]);
  });

  it("says when like kubectl", () => {
    expect(lastSeen(1_000, 13_500)).toBe("12s");
    expect(lastSeen(0, 200_000)).toBe("3m20s");
  });
});

describe("the scheduler's last decision", () => {
  const d: SchedulerDecisionView = {
    pod: "default/web-1",
    chosen: "worker-2",
    message: null,
    scorePlugins: [
      { name: "NodeResourcesFit", weight: 1 },
      { name: "TaintToleration", weight: 3 },
    ],
    nodes: [
      { node: "control-plane-1", verdict: "filtered", plugin: "TaintToleration", reasons: ["node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }"] },
      { node: "worker-1", verdict: "feasible", scores: { NodeResourcesFit: 90, TaintToleration: 100 }, total: 390 },
      { node: "worker-2", verdict: "feasible", scores: { NodeResourcesFit: 95, TaintToleration: 100 }, total: 395 },
      { node: "worker-3", verdict: "not evaluated" },
    ],
  };

  it("lists the chosen node first, then feasible by total, then filtered, in words", () => {
    const rows = decisionRows(d);
    expect(rows.map((r) => r.node)).toEqual(["worker-2", "worker-1", "control-plane-1", "worker-3"]);
    expect(rows[0]).toMatchObject({ chosen: true, verdict: "feasible", scores: [95, 100], total: 395 });
    expect(rows[2].verdict).toBe("filtered by TaintToleration: node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }");
    expect(rows[2].scores).toEqual([null, null]);
    expect(rows[3].verdict).toBe("not evaluated");
  });

  it("sums it up in one sentence", () => {
    expect(decisionSummary(d)).toBe("default/web-1 → worker-2 (2 of 4 nodes feasible)");
    expect(decisionSummary({ ...d, chosen: null, message: "0/4 nodes are available" })).toBe("default/web-1 did not fit: 0/4 nodes are available");
  });
});
