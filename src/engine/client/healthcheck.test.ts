/**
 * The HTTP/2 health check of client-go's connections (golang.org/x/net/http2, ReadIdleTimeout 30 s,
 * PingTimeout 15 s; KUBERNETES.md): after 30 s without a frame, one ping; the next check only once that
 * ping is answered (30 s after the last frame again) or the connection is given up 15 s later. A ping lost
 * on the network is sent again by TCP (Linux: 200 ms, doubling) until then.
 */
import { describe, expect, it } from "vitest";
import { driver } from "../testing/driver";
import type { ApiRequest } from "../api/wire";
import { HTTP2_PING_TIMEOUT, HTTP2_READ_IDLE_TIMEOUT, TCP_RTO_MIN, type ApiClient } from "./apiclient";

/**
 * The times each client (an actor's connection to the API, told apart by its user agent) sent a health-check
 * ping (each ping once, when first sent); `resent` has each ping's later tries (TCP's retransmissions), in ms
 * after it, by client and request id.
 */
function pingTimes(d: ReturnType<typeof driver>, resent = new Map<string, number[]>()): Map<string, number[]> {
  const out = new Map<string, number[]>();
  const first = new Map<string, number>();
  const sim = d.cluster.sim;
  const send = sim.send.bind(sim);
  sim.send = ((from, to, kind, ref, body, extraDelay) => {
    const req = (body as { kind?: string; req?: ApiRequest }).req;
    if (kind === "ping" && from.id !== "load-balancer" && req) {
      const key = `${req.client} ${req.userAgent}`;
      // Request ids are counted per actor: a ping is its client's and its id.
      const ping = `${key} #${req.reqId}`;
      if (first.has(ping)) resent.set(ping, [...(resent.get(ping) ?? []), sim.now - first.get(ping)!]);
      else {
        first.set(ping, sim.now);
        out.set(key, [...(out.get(key) ?? []), sim.now]);
      }
    }
    return send(from, to, kind, ref, body, extraDelay);
  }) as typeof sim.send;
  return out;
}

/** kube-proxy's API client on `node`. */
const proxyClient = (d: ReturnType<typeof driver>, node: string) => (d.cluster.sim.actors.get(`kube-proxy@${node}`) as unknown as { client: ApiClient }).client;

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

  it("sends a ping lost on a cut network again at TCP's backoff; a cut healed within the ping timeout lets it through, and the connection lives", () => {
    // When kube-proxy on worker-1 first pings (the same seed runs the same way up to then).
    const dry = driver(7, { masters: 1, workers: 2 });
    const dryPings = pingTimes(dry);
    dry.advance(120_000);
    const at = [...dryPings].find(([k]) => k.startsWith("kube-proxy@worker-1 "))![1][0];

    const run = (healAfter: number) => {
      const d = driver(7, { masters: 1, workers: 2 });
      const resent = new Map<string, number[]>();
      const pings = pingTimes(d, resent);
      d.advance(at - 1);
      d.run("partition worker-1");
      d.advance(healAfter);
      d.run("heal worker-1");
      d.advance(at + 40_000 - d.cluster.now);
      expect(pings.get([...pings.keys()].find((k) => k.startsWith("kube-proxy@worker-1 "))!)![0]).toBe(at);
      return { lost: proxyClient(d, "worker-1").connectionsLost, resent: [...resent].filter(([k]) => k.startsWith("kube-proxy@worker-1 ")).map(([, t]) => t) };
    };
    // Cut for 2.5 s: lost at 0, 0.2, 0.6 and 1.4 s; the try at 3 s gets through and is answered.
    const healed = run(2_500);
    expect(healed.resent).toEqual([[TCP_RTO_MIN, 600, 1400, 3000]]);
    expect(healed.lost).toBe(0);
    // Cut for longer than the ping timeout: every try is lost, the last at 12.6 s, and the connection with them.
    const cut = run(HTTP2_PING_TIMEOUT + 5_000);
    expect(cut.resent).toEqual([[200, 600, 1400, 3000, 6200, 12_600]]);
    expect(cut.lost).toBe(1);
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
