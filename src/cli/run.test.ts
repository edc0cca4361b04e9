import { describe, expect, it } from "vitest";
import type { KEvent } from "../engine/api/types";
import { eventComponent, eventText, runSim, seconds } from "./run";

function run(argv: string[], files: Record<string, string> = {}) {
  let out = "";
  let err = "";
  const code = runSim(argv, {
    out: (t) => (out += t),
    err: (t) => (err += t),
    readFile: (p) => files[p] ?? { error: `error: open ${p}: no such file or directory` },
  });
  return { code, out, err };
}

const SCENARIO = ["--do", "0 kubectl create deployment web --image=nginx --replicas=2", "--do", "20s stop node worker-2", "--do", "40s kubectl get nodes", "--until", "1m"];

describe("runSim", () => {
  it("prints byte-identical output for the same seed and actions", () => {
    const a = run(["--seed", "3", ...SCENARIO]);
    const b = run(["--seed", "3", ...SCENARIO]);
    expect(a.code).toBe(0);
    expect(a.err).toBe("");
    expect(a.out).toBe(b.out);
    const j1 = run(["--seed", "3", "--json", ...SCENARIO]);
    const j2 = run(["--seed", "3", "--json", ...SCENARIO]);
    expect(j1.out).toBe(j2.out);
  });

  it("echoes actions at their time with their output, in a readable timeline", () => {
    const { out } = run(SCENARIO);
    const lines = out.split("\n");
    expect(lines).toContain(`${seconds(0)}  ${"kubectl".padEnd(39)}  $ kubectl create deployment web --image=nginx --replicas=2`);
    expect(lines.some((l) => /^ +\d+\.\d{3}s  kubectl +deployment\.apps\/web created$/.test(l))).toBe(true);
    expect(lines).toContain(`${seconds(20_000)}  ${"clusterscope".padEnd(39)}  $ stop node worker-2`);
    expect(lines).toContain(`${seconds(20_000)}  ${"clusterscope".padEnd(39)}  worker-2 stopped`);
    expect(lines.at(-2)).toBe(`${seconds(60_000)}  ${"clusterscope".padEnd(39)}  simulation ended`);
    // time never goes backwards
    const times = lines.filter((l) => /^ *\d+\.\d{3}s/.test(l)).map((l) => Number.parseFloat(l));
    expect(times).toEqual([...times].sort((x, y) => x - y));
  });

  it("prints one JSON object a line: actions, logs, events, then every object", () => {
    const { out } = run(["--json", ...SCENARIO]);
    const records = out.trimEnd().split("\n").map((l) => JSON.parse(l));
    const actions = records.filter((r) => r.type === "action");
    expect(actions.map((a) => [a.line, a.ok])).toEqual([
      ["kubectl create deployment web --image=nginx --replicas=2", true],
      ["stop node worker-2", true],
      ["kubectl get nodes", true],
    ]);
    expect(actions[0]).toMatchObject({ type: "action", at: 0, output: "deployment.apps/web created" });
    for (const r of records.filter((x) => x.type === "log")) expect(Object.keys(r)).toEqual(["t", "type", "component", "text"]);
    for (const r of records.filter((x) => x.type === "event")) {
      expect(Object.keys(r).slice(0, 5)).toEqual(["t", "type", "reason", "message", "object"]);
      expect(Object.keys(r.object)).toEqual(["kind", "namespace", "name"]);
    }
    const last = records.at(-1);
    expect(last.type).toBe("objects");
    expect(last.items.some((o: { kind: string; metadata: { name: string } }) => o.kind === "Deployment" && o.metadata.name === "web")).toBe(true);
    const ts = records.filter((r) => r.type !== "objects").map((r) => r.t);
    expect(ts).toEqual([...ts].sort((x, y) => x - y));
  });

  it("validates everything first: one line on stderr, exit 1, nothing run", () => {
    const cases: [string[], string][] = [
      [["--foo"], "error: unknown flag: --foo\n"],
      [["--topology", "masters=0"], 'error: invalid topology "masters=0": masters must be between 1 and 7\n'],
      [["--do", "0 kubectl get pods", "--do", "5s kubectl get pods --foo"], "--do 2: error: unknown flag: --foo\n"],
      [["--script", "s.txt"], "s.txt:2: error: unknown shorthand flag: 'x' in -x\n"],
      [["--script", "nope.txt"], "error: open nope.txt: no such file or directory\n"],
      [["--do", "10s stop node worker-9"], '--do 1: error: node "worker-9" not found; the machines are control-plane-1, worker-1, worker-2, worker-3, load-balancer, kubectl, image-registry\n'],
      [["--do", "10s stop kube-apiserver@worker-1"], "--do 1: error: worker-1 does not run kube-apiserver\n"],
    ];
    for (const [argv, err] of cases) {
      expect(run(argv, { "s.txt": "0 kubectl get pods\n1m kubectl get pods -x\n" })).toEqual({ code: 1, out: "", err });
    }
  });

  it("prints --help", () => {
    const r = run(["--help"]);
    expect(r.code).toBe(0);
    expect(r.out).toContain("Usage:\n  npm run sim -- [options]");
  });
});

describe("timeline formatting", () => {
  const ev = (o: Partial<KEvent>): KEvent =>
    ({
      involvedObject: { kind: "Pod", namespace: "default", name: "web-1" },
      reason: "Pulling",
      message: 'Pulling image "nginx"',
      source: { component: "kubelet", host: "worker-2" },
      reportingComponent: "kubelet",
      reportingInstance: "worker-2",
      count: 1,
      type: "Normal",
      ...o,
    }) as KEvent;

  it("right-aligns sim seconds with milliseconds", () => {
    expect(seconds(12_345)).toBe("  12.345s");
    expect(seconds(0)).toBe("   0.000s");
    expect(seconds(3_600_000)).toBe("3600.000s");
  });

  it("names the component behind an event", () => {
    expect(eventComponent(ev({}))).toBe("kubelet@worker-2");
    expect(eventComponent(ev({ source: { component: "" }, reportingComponent: "default-scheduler", reportingInstance: "default-scheduler-control-plane-1" }))).toBe(
      "kube-scheduler@control-plane-1",
    );
    expect(eventComponent(ev({ source: { component: "deployment-controller" }, reportingComponent: "deployment-controller", reportingInstance: "" }))).toBe(
      "deployment-controller",
    );
  });

  it("writes Reason: message, with the object when the message does not name it, the count and Warning", () => {
    expect(eventText(ev({}))).toBe('Pulling: Pulling image "nginx" [pod/web-1]');
    expect(eventText(ev({ reason: "Scheduled", message: "Successfully assigned default/web-1 to worker-2" }))).toBe(
      "Scheduled: Successfully assigned default/web-1 to worker-2",
    );
    expect(eventText(ev({ type: "Warning", reason: "BackOff", message: "Back-off restarting failed container nginx in pod web-1_default(u)", count: 3 }))).toBe(
      "Warning BackOff: Back-off restarting failed container nginx in pod web-1_default(u) (x3)",
    );
  });
});
