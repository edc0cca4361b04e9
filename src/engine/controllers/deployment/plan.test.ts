import { describe, expect, it } from "vitest";
import type { Deployment, ReplicaSet } from "../../api/types";
import { rfc3339 } from "../../time";
import { deployment, replicaSet, uid } from "../fixtures";
import { clone } from "../objects";
import { computeHash } from "./hash";
import { planDeploymentSync, type DeploymentOp } from "./plan";

const noPods = new Map();

function events(ops: DeploymentOp[]): string[] {
  return ops.flatMap((o) => ("event" in o && o.event ? [`${o.event.reason}: ${o.event.message}`] : []));
}

describe("planDeploymentSync: first rollout", () => {
  it("creates <name>-<pod-template-hash> with the hash label, owner reference and annotations, then writes status", () => {
    const d = deployment("web", 3);
    const { ops } = planDeploymentSync(d, [], noPods, 1000);
    expect(ops.map((o) => o.op)).toEqual(["createReplicaSet", "updateStatus", "updateStatus"]);
    const create = ops[0] as Extract<DeploymentOp, { op: "createReplicaSet" }>;
    const hash = computeHash(d.spec.template);
    const rs = create.rs;
    expect(rs.metadata.name).toBe(`web-${hash}`);
    expect(rs.metadata.labels).toEqual({ app: "web", "pod-template-hash": hash });
    expect(rs.spec.selector).toEqual({ matchLabels: { app: "web", "pod-template-hash": hash } });
    expect(rs.spec.template.metadata.labels).toEqual({ app: "web", "pod-template-hash": hash });
    expect(rs.spec.replicas).toBe(3);
    expect(rs.metadata.ownerReferences).toEqual([{ apiVersion: "apps/v1", kind: "Deployment", name: "web", uid: d.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    expect(rs.metadata.annotations).toEqual({
      "deployment.kubernetes.io/revision": "1",
      "deployment.kubernetes.io/desired-replicas": "3",
      "deployment.kubernetes.io/max-replicas": "4",
    });
    expect(events(ops)).toEqual([`ScalingReplicaSet: Scaled up replica set web-${hash} from 0 to 3`]);

    const first = (ops[1] as Extract<DeploymentOp, { op: "updateStatus" }>).deployment;
    expect(first.metadata.annotations).toEqual({ "deployment.kubernetes.io/revision": "1" });
    expect(first.status.conditions).toEqual([
      { type: "Progressing", status: "True", lastUpdateTime: rfc3339(1000), lastTransitionTime: rfc3339(1000), reason: "NewReplicaSetCreated", message: `Created new replica set "web-${hash}"` },
    ]);
    // The second status write reuses the deployment read from the cache: upstream it conflicts and is retried.
    const second = (ops[2] as Extract<DeploymentOp, { op: "updateStatus" }>).deployment;
    expect(second.metadata.resourceVersion).toBe(d.metadata.resourceVersion);
    expect(second.status).toMatchObject({ observedGeneration: 1, unavailableReplicas: 3 });
    expect(second.status.conditions?.map((c) => [c.type, c.status, c.reason, c.message])).toEqual([
      ["Progressing", "True", "NewReplicaSetCreated", `Created new replica set "web-${hash}"`],
      ["Available", "False", "MinimumReplicasUnavailable", "Deployment does not have minimum availability."],
    ]);
  });

  it("creates an empty replica set (and no event) for 0 replicas", () => {
    const { ops } = planDeploymentSync(deployment("web", 0), [], noPods, 0);
    expect((ops[0] as Extract<DeploymentOp, { op: "createReplicaSet" }>).rs.spec.replicas).toBe(0);
    expect(events(ops)).toEqual([]);
  });
});

describe("planDeploymentSync: scaling", () => {
  it("scales the only replica set up, with the upstream v1.32 wording", () => {
    const d = deployment("web", 5);
    const rs = replicaSet(deployment("web", 3), "web-abc", 3, { replicas: 3, availableReplicas: 3, readyReplicas: 3 });
    rs.spec.template = d.spec.template;
    rs.spec.template = { ...d.spec.template, metadata: { labels: { ...d.spec.template.metadata.labels, "pod-template-hash": "abc" } } };
    const own = { ...rs, metadata: { ...rs.metadata, ownerReferences: [{ ...rs.metadata.ownerReferences![0], uid: d.metadata.uid }] } };
    const { ops } = planDeploymentSync(d, [own], noPods, 0);
    const update = ops.find((o) => o.op === "updateReplicaSet") as Extract<DeploymentOp, { op: "updateReplicaSet" }>;
    expect(update.rs.spec.replicas).toBe(5);
    expect(update.rs.metadata.annotations).toMatchObject({ "deployment.kubernetes.io/desired-replicas": "5", "deployment.kubernetes.io/max-replicas": "7" });
    expect(events(ops)).toEqual(["ScalingReplicaSet: Scaled up replica set web-abc from 3 to 5"]);
  });

  it("scales down with 'Scaled down replica set ... from 5 to 3'", () => {
    const d = deployment("web", 3);
    const rs = replicaSet(deployment("web", 5), "web-abc", 5, { replicas: 5, availableReplicas: 5 });
    rs.spec.template = { ...d.spec.template, metadata: { labels: { ...d.spec.template.metadata.labels, "pod-template-hash": "abc" } } };
    const { ops } = planDeploymentSync(d, [rs], noPods, 0);
    expect(events(ops)).toEqual(["ScalingReplicaSet: Scaled down replica set web-abc from 5 to 3"]);
  });
});

/**
 * A tiny world: the planner's writes are applied, the replica sets get the pods they ask for, and new
 * pods become available one step after they appear (old ones are available already).
 */
function rollout(d0: Deployment, rss0: ReplicaSet[], steps = 40) {
  let d = clone(d0);
  let rss = rss0.map((r) => clone(r));
  const log: string[] = [];
  const maxPods: number[] = [];
  const available: number[] = [];
  for (let t = 1; t <= steps; t++) {
    const now = t * 1000;
    const { ops } = planDeploymentSync(d, rss, noPods, now);
    for (const op of ops) {
      if (op.op === "createReplicaSet") rss.push({ ...clone(op.rs), metadata: { ...clone(op.rs.metadata), uid: uid(), resourceVersion: "1", creationTimestamp: rfc3339(now), generation: 1 } });
      if (op.op === "updateReplicaSet") rss = rss.map((r) => (r.metadata.name === op.rs.metadata.name ? { ...clone(op.rs), status: r.status } : r));
      if (op.op === "deleteReplicaSet") rss = rss.filter((r) => r.metadata.name !== op.rs.metadata.name);
      if (op.op === "updateStatus") d = { ...d, metadata: { ...d.metadata, annotations: op.deployment.metadata.annotations }, status: op.deployment.status };
      if ("event" in op && op.event) log.push(op.event.message);
    }
    // The ReplicaSet controller and the kubelets: pods follow spec.replicas, new pods are available a step later.
    for (const r of rss) {
      const prev = r.status.replicas;
      const avail = Math.min(r.spec.replicas, Math.max(r.status.availableReplicas ?? 0, prev));
      r.status = { ...r.status, replicas: r.spec.replicas, readyReplicas: avail, availableReplicas: avail, observedGeneration: 1 };
    }
    maxPods.push(rss.reduce((n, r) => n + r.spec.replicas, 0));
    available.push(rss.reduce((n, r) => n + (r.status.availableReplicas ?? 0), 0));
  }
  return { d, rss, log, maxPods, available };
}

describe("rolling update (3 replicas: surge 1, unavailable 0)", () => {
  it("never has more than 4 pods nor fewer than 3 available, and ends on the new replica set", () => {
    const first = rollout(deployment("web", 3), [], 6);
    expect(first.available.at(-1)).toBe(3);
    const v2 = { ...first.d, metadata: { ...first.d.metadata, generation: 2 }, spec: { ...first.d.spec, template: { ...first.d.spec.template, spec: { ...first.d.spec.template.spec, containers: [{ ...first.d.spec.template.spec.containers[0], image: "nginx:1.27" }] } } } };
    const second = rollout(v2, first.rss, 30);
    expect(Math.max(...second.maxPods)).toBeLessThanOrEqual(4);
    expect(Math.min(...second.available)).toBeGreaterThanOrEqual(3);
    const oldName = first.rss[0].metadata.name;
    const newRS = second.rss.find((r) => r.metadata.name !== oldName)!;
    expect(newRS.spec.replicas).toBe(3);
    expect(second.rss.find((r) => r.metadata.name === oldName)!.spec.replicas).toBe(0);
    expect(newRS.metadata.annotations?.["deployment.kubernetes.io/revision"]).toBe("2");
    expect(second.d.metadata.annotations?.["deployment.kubernetes.io/revision"]).toBe("2");
    const n = newRS.metadata.name;
    expect(second.log).toEqual([
      `Scaled up replica set ${n} from 0 to 1`,
      `Scaled down replica set ${oldName} from 3 to 2`,
      `Scaled up replica set ${n} from 1 to 2`,
      `Scaled down replica set ${oldName} from 2 to 1`,
      `Scaled up replica set ${n} from 2 to 3`,
      `Scaled down replica set ${oldName} from 1 to 0`,
    ]);
    const progressing = second.d.status.conditions?.find((c) => c.type === "Progressing");
    expect(progressing).toMatchObject({ status: "True", reason: "NewReplicaSetAvailable", message: `ReplicaSet "${n}" has successfully progressed.` });
    expect(second.d.status.conditions?.find((c) => c.type === "Available")).toMatchObject({ status: "True", reason: "MinimumReplicasAvailable", message: "Deployment has minimum availability." });
    expect(second.d.status).toMatchObject({ replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3, observedGeneration: 2 });
  });

  it("with 1 replica surges to 2 pods and keeps 1 available", () => {
    const first = rollout(deployment("one", 1), [], 4);
    const v2 = { ...first.d, metadata: { ...first.d.metadata, generation: 2 }, spec: { ...first.d.spec, template: { ...first.d.spec.template, spec: { ...first.d.spec.template.spec, containers: [{ name: "nginx", image: "nginx:2" }] } } } };
    const second = rollout(v2, first.rss, 10);
    expect(Math.max(...second.maxPods)).toBe(2);
    expect(Math.min(...second.available)).toBeGreaterThanOrEqual(1);
  });

  it("with 10 replicas (surge 3, unavailable 2) stays within 13 pods and 8 available", () => {
    const first = rollout(deployment("ten", 10), [], 4);
    const v2 = { ...first.d, metadata: { ...first.d.metadata, generation: 2 }, spec: { ...first.d.spec, template: { ...first.d.spec.template, spec: { ...first.d.spec.template.spec, containers: [{ name: "nginx", image: "nginx:2" }] } } } };
    const second = rollout(v2, first.rss, 20);
    expect(Math.max(...second.maxPods)).toBe(13);
    expect(Math.min(...second.available)).toBeGreaterThanOrEqual(8);
    expect(second.rss.reduce((n, r) => n + r.spec.replicas, 0)).toBe(10);
  });
});

describe("progress deadline", () => {
  it("reports ProgressDeadlineExceeded once progressDeadlineSeconds pass without progress, and requeues for it before", () => {
    const d = deployment("web", 3);
    const hash = computeHash(d.spec.template);
    const rs = replicaSet(d, `web-${hash}`, 3, { replicas: 3 });
    rs.spec.template = { ...d.spec.template, metadata: { ...d.spec.template.metadata, labels: { ...d.spec.template.metadata.labels, "pod-template-hash": hash } } };
    d.metadata.annotations = { "deployment.kubernetes.io/revision": "1" };
    d.status = {
      observedGeneration: 1,
      replicas: 3,
      updatedReplicas: 3,
      unavailableReplicas: 3,
      conditions: [
        { type: "Available", status: "False", lastUpdateTime: rfc3339(0), lastTransitionTime: rfc3339(0), reason: "MinimumReplicasUnavailable", message: "Deployment does not have minimum availability." },
        { type: "Progressing", status: "True", lastUpdateTime: rfc3339(0), lastTransitionTime: rfc3339(0), reason: "ReplicaSetUpdated", message: `ReplicaSet "web-${hash}" is progressing.` },
      ],
    };
    const early = planDeploymentSync(d, [rs], noPods, 100_000);
    expect(early.ops).toEqual([]);
    expect(early.requeueAfter).toBe(600_000 - 100_000 + 1000);
    const late = planDeploymentSync(d, [rs], noPods, 600_001);
    const st = (late.ops.find((o) => o.op === "updateStatus") as Extract<DeploymentOp, { op: "updateStatus" }>).deployment.status;
    expect(st.conditions?.find((c) => c.type === "Progressing")).toMatchObject({ status: "False", reason: "ProgressDeadlineExceeded", message: `ReplicaSet "web-${hash}" has timed out progressing.` });
  });
});
