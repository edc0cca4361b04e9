/**
 * `npm run sim -- --lesson NAME`: runs a lesson headless (src/lessons/runner.ts) and prints each step's
 * narration, then the cluster's timeline while the step plays out, then when its condition held.
 * `--lesson list` lists the lessons; an unknown one is a one-line error and exit 1, as is a step whose
 * condition did not hold in time.
 */
import { Cluster } from "../engine/cluster";
import { ClusterLessonHost } from "../bridge/lessonHost";
import { LESSONS, lessonById } from "../lessons";
import { describe } from "../lessons/conditions";
import { lessonScript, runLesson } from "../lessons/runner";
import { formatDuration, type SimTime } from "../engine/time";
import type { SimArgs } from "./args";
import { JsonTimeline, TextTimeline, componentWidth, seconds, type RunIO, type Timeline } from "./run";

/** Wraps plain text to `width` columns, each line indented by `indent`. */
export function wrap(text: string, width: number, indent: string): string {
  const out: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && indent.length + line.length + 1 + word.length > width) {
      out.push(indent + line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) out.push(indent + line);
  return out.join("\n");
}

/** The host that also prints each action as the timeline prints script actions. */
class PrintingHost extends ClusterLessonHost {
  timeline: Timeline | null = null;

  execute(line: string, done: (r: { ok: boolean; output?: string; error?: string }) => void): void {
    const at = this.now();
    const tl = this.timeline;
    tl?.actionStart(at, line);
    super.execute(line, (r) => {
      tl?.actionResult(this.now(), at, line, r.ok ? { ok: true, output: r.output ?? "" } : { ok: false, error: r.error ?? "" });
      done(r);
    });
  }
}

export function runLessonCli(args: SimArgs, io: RunIO): number {
  const name = args.lesson!;
  if (name === "list") {
    const w = Math.max(...LESSONS.map((l) => l.id.length));
    for (const l of LESSONS) io.out(`${l.id.padEnd(w)}  ${l.title} (${l.steps.length} steps): ${l.summary}\n`);
    return 0;
  }
  const lesson = lessonById(name);
  if (!lesson) {
    io.err(`error: no lesson named ${JSON.stringify(name)}; the lessons are ${LESSONS.map((l) => l.id).join(", ")} (see --lesson list)\n`);
    return 1;
  }
  const cluster = new Cluster({ seed: lesson.seed, topology: { ...lesson.topology } });
  const host = new PrintingHost(cluster);
  const timeline: Timeline = args.json ? new JsonTimeline(io) : new TextTimeline(io, componentWidth(cluster.nodeNames()));
  host.timeline = timeline;
  cluster.onEvent((ev, t) => timeline.event(ev, t));
  cluster.onLog((entry) => timeline.log(entry.t, entry.component, entry.text));
  const n = lesson.steps.length;
  const topo = `masters=${lesson.topology.masters},workers=${lesson.topology.workers}`;
  if (args.json) io.out(JSON.stringify({ t: 0, type: "lesson", id: lesson.id, title: lesson.title, seed: lesson.seed, topology: topo, steps: n }) + "\n");
  else io.out(`== Lesson: ${lesson.title} (${lesson.id}), seed ${lesson.seed}, ${topo}, ${n} steps\n`);
  const plan = runLesson(lessonScript(lesson), host, {
    stepStart(i, t: SimTime) {
      const step = lesson.steps[i];
      if (args.json) {
        io.out(JSON.stringify({ t, type: "step", step: i + 1, of: n, title: step.title, narration: step.narration, waitFor: describe(step.waitFor) }) + "\n");
        return;
      }
      io.out(`\n-- Step ${i + 1} of ${n} at ${seconds(t).trim()}: ${step.title}\n`);
      io.out(wrap(step.narration, 100, "   ") + "\n");
      io.out(`   Waiting for: ${describe(step.waitFor)} (at most ${formatDuration(step.maxTime)})\n\n`);
    },
    stepEnd(i, p) {
      const step = lesson.steps[i];
      if (args.json) {
        io.out(JSON.stringify({ t: p.end, type: "stepEnd", step: i + 1, met: p.met, after: p.end - p.start }) + "\n");
        return;
      }
      const verdict = p.met ? "done" : "NOT MET";
      io.out(`-- Step ${i + 1} ${verdict} at ${seconds(p.end).trim()} (after ${formatDuration(p.end - p.start)}): ${describe(step.waitFor)}\n`);
    },
  });
  timeline.end(cluster.now, cluster.objects());
  host.dispose();
  if (plan.failure) {
    io.err(`error: ${plan.failure}\n`);
    return 1;
  }
  return 0;
}
