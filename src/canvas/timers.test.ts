import { describe, expect, it } from "vitest";
import type { Lease, Node, Pod, Toleration } from "../engine/api/types";
import { rfc3339, rfc3339Micro } from "../engine/time";
import { evictionText, formatCountdown, formatSeconds, heartbeat, heartbeatText, tolerationCountdown } from "./timers";

function lease(renewAt: number | null): Lease {
  return {
    apiVersion: "coordination.k8s.io/v1",
    kind: "Lease",
    metadata: { name: "worker-2", namespace: "kube-node-lease", uid: "u", resourceVersion: "1", creationTimestamp: rfc3339(0) },
    spec: { holderIdentity: "worker-2", leaseDurationSeconds: 40, ...(renewAt === null ? {} : { renewTime: rfc3339Micro(renewAt) }) },
  };
}

const DEFAULT_TOLERATIONS: Toleration[] = [
  { key: "node.kubernetes.io/not-ready", operator: "Exists", effect: "NoExecute", tolerationSeconds: 300 },
  { key: "node.kubernetes.io/unreachable", operator: "Exists", effect: "NoExecute", tolerationSeconds: 300 },
];

function node(taints: Node["spec"]["taints"]): Node {
  return {
    apiVersion: "v1",
    kind: "Node",
    metadata: { name: "worker-2", uid: "n", resourceVersion: "1", creationTimestamp: rfc3339(0) },
    spec: { taints },
    status: {} as Node["status"],
  };
}

function pod(tolerations: Toleration[] = DEFAULT_TOLERATIONS, nodeName = "worker-2"): Pod {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "web-1", namespace: "default", uid: "p", resourceVersion: "1", creationTimestamp: rfc3339(0) },
    spec: { nodeName, tolerations, containers: [{ name: "nginx", image: "nginx" }] } as Pod["spec"],
    status: { phase: "Running" } as Pod["status"],
  };
}

describe("heartbeat", () => {
  it("measures the time since the Lease's renewTime against the 50 s grace", () => {
    const h = heartbeat(lease(100_000), 123_400)!;
    expect(h.ageMs).toBe(23_400);
    expect(h.graceMs).toBe(50_000);
    expect(h.fraction).toBeCloseTo(0.468);
    expect(h.overdue).toBe(false);
    expect(heartbeatText(h)).toBe("last heartbeat 23 s ago / grace 50 s");
  });

  it("is overdue past the grace, and keeps counting", () => {
    const h = heartbeat(lease(0), 125_000)!;
    expect(h.overdue).toBe(true);
    expect(heartbeatText(h)).toBe("last heartbeat 2m05s ago / grace 50 s");
  });

  it("has nothing to say before the first renewal", () => {
    expect(heartbeat(undefined, 10)).toBeNull();
    expect(heartbeat(lease(null), 10)).toBeNull();
  });
});

describe("heartbeat before the first Lease", () => {
  const nodeWithHeartbeat = (t: number) =>
    ({ status: { conditions: [{ type: "Ready", status: "True", lastHeartbeatTime: rfc3339(t), lastTransitionTime: rfc3339(t), reason: "KubeletReady", message: "" }] } }) as unknown as Node;

  it("uses the Node's Ready lastHeartbeatTime while the kubelet has no Lease yet", () => {
    const h = heartbeat(undefined, 4_000, undefined, nodeWithHeartbeat(1_000))!;
    expect(h.ageMs).toBe(3_000);
  });

  it("takes the newer of the Lease renewal and the Node status heartbeat", () => {
    const lease = { spec: { renewTime: rfc3339Micro(10_000) } } as Lease;
    expect(heartbeat(lease, 12_000, undefined, nodeWithHeartbeat(1_000))!.ageMs).toBe(2_000);
    expect(heartbeat(lease, 12_000, undefined, nodeWithHeartbeat(11_000))!.ageMs).toBe(1_000);
  });
});

describe("tolerationCountdown", () => {
  const unreachableAt = 200_000;
  const tainted = node([
    { key: "node.kubernetes.io/unreachable", effect: "NoSchedule", timeAdded: rfc3339(unreachableAt) },
    { key: "node.kubernetes.io/unreachable", effect: "NoExecute", timeAdded: rfc3339(unreachableAt) },
  ]);

  it("counts down from the taint's timeAdded plus the matching tolerationSeconds", () => {
    const e = tolerationCountdown(pod(), tainted, unreachableAt + 47_200)!;
    expect(e.at).toBe(unreachableAt + 300_000);
    expect(e.remainingMs).toBe(252_800);
    expect(e.taint.key).toBe("node.kubernetes.io/unreachable");
    expect(evictionText(e)).toBe("evicted in 4m13s");
  });

  it("uses the first toleration that matches each taint, as the taint eviction controller does", () => {
    const short = { key: "node.kubernetes.io/unreachable", operator: "Exists" as const, effect: "NoExecute" as const, tolerationSeconds: 30 };
    expect(tolerationCountdown(pod([short, ...DEFAULT_TOLERATIONS]), tainted, unreachableAt)!.remainingMs).toBe(30_000);
    expect(tolerationCountdown(pod([...DEFAULT_TOLERATIONS, short]), tainted, unreachableAt)!.remainingMs).toBe(300_000);
  });

  it("says nothing when there is no countdown", () => {
    expect(tolerationCountdown(pod(), node([]), 0)).toBeNull();
    expect(tolerationCountdown(pod(), node([{ key: "x", effect: "NoSchedule" }]), 0)).toBeNull();
    // Not tolerated at all: evicted at once, not counted down.
    expect(tolerationCountdown(pod([]), tainted, unreachableAt)).toBeNull();
    // Tolerated forever.
    expect(tolerationCountdown(pod([{ operator: "Exists" }]), tainted, unreachableAt)).toBeNull();
    // Another node.
    expect(tolerationCountdown(pod(DEFAULT_TOLERATIONS, "worker-1"), tainted, unreachableAt)).toBeNull();
  });

  it("reads 'eviction due' once the time has passed", () => {
    expect(evictionText(tolerationCountdown(pod(), tainted, unreachableAt + 301_000)!)).toBe("eviction due");
  });
});

describe("formatting", () => {
  it("formats seconds and countdowns", () => {
    expect([0, 999, 23_000, 65_000, 600_000].map(formatSeconds)).toEqual(["0 s", "0 s", "23 s", "1m05s", "10m"]);
    expect([0, 1, 45_000, 252_000, 3_720_000].map(formatCountdown)).toEqual(["0s", "1s", "45s", "4m12s", "1h02m"]);
  });
});
