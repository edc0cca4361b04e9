import { describe, expect, it } from "vitest";
import type { NodeCondition } from "../../api/types";
import { computeZoneState, handleDisruption, zoneEvictionQPS, type ZoneState } from "./zones";

const c = (status: "True" | "False" | "Unknown"): NodeCondition => ({ type: "Ready", status, lastHeartbeatTime: "", lastTransitionTime: "", reason: "", message: "" });
const conds = (ready: number, notReady: number) => [...Array(ready).fill(c("True")), ...Array(notReady).fill(c("Unknown"))];

describe("ComputeZoneState", () => {
  it("FullDisruption when nothing is Ready", () => {
    expect(computeZoneState(conds(0, 3)).state).toBe("FullDisruption");
    expect(computeZoneState([undefined]).state).toBe("FullDisruption");
  });
  it("PartialDisruption needs more than 2 not ready and at least 55%", () => {
    expect(computeZoneState(conds(2, 3)).state).toBe("PartialDisruption");
    expect(computeZoneState(conds(1, 2)).state).toBe("Normal");
    expect(computeZoneState(conds(3, 3)).state).toBe("Normal");
    expect(computeZoneState(conds(4, 5)).state).toBe("PartialDisruption");
  });
  it("Normal otherwise", () => {
    expect(computeZoneState(conds(3, 1))).toEqual({ notReady: 1, state: "Normal" });
  });
  it("sets the eviction rate per state: 0.1, 0 (small) or 0.01 (large), 0.1", () => {
    expect(zoneEvictionQPS("Normal", 4)).toBe(0.1);
    expect(zoneEvictionQPS("PartialDisruption", 5)).toBe(0);
    expect(zoneEvictionQPS("PartialDisruption", 51)).toBe(0.01);
    expect(zoneEvictionQPS("FullDisruption", 5)).toBe(0.1);
  });
});

describe("handleDisruption", () => {
  const zone = (cs: (NodeCondition | undefined)[]) => new Map([["", cs]]);
  it("moves a new zone from Initial to Normal", () => {
    const d = handleDisruption(zone(conds(4, 0)), new Map<string, ZoneState>([["", "Initial"]]));
    expect(d.zoneStates.get("")).toBe("Normal");
    expect(d.limiters.get("")).toBe(0.1);
  });
  it("stops evictions in a small zone in PartialDisruption", () => {
    const d = handleDisruption(zone(conds(2, 3)), new Map<string, ZoneState>([["", "Normal"]]));
    expect(d.zoneStates.get("")).toBe("PartialDisruption");
    expect(d.limiters.get("")).toBe(0);
  });
  it("enters master disruption mode when every zone is fully disrupted, and leaves it resetting probes", () => {
    const enter = handleDisruption(zone(conds(0, 4)), new Map<string, ZoneState>([["", "Normal"]]));
    expect(enter.enterMasterDisruption).toBe(true);
    expect(enter.limiters.get("")).toBe(0);
    const stay = handleDisruption(zone(conds(0, 4)), enter.zoneStates);
    expect(stay.enterMasterDisruption).toBe(false);
    expect(stay.limiters.size).toBe(0);
    const exit = handleDisruption(zone(conds(1, 3)), enter.zoneStates);
    expect(exit.exitMasterDisruption).toBe(true);
    expect(exit.zoneStates.get("")).toBe("PartialDisruption");
  });
  it("keeps evicting normally in one fully disrupted zone while another is healthy", () => {
    const d = handleDisruption(
      new Map([
        ["a", conds(0, 2)],
        ["b", conds(3, 0)],
      ]),
      new Map<string, ZoneState>([
        ["a", "Normal"],
        ["b", "Normal"],
      ]),
    );
    expect(d.enterMasterDisruption).toBe(false);
    expect(d.zoneStates.get("a")).toBe("FullDisruption");
    expect(d.limiters.get("a")).toBe(0.1);
  });
});
