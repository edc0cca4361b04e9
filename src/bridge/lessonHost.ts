/**
 * The lesson runner's host on a real simulated Cluster (src/lessons/runner.ts): the records it reads are
 * the ones the page gets (RecordTracker), so a condition means the same headless and on the page. The
 * CLI (`npm run sim -- --lesson`), the tests and the planning worker (Session's `lessonPlan`) use it.
 */
import { Cluster } from "../engine/cluster";
import { parseAction } from "../engine/kubectl/parse";
import type { SimTime } from "../engine/time";
import type { ClusterRecords } from "../lessons/conditions";
import { runLesson, type LessonHost, type RunHooks } from "../lessons/runner";
import type { LessonPlan, LessonScript } from "../lessons/types";
import type { ComponentRecord, EventRecord, MachineRecord, ObjectRecord } from "./protocol";
import { RecordTracker, eventRecord } from "./records";

export class ClusterLessonHost implements LessonHost {
  readonly cluster: Cluster;
  private readonly tracker: RecordTracker;
  private readonly recs: ClusterRecords;
  private readonly evs: EventRecord[] = [];
  private changes = 0;

  constructor(cluster: Cluster) {
    this.cluster = cluster;
    this.tracker = new RecordTracker(cluster);
    const machines: Record<string, MachineRecord> = {};
    const components: Record<string, ComponentRecord> = {};
    const objects: Record<string, ObjectRecord> = {};
    for (const r of this.tracker.snapshot()) {
      if (r.rtype === "machine") machines[r.id] = r;
      else if (r.rtype === "component") components[r.id] = r;
      else objects[r.id] = r;
    }
    this.recs = { machines, components, objects };
    cluster.onEvent((ev, t) => {
      this.evs.push(eventRecord(ev, t));
      this.changes++;
    });
  }

  now(): SimTime {
    return this.cluster.now;
  }

  runUntil(t: SimTime): void {
    this.cluster.runUntil(t);
  }

  nextEventTime(): SimTime | null {
    return this.cluster.sim.nextTime() ?? null;
  }

  execute(line: string, done: (r: { ok: boolean; output?: string; error?: string }) => void): void {
    const action = parseAction(line);
    if ("error" in action) return done({ ok: false, error: action.error });
    this.cluster.execute(action, done);
  }

  records(): ClusterRecords {
    const diff = this.tracker.collect();
    const { machines, components, objects } = this.recs;
    for (const r of [...diff.added, ...diff.updated]) {
      if (r.rtype === "machine") machines[r.id] = r;
      else if (r.rtype === "component") components[r.id] = r;
      else objects[r.id] = r;
    }
    for (const id of diff.removed) delete objects[id];
    if (diff.added.length || diff.updated.length || diff.removed.length) this.changes++;
    return this.recs;
  }

  version(): number {
    this.records();
    return this.changes;
  }

  events(): readonly EventRecord[] {
    return this.evs;
  }

  dispose(): void {
    this.tracker.dispose();
  }
}

/** Plans a lesson on a fresh cluster built from its seed and topology. */
export function planLesson(lesson: LessonScript, hooks?: RunHooks, host?: ClusterLessonHost): LessonPlan {
  const h = host ?? new ClusterLessonHost(new Cluster({ seed: lesson.seed, topology: { ...lesson.topology } }));
  try {
    return runLesson(lesson, h, hooks);
  } finally {
    if (!host) h.dispose();
  }
}
