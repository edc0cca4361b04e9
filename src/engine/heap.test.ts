import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { EventHeap } from "./heap";

describe("EventHeap", () => {
  it("pops in (time, seq) order for any insertion order", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 50 }), { maxLength: 300 }), (times) => {
        const h = new EventHeap<{ time: number; seq: number }>();
        times.forEach((time, seq) => h.push({ time, seq }));
        const out: { time: number; seq: number }[] = [];
        while (h.size) out.push(h.pop()!);
        const expected = times.map((time, seq) => ({ time, seq })).sort((a, b) => a.time - b.time || a.seq - b.seq);
        expect(out).toEqual(expected);
      }),
    );
  });
});
