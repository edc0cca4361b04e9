import { describe, expect, it } from "vitest";
import type { MachineRecord, ObjectRecord } from "../bridge/protocol";
import type { Pod } from "../engine/api/types";
import { applyRecordDiff } from "../store/apply";
import { computePlacement, layoutInput, parsePlacement, placementKey } from "./placement";

const machine = (id: string, role: MachineRecord["role"]): MachineRecord => ({ rtype: "machine", id, role, running: true, partitioned: false });

function pod(name: string, created: string, nodeName?: string): ObjectRecord {
  const object = {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace: "default", uid: name, resourceVersion: "1", creationTimestamp: created },
    spec: { containers: [], ...(nodeName ? { nodeName } : {}) },
    status: { phase: "Pending" },
  } as unknown as Pod;
  return { rtype: "object", id: `pods/default/${name}`, resource: "pods", object };
}

describe("computePlacement", () => {
  const machines = Object.fromEntries(
    [machine("worker-10", "worker"), machine("worker-2", "worker"), machine("control-plane-1", "control-plane"), machine("kubectl", "external")].map((m) => [m.id, m]),
  );

  it("orders machines naturally and pods oldest first, pending ones apart", () => {
    const objects = Object.fromEntries(
      [
        pod("web-b", "2025-01-01T00:00:02Z", "worker-2"),
        pod("web-a", "2025-01-01T00:00:02Z", "worker-2"),
        pod("web-z", "2025-01-01T00:00:01Z", "worker-2"),
        pod("web-new", "2025-01-01T00:00:05Z"),
        pod("web-lost", "2025-01-01T00:00:03Z", "worker-99"),
      ].map((o) => [o.id, o]),
    );
    const p = computePlacement(machines, objects);
    expect(p.controlPlanes).toEqual(["control-plane-1"]);
    expect(p.workers).toEqual(["worker-2", "worker-10"]);
    expect(p.pods["worker-2"]).toEqual(["pods/default/web-z", "pods/default/web-a", "pods/default/web-b"]);
    expect(p.pods["worker-10"]).toEqual([]);
    expect(p.pending).toEqual(["pods/default/web-lost", "pods/default/web-new"]);
    expect(layoutInput(p)).toEqual({
      controlPlanes: ["control-plane-1"],
      workers: ["worker-2", "worker-10"],
      podCounts: { "control-plane-1": 0, "worker-2": 3, "worker-10": 0 },
      pending: 2,
    });
  });

  it("gives an equal key for an equal placement, and round-trips", () => {
    const a = { [pod("x", "t", "worker-2").id]: pod("x", "t", "worker-2") };
    const b = { [pod("x", "t", "worker-2").id]: pod("x", "t", "worker-2") };
    expect(placementKey(machines, a)).toBe(placementKey(machines, b));
    expect(parsePlacement(placementKey(machines, a))).toEqual(computePlacement(machines, a));
    expect(placementKey(machines, a)).not.toBe(placementKey(machines, { [pod("x", "t").id]: pod("x", "t") }));
  });
});

describe("placementKey's shortcut", () => {
  const machines = { "worker-1": machine("worker-1", "worker"), "worker-2": machine("worker-2", "worker") };
  const lease: ObjectRecord = { rtype: "object", id: "leases/kube-node-lease/worker-1", resource: "leases", object: { metadata: { name: "worker-1" } } as never };

  it("keeps the key when other objects or a pod's status change, and follows a pod that moves", () => {
    const a = pod("web-a", "2025-01-01T00:00:01Z", "worker-1");
    const b = pod("web-b", "2025-01-01T00:00:02Z");
    const first = placementKey(machines, { [a.id]: a, [b.id]: b, [lease.id]: lease });
    // Another object changes: same key, same string.
    const lease2 = { ...lease };
    expect(placementKey(machines, { [a.id]: a, [b.id]: b, [lease.id]: lease2 })).toBe(first);
    // A pod's status changes (a new record in the same place): same key.
    const a2 = pod("web-a", "2025-01-01T00:00:01Z", "worker-1");
    (a2.object as Pod).status = { phase: "Running" } as Pod["status"];
    expect(placementKey(machines, { [a.id]: a2, [b.id]: b, [lease.id]: lease2 })).toBe(first);
    // A pod is bound: the key changes, and says where.
    const bBound = pod("web-b", "2025-01-01T00:00:02Z", "worker-2");
    const bound = placementKey(machines, { [a.id]: a2, [b.id]: bBound, [lease.id]: lease2 });
    expect(parsePlacement(bound).pods["worker-2"]).toEqual([b.id]);
    // A pod goes away, another comes.
    const c = pod("web-c", "2025-01-01T00:00:03Z");
    expect(parsePlacement(placementKey(machines, { [a.id]: a2, [c.id]: c })).pending).toEqual([c.id]);
    expect(parsePlacement(placementKey(machines, { [a.id]: a2 })).pending).toEqual([]);
  });

  it("follows the frames the store applies: a frame without pods keeps the key, one that binds, adds or removes a pod changes it", () => {
    const a = pod("web-a", "2025-01-01T00:00:01Z");
    const b = pod("web-b", "2025-01-01T00:00:02Z", "worker-1");
    const empty = { machines, components: {}, objects: {} };
    let state = applyRecordDiff(empty, { added: [a, b, lease], updated: [], removed: [] });
    const first = placementKey(state.machines, state.objects);
    expect(parsePlacement(first).pending).toEqual([a.id]);
    // Lease renewals only (the usual frame): the key is kept.
    state = applyRecordDiff(state, { added: [], updated: [{ ...lease, object: { metadata: { name: "worker-1", resourceVersion: "2" } } as never }], removed: [] });
    expect(placementKey(state.machines, state.objects)).toBe(first);
    // The pending pod is bound by the next frame.
    const aBound = pod("web-a", "2025-01-01T00:00:01Z", "worker-2");
    (aBound.object as Pod).metadata.resourceVersion = "2";
    state = applyRecordDiff(state, { added: [], updated: [aBound], removed: [] });
    const bound = parsePlacement(placementKey(state.machines, state.objects));
    expect(bound.pending).toEqual([]);
    expect(bound.pods["worker-2"]).toEqual([a.id]);
    // A pod is removed, another added, each in a frame of its own.
    state = applyRecordDiff(state, { added: [], updated: [], removed: [b.id] });
    expect(parsePlacement(placementKey(state.machines, state.objects)).pods["worker-1"]).toEqual([]);
    const c = pod("web-c", "2025-01-01T00:00:03Z");
    state = applyRecordDiff(state, { added: [c], updated: [], removed: [] });
    expect(parsePlacement(placementKey(state.machines, state.objects)).pending).toEqual([c.id]);
    // A machine joins in a frame that also renews a lease (no pod changed): the key follows the machine.
    state = applyRecordDiff(state, {
      added: [machine("worker-3", "worker")],
      updated: [{ ...lease, object: { metadata: { name: "worker-1", resourceVersion: "3" } } as never }],
      removed: [],
    });
    expect(parsePlacement(placementKey(state.machines, state.objects)).workers).toEqual(["worker-1", "worker-2", "worker-3"]);
  });
});
