import type { Lesson } from "./types";

/**
 * Lesson 7: etcd quorum. KUBERNETES.md §3.12 (quorum = floor(n/2)+1: 2 of 3), §3.13 (majority loss:
 * "cannot accept more writes"; linearizable reads fail too; committed writes are never lost), §3.14
 * (with 2 of 3 down, creates and updates error or time out, running pods keep running, no scheduling,
 * no endpoint changes until quorum returns).
 */
export const etcdQuorum: Lesson = {
  id: "etcd-quorum",
  title: "etcd quorum",
  summary: "Lose one etcd member of three (fine), then two (writes fail), then recover.",
  topology: { masters: 3, workers: 2 },
  seed: 1,
  speed: 4,
  steps: [
    {
      title: "Three etcd members",
      narration:
        "etcd keeps every object of the cluster. Its three members agree through Raft: a write is committed once a majority, 2 of 3, has stored it. That majority is the quorum. With 3 members, one may fail.",
      actions: ["kubectl create deployment web --image=nginx --replicas=2"],
      waitFor: { all: [{ pods: { deployment: "web", status: "Running", ready: true, count: 2 } }, { etcd: { hasLeader: true } }] },
      maxTime: 90_000,
      highlight: ["etcd@control-plane-1", "etcd@control-plane-2", "etcd@control-plane-3"],
    },
    {
      title: "Lose one member: still fine",
      narration:
        "We stop one etcd member that is not the leader. The leader and the other member are still 2 of 3, a majority, so writes commit as before. We scale to 3 and it just works. The API server on that node talks only to its own etcd member: within a few seconds it fails its health checks, and the load balancer stops sending to it while the other two serve.",
      actions: ["stop etcd@{etcd-follower}", "kubectl scale deployment web --replicas=3"],
      waitFor: { pods: { deployment: "web", status: "Running", ready: true, count: 3 } },
      maxTime: 90_000,
      highlight: ["etcd@control-plane-1", "etcd@control-plane-2", "etcd@control-plane-3"],
    },
    {
      title: "Lose two: no quorum",
      narration:
        "Now we stop the leader as well. One member alone is not a majority: it cannot elect a leader or commit anything. Our scale to 4 fails: kubectl first reads the Deployment, and the API server gives up on that read after 60 seconds. The pods keep running: the kubelets do not need etcd to keep containers alive. But nothing can change: no scheduling, no endpoint updates.",
      actions: ["stop etcd@{etcd-leader}", "kubectl scale deployment web --replicas=4"],
      waitFor: { all: [{ result: { ok: false } }, { pods: { deployment: "web", status: "Running", count: 3 } }] },
      maxTime: 90_000,
      highlight: ["etcd@control-plane-1", "etcd@control-plane-2", "etcd@control-plane-3", "kubectl"],
    },
    {
      title: "One member returns: quorum again",
      narration:
        "We start one stopped member. Two of three can elect a leader again. Nothing etcd had acknowledged is lost: every committed write is on a majority of the members, and any two majorities share a member. Within a few seconds the API servers beside the two running members pass their health checks again; the third waits for its own member. Our scale to 4 does not happen now: the read that timed out was kubectl's first step, so the change itself was never sent.",
      actions: ["start etcd@{stopped-etcd}"],
      waitFor: { all: [{ etcd: { hasLeader: true } }, { elapsed: 10_000 }] },
      maxTime: 30_000,
      highlight: ["etcd@control-plane-1", "etcd@control-plane-2", "etcd@control-plane-3", "load-balancer"],
    },
    {
      title: "Writes work again",
      narration: "We scale to 5. This time the write commits at once, and the controllers and the scheduler, which had lost their Leases during the outage, elect leaders again and catch up.",
      actions: ["kubectl scale deployment web --replicas=5"],
      waitFor: { all: [{ result: { ok: true } }, { pods: { deployment: "web", status: "Running", ready: true, count: 5 } }] },
      maxTime: 90_000,
      highlight: ["pods/default/web-*"],
    },
    {
      title: "All three members",
      narration: "We start the last member. It rejoins as a follower and catches up from the leader's log, and the API server beside it serves again. The cluster can again lose any one member.",
      actions: ["start etcd@{stopped-etcd}"],
      waitFor: { all: [{ elapsed: 5_000 }, { etcd: { hasLeader: true } }] },
      maxTime: 30_000,
      highlight: ["etcd@control-plane-1", "etcd@control-plane-2", "etcd@control-plane-3"],
    },
  ],
};
