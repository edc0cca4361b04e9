import { describe, expect, it } from "vitest";
import type { EventRecord, MachineRecord, ObjectRecord } from "../bridge/protocol";
import type { ClusterRecords } from "./conditions";
import { CHECK_MS, actionsThrough, runLesson, type LessonHost } from "./runner";
import type { LessonScript } from "./types";

/**
 * A scripted cluster: `stop node X` stops machine X at once; `kubectl scale ... --replicas=N` answers
 * 30 ms later and makes N pods appear 1 s after that. Nodes become Ready at 600 ms.
 */
class FakeHost implements LessonHost {
  t = 0;
  private timers: { at: number; fn: () => void }[] = [];
  recs: ClusterRecords = { machines: {}, components: {}, objects: {} };
  evs: EventRecord[] = [];
  executed: { t: number; line: string }[] = [];

  constructor() {
    for (const m of ["worker-1", "worker-2"]) this.recs.machines[m] = { rtype: "machine", id: m, role: "worker", running: true, partitioned: false } as MachineRecord;
    this.later(600, () => {
      for (const m of ["worker-1", "worker-2"]) this.put({ rtype: "object", id: `nodes/${m}`, resource: "nodes", object: { kind: "Node", metadata: { name: m }, spec: {}, status: { conditions: [{ type: "Ready", status: "True" }] } } as never });
    });
  }
  private put(r: ObjectRecord) {
    this.recs = { ...this.recs, objects: { ...this.recs.objects, [r.id]: r } };
  }
  private later(ms: number, fn: () => void) {
    this.timers.push({ at: this.t + ms, fn });
  }
  now() {
    return this.t;
  }
  nextEventTime() {
    return this.timers.length ? Math.min(...this.timers.map((x) => x.at)) : null;
  }
  runUntil(to: number) {
    for (;;) {
      const due = this.timers.filter((x) => x.at <= to).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.timers.splice(this.timers.indexOf(due), 1);
      this.t = due.at;
      due.fn();
    }
    this.t = to;
  }
  execute(line: string, done: (r: { ok: boolean; output?: string; error?: string }) => void) {
    this.executed.push({ t: this.t, line });
    const stop = /^stop node (\S+)$/.exec(line);
    if (stop) {
      this.recs.machines[stop[1]] = { ...this.recs.machines[stop[1]], running: false };
      return done({ ok: true, output: `${stop[1]} stopped` });
    }
    const scale = /--replicas=(\d+)/.exec(line);
    if (scale) {
      this.later(30, () => {
        done({ ok: true, output: "deployment.apps/web scaled" });
        this.later(1000, () => {
          for (let i = 0; i < Number(scale[1]); i++) {
            this.put({ rtype: "object", id: `pods/default/web-${i}`, resource: "pods", object: { kind: "Pod", metadata: { name: `web-${i}`, namespace: "default", labels: { app: "web" } }, spec: { containers: [] }, status: { phase: "Running" } } as never });
          }
          this.evs.push({ t: this.t, type: "Normal", reason: "Scaled", message: "", object: { kind: "Deployment", name: "web" }, source: "x", count: 1 });
        });
      });
      return;
    }
    done({ ok: false, error: "error: unknown" });
  }
  records() {
    return this.recs;
  }
  events() {
    return this.evs;
  }
}

const lesson: LessonScript = {
  id: "fake",
  seed: 1,
  topology: { masters: 0, workers: 2 },
  steps: [
    { title: "scale", actions: ["kubectl scale deployment web --replicas=3"], waitFor: { pods: { deployment: "web", count: 3 } }, maxTime: 5000 },
    { title: "answer", actions: ["stop node {stopped-node}", "stop node worker-2"], waitFor: { all: [{ machine: "worker-2", running: false }, { result: { ok: true } }] }, maxTime: 1000 },
    { title: "wait", actions: [], waitFor: { elapsed: 2500 }, maxTime: 5000 },
  ],
};

describe("the lesson runner", () => {
  it("waits for the nodes, then runs each step's actions at its start and ends it where its condition first holds", () => {
    const host = new FakeHost();
    const plan = runLesson(lesson, host);
    expect(plan.failure).toBeUndefined();
    expect(plan.ready).toBe(600);
    const [s1, s2, s3] = plan.steps;
    expect(s1).toMatchObject({ start: 600, met: true, results: [{ line: "kubectl scale deployment web --replicas=3", at: 600, t: 630, ok: true }] });
    // Pods at 1630: the first check at or after it, on the CHECK_MS grid from the step's start.
    expect(s1.end).toBe(600 + Math.ceil(1030 / CHECK_MS) * CHECK_MS);
    // A placeholder that names nothing is a failed result that never ran; the other action ran.
    expect(s2.start).toBe(s1.end);
    expect(s2.results[0]).toMatchObject({ line: "stop node {stopped-node}", ok: false, error: "error: the lesson's {stopped-node} names nothing in the cluster now" });
    expect(s2.results[1]).toMatchObject({ line: "stop node worker-2", ok: true });
    expect(s2.end).toBe(s2.start);
    expect(host.executed.map((e) => e.line)).toEqual(["kubectl scale deployment web --replicas=3", "stop node worker-2"]);
    expect(s3.end - s3.start).toBeGreaterThanOrEqual(2500);
    expect(s3.end - s3.start).toBeLessThan(2500 + 1000);
    // The page replays exactly the lines that ran, at their times.
    expect(actionsThrough(plan, 2)).toEqual([
      { at: 600, line: "kubectl scale deployment web --replicas=3" },
      { at: s2.start, line: "stop node worker-2" },
    ]);
    expect(actionsThrough(plan, 0)).toEqual([{ at: 600, line: "kubectl scale deployment web --replicas=3" }]);
  });

  it("is deterministic", () => {
    expect(runLesson(lesson, new FakeHost())).toEqual(runLesson(lesson, new FakeHost()));
  });

  it("fails a step whose condition does not hold within its maxTime, naming the step and the condition", () => {
    const slow: LessonScript = { ...lesson, steps: [{ title: "too many", actions: ["kubectl scale deployment web --replicas=3"], waitFor: { pods: { deployment: "web", count: 4 } }, maxTime: 2000 }, lesson.steps[1]] };
    const plan = runLesson(slow, new FakeHost());
    expect(plan.steps).toHaveLength(1);
    expect(plan.steps[0]).toMatchObject({ met: false, start: 600, end: 2600 });
    expect(plan.failure).toBe('lesson fake, step 1 "too many": waited 2.0s of sim time (until 2.6s) for 4 pods of web, and it did not happen');
  });
});
