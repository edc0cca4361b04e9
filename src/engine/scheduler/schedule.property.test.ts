import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { Rng } from "../prng";
import type { Taint, Toleration } from "../api/types";
import { runFilters, CycleState, SchedulingAlgorithm } from "./schedule";
import { cacheWith, makeNode, makePod } from "./testkit";
import { NO_OWNERS } from "./plugins/podtopologyspread";

/**
 * Invariants over random clusters: a chosen node passes every filter for the pod, and after assuming the
 * pod no node has more requested than allocatable (cpu, memory, pods).
 */

const taintArb: fc.Arbitrary<Taint> = fc.record({
  key: fc.constantFrom("dedicated", "gpu", "node-role.kubernetes.io/control-plane"),
  value: fc.constantFrom("", "a", "b"),
  effect: fc.constantFrom("NoSchedule" as const, "NoExecute" as const, "PreferNoSchedule" as const),
});
const tolerationArb: fc.Arbitrary<Toleration> = fc.record({
  key: fc.constantFrom("dedicated", "gpu"),
  operator: fc.constantFrom("Exists" as const, "Equal" as const),
  value: fc.constantFrom("a", "b"),
  effect: fc.constantFrom("NoSchedule" as const, "NoExecute" as const, undefined),
});
const nodeArb = fc.record({
  cpu: fc.integer({ min: 0, max: 8000 }),
  memMi: fc.integer({ min: 0, max: 16384 }),
  pods: fc.integer({ min: 0, max: 12 }),
  zone: fc.constantFrom("z1", "z2", undefined),
  disk: fc.constantFrom("ssd", "hdd"),
  unschedulable: fc.boolean(),
  taints: fc.array(taintArb, { maxLength: 2 }),
});
const podArb = fc.record({
  cpu: fc.option(fc.integer({ min: 0, max: 3000 }), { nil: undefined }),
  memMi: fc.option(fc.integer({ min: 0, max: 4096 }), { nil: undefined }),
  tolerations: fc.array(tolerationArb, { maxLength: 2 }),
  disk: fc.constantFrom("ssd", "hdd", undefined),
  app: fc.constantFrom("web", "db"),
  port: fc.constantFrom(undefined, 80, 443),
  spread: fc.boolean(),
});

describe("scheduling invariants (property)", () => {
  it("a chosen node passes every filter, and nothing is overcommitted after assuming", () => {
    fc.assert(
      fc.property(fc.array(nodeArb, { minLength: 1, maxLength: 12 }), fc.array(podArb, { minLength: 1, maxLength: 40 }), fc.integer(), (nodes, pods, seed) => {
        const cache = cacheWith(
          nodes.map((n, i) =>
            makeNode(`n${i}`, {
              cpu: `${n.cpu}m`,
              memory: `${n.memMi}Mi`,
              pods: `${n.pods}`,
              unschedulable: n.unschedulable,
              taints: n.taints,
              labels: { "kubernetes.io/hostname": `n${i}`, disk: n.disk, ...(n.zone ? { "topology.kubernetes.io/zone": n.zone } : {}) },
            }),
          ),
        );
        const algo = new SchedulingAlgorithm(cache, new Rng(seed));
        pods.forEach((p, i) => {
          const pod = makePod(`p${i}`, {
            cpu: p.cpu === undefined ? undefined : `${p.cpu}m`,
            memory: p.memMi === undefined ? undefined : `${p.memMi}Mi`,
            tolerations: p.tolerations,
            nodeSelector: p.disk ? { disk: p.disk } : undefined,
            labels: { app: p.app },
            hostPorts: p.port ? [p.port] : undefined,
            spread: p.spread ? [{ maxSkew: 1, topologyKey: "kubernetes.io/hostname", whenUnsatisfiable: "DoNotSchedule", labelSelector: { matchLabels: { app: p.app } } }] : undefined,
          });
          const r = algo.schedule(pod);
          if (r.kind !== "scheduled") return;
          const ni = cache.nodeInfo(r.host)!;
          expect(runFilters(new CycleState(pod, cache, NO_OWNERS), ni)).toBeNull();
          cache.assumePod({ ...pod, spec: { ...pod.spec, nodeName: r.host } });
          for (const n of cache.list()) {
            expect(n.reqCpu).toBeLessThanOrEqual(n.allocCpu);
            expect(n.reqMem).toBeLessThanOrEqual(n.allocMem);
            expect(n.pods.length).toBeLessThanOrEqual(n.allowedPods);
          }
        });
      }),
      { numRuns: 200, seed: 42 },
    );
  });

  it("a pod is unschedulable only when every node fails a filter", () => {
    fc.assert(
      fc.property(fc.array(nodeArb, { minLength: 1, maxLength: 10 }), podArb, (nodes, p) => {
        const cache = cacheWith(nodes.map((n, i) => makeNode(`n${i}`, { cpu: `${n.cpu}m`, memory: `${n.memMi}Mi`, pods: `${n.pods}`, unschedulable: n.unschedulable, taints: n.taints, labels: { disk: n.disk } })));
        const pod = makePod("p", { cpu: p.cpu === undefined ? undefined : `${p.cpu}m`, tolerations: p.tolerations, nodeSelector: p.disk ? { disk: p.disk } : undefined });
        const r = new SchedulingAlgorithm(cache, new Rng(1)).schedule(pod);
        const st = new CycleState(pod, cache, NO_OWNERS);
        const anyFits = cache.list().some((ni) => runFilters(st, ni) === null);
        expect(r.kind === "scheduled").toBe(anyFits);
        if (r.kind === "unschedulable") expect(r.message.startsWith(`0/${nodes.length} nodes are available: `)).toBe(true);
      }),
      { numRuns: 300, seed: 7 },
    );
  });
});
