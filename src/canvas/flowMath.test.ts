import { describe, expect, it } from "vitest";
import { flowProgress, inFlight } from "./flowMath";
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
