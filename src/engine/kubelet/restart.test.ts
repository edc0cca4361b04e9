import { describe, expect, it } from "vitest";
import type { Node, Pod } from "../api/types";
import { harness, simplePod } from "./testkit";

function setup(seed: number) {
  const h = harness(seed);
  h.advance(5_000);
  h.createPod(simplePod("web", "nginx", { nodeName: "worker-1" }));
  h.until(() => h.pod("web")?.status.phase === "Running", 30_000);
  h.advance(2_000);
  const node = h.cluster.nodes.find((n) => n.machine.name === "worker-1")!;
  return { h, node, before: h.pod("web")! };
}

describe("the kubelet process stops and starts again", () => {
  const { h, node, before } = setup(21);
  const nodeUid = h.node("worker-1")!.metadata.uid;
  node.kubelet.stop();
  h.advance(20_000);
  const whileDown = [...node.runtime.containers.values()].map((c) => c.state);
  const restartAt = h.cluster.now;
  node.kubelet.start();
  h.advance(20_000);

  it("leaves the pod's containers running in containerd meanwhile", () => {
    expect(whileDown).toEqual(["CONTAINER_RUNNING"]);
  });

  it("re-registers against the existing Node (AlreadyExists: the same object)", () => {
    expect(h.node("worker-1")!.metadata.uid).toBe(nodeUid);
    expect(h.history<Node>("Node", "worker-1").every((v) => v.obj.metadata.uid === nodeUid)).toBe(true);
    const starts = h.eventsFor("Node", "worker-1").filter((e) => e.reason === "Starting");
    expect(starts).toHaveLength(2);
  });

  it("finds the pod running and does not restart it", () => {
    const after = h.pod("web")!;
    const cs = after.status.containerStatuses![0];
    expect(after.status.phase).toBe("Running");
    expect(cs.containerID).toBe(before.status.containerStatuses![0].containerID);
    expect(cs.restartCount).toBe(0);
    expect(cs.state.running?.startedAt).toBe(before.status.containerStatuses![0].state.running?.startedAt);
    const kubeletEvents = h.eventsFor("Pod", "web").filter((e) => e.source.component === "kubelet");
    expect(kubeletEvents.map((e) => e.reason)).toEqual(["Pulling", "Pulled", "Created", "Started"]);
  });

  it("posts NotReady for one status period until its runtime modules are up (kubernetes#124397), then Ready", () => {
    const ready = h
      .history<Node>("Node", "worker-1")
      .filter((v) => v.t > restartAt)
      .map((v) => v.obj.status.conditions.find((c) => c.type === "Ready")!);
    expect(ready.some((c) => c.status === "False" && c.message === "container runtime status check may not have completed yet")).toBe(true);
    expect(ready[ready.length - 1].status).toBe("True");
  });
});

describe("the machine stops and starts again", () => {
  const { h, node, before } = setup(22);
  const oldBoot = h.node("worker-1")!.status.nodeInfo.bootID;
  h.sim.stopMachine("worker-1");
  h.advance(20_000);
  const restartAt = h.cluster.now;
  h.sim.startMachine("worker-1");
  h.until(() => h.pod("web")?.status.containerStatuses?.[0]?.restartCount === 1 && h.pod("web")?.status.containerStatuses?.[0]?.ready === true, 60_000);
  h.advance(15_000);
  const after = h.pod("web")!;

  it("restarts the pod under the same name, with restartCount 1 and the lost container as its last state", () => {
    expect(after.metadata.uid).toBe(before.metadata.uid);
    expect(after.status.phase).toBe("Running");
    const cs = after.status.containerStatuses![0];
    expect(cs.restartCount).toBe(1);
    expect(cs.containerID).not.toBe(before.status.containerStatuses![0].containerID);
    expect(cs.lastState.terminated).toMatchObject({
      exitCode: 255,
      reason: "Unknown",
      containerID: before.status.containerStatuses![0].containerID,
      startedAt: before.status.containerStatuses![0].state.running!.startedAt,
    });
  });

  it("records SandboxChanged, then pulls (a quick re-resolve), creates and starts the container again", () => {
    const evs = h.eventsFor("Pod", "web").filter((e) => h.firstSeen(e) > restartAt && e.source.component === "kubelet");
    expect(evs.map((e) => e.reason)).toEqual(["SandboxChanged", "Pulling", "Pulled", "Created", "Started"]);
    expect(evs[0].message).toBe("Pod sandbox changed, it will be killed and re-created.");
  });

  it("gives the new sandbox the next address of the node's range (host-local IPAM state is on disk)", () => {
    const ip = (p: Pod) => Number(p.status.podIP!.split(".")[3]);
    expect(ip(after)).toBe(ip(before) + 1);
  });

  it("reports the reboot: a new boot id and a Rebooted warning", () => {
    const n = h.node("worker-1")!;
    expect(n.status.nodeInfo.bootID).not.toBe(oldBoot);
    const rebooted = h.eventsFor("Node", "worker-1").find((e) => e.reason === "Rebooted")!;
    expect(rebooted.type).toBe("Warning");
    expect(rebooted.message).toBe(`Node worker-1 has been rebooted, boot id: ${n.status.nodeInfo.bootID}`);
    expect(n.status.conditions.find((c) => c.type === "Ready")!.status).toBe("True");
  });

  it("keeps the image store (it is on disk)", () => {
    expect([...node.runtime.images.values()].some((i) => i.repoTags.includes("docker.io/library/nginx:latest"))).toBe(true);
  });
});

describe("containerd alone stops", () => {
  const { h, node } = setup(23);
  const stopAt = h.cluster.now;
  node.runtime.stop();
  h.advance(60_000);
  const notReady = h.node("worker-1")!.status.conditions.find((c) => c.type === "Ready")!;
  const running = [...node.runtime.containers.values()].map((c) => c.state);
  node.runtime.start();
  h.advance(20_000);

  it("keeps the containers running in their shims", () => {
    expect(running).toEqual(["CONTAINER_RUNNING"]);
    expect(h.pod("web")!.status.containerStatuses![0].restartCount).toBe(0);
  });

  it("makes the node NotReady once the runtime's last answer is 30 s old, and Ready when it is back", () => {
    expect(notReady).toMatchObject({ status: "False", reason: "KubeletNotReady", message: "container runtime is down" });
    const down = h
      .history<Node>("Node", "worker-1")
      .find((v) => v.t > stopAt && v.obj.status.conditions.find((c) => c.type === "Ready")!.status === "False")!;
    // The last good status was up to 5 s before the stop; the status is computed every 10 s.
    expect(down.t - stopAt).toBeGreaterThanOrEqual(25_000);
    expect(down.t - stopAt).toBeLessThan(41_000);
    expect(h.node("worker-1")!.status.conditions.find((c) => c.type === "Ready")!.status).toBe("True");
  });
});

describe("a pod force-deleted while the kubelet is down", () => {
  const { h, node } = setup(24);
  node.kubelet.stop();
  h.advance(2_000);
  h.deletePod("web", "default", 0);
  h.advance(1_000);
  const goneFromApi = !h.pod("web");
  const stillRunning = [...node.runtime.containers.values()].filter((c) => c.state === "CONTAINER_RUNNING").length;
  node.kubelet.start();
  h.advance(10_000);

  it("is gone from the API at once, its container still running on the node", () => {
    expect(goneFromApi).toBe(true);
    expect(stillRunning).toBe(1);
  });

  it("gets its orphaned container stopped by the restarted kubelet's housekeeping", () => {
    expect([...node.runtime.containers.values()].filter((c) => c.state === "CONTAINER_RUNNING")).toHaveLength(0);
    expect([...node.runtime.sandboxes.values()].filter((s) => s.state === "SANDBOX_READY")).toHaveLength(0);
    const killing = h.eventsFor("Pod", "web").find((e) => e.reason === "Killing")!;
    expect(killing.message).toBe("Stopping container web");
  });
});
