import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { ClusterLessonHost, planLesson } from "../bridge/lessonHost";
import { Cluster } from "../engine/cluster";
import { COMPONENTS, parseAction } from "../engine/kubectl/parse";
import { LESSONS } from "./index";
import { scriptFingerprint, storedPlan } from "./plans";
import { actionsThrough, lessonScript } from "./runner";
import { Replica } from "../bridge/checkpoints";
import type { Deployment } from "../engine/api/types";

/** Every canvas id a topology has (src/canvas/layout.ts): machines, their components, the externals. */
function canvasIds(masters: number, workers: number): Set<string> {
  const ids = new Set(["kubectl", "load-balancer", "image-registry", "unscheduled"]);
  const machines = [...Array.from({ length: masters }, (_, i) => `control-plane-${i + 1}`), ...Array.from({ length: workers }, (_, i) => `worker-${i + 1}`)];
  for (const m of machines) {
    ids.add(m);
    for (const c of ["kubelet", "kube-proxy", "containerd"]) ids.add(`${c}@${m}`);
    if (m.startsWith("control-plane")) for (const c of ["kube-apiserver", "etcd", "kube-scheduler", "kube-controller-manager"]) ids.add(`${c}@${m}`);
  }
  return ids;
}

describe("the lessons", () => {
  it("are the eight of issue 5, each with a unique slug, a title, a summary and steps", () => {
    expect(LESSONS.map((l) => l.id)).toEqual(["pod-journey", "desired-state", "scheduler", "worker-dies", "master-dies", "high-availability", "etcd-quorum", "services"]);
    for (const l of LESSONS) {
      expect(l.id).toMatch(/^[a-z]+(-[a-z]+)*$/);
      expect(l.title.length).toBeGreaterThan(3);
      expect(l.summary.length).toBeGreaterThan(10);
      expect(l.steps.length).toBeGreaterThanOrEqual(4);
    }
  });

  it("are data: each lesson's file imports only types (README, \"Writing a lesson\")", () => {
    for (const l of LESSONS) {
      const text = readFileSync(fileURLToPath(new URL(`./${l.id}.ts`, import.meta.url)), "utf8");
      const imports = text.split("\n").filter((line) => /^\s*import\b/.test(line));
      expect(imports.length, l.id).toBeGreaterThan(0);
      for (const line of imports) expect(line, l.id).toMatch(/^import type /);
      expect(text, l.id).not.toMatch(/\brequire\(|\bimport\(/);
    }
  });

  it("speak the action language and point at things the canvas draws", () => {
    for (const l of LESSONS) {
      const ids = canvasIds(l.topology.masters, l.topology.workers);
      for (const [i, s] of l.steps.entries()) {
        const where = `${l.id} step ${i + 1}`;
        expect(s.narration.length, where).toBeGreaterThan(40);
        expect(s.maxTime, where).toBeGreaterThan(0);
        for (const line of s.actions) {
          // Placeholders stand for names the cluster has when the step starts.
          const concrete = line.replace(/\{pod:[^}]*\}/g, "web-x").replace(/\{[a-z-]+(:[^}]*)?\}/g, "control-plane-1");
          const a = parseAction(concrete);
          expect("error" in a ? `${where}: ${line}: ${a.error}` : "ok").toBe("ok");
        }
        for (const h of s.highlight) {
          if (h.startsWith("pods/")) expect(h, where).toMatch(/^pods\/default\/[a-z0-9-]+\*?$/);
          else expect(ids.has(h) ? "ok" : `${where}: no canvas id ${h}`).toBe("ok");
        }
      }
    }
    expect(COMPONENTS).toContain("etcd");
  });

  for (const lesson of LESSONS) {
    it(`${lesson.id} runs headless to its end, every step's condition met within its max time`, { timeout: 120_000 }, () => {
      const plan = planLesson(lessonScript(lesson));
      expect(plan.failure).toBeUndefined();
      expect(plan.steps).toHaveLength(lesson.steps.length);
      let t = plan.ready;
      plan.steps.forEach((s, i) => {
        expect({ step: i + 1, met: s.met }).toEqual({ step: i + 1, met: true });
        expect(s.start).toBe(t);
        expect(s.end - s.start).toBeLessThanOrEqual(lesson.steps[i].maxTime);
        t = s.end;
      });
      // The page opens lessons from the stored plans (src/lessons/plans.json): they must be this plan.
      const stored = storedPlan(lessonScript(lesson));
      expect(stored ? "stored" : "no stored plan for this script: run `npm run plan:lessons`").toBe("stored");
      expect(JSON.parse(JSON.stringify(plan)), "the stored plan is stale: run `npm run plan:lessons`").toEqual(stored);
    });
  }

  it("stops a node only once it has a heartbeat Lease: the grace period counts from a heartbeat the class has seen", () => {
    // A kubelet writes its first Lease about 10 s after it starts. worker-dies step 2 stops worker-2;
    // services step 4 stops worker-2's kubelet.
    for (const [id, step] of [["worker-dies", 1], ["services", 3]] as const) {
      const lesson = LESSONS.find((l) => l.id === id)!;
      const plan = planLesson(lessonScript(lesson));
      // The cluster as the lesson runs it, just before the stop.
      const r = new Replica(lesson.seed, lesson.topology);
      r.runTo(actionsThrough(plan, step - 1), plan.steps[step].start - 1);
      expect(r.cluster.objects().some((o) => o.kind === "Lease" && o.metadata.namespace === "kube-node-lease" && o.metadata.name === "worker-2"), `${id} step ${step + 1}`).toBe(true);
    }
  });

  it("etcd-quorum: the scale that failed without quorum is never applied (kubectl's read failed, so it sent no write)", () => {
    const lesson = LESSONS.find((l) => l.id === "etcd-quorum")!;
    const plan = planLesson(lessonScript(lesson));
    const r = new Replica(lesson.seed, lesson.topology);
    // Quorum is back at the end of step 4, before step 5 scales to 5.
    r.runTo(actionsThrough(plan, 3), plan.steps[3].end);
    const web = r.cluster.objects().find((o) => o.kind === "Deployment" && o.metadata.name === "web") as Deployment;
    expect(web.spec.replicas).toBe(3);
  });

  it("writes the events a step's narration names within that step, so its panel lists them there and not in the next step", { timeout: 60_000 }, () => {
    const missing: string[] = [];
    for (const lesson of LESSONS) {
      const host = new ClusterLessonHost(new Cluster({ seed: lesson.seed, topology: { ...lesson.topology } }));
      const plan = planLesson(lessonScript(lesson), undefined, host);
      lesson.steps.forEach((step, i) => {
        const { start, end } = plan.steps[i];
        for (const [, reason] of step.narration.matchAll(/\bevent ([A-Z][A-Za-z]+)/g))
          if (!host.events().some((e) => e.reason === reason && e.t >= start && e.t <= end)) missing.push(`${lesson.id} step ${i + 1}: ${reason}`);
      });
      host.dispose();
    }
    expect(missing).toEqual([]);
  });

  it("uses a stored plan only for the script it was planned from", () => {
    const script = lessonScript(LESSONS[0]);
    const plan = storedPlan(script)!;
    expect(plan.lessonId).toBe(script.id);
    expect(storedPlan({ ...script, seed: script.seed + 1 })).toBeUndefined();
    expect(storedPlan({ ...script, steps: script.steps.map((s, i) => (i === 0 ? { ...s, maxTime: s.maxTime + 1 } : s)) })).toBeUndefined();
    expect(storedPlan(script, {})).toBeUndefined();
    expect(scriptFingerprint(script)).toMatch(/^[0-9a-f]{8}$/);
  });

  it("plans the same way every time (seeded)", { timeout: 60_000 }, () => {
    const l = LESSONS.find((x) => x.id === "services")!;
    expect(planLesson(lessonScript(l))).toEqual(planLesson(lessonScript(l)));
  });
});
