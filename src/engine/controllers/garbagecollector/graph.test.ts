import { describe, expect, it } from "vitest";
import { deployment, pod, replicaSet } from "../fixtures";
import { gcDecision, idKey, OwnershipGraph } from "./graph";

describe("garbage collector ownership graph", () => {
  const d = deployment("web", 1);
  const rs = replicaSet(d, "web-abc", 1);
  const p = pod("web-abc-x2x4q", { owner: { kind: "ReplicaSet", name: rs.metadata.name, uid: rs.metadata.uid } });
  const id = (resource: string, o: typeof d | typeof rs | typeof p) => ({ resource, namespace: o.metadata.namespace, name: o.metadata.name, uid: o.metadata.uid });

  it("reports owners it has never seen (virtual owners) and queues dependents when an owner goes", () => {
    const g = new OwnershipGraph();
    expect(g.observe(id("pods", p), p.metadata.ownerReferences).map((o) => o.name)).toEqual(["web-abc"]);
    expect(g.observe(id("replicasets", rs), rs.metadata.ownerReferences).map((o) => o.name)).toEqual(["web"]);
    expect(g.observe(id("deployments", d), undefined)).toEqual([]);
    expect(g.ownersObserved(idKey(id("pods", p)))).toBe(true);
    expect(g.remove(id("deployments", d))).toEqual([idKey(id("replicasets", rs))]);
    expect(g.ownersObserved(idKey(id("replicasets", rs)))).toBe(false);
    expect(g.remove(id("replicasets", rs))).toEqual([idKey(id("pods", p))]);
  });

  it("deletes only when every owner is gone, and never an object already being deleted", () => {
    expect(gcDecision(rs, ["dangling"])).toBe("delete");
    expect(gcDecision(rs, ["dangling", "solid"])).toBe("keep");
    expect(gcDecision(d, [])).toBe("keep");
    expect(gcDecision({ ...p, metadata: { ...p.metadata, deletionTimestamp: "2024-12-11T00:00:00Z" } }, ["dangling"])).toBe("keep");
  });
});
