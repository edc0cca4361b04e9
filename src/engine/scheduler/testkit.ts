import type { Affinity, Container, Node, OwnerReference, Pod, Taint, Toleration, TopologySpreadConstraint } from "../api/types";
import { SchedulerCache } from "./cache";

/** Builders for hand-made nodes and pods in scheduler tests (st.MakeNode / st.MakePod in upstream tests). */

let uidSeq = 0;

export interface NodeOpts {
  cpu?: string;
  memory?: string;
  pods?: string;
  labels?: Record<string, string>;
  taints?: Taint[];
  unschedulable?: boolean;
  images?: { names: string[]; sizeBytes: number }[];
}

export function makeNode(name: string, o: NodeOpts = {}): Node {
  const alloc = { cpu: o.cpu ?? "4", memory: o.memory ?? "8Gi", pods: o.pods ?? "110" };
  return {
    apiVersion: "v1",
    kind: "Node",
    metadata: { name, uid: `node-uid-${name}`, resourceVersion: "1", creationTimestamp: "2024-12-11T00:00:00Z", labels: o.labels ?? { "kubernetes.io/hostname": name } },
    spec: { taints: o.taints, unschedulable: o.unschedulable },
    status: {
      capacity: alloc,
      allocatable: alloc,
      conditions: [],
      addresses: [],
      nodeInfo: {} as Node["status"]["nodeInfo"],
      images: o.images,
    },
  };
}

export interface PodOpts {
  ns?: string;
  uid?: string;
  cpu?: string;
  memory?: string;
  /** Replaces the single default container. */
  containers?: Container[];
  initContainers?: Container[];
  image?: string;
  labels?: Record<string, string>;
  nodeName?: string;
  tolerations?: Toleration[];
  nodeSelector?: Record<string, string>;
  affinity?: Affinity;
  hostPorts?: number[];
  priority?: number;
  preemptionPolicy?: string;
  owner?: OwnerReference;
  spread?: TopologySpreadConstraint[];
  deleting?: boolean;
  phase?: Pod["status"]["phase"];
}

export function makePod(name: string, o: PodOpts = {}): Pod {
  const requests: Record<string, string> = {};
  if (o.cpu !== undefined) requests.cpu = o.cpu;
  if (o.memory !== undefined) requests.memory = o.memory;
  const containers: Container[] = o.containers ?? [
    {
      name: "c",
      image: o.image ?? "nginx",
      ...(Object.keys(requests).length ? { resources: { requests } } : {}),
      ...(o.hostPorts ? { ports: o.hostPorts.map((p) => ({ containerPort: p, hostPort: p, protocol: "TCP" as const })) } : {}),
    },
  ];
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name,
      namespace: o.ns ?? "default",
      uid: o.uid ?? `pod-uid-${++uidSeq}`,
      resourceVersion: "1",
      creationTimestamp: "2024-12-11T00:00:00Z",
      labels: o.labels,
      ownerReferences: o.owner ? [o.owner] : undefined,
      deletionTimestamp: o.deleting ? "2024-12-11T00:01:00Z" : undefined,
    },
    spec: {
      containers,
      initContainers: o.initContainers,
      nodeName: o.nodeName,
      nodeSelector: o.nodeSelector,
      affinity: o.affinity,
      tolerations: o.tolerations,
      topologySpreadConstraints: o.spread,
      schedulerName: "default-scheduler",
      priority: o.priority ?? 0,
      preemptionPolicy: o.preemptionPolicy,
    },
    status: { phase: o.phase ?? "Pending" },
  };
}

/** A cache holding these nodes and (bound) pods. */
export function cacheWith(nodes: Node[], pods: Pod[] = []): SchedulerCache {
  const c = new SchedulerCache();
  for (const n of nodes) c.addNode(n);
  for (const p of pods) c.addPod(p);
  return c;
}

/** The control-plane taint kubeadm puts on control-plane nodes. */
export const CONTROL_PLANE_TAINT: Taint = { key: "node-role.kubernetes.io/control-plane", effect: "NoSchedule" };
