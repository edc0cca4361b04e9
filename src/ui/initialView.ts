import type { ClusterView, ComponentView, MachineView } from "./clusterView";

// ---------------------------------------------------------------------------------------------
// TEMPORARY: a hard-coded picture so the page has something to draw. To be replaced by running
// the engine to a moment and mapping its snapshot to a ClusterView. Keep the signature.
// ---------------------------------------------------------------------------------------------

function components(machine: string, names: string[]): ComponentView[] {
  return names.map((name) => ({ name, id: `${name}@${machine}`, running: true }));
}

function worker(name: string, pods: string[]): MachineView {
  return {
    name,
    role: "worker",
    status: "Ready",
    components: components(name, ["kubelet", "kube-proxy", "containerd"]),
    pods: pods.map((pod) => ({ name: pod, status: "Running", ready: "1/1" })),
  };
}

export function buildInitialView(): ClusterView {
  return {
    time: 0,
    machines: [
      {
        name: "control-plane-1",
        role: "control-plane",
        status: "Ready",
        components: components("control-plane-1", [
          "kube-apiserver",
          "etcd",
          "kube-scheduler",
          "kube-controller-manager",
        ]),
        pods: [],
      },
      worker("worker-1", ["web-7d9c6b8f5d-x2x4q"]),
      worker("worker-2", ["web-7d9c6b8f5d-8kq7m"]),
      worker("worker-3", ["web-7d9c6b8f5d-tz5lw"]),
    ],
    pending: [],
    external: [
      { name: "kubectl", id: "kubectl", running: true },
      { name: "load-balancer", id: "load-balancer", running: true },
      { name: "image-registry", id: "image-registry", running: true },
    ],
  };
}
