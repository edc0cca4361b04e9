import { describe, expect, it } from "vitest";
import { componentLabel, formatSimClock, machineLabel } from "./labels";

describe("machineLabel", () => {
  it("names the machine, its role and its kubectl status", () => {
    expect(machineLabel({ name: "worker-1", role: "worker", status: "Ready" })).toBe("worker-1 (worker node, Ready)");
    expect(machineLabel({ name: "control-plane-1", role: "control-plane", status: "NotReady" })).toBe(
      "control-plane-1 (control-plane node, NotReady)",
    );
  });
});

describe("componentLabel", () => {
  it("says where a component runs and whether it runs", () => {
    expect(componentLabel({ name: "kubelet", id: "kubelet@worker-2", running: false })).toBe(
      "kubelet on worker-2, stopped",
    );
    expect(componentLabel({ name: "kubectl", id: "kubectl", running: true })).toBe("kubectl, running");
  });
});

describe("formatSimClock", () => {
  it("formats sim ms as h:mm:ss.mmm", () => {
    expect(formatSimClock(0)).toBe("0:00:00.000");
    expect(formatSimClock(65_250)).toBe("0:01:05.250");
    expect(formatSimClock(3 * 3_600_000 + 7)).toBe("3:00:00.007");
  });
});
