import type { KObject } from "./types";

/**
 * The API resources the simulation serves, with their group/version, kind, whether they are namespaced,
 * and their etcd key prefix as kube-apiserver stores them (k8s.io/kubernetes pkg/registry/.../storage:
 * nodes live under `minions`, services under `services/specs`).
 */
export interface ResourceInfo {
  resource: string;
  apiVersion: string;
  kind: string;
  namespaced: boolean;
  etcdPrefix: string;
  /** kubectl's short names, for the action parser. */
  aliases: string[];
}

export const RESOURCES: readonly ResourceInfo[] = [
  { resource: "pods", apiVersion: "v1", kind: "Pod", namespaced: true, etcdPrefix: "/registry/pods/", aliases: ["pod", "po"] },
  { resource: "nodes", apiVersion: "v1", kind: "Node", namespaced: false, etcdPrefix: "/registry/minions/", aliases: ["node", "no"] },
  { resource: "namespaces", apiVersion: "v1", kind: "Namespace", namespaced: false, etcdPrefix: "/registry/namespaces/", aliases: ["namespace", "ns"] },
  { resource: "services", apiVersion: "v1", kind: "Service", namespaced: true, etcdPrefix: "/registry/services/specs/", aliases: ["service", "svc"] },
  { resource: "events", apiVersion: "v1", kind: "Event", namespaced: true, etcdPrefix: "/registry/events/", aliases: ["event", "ev"] },
  { resource: "deployments", apiVersion: "apps/v1", kind: "Deployment", namespaced: true, etcdPrefix: "/registry/deployments/", aliases: ["deployment", "deploy"] },
  { resource: "replicasets", apiVersion: "apps/v1", kind: "ReplicaSet", namespaced: true, etcdPrefix: "/registry/replicasets/", aliases: ["replicaset", "rs"] },
  { resource: "leases", apiVersion: "coordination.k8s.io/v1", kind: "Lease", namespaced: true, etcdPrefix: "/registry/leases/", aliases: ["lease"] },
  { resource: "endpointslices", apiVersion: "discovery.k8s.io/v1", kind: "EndpointSlice", namespaced: true, etcdPrefix: "/registry/endpointslices/", aliases: ["endpointslice"] },
];

export type Resource =
  | "pods"
  | "nodes"
  | "namespaces"
  | "services"
  | "events"
  | "deployments"
  | "replicasets"
  | "leases"
  | "endpointslices";

const BY_RESOURCE = new Map(RESOURCES.map((r) => [r.resource, r]));
const BY_KIND = new Map(RESOURCES.map((r) => [r.kind, r]));

export function resourceInfo(resource: Resource): ResourceInfo {
  return BY_RESOURCE.get(resource)!;
}

export function resourceForKind(kind: string): ResourceInfo | undefined {
  return BY_KIND.get(kind);
}

/** Resolves what a user typed (`po`, `pods`, `deploy`) to a resource, or undefined. */
export function resolveResourceName(name: string): ResourceInfo | undefined {
  const n = name.toLowerCase();
  return RESOURCES.find((r) => r.resource === n || r.aliases.includes(n));
}

/** `namespace/name` for namespaced objects, `name` otherwise: the informer cache key (client-go's MetaNamespaceKeyFunc). */
export function objectKey(obj: KObject): string {
  return obj.metadata.namespace ? `${obj.metadata.namespace}/${obj.metadata.name}` : obj.metadata.name;
}

export function etcdKey(resource: Resource, namespace: string | undefined, name: string): string {
  const info = resourceInfo(resource);
  return info.namespaced ? `${info.etcdPrefix}${namespace}/${name}` : `${info.etcdPrefix}${name}`;
}

/** `pods/default/web-x` or `nodes/worker-1`: the `ref` a flow carries. */
export function refOf(resource: Resource, namespace: string | undefined, name: string): string {
  return namespace ? `${resource}/${namespace}/${name}` : `${resource}/${name}`;
}
