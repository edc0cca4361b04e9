import { describe, expect, it } from "vitest";
import { RateLimitedTimedQueue } from "./ratelimitedqueue";

/** Drains the queue every 100ms for `until` ms; returns when each value was processed. */
function drain(q: RateLimitedTimedQueue, until: number): Map<string, number> {
  const done = new Map<string, number>();
  for (let t = 0; t <= until; t += 100) {
    q.try(
      () => t,
      (v, cb) => {
        done.set(v.value, t);
        cb(true, 0);
      },
      () => {},
    );
  }
  return done;
}

describe("RateLimitedTimedQueue (0.1 qps, burst 1)", () => {
  it("lets one node through at once and the next ones 10s apart", () => {
    const q = new RateLimitedTimedQueue(0.1, 0);
    for (const n of ["worker-1", "worker-2", "worker-3"]) q.add(n, n, 0);
    const done = drain(q, 30_000);
    expect([...done.values()]).toEqual([0, 10_000, 20_000]);
  });

  it("does not queue a node twice until it is removed", () => {
    const q = new RateLimitedTimedQueue(0.1, 0);
    expect(q.add("w", "u", 0)).toBe(true);
    drain(q, 0);
    expect(q.add("w", "u", 100)).toBe(false);
    q.remove("w");
    expect(q.add("w", "u", 200)).toBe(true);
  });

  it("never lets anything through at qps 0", () => {
    const q = new RateLimitedTimedQueue(0.1, 0);
    q.swapLimiter(0, 0);
    q.add("w", "u", 0);
    expect(drain(q, 60_000).size).toBe(0);
  });

  it("retries a value that failed after its wait", () => {
    const q = new RateLimitedTimedQueue(10, 0);
    q.add("w", "u", 0);
    let calls = 0;
    for (let t = 0; t <= 300; t += 100) q.try(() => t, (_v, cb) => cb(++calls > 1, 150), () => {});
    expect(calls).toBe(2);
  });
});
