import { describe, expect, it } from "vitest";
import { forkText, formatSimClock } from "./labels";

describe("formatSimClock", () => {
  it("formats sim ms as h:mm:ss.mmm", () => {
    expect(formatSimClock(0)).toBe("0:00:00.000");
    expect(formatSimClock(65_250)).toBe("0:01:05.250");
    expect(formatSimClock(3 * 3_600_000 + 7)).toBe("3:00:00.007");
  });
});

describe("forkText", () => {
  it("says where the timeline forked and which later actions were dropped, naming at most three", () => {
    expect(forkText({ at: 30_000, dropped: [{ at: 90_000, line: "stop node worker-2" }] })).toBe(
      "The timeline forked at 0:00:30.000: 1 later action was dropped: stop node worker-2 (at 0:01:30.000).",
    );
    const five = [1, 2, 3, 4, 5].map((i) => ({ at: 40_000 + i * 1000, line: `kubectl scale deployment web --replicas=${i}` }));
    expect(forkText({ at: 40_000, dropped: five })).toBe(
      "The timeline forked at 0:00:40.000: 5 later actions were dropped: kubectl scale deployment web --replicas=1 (at 0:00:41.000), kubectl scale deployment web --replicas=2 (at 0:00:42.000), kubectl scale deployment web --replicas=3 (at 0:00:43.000) and 2 more.",
    );
  });
});
