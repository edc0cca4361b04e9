import { describe, expect, it } from "vitest";
import { apiHarness } from "../testing/harness";
import type { Deployment, KObject, Pod } from "../api/types";
import type { WatchEvent } from "../api/wire";

const pod = (name: string, extra: Partial<Pod["spec"]> = {}): Pod =>
  ({
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace: "default" },
    spec: { containers: [{ name: "nginx", image: "nginx" }], ...extra },
  }) as unknown as Pod;

describe("kube-apiserver", () => {
  it("creates a pod with server-set metadata, defaults and admission", () => {
    const h = apiHarness();
    const res = h.call((c, cb) => c.create("pods", pod("p1"), cb));
    expect(res.code).toBe(201);
    const p = res.object as Pod;
    expect(p.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(Number(p.metadata.resourceVersion)).toBeGreaterThan(1);
    expect(p.metadata.creationTimestamp).toMatch(/^2024-12-11T/);
    expect(p.spec.restartPolicy).toBe("Always");
    expect(p.spec.terminationGracePeriodSeconds).toBe(30);
    expect(p.spec.schedulerName).toBe("default-scheduler");
    expect(p.spec.containers[0].imagePullPolicy).toBe("Always");
    expect(p.spec.priority).toBe(0);
    expect(p.status.phase).toBe("Pending");
    expect(p.status.qosClass).toBe("BestEffort");
    // DefaultTolerationSeconds admission.
    expect(p.spec.tolerations).toEqual([
      { key: "node.kubernetes.io/not-ready", operator: "Exists", effect: "NoExecute", tolerationSeconds: 300 },
      { key: "node.kubernetes.io/unreachable", operator: "Exists", effect: "NoExecute", tolerationSeconds: 300 },
    ]);
    // It is stored under the real etcd key.
    expect(h.etcd.store.get("/registry/pods/default/p1")!.value.metadata.uid).toBe(p.metadata.uid);
  });

  it("does not add default tolerations a pod already has", () => {
    const h = apiHarness();
    const res = h.call((c, cb) => c.create("pods", pod("p", { tolerations: [{ operator: "Exists" }] }), cb));
    expect((res.object as Pod).spec.tolerations).toEqual([{ operator: "Exists" }]);
  });

  it("completes generateName with five name-safe characters", () => {
    const h = apiHarness();
    const p = { ...pod(""), metadata: { generateName: "web-7d9c5b4f8-", namespace: "default" } } as unknown as Pod;
    const res = h.call((c, cb) => c.create("pods", p, cb));
    expect(res.object!.metadata.name).toMatch(/^web-7d9c5b4f8-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  });

  it("defaults a Deployment as apps/v1 does", () => {
    const h = apiHarness();
    const d = {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "web", namespace: "default" },
      spec: { selector: { matchLabels: { app: "web" } }, template: { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "nginx", image: "nginx:1.27" }] } } },
    } as unknown as Deployment;
    const out = h.call((c, cb) => c.create("deployments", d, cb)).object as Deployment;
    expect(out.spec.replicas).toBe(1);
    expect(out.spec.strategy).toEqual({ type: "RollingUpdate", rollingUpdate: { maxSurge: "25%", maxUnavailable: "25%" } });
    expect(out.spec.revisionHistoryLimit).toBe(10);
    expect(out.spec.progressDeadlineSeconds).toBe(600);
    expect(out.spec.template.spec.containers[0].imagePullPolicy).toBe("IfNotPresent");
    expect(out.metadata.generation).toBe(1);
  });

  it("answers AlreadyExists, NotFound and Invalid as kube-apiserver words them", () => {
    const h = apiHarness();
    h.call((c, cb) => c.create("pods", pod("p1"), cb));
    const dup = h.call((c, cb) => c.create("pods", pod("p1"), cb));
    expect(dup.code).toBe(409);
    expect(dup.error!.message).toBe('pods "p1" already exists');
    const missing = h.call((c, cb) => c.get("deployments", "default", "nope", cb));
    expect(missing.error!.message).toBe('deployments.apps "nope" not found');
    const bad = h.call((c, cb) => c.create("pods", pod("Bad_Name"), cb));
    expect(bad.code).toBe(422);
    expect(bad.error!.message).toMatch(/^Pod "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain/);
    const ns = h.call((c, cb) => c.create("pods", { ...pod("x"), metadata: { name: "x", namespace: "nope" } } as Pod, cb));
    expect(ns.error!.message).toBe('namespaces "nope" not found');
  });

  it("rejects an update with a stale resourceVersion (optimistic concurrency)", () => {
    const h = apiHarness();
    const p = h.call((c, cb) => c.create("pods", pod("p1"), cb)).object as Pod;
    const first = h.call((c, cb) => c.update("pods", { ...p, metadata: { ...p.metadata, labels: { a: "1" } } }, cb));
    expect(first.code).toBe(200);
    const stale = h.call((c, cb) => c.update("pods", { ...p, metadata: { ...p.metadata, labels: { a: "2" } } }, cb));
    expect(stale.code).toBe(409);
    expect(stale.error!.message).toBe(
      'Operation cannot be fulfilled on pods "p1": the object has been modified; please apply your changes to the latest version and try again',
    );
  });

  it("keeps status on main-resource writes and spec on status writes; bumps generation on spec change", () => {
    const h = apiHarness();
    const d0 = {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "web", namespace: "default" },
      spec: { replicas: 1, selector: { matchLabels: { app: "web" } }, template: { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "n", image: "nginx" }] } } },
    } as unknown as Deployment;
    h.call((c, cb) => c.create("deployments", d0, cb));
    const s = h.call((c, cb) => c.patchStatus("deployments", "default", "web", { status: { replicas: 7 }, spec: { replicas: 9 } }, cb)).object as Deployment;
    expect(s.status.replicas).toBe(7);
    expect(s.spec.replicas).toBe(1);
    expect(s.metadata.generation).toBe(1);
    const scaled = h.call((c, cb) => c.patch("deployments", "default", "web", { spec: { replicas: 3 }, status: { replicas: 0 } }, cb)).object as Deployment;
    expect(scaled.spec.replicas).toBe(3);
    expect(scaled.status.replicas).toBe(7);
    expect(scaled.metadata.generation).toBe(2);
    // A patch that changes nothing writes nothing.
    const rv = scaled.metadata.resourceVersion;
    const same = h.call((c, cb) => c.patch("deployments", "default", "web", { spec: { replicas: 3 } }, cb)).object!;
    expect(same.metadata.resourceVersion).toBe(rv);
  });

  it("binds a pod once, and refuses a second bind", () => {
    const h = apiHarness();
    const p = h.call((c, cb) => c.create("pods", pod("p1"), cb)).object as Pod;
    expect(h.call((c, cb) => c.bind("default", "p1", p.metadata.uid, "worker-1", cb)).code).toBe(201);
    const bound = h.etcd.store.get("/registry/pods/default/p1")!.value as Pod;
    expect(bound.spec.nodeName).toBe("worker-1");
    expect(bound.status.conditions?.find((c) => c.type === "PodScheduled")?.status).toBe("True");
    const again = h.call((c, cb) => c.bind("default", "p1", p.metadata.uid, "worker-2", cb));
    expect(again.code).toBe(409);
    expect(again.error!.message).toBe('pod p1 is already assigned to node "worker-1"');
  });

  it("deletes a bound pod gracefully and an unbound one at once", () => {
    const h = apiHarness();
    const bound = h.call((c, cb) => c.create("pods", pod("bound"), cb)).object as Pod;
    h.call((c, cb) => c.create("pods", pod("loose"), cb));
    h.call((c, cb) => c.bind("default", "bound", bound.metadata.uid, "worker-1", cb));
    const t = h.sim.now;
    const d1 = h.call((c, cb) => c.delete("pods", "default", "bound", {}, cb)).object as Pod;
    expect(d1.metadata.deletionGracePeriodSeconds).toBe(30);
    expect(d1.metadata.deletionTimestamp).toBeDefined();
    expect(h.etcd.store.get("/registry/pods/default/bound")).toBeDefined();
    expect(Date.parse(d1.metadata.deletionTimestamp!) - Date.parse("2024-12-11T00:00:00Z")).toBeGreaterThanOrEqual(Math.floor(t / 1000) * 1000 + 30_000);
    h.call((c, cb) => c.delete("pods", "default", "loose", {}, cb));
    expect(h.etcd.store.get("/registry/pods/default/loose")).toBeUndefined();
    h.call((c, cb) => c.delete("pods", "default", "bound", { gracePeriodSeconds: 0 }, cb));
    expect(h.etcd.store.get("/registry/pods/default/bound")).toBeUndefined();
  });

  it("serves a node-scoped pod watch: ADDED when bound there, DELETED when it leaves", () => {
    const h = apiHarness();
    const events: string[] = [];
    h.client.watch("pods", { fieldSelector: { "spec.nodeName": "worker-1" }, resourceVersion: String(h.etcd.store.revision) }, {
      onEvent: (ev: WatchEvent) => events.push(`${ev.type} ${ev.object.metadata.name}`),
      onClose: () => events.push("closed"),
    });
    const p = h.call((c, cb) => c.create("pods", pod("p1"), cb)).object as Pod;
    h.call((c, cb) => c.create("pods", pod("p2"), cb));
    h.call((c, cb) => c.bind("default", "p1", p.metadata.uid, "worker-1", cb));
    h.call((c, cb) => c.patchStatus("pods", "default", "p1", { status: { phase: "Running" } }, cb));
    h.call((c, cb) => c.delete("pods", "default", "p1", { gracePeriodSeconds: 0 }, cb));
    h.sim.runUntil(h.sim.now + 50);
    expect(events).toEqual(["ADDED p1", "MODIFIED p1", "DELETED p1"]);
  });

  it("replays history to a watch that starts from an older resourceVersion", () => {
    const h = apiHarness();
    const from = String(h.etcd.store.revision);
    h.call((c, cb) => c.create("pods", pod("a"), cb));
    h.call((c, cb) => c.create("pods", pod("b"), cb));
    const seen: string[] = [];
    h.client.watch("pods", { resourceVersion: from }, { onEvent: (ev) => seen.push(`${ev.type} ${ev.object.metadata.name}`), onClose: () => {} });
    h.sim.runUntil(h.sim.now + 50);
    expect(seen).toEqual(["ADDED a", "ADDED b"]);
  });

  it("lists from the watch cache with resourceVersion 0 and from etcd otherwise", () => {
    const h = apiHarness();
    h.call((c, cb) => c.create("pods", pod("a"), cb));
    const flows: string[] = [];
    h.sim.observer = { flowStarted: (f) => flows.push(f.kind), flowEnded: () => {} };
    const cached = h.call((c, cb) => c.list("pods", { resourceVersion: "0" }, cb));
    expect(cached.items!.map((o: KObject) => o.metadata.name)).toEqual(["a"]);
    expect(flows).not.toContain("etcd range");
    const consistent = h.call((c, cb) => c.list("pods", {}, cb));
    expect(consistent.items!.map((o: KObject) => o.metadata.name)).toEqual(["a"]);
    expect(flows).toContain("etcd range");
  });
});
