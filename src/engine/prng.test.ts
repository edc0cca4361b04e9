import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { ALPHANUMS, Rng, fnv32a, safeEncodeString } from "./prng";

describe("Rng", () => {
  it("gives the same sequence for the same seed and a different one for another seed", () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const c = new Rng(43);
    const sa = Array.from({ length: 20 }, () => a.uint32());
    expect(Array.from({ length: 20 }, () => b.uint32())).toEqual(sa);
    expect(Array.from({ length: 20 }, () => c.uint32())).not.toEqual(sa);
  });

  it("keeps int and between inside their ranges", () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 1, max: 1000 }), (seed, n) => {
        const r = new Rng(seed);
        for (let i = 0; i < 50; i++) {
          const v = r.int(n);
          if (v < 0 || v >= n || !Number.isInteger(v)) return false;
          const w = r.between(5, 5 + n);
          if (w < 5 || w > 5 + n) return false;
        }
        return true;
      }),
    );
  });

  it("makes name suffixes from the apimachinery alphabet and v4 UUIDs", () => {
    const r = new Rng(7);
    const s = r.string(5);
    expect(s).toHaveLength(5);
    for (const ch of s) expect(ALPHANUMS).toContain(ch);
    expect(r.uuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it("jitters like wait.Jitter: within [d, d + factor*d)", () => {
    const r = new Rng(3);
    for (let i = 0; i < 200; i++) {
      const v = r.jitter(2000, 1.2);
      expect(v).toBeGreaterThanOrEqual(2000);
      expect(v).toBeLessThan(4400);
    }
  });
});

describe("hash helpers", () => {
  it("fnv32a matches the published FNV-1a test vectors", () => {
    expect(fnv32a("")).toBe(0x811c9dc5);
    expect(fnv32a("a")).toBe(0xe40c292c);
    expect(fnv32a("foobar")).toBe(0xbf9cf968);
  });

  it("safeEncodeString maps digits onto the name-safe alphabet", () => {
    // '0' is byte 48; 48 % 27 = 21 → ALPHANUMS[21] = '4'.
    expect(safeEncodeString("0")).toBe(ALPHANUMS[48 % 27]);
    expect(safeEncodeString("1234567890")).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{10}$/);
  });
});
