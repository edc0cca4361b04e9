import { describe, expect, it } from "vitest";
import type { Flow } from "../engine/sim";
import { describeRate, foregroundFlows, formatRate } from "./rate";

const playing = { playing: true, speed: 1, autoPace: true };

describe("formatRate", () => {
  it("keeps two significant digits below 1× and whole numbers above", () => {
    expect(formatRate(0.0025)).toBe("×0.0025");
    expect(formatRate(0.002)).toBe("×0.002");
    expect(formatRate(0.25)).toBe("×0.25");
    expect(formatRate(1)).toBe("×1");
    expect(formatRate(40)).toBe("×40");
    expect(formatRate(249.6)).toBe("×250");
    expect(formatRate(0)).toBe("×0");
  });
});

describe("describeRate", () => {
  it("says paused when paused", () => {
    expect(describeRate({ ...playing, playing: false, rate: 0 }, 3)).toBe("paused");
  });

  it("says why it is slow while messages are in flight", () => {
    expect(describeRate({ ...playing, rate: 0.002 }, 4)).toBe("×0.002 (slowed: 4 messages in flight)");
    expect(describeRate({ ...playing, rate: 0.0025 }, 1)).toBe("×0.0025 (slowed: 1 message in flight)");
  });

  it("says fast-forward through quiet waits", () => {
    expect(describeRate({ ...playing, rate: 40 }, 0)).toBe("fast-forward ×40");
  });

  it("says when a quiet wait is still speeding up", () => {
    expect(describeRate({ ...playing, speed: 100, rate: 1.5 }, 0)).toBe("×1.5 (quiet: speeding up)");
  });

  it("shows the plain rate without auto-pacing, or at exactly the speed", () => {
    expect(describeRate({ ...playing, speed: 2, rate: 2 }, 0)).toBe("×2");
    expect(describeRate({ ...playing, autoPace: false, speed: 4, rate: 4 }, 5)).toBe("×4");
  });
});

describe("foregroundFlows", () => {
  const flow = (id: number, kind: Flow["kind"], ref: string): Flow => ({ id, from: "a", to: "b", kind, ref, sendTime: 0, recvTime: 1 });
  it("counts messages that set the pace, not heartbeats", () => {
    const flows = {
      1: flow(1, "create", "pods/default/web-1"),
      2: flow(2, "lease renew", "leases/kube-node-lease/worker-1"),
      3: flow(3, "ping", ""),
      4: flow(4, "bind", "pods/default/web-1"),
    };
    expect(foregroundFlows(flows)).toBe(2);
    expect(foregroundFlows({})).toBe(0);
    // The count is kept per map (the store replaces the map when flows change): the same map twice in
    // a row gives the kept count, and each new map its own.
    expect(foregroundFlows(flows)).toBe(2);
    expect(foregroundFlows(flows)).toBe(2);
    const one = { 5: flow(5, "bind", "pods/default/web-2") };
    expect(foregroundFlows(one)).toBe(1);
    expect(foregroundFlows(one)).toBe(1);
    expect(foregroundFlows(flows)).toBe(2);
  });
});
