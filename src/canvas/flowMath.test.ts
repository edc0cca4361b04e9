import { describe, expect, it } from "vitest";
import { flowProgress, inFlight, TOKEN_BUDGET, tokenAllowance } from "./flowMath";
import { makePath, pointAlong } from "./geometry";

describe("flow position from sim time", () => {
  const flow = { sendTime: 1000, recvTime: 1004 };

  it("is (now − sendTime) / (recvTime − sendTime), clamped", () => {
    expect(flowProgress(flow, 999)).toBe(0);
    expect(flowProgress(flow, 1000)).toBe(0);
    expect(flowProgress(flow, 1001)).toBe(0.25);
    expect(flowProgress(flow, 1003.5)).toBe(0.875);
    expect(flowProgress(flow, 2000)).toBe(1);
    expect(flowProgress({ sendTime: 5, recvTime: 5 }, 5)).toBe(1);
  });

  it("is in flight between send and receive only", () => {
    expect([999, 1000, 1003.9, 1004].map((t) => inFlight(flow, t))).toEqual([false, true, true, false]);
  });

  it("maps progress to a point along the wire by length", () => {
    const path = makePath([
      { x: 0, y: 0 },
      { x: 0, y: 30 },
      { x: 40, y: 30 },
      { x: 40, y: 30 },
    ]);
    expect(path.length).toBe(70);
    expect(pointAlong(path, 0)).toEqual({ x: 0, y: 0 });
    expect(pointAlong(path, 15 / 70)).toEqual({ x: 0, y: 15 });
    expect(pointAlong(path, 50 / 70)).toEqual({ x: 20, y: 30 });
    expect(pointAlong(path, 1)).toEqual({ x: 40, y: 30 });
    const out = { x: 0, y: 0 };
    expect(pointAlong(path, 0.5, out)).toBe(out);
  });
});

describe("tokenAllowance", () => {
  it("keeps every token under the budget", () => {
    const counts = new Map([["write", 3], ["ping", 5]]);
    expect(tokenAllowance(counts, ["write", "ping"], 600)).toEqual(new Map([["write", 3], ["ping", 5]]));
  });

  it("over the budget, drops the background chatter and keeps the story of a request", () => {
    // 700 tokens on screen: 100 writes and binds, 600 pings and heartbeats.
    const counts = new Map([["ping", 400], ["write", 60], ["raft heartbeat", 200], ["bind", 40]]);
    const allowed = tokenAllowance(counts, ["write", "bind", "ping", "raft heartbeat"], TOKEN_BUDGET);
    expect(allowed.get("write")).toBe(60);
    expect(allowed.get("bind")).toBe(40);
    expect(allowed.get("ping")).toBe(400);
    expect(allowed.get("raft heartbeat")).toBe(100);
    expect([...allowed.values()].reduce((a, b) => a + b, 0)).toBe(TOKEN_BUDGET);
  });

  it("gives kinds the order does not name what is left, last", () => {
    const allowed = tokenAllowance(new Map([["unknown", 10], ["write", 595]]), ["write"], 600);
    expect(allowed.get("write")).toBe(595);
    expect(allowed.get("unknown")).toBe(5);
  });
});
