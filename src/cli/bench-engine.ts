/**
 * `npm run bench:engine`: how fast the engine brings a cluster from empty to every pod Running.
 * Prints one JSON object per run, then a summary with medians. Not a test: numbers go in notes.
 *
 *   npm run bench:engine                      # scenario a (100 workers × 30 pods), 3 runs
 *   npm run bench:engine -- --scenario b      # 5,000 nodes × 150,000 pods (Kubernetes' published limits)
 *   npm run bench:engine -- --runs 5 --seed 7
 *   npm run bench:engine -- --scenario b --max-wall 300   # stop after 5 wall minutes, report partial progress
 */
import { Cluster } from "../engine/cluster";
import type { Pod } from "../engine/api/types";
import type { Action } from "../engine/kubectl/action";
import { SECOND } from "../engine/time";

interface Scenario {
  name: string;
  workers: number;
  podsPerWorker: number;
  /** Replicas per deployment (several deployments when the total is larger). */
  perDeployment: number;
}

const SCENARIOS: Record<string, Scenario> = {
  a: { name: "100 workers x 30 pods", workers: 100, podsPerWorker: 30, perDeployment: 1000 },
  b: { name: "5000 nodes x 150000 pods", workers: 5000, podsPerWorker: 30, perDeployment: 1000 },
  c: { name: "1000 workers x 30 pods", workers: 1000, podsPerWorker: 30, perDeployment: 1000 },
  smoke: { name: "10 workers x 10 pods", workers: 10, podsPerWorker: 10, perDeployment: 50 },
};

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

function runOnce(s: Scenario, seed: number, maxWallSeconds: number) {
  const totalPods = s.workers * s.podsPerWorker;
  const wall0 = process.hrtime.bigint();
  const cluster = new Cluster({ seed, topology: { masters: 1, workers: s.workers } });
  // Count Running pods from etcd's committed changes (cheap, and the source of truth).
  const running = new Set<string>();
  cluster.controlPlanes[0].etcd.store.listeners.push((changes) => {
    for (const ch of changes) {
      const v = ch.kv.value;
      if (v.kind !== "Pod") continue;
      if (ch.type === "DELETE") running.delete(v.metadata.uid);
      else if ((v as Pod).status.phase === "Running") running.add(v.metadata.uid);
    }
  });
  let peakHeap = 0;
  const sampleHeap = () => (peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed));

  // Let the nodes register and turn Ready before the workload arrives.
  const readyAt = 30 * SECOND;
  // --max-wall counts from the start, boot included: a huge cluster may not even finish booting.
  const wallLimit = wall0 + BigInt(Math.min(Math.round(maxWallSeconds * 1e9), Number.MAX_SAFE_INTEGER));
  let stoppedByWallLimit = false;
  for (let boot = SECOND; boot <= readyAt; boot += SECOND) {
    if (process.hrtime.bigint() >= wallLimit) {
      stoppedByWallLimit = true;
      break;
    }
    cluster.runUntil(boot);
    sampleHeap();
  }
  const deployments = Math.ceil(totalPods / s.perDeployment);
  let failures = 0;
  for (let d = 0; d < deployments; d++) {
    const replicas = Math.min(s.perDeployment, totalPods - d * s.perDeployment);
    const action: Action = { type: "create-deployment", line: "", namespace: "default", name: `app-${d}`, image: "nginx:1.27", replicas };
    cluster.schedule(readyAt + d * 10, action, (r) => {
      if (!r.ok) failures++;
    });
  }
  const wallStart = process.hrtime.bigint();
  const events0 = cluster.sim.processed;
  const limit = readyAt + 3600 * SECOND;
  let t = readyAt;
  while (!stoppedByWallLimit && running.size < totalPods && t < limit) {
    if (process.hrtime.bigint() >= wallLimit) {
      stoppedByWallLimit = true;
      break;
    }
    t += SECOND;
    cluster.runUntil(t);
    sampleHeap();
  }
  const wallEnd = process.hrtime.bigint();
  const wallSeconds = Number(wallEnd - wallStart) / 1e9;
  return {
    scenario: s.name,
    seed,
    nodes: s.workers + 1,
    pods: totalPods,
    running: running.size,
    createFailures: failures,
    // With --max-wall: the run stopped before every pod was Running; the numbers describe the part it did.
    ...(stoppedByWallLimit ? { partial: true, maxWallSeconds, simTimeReachedSeconds: cluster.now / SECOND, bootFinished: cluster.now >= readyAt } : {}),
    simSecondsToAllRunning: (t - readyAt) / SECOND,
    wallSecondsToAllRunning: round(wallSeconds),
    wallSecondsIncludingBoot: round(Number(wallEnd - wall0) / 1e9),
    simEvents: cluster.sim.processed - events0,
    simEventsPerWallSecond: Math.round((cluster.sim.processed - events0) / wallSeconds),
    podsRunningPerWallSecond: Math.round(running.size / wallSeconds),
    peakHeapMB: Math.round(peakHeap / 1048576),
  };
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

const key = arg("scenario", "a");
const scenario = SCENARIOS[key];
if (!scenario) {
  console.error(`error: unknown scenario "${key}" (expected one of ${Object.keys(SCENARIOS).join(", ")})`);
  process.exit(1);
}
const runs = Number(arg("runs", key === "b" ? "1" : "3"));
const seed = Number(arg("seed", "1"));
const maxWall = Number(arg("max-wall", "Infinity"));
if (!(maxWall > 0)) {
  console.error(`error: --max-wall must be a positive number of seconds`);
  process.exit(1);
}
const results = [];
for (let i = 0; i < runs; i++) {
  const r = runOnce(scenario, seed + i, maxWall);
  console.log(JSON.stringify(r));
  results.push(r);
}
console.log(
  JSON.stringify({
    summary: scenario.name,
    runs,
    medianWallSecondsToAllRunning: median(results.map((r) => r.wallSecondsToAllRunning)),
    medianPodsRunningPerWallSecond: median(results.map((r) => r.podsRunningPerWallSecond)),
    medianSimEventsPerWallSecond: median(results.map((r) => r.simEventsPerWallSecond)),
    maxPeakHeapMB: Math.max(...results.map((r) => r.peakHeapMB)),
    node: process.version,
  }),
);
