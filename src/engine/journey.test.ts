import { describe, expect, it } from "vitest";
import { driver } from "./testing/driver";
import type { Deployment, Node, Pod, ReplicaSet } from "./api/types";

/**
 * The headline behaviours of issue 2, end to end through every component: kubectl → load balancer →
 * kube-apiserver → etcd → watches → controllers and scheduler → bind → kubelet → containerd.
 */
describe("kubectl create deployment nginx --image=nginx --replicas=3", () => {
  const d = driver(7);
  d.advance(30_000); // nodes register and turn Ready
  const created = d.run("kubectl create deployment nginx --image=nginx --replicas=3");
  d.advance(60_000);

  it("is accepted as kubectl prints it", () => {
    expect(created).toEqual({ ok: true, output: "deployment.apps/nginx created" });
  });

  it("makes one ReplicaSet nginx-<hash> owned by the Deployment, and announces the scale-up", () => {
    const [dep] = d.objects<Deployment>("Deployment");
    const rss = d.objects<ReplicaSet>("ReplicaSet");
    expect(rss).toHaveLength(1);
    const rs = rss[0];
    const hash = rs.metadata.labels!["pod-template-hash"];
    expect(rs.metadata.name).toBe(`nginx-${hash}`);
    expect(hash).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{6,10}$/);
    expect(rs.metadata.ownerReferences).toEqual([
      { apiVersion: "apps/v1", kind: "Deployment", name: "nginx", uid: dep.metadata.uid, controller: true, blockOwnerDeletion: true },
    ]);
    const scaling = d.eventsFor("Deployment", "nginx").filter((e) => e.reason === "ScalingReplicaSet");
    expect(scaling.map((e) => e.message)).toEqual([`Scaled up replica set ${rs.metadata.name} from 0 to 3`]);
  });

  it("runs three pods named <rs>-<5 chars>, all Running, none on the control plane", () => {
    const rs = d.objects<ReplicaSet>("ReplicaSet")[0];
    const pods = d.pods();
    expect(pods).toHaveLength(3);
    for (const p of pods) {
      expect(p.metadata.name).toMatch(new RegExp(`^${rs.metadata.name}-[bcdfghjklmnpqrstvwxz2456789]{5}$`));
      expect(p.status.phase).toBe("Running");
      expect(p.spec.nodeName).toMatch(/^worker-[123]$/);
      expect(p.status.conditions?.find((c) => c.type === "Ready")?.status).toBe("True");
      expect(p.status.containerStatuses?.[0].state.running).toBeDefined();
    }
    const rsEvents = d.eventsFor("ReplicaSet", rs.metadata.name).map((e) => `${e.reason}: ${e.message}`);
    expect(rsEvents.sort()).toEqual(pods.map((p) => `SuccessfulCreate: Created pod: ${p.metadata.name}`).sort());
  });

  it("gives every pod the event sequence Scheduled, Pulling, Pulled, Created, Started with kubelet's words", () => {
    for (const p of d.pods()) {
      const evs = d.eventsFor("Pod", p.metadata.name);
      expect(evs.map((e) => e.reason)).toEqual(["Scheduled", "Pulling", "Pulled", "Created", "Started"]);
      expect(evs[0].message).toBe(`Successfully assigned default/${p.metadata.name} to ${p.spec.nodeName}`);
      expect(evs[0].reportingComponent).toBe("default-scheduler");
      expect(evs[1].message).toBe('Pulling image "nginx"');
      expect(evs[2].message).toMatch(/^Successfully pulled image "nginx" in \d+(\.\d+)?m?s \(\d+(\.\d+)?m?s including waiting\)\. Image size: \d+ bytes\.$/);
      expect(evs[3].message).toBe("Created container: nginx");
      expect(evs[4].message).toBe("Started container nginx");
      for (const e of evs.slice(1)) expect(e.source).toEqual({ component: "kubelet", host: p.spec.nodeName });
    }
  });

  it("reports the Deployment available with 3 ready replicas", () => {
    const [dep] = d.objects<Deployment>("Deployment");
    expect(dep.status.readyReplicas).toBe(3);
    expect(dep.status.availableReplicas).toBe(3);
    expect(dep.status.conditions?.find((c) => c.type === "Available")?.status).toBe("True");
  });

  it("prints the pods as kubectl get pods does", () => {
    const out = d.run("kubectl get pods");
    expect(out.ok).toBe(true);
    const lines = (out as { output: string }).output.split("\n");
    expect(lines[0]).toMatch(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE$/);
    expect(lines.slice(1).filter((l) => /\s1\/1\s+Running\s+0\s/.test(l))).toHaveLength(3);
  });
});

describe("FailedScheduling when every worker is cordoned", () => {
  // v1.32 ends the message with one period: kubernetes/kubernetes#117588 (merged 2023-04, v1.28) removed the
  // doubled ".." that shared/KUBERNETES.md §19 quotes from a v1.26 cluster.
  it("explains why in the upstream format, reasons sorted, with the preemption tail", () => {
    const d = driver(3);
    d.advance(30_000);
    for (const w of ["worker-1", "worker-2", "worker-3"]) expect(d.run(`kubectl cordon ${w}`)).toEqual({ ok: true, output: `node/${w} cordoned` });
    d.advance(5_000);
    const nodes = d.objects<Node>("Node");
    expect(nodes.filter((n) => n.spec.unschedulable)).toHaveLength(3);
    d.run("kubectl create deployment web --image=nginx --replicas=1");
    d.advance(20_000);
    const [pod] = d.pods();
    expect(pod.spec.nodeName).toBeUndefined();
    const failed = d.eventsFor("Pod", pod.metadata.name).filter((e) => e.reason === "FailedScheduling");
    expect(failed.length).toBeGreaterThan(0);
    expect(failed[0].type).toBe("Warning");
    expect(failed[0].message).toBe(
      "0/4 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 3 node(s) were unschedulable. preemption: 0/4 nodes are available: 4 Preemption is not helpful for scheduling.",
    );
    const cond = pod.status.conditions?.find((c) => c.type === "PodScheduled");
    expect(cond).toMatchObject({ status: "False", reason: "Unschedulable" });
    expect((d.run("kubectl get pods") as { output: string }).output).toMatch(/0\/1\s+Pending/);
    // Uncordoning one worker lets the pod schedule there.
    d.run("kubectl uncordon worker-2");
    d.advance(30_000);
    const after = d.pods()[0] as Pod;
    expect(after.spec.nodeName).toBe("worker-2");
    expect(after.status.phase).toBe("Running");
  });
});
