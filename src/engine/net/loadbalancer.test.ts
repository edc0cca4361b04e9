import { describe, expect, it } from "vitest";
import { driver } from "../testing/driver";
import type { Flow } from "../sim";
import type { ActionResult } from "../kubectl/action";
import { parseAction } from "../kubectl/parse";
import type { Cluster } from "../cluster";

/** kubeadm's HAProxy in front of the API servers: /healthz checks, inter 2s, fall 3, rise 2 (loadbalancer.ts). */

function flows(c: Cluster): Flow[] {
  const out: Flow[] = [];
  c.sim.observer = { flowStarted: (f) => out.push(f), flowEnded: () => {} };
  return out;
}

function state(c: Cluster, machine: string) {
  return c.loadBalancer.backendStates().find((b) => b.name === machine)!;
}

/** Runs until `pred` holds (checked every 10 ms), returning when. */
function until(c: Cluster, pred: () => boolean, limit = 60_000): number {
  const end = c.now + limit;
  while (!pred() && c.now < end) c.runUntil(c.now + 10);
  if (!pred()) throw new Error("condition not reached");
  return c.now;
}

/** Runs one action and returns its result and how long it took. */
function timed(c: Cluster, line: string): { r: ActionResult; ms: number } {
  const a = parseAction(line);
  if ("error" in a) throw new Error(a.error);
  const t0 = c.now;
  let r: ActionResult | undefined;
  c.execute(a, (x) => (r = x));
  while (!r) c.runUntil(c.now + 1);
  return { r, ms: c.now - t0 };
}

describe("health checks", () => {
  it("sends GET /healthz to every API server every 2 s as health check flows, each answered", () => {
    const d = driver(3, { masters: 3, workers: 1 });
    const seen = flows(d.cluster);
    d.advance(20_000);
    const checks = seen.filter((f) => f.kind === "health check");
    for (let i = 1; i <= 3; i++) {
      const to = checks.filter((f) => f.to === `kube-apiserver@control-plane-${i}`);
      expect(to.length).toBeGreaterThanOrEqual(9);
      for (const f of to) expect(f).toMatchObject({ from: "load-balancer", ref: "/healthz" });
      const gaps = to.slice(1).map((f, k) => f.sendTime - to[k].sendTime);
      for (const g of gaps) expect(g).toBeGreaterThanOrEqual(2_000);
      for (const g of gaps) expect(g).toBeLessThan(2_020);
      const replies = seen.filter((f) => f.from === `kube-apiserver@control-plane-${i}` && f.to === "load-balancer" && f.kind === "health check");
      expect(replies.length).toBeGreaterThanOrEqual(to.length - 1);
    }
    expect(d.cluster.loadBalancer.healthyBackends()).toHaveLength(3);
  });

  it("marks a server whose apiserver process stopped DOWN after 3 failed checks (4–6 s), and UP after 2 good ones", () => {
    const d = driver(4, { masters: 3, workers: 1 });
    d.advance(20_000);
    const t0 = d.cluster.now;
    d.run("stop kube-apiserver@control-plane-2");
    const down = until(d.cluster, () => !state(d.cluster, "control-plane-2").up);
    expect(down - t0).toBeGreaterThanOrEqual(4_000);
    expect(down - t0).toBeLessThanOrEqual(6_100);
    expect(state(d.cluster, "control-plane-2").lastCheck?.info).toBe('Layer4 connection problem, info: "Connection refused"');
    expect(d.cluster.loadBalancer.healthyBackends()).toEqual(["kube-apiserver@control-plane-1", "kube-apiserver@control-plane-3"]);
    const t1 = d.cluster.now;
    d.run("start kube-apiserver@control-plane-2");
    const up = until(d.cluster, () => state(d.cluster, "control-plane-2").up);
    expect(up - t1).toBeGreaterThanOrEqual(2_000);
    expect(up - t1).toBeLessThanOrEqual(4_100);
  });

  it("marks a powered-off server DOWN after 3 check connect timeouts (2 s each, min(timeout connect, inter))", () => {
    const d = driver(5, { masters: 3, workers: 1 });
    d.advance(20_000);
    const t0 = d.cluster.now;
    d.run("stop node control-plane-3");
    const down = until(d.cluster, () => !state(d.cluster, "control-plane-3").up);
    expect(state(d.cluster, "control-plane-3").lastCheck?.info).toBe("Layer4 timeout");
    expect(down - t0).toBeGreaterThanOrEqual(3 * 2_000 + 2 * 2_000);
    expect(down - t0).toBeLessThanOrEqual(4 * 2_000 + 3 * 2_000);
  });
});

describe("health checks see etcd through /healthz", () => {
  it("takes every server out when etcd loses quorum (/healthz 500), and puts them back once it returns", () => {
    const d = driver(5, { masters: 3, workers: 1 });
    d.advance(30_000);
    d.run("stop etcd@control-plane-2");
    d.run("stop etcd@control-plane-3");
    until(d.cluster, () => d.cluster.loadBalancer.healthyBackends().length === 0, 30_000);
    for (const b of d.cluster.loadBalancer.backendStates()) expect(b.lastCheck?.info).toBe("Layer7 wrong status, code: 500");
    expect(timed(d.cluster, "kubectl scale deployment web --replicas=2").r).toEqual({ ok: false, error: "Unable to connect to the server: EOF" });
    d.run("start etcd@control-plane-2");
    until(d.cluster, () => d.cluster.loadBalancer.healthyBackends().length >= 2, 30_000);
  });
});

describe("connections", () => {
  it("closes a new connection when no server is up: kubectl prints v1.32's 'Unable to connect to the server: EOF'", () => {
    const d = driver(6, { masters: 1, workers: 1 });
    d.advance(20_000);
    d.run("stop kube-apiserver@control-plane-1");
    // Before the checks notice: the connect is refused, retried once, and the connection closed. A write
    // fails at once; a GET is retried by client-go 10 times, 1 s apart, before kubectl gives up, and so
    // is kubectl scale, which reads the Deployment before it writes.
    const early = timed(d.cluster, "kubectl create deployment api --image=nginx");
    expect(early.r).toEqual({
      ok: false,
      error: 'error: failed to create deployment: Post "https://192.168.0.10:6443/apis/apps/v1/namespaces/default/deployments?fieldManager=kubectl-create&fieldValidation=Strict": EOF',
    });
    expect(early.ms).toBeLessThan(50);
    const get = timed(d.cluster, "kubectl get pods");
    expect(get.r).toEqual({ ok: false, error: "Unable to connect to the server: EOF" });
    expect(get.ms).toBeGreaterThanOrEqual(10_000);
    expect(get.ms).toBeLessThan(10_100);
    until(d.cluster, () => d.cluster.loadBalancer.healthyBackends().length === 0);
    const scale = timed(d.cluster, "kubectl scale deployment web --replicas=2");
    expect(scale.r).toEqual({ ok: false, error: "Unable to connect to the server: EOF" });
    expect(scale.ms).toBeGreaterThanOrEqual(10_000);
    expect(timed(d.cluster, "kubectl create deployment web --image=nginx").r).toEqual({
      ok: false,
      error: 'error: failed to create deployment: Post "https://192.168.0.10:6443/apis/apps/v1/namespaces/default/deployments?fieldManager=kubectl-create&fieldValidation=Strict": EOF',
    });
    d.run("start kube-apiserver@control-plane-1");
    until(d.cluster, () => d.cluster.loadBalancer.healthyBackends().length === 1);
    expect(timed(d.cluster, "kubectl get pods").r).toEqual({ ok: true, output: "No resources found in default namespace." });
  });

  it("sends a connection to a powered-off server not yet marked DOWN on after the 5 s connect timeout (retries 1, redispatch)", () => {
    const d = driver(7, { masters: 3, workers: 1 });
    d.advance(20_000);
    d.run("stop node control-plane-1");
    const results = [0, 1, 2].map(() => timed(d.cluster, "kubectl get nodes"));
    for (const { r } of results) expect(r.ok).toBe(true);
    const slow = results.filter((x) => x.ms >= 5_000);
    expect(slow.length).toBeGreaterThanOrEqual(1);
    for (const x of slow) expect(x.ms).toBeLessThan(5_100);
  });
});
