import { describe, expect, it } from "vitest";
import { ownsKeys, scrubStep, scrubTarget } from "./keyboard";

describe("timeline keys", () => {
  it("seek one second with the arrows and ten with Shift", () => {
    expect(scrubStep("ArrowRight", false)).toBe(1000);
    expect(scrubStep("ArrowLeft", false)).toBe(-1000);
    expect(scrubStep("ArrowRight", true)).toBe(10_000);
    expect(scrubStep("ArrowLeft", true)).toBe(-10_000);
    expect(scrubStep("a", false)).toBeNull();
  });

  it("land within [0, horizon], with Home and End at the ends", () => {
    expect(scrubTarget("ArrowRight", false, 5_000, 60_000)).toBe(6_000);
    expect(scrubTarget("ArrowLeft", true, 5_000, 60_000)).toBe(0);
    expect(scrubTarget("ArrowRight", true, 55_000, 60_000)).toBe(60_000);
    expect(scrubTarget("Home", false, 5_000, 60_000)).toBe(0);
    expect(scrubTarget("End", false, 5_000, 60_000)).toBe(60_000);
    expect(scrubTarget("x", false, 5_000, 60_000)).toBeNull();
  });
});

describe("ownsKeys", () => {
  /** A stand-in element: `closest` answers for the selectors the element itself matches. */
  const el = (tag: string, editable = false) => ({
    isContentEditable: editable,
    closest: (selector: string) => (selector.split(",").some((s) => s.trim() === tag) ? {} : null),
  });

  it("leaves Space to fields and controls, takes it elsewhere", () => {
    expect(ownsKeys(el("input") as unknown as EventTarget)).toBe(true);
    expect(ownsKeys(el("button") as unknown as EventTarget)).toBe(true);
    expect(ownsKeys(el("div", true) as unknown as EventTarget)).toBe(true);
    expect(ownsKeys(el("div") as unknown as EventTarget)).toBe(false);
    expect(ownsKeys(null)).toBe(false);
  });
});
