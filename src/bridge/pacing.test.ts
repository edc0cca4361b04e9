import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { FlowLedger } from "./flows";
import { GAP_WALL_MS, HOP_RATE, LONG_FLOW_WALL_MS, QUIET_MAX_RATE, flowWallMs, inFlightRate, isBackgroundFlow, quietRate } from "./pacing";
import type { Flow } from "../engine/sim";

const flow = (o: Partial<Flow>): Flow => ({ id: 1, from: "a", to: "b", kind: "create", ref: "pods/default/x", sendTime: 0, recvTime: 1, ...o });

describe("auto-pacing", () => {
  it("shows a hop of 1–2 sim ms in 0.4–0.8 s at 1×, and a long flow in at most LONG_FLOW_WALL_MS", () => {
    expect(flowWallMs(1)).toBe(400);
    expect(flowWallMs(2)).toBe(800);
    expect(flowWallMs(2406)).toBe(LONG_FLOW_WALL_MS);
    expect(inFlightRate(1)).toBe(HOP_RATE);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: 1, max: 1_000_000 }), (a, b) => {
        // Longer flows never take less wall time, nor go slower in sim time.
        if (a <= b) {
          expect(flowWallMs(a)).toBeLessThanOrEqual(flowWallMs(b));
          expect(inFlightRate(a)).toBeLessThanOrEqual(inFlightRate(b) + 1e-12);
        }
      }),
      { seed: 7 },
    );
  });

  it("crosses a quiet gap in at most GAP_WALL_MS, speeds up the longer it stays quiet, and caps", () => {
    expect(quietRate(1000, 0)).toBe(1000 / GAP_WALL_MS);
    expect(quietRate(0, 0)).toBe(HOP_RATE);
    expect(quietRate(0, 800)).toBeGreaterThan(quietRate(0, 400));
    expect(quietRate(1e9, 1e9)).toBe(QUIET_MAX_RATE);
    expect(quietRate(Infinity, 0)).toBe(QUIET_MAX_RATE);
  });

  it("treats heartbeats as background: leases, pings, CRI polls, Raft heartbeats, and a kubelet's own node status report", () => {
    expect(isBackgroundFlow(flow({ kind: "lease renew", ref: "leases/kube-node-lease/worker-1" }))).toBe(true);
    expect(isBackgroundFlow(flow({ kind: "etcd txn", ref: "leases/kube-node-lease/worker-1" }))).toBe(true);
    expect(isBackgroundFlow(flow({ kind: "ping", ref: "namespaces/" }))).toBe(true);
    expect(isBackgroundFlow(flow({ kind: "cri", ref: "cri/Status" }))).toBe(true);
    expect(isBackgroundFlow(flow({ kind: "bind" }))).toBe(false);
    // etcd's Raft heartbeats and their answers too; a proposal (a write) is not.
    expect(isBackgroundFlow(flow({ kind: "heartbeat", ref: "term 3 · commit 150" }))).toBe(true);
    expect(isBackgroundFlow(flow({ kind: "heartbeat response", ref: "term 3" }))).toBe(true);
    expect(isBackgroundFlow(flow({ kind: "proposal", ref: "proposal" }))).toBe(false);

    const ledger = new FlowLedger();
    // The kubelet's report and what follows about the same node, shortly after, are routine...
    ledger.flowStarted(flow({ id: 1, kind: "status update", from: "kubelet@worker-1", ref: "nodes/worker-1", sendTime: 10, recvTime: 11 }));
    ledger.flowStarted(flow({ id: 2, kind: "etcd txn", from: "kube-apiserver@control-plane-1", ref: "nodes/worker-1", sendTime: 13, recvTime: 14 }));
    expect(ledger.minForeground()).toBeNull();
    // ...the node lifecycle controller writing the same node later is not.
    ledger.flowStarted(flow({ id: 3, kind: "status update", from: "kube-controller-manager@control-plane-1", ref: "nodes/worker-1", sendTime: 500, recvTime: 502 }));
    expect(ledger.minForeground()).toBe(2);
    ledger.flowStarted(flow({ id: 4, kind: "bind", sendTime: 500, recvTime: 501 }));
    expect(ledger.minForeground()).toBe(1);
    ledger.flowEnded(flow({ id: 4, kind: "bind", sendTime: 500, recvTime: 501 }));
    expect(ledger.minForeground()).toBe(2);
    // Started and ended between two takes: never reported.
    const { started, ended } = ledger.take();
    expect(started.map((f) => f.id)).toEqual([1, 2, 3]);
    expect(ended).toEqual([]);
  });
});
