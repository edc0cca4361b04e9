import { describe, expect, it } from "vitest";
import type { EndpointSlice, Service } from "../../api/types";
import { rfc3339 } from "../../time";
import { pod } from "../fixtures";
import { reconcileEndpointSlices, podToEndpoint, MAX_ENDPOINTS_PER_SLICE } from "./reconciler";

function service(name = "web", ports: Service["spec"]["ports"] = [{ name: "http", protocol: "TCP", port: 80, targetPort: 8080 }]): Service {
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name, namespace: "default", uid: "svc-uid", resourceVersion: "7", creationTimestamp: rfc3339(0) },
    spec: { selector: { app: "web" }, ports, type: "ClusterIP", clusterIP: "10.96.0.20", clusterIPs: ["10.96.0.20"] },
    status: { loadBalancer: {} },
  };
}

const always = () => true;
const ip = (i: number) => `10.244.${1 + Math.floor(i / 250)}.${(i % 250) + 2}`;

/** Gives created slices names, as the API server does for generateName. */
function materialize(changes: { create: EndpointSlice[]; update: EndpointSlice[] }, existing: EndpointSlice[] = []): EndpointSlice[] {
  let n = existing.length;
  const byName = new Map(existing.map((s) => [s.metadata.name, s]));
  for (const s of changes.update) byName.set(s.metadata.name, s);
  for (const s of changes.create) {
    const name = `${s.metadata.generateName}${String(n++).padStart(5, "x")}`;
    byName.set(name, { ...s, metadata: { ...s.metadata, name, uid: name, resourceVersion: "1", creationTimestamp: rfc3339(0) } });
  }
  return [...byName.values()];
}

describe("reconcileEndpointSlices", () => {
  it("puts 250 endpoints in 3 slices of at most 100", () => {
    const pods = Array.from({ length: 250 }, (_, i) => pod(`web-${String(i).padStart(3, "0")}`, { node: "worker-1", ready: true, ip: ip(i) }));
    const r = reconcileEndpointSlices(service(), pods, [], always);
    expect(r.create.map((s) => s.endpoints.length)).toEqual([100, 100, 50]);
    expect(r.update).toEqual([]);
    expect(MAX_ENDPOINTS_PER_SLICE).toBe(100);
  });

  it("names slices <service>-, labels them, owns them by the Service, and lists ports by name", () => {
    const r = reconcileEndpointSlices(service(), [pod("web-1", { node: "worker-1", ready: true, ip: "10.244.1.5" })], [], always);
    const s = r.create[0];
    expect(s.metadata.generateName).toBe("web-");
    expect(s.metadata.labels).toEqual({ "kubernetes.io/service-name": "web", "endpointslice.kubernetes.io/managed-by": "endpointslice-controller.k8s.io" });
    expect(s.metadata.ownerReferences).toEqual([{ apiVersion: "v1", kind: "Service", name: "web", uid: "svc-uid", controller: true, blockOwnerDeletion: true }]);
    expect(s.addressType).toBe("IPv4");
    expect(s.ports).toEqual([{ name: "http", port: 8080, protocol: "TCP" }]);
    expect(s.endpoints[0]).toMatchObject({ addresses: ["10.244.1.5"], conditions: { ready: true, serving: true, terminating: false }, nodeName: "worker-1", targetRef: { kind: "Pod", namespace: "default", name: "web-1" } });
  });

  it("sets ready = serving and not terminating", () => {
    const svc = service();
    expect(podToEndpoint(pod("a", { node: "w", ready: false, ip: "1.1.1.1" }), svc).conditions).toEqual({ ready: false, serving: false, terminating: false });
    expect(podToEndpoint(pod("b", { node: "w", ready: true, deleting: true, ip: "1.1.1.2" }), svc).conditions).toEqual({ ready: false, serving: true, terminating: true });
  });

  it("leaves out pods without an IP, terminal pods, and pods on a node that does not exist", () => {
    const pods = [pod("noip", { node: "w" }), pod("done", { node: "w", ip: "1.1.1.1", phase: "Succeeded" }), pod("ghost", { node: "gone", ip: "1.1.1.2", ready: true }), pod("ok", { node: "w", ip: "1.1.1.3", ready: true })];
    const r = reconcileEndpointSlices(service(), pods, [], (n) => n === "w");
    expect(r.create[0].endpoints.map((e) => e.targetRef?.name)).toEqual(["ok"]);
  });

  it("keeps one empty placeholder slice for a Service without endpoints, and does not recreate it", () => {
    const r = reconcileEndpointSlices(service(), [], [], always);
    expect(r.create).toHaveLength(1);
    expect(r.create[0].endpoints).toEqual([]);
    const again = reconcileEndpointSlices(service(), [], materialize(r), always);
    expect(again).toEqual({ create: [], update: [], delete: [] });
  });

  it("updates a slice in place when a pod turns unready, and reuses a slice instead of delete+create", () => {
    const pods = [pod("a", { node: "w", ready: true, ip: "1.1.1.1" }), pod("b", { node: "w", ready: true, ip: "1.1.1.2" })];
    const slices = materialize(reconcileEndpointSlices(service(), pods, [], always));
    const unready = [pods[0], pod("b", { node: "w", ready: false, ip: "1.1.1.2", uid: pods[1].metadata.uid })];
    const r = reconcileEndpointSlices(service(), unready, slices, always);
    expect(r.create).toEqual([]);
    expect(r.update).toHaveLength(1);
    expect(r.update[0].endpoints.find((e) => e.targetRef?.name === "b")?.conditions.ready).toBe(false);
    // No pods at all: the slice becomes the placeholder through an update, not delete + create.
    const empty = reconcileEndpointSlices(service(), [], slices, always);
    expect(empty.delete).toEqual([]);
    expect(empty.update).toHaveLength(1);
    expect(empty.update[0].metadata.name).toBe(slices[0].metadata.name);
    expect(empty.update[0].endpoints).toEqual([]);
  });

  it("is a no-op when nothing changed", () => {
    const pods = [pod("a", { node: "w", ready: true, ip: "1.1.1.1" })];
    const slices = materialize(reconcileEndpointSlices(service(), pods, [], always));
    expect(reconcileEndpointSlices(service(), pods, slices, always)).toEqual({ create: [], update: [], delete: [] });
  });

  it("annotates the trigger time", () => {
    const r = reconcileEndpointSlices(service(), [], [], always, "2024-12-11T00:00:05Z");
    expect(r.create[0].metadata.annotations).toEqual({ "endpoints.kubernetes.io/last-change-trigger-time": "2024-12-11T00:00:05Z" });
  });
});
