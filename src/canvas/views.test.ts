import { describe, expect, it } from "vitest";
import type { ObjectRecord } from "../bridge/protocol";
import { RecordTracker } from "../bridge/records";
import { Cluster } from "../engine/cluster";
import type { Node } from "../engine/api/types";
import type { Action } from "../engine/kubectl/action";
import { parseAction } from "../engine/kubectl/parse";
import { taintParts, taintView, taintWords, taintsInFull } from "./views";

describe("a node's taints in words", () => {
  it("follows the node lifecycle controller: the control-plane taint, unreachable when a node stops, unschedulable when cordoned", () => {
    const c = new Cluster({ seed: 4 });
    const tracker = new RecordTracker(c);
    const run = (line: string) => c.execute(parseAction(line) as Action, () => {});
    const view = (node: string) => {
      const rec = tracker.snapshot().find((r): r is ObjectRecord => r.rtype === "object" && r.id === `nodes/${node}`);
      return taintParts(taintView(rec));
    };
    c.runUntil(30_000);
    expect(view("control-plane-1")).toEqual({ level: "noschedule", count: 1, text: "control-plane: NoSchedule", full: "node-role.kubernetes.io/control-plane:NoSchedule" });
    expect(view("worker-1")).toEqual({ level: "none", count: 0, text: "", full: "" });
    run("stop node worker-2");
    run("kubectl cordon worker-1");
    c.runUntil(120_000);
    // The strongest effect first, in the short words and whole (the node lists NoSchedule first).
    expect(view("worker-2")).toEqual({
      level: "noexecute",
      count: 2,
      text: "unreachable: NoExecute, NoSchedule",
      full: "node.kubernetes.io/unreachable:NoExecute, node.kubernetes.io/unreachable:NoSchedule",
    });
    expect(view("worker-1")).toEqual({ level: "noschedule", count: 1, text: "unschedulable: NoSchedule", full: "node.kubernetes.io/unschedulable:NoSchedule" });
    expect(view("worker-3")).toEqual({ level: "none", count: 0, text: "", full: "" });
  });

  it("keeps a taint's value and any other key whole, each key's effects once in the short words, the strongest key first", () => {
    const node = {
      spec: {
        taints: [
          { key: "example.com/flaky", effect: "PreferNoSchedule" },
          { key: "dedicated", value: "gpu", effect: "NoSchedule" },
          { key: "dedicated", value: "gpu", effect: "NoSchedule" },
        ],
      },
    } as unknown as Node;
    expect(taintWords(node)).toBe("dedicated=gpu: NoSchedule; example.com/flaky: PreferNoSchedule");
    expect(taintsInFull(node)).toBe("dedicated=gpu:NoSchedule, dedicated=gpu:NoSchedule, example.com/flaky:PreferNoSchedule");
    expect(taintWords(undefined)).toBe("");
    expect(taintParts(taintView({ rtype: "object", id: "nodes/x", resource: "nodes", object: node }))).toMatchObject({ level: "noschedule", count: 3 });
  });
});
