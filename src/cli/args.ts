/**
 * The headless runner's command line (`npm run sim -- ...`), parsed and validated without running
 * anything: a bad option, script line or --do line is one kubectl-style line on stderr and exit 1.
 * Pure: file reading and the topology parser are passed in.
 */
import type { TimedAction } from "../engine/kubectl/action";
import { parseFlags, type FlagDef } from "../engine/kubectl/parse";
import { parseScript, parseTimedAction, sortByTime } from "../engine/kubectl/script";
import { MINUTE, formatDuration, parseDuration, type SimTime } from "../engine/time";

export interface SimArgs {
  seed: number;
  topology?: string;
  until?: SimTime;
  json: boolean;
  dos: string[];
  script?: string;
  /** `--lesson NAME` (or `list`): run a lesson instead of a script. */
  lesson?: string;
  help: boolean;
}

export const HELP = `Runs a simulated Kubernetes v1.32 cluster headless and prints what happens.

Usage:
  npm run sim -- [options]

Options:
  --seed N                 PRNG seed (default 1); the same seed and actions give byte-identical output
  --topology SPEC          machines, e.g. masters=1,workers=3 (the default)
  --until TIME             when to stop, e.g. 10m (default: 1m after the last action, at least 1m)
  --do "TIME ACTION"       run ACTION at sim time TIME; repeatable
  --script FILE            timed actions, one "TIME ACTION" a line; # comments and blank lines skipped
  --lesson NAME            run a lesson (its narration, then the timeline step by step); --lesson list
                           lists them; a lesson brings its own seed, topology and actions
  --json                   one JSON object per line instead of the readable timeline
  -h, --help               show this help

TIME is a duration since the start: 0, 45s, 1m30s, 2h (a bare number is seconds).
ACTION is a line of the action language:
  kubectl create deployment NAME --image=IMAGE [--replicas=N] [--port=N] [-n NS]
  kubectl expose deployment|replicaset|pod|service NAME [--port=N] [--target-port=N] [--name=NAME]
  kubectl scale deployment|replicaset NAME --replicas=N
  kubectl delete pod|deployment|replicaset|service|node NAME
  kubectl cordon NODE | kubectl uncordon NODE
  kubectl get pods|nodes|deployments|replicasets|events|leases|services|endpointslices [NAME]
              [-o wide|yaml|json|name] [-n NS | -A]
  stop node NAME | start node NAME   (any machine: control planes, workers, load-balancer, image-registry)
  stop COMPONENT@NODE | start COMPONENT@NODE   (kube-apiserver, etcd, kube-scheduler,
              kube-controller-manager, kubelet, kube-proxy, containerd)
  partition NODE | heal NODE   (cut or restore a machine's network, both ways)

Examples:
  npm run sim -- --do "0 kubectl create deployment web --image=nginx --replicas=3" --do "30s stop node worker-2" --until 8m
  npm run sim -- --seed 7 --script scenario.txt --json
  npm run sim -- --lesson worker-dies
`;

const FLAGS: FlagDef[] = [
  { name: "seed", kind: "int64" },
  { name: "topology", kind: "string" },
  { name: "until", kind: "string" },
  { name: "json", kind: "bool", noOpt: "true" },
  { name: "do", kind: "stringArray" },
  { name: "script", kind: "string" },
  { name: "lesson", kind: "string" },
  { name: "help", short: "h", kind: "bool", noOpt: "true" },
];

/** Parses the runner's options with pflag's rules and messages (`--seed=7` and `--seed 7` both work). */
export function parseSimArgs(argv: string[]): SimArgs | { error: string } {
  const p = parseFlags(argv, FLAGS);
  if ("error" in p) return { error: `error: ${p.error}` };
  if (p.args.length > 0) return { error: `error: unexpected argument ${JSON.stringify(p.args[0])}; options start with --, see --help` };
  const args: SimArgs = { seed: 1, json: p.values.get("json") === true, dos: (p.values.get("do") as string[]) ?? [], help: p.values.get("help") === true };
  if (p.values.has("seed")) {
    const seed = p.values.get("seed") as number;
    if (seed < 0 || seed > 0xffffffff) return { error: `error: invalid argument "${seed}" for "--seed" flag: must be between 0 and 4294967295` };
    args.seed = seed;
  }
  if (p.values.has("topology")) args.topology = p.values.get("topology") as string;
  if (p.values.has("until")) {
    const text = p.values.get("until") as string;
    const until = parseDuration(text);
    if (until === undefined) return { error: `error: invalid argument ${JSON.stringify(text)} for "--until" flag: expected a duration such as 90s, 10m or 1h30m` };
    args.until = until;
  }
  if (p.values.has("script")) args.script = p.values.get("script") as string;
  if (p.values.has("lesson")) {
    args.lesson = p.values.get("lesson") as string;
    for (const other of ["do", "script", "seed", "topology", "until"]) {
      if (p.changed.includes(other)) return { error: `error: --lesson brings its own seed, topology and actions; it cannot be combined with --${other}` };
    }
  }
  return args;
}

/** An action with the name of the line it came from: `--do 2` or `scenario.txt:7`. */
export interface PlannedAction {
  timed: TimedAction;
  label: string;
}

export interface Plan {
  seed: number;
  topologyText?: string;
  until: SimTime;
  json: boolean;
  /** In time order; actions at the same time keep script order, then --do order. */
  actions: PlannedAction[];
}

export interface PlanDeps {
  /** The file's text, or the error to print (e.g. `error: open x.txt: no such file or directory`). */
  readFile(path: string): string | { error: string };
}

/** Parses the script and --do lines and settles --until. Nothing runs. */
export function buildPlan(args: SimArgs, deps: PlanDeps): Plan | { error: string } {
  const planned: PlannedAction[] = [];
  if (args.script !== undefined) {
    const text = deps.readFile(args.script);
    if (typeof text !== "string") return text;
    const s = parseScript(text, args.script);
    if ("error" in s) return s;
    for (const timed of s.actions) planned.push({ timed, label: `${args.script}:${timed.lineNo}` });
  }
  for (let i = 0; i < args.dos.length; i++) {
    const label = `--do ${i + 1}`;
    const r = parseTimedAction(args.dos[i], 0);
    if ("error" in r) return { error: `${label}: ${r.error}` };
    planned.push({ timed: r, label });
  }
  const order = new Map(planned.map((p) => [p.timed, p]));
  const actions = sortByTime(planned.map((p) => p.timed)).map((t) => order.get(t)!);
  const last = actions.length ? actions[actions.length - 1].timed.at : 0;
  const until = args.until ?? Math.max(MINUTE, last + MINUTE);
  if (args.until !== undefined && last > until) {
    const lastAction = actions[actions.length - 1];
    return { error: `${lastAction.label}: error: the action at ${formatDuration(last)} is after --until ${formatDuration(until)}` };
  }
  return { seed: args.seed, topologyText: args.topology, until, json: args.json, actions };
}

export interface ClusterShape {
  nodeNames(): string[];
  /** Every machine (nodes plus load-balancer, kubectl, image-registry): what `stop node`, `partition` and `heal` accept. */
  machineNames?(): string[];
  /** Whether `component@node` exists (control-plane components run only on control-plane nodes). */
  hasComponent(id: string): boolean;
}

/** Checks the machines and components that stop/start lines name, before anything runs. */
export function validateTargets(actions: PlannedAction[], cluster: ClusterShape): { error: string } | undefined {
  const nodes = cluster.nodeNames();
  const machines = cluster.machineNames?.() ?? nodes;
  for (const { timed, label } of actions) {
    const a = timed.action;
    if (a.type === "stop-node" || a.type === "start-node" || a.type === "partition" || a.type === "heal") {
      if (!machines.includes(a.node)) {
        const what = cluster.machineNames ? "machines" : "nodes";
        return { error: `${label}: error: node "${a.node}" not found; the ${what} are ${machines.join(", ")}` };
      }
    } else if (a.type === "stop-component" || a.type === "start-component") {
      if (!nodes.includes(a.node)) return { error: `${label}: error: node "${a.node}" not found; the nodes are ${nodes.join(", ")}` };
      const id = `${a.component}@${a.node}`;
      if (!cluster.hasComponent(id)) return { error: `${label}: error: ${a.node} does not run ${a.component}` };
    }
  }
  return undefined;
}
