/**
 * Micro benchmark of the scheduling algorithm alone (no messages): N nodes, P pods owned by ReplicaSets
 * (so the system default topology spreading applies), each scheduled then assumed, as the actor does.
 * Prints JSON. Run: npx tsx src/engine/scheduler/scheduler.bench.ts [nodes] [pods] [replicasPerSet]
 */
import { Rng } from "../prng";
import type { ReplicaSet } from "../api/types";
import { SchedulingAlgorithm } from "./schedule";
import { cacheWith, makeNode, makePod } from "./testkit";
import type { OwnerListers } from "./plugins/podtopologyspread";

const nodes = Number(process.argv[2] ?? 5000);
const pods = Number(process.argv[3] ?? 150_000);
const perSet = Number(process.argv[4] ?? 100);
const zones = ["z1", "z2", "z3"];

const cache = cacheWith(
  Array.from({ length: nodes }, (_, i) =>
    makeNode(`worker-${i + 1}`, {
      cpu: "16",
      memory: "64Gi",
      labels: { "kubernetes.io/hostname": `worker-${i + 1}`, "topology.kubernetes.io/zone": zones[i % zones.length] },
      images: [{ names: ["docker.io/library/nginx:latest", "nginx:latest"], sizeBytes: 70_000_000 }],
    }),
  ),
);
const sets = new Map<string, ReplicaSet>();
const owners: OwnerListers = { services: () => [], replicaSet: (_ns, name) => sets.get(name), version: 1 };
const algo = new SchedulingAlgorithm(cache, new Rng(1), owners);

const t0 = process.hrtime.bigint();
let scheduled = 0;
let failed = 0;
for (let i = 0; i < pods; i++) {
  const set = Math.floor(i / perSet);
  const name = `web${set}-abc`;
  if (!sets.has(name)) {
    sets.set(name, {
      apiVersion: "apps/v1",
      kind: "ReplicaSet",
      metadata: { name, namespace: "default", uid: `rs-${set}`, resourceVersion: "1", creationTimestamp: "" },
      spec: { replicas: perSet, selector: { matchLabels: { app: `web${set}`, "pod-template-hash": "abc" } }, template: { metadata: {}, spec: { containers: [] } } },
      status: { replicas: perSet },
    });
  }
  const pod = makePod(`${name}-${i}`, {
    cpu: "100m",
    memory: "128Mi",
    labels: { app: `web${set}`, "pod-template-hash": "abc" },
    owner: { apiVersion: "apps/v1", kind: "ReplicaSet", name, uid: `rs-${set}`, controller: true },
  });
  const r = algo.schedule(pod);
  if (r.kind === "scheduled") {
    cache.assumePod({ ...pod, spec: { ...pod.spec, nodeName: r.host } });
    scheduled++;
  } else failed++;
}
const ms = Number(process.hrtime.bigint() - t0) / 1e6;
console.log(JSON.stringify({ nodes, pods, perSet, scheduled, failed, ms: Math.round(ms), podsPerSecond: Math.round((pods / ms) * 1000), trackedSelectors: cache.spread.size }));
