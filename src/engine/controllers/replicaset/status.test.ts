import { describe, expect, it } from "vitest";
import { deployment, pod, replicaSet } from "../fixtures";
import { calculateReplicaSetStatus, replicaSetStatusUnchanged } from "./status";

describe("calculateReplicaSetStatus", () => {
  it("counts replicas, fully labeled, ready and available (minReadySeconds) pods, omitting zeros", () => {
    const rs = replicaSet(deployment("web", 3), "web-abc", 3);
    rs.spec.minReadySeconds = 10;
    const labels = rs.spec.template.metadata.labels;
    const pods = [pod("a", { labels, ready: true, readySince: 0 }), pod("b", { labels, ready: true, readySince: 15_000 }), pod("c", { labels: { app: "web" } })];
    expect(calculateReplicaSetStatus(rs, pods, 20_000)).toEqual({ replicas: 3, fullyLabeledReplicas: 2, readyReplicas: 2, availableReplicas: 1, observedGeneration: 1 });
    expect(calculateReplicaSetStatus(rs, [], 0)).toEqual({ replicas: 0, observedGeneration: 1 });
  });

  it("has nothing to write in the steady state", () => {
    const rs = replicaSet(deployment("web", 1), "web-abc", 1, { replicas: 1 });
    expect(replicaSetStatusUnchanged(rs, { replicas: 1 })).toBe(true);
    expect(replicaSetStatusUnchanged(rs, { replicas: 1, readyReplicas: 1 })).toBe(false);
    expect(replicaSetStatusUnchanged({ ...rs, metadata: { ...rs.metadata, generation: 2 } }, { replicas: 1 })).toBe(false);
  });
});
