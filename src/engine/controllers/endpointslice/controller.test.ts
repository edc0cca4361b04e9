import { describe, expect, it } from "vitest";
import type { EndpointSlice, Pod, Service } from "../../api/types";
import { rfc3339 } from "../../time";
import { KubeProxy } from "../../kubeproxy/kubeproxy";
import { kcmHarness } from "../testkit";

const service = (name: string, selector: Record<string, string>, clusterIP: string) =>
  ({
    apiVersion: "v1",
    kind: "Service",
    metadata: { name, namespace: "default" },
    spec: { selector, ports: [{ name: "http", port: 80, targetPort: 8080, protocol: "TCP" }], type: "ClusterIP", clusterIP, clusterIPs: [clusterIP] },
  }) as unknown as Service;

const barePod = (name: string, app: string) => ({ apiVersion: "v1", kind: "Pod", metadata: { name, namespace: "default", labels: { app } }, spec: { containers: [{ name: "c", image: "nginx" }] } }) as unknown as Pod;

function setReady(h: ReturnType<typeof kcmHarness>, name: string, ip: string, ready: boolean): void {
  const ts = rfc3339(h.sim.now);
  h.call((c, cb) => c.patchStatus("pods", "default", name, { status: { phase: "Running", podIP: ip, podIPs: [{ ip }], conditions: [{ type: "Ready", status: ready ? "True" : "False", lastProbeTime: null, lastTransitionTime: ts }] } }, cb));
}

const slicesOf = (h: ReturnType<typeof kcmHarness>, svc: string) => h.objects<EndpointSlice>("EndpointSlice").filter((s) => s.metadata.labels?.["kubernetes.io/service-name"] === svc);

describe("EndpointSlice controller and kube-proxy", () => {
  const h = kcmHarness(31, ["worker-1", "worker-2"]);
  const proxy = h.sim.addActor(new KubeProxy(h.sim, h.sim.machines.get("worker-1")!, { endpoint: h.apiserver.id }));
  proxy.start();
  h.run(15_000);

  it("gives a Service without pods one empty placeholder slice named <service>-<5 chars>", () => {
    h.call((c, cb) => c.create("services", service("web", { app: "web" }, "10.96.0.50"), cb));
    h.run(2_000);
    const slices = slicesOf(h, "web");
    expect(slices).toHaveLength(1);
    const s = slices[0];
    expect(s.metadata.name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(s.metadata.labels).toEqual({ "kubernetes.io/service-name": "web", "endpointslice.kubernetes.io/managed-by": "endpointslice-controller.k8s.io" });
    const svc = h.objects<Service>("Service").find((x) => x.metadata.name === "web")!;
    expect(s.metadata.ownerReferences).toEqual([{ apiVersion: "v1", kind: "Service", name: "web", uid: svc.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    expect(s.endpoints).toEqual([]);
    expect(proxy.rules.services.find((r) => r.name === "default/web:http")?.hasEndpoints).toBe(false);
  });

  it("lists ready pods, and kube-proxy balances over them with 1/n probabilities", () => {
    for (let i = 0; i < 3; i++) h.call((c, cb) => c.create("pods", barePod(`web-${i}`, "web"), cb));
    for (let i = 0; i < 3; i++) setReady(h, `web-${i}`, `10.244.1.${10 + i}`, true);
    h.run(3_000);
    const [s] = slicesOf(h, "web");
    expect(s.ports).toEqual([{ name: "http", port: 8080, protocol: "TCP" }]);
    expect(s.endpoints.map((e) => [e.addresses[0], e.conditions])).toEqual([0, 1, 2].map((i) => [`10.244.1.${10 + i}`, { ready: true, serving: true, terminating: false }]));
    expect(s.metadata.annotations?.["endpoints.kubernetes.io/last-change-trigger-time"]).toMatch(/^2024-12-11T/);
    const rule = proxy.rules.services.find((r) => r.name === "default/web:http")!;
    expect(rule.endpoints.map((e) => [e.endpoint, e.probability])).toEqual([
      ["10.244.1.10:8080", "0.3333333333"],
      ["10.244.1.11:8080", "0.5000000000"],
      ["10.244.1.12:8080", undefined],
    ]);
  });

  it("drops an unready pod from ready endpoints and from kube-proxy's rules", () => {
    setReady(h, "web-1", "10.244.1.11", false);
    h.run(3_000);
    const ep = slicesOf(h, "web")[0].endpoints.find((e) => e.targetRef?.name === "web-1")!;
    expect(ep.conditions).toEqual({ ready: false, serving: false, terminating: false });
    expect(proxy.rules.services.find((r) => r.name === "default/web:http")!.endpoints.map((e) => e.endpoint)).toEqual(["10.244.1.10:8080", "10.244.1.12:8080"]);
  });

  it("keeps kube-proxy syncs to a burst of 2 and then one a second (--iptables-min-sync-period=1s)", () => {
    const syncs: number[] = [];
    h.sim.logListeners.push((l) => {
      if (l.component === "kube-proxy@worker-1") syncs.push(l.t);
    });
    for (let i = 0; i < 8; i++) setReady(h, `web-${i % 3}`, `10.244.1.${10 + (i % 3)}`, i % 2 === 0);
    h.run(3_000);
    expect(syncs.length).toBeGreaterThanOrEqual(3);
    // A token bucket of 2 refilled once a second: any three consecutive syncs span at least a second.
    for (let i = 2; i < syncs.length; i++) expect(syncs[i] - syncs[i - 2]).toBeGreaterThanOrEqual(1_000);
    setReady(h, "web-1", "10.244.1.11", false);
    h.run(3_000);
  });

  it("splits a 250-pod Service into 3 slices of at most 100", () => {
    h.call((c, cb) => c.create("services", service("big", { app: "big" }, "10.96.0.60"), cb));
    for (let i = 0; i < 250; i++) h.call((c, cb) => c.create("pods", barePod(`big-${String(i).padStart(3, "0")}`, "big"), cb));
    for (let i = 0; i < 250; i++) setReady(h, `big-${String(i).padStart(3, "0")}`, `10.244.${2 + Math.floor(i / 200)}.${(i % 200) + 1}`, true);
    h.run(10_000);
    const slices = slicesOf(h, "big");
    expect(slices).toHaveLength(3);
    expect(slices.map((s) => s.endpoints.length).sort((a, b) => b - a)).toEqual([100, 100, 50]);
    expect(proxy.rules.services.find((r) => r.name === "default/big:http")!.endpoints).toHaveLength(250);
  });

  it("garbage-collects a deleted Service's slices", () => {
    h.call((c, cb) => c.delete("services", "default", "web", {}, cb));
    h.run(3_000);
    expect(slicesOf(h, "web")).toEqual([]);
    expect(proxy.rules.services.find((r) => r.name === "default/web:http")).toBeUndefined();
  });
});
