import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalJson, semanticEqual } from "./objects";

/** The same value built otherwise: keys in reverse order and fields set to undefined added, at every level. */
function twin(v: unknown): unknown {
  if (v === null || typeof v !== "object") return v;
  if (Array.isArray(v)) return v.map(twin);
  const o = v as Record<string, unknown>;
  const out: Record<string, unknown> = { zzExtraUndefined: undefined };
  for (const k of Object.keys(o).reverse()) Object.defineProperty(out, k, { value: twin(o[k]), enumerable: true, writable: true, configurable: true });
  return out;
}

describe("semanticEqual", () => {
  it("is exactly the equality of canonicalJson's texts, for any two values", () => {
    fc.assert(
      fc.property(fc.anything(), fc.anything(), (a, b) => {
        expect(semanticEqual(a, b)).toBe(canonicalJson(a) === canonicalJson(b));
      }),
      { numRuns: 2000 },
    );
  });

  it("holds for a value and its twin (key order, undefined fields), and not once one leaf differs", () => {
    fc.assert(
      fc.property(fc.anything(), fc.jsonValue(), (a, leaf) => {
        const b = twin(a);
        expect(semanticEqual(a, b)).toBe(true);
        expect(canonicalJson(a)).toBe(canonicalJson(b));
        // One more field: equal only if canonicalJson says so (an undefined-like leaf is absent).
        if (a !== null && typeof a === "object" && !Array.isArray(a)) {
          const c = { ...(a as object), addedField: leaf };
          expect(semanticEqual(a, c)).toBe(canonicalJson(a) === canonicalJson(c));
          expect(semanticEqual(c, a)).toBe(canonicalJson(a) === canonicalJson(c));
        }
      }),
      { numRuns: 1000 },
    );
  });

  it("treats what JSON cannot say as canonicalJson does", () => {
    const cases: [unknown, unknown, boolean][] = [
      [{ a: 1, b: undefined }, { a: 1 }, true],
      [[undefined], [null], true],
      [NaN, null, true],
      [0, -0, true],
      [{ a: [1, 2] }, { a: [2, 1] }, false],
      [[], {}, false],
      [{ a: {} }, { a: [] }, false],
      ["1", 1, false],
      [{ a: null }, {}, false],
    ];
    for (const [a, b, equal] of cases) {
      expect(canonicalJson(a) === canonicalJson(b), JSON.stringify([a, b])).toBe(equal);
      expect(semanticEqual(a, b), JSON.stringify([a, b])).toBe(equal);
      expect(semanticEqual(b, a), JSON.stringify([b, a])).toBe(equal);
    }
  });
});
