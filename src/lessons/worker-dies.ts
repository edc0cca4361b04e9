import type { Lesson } from "./types";

/**
 * Lesson 4: a worker node dies. KUBERNETES.md §1.1 (kubelet Lease renewed every 10 s), §1.2–1.3
 * (node-monitor-period 5 s, grace 50 s on v1.32; Ready → Unknown, reason NodeStatusUnknown; pods set
 * Ready=False in the same pass), §1.4 (unreachable NoSchedule at once, NoExecute through the
 * rate-limited queue), §1.5 (DefaultTolerationSeconds: 300 s), §1.6 (TaintManagerEviction, the
 * replacement at once, the old pod Terminating until its kubelet comes back), §1.8 (one node in a
 * Normal zone is evicted normally).
 */
export const workerDies: Lesson = {
  id: "worker-dies",
  title: "A worker node dies",
  summary: "Heartbeats stop, the 50 s grace period, taints, the 300 s toleration, eviction and a replacement pod.",
  topology: { masters: 1, workers: 3 },
  seed: 1,
  speed: 8,
  steps: [
    {
      title: "Three pods on three workers",
      narration:
        "We start with a Deployment of 3 pods, one on each worker. Every 10 seconds each kubelet renews its node's Lease in the kube-node-lease namespace: that is the node's heartbeat. Watch the heartbeat line under each worker.",
      actions: ["kubectl create deployment web --image=nginx --replicas=3"],
      // And a heartbeat from worker-2 to stop: a kubelet's first Lease comes about 10 s after it starts
      // (its first try, before its Node exists, fails to set the Lease's owner and is not retried sooner).
      waitFor: { all: [{ pods: { deployment: "web", status: "Running", ready: true, count: 3 } }, { lease: { namespace: "kube-node-lease", name: "worker-2" } }] },
      maxTime: 90_000,
      highlight: ["kubelet@worker-1", "kubelet@worker-2", "kubelet@worker-3"],
    },
    {
      title: "worker-2 stops: the grace period",
      narration:
        "We switch worker-2 off. Its kubelet cannot tell anyone, and nothing happens at once. The node lifecycle controller in kube-controller-manager checks every 5 seconds when it last heard from each node. Only after 50 seconds of silence (the grace period in v1.32) does it mark worker-2's Ready condition Unknown (\"Kubelet stopped posting node status.\") and mark its pods not ready.",
      actions: ["stop node worker-2"],
      // And the pods marked not ready (their Warning NodeNotReady events, written in the same pass).
      waitFor: { all: [{ node: "worker-2", ready: "Unknown" }, { event: { reason: "NodeNotReady", type: "Warning" } }] },
      maxTime: 90_000,
      highlight: ["worker-2", "kube-controller-manager@control-plane-1"],
    },
    {
      title: "Taints",
      narration:
        "The controller taints the node node.kubernetes.io/unreachable with effect NoSchedule at once: no new pods go there. At its next check, about 5 seconds later, it adds the same taint with effect NoExecute: pods should leave. NoExecute taints go through a queue that lets at most one node in 10 seconds per zone through, so that a fault that seems to take out many nodes at once cannot evict all their pods together.",
      actions: [],
      waitFor: { node: "worker-2", taint: "node.kubernetes.io/unreachable:NoExecute" },
      maxTime: 30_000,
      highlight: ["worker-2", "kube-controller-manager@control-plane-1"],
    },
    {
      title: "Five minutes of patience",
      narration:
        "Every pod gets a toleration for the unreachable taint for 300 seconds, added by the API server when the pod is created. So the pod on worker-2 is allowed to stay 5 minutes, in case the node comes back. The 5 minutes count from the NoExecute taint: about 6 minutes after worker-2 went off. When the time is up, the taint eviction controller deletes it: event TaintManagerEviction, \"Marking for deletion Pod ...\".",
      actions: [],
      waitFor: { event: { reason: "TaintManagerEviction" } },
      maxTime: 330_000,
      highlight: ["pods/default/web-*", "kube-controller-manager@control-plane-1"],
    },
    {
      title: "A replacement elsewhere",
      narration:
        "A pod being deleted no longer counts, so the ReplicaSet controller creates a new one and the scheduler puts it on worker-1 or worker-3. The old pod shows Terminating: only worker-2's kubelet could confirm that its container stopped, and worker-2 is off.",
      actions: [],
      waitFor: {
        all: [
          { pods: { deployment: "web", status: "Running", ready: true, notNode: "worker-2", count: 3 } },
          { pods: { deployment: "web", node: "worker-2", status: "Terminating", count: 1 } },
        ],
      },
      maxTime: 60_000,
      highlight: ["pods/default/web-*", "kube-scheduler@control-plane-1"],
    },
    {
      title: "worker-2 comes back",
      narration:
        "We switch worker-2 on. Its kubelet posts status again, the node turns Ready and its taints are removed. The kubelet sees its old pod was deleted; its container went with the machine, so there is nothing to stop, and the Pod object goes away. Pods do not move back: the Deployment already has its 3 pods.",
      actions: ["start node worker-2"],
      waitFor: {
        all: [
          { node: "worker-2", ready: "True", noTaint: "node.kubernetes.io/unreachable" },
          { pods: { deployment: "web", count: 3 } },
        ],
      },
      maxTime: 120_000,
      highlight: ["worker-2"],
    },
  ],
};
