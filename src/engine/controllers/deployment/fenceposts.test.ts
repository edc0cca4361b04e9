import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { maxSurge, maxUnavailable, resolveFenceposts, valueFromIntOrPercent } from "./fenceposts";
import { deployment } from "../fixtures";

describe("ResolveFenceposts (25% / 25% defaults)", () => {
  it.each([
    [3, 1, 0],
    [1, 1, 0],
    [10, 3, 2],
    [4, 1, 1],
    [5, 2, 1],
    [0, 0, 1],
  ])("%i replicas → surge %i, unavailable %i", (replicas, surge, unavailable) => {
    expect(resolveFenceposts("25%", "25%", replicas)).toEqual({ surge, unavailable });
  });

  it("rounds maxSurge up and maxUnavailable down", () => {
    expect(valueFromIntOrPercent("25%", 10, true)).toBe(3);
    expect(valueFromIntOrPercent("25%", 10, false)).toBe(2);
    expect(valueFromIntOrPercent(2, 10, true)).toBe(2);
    expect(valueFromIntOrPercent("x", 10, true)).toBeUndefined();
  });

  it("turns 0/0 into unavailable 1 (surge might not work because of quota)", () => {
    expect(resolveFenceposts(0, 0, 5)).toEqual({ surge: 0, unavailable: 1 });
    expect(resolveFenceposts("0%", "1%", 2)).toEqual({ surge: 0, unavailable: 1 });
  });

  it("never lets both be zero (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 1000 }), (s, u, n) => {
        const r = resolveFenceposts(`${s}%`, `${u}%`, n);
        return r.surge + r.unavailable > 0 && r.surge === Math.ceil((s * n) / 100);
      }),
    );
  });

  it("reads the deployment's strategy; Recreate has neither", () => {
    expect([maxSurge(deployment("web", 3)), maxUnavailable(deployment("web", 3))]).toEqual([1, 0]);
    const recreate = deployment("web", 3, { strategy: { type: "Recreate" } });
    expect([maxSurge(recreate), maxUnavailable(recreate)]).toEqual([0, 0]);
  });
});
