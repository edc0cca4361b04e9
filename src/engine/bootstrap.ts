import { etcdKey, type Resource } from "./api/resources";
import type { EndpointSlice, KObject, Namespace, Service } from "./api/types";
import type { Rng } from "./prng";
import { rfc3339 } from "./time";
import { controlPlaneIP, type Topology } from "./topology";

/** kubeadm's default Service subnet is 10.96.0.0/12; the `kubernetes` Service takes its first address. */
export const KUBERNETES_SERVICE_IP = "10.96.0.1";

/**
 * What etcd holds once `kubeadm init` has run and the API server has started: the four system
 * namespaces (created by the apiserver's system namespaces controller) and the `default/kubernetes`
 * Service with its EndpointSlice listing every API server (maintained by the apiserver's endpoint
 * reconciler, pkg/controlplane/reconcilers).
 */
export function bootstrapObjects(rng: Rng, topology: Topology): { key: string; object: KObject }[] {
  const meta = (name: string, namespace?: string, labels?: Record<string, string>) => ({
    name,
    ...(namespace ? { namespace } : {}),
    uid: rng.uuid(),
    resourceVersion: "",
    creationTimestamp: rfc3339(0),
    ...(labels ? { labels } : {}),
  });
  const out: { key: string; object: KObject }[] = [];
  const add = (resource: Resource, o: KObject) => out.push({ key: etcdKey(resource, o.metadata.namespace, o.metadata.name), object: o });

  for (const ns of ["default", "kube-node-lease", "kube-public", "kube-system"]) {
    const n: Namespace = {
      apiVersion: "v1",
      kind: "Namespace",
      metadata: meta(ns, undefined, { "kubernetes.io/metadata.name": ns }),
      spec: { finalizers: ["kubernetes"] },
      status: { phase: "Active" },
    };
    add("namespaces", n);
  }
  const svc: Service = {
    apiVersion: "v1",
    kind: "Service",
    metadata: meta("kubernetes", "default", { component: "apiserver", provider: "kubernetes" }),
    spec: {
      ports: [{ name: "https", protocol: "TCP", port: 443, targetPort: 6443 }],
      type: "ClusterIP",
      clusterIP: KUBERNETES_SERVICE_IP,
      clusterIPs: [KUBERNETES_SERVICE_IP],
      sessionAffinity: "None",
      ipFamilies: ["IPv4"],
      ipFamilyPolicy: "SingleStack",
      internalTrafficPolicy: "Cluster",
    },
    status: { loadBalancer: {} },
  };
  add("services", svc);
  const addresses: string[] = [];
  for (let i = 1; i <= topology.masters; i++) addresses.push(controlPlaneIP(i));
  const eps: EndpointSlice = {
    apiVersion: "discovery.k8s.io/v1",
    kind: "EndpointSlice",
    metadata: meta("kubernetes", "default", { "kubernetes.io/service-name": "kubernetes", "endpointslice.kubernetes.io/managed-by": "endpointslice-controller.k8s.io" }),
    addressType: "IPv4",
    endpoints: addresses.map((ip) => ({ addresses: [ip], conditions: { ready: true } })),
    ports: [{ name: "https", port: 6443, protocol: "TCP" }],
  };
  add("endpointslices", eps);
  return out;
}
