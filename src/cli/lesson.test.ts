import { describe, expect, it } from "vitest";
import { runSim } from "./run";
import { wrap } from "./lesson";

function run(argv: string[]) {
  let out = "";
  let err = "";
  const code = runSim(argv, { out: (t) => (out += t), err: (t) => (err += t), readFile: () => ({ error: "no files" }) });
  return { code, out, err };
}

describe("npm run sim -- --lesson", () => {
  it("lists the lessons", () => {
    const r = run(["--lesson", "list"]);
    expect(r.code).toBe(0);
    expect(r.out.split("\n").filter(Boolean)).toHaveLength(8);
    expect(r.out).toMatch(/^pod-journey +The journey of a pod \(6 steps\): /);
    expect(r.out).toContain("worker-dies");
  });

  it("answers an unknown lesson, or a lesson with its own options, with one line and exit 1", () => {
    const r = run(["--lesson", "nope"]);
    expect(r.code).toBe(1);
    expect(r.out).toBe("");
    expect(r.err).toBe('error: no lesson named "nope"; the lessons are pod-journey, desired-state, scheduler, worker-dies, master-dies, high-availability, etcd-quorum, services (see --lesson list)\n');
    const s = run(["--lesson", "worker-dies", "--seed", "3"]);
    expect(s.code).toBe(1);
    expect(s.err).toBe("error: --lesson brings its own seed, topology and actions; it cannot be combined with --seed\n");
  });

  it("prints each step's narration, then the timeline, then when its condition held; byte-identical every run", { timeout: 60_000 }, () => {
    const a = run(["--lesson", "scheduler"]);
    expect(a.code).toBe(0);
    expect(a.err).toBe("");
    expect(a.out).toMatch(/^== Lesson: How the scheduler decides \(scheduler\), seed 1, masters=1,workers=3, 6 steps\n/);
    expect(a.out).toMatch(/-- Step 2 of 6 at [\d.]+s: Cordon a node\n {3}kubectl cordon worker-1 marks the node unschedulable/);
    expect(a.out).toMatch(/kubectl +\$ kubectl cordon worker-1\n/);
    expect(a.out).toMatch(/Warning FailedScheduling: 0\/4 nodes are available: 1 node\(s\) had untolerated taint \{node-role.kubernetes.io\/control-plane: \}, 3 node\(s\) were unschedulable\./);
    expect(a.out).toMatch(/-- Step 6 done at [\d.]+s \(after [\dms.]+\): 6 pods of web Running and Ready\n/);
    expect(run(["--lesson", "scheduler"]).out).toBe(a.out);
    const j = run(["--lesson", "scheduler", "--json"]);
    const lines = j.out.trim().split("\n").map((l) => JSON.parse(l));
    expect(lines[0]).toMatchObject({ type: "lesson", id: "scheduler", steps: 6 });
    expect(lines.filter((l) => l.type === "stepEnd").map((l) => l.met)).toEqual([true, true, true, true, true, true]);
  });

  it("wraps narration", () => {
    expect(wrap("one two three four", 12, "  ")).toBe("  one two\n  three four");
  });
});
