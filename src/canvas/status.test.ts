import { describe, expect, it } from "vitest";
import { fullyReady, machineName, markedNotReady, nodeShape, podName, podShape, readyWords, shortPodName } from "./status";

describe("status words and shapes", () => {
  it("classes pod STATUS words into shapes", () => {
    expect(podShape("Running", "1/1")).toBe("running");
    expect(podShape("Running", "0/1")).toBe("starting");
    expect(podShape("ContainerCreating", "0/1")).toBe("starting");
    expect(podShape("Pending", "0/1")).toBe("pending");
    expect(podShape("Terminating", "1/1")).toBe("terminating");
    expect(podShape("ImagePullBackOff", "0/1")).toBe("failed");
    expect(podShape("Init:CrashLoopBackOff", "0/1")).toBe("failed");
    expect(podShape("Completed", "0/1")).toBe("succeeded");
    expect(podShape("Unknown", "1/1")).toBe("unknown");
    // Running with every container ready, but marked not Ready (its node stopped reporting): not the ready shape.
    expect(podShape("Running", "1/1", true)).toBe("starting");
    const marked = { status: { conditions: [{ type: "Ready", status: "False" }] } };
    expect(markedNotReady(marked, "1/1")).toBe(true);
    expect(markedNotReady(marked, "0/1")).toBe(false);
    expect(markedNotReady({ status: { conditions: [{ type: "Ready", status: "True" }] } }, "1/1")).toBe(false);
    expect(readyWords("1/1", true)).toBe("1/1 · not Ready");
    expect(podName({ name: "web-x", status: "Running", ready: "1/1", node: "worker-2", notReady: true })).toBe("pod web-x, Running, 1/1 ready, marked not Ready, on worker-2");
    expect(fullyReady("0/0")).toBe(false);
  });

  it("classes node STATUS words, a stopped machine first", () => {
    expect(nodeShape("Ready", true)).toBe("ready");
    expect(nodeShape("NotReady", true)).toBe("notready");
    expect(nodeShape("Ready,SchedulingDisabled", true)).toBe("disabled");
    expect(nodeShape("Ready", false)).toBe("stopped");
    expect(nodeShape("Unknown", true)).toBe("unknown");
  });

  it("names things for screen readers", () => {
    expect(machineName({ name: "worker-2", role: "worker", status: "Ready", pods: 1, running: true })).toBe("worker-2, worker node, Ready, 1 pod");
    expect(machineName({ name: "worker-2", role: "worker", status: "NotReady", pods: 1, running: true, taints: "node.kubernetes.io/unreachable:NoExecute" })).toBe(
      "worker-2, worker node, NotReady, 1 pod, tainted node.kubernetes.io/unreachable:NoExecute",
    );
    expect(machineName({ name: "worker-2", role: "worker", status: "NotReady", pods: 0, running: false })).toBe(
      "worker-2, worker node, NotReady, no pods, machine stopped",
    );
    expect(podName({ name: "web-1", status: "Running", ready: "1/1", node: "worker-1" })).toBe("pod web-1, Running, 1/1 ready, on worker-1");
    expect(shortPodName("web-7d9c5b4f8-x2x4q")).toBe("web-…x2x4q");
  });
});
