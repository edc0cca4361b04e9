import type { Lesson } from "./types";

/**
 * Lesson 6: three control planes. KUBERNETES.md §3.11–3.13 (etcd Raft: heartbeats every 100 ms,
 * election timeout randomized 1000–1999 ms, pre-vote; a new leader in about one election timeout),
 * §3.12 (quorum of 3 is 2, so one member may fail), §2.9–2.10 (scheduler and controller-manager
 * leader election through Leases: 15 s lease, renew every 2 s, a standby takes over 15–20 s after the
 * last renewal, never sooner), issue 4 (the load balancer health-checks the API servers).
 */
export const highAvailability: Lesson = {
  id: "high-availability",
  title: "High availability",
  summary: "Three control planes: etcd elects a new Raft leader, and the scheduler and controller manager fail over through Leases.",
  topology: { masters: 3, workers: 3 },
  seed: 1,
  speed: 4,
  steps: [
    {
      title: "Three control planes",
      narration:
        "Each of the three control-plane nodes runs an API server, an etcd member, a scheduler and a controller manager. The load balancer spreads requests over the API servers. The etcd members elect one leader with Raft; every write goes through it. The schedulers and controller managers each elect a leader through a Lease object; the others wait on standby.",
      actions: ["kubectl create deployment web --image=nginx --replicas=3"],
      waitFor: {
        all: [
          { pods: { deployment: "web", status: "Running", ready: true, count: 3 } },
          { etcd: { hasLeader: true } },
          { lease: { name: "kube-scheduler" } },
          { lease: { name: "kube-controller-manager" } },
        ],
      },
      maxTime: 90_000,
      highlight: ["etcd@control-plane-1", "etcd@control-plane-2", "etcd@control-plane-3"],
    },
    {
      title: "The etcd leader stops",
      narration:
        "We stop the etcd member that is the Raft leader. The other two stop receiving its heartbeats (every 100 ms). After a random election timeout of 1 to 2 seconds one of them asks for votes, gets a majority (2 of 3), and becomes the new leader in a higher term (Raft numbers its elections in terms). Writes wait during the election and then go on.",
      actions: ["stop etcd@{etcd-leader}"],
      waitFor: { etcdLeaderChanged: true },
      maxTime: 15_000,
      highlight: ["etcd@control-plane-1", "etcd@control-plane-2", "etcd@control-plane-3"],
    },
    {
      title: "The etcd member comes back",
      narration: "We start the member again. It rejoins as a follower and catches up with the entries it missed from the leader.",
      actions: ["start etcd@{stopped-etcd}"],
      waitFor: { all: [{ elapsed: 5_000 }, { etcd: { hasLeader: true } }] },
      maxTime: 15_000,
      highlight: ["etcd@control-plane-1", "etcd@control-plane-2", "etcd@control-plane-3"],
    },
    {
      title: "The active scheduler stops",
      narration:
        "We stop the scheduler that holds the kube-scheduler Lease. It renewed the lease every 2 seconds; now nobody does. The standbys check every 2 to 4.4 seconds (2 seconds plus a random wait), but may take over only when 15 seconds have passed since they last saw it renewed. Then one of them writes its own name into the Lease and becomes the active scheduler (event LeaderElection). There is never more than one.",
      actions: ["stop kube-scheduler@{lease-holder:kube-scheduler}"],
      // And its LeaderElection event, which the narration points at (written just after the Lease).
      waitFor: { all: [{ lease: { name: "kube-scheduler", changed: true } }, { event: { reason: "LeaderElection", kind: "Lease", name: "kube-scheduler" } }] },
      maxTime: 40_000,
      highlight: ["kube-scheduler@control-plane-1", "kube-scheduler@control-plane-2", "kube-scheduler@control-plane-3"],
    },
    {
      title: "A whole control-plane node stops",
      narration:
        "Now we switch off the node whose controller manager is active. Its API server leaves the load balancer's rotation once the health checks fail, its etcd member stops answering (the other two are 2 of 3, still a majority), and about 15 to 24 seconds after the last renewal another controller manager takes the Lease.",
      actions: ["stop node {lease-holder:kube-controller-manager}"],
      waitFor: { all: [{ lease: { name: "kube-controller-manager", changed: true, holderRunning: true } }, { event: { reason: "LeaderElection", kind: "Lease", name: "kube-controller-manager" } }] },
      maxTime: 40_000,
      highlight: ["kube-controller-manager@control-plane-1", "kube-controller-manager@control-plane-2", "kube-controller-manager@control-plane-3"],
    },
    {
      title: "The cluster still works",
      narration: "We scale web to 5. The request reaches a live API server, etcd commits it with 2 of 3 members, and the new active controller manager and scheduler create and place the pods. A kubelet that was talking to the stopped node's API server through the load balancer gives up on that connection only after about 45 seconds. Until then its heartbeat is late, and a new pod on that worker waits to start.",
      actions: ["kubectl scale deployment web --replicas=5"],
      waitFor: { pods: { deployment: "web", status: "Running", ready: true, count: 5 } },
      maxTime: 90_000,
      highlight: ["load-balancer", "pods/default/web-*"],
    },
  ],
};
