import type { SimTime } from "../time";

/** A Raft member's role (etcd-io/raft StateType, with pre-vote's StatePreCandidate). */
export type RaftRole = "follower" | "pre-candidate" | "candidate" | "leader";

/**
 * What the page shows of one etcd member: its Raft role and term, the leader it follows, how far its
 * log is committed and applied, and when its election timer fires.
 */
export interface RaftStatus {
  /** etcd member name: the control-plane node's name, as kubeadm names stacked members. */
  member: string;
  role: RaftRole;
  term: number;
  /** The member name of the leader it knows of, or null during an election. */
  leader: string | null;
  commitIndex: number;
  appliedIndex: number;
  lastLogIndex: number;
  /** Sim time at which its randomized election timeout fires (null for a leader or a stopped member). */
  electionDeadline: SimTime | null;
  /** The length of its current randomized election timeout, in ms (1000–1999 by default). */
  electionTimeoutMs: number;
  /** Members in the cluster (voters), and how many of them this member can currently reach (leader's view). */
  clusterSize: number;
  /**
   * The leader's view of how many members (itself included) answered it since its last CheckQuorum
   * (etcd-io/raft Progress.RecentActive); null when this member is not the leader.
   */
  reachable: number | null;
  /** Votes needed for a decision: floor(clusterSize / 2) + 1 (etcd-io/raft quorum/majority.go). */
  quorum: number;
  /** Whether the etcd process runs (a stopped member keeps its term and log on disk). */
  running: boolean;
}
