import type { Lesson } from "./types";

/**
 * Lesson 5: the only control plane dies. KUBERNETES.md §3.14 ("existing pods and services should
 * continue to work normally unless they depend on the Kubernetes API"; kubelets "continue to run the
 * same pods"; nothing can change: no scheduling, no node-failure handling), §1.2–1.3 (once the
 * controller-manager is back, a silent node is noticed after the grace period).
 */
export const masterDies: Lesson = {
  id: "master-dies",
  title: "The master dies",
  summary: "With the only control plane gone, running pods keep running, but nothing can change.",
  topology: { masters: 1, workers: 3 },
  seed: 1,
  speed: 8,
  steps: [
    {
      title: "A cluster with one control plane",
      narration:
        "This cluster has a single control-plane node (once called the master). It runs the API server, etcd, the scheduler and the controller manager. Three web pods run on the workers, and each kubelet renews its node's Lease every 10 seconds: the node's heartbeat.",
      actions: ["kubectl create deployment web --image=nginx --replicas=3"],
      // And the workers' heartbeats (a kubelet's first Lease comes about 10 s after it starts): step 2's
      // kubelets then fail to renew them, not to create them.
      waitFor: {
        all: [
          { pods: { deployment: "web", status: "Running", ready: true, count: 3 } },
          { lease: { namespace: "kube-node-lease", name: "worker-1" } },
          { lease: { namespace: "kube-node-lease", name: "worker-2" } },
          { lease: { namespace: "kube-node-lease", name: "worker-3" } },
        ],
      },
      maxTime: 90_000,
      highlight: ["control-plane-1"],
    },
    {
      title: "The control plane stops",
      narration:
        "We switch control-plane-1 off. The workers do not need it to keep going: each kubelet keeps its containers running and kube-proxy keeps its rules, so the web pods keep serving. The kubelets try to renew their leases and fail.",
      actions: ["stop node control-plane-1"],
      waitFor: { all: [{ machine: "control-plane-1", running: false }, { elapsed: 20_000 }] },
      maxTime: 30_000,
      highlight: ["control-plane-1", "worker-1", "worker-2", "worker-3"],
    },
    {
      title: "Nothing can change",
      narration:
        "We try to scale to 5. kubectl cannot reach any API server: it retries its first read for about 10 seconds, then reports a connection error. Without the API server nobody can read or change the cluster's state: no scaling, no scheduling, no new pods.",
      actions: ["kubectl scale deployment web --replicas=5"],
      waitFor: { result: { ok: false } },
      maxTime: 60_000,
      highlight: ["kubectl", "load-balancer"],
    },
    {
      title: "A worker dies, and nobody notices",
      narration:
        "Now worker-3 stops too. With the controller manager down, no one watches the heartbeats: worker-3 stays Ready in etcd and its pod is not replaced. Two minutes pass and nothing happens.",
      actions: ["stop node worker-3"],
      waitFor: { all: [{ elapsed: 120_000 }, { node: "worker-3", ready: "True" }] },
      maxTime: 130_000,
      highlight: ["worker-3"],
    },
    {
      title: "The control plane returns and catches up",
      narration:
        "We switch control-plane-1 back on. etcd still has everything; the API server, scheduler and controller manager start and list the cluster again. The controller manager starts with a new identity, so it first waits 15 seconds for the Lease its old self held to run out. Then its node lifecycle controller starts a fresh grace period for every node, hears nothing from worker-3, and marks it Unknown 50 seconds later: a little over a minute in all. From here it is the worker-dies story.",
      actions: ["start node control-plane-1"],
      waitFor: { node: "worker-3", ready: "Unknown" },
      maxTime: 150_000,
      highlight: ["control-plane-1", "worker-3"],
    },
  ],
};
