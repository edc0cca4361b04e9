import { describe, expect, it } from "vitest";
import { Rng } from "../prng";
import { allocateClusterIP } from "./clusterip";

describe("ClusterIP allocation", () => {
  it("picks free addresses in the upper band of 10.96.0.0/12, deterministically for a seed", () => {
    const used = new Set(["10.96.0.1"]);
    const a = allocateClusterIP(new Rng(7), used)!;
    expect(a).toBe(allocateClusterIP(new Rng(7), used));
    const [o1, o2, o3, o4] = a.split(".").map(Number);
    expect(o1).toBe(10);
    expect(o2).toBeGreaterThanOrEqual(96);
    expect(o2).toBeLessThanOrEqual(111);
    // Above the static band (the first 256 addresses).
    expect(((o2 - 96) << 16) + (o3 << 8) + o4).toBeGreaterThan(256);
    const rng = new Rng(1);
    const seen = new Set<string>(used);
    for (let i = 0; i < 50; i++) {
      const ip = allocateClusterIP(rng, seen)!;
      expect(seen.has(ip)).toBe(false);
      seen.add(ip);
    }
  });
});
