import { describe, expect, it } from "vitest";
import { apiHarness } from "../testing/harness";
import { Informer } from "./informer";
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
