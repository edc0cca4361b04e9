import { describe, expect, it } from "vitest";
import { parseScript, parseTimedAction } from "./script";

describe("parseScript", () => {
  it("reads one timed action a line, skipping comments and blank lines", () => {
    const r = parseScript(
      [
        "# kill a worker and watch the pods move",
        "",
        "0 kubectl create deployment web --image=nginx --replicas=3",
        "   30s   stop node worker-2   ",
        "1m30s kubectl scale deployment web --replicas=5   # more",
        "\t# indented comment",
        "90 start node worker-2",
      ].join("\n"),
      "demo.txt",
    );
    expect(r).toEqual({
      actions: [
        {
          at: 0,
          lineNo: 3,
          action: {
            type: "create-deployment",
            line: "kubectl create deployment web --image=nginx --replicas=3",
            namespace: "default",
            name: "web",
            image: "nginx",
            replicas: 3,
          },
        },
        { at: 30_000, lineNo: 4, action: { type: "stop-node", line: "stop node worker-2", node: "worker-2" } },
        {
          at: 90_000,
          lineNo: 5,
          action: {
            type: "scale",
            line: "kubectl scale deployment web --replicas=5",
            namespace: "default",
            resource: "deployments",
            name: "web",
            replicas: 5,
          },
        },
        { at: 90_000, lineNo: 7, action: { type: "start-node", line: "start node worker-2", node: "worker-2" } },
      ],
    });
  });

  it("reads times as parseDuration does: a bare number is seconds, units combine, fractions round to ms", () => {
    const at = (t: string) => {
      const r = parseTimedAction(`${t} stop node worker-1`);
      return "error" in r ? r.error : r.at;
    };
    expect(at("0")).toBe(0);
    expect(at("45")).toBe(45_000);
    expect(at("1.5")).toBe(1_500);
    expect(at("250ms")).toBe(250);
    expect(at("2m")).toBe(120_000);
    expect(at("1h2m3s")).toBe(3_723_000);
    expect(at("1.5s")).toBe(1_500);
  });

  it("orders actions by time and keeps the file order for equal times", () => {
    const r = parseScript("2m stop node worker-1\n1m stop node worker-2\n1m stop node worker-3\n");
    expect("actions" in r && r.actions.map((a) => [a.at, a.lineNo])).toEqual([
      [60_000, 2],
      [60_000, 3],
      [120_000, 1],
    ]);
  });

  it("accepts Windows line endings", () => {
    const r = parseScript("0 stop node worker-1\r\n# c\r\n10s start node worker-1\r\n");
    expect("actions" in r && r.actions.map((a) => a.action.line)).toEqual(["stop node worker-1", "start node worker-1"]);
  });

  it("names the source and line of the first bad line, kubectl style, and applies nothing", () => {
    const text = "0 kubectl create deployment web --image=nginx\n# fine\n30s kubectl get pods --foo\n1m kubectl get nodes -x\n";
    expect(parseScript(text, "script.txt")).toEqual({ error: "script.txt:3: error: unknown flag: --foo" });
    expect(parseScript("soon stop node worker-1", "s.txt")).toEqual({
      error: 's.txt:1: error: invalid time "soon": expected a duration such as 0, 45s, 1m30s or 2h before the action',
    });
    expect(parseScript("\n\n-5s stop node worker-1", "s.txt")).toEqual({
      error: 's.txt:3: error: invalid time "-5s": expected a duration such as 0, 45s, 1m30s or 2h before the action',
    });
    expect(parseScript("10s", "s.txt")).toEqual({ error: 's.txt:1: error: missing action after time "10s"' });
    expect(parseScript("1m kubectl scale deployment web", "s.txt")).toEqual({ error: 's.txt:1: error: required flag(s) "replicas" not set' });
    expect(parseScript("1m reboot worker-1")).toEqual({
      error:
        'script:1: error: unknown action "reboot": expected "kubectl create deployment|expose|scale|delete|cordon|uncordon|get ...", "stop node NAME", "start node NAME", "stop COMPONENT@NODE", "start COMPONENT@NODE", "partition NODE" or "heal NODE"',
    });
  });

  it("gives an empty script no actions", () => {
    expect(parseScript("# nothing\n\n")).toEqual({ actions: [] });
  });
});

describe("parseTimedAction (--do)", () => {
  it("parses one line with line number 0", () => {
    expect(parseTimedAction("30s stop kubelet@worker-2")).toEqual({
      at: 30_000,
      lineNo: 0,
      action: { type: "stop-component", line: "stop kubelet@worker-2", component: "kubelet", node: "worker-2" },
    });
  });

  it("reports a bad line without a location (the caller names it)", () => {
    expect(parseTimedAction("30s kubectl get pods --foo")).toEqual({ error: "error: unknown flag: --foo" });
    expect(parseTimedAction("   ")).toEqual({ error: 'error: empty line: expected "<time> <action>", e.g. "30s stop node worker-2"' });
  });
});
