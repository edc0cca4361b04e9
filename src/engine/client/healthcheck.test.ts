/**
 * The HTTP/2 health check of client-go's connections (golang.org/x/net/http2, ReadIdleTimeout 30 s,
 * PingTimeout 15 s; KUBERNETES.md): after 30 s without a frame, one ping; the next check only once that
 * ping is answered (30 s after the last frame again) or the connection is given up 15 s later.
 */
import { describe, expect, it } from "vitest";
import { driver } from "../testing/driver";
import type { ApiRequest } from "../api/wire";
import { HTTP2_PING_TIMEOUT, HTTP2_READ_IDLE_TIMEOUT } from "./apiclient";

/** The times each client (an actor's connection to the API, told apart by its user agent) sent a health-check ping. */
function pingTimes(d: ReturnType<typeof driver>): Map<string, number[]> {
  const out = new Map<string, number[]>();
  const sim = d.cluster.sim;
  const send = sim.send.bind(sim);
  sim.send = ((from, to, kind, ref, body, extraDelay) => {
    const req = (body as { kind?: string; req?: ApiRequest }).req;
    if (kind === "ping" && from.id !== "load-balancer" && req) {
      const key = `${req.client} ${req.userAgent}`;
      const list = out.get(key) ?? [];
      list.push(sim.now);
      out.set(key, list);
    }
    return send(from, to, kind, ref, body, extraDelay);
  }) as typeof sim.send;
  return out;
}

describe("the HTTP/2 health check", () => {
  it("pings an idle connection once per 30 s of silence", () => {
    const d = driver(7, { masters: 1, workers: 2 });
    const pings = pingTimes(d);
    d.advance(300_000);
    // kube-proxy's watches are quiet in an idle cluster: it pings about every 30 s, never twice in a row.
    const proxy = [...pings].find(([k]) => k.startsWith("kube-proxy@worker-1 "))?.[1] ?? [];
    expect(proxy.length).toBeGreaterThanOrEqual(7);
    expect(proxy.length).toBeLessThanOrEqual(10);
    for (let i = 1; i < proxy.length; i++) expect(proxy[i] - proxy[i - 1]).toBeGreaterThanOrEqual(HTTP2_READ_IDLE_TIMEOUT);
  });

  it("sends no second ping while one is unanswered, when the API server behind the connection stops", () => {
    const d = driver(3, { masters: 3, workers: 2 });
    const pings = pingTimes(d);
    d.advance(5_000);
    d.run("kubectl create deployment web --image=nginx --replicas=4");
    d.advance(60_000 - d.cluster.now);
    d.run("stop node control-plane-1");
    d.advance(300_000 - d.cluster.now);
    const all = [...pings.values()].flat();
    // About one ping per connection per 30 s of silence, over 5 minutes (a ping storm sent tens of thousands).
    expect(all.length).toBeGreaterThan(10);
    expect(all.length).toBeLessThan(120);
    // Each connection: the next ping only after the last one was answered or timed out.
    for (const [client, times] of pings) {
      for (let i = 1; i < times.length; i++) expect(times[i] - times[i - 1], `${client} at ${times[i]}`).toBeGreaterThanOrEqual(HTTP2_PING_TIMEOUT);
    }
  });

  it("starts a new connection's 30 s from when it opens: a kubectl command after a quiet minute sends no ping", () => {
    const d = driver(7, { masters: 1, workers: 2 });
    const pings = pingTimes(d);
    d.advance(60_000);
    d.run("kubectl get nodes");
    d.advance(60_000);
    d.run("kubectl get pods");
    const kubectl = [...pings].filter(([k]) => k.startsWith("kubectl")).flatMap(([, t]) => t);
    expect(kubectl).toEqual([]);
  });
});
