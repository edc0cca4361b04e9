import { describe, expect, it } from "vitest";
import { HELP, buildPlan, parseSimArgs, validateTargets, type SimArgs } from "./args";

const args = (...argv: string[]): SimArgs => {
  const r = parseSimArgs(argv);
  if ("error" in r) throw new Error(r.error);
  return r;
};
const argError = (...argv: string[]) => {
  const r = parseSimArgs(argv);
  return "error" in r ? r.error : "parsed";
};

describe("parseSimArgs", () => {
  it("has defaults: seed 1, readable output, no actions", () => {
    expect(args()).toEqual({ seed: 1, json: false, dos: [], help: false });
  });

  it("takes every option in pflag's forms", () => {
    expect(args("--seed=7", "--topology", "masters=3,workers=5", "--until", "10m", "--json", "--do", "0 stop node worker-1", "--do=1m start node worker-1", "--script", "s.txt")).toEqual({
      seed: 7,
      topology: "masters=3,workers=5",
      until: 600_000,
      json: true,
      dos: ["0 stop node worker-1", "1m start node worker-1"],
      script: "s.txt",
      help: false,
    });
    expect(args("-h").help).toBe(true);
    expect(args("--help").help).toBe(true);
    expect(args("--json=false").json).toBe(false);
  });

  it.each([
    [["--foo"], "error: unknown flag: --foo"],
    [["-x"], "error: unknown shorthand flag: 'x' in -x"],
    [["--seed", "abc"], 'error: invalid argument "abc" for "--seed" flag: strconv.ParseInt: parsing "abc": invalid syntax'],
    [["--seed=-1"], 'error: invalid argument "-1" for "--seed" flag: must be between 0 and 4294967295'],
    [["--seed"], "error: flag needs an argument: --seed"],
    [["--until", "soon"], 'error: invalid argument "soon" for "--until" flag: expected a duration such as 90s, 10m or 1h30m'],
    [["--json=maybe"], 'error: invalid argument "maybe" for "--json" flag: strconv.ParseBool: parsing "maybe": invalid syntax'],
    [["run"], 'error: unexpected argument "run"; options start with --, see --help'],
  ])("%j → %s", (argv, message) => {
    expect(argError(...argv)).toBe(message);
  });

  it("documents every option in --help", () => {
    for (const o of ["--seed", "--topology", "--until", "--do", "--script", "--json", "--help"]) expect(HELP).toContain(o);
  });
});

describe("buildPlan", () => {
  const files: Record<string, string> = {
    "ok.txt": "# scenario\n0 kubectl create deployment web --image=nginx --replicas=3\n\n2m stop node worker-2\n",
    "bad.txt": "0 kubectl create deployment web --image=nginx\n# c\n30s kubectl get pods --foo\n",
  };
  const deps = { readFile: (p: string) => files[p] ?? { error: `error: open ${p}: no such file or directory` } };

  it("merges the script and --do lines in time order, naming where each came from", () => {
    const plan = buildPlan(args("--script", "ok.txt", "--do", "30s kubectl get pods", "--do", "0 kubectl get nodes"), deps);
    if ("error" in plan) throw new Error(plan.error);
    expect(plan.actions.map((a) => [a.timed.at, a.label, a.timed.action.line])).toEqual([
      [0, "ok.txt:2", "kubectl create deployment web --image=nginx --replicas=3"],
      [0, "--do 2", "kubectl get nodes"],
      [30_000, "--do 1", "kubectl get pods"],
      [120_000, "ok.txt:4", "stop node worker-2"],
    ]);
  });

  it("runs until 1m after the last action, at least 1m, unless --until says", () => {
    const until = (...argv: string[]) => {
      const p = buildPlan(args(...argv), deps);
      return "error" in p ? p.error : p.until;
    };
    expect(until()).toBe(60_000);
    expect(until("--do", "10s stop node worker-1")).toBe(70_000);
    expect(until("--script", "ok.txt")).toBe(180_000);
    expect(until("--script", "ok.txt", "--until", "10m")).toBe(600_000);
    expect(until("--script", "ok.txt", "--until", "1m")).toBe("ok.txt:4: error: the action at 2m0s is after --until 1m0s");
  });

  it("fails on the first bad line, naming it, so nothing runs", () => {
    const err = (...argv: string[]) => {
      const p = buildPlan(args(...argv), deps);
      return "error" in p ? p.error : "planned";
    };
    expect(err("--script", "bad.txt")).toBe("bad.txt:3: error: unknown flag: --foo");
    expect(err("--script", "missing.txt")).toBe("error: open missing.txt: no such file or directory");
    expect(err("--do", "0 kubectl get pods", "--do", "1m kubectl scale deployment web")).toBe('--do 2: error: required flag(s) "replicas" not set');
    expect(err("--do", "later stop node worker-1")).toBe('--do 1: error: invalid time "later": expected a duration such as 0, 45s, 1m30s or 2h before the action');
  });
});

describe("validateTargets", () => {
  const shape = {
    nodeNames: () => ["control-plane-1", "worker-1", "worker-2"],
    hasComponent: (id: string) => !/^(kube-apiserver|etcd|kube-scheduler|kube-controller-manager)@worker-/.test(id),
  };
  const check = (...dos: string[]) => {
    const p = buildPlan(args(...dos.flatMap((d) => ["--do", d])), { readFile: () => "" });
    if ("error" in p) throw new Error(p.error);
    return validateTargets(p.actions, shape)?.error;
  };

  it("accepts existing nodes and components", () => {
    expect(check("0 stop node worker-2", "1m stop kube-scheduler@control-plane-1", "2m start kubelet@worker-1", "3m kubectl cordon nowhere")).toBeUndefined();
  });

  it("names the line of an unknown node or a component the node does not run", () => {
    expect(check("0 stop node worker-1", "30s stop node worker-9")).toBe(
      '--do 2: error: node "worker-9" not found; the nodes are control-plane-1, worker-1, worker-2',
    );
    expect(check("0 stop etcd@worker-1")).toBe("--do 1: error: worker-1 does not run etcd");
    expect(check("0 stop kubelet@worker-7")).toBe('--do 1: error: node "worker-7" not found; the nodes are control-plane-1, worker-1, worker-2');
    expect(check("0 partition worker-9")).toBe('--do 1: error: node "worker-9" not found; the nodes are control-plane-1, worker-1, worker-2');
  });

  it("accepts any machine for stop node, partition and heal when it knows the machines", () => {
    const withMachines = { ...shape, machineNames: () => [...shape.nodeNames(), "load-balancer", "kubectl", "image-registry"] };
    const p = buildPlan(args("--do", "0 partition load-balancer", "--do", "1m heal load-balancer", "--do", "2m stop node image-registry"), { readFile: () => "" });
    if ("error" in p) throw new Error(p.error);
    expect(validateTargets(p.actions, withMachines)).toBeUndefined();
    const q = buildPlan(args("--do", "0 heal nowhere"), { readFile: () => "" });
    if ("error" in q) throw new Error(q.error);
    expect(validateTargets(q.actions, withMachines)?.error).toBe(
      '--do 1: error: node "nowhere" not found; the machines are control-plane-1, worker-1, worker-2, load-balancer, kubectl, image-registry',
    );
  });
});
