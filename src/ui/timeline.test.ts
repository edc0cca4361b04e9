import { describe, expect, it } from "vitest";
import { scrubTarget } from "./keyboard";
import { PENDING_SEEK_MAX_WALL_MS, afterClock, seekLanded, stepBase, type PendingSeek } from "./timeline";

/** Presses a timeline key the way the Timeline does: step from the pending target, remember the new one. */
function press(pending: PendingSeek | null, key: string, shift: boolean, clock: number, wall: number, horizon = 120_000) {
  const target = scrubTarget(key, shift, stepBase(pending, clock, wall), horizon);
  if (target === null) return { pending, target };
  return { pending: { target, from: clock, wall }, target };
}

describe("the timeline's pending seek", () => {
  it("adds up quick Shift+← presses: three from 60 s land on 30 s", () => {
    let p: PendingSeek | null = null;
    const targets: number[] = [];
    // The clock stays at 60 s: no seek's snapshot has come back yet.
    for (let i = 0; i < 3; i++) {
      const r = press(p, "ArrowLeft", true, 60_000, 1000 + i * 30);
      p = r.pending;
      targets.push(r.target!);
    }
    expect(targets).toEqual([50_000, 40_000, 30_000]);
    // The first seek lands (50 s): the last one is still pending, and the next key steps from it.
    p = afterClock(p, 50_000);
    expect(p?.target).toBe(30_000);
    expect(press(p, "ArrowLeft", false, 50_000, 1100).target).toBe(29_000);
    // The last one lands: done, the next key steps from the clock.
    p = afterClock(p, 30_000);
    expect(p).toBeNull();
    expect(press(p, "ArrowLeft", false, 30_000, 1200).target).toBe(29_000);
  });

  it("steps from the clock with no pending seek", () => {
    expect(stepBase(null, 42_000, 5000)).toBe(42_000);
  });

  it("forgets a pending seek that never landed after a while", () => {
    const p: PendingSeek = { target: 10_000, from: 20_000, wall: 1000 };
    expect(stepBase(p, 20_000, 1000 + PENDING_SEEK_MAX_WALL_MS)).toBe(10_000);
    expect(stepBase(p, 20_000, 1001 + PENDING_SEEK_MAX_WALL_MS)).toBe(20_000);
  });

  it("a seek back lands only on its target, not while playing on from an earlier one", () => {
    const p: PendingSeek = { target: 30_000, from: 60_000, wall: 0 };
    expect(seekLanded(p, 60_100)).toBe(false); // frames still playing before the seek
    expect(seekLanded(p, 50_000)).toBe(false); // an earlier key's target
    expect(seekLanded(p, 50_250)).toBe(false); // playing on from there
    expect(seekLanded(p, 30_000)).toBe(true);
  });

  it("a seek forward lands on its target or once the clock has played past it", () => {
    const p: PendingSeek = { target: 70_000, from: 60_000, wall: 0 };
    expect(seekLanded(p, 65_000)).toBe(false);
    expect(seekLanded(p, 70_000)).toBe(true);
    expect(seekLanded(p, 70_300)).toBe(true);
  });

  it("← then → before either lands: back where it was once the second lands, not on the first", () => {
    let p: PendingSeek | null = null;
    p = press(p, "ArrowLeft", false, 60_000, 0).pending;
    const r = press(p, "ArrowRight", false, 60_000, 10);
    expect(r.target).toBe(60_000);
    p = afterClock(r.pending, 59_000);
    expect(p).not.toBeNull();
    p = afterClock(p, 60_000);
    expect(p).toBeNull();
  });

  it("clamps to the start and the furthest time reached as before", () => {
    let p: PendingSeek | null = null;
    p = press(p, "ArrowLeft", true, 15_000, 0).pending;
    expect(press(p, "ArrowLeft", true, 15_000, 10).target).toBe(0);
    p = press(null, "ArrowRight", true, 95_000, 0, 100_000).pending;
    expect(press(p, "ArrowRight", true, 95_000, 10, 100_000).target).toBe(100_000);
  });
});
