import { describe, expect, it } from "vitest";
import type { ComponentRecord, EventRecord, ObjectRecord, SchedulerDecisionView } from "../bridge/protocol";
import { RecordTracker } from "../bridge/records";
import type { Pod, Service } from "../engine/api/types";
import { Cluster } from "../engine/cluster";
import type { Action } from "../engine/kubectl/action";
import { parseAction } from "../engine/kubectl/parse";
import { decisionRows, decisionSummary, eventsAbout, eventsByComponent, ipOwners, lastSeen, proxyServiceRows } from "./inspect";

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

describe("kube-proxy's rules in words", () => {
  /** A real cluster (seed 5) at 5 s: three nginx pods on their way, exposed as Service web; the records the page would hold. */
  function cluster() {
    const c = new Cluster({ seed: 5 });
    const tracker = new RecordTracker(c);
    const run = (line: string) => c.execute(parseAction(line) as Action, () => {});
    const view = (node: string) => {
      const recs = tracker.snapshot();
      const objects: Record<string, ObjectRecord> = {};
      for (const r of recs) if (r.rtype === "object") objects[r.id] = r;
      const proxy = recs.find((r): r is ComponentRecord => r.rtype === "component" && r.id === `kube-proxy@${node}`)!;
      if (proxy.detail?.kind !== "kube-proxy") throw new Error("no kube-proxy detail");
      return { objects, detail: proxy.detail, rows: proxyServiceRows(proxy.detail.rules, ipOwners(objects)) };
    };
    run("kubectl create deployment web --image=nginx --replicas=3 --port=80");
    c.runUntil(5_000);
    run("kubectl expose deployment web --port=80");
    return { c, run, view };
  }

  it("lists each Service's endpoints with the pod and node behind each, and the chance of each rule", () => {
    const { c, run, view } = cluster();
    c.runUntil(60_000);
    const { objects, detail, rows } = view("worker-1");
    expect(detail.lastSync).toBeGreaterThan(5_000);
    // The lesson's Service first, the cluster's own last.
    expect(rows.map((r) => r.name)).toEqual(["default/web", "default/kubernetes:https"]);
    const web = rows[0];
    const ip = (objects["services/default/web"].object as Service).spec.clusterIP;
    expect(web.clusterIP).toBe(`${ip}:80/TCP`);
    expect(web.endpoints.map((e) => e.match)).toEqual(["1/3 of all", "1/2 of the rest", "all the rest"]);
    expect(web.summary).toContain("each of the 3 endpoints gets 1 in 3 new connections");
    for (const e of web.endpoints) {
      const pod = objects[`pods/default/${e.target}`]?.object as Pod;
      expect(`${pod.status.podIP}:80`).toBe(e.endpoint);
      expect(e.node).toBe(pod.spec.nodeName);
      expect(e.note).toBeNull();
    }
    expect(rows[1].endpoints).toEqual([{ endpoint: "192.168.0.11:6443", target: "kube-apiserver", node: "control-plane-1", match: "all", note: null }]);
  });

  it("drops a pod that stops being ready, and says a Service with no ready endpoint rejects", () => {
    const { c, run, view } = cluster();
    c.runUntil(30_000);
    const before = view("worker-1").rows[0].endpoints;
    const onWorker2 = before.filter((e) => e.node === "worker-2").length;
    expect(onWorker2).toBeGreaterThan(0);
    // The kubelet stops: 50 s later the node is Unknown, its pods not Ready, their endpoints not ready.
    run("stop kubelet@worker-2");
    c.runUntil(110_000);
    const after = view("worker-1").rows[0].endpoints;
    expect(after.length).toBe(before.length - onWorker2);
    expect(after.every((e) => e.node !== "worker-2")).toBe(true);
    // Still listed in the EndpointSlice, not ready: said apart.
    expect(view("worker-1").rows[0].summary).toMatch(new RegExp(` ${onWorker2} more endpoints? (is|are) listed in its EndpointSlices and gets? none\\.$`));
    run("kubectl scale deployment web --replicas=0");
    c.runUntil(200_000);
    const web = view("worker-1").rows[0];
    expect(web.endpoints).toEqual([]);
    const ip = (view("worker-1").objects["services/default/web"].object as Service).spec.clusterIP;
    // worker-2's pods cannot finish terminating while its kubelet is down: their endpoints stay listed, not ready.
    expect(web.summary).toBe(`No endpoint is ready: connections to ${ip}:80 are rejected (REJECT, "has no endpoints"). Its EndpointSlices list ${onWorker2 === 1 ? "1 endpoint, not ready" : `${onWorker2} endpoints, none ready`}.`);
  });
});
