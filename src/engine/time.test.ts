import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { formatDuration, humanDuration, parseDuration, parseTimestamp, rfc3339, rfc3339Micro } from "./time";

describe("durations", () => {
  it("parses Go-style durations and bare seconds", () => {
    expect(parseDuration("500ms")).toBe(500);
    expect(parseDuration("10s")).toBe(10000);
    expect(parseDuration("5m")).toBe(300000);
    expect(parseDuration("1h30m")).toBe(5400000);
    expect(parseDuration("1m30s")).toBe(90000);
    expect(parseDuration("90")).toBe(90000);
    expect(parseDuration("1.5s")).toBe(1500);
  });

  it("rejects malformed durations", () => {
    for (const bad of ["", "abc", "10x", "-5s", "5 m", "m5"]) expect(parseDuration(bad)).toBeUndefined();
  });

  it("formats kubectl AGE like apimachinery HumanDuration", () => {
    expect(humanDuration(45_000)).toBe("45s");
    expect(humanDuration(119_000)).toBe("119s");
    expect(humanDuration(200_000)).toBe("3m20s");
    expect(humanDuration(600_000)).toBe("10m");
    expect(humanDuration(3 * 3600_000 + 5 * 60_000)).toBe("3h5m");
    expect(humanDuration(50 * 3600_000)).toBe("2d2h");
  });

  it("formats sim durations for the timeline", () => {
    expect(formatDuration(850)).toBe("850ms");
    expect(formatDuration(12_000)).toBe("12s");
    expect(formatDuration(65_000)).toBe("1m5s");
  });
});

describe("timestamps", () => {
  it("starts at the v1.32 release day and formats RFC 3339", () => {
    expect(rfc3339(0)).toBe("2024-12-11T00:00:00Z");
    expect(rfc3339(61_500)).toBe("2024-12-11T00:01:01Z");
    expect(rfc3339Micro(1_234)).toBe("2024-12-11T00:00:01.234000Z");
    expect(rfc3339(86_400_000 * 21)).toBe("2025-01-01T00:00:00Z");
  });

  it("round-trips through parseTimestamp at second precision", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 * 365 * 86_400 }), (s) => {
        expect(parseTimestamp(rfc3339(s * 1000))).toBe(s * 1000);
      }),
    );
  });
});
