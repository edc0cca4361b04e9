import type { Deployment, Node, Pod, PodTemplateSpec, ReplicaSet } from "../api/types";
import { defaultDeployment } from "../apiserver/defaults";
import { rfc3339 } from "../time";

/** Small object builders for the controllers' unit tests (objects as the API server would store them). */

let uidSeq = 0;
export function uid(): string {
  return `00000000-0000-4000-8000-${String(++uidSeq).padStart(12, "0")}`;
}

export function template(labels: Record<string, string> = { app: "web" }, image = "nginx"): PodTemplateSpec {
  return { metadata: { labels }, spec: { containers: [{ name: "nginx", image }] } };
}

export function deployment(name: string, replicas: number, opts: { image?: string; generation?: number; strategy?: Deployment["spec"]["strategy"]; status?: Deployment["status"]; annotations?: Record<string, string> } = {}): Deployment {
  const labels = { app: name };
  return defaultDeployment({
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name, namespace: "default", uid: uid(), resourceVersion: "10", generation: opts.generation ?? 1, creationTimestamp: rfc3339(0), labels, ...(opts.annotations ? { annotations: opts.annotations } : {}) },
    spec: { replicas, selector: { matchLabels: labels }, template: template(labels, opts.image ?? "nginx"), strategy: opts.strategy ?? ({} as Deployment["spec"]["strategy"]) } as unknown as Deployment["spec"],
    status: opts.status ?? {},
  } as Deployment);
}

export function pod(name: string, opts: { node?: string; phase?: Pod["status"]["phase"]; ready?: boolean; readySince?: number; created?: number; deleting?: boolean; owner?: { kind: string; name: string; uid: string }; labels?: Record<string, string>; restarts?: number; ip?: string; uid?: string; namespace?: string } = {}): Pod {
  const p: Pod = {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name,
      namespace: opts.namespace ?? "default",
      uid: opts.uid ?? uid(),
      resourceVersion: "5",
      creationTimestamp: rfc3339(opts.created ?? 0),
      labels: opts.labels ?? { app: "web" },
      ...(opts.owner ? { ownerReferences: [{ apiVersion: "apps/v1", kind: opts.owner.kind, name: opts.owner.name, uid: opts.owner.uid, controller: true, blockOwnerDeletion: true }] } : {}),
      ...(opts.deleting ? { deletionTimestamp: rfc3339(opts.created ?? 0), deletionGracePeriodSeconds: 30 } : {}),
    },
    spec: { containers: [{ name: "nginx", image: "nginx" }], ...(opts.node ? { nodeName: opts.node } : {}) },
    status: { phase: opts.phase ?? (opts.node ? "Running" : "Pending") },
  };
  if (opts.ready !== undefined) {
    p.status.conditions = [{ type: "Ready", status: opts.ready ? "True" : "False", lastProbeTime: null, lastTransitionTime: rfc3339(opts.readySince ?? opts.created ?? 0) }];
  }
  if (opts.restarts !== undefined) {
    p.status.containerStatuses = [{ name: "nginx", state: { running: { startedAt: rfc3339(0) } }, lastState: {}, ready: !!opts.ready, restartCount: opts.restarts, image: "nginx", imageID: "" }];
  }
  if (opts.ip) {
    p.status.podIP = opts.ip;
    p.status.podIPs = [{ ip: opts.ip }];
  }
  return p;
}

export function node(name: string, opts: { ready?: "True" | "False" | "Unknown"; heartbeat?: number; created?: number; labels?: Record<string, string>; taints?: Node["spec"]["taints"]; unschedulable?: boolean } = {}): Node {
  const hb = rfc3339(opts.heartbeat ?? 0);
  const n: Node = {
    apiVersion: "v1",
    kind: "Node",
    metadata: { name, uid: uid(), resourceVersion: "3", creationTimestamp: rfc3339(opts.created ?? 0), labels: opts.labels ?? { "kubernetes.io/hostname": name } },
    spec: { ...(opts.taints ? { taints: opts.taints } : {}), ...(opts.unschedulable ? { unschedulable: true } : {}) },
    status: {
      capacity: {},
      allocatable: {},
      conditions: [],
      addresses: [],
      nodeInfo: {} as Node["status"]["nodeInfo"],
    },
  };
  if (opts.ready) {
    for (const type of ["MemoryPressure", "DiskPressure", "PIDPressure"] as const)
      n.status.conditions.push({ type, status: "False", lastHeartbeatTime: hb, lastTransitionTime: rfc3339(0), reason: `KubeletHasSufficient${type === "PIDPressure" ? "PID" : type.replace("Pressure", "")}`, message: "" });
    n.status.conditions.push({ type: "Ready", status: opts.ready, lastHeartbeatTime: hb, lastTransitionTime: rfc3339(0), reason: "KubeletReady", message: "kubelet is posting ready status" });
  }
  return n;
}

/** A replica set as the deployment controller would have created it, with a status. */
export function replicaSet(d: Deployment, name: string, replicas: number, status: Partial<ReplicaSet["status"]> = {}, created = 0, image?: string): ReplicaSet {
  const t = template(d.spec.template.metadata.labels, image ?? d.spec.template.spec.containers[0].image);
  const full = defaultDeployment({ ...d, spec: { ...d.spec, template: t } }).spec.template;
  return {
    apiVersion: "apps/v1",
    kind: "ReplicaSet",
    metadata: {
      name,
      namespace: "default",
      uid: uid(),
      resourceVersion: "20",
      generation: 1,
      creationTimestamp: rfc3339(created),
      labels: { ...full.metadata.labels, "pod-template-hash": name.split("-").pop()! },
      ownerReferences: [{ apiVersion: "apps/v1", kind: "Deployment", name: d.metadata.name, uid: d.metadata.uid, controller: true, blockOwnerDeletion: true }],
      annotations: { "deployment.kubernetes.io/revision": "1", "deployment.kubernetes.io/desired-replicas": String(d.spec.replicas), "deployment.kubernetes.io/max-replicas": String(d.spec.replicas + 1) },
    },
    spec: { replicas, selector: { matchLabels: { ...d.spec.selector.matchLabels, "pod-template-hash": name.split("-").pop()! } }, template: { ...full, metadata: { ...full.metadata, labels: { ...full.metadata.labels, "pod-template-hash": name.split("-").pop()! } } } },
    status: { replicas: status.replicas ?? 0, ...status, observedGeneration: 1 },
  };
}
