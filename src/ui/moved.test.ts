import { describe, expect, it } from "vitest";
import type { ObjectRecord } from "../bridge/protocol";
import { summarize, whatMoved } from "./moved";

const pod = (name: string, nodeName?: string): ObjectRecord => ({
  rtype: "object",
  id: `pods/default/${name}`,
  resource: "pods",
  object: { apiVersion: "v1", kind: "Pod", metadata: { name, namespace: "default" }, spec: { containers: [], ...(nodeName && { nodeName }) }, status: {} } as never,
});
const node = (name: string, ready: boolean): ObjectRecord => ({
  rtype: "object",
  id: `nodes/${name}`,
  resource: "nodes",
  object: { apiVersion: "v1", kind: "Node", metadata: { name }, spec: {}, status: { conditions: [{ type: "Ready", status: ready ? "True" : "Unknown" }] } } as never,
});

describe("what moved, in words", () => {
  it("names pods created, placed and deleted, and nodes turning NotReady", () => {
    const a = pod("web-a");
    const prev = { [a.id]: a, "nodes/worker-1": node("worker-1", true), "pods/default/old": pod("old", "worker-1") };
    const next = { [a.id]: pod("web-a", "worker-2"), "nodes/worker-1": node("worker-1", false), "pods/default/web-b": pod("web-b") };
    expect(whatMoved(prev, next)).toEqual([
      "pod web-a placed on worker-2",
      "worker-1 is NotReady",
      "pod web-b created, waiting to be scheduled",
      "pod old deleted",
    ]);
    expect(whatMoved(next, next)).toEqual([]);
  });

  it("keeps an announcement short", () => {
    expect(summarize([])).toBe("");
    expect(summarize(["a", "b"])).toBe("a; b.");
    expect(summarize(["a", "b", "c", "d", "e", "f"])).toBe("a; b; c; d; and 2 more changes.");
  });
});
