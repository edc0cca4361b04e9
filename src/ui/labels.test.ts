import { describe, expect, it } from "vitest";
import { formatSimClock } from "./labels";

describe("formatSimClock", () => {
  it("formats sim ms as h:mm:ss.mmm", () => {
    expect(formatSimClock(0)).toBe("0:00:00.000");
    expect(formatSimClock(65_250)).toBe("0:01:05.250");
    expect(formatSimClock(3 * 3_600_000 + 7)).toBe("3:00:00.007");
  });
});
