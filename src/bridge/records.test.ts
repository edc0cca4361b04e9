import { describe, expect, it } from "vitest";
import { Cluster } from "../engine/cluster";
import { parseAction } from "../engine/kubectl/parse";
import type { Action } from "../engine/kubectl/action";
import type { ComponentRecord, ObjectRecord } from "./protocol";
import { RecordTracker, objectIdOfKey } from "./records";
import { componentView } from "../canvas/views";

function run(cluster: Cluster, line: string): void {
  cluster.execute(parseAction(line) as Action, () => {});
}

describe("records", () => {
  it("names objects by resource/namespace/name or resource/name, and leaves Events out", () => {
    expect(objectIdOfKey("/registry/pods/default/web-1")).toEqual({ id: "pods/default/web-1", resource: "pods" });
    expect(objectIdOfKey("/registry/minions/worker-1")).toEqual({ id: "nodes/worker-1", resource: "nodes" });
    expect(objectIdOfKey("/registry/services/specs/default/kubernetes")).toEqual({ id: "services/default/kubernetes", resource: "services" });
    expect(objectIdOfKey("/registry/events/default/x.1")).toBeUndefined();
  });

  it("says when an API server's /healthz fails its etcd check (no quorum), and the canvas says so in words", () => {
    const cluster = new Cluster({ seed: 3, topology: { masters: 3, workers: 1 } });
    const tracker = new RecordTracker(cluster);
    cluster.runUntil(15_000);
    const apiserver = () => tracker.snapshot().find((r): r is ComponentRecord => r.rtype === "component" && r.id === "kube-apiserver@control-plane-3")!;
    expect(apiserver().detail).toEqual({ kind: "kube-apiserver", ready: true, healthy: true });
    expect(componentView(apiserver()).split("\t")[2]).toBe("ready");
    for (const cp of ["control-plane-1", "control-plane-2"]) cluster.execute(parseAction(`stop etcd@${cp}`) as Action, () => {});
    cluster.runUntil(30_000);
    expect(apiserver().detail).toEqual({ kind: "kube-apiserver", ready: true, healthy: false });
    expect(componentView(apiserver()).split("\t")[2]).toBe("unhealthy: etcd");
  });

  it("snapshots machines, components with details, and every object but Events", () => {
    const cluster = new Cluster({ seed: 3 });
    const tracker = new RecordTracker(cluster);
    cluster.runUntil(15_000);
    const recs = tracker.snapshot();
    const machines = recs.filter((r) => r.rtype === "machine").map((r) => r.id);
    expect(machines).toEqual(expect.arrayContaining(["control-plane-1", "worker-1", "worker-2", "worker-3", "kubectl", "load-balancer", "image-registry"]));
    const comps = new Map(recs.filter((r): r is ComponentRecord => r.rtype === "component").map((r) => [r.id, r]));
    expect(comps.get("kube-scheduler@control-plane-1")!.detail).toMatchObject({ kind: "kube-scheduler", active: true });
    expect(comps.get("kube-apiserver@control-plane-1")!.detail).toEqual({ kind: "kube-apiserver", ready: true, healthy: true });
    expect(comps.get("etcd@control-plane-1")!.detail).toMatchObject({ kind: "etcd" });
    expect((comps.get("kubelet@worker-1")!.detail as { lastLeaseRenew: number }).lastLeaseRenew).toBeGreaterThan(0);
    expect(comps.get("kube-proxy@worker-1")!.detail).toMatchObject({ kind: "kube-proxy" });
    expect(comps.get("containerd@worker-1")!.detail).toBeUndefined();
    const objects = recs.filter((r): r is ObjectRecord => r.rtype === "object");
    expect(objects.some((o) => o.id === "nodes/worker-2" && o.object.kind === "Node")).toBe(true);
    expect(objects.some((o) => o.object.kind === "Event")).toBe(false);
  });

  it("reports added, updated and removed objects, machines and components; unchanged details keep their identity", () => {
    const cluster = new Cluster({ seed: 3 });
    const tracker = new RecordTracker(cluster);
    cluster.runUntil(1_000);
    tracker.collect();
    const before = tracker.snapshot().find((r) => r.id === "kube-proxy@worker-1") as ComponentRecord;
    run(cluster, "kubectl create deployment web --image=nginx --replicas=2");
    cluster.runUntil(1_200);
    const d1 = tracker.collect();
    expect(d1.added.some((r) => r.id === "deployments/default/web")).toBe(true);
    expect(d1.added.filter((r) => r.id.startsWith("pods/default/web-")).length).toBe(2);
    expect(d1.updated.some((r) => r.id === "kube-proxy@worker-1")).toBe(false);
    expect(tracker.snapshot().find((r) => r.id === "kube-proxy@worker-1")).toBe(before);
    expect(tracker.takeEvents().some((e) => e.reason === "ScalingReplicaSet" && e.source === "deployment-controller")).toBe(true);

    run(cluster, "stop node worker-3");
    const d2 = tracker.collect();
    expect(d2.updated).toEqual(expect.arrayContaining([expect.objectContaining({ rtype: "machine", id: "worker-3", running: false })]));
    expect(d2.updated).toEqual(expect.arrayContaining([expect.objectContaining({ rtype: "component", id: "kubelet@worker-3", running: false })]));

    run(cluster, "kubectl delete deployment web");
    cluster.runUntil(5_000);
    const d3 = tracker.collect();
    expect(d3.removed).toContain("deployments/default/web");
    // Nothing is reported twice: a second collect with no engine progress is empty.
    expect(tracker.collect()).toEqual({ added: [], updated: [], removed: [] });
  });
});
