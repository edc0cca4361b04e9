import { describe, expect, it } from "vitest";
import { driver } from "../testing/driver";
import type { Deployment, Pod, ReplicaSet } from "../api/types";
import type { ApiMessage } from "../api/wire";

/** Pods that are not being deleted. */
const live = (pods: Pod[]) => pods.filter((p) => !p.metadata.deletionTimestamp);

describe("kube-controller-manager: kubectl create deployment web --image=nginx --replicas=3", () => {
  const d = driver(11);
  const requests: { user: string; userAgent: string; verb: string; resource: string }[] = [];
  const send = d.cluster.sim.send.bind(d.cluster.sim);
  d.cluster.sim.send = (from, to, kind, ref, body, extra) => {
    const m = body as ApiMessage;
    if (from.component === "kube-controller-manager" && m?.kind === "request") requests.push({ user: m.req.user, userAgent: m.req.userAgent, verb: m.req.verb, resource: m.req.resource });
    return send(from, to, kind, ref, body, extra);
  };
  d.advance(30_000);
  d.run("kubectl create deployment web --image=nginx --replicas=3");
  d.advance(60_000);

  it("makes one ReplicaSet web-<pod-template-hash>, labelled, selecting and owned as upstream", () => {
    const [dep] = d.objects<Deployment>("Deployment");
    const rss = d.objects<ReplicaSet>("ReplicaSet");
    expect(rss).toHaveLength(1);
    const rs = rss[0];
    const hash = rs.metadata.labels!["pod-template-hash"];
    expect(rs.metadata.name).toBe(`web-${hash}`);
    expect(rs.metadata.labels).toEqual({ app: "web", "pod-template-hash": hash });
    expect(rs.spec.selector.matchLabels).toEqual({ app: "web", "pod-template-hash": hash });
    expect(rs.metadata.ownerReferences).toEqual([{ apiVersion: "apps/v1", kind: "Deployment", name: "web", uid: dep.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    expect(rs.metadata.annotations).toEqual({ "deployment.kubernetes.io/revision": "1", "deployment.kubernetes.io/desired-replicas": "3", "deployment.kubernetes.io/max-replicas": "4" });
    expect(dep.metadata.annotations).toEqual({ "deployment.kubernetes.io/revision": "1" });
  });

  it("creates three pods <rs>-<5 chars> owned by the ReplicaSet, with one ScalingReplicaSet and three SuccessfulCreate events", () => {
    const rs = d.objects<ReplicaSet>("ReplicaSet")[0];
    const pods = d.pods();
    expect(pods).toHaveLength(3);
    for (const p of pods) {
      expect(p.metadata.name).toMatch(new RegExp(`^${rs.metadata.name}-[bcdfghjklmnpqrstvwxz2456789]{5}$`));
      expect(p.metadata.generateName).toBe(`${rs.metadata.name}-`);
      expect(p.metadata.labels).toEqual(rs.spec.template.metadata.labels);
      expect(p.metadata.ownerReferences).toEqual([{ apiVersion: "apps/v1", kind: "ReplicaSet", name: rs.metadata.name, uid: rs.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    }
    const depEvents = d.eventsFor("Deployment", "web");
    expect(depEvents.map((e) => [e.reason, e.message, e.source.component])).toEqual([["ScalingReplicaSet", `Scaled up replica set ${rs.metadata.name} from 0 to 3`, "deployment-controller"]]);
    const rsEvents = d.eventsFor("ReplicaSet", rs.metadata.name);
    expect(rsEvents.map((e) => `${e.reason}: ${e.message}`).sort()).toEqual(pods.map((p) => `SuccessfulCreate: Created pod: ${p.metadata.name}`).sort());
    expect(rsEvents.every((e) => e.source.component === "replicaset-controller" && e.reportingComponent === "replicaset-controller")).toBe(true);
  });

  it("reports the rollout complete: Available and NewReplicaSetAvailable", () => {
    const [dep] = d.objects<Deployment>("Deployment");
    const rs = d.objects<ReplicaSet>("ReplicaSet")[0];
    expect(dep.status).toMatchObject({ observedGeneration: 1, replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3 });
    expect(dep.status.unavailableReplicas).toBeUndefined();
    expect(dep.status.conditions?.map((c) => [c.type, c.status, c.reason, c.message])).toEqual([
      ["Available", "True", "MinimumReplicasAvailable", "Deployment has minimum availability."],
      ["Progressing", "True", "NewReplicaSetAvailable", `ReplicaSet "${rs.metadata.name}" has successfully progressed.`],
    ]);
    expect(rs.status).toEqual({ replicas: 3, fullyLabeledReplicas: 3, readyReplicas: 3, availableReplicas: 3, observedGeneration: 1 });
  });

  it("talks to the API as each controller's service account, with the controller in the user agent", () => {
    const rsCreate = requests.find((r) => r.verb === "create" && r.resource === "replicasets")!;
    expect(rsCreate).toEqual({ user: "system:serviceaccount:kube-system:deployment-controller", userAgent: "kube-controller-manager/v1.32.0 (linux/amd64) kubernetes/70d3cc9/deployment-controller", verb: "create", resource: "replicasets" });
    const podCreate = requests.find((r) => r.verb === "create" && r.resource === "pods")!;
    expect(podCreate.user).toBe("system:serviceaccount:kube-system:replicaset-controller");
  });

  it("scales up and down with the v1.32 event wording and deletes the surplus pods", () => {
    const rs = d.objects<ReplicaSet>("ReplicaSet")[0].metadata.name;
    expect(d.run("kubectl scale deployment web --replicas=5")).toEqual({ ok: true, output: "deployment.apps/web scaled" });
    d.advance(30_000);
    expect(live(d.pods())).toHaveLength(5);
    d.run("kubectl scale deployment web --replicas=2");
    d.advance(5_000);
    expect(live(d.pods())).toHaveLength(2);
    const scaling = d.eventsFor("Deployment", "web").filter((e) => e.reason === "ScalingReplicaSet").map((e) => e.message);
    expect(scaling).toEqual([`Scaled up replica set ${rs} from 0 to 3`, `Scaled up replica set ${rs} from 3 to 5`, `Scaled down replica set ${rs} from 5 to 2`]);
    const deleted = d.eventsFor("ReplicaSet", rs).filter((e) => e.reason === "SuccessfulDelete");
    expect(deleted).toHaveLength(3);
    for (const e of deleted) expect(e.message).toMatch(new RegExp(`^Deleted pod: ${rs}-[a-z0-9]{5}$`));
    d.advance(60_000);
    expect(d.pods()).toHaveLength(2);
    expect(d.objects<Deployment>("Deployment")[0].status).toMatchObject({ replicas: 2, availableReplicas: 2, observedGeneration: 3 });
  });

  it("replaces a deleted pod at once (a Terminating pod is not counted)", () => {
    const before = live(d.pods()).map((p) => p.metadata.name);
    expect(d.run(`kubectl delete pod ${before[0]}`)).toEqual({ ok: true, output: `pod "${before[0]}" deleted` });
    d.advance(2_000);
    const after = live(d.pods()).map((p) => p.metadata.name);
    expect(after).toHaveLength(2);
    expect(after).not.toContain(before[0]);
    expect(after).toContain(before[1]);
    d.advance(60_000);
    expect(d.pods().filter((p) => p.status.phase === "Running")).toHaveLength(2);
  });

  it("after a restart lists and watches again through one shared informer per resource, and leaves the workload alone", () => {
    const podsBefore = live(d.pods()).map((p) => p.metadata.name).sort();
    requests.length = 0;
    expect(d.run("stop kube-controller-manager@control-plane-1").ok).toBe(true);
    d.advance(2_000);
    expect(d.run("start kube-controller-manager@control-plane-1").ok).toBe(true);
    // The new process has a new leader-election identity: it starts its controllers only once the
    // old process's Lease has gone unrenewed for leaseDuration (15 s) as it observes it.
    d.advance(25_000);
    const list = requests.find((r) => r.verb === "list" && r.resource === "pods")!;
    expect(list).toEqual({ user: "system:kube-controller-manager", userAgent: "kube-controller-manager/v1.32.0 (linux/amd64) kubernetes/70d3cc9/shared-informers", verb: "list", resource: "pods" });
    expect(requests.filter((r) => r.verb === "watch" && r.resource === "pods")).toHaveLength(1);
    expect(live(d.pods()).map((p) => p.metadata.name).sort()).toEqual(podsBefore);
    expect(requests.filter((r) => r.verb === "create" && r.resource !== "events")).toEqual([]);
  });

  it("garbage-collects the ReplicaSet and then its pods when the deployment is deleted", () => {
    expect(d.run("kubectl delete deployment web")).toEqual({ ok: true, output: 'deployment.apps "web" deleted' });
    d.advance(1_000);
    expect(d.objects("ReplicaSet")).toHaveLength(0);
    expect(d.pods().every((p) => p.metadata.deletionTimestamp)).toBe(true);
    d.advance(60_000);
    expect(d.pods()).toHaveLength(0);
    const gcDeletes = requests.filter((r) => r.verb === "delete" && r.userAgent.endsWith("/generic-garbage-collector"));
    expect(gcDeletes.map((r) => r.resource).sort()).toEqual(["pods", "pods", "replicasets"]);
  });
});

describe("determinism", () => {
  it("gives the same controller events for the same seed", () => {
    const run = () => {
      const d = driver(42);
      d.advance(20_000);
      d.run("kubectl create deployment web --image=nginx --replicas=4");
      d.advance(30_000);
      d.run("kubectl scale deployment web --replicas=1");
      d.advance(30_000);
      return d.events.map((e) => `${e.t} ${e.ev.involvedObject.kind}/${e.ev.involvedObject.name} ${e.ev.reason} ${e.ev.message}`);
    };
    expect(run()).toEqual(run());
  });
});

describe("a worker dies under a Deployment (full cluster, real kubelets)", () => {
  const d = driver(13);
  d.advance(30_000);
  d.run("kubectl create deployment web --image=nginx --replicas=3");
  d.advance(60_000);
  const onWorker2 = d.pods().filter((p) => p.spec.nodeName === "worker-2").map((p) => p.metadata.name);
  const stoppedAt = d.cluster.now;
  d.run("stop node worker-2");
  d.advance(420_000);

  it("has pods on worker-2 to lose", () => {
    expect(onWorker2.length).toBeGreaterThan(0);
  });

  it("marks worker-2 NotReady 40–60s after it died, and its pods not ready", () => {
    const nn = d.events.find((e) => e.ev.reason === "NodeNotReady" && e.ev.involvedObject.kind === "Node")!;
    expect(nn.ev.message).toBe("Node worker-2 status is now: NodeNotReady");
    expect(nn.ev.source.component).toBe("node-controller");
    expect(nn.t - stoppedAt).toBeGreaterThanOrEqual(40_000);
    expect(nn.t - stoppedAt).toBeLessThanOrEqual(60_000);
    const podEvents = d.events.filter((e) => e.ev.reason === "NodeNotReady" && e.ev.involvedObject.kind === "Pod").map((e) => e.ev.involvedObject.name);
    expect(podEvents.sort()).toEqual([...onWorker2].sort());
  });

  it("evicts its pods about 300s after the NoExecute taint, 340–360s after the node died, and replaces them", () => {
    const evictions = d.events.filter((e) => e.ev.reason === "TaintManagerEviction");
    expect(evictions.map((e) => e.ev.message).sort()).toEqual(onWorker2.map((n) => `Marking for deletion Pod default/${n}`).sort());
    for (const e of evictions) {
      expect(e.t - stoppedAt).toBeGreaterThanOrEqual(340_000);
      expect(e.t - stoppedAt).toBeLessThanOrEqual(366_000);
    }
    const live = d.pods().filter((p) => !p.metadata.deletionTimestamp);
    expect(live).toHaveLength(3);
    expect(live.every((p) => p.spec.nodeName !== "worker-2")).toBe(true);
    // The evicted pods stay Terminating: their kubelet is gone.
    for (const n of onWorker2) expect(d.pods().find((p) => p.metadata.name === n)?.metadata.deletionTimestamp).toBeDefined();
  });

  it("removes those Terminating pods 40–60s after the Node object is deleted (pod GC), and the node's Lease (GC)", () => {
    const deletedAt = d.cluster.now;
    expect(d.run("kubectl delete node worker-2")).toEqual({ ok: true, output: 'node "worker-2" deleted' });
    d.advance(39_000);
    expect(d.pods().filter((p) => onWorker2.includes(p.metadata.name))).toHaveLength(onWorker2.length);
    d.advance(25_000);
    expect(d.pods().filter((p) => onWorker2.includes(p.metadata.name))).toEqual([]);
    expect(d.cluster.now - deletedAt).toBeLessThanOrEqual(65_000);
    expect(d.objects("Lease").filter((l) => l.metadata.name === "worker-2")).toEqual([]);
  });
});
