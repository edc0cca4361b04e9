import { describe, expect, it } from "vitest";
import { parallel, parallelizeUntil, series, type Step } from "./async";

describe("series / parallel / parallelizeUntil", () => {
  it("runs steps in order, stops at the first error, and survives thousands of synchronous steps", () => {
    const seen: number[] = [];
    let err: string | undefined = "unset";
    series(
      [0, 1, 2, 3].map((i): Step => (next) => (seen.push(i), next(i === 2 ? "boom" : undefined))),
      (e) => (err = e),
    );
    expect(seen).toEqual([0, 1, 2]);
    expect(err).toBe("boom");
    let n = 0;
    let finished = false;
    series(
      Array.from({ length: 100_000 }, (): Step => (next) => (n++, next())),
      () => (finished = true),
    );
    expect([n, finished]).toEqual([100_000, true]);
  });

  it("continues asynchronously completed steps", () => {
    const later: (() => void)[] = [];
    const order: string[] = [];
    series([(next) => later.push(() => (order.push("a"), next())), (next) => (order.push("b"), next())], () => order.push("done"));
    expect(order).toEqual([]);
    later.shift()!();
    expect(order).toEqual(["a", "b", "done"]);
  });

  it("collects every error of parallel steps", () => {
    let errs: string[] = [];
    parallel([(n) => n("x"), (n) => n(), (n) => n("y")], (e) => (errs = e));
    expect(errs).toEqual(["x", "y"]);
  });

  it("parallelizes over many items with a bounded number of workers", () => {
    let active = 0;
    let peak = 0;
    const pending: (() => void)[] = [];
    let done = false;
    parallelizeUntil(8, Array.from({ length: 50 }, (_, i) => i), (_i, next) => {
      active++;
      peak = Math.max(peak, active);
      pending.push(() => (active--, next()));
    }, () => (done = true));
    while (pending.length) pending.shift()!();
    expect([peak, done]).toEqual([8, true]);
    let count = 0;
    parallelizeUntil(8, Array.from({ length: 100_000 }, (_, i) => i), (_i, next) => (count++, next()), () => (done = true));
    expect(count).toBe(100_000);
  });
});
