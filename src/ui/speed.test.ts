import { describe, expect, it } from "vitest";
import { MAX_SPEED, MIN_SPEED, SPEED_STOPS, formatSpeed, fractionToSpeed, nudgeSpeed, speedToFraction, speedToStop, stopToSpeed } from "./speed";

describe("speed log scale", () => {
  it("maps 0.1× to 0, 1× to a third, 10× to two thirds and 100× to 1", () => {
    expect(speedToFraction(0.1)).toBeCloseTo(0);
    expect(speedToFraction(1)).toBeCloseTo(1 / 3);
    expect(speedToFraction(10)).toBeCloseTo(2 / 3);
    expect(speedToFraction(100)).toBeCloseTo(1);
  });

  it("clamps out-of-range speeds and fractions", () => {
    expect(speedToFraction(0.01)).toBe(0);
    expect(speedToFraction(1000)).toBe(1);
    expect(fractionToSpeed(-1)).toBeCloseTo(MIN_SPEED);
    expect(fractionToSpeed(2)).toBeCloseTo(MAX_SPEED);
  });

  it("round-trips between speed and fraction", () => {
    for (const s of [0.1, 0.25, 1, 4, 37, 100]) expect(fractionToSpeed(speedToFraction(s))).toBeCloseTo(s, 10);
  });

  it("has nice stops from 0.1× to 100× that include 1×, 2×, 4× and 10×", () => {
    expect(SPEED_STOPS[0]).toBe(0.1);
    expect(SPEED_STOPS[SPEED_STOPS.length - 1]).toBe(100);
    for (const s of [0.5, 1, 2, 4, 10, 50]) expect(SPEED_STOPS).toContain(s);
    for (let i = 1; i < SPEED_STOPS.length; i++) expect(SPEED_STOPS[i]).toBeGreaterThan(SPEED_STOPS[i - 1]);
  });

  it("spaces the stops nearly evenly on the log axis (no step more than ×1.5)", () => {
    for (let i = 1; i < SPEED_STOPS.length; i++) expect(SPEED_STOPS[i] / SPEED_STOPS[i - 1]).toBeLessThanOrEqual(1.5 + 1e-9);
  });

  it("finds the nearest stop and nudges one stop at a time, clamped at the ends", () => {
    expect(stopToSpeed(speedToStop(4))).toBe(4);
    expect(stopToSpeed(speedToStop(3.9))).toBe(4);
    expect(stopToSpeed(speedToStop(6.2))).toBe(7);
    expect(nudgeSpeed(1, 1)).toBe(1.5);
    expect(nudgeSpeed(1, -1)).toBe(0.7);
    expect(nudgeSpeed(100, 1)).toBe(100);
    expect(nudgeSpeed(0.1, -1)).toBe(0.1);
    expect(stopToSpeed(-3)).toBe(0.1);
    expect(stopToSpeed(999)).toBe(100);
  });

  it("reads out as 4×, 0.15×, 100×", () => {
    expect(formatSpeed(4)).toBe("4×");
    expect(formatSpeed(0.15)).toBe("0.15×");
    expect(formatSpeed(100)).toBe("100×");
    expect(formatSpeed(1.5)).toBe("1.5×");
  });
});
