import { describe, expect, it } from "vitest";
import { Rng } from "./engine/prng";
import { naturalCompare } from "./naturalCompare";

const sign = (n: number) => (n > 0 ? 1 : n < 0 ? -1 : 0);

describe("naturalCompare", () => {
  it("puts numbers in name order: worker-2 before worker-10", () => {
    expect(["worker-10", "worker-2", "worker-1", "control-plane-3", "control-plane-1"].sort(naturalCompare)).toEqual([
      "control-plane-1",
      "control-plane-3",
      "worker-1",
      "worker-2",
      "worker-10",
    ]);
    expect(["web-7d9c-x10", "web-7d9c-x9", "web-7d9c-x09a"].sort(naturalCompare)).toEqual(["web-7d9c-x9", "web-7d9c-x09a", "web-7d9c-x10"]);
  });

  it("orders Kubernetes names as Intl.Collator('en', { numeric: true }) does", () => {
    // Names of lowercase letters, digits, '-' and '.', as DNS-1123 names are (and 'kubectl' words).
    const collator = new Intl.Collator("en", { numeric: true });
    const rng = new Rng(11);
    const chars = "abcz019-.";
    const names = Array.from({ length: 400 }, () => {
      let s = "";
      const n = 1 + rng.int(7);
      for (let i = 0; i < n; i++) s += chars[rng.int(chars.length)];
      return s;
    });
    let compared = 0;
    for (let i = 0; i < names.length; i++) {
      for (let j = i + 1; j < names.length && j < i + 40; j++) {
        const [a, b] = [names[i], names[j]];
        // Leading zeros are the one place the collator's tie-break is its own (it then compares them
        // at a lower level); both still give a fixed order.
        if (/(^|\D)0\d/.test(a) || /(^|\D)0\d/.test(b)) continue;
        if (a === b) continue;
        expect([a, b, sign(naturalCompare(a, b))]).toEqual([a, b, sign(collator.compare(a, b))]);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(5000);
  });

  it("is a total order: antisymmetric, zero only for equal strings", () => {
    const words = ["a", "A", "a1", "a01", "a-1", "a.1", "b", "B2", "b10", "", "-", "10", "9", "é"];
    for (const a of words) {
      for (const b of words) {
        expect(sign(naturalCompare(a, b))).toBe(0 - sign(naturalCompare(b, a)));
        expect(naturalCompare(a, b) === 0).toBe(a === b);
      }
    }
    // Case-blind first, as people read: "b" sits between "a" and "C"; then lowercase first, as the collator.
    expect(["C", "b", "a"].sort(naturalCompare)).toEqual(["a", "b", "C"]);
    expect(["Web-1", "web-1"].sort(naturalCompare)).toEqual(["web-1", "Web-1"]);
    expect(sign(naturalCompare("web-1", "Web-1"))).toBe(sign(new Intl.Collator("en", { numeric: true }).compare("web-1", "Web-1")));
  });

  it("is transitive, so sorting is well defined", () => {
    const rng = new Rng(5);
    const chars = "aAbB09-._é";
    const words = Array.from({ length: 120 }, () => Array.from({ length: 1 + rng.int(5) }, () => chars[rng.int(chars.length)]).join(""));
    for (const a of words) {
      for (const b of words) {
        if (naturalCompare(a, b) > 0) continue;
        for (const c of words) if (naturalCompare(b, c) <= 0) expect([a, b, c, naturalCompare(a, c) <= 0]).toEqual([a, b, c, true]);
      }
    }
  });
});
