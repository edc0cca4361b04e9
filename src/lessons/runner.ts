/**
 * The lesson runner: plays a lesson headless and says when each step starts and ends. It waits until
 * every node is Ready; then, step by step, it runs the step's actions at the step's start, advances sim
 * time 10 ms at a time until the step's condition holds, and starts the next step right there. A step
 * whose condition does not hold within its maxTime fails the lesson with a message naming the step and
 * the condition.
 *
 * The result (a LessonPlan) is deterministic for (seed, topology, steps): the page replays it with the
 * worker's seek (init at a step's start with the actions of the steps so far), the CLI prints it, the
 * tests check it. The host (src/bridge/lessonHost.ts) owns the cluster; this file knows no engine.
 */
import type { EventRecord } from "../bridge/protocol";
import type { SimTime } from "../engine/time";
import { baselineOf, describe, evaluate, type ClusterRecords } from "./conditions";
import { resolvePlaceholders } from "./placeholders";
import type { Condition, Lesson, LessonPlan, LessonScript, PlannedStep, StepResult } from "./types";

/** How often (sim ms) a step's condition is checked. */
export const CHECK_MS = 10;
/** Checks skip stretches where the engine has nothing queued, but never more than this (for `elapsed`). */
const MAX_SKIP_MS = 1000;
/** The longest the runner waits for every node to report Ready before the first step. */
export const READY_MAX_MS = 120_000;

export interface LessonHost {
  now(): SimTime;
  /** Runs the simulation up to sim time `t`. */
  runUntil(t: SimTime): void;
  /** When the engine next has something to do (nothing changes before then), or null. */
  nextEventTime?(): SimTime | null;
  /** Runs an action-language line now; `done` hears what it printed (possibly later, in sim time). */
  execute(line: string, done: (r: { ok: boolean; output?: string; error?: string }) => void): void;
  /** The records now (machines, components, API objects). */
  records(): ClusterRecords;
  /** Every Event written so far, oldest first. */
  events(): readonly EventRecord[];
  /** A number that changes whenever the records or the events do (lets the runner skip re-checking). */
  version?(): number;
}

export interface RunHooks {
  /** A step starts (its actions are about to run). */
  stepStart?(index: number, t: SimTime): void;
  /** A step ended: its condition held at `t`, or the runner gave up. */
  stepEnd?(index: number, step: PlannedStep): void;
}

/**
 * Runs the clock until `holds()` (checked every CHECK_MS, skipping checks while the engine has nothing
 * queued) or `deadline`; returns when it held, or null.
 */
function waitFor(host: LessonHost, holds: () => boolean, deadline: SimTime): SimTime | null {
  for (;;) {
    if (holds()) return host.now();
    const now = host.now();
    if (now >= deadline) return null;
    let next = now + CHECK_MS;
    const ev = host.nextEventTime?.();
    if (ev === null) next = now + MAX_SKIP_MS;
    else if (ev !== undefined && ev > next) next = Math.min(now + MAX_SKIP_MS, now + Math.ceil((ev - now) / CHECK_MS) * CHECK_MS);
    host.runUntil(Math.min(deadline, next));
  }
}

function formatTime(ms: SimTime): string {
  return `${(ms / 1000).toFixed(1)}s`;
}

export function runLesson(lesson: LessonScript, host: LessonHost, hooks: RunHooks = {}): LessonPlan {
  const nodes = lesson.topology.masters + lesson.topology.workers;
  const readyCond: Condition = { nodes: { ready: "True", min: nodes } };
  const ctxAt = (stepStart: SimTime, results: StepResult[], baseline: PlannedStep["baseline"]) => ({
    ...host.records(),
    now: host.now(),
    stepStart,
    events: host.events(),
    results,
    baseline,
  });
  const start0 = host.now();
  const emptyBaseline = { etcdLeader: null, leases: {} };
  const ready = waitFor(host, () => evaluate(readyCond, ctxAt(start0, [], emptyBaseline)), start0 + READY_MAX_MS);
  const plan: LessonPlan = { lessonId: lesson.id, ready: ready ?? host.now(), steps: [] };
  if (ready === null) {
    plan.failure = `lesson ${lesson.id}: the nodes were not all Ready within ${formatTime(READY_MAX_MS)}`;
    return plan;
  }
  for (let i = 0; i < lesson.steps.length; i++) {
    const step = lesson.steps[i];
    const start = host.now();
    hooks.stepStart?.(i, start);
    const baseline = baselineOf(host.records());
    const results: StepResult[] = [];
    for (const written of step.actions) {
      const resolved = resolvePlaceholders(written, host.records());
      const line = "line" in resolved ? resolved.line : written;
      const r: StepResult = { line, at: start };
      results.push(r);
      if ("error" in resolved) {
        Object.assign(r, { t: start, ok: false, error: resolved.error });
        continue;
      }
      host.execute(line, (res) => {
        r.t = host.now();
        r.ok = res.ok;
        if (res.ok) r.output = res.output ?? "";
        else r.error = res.error;
      });
    }
    // Only answered actions count for `result` conditions (an unanswered one keeps the step waiting).
    const answered = () => (results.every((r) => r.ok !== undefined) ? results : []);
    // Nothing a condition reads changes between two checks with the same version and the same answers,
    // unless it counts elapsed time.
    const timed = JSON.stringify(step.waitFor).includes('"elapsed"');
    let seen = "";
    const holds = () => {
      if (!timed && host.version) {
        const v = `${host.version()}/${results.filter((r) => r.ok !== undefined).length}`;
        if (v === seen) return false;
        seen = v;
      }
      return evaluate(step.waitFor, ctxAt(start, answered(), baseline));
    };
    const end = waitFor(host, holds, start + step.maxTime);
    const planned: PlannedStep = { start, end: end ?? host.now(), met: end !== null, baseline, results: results.map((r) => ({ ...r })) };
    plan.steps.push(planned);
    hooks.stepEnd?.(i, planned);
    if (end === null) {
      plan.failure = `lesson ${lesson.id}, step ${i + 1} "${step.title}": waited ${formatTime(step.maxTime)} of sim time (until ${formatTime(host.now())}) for ${describe(step.waitFor)}, and it did not happen`;
      return plan;
    }
  }
  return plan;
}

/** The action log of a plan up to and including step `index` (0-based): what the page's worker replays. */
export function actionsThrough(plan: LessonPlan, index: number): { at: SimTime; line: string }[] {
  const out: { at: SimTime; line: string }[] = [];
  for (let i = 0; i <= index && i < plan.steps.length; i++) {
    // The resolved lines; one that could not be resolved never ran, so it is not replayed either.
    for (const r of plan.steps[i].results) if (!(r.ok === false && r.t === r.at && r.error?.startsWith("error: the lesson's"))) out.push({ at: r.at, line: r.line });
  }
  return out;
}

/** What of a lesson the runner needs (no narration): what the page sends its planning worker. */
export function lessonScript(l: Lesson): LessonScript {
  return {
    id: l.id,
    seed: l.seed,
    topology: { ...l.topology },
    steps: l.steps.map((s) => ({ title: s.title, actions: s.actions, waitFor: s.waitFor, maxTime: s.maxTime })),
  };
}
