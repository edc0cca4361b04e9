import { describe, expect, it } from "vitest";
import type { Lease } from "../../api/types";
import { rfc3339, rfc3339Micro } from "../../time";
import { node } from "../fixtures";
import { checkNodeHealth, nodeHealthExpired, NODE_MONITOR_GRACE_PERIOD } from "./health";

function lease(name: string, renew: number): Lease {
  return { apiVersion: "coordination.k8s.io/v1", kind: "Lease", metadata: { name, namespace: "kube-node-lease", uid: "l", resourceVersion: "1", creationTimestamp: rfc3339(0) }, spec: { holderIdentity: name, leaseDurationSeconds: 40, renewTime: rfc3339Micro(renew) } };
}

describe("node health at the grace boundary (50s, v1.32)", () => {
  it("is Unknown exactly when now > probeTimestamp + 50s", () => {
    expect(NODE_MONITOR_GRACE_PERIOD).toBe(50_000);
    expect(nodeHealthExpired(10_000, 60_000)).toBe(false);
    expect(nodeHealthExpired(10_000, 60_001)).toBe(true);
  });

  it("sets Ready, MemoryPressure, DiskPressure, PIDPressure to Unknown once the heartbeat is older than the grace period", () => {
    const n = node("worker-2", { ready: "True", heartbeat: 10_000 });
    const first = checkNodeHealth(n, undefined, lease("worker-2", 10_000), 10_000);
    expect(first.update).toBeUndefined();
    expect(first.health.probeTimestamp).toBe(10_000);
    const at = checkNodeHealth(n, first.health, lease("worker-2", 10_000), 60_000);
    expect(at.update).toBeUndefined();
    const after = checkNodeHealth(n, at.health, lease("worker-2", 10_000), 60_001);
    expect(after.update).toBeDefined();
    const conds = after.update!.node.status.conditions;
    for (const type of ["Ready", "MemoryPressure", "DiskPressure", "PIDPressure"]) {
      const c = conds.find((x) => x.type === type)!;
      expect(c).toMatchObject({ status: "Unknown", reason: "NodeStatusUnknown", message: "Kubelet stopped posting node status.", lastTransitionTime: rfc3339(60_001) });
      expect(c.lastHeartbeatTime).toBe(rfc3339(10_000));
    }
    expect(after.observedReady.status).toBe("True");
    expect(after.currentReady?.status).toBe("Unknown");
  });

  it("counts a renewed Lease as a heartbeat even when the node status is old", () => {
    const n = node("worker-1", { ready: "True", heartbeat: 0 });
    let h = checkNodeHealth(n, undefined, lease("worker-1", 0), 0).health;
    for (let t = 10_000; t <= 300_000; t += 10_000) {
      const r = checkNodeHealth(n, h, lease("worker-1", t), t);
      expect(r.update).toBeUndefined();
      h = r.health;
    }
    expect(h.probeTimestamp).toBe(300_000);
  });

  it("gives a node whose kubelet never posted status the 60s startup grace, then NodeStatusNeverUpdated", () => {
    const n = node("fresh", { created: 0 });
    const r1 = checkNodeHealth(n, undefined, undefined, 59_000);
    expect(r1.gracePeriod).toBe(60_000);
    expect(r1.update).toBeUndefined();
    const r2 = checkNodeHealth(n, r1.health, undefined, 60_001);
    const ready = r2.update!.node.status.conditions.find((c) => c.type === "Ready")!;
    expect(ready).toMatchObject({ status: "Unknown", reason: "NodeStatusNeverUpdated", message: "Kubelet never posted node status." });
  });

  it("does not write a node that is already Unknown", () => {
    const n = node("dead", { ready: "Unknown", heartbeat: 0 });
    const h = checkNodeHealth(n, undefined, undefined, 0).health;
    expect(checkNodeHealth(n, h, undefined, 100_000).update).toBeUndefined();
  });
});
