import { describe, expect, it } from "vitest";
import { parseCpu, parseMemory, parseMilli, parseValue } from "./quantity";

// Cases after k8s.io/apimachinery/pkg/api/resource quantity_test.go (MilliValue/Value round up).
describe("quantity", () => {
  it("parses CPU as millicores", () => {
    expect(parseCpu("100m")).toBe(100);
    expect(parseCpu("2")).toBe(2000);
    expect(parseCpu("0.5")).toBe(500);
    expect(parseCpu(".25")).toBe(250);
    expect(parseCpu("1.5m")).toBe(2); // rounded up
    expect(parseCpu("0")).toBe(0);
    expect(parseCpu("1e3")).toBe(1_000_000);
    expect(parseCpu(undefined)).toBe(0);
  });

  it("parses memory in bytes with binary and decimal suffixes", () => {
    expect(parseMemory("4Gi")).toBe(4 * 1024 ** 3);
    expect(parseMemory("128Mi")).toBe(128 * 1024 ** 2);
    expect(parseMemory("1G")).toBe(1e9);
    expect(parseMemory("512")).toBe(512);
    expect(parseMemory("1.5Gi")).toBe(1.5 * 1024 ** 3);
    expect(parseMemory("1k")).toBe(1000);
    expect(parseMemory("1Ki")).toBe(1024);
    expect(parseMemory("100m")).toBe(1); // 0.1 byte rounds up
    expect(parseMemory("2E")).toBe(2e18);
  });

  it("parses counts and rejects garbage as 0", () => {
    expect(parseValue("110")).toBe(110);
    expect(parseValue("abc")).toBe(0);
    expect(parseValue("")).toBe(0);
    expect(parseMilli("-1")).toBe(-1000);
  });
});
