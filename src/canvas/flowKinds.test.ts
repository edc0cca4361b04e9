import { describe, expect, it } from "vitest";
import { ALL_FLOW_KINDS, LEGEND, flowGroup, legendFor } from "./flowKinds";

describe("legend grouping", () => {
  it("gives every engine flow kind exactly one group", () => {
    for (const kind of ALL_FLOW_KINDS) expect(LEGEND.filter((e) => e.kinds.includes(kind))).toHaveLength(1);
  });

  it("groups kinds as the legend says", () => {
    expect(["create", "update", "patch", "delete"].map(flowGroup)).toEqual(["write", "write", "write", "write"]);
    expect(["get", "list", "watch"].map(flowGroup)).toEqual(["read", "read", "read"]);
    expect(["etcd txn", "etcd range", "etcd watch"].every((k) => flowGroup(k) === "etcd")).toBe(true);
    expect(["AppendEntries", "AppendEntries response", "proposal", "snapshot"].every((k) => flowGroup(k) === "raft append")).toBe(true);
    expect(["RequestVote", "RequestVote response", "PreVote", "PreVote response"].every((k) => flowGroup(k) === "raft vote")).toBe(true);
    expect(["heartbeat", "heartbeat response"].every((k) => flowGroup(k) === "raft heartbeat")).toBe(true);
    expect(flowGroup("watch event")).toBe("watch event");
    expect(flowGroup("health check")).toBe("ping");
    expect(flowGroup("something new")).toBe("response");
  });

  it("draws each group with its own shape and its own colour", () => {
    expect(new Set(LEGEND.map((e) => e.shape)).size).toBe(LEGEND.length);
    expect(new Set(LEGEND.map((e) => e.color)).size).toBe(LEGEND.length);
    expect(legendFor("bind").label).toMatch(/bind/);
  });
});
