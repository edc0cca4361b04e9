import { describe, expect, it } from "vitest";
import { isFullyReady, nodeStatusKind, podStatusKind } from "./statusKind";

describe("nodeStatusKind", () => {
  it("maps kubectl node STATUS words to a shape", () => {
    expect(nodeStatusKind("Ready")).toBe("ok");
    expect(nodeStatusKind("NotReady")).toBe("bad");
    expect(nodeStatusKind("Ready,SchedulingDisabled")).toBe("disabled");
    expect(nodeStatusKind("NotReady,SchedulingDisabled")).toBe("bad");
    expect(nodeStatusKind("Unknown")).toBe("unknown");
  });
});

describe("podStatusKind", () => {
  it("maps kubectl pod STATUS and READY to a shape", () => {
    expect(podStatusKind({ status: "Running", ready: "1/1" })).toBe("ok");
    expect(podStatusKind({ status: "Running", ready: "0/1" })).toBe("progress");
    expect(podStatusKind({ status: "ContainerCreating", ready: "0/1" })).toBe("progress");
    expect(podStatusKind({ status: "Init:0/1", ready: "0/1" })).toBe("progress");
    expect(podStatusKind({ status: "Pending", ready: "0/1" })).toBe("waiting");
    expect(podStatusKind({ status: "CrashLoopBackOff", ready: "0/1" })).toBe("bad");
    expect(podStatusKind({ status: "Init:CrashLoopBackOff", ready: "0/1" })).toBe("bad");
    expect(podStatusKind({ status: "Completed", ready: "0/1" })).toBe("ok");
    expect(podStatusKind({ status: "SomethingNew", ready: "0/1" })).toBe("unknown");
  });
});

describe("isFullyReady", () => {
  it("needs every container ready and at least one container", () => {
    expect(isFullyReady("2/2")).toBe(true);
    expect(isFullyReady("1/2")).toBe(false);
    expect(isFullyReady("0/0")).toBe(false);
    expect(isFullyReady("")).toBe(false);
  });
});
