import type { Lesson } from "./types";

/**
 * Lesson 2: the reconcile loop keeps the desired number of pods. KUBERNETES.md §4.15 (Deployment →
 * ReplicaSet → pods), §1.6 (a pod being deleted no longer counts: IsPodActive needs no
 * deletionTimestamp, so the ReplicaSet replaces it at once), §4.15.2 (terminationGracePeriodSeconds 30).
 */
export const desiredState: Lesson = {
  id: "desired-state",
  title: "Desired state",
  summary: "Delete a pod, scale up and down: the ReplicaSet controller keeps making the cluster match what you asked for.",
  topology: { masters: 1, workers: 3 },
  seed: 1,
  steps: [
    {
      title: "Ask for three pods",
      narration:
        "In Kubernetes you say what you want, not what to do. Here we ask for a Deployment named web with 3 replicas. That number is the desired state; the pods that exist are the actual state. Controllers keep comparing the two.",
      actions: ["kubectl create deployment web --image=nginx --replicas=3"],
      waitFor: { pods: { deployment: "web", status: "Running", ready: true, count: 3 } },
      maxTime: 90_000,
      highlight: ["kube-controller-manager@control-plane-1", "pods/default/web-*"],
    },
    {
      title: "Delete a pod",
      narration:
        "We delete one pod. It is marked for deletion and shows Terminating while its kubelet stops the container. A pod that is being deleted no longer counts, so the ReplicaSet controller sees 2 of 3 and creates a replacement at once (event SuccessfulCreate). Nobody told it to: it reconciles.",
      actions: ["kubectl delete pod {pod:web}"],
      waitFor: {
        all: [
          { event: { reason: "SuccessfulCreate" } },
          { pods: { deployment: "web", status: "Running", ready: true, terminating: false, count: 3 } },
        ],
      },
      maxTime: 90_000,
      highlight: ["kube-controller-manager@control-plane-1", "pods/default/web-*"],
    },
    {
      title: "The old pod is gone",
      narration:
        "The kubelet stopped the deleted pod's container and told the API server, which then removed the Pod object. The count is back to exactly what we asked for.",
      actions: [],
      waitFor: { pods: { deployment: "web", count: 3 } },
      maxTime: 60_000,
      highlight: ["pods/default/web-*"],
    },
    {
      title: "Scale up to five",
      narration:
        "Now we change the desired state: 5 replicas. kubectl only updates one number in the Deployment. The Deployment controller passes it to the ReplicaSet, the ReplicaSet controller creates two more pods, and the scheduler places them.",
      actions: ["kubectl scale deployment web --replicas=5"],
      waitFor: { pods: { deployment: "web", status: "Running", ready: true, count: 5 } },
      maxTime: 90_000,
      highlight: ["kube-controller-manager@control-plane-1", "kube-scheduler@control-plane-1", "pods/default/web-*"],
    },
    {
      title: "Scale down to two",
      narration:
        "Scaling down works the same way: the ReplicaSet controller sees 5 pods where 2 are wanted and deletes 3 (event SuccessfulDelete). They terminate gracefully and disappear.",
      actions: ["kubectl scale deployment web --replicas=2"],
      waitFor: { all: [{ event: { reason: "SuccessfulDelete", count: 3 } }, { pods: { deployment: "web", count: 2 } }] },
      maxTime: 90_000,
      highlight: ["kube-controller-manager@control-plane-1", "pods/default/web-*"],
    },
  ],
};
