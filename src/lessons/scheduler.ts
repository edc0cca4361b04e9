import type { Lesson } from "./types";

/**
 * Lesson 3: how the scheduler decides. KUBERNETES.md §5.17 (default filter and score plugins),
 * §5.19 (FailedScheduling "0/N nodes are available: ..." with reasons sorted, then the preemption
 * message; PodScheduled=False, Unschedulable), §5.20 (the control-plane taint), §1.4 and §9.31
 * (cordon sets spec.unschedulable, which gives the node.kubernetes.io/unschedulable:NoSchedule taint),
 * §5.18 (an unschedulable pod is retried with a 1 s to 10 s backoff, and when the cluster changes).
 */
export const scheduler: Lesson = {
  id: "scheduler",
  title: "How the scheduler decides",
  summary: "Filters and scores, the control-plane taint, cordoning nodes, and a pod that fits nowhere.",
  topology: { masters: 1, workers: 3 },
  seed: 1,
  steps: [
    {
      title: "Filter, then score",
      narration:
        "We create 3 pods. For each one the scheduler first filters: which nodes can take this pod at all? control-plane-1 is filtered out because kubeadm gives it the taint node-role.kubernetes.io/control-plane:NoSchedule and our pods do not tolerate it. Then it scores the remaining workers and picks the highest. Spreading and balancing make the pods land on different workers.",
      actions: ["kubectl create deployment web --image=nginx --replicas=3"],
      waitFor: { pods: { deployment: "web", status: "Running", ready: true, count: 3 } },
      maxTime: 90_000,
      highlight: ["kube-scheduler@control-plane-1", "control-plane-1"],
    },
    {
      title: "Cordon a node",
      narration:
        "kubectl cordon worker-1 marks the node unschedulable (spec.unschedulable: true). The node lifecycle controller adds the taint node.kubernetes.io/unschedulable:NoSchedule. Pods already running there keep running: cordon only stops new pods from arriving.",
      actions: ["kubectl cordon worker-1"],
      waitFor: { node: "worker-1", unschedulable: true, taint: "node.kubernetes.io/unschedulable:NoSchedule" },
      maxTime: 30_000,
      highlight: ["worker-1"],
    },
    {
      title: "New pods avoid the cordoned node",
      narration:
        "We scale to 5. The two new pods pass the filter only on worker-2 and worker-3, so that is where they go. worker-1 still runs its one pod.",
      actions: ["kubectl scale deployment web --replicas=5"],
      waitFor: {
        all: [
          { pods: { deployment: "web", status: "Running", ready: true, count: 5 } },
          { pods: { deployment: "web", node: "worker-1", count: 1 } },
        ],
      },
      maxTime: 90_000,
      highlight: ["kube-scheduler@control-plane-1", "worker-2", "worker-3"],
    },
    {
      title: "Cordon the other workers",
      narration: "Now we cordon worker-2 and worker-3 as well. Every node is closed to new pods: the workers are cordoned and the control plane is tainted.",
      actions: ["kubectl cordon worker-2", "kubectl cordon worker-3"],
      waitFor: {
        all: [
          { node: "worker-2", unschedulable: true },
          { node: "worker-3", unschedulable: true },
        ],
      },
      maxTime: 30_000,
      highlight: ["worker-2", "worker-3"],
    },
    {
      title: "A pod that fits nowhere",
      narration:
        "We ask for a sixth pod. Every node fails the filter, so the scheduler records a Warning event FailedScheduling: \"0/4 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 3 node(s) were unschedulable.\" followed by why preemption would not help. The pod stays Pending with PodScheduled False, reason Unschedulable.",
      actions: ["kubectl scale deployment web --replicas=6"],
      waitFor: {
        all: [
          { event: { reason: "FailedScheduling", type: "Warning" } },
          { pods: { deployment: "web", scheduled: false, count: 1 } },
        ],
      },
      maxTime: 30_000,
      highlight: ["kube-scheduler@control-plane-1", "unscheduled"],
    },
    {
      title: "Uncordon, and the pod is placed",
      narration:
        "We uncordon worker-1. The scheduler retries an unschedulable pod when the cluster changes in a way that could help it (otherwise only after 5 minutes). Now worker-1 passes the filter and the waiting pod is bound there.",
      actions: ["kubectl uncordon worker-1"],
      waitFor: { pods: { deployment: "web", status: "Running", ready: true, count: 6 } },
      maxTime: 90_000,
      highlight: ["kube-scheduler@control-plane-1", "worker-1"],
    },
  ],
};
