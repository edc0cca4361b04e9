/**
 * The headless runner behind `npm run sim`: validates everything, builds the cluster, schedules the
 * timed actions, runs the simulation to --until and prints the timeline (readable or JSON lines).
 * No wall clock anywhere: the same seed, topology and actions print the same bytes.
 */
import { Cluster, parseTopology } from "../engine/cluster";
import type { KEvent, KObject } from "../engine/api/types";
import type { ActionResult } from "../engine/kubectl/action";
import { COMPONENTS } from "../engine/kubectl/parse";
import type { SimTime } from "../engine/time";
import { HELP, buildPlan, parseSimArgs, validateTargets, type PlanDeps } from "./args";
import { runLessonCli } from "./lesson";

export interface RunIO extends PlanDeps {
  /** stdout */
  out(text: string): void;
  /** stderr */
  err(text: string): void;
}

/** Runs the simulator for these arguments; returns the exit code. */
export function runSim(argv: string[], io: RunIO): number {
  const args = parseSimArgs(argv);
  if ("error" in args) return fail(io, args.error);
  if (args.help) {
    io.out(HELP);
    return 0;
  }
  if (args.lesson !== undefined) return runLessonCli(args, io);
  const plan = buildPlan(args, io);
  if ("error" in plan) return fail(io, plan.error);
  const topology = plan.topologyText === undefined ? undefined : parseTopology(plan.topologyText);
  if (topology && "error" in topology) return fail(io, topology.error);

  const cluster = new Cluster({ seed: plan.seed, topology });
  const bad = validateTargets(plan.actions, { nodeNames: () => cluster.nodeNames(), machineNames: () => [...cluster.nodeNames(), ...cluster.machineNames().filter((m) => !cluster.nodeNames().includes(m))], hasComponent: (id) => cluster.sim.actors.has(id) });
  if (bad) return fail(io, bad.error);

  const timeline = plan.json ? new JsonTimeline(io) : new TextTimeline(io, componentWidth(cluster.nodeNames()));
  cluster.onEvent((ev, t) => timeline.event(ev, t));
  cluster.onLog((entry) => timeline.log(entry.t, entry.component, entry.text));
  const pending = new Set<number>();
  plan.actions.forEach(({ timed }, i) => {
    pending.add(i);
    timeline.actionStart(timed.at, timed.action.line);
    cluster.schedule(timed.at, timed.action, (r) => {
      pending.delete(i);
      timeline.actionResult(cluster.sim.now, timed.at, timed.action.line, r);
    });
  });
  cluster.runUntil(plan.until);
  for (const i of pending) {
    const { timed } = plan.actions[i];
    timeline.actionResult(plan.until, timed.at, timed.action.line, { ok: false, error: `no result yet: still running when the simulation ended at ${seconds(plan.until).trim()}` });
  }
  timeline.end(plan.until, cluster.objects());
  return 0;
}

function fail(io: RunIO, message: string): number {
  io.err(message + "\n");
  return 1;
}

/** `  12.345s`: sim seconds with milliseconds, right-aligned to 9 characters. */
export function seconds(t: SimTime): string {
  return `${Math.floor(t / 1000)}.${String(t % 1000).padStart(3, "0")}s`.padStart(9);
}

export function componentWidth(nodes: string[]): number {
  let w = "clusterscope".length;
  for (const n of nodes) for (const c of COMPONENTS) w = Math.max(w, c.length + 1 + n.length);
  return w;
}

/**
 * Who an Event comes from, as a timeline component: kubelet events carry `source.host`
 * (`kubelet@worker-2`); the scheduler's events.k8s.io events name their instance
 * `default-scheduler-<node>`; controller events name only the controller (`deployment-controller`).
 */
export function eventComponent(ev: KEvent): string {
  const instance = ev.reportingInstance ?? "";
  if (ev.reportingComponent === "default-scheduler" && instance.startsWith("default-scheduler-")) {
    return `kube-scheduler@${instance.slice("default-scheduler-".length)}`;
  }
  const component = ev.source?.component || ev.reportingComponent || "unknown";
  const host = ev.source?.host || "";
  return host ? `${component}@${host}` : component;
}

/** `Scheduled: Successfully assigned default/web-x to worker-2`, with the object when the message does not name it. */
export function eventText(ev: KEvent): string {
  const io = ev.involvedObject;
  const object = `${io.kind.toLowerCase()}/${io.name}`;
  const count = (ev.count ?? 0) > 1 ? ` (x${ev.count})` : "";
  const warning = ev.type === "Warning" ? "Warning " : "";
  const about = ev.message.includes(io.name) ? "" : ` [${object}]`;
  return `${warning}${ev.reason}: ${ev.message}${count}${about}`;
}

export interface Timeline {
  event(ev: KEvent, t: SimTime): void;
  log(t: SimTime, component: string, text: string): void;
  actionStart(at: SimTime, line: string): void;
  actionResult(t: SimTime, at: SimTime, line: string, r: ActionResult): void;
  end(until: SimTime, objects: KObject[]): void;
}

/**
 * The readable timeline. Entries arrive in sim-time order; an action's `$ line` is printed when
 * the clock reaches its time (before anything later), its output when kubectl answers.
 */
export class TextTimeline implements Timeline {
  private readonly starts: { at: SimTime; line: string }[] = [];
  /** Actions echoed but not answered yet: with more than one, each answer names its line. */
  private inFlight = 0;

  constructor(
    private readonly io: RunIO,
    private readonly width: number,
  ) {}

  private flushStarts(t: SimTime): void {
    while (this.starts.length && this.starts[0].at <= t) {
      const s = this.starts.shift()!;
      this.inFlight++;
      this.row(s.at, s.line.startsWith("kubectl") ? "kubectl" : "clusterscope", `$ ${s.line}`);
    }
  }

  private row(t: SimTime, component: string, text: string): void {
    this.io.out(`${seconds(t)}  ${component.padEnd(this.width)}  ${text}\n`);
  }

  event(ev: KEvent, t: SimTime): void {
    this.flushStarts(t);
    this.row(t, eventComponent(ev), eventText(ev));
  }

  log(t: SimTime, component: string, text: string): void {
    this.flushStarts(t);
    this.row(t, component, text);
  }

  actionStart(at: SimTime, line: string): void {
    this.starts.push({ at, line });
  }

  actionResult(t: SimTime, _at: SimTime, line: string, r: ActionResult): void {
    this.flushStarts(t);
    const text = r.ok ? r.output : r.error;
    const indent = " ".repeat(9 + 2 + this.width + 2);
    const component = line.startsWith("kubectl") ? "kubectl" : "clusterscope";
    const lines = text === "" ? [] : text.split("\n");
    if (this.inFlight > 1) lines.unshift(`result of: ${line}`);
    this.inFlight--;
    if (lines.length === 0) return;
    this.row(t, component, lines[0]);
    for (const l of lines.slice(1)) this.io.out(`${indent}${l}`.trimEnd() + "\n");
  }

  end(until: SimTime): void {
    this.flushStarts(until);
    this.io.out(`${seconds(until)}  ${"clusterscope".padEnd(this.width)}  simulation ended\n`);
  }
}

/** One JSON object per line. */
export class JsonTimeline implements Timeline {
  constructor(private readonly io: RunIO) {}

  private emit(o: unknown): void {
    this.io.out(JSON.stringify(o) + "\n");
  }

  event(ev: KEvent, t: SimTime): void {
    const io = ev.involvedObject;
    this.emit({
      t,
      type: "event",
      reason: ev.reason,
      message: ev.message,
      object: { kind: io.kind, namespace: io.namespace ?? "", name: io.name },
      eventType: ev.type,
      count: ev.count || 1,
      component: eventComponent(ev),
    });
  }

  log(t: SimTime, component: string, text: string): void {
    this.emit({ t, type: "log", component, text });
  }

  actionStart(): void {}

  actionResult(t: SimTime, at: SimTime, line: string, r: ActionResult): void {
    this.emit(r.ok ? { t, type: "action", at, line, ok: true, output: r.output } : { t, type: "action", at, line, ok: false, error: r.error });
  }

  end(until: SimTime, objects: KObject[]): void {
    this.emit({ t: until, type: "objects", items: objects });
  }
}
