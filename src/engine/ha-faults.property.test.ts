import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { driver } from "./testing/driver";
import type { Deployment } from "./api/types";
import type { Cluster } from "./cluster";
import { COMPONENTS, parseAction } from "./kubectl/parse";

/**
 * Property (issue 4): whatever faults hit the cluster — machines and components stopped and started,
 * machines partitioned and healed, in any order and timing —
 *  - at no sim time do two kube-schedulers or two kube-controller-managers act (run and hold `active`);
 *  - once every fault is healed, every deployment reaches its desired ready replicas within a bounded time.
 * etcd's own properties (one leader per term, no committed entry lost) are the Raft tests'.
 */

const CONVERGE_WITHIN = 10 * 60_000;

function machinesOf(masters: number, workers: number): string[] {
  const out = ["load-balancer", "image-registry"];
  for (let i = 1; i <= masters; i++) out.push(`control-plane-${i}`);
  for (let i = 1; i <= workers; i++) out.push(`worker-${i}`);
  return out;
}

function faultStep(masters: number, workers: number) {
  const machines = machinesOf(masters, workers);
  const nodes = machines.filter((m) => m.startsWith("control-plane-") || m.startsWith("worker-"));
  const cpComponents = ["kube-apiserver", "etcd", "kube-scheduler", "kube-controller-manager"];
  const component = fc
    .record({ component: fc.constantFrom(...COMPONENTS), node: fc.constantFrom(...nodes) })
    .filter((c) => c.node.startsWith("control-plane-") || !cpComponents.includes(c.component));
  return fc.oneof(
    fc.record({ kind: fc.constantFrom("stop node" as const, "start node" as const, "partition" as const, "heal" as const), target: fc.constantFrom(...machines) }),
    fc.record({ kind: fc.constantFrom("stop" as const, "start" as const), target: component.map((c) => `${c.component}@${c.node}`) }),
    fc.record({ kind: fc.constant("wait" as const), ms: fc.integer({ min: 500, max: 60_000 }) }),
  );
}

type Step = { kind: "wait"; ms: number } | { kind: "stop node" | "start node" | "partition" | "heal" | "stop" | "start"; target: string };

function line(s: Exclude<Step, { kind: "wait" }>): string {
  return `${s.kind} ${s.target}`;
}

/** Acting schedulers and controller-managers right now. */
function acting(c: Cluster): { schedulers: number; kcms: number } {
  let schedulers = 0;
  let kcms = 0;
  for (const cp of c.controlPlanes) {
    if (cp.scheduler.running && cp.scheduler.active) schedulers++;
    if (cp.controllerManager.running && cp.controllerManager.active) kcms++;
  }
  return { schedulers, kcms };
}

function converged(d: ReturnType<typeof driver>): boolean {
  const deps = d.objects<Deployment>("Deployment");
  if (!deps.length) return false;
  const pods = d.pods();
  return deps.every((dep) => {
    const ready = pods.filter(
      (p) =>
        p.metadata.labels?.app === dep.metadata.name &&
        !p.metadata.deletionTimestamp &&
        p.status.phase === "Running" &&
        p.status.conditions?.find((c) => c.type === "Ready")?.status === "True",
    );
    return dep.status.readyReplicas === dep.spec.replicas && ready.length === dep.spec.replicas;
  });
}

function runSchedule(masters: number, workers: number, seed: number, steps: Step[]): { violations: string[]; convergedAfter: number | null } {
  const d = driver(seed, { masters, workers });
  const violations: string[] = [];
  const stepFor = (ms: number) => {
    const end = d.cluster.now + ms;
    while ((d.cluster.sim.nextTime() ?? Infinity) <= end && d.cluster.sim.step()) {
      const a = acting(d.cluster);
      if (a.schedulers > 1) violations.push(`${d.cluster.now}: ${a.schedulers} acting schedulers`);
      if (a.kcms > 1) violations.push(`${d.cluster.now}: ${a.kcms} acting controller-managers`);
      if (violations.length > 5) return;
    }
    d.cluster.runUntil(end);
  };
  stepFor(30_000);
  expect(d.run("kubectl create deployment web --image=nginx --replicas=3").ok).toBe(true);
  expect(d.run("kubectl create deployment api --image=nginx --replicas=2").ok).toBe(true);
  stepFor(30_000);
  for (const s of steps) {
    if (s.kind === "wait") stepFor(s.ms);
    else {
      let done = false;
      d.cluster.execute(parseLine(line(s)), () => (done = true));
      expect(done).toBe(true);
    }
  }
  // Heal everything: every machine on and connected, every component started.
  for (const m of machinesOf(masters, workers)) {
    d.cluster.execute(parseLine(`start node ${m}`), () => {});
    d.cluster.execute(parseLine(`heal ${m}`), () => {});
  }
  for (const a of d.cluster.sim.actors.values()) if ((COMPONENTS as readonly string[]).includes(a.component)) d.cluster.execute(parseLine(`start ${a.id}`), () => {});
  const healedAt = d.cluster.now;
  while (d.cluster.now - healedAt < CONVERGE_WITHIN) {
    stepFor(5_000);
    if (converged(d)) return { violations, convergedAfter: d.cluster.now - healedAt };
  }
  return { violations, convergedAfter: null };
}

function parseLine(l: string) {
  const a = parseAction(l);
  if ("error" in a) throw new Error(a.error);
  return a;
}

describe.each([
  [1, 2],
  [3, 2],
])("random fault schedules (%i control plane(s), %i workers)", (masters, workers) => {
  it("never has two acting schedulers or controller-managers, and converges once healed", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.array(faultStep(masters, workers), { minLength: 1, maxLength: 10 }), (seed, steps) => {
        const r = runSchedule(masters, workers, seed, steps as Step[]);
        expect(r.violations).toEqual([]);
        expect(r.convergedAfter, `did not converge within ${CONVERGE_WITHIN / 1000}s of healing`).not.toBeNull();
      }),
      { numRuns: 8, seed: 20261204 },
    );
  }, 600_000);
});
