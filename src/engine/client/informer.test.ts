import { describe, expect, it } from "vitest";
import { apiHarness } from "../testing/harness";
import { Cluster } from "../cluster";
import { parseAction } from "../kubectl/parse";
import type { Action } from "../kubectl/action";
import { Informer, REFLECTOR_BACKOFF, ReflectorBackoff } from "./informer";
import type { Pod } from "../api/types";

const pod = (name: string, node?: string): Pod =>
  ({
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace: "default" },
    spec: { containers: [{ name: "c", image: "nginx" }], ...(node ? { nodeName: node } : {}) },
  }) as unknown as Pod;

describe("Informer", () => {
  it("lists, then follows the watch, keeping its cache and indexes current", () => {
    const h = apiHarness();
    h.call((c, cb) => c.create("pods", pod("before", "w1"), cb));
    const inf = new Informer<Pod>(h.client, "pods");
    inf.addIndex("node", (p) => (p.spec.nodeName ? [p.spec.nodeName] : []));
    const log: string[] = [];
    inf.addHandlers({
      add: (p) => log.push(`add ${p.metadata.name}`),
      update: (_o, n) => log.push(`update ${n.metadata.name}`),
      delete: (p) => log.push(`delete ${p.metadata.name}`),
    });
    inf.start();
    h.sim.runUntil(h.sim.now + 20);
    expect(inf.synced).toBe(true);
    h.call((c, cb) => c.create("pods", pod("after", "w2"), cb));
    h.call((c, cb) => c.patch("pods", "default", "before", { metadata: { labels: { x: "y" } } }, cb));
    h.call((c, cb) => c.delete("pods", "default", "after", { gracePeriodSeconds: 0 }, cb));
    h.sim.runUntil(h.sim.now + 20);
    expect(log).toEqual(["add before", "add after", "update before", "delete after"]);
    expect([...inf.cache.keys()]).toEqual(["default/before"]);
    expect(inf.byIndex("node", "w1").map((p) => p.metadata.name)).toEqual(["before"]);
    expect(inf.byIndex("node", "w2")).toEqual([]);
  });

  it("relists after its API server restarts and reports what changed meanwhile", () => {
    const h = apiHarness();
    h.call((c, cb) => c.create("pods", pod("a"), cb));
    h.call((c, cb) => c.create("pods", pod("b"), cb));
    const inf = new Informer<Pod>(h.client, "pods");
    const log: string[] = [];
    inf.addHandlers({ add: (p) => log.push(`add ${p.metadata.name}`), delete: (p) => log.push(`delete ${p.metadata.name}`) });
    inf.start();
    h.sim.runUntil(h.sim.now + 20);
    // The API server goes away; while it is down, b is deleted straight in etcd.
    h.apiserver.stop();
    h.etcd.store.txn([{ op: "delete", key: "/registry/pods/default/b" }]);
    h.apiserver.start();
    // The informer's requests time out, it backs off and relists.
    h.sim.runUntil(h.sim.now + 120_000);
    expect(log).toContain("delete b");
    expect([...inf.cache.keys()]).toEqual(["default/a"]);
  });
});

describe("the reflector's backoff (client-go: 0.8 s doubling to 30 s, jitter 1.0, reset after 2 min)", () => {
  it("doubles from 0.8 s to a 30 s cap, jittered up to twice, and starts again after 2 quiet minutes", () => {
    const none = (d: number) => d;
    const b = new ReflectorBackoff(0);
    const waits: number[] = [];
    let now = 0;
    for (let i = 0; i < 9; i++) {
      const w = b.next(now, none);
      waits.push(w);
      now += w;
    }
    expect(waits).toEqual([800, 1600, 3200, 6400, 12_800, 25_600, 30_000, 30_000, 30_000]);
    // More than 2 minutes since the last wait started: back to 0.8 s.
    expect(b.next(now + REFLECTOR_BACKOFF.resetMs + 1, none)).toBe(800);
    // Jitter 1.0: wait.Jitter(d, 1.0) is in [d, 2d).
    const most = new ReflectorBackoff(0);
    expect(most.next(0, (d, f) => d + Math.floor(0.999 * f * d))).toBe(1599);
  });

  it("with the control plane down, the workers' informers retry a few times a minute, not every second", () => {
    const cluster = new Cluster({ seed: 7, topology: { masters: 1, workers: 2 } });
    const run = (line: string) => cluster.execute(parseAction(line) as Action, () => {});
    cluster.runUntil(5_000);
    run("stop node control-plane-1");
    const lists: number[] = [];
    cluster.sim.observer = {
      flowStarted: (f) => {
        if (f.kind === "list" && f.from === "kube-proxy@worker-1" && f.ref === "services/") lists.push(cluster.sim.now);
      },
      flowEnded: () => {},
    };
    cluster.runUntil(5_000 + 180_000);
    // 0.8 + 1.6 + 3.2 + 6.4 + 12.8 + 25.6 + 30 + 30 + 30 + ... s (each up to twice as long): at most 9 in 3 minutes.
    // A fixed 0.8 s wait would be about 200.
    expect(lists.length).toBeGreaterThanOrEqual(4);
    expect(lists.length).toBeLessThanOrEqual(9);
    const gaps = lists.slice(1).map((t, i) => t - lists[i]);
    expect(Math.max(...gaps)).toBeGreaterThanOrEqual(REFLECTOR_BACKOFF.capMs);
  });
});
