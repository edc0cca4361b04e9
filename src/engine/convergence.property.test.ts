import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { driver } from "./testing/driver";
import type { Deployment, Node, Pod } from "./api/types";
import { parseCpu, parseMemory } from "./api/quantity";

/**
 * Property: whatever sequence of create, scale, delete, cordon and uncordon a user types,
 *  - a pod, once bound, never moves to another node;
 *  - no node's bound pods ever request more than its allocatable cpu and memory;
 *  - once the actions stop (and every node is uncordoned), every deployment reaches its desired ready replicas.
 * Pods request 700m cpu and 1Gi memory, so two fit on a 2-cpu worker and capacity really constrains.
 */
const NAMES = ["a", "b", "c"];
const WORKERS = ["worker-1", "worker-2", "worker-3"];

const step = fc.oneof(
  fc.record({ kind: fc.constant("create" as const), name: fc.constantFrom(...NAMES), replicas: fc.integer({ min: 0, max: 3 }) }),
  fc.record({ kind: fc.constant("scale" as const), name: fc.constantFrom(...NAMES), replicas: fc.integer({ min: 0, max: 3 }) }),
  fc.record({ kind: fc.constant("delete-deployment" as const), name: fc.constantFrom(...NAMES) }),
  fc.record({ kind: fc.constant("delete-pod" as const), index: fc.nat(10) }),
  fc.record({ kind: fc.constantFrom("cordon" as const, "uncordon" as const), node: fc.constantFrom(...WORKERS) }),
  fc.record({ kind: fc.constant("wait" as const), ms: fc.integer({ min: 100, max: 8000 }) }),
);

describe("random user actions keep the cluster's invariants", () => {
  it("holds for random sequences", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.array(step, { minLength: 1, maxLength: 12 }), (seed, steps) => {
        const d = driver(seed);
        const boundTo = new Map<string, string>();
        const violations: string[] = [];
        const podsByUid = new Map<string, Pod>();
        d.cluster.controlPlanes[0].etcd.store.listeners.push((changes) => {
          for (const ch of changes) {
            if (ch.kv.value.kind !== "Pod") continue;
            const p = ch.kv.value as Pod;
            if (ch.type === "DELETE") {
              podsByUid.delete(p.metadata.uid);
              continue;
            }
            podsByUid.set(p.metadata.uid, p);
            const was = boundTo.get(p.metadata.uid);
            if (was && p.spec.nodeName !== was) violations.push(`${p.metadata.name} moved from ${was} to ${p.spec.nodeName}`);
            if (p.spec.nodeName) boundTo.set(p.metadata.uid, p.spec.nodeName);
          }
          const used = new Map<string, { cpu: number; mem: number }>();
          for (const p of podsByUid.values()) {
            if (!p.spec.nodeName || p.status.phase === "Succeeded" || p.status.phase === "Failed") continue;
            const u = used.get(p.spec.nodeName) ?? { cpu: 0, mem: 0 };
            for (const c of p.spec.containers) {
              u.cpu += parseCpu(c.resources?.requests?.cpu ?? "0");
              u.mem += parseMemory(c.resources?.requests?.memory ?? "0");
            }
            used.set(p.spec.nodeName, u);
          }
          for (const n of d.objects<Node>("Node")) {
            const u = used.get(n.metadata.name);
            if (!u) continue;
            if (u.cpu > parseCpu(n.status.allocatable.cpu!) || u.mem > parseMemory(n.status.allocatable.memory!)) {
              violations.push(`${n.metadata.name} over-committed: ${u.cpu}m cpu, ${u.mem} bytes`);
            }
          }
        });
        d.advance(30_000);
        const desired = new Map<string, number>();
        for (const s of steps) {
          switch (s.kind) {
            case "create": {
              if (desired.has(s.name)) break;
              const r = createWithRequests(d, s.name, s.replicas);
              if (r) desired.set(s.name, s.replicas);
              break;
            }
            case "scale":
              if (d.run(`kubectl scale deployment ${s.name} --replicas=${s.replicas}`).ok) desired.set(s.name, s.replicas);
              break;
            case "delete-deployment":
              if (d.run(`kubectl delete deployment ${s.name}`).ok) desired.delete(s.name);
              break;
            case "delete-pod": {
              const pods = d.pods().filter((p) => !p.metadata.deletionTimestamp);
              if (pods.length) d.run(`kubectl delete pod ${pods[s.index % pods.length].metadata.name}`);
              break;
            }
            case "cordon":
            case "uncordon":
              d.run(`kubectl ${s.kind} ${s.node}`);
              break;
            case "wait":
              d.advance(s.ms);
              break;
          }
        }
        for (const w of WORKERS) d.run(`kubectl uncordon ${w}`);
        d.advance(180_000);
        const deployments = d.objects<Deployment>("Deployment");
        expect(violations).toEqual([]);
        expect(new Set(deployments.map((x) => x.metadata.name))).toEqual(new Set(desired.keys()));
        for (const dep of deployments) {
          expect({ name: dep.metadata.name, ready: dep.status.readyReplicas ?? 0 }).toEqual({ name: dep.metadata.name, ready: desired.get(dep.metadata.name) });
          const running = d.pods().filter((p) => p.metadata.labels?.app === dep.metadata.name && p.status.phase === "Running" && !p.metadata.deletionTimestamp);
          expect(running.length).toBe(desired.get(dep.metadata.name));
        }
      }),
      { numRuns: 15, seed: 20261122 },
    );
  }, 240_000);
});

/** `kubectl create deployment` has no flag for requests, so this sends the same Deployment with requests added. */
function createWithRequests(d: ReturnType<typeof driver>, name: string, replicas: number): boolean {
  const labels = { app: name };
  const dep = {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name, namespace: "default", labels },
    spec: {
      replicas,
      selector: { matchLabels: labels },
      template: { metadata: { labels }, spec: { containers: [{ name: "nginx", image: "nginx:1.27", resources: { requests: { cpu: "700m", memory: "1Gi" } } }] } },
    },
  } as unknown as Deployment;
  let code = 0;
  d.cluster.kubectl.client.create("deployments", dep, (r) => (code = r.code));
  for (let i = 0; i < 1000 && !code; i++) d.advance(10);
  return code === 201;
}
