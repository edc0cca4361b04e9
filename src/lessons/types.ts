/**
 * Lessons are data (shared/ARCHITECTURE.md: "lessons speak only the engine's action language"): a
 * cluster (topology and seed) and ordered steps. Each step says what to tell the class, which
 * action-language lines to run, what to wait for on the cluster, and what to point at on the canvas.
 *
 * A lesson file imports only types. src/lessons/runner.ts runs one (headless, in the CLI and tests, and
 * in the page's planning worker); src/ui/LessonPanel.tsx shows it.
 */
import type { SimTime } from "../engine/time";

export interface Lesson {
  /** Slug, used in links and `npm run sim -- --lesson ID`: `worker-dies`. */
  id: string;
  title: string;
  /** One sentence for the lesson picker. */
  summary: string;
  topology: { masters: number; workers: number };
  seed: number;
  /** Playback speed while a step plays out on the page (auto-pace still slows down for messages). Default 4. */
  speed?: number;
  steps: LessonStep[];
}

export interface LessonStep {
  /** A short heading; also the one-line summary the live region announces. */
  title: string;
  /** A few plain sentences for the class. */
  narration: string;
  /**
   * Action-language lines run, in order, when the step starts. A line may name what only the running
   * cluster knows, resolved when the step starts (the plan keeps the resolved line): `{pod:web}` (the
   * first pod of deployment web by name), `{pod:web@worker-2}` (on that node), `{etcd-leader}`,
   * `{etcd-follower}` (the first running member that is not the leader), `{lease-holder:kube-scheduler}`
   * (the node holding that kube-system Lease), `{stopped-node}`, `{stopped-etcd}` (the first stopped
   * machine or etcd member's node).
   */
  actions: string[];
  /** The step is over when this holds (checked every 10 ms of sim time). */
  waitFor: Condition;
  /** The most sim time (ms) the step may take before the condition must hold; the runner fails the step after it. */
  maxTime: SimTime;
  /**
   * What to point at on the canvas, by the canvas's ids (src/canvas/layout.ts): machine names
   * (`worker-2`), component ids (`kube-scheduler@control-plane-1`, `kubectl`, `load-balancer`,
   * `image-registry`), `unscheduled`, and pods by record id or prefix ending in `*`
   * (`pods/default/web-*`).
   */
  highlight: string[];
  /** Playback speed for this step on the page (default: the lesson's). */
  speed?: number;
}

/**
 * The wait-for language: small declarative conditions on the cluster's records (the API objects,
 * machines and components the page draws), the Events written since the step started, and the results
 * of the step's own actions. See conditions.ts for exactly what each one checks.
 */
export type Condition =
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition }
  /** Pods matching the query: `count` exactly, or at least `min` and at most `max` (default: at least one). */
  | { pods: PodQuery }
  /** Nodes matching the query (same counting). */
  | { nodes: NodeQuery }
  /** One Node: its Ready condition's status, cordon, a taint it has (`key` or `key:Effect`) or has not. */
  | { node: string; ready?: "True" | "False" | "Unknown"; unschedulable?: boolean; taint?: string; noTaint?: string }
  /** A Deployment's status counts. */
  | { deployment: string; replicas?: number; readyReplicas?: number; availableReplicas?: number }
  /** At least `count` (default 1) Events since the step started with this reason (and type, object kind/name prefix, message part). */
  | { event: { reason: string; type?: "Normal" | "Warning"; kind?: string; name?: string; message?: string; count?: number } }
  /** The EndpointSlices of a Service: how many endpoints are ready and how many are not. */
  | { endpoints: { service: string; namespace?: string; ready?: number; notReady?: number; minNotReady?: number } }
  /**
   * kube-proxy's rules for a Service on every running node (or on `node`): how many endpoints traffic
   * goes to, or (`matchesEndpoints`) exactly the ready endpoints of the Service's EndpointSlices.
   */
  | { proxy: { service: string; namespace?: string; endpoints?: number; matchesEndpoints?: boolean; node?: string } }
  | { machine: string; running: boolean }
  /** A component by id: `etcd@control-plane-2`. */
  | { component: string; running: boolean }
  /** etcd's Raft leader as the members report it: this member, any member, not this member, or none at all. */
  | { etcd: { leader?: string; hasLeader?: boolean; leaderNot?: string } }
  /** etcd has a leader, and it is not the one it had when the step started. */
  | { etcdLeaderChanged: true }
  /**
   * A leader-election Lease (`kube-system/NAME`): held from this node, not from that node, or changed
   * hands since the step started. With `namespace: "kube-node-lease"`, a node's heartbeat Lease: held
   * (written by its kubelet at least once).
   */
  | { lease: { name: string; namespace?: string; holderOn?: string; holderNotOn?: string; holderRunning?: boolean; changed?: boolean } }
  /**
   * Every action of this step has answered, and action number `action` (0-based; default the last) did
   * with `ok` as given, its output or error containing `includes`.
   */
  | { result: { ok: boolean; includes?: string; action?: number } }
  /** At least this much sim time (ms) since the step started. */
  | { elapsed: SimTime };

export interface PodQuery {
  /** Pods of `kubectl create deployment NAME` (label `app=NAME`). */
  deployment?: string;
  namespace?: string;
  /** Bound to this node / not to it. */
  node?: string;
  notNode?: string;
  /** `status.phase`. */
  phase?: "Pending" | "Running" | "Succeeded" | "Failed" | "Unknown";
  /** The STATUS column of `kubectl get pods`: `Running`, `Pending`, `Terminating`, `ContainerCreating`. */
  status?: string;
  /** The Ready condition is True (or not). */
  ready?: boolean;
  /** Has a deletionTimestamp (or not). */
  terminating?: boolean;
  /** Has a node (or not). */
  scheduled?: boolean;
  count?: number;
  min?: number;
  max?: number;
}

export interface NodeQuery {
  ready?: "True" | "False" | "Unknown";
  count?: number;
  min?: number;
  max?: number;
}

/** What the runner remembers from the moment a step starts, for conditions that compare with it. */
export interface StepBaseline {
  /** etcd's leader then (member name), or null. */
  etcdLeader: string | null;
  /** `namespace/name` → holderIdentity of every Lease in kube-system and kube-node-lease then. */
  leases: Record<string, string>;
}

/** One action's answer, as kubectl (or the machine controls) printed it. */
export interface StepResult {
  line: string;
  /** When it ran and when it answered (sim ms); `t` is undefined if it had not answered when the step ended. */
  at: SimTime;
  t?: SimTime;
  ok?: boolean;
  output?: string;
  error?: string;
}

/** A lesson as the runner needs it (what crosses to the planning worker). */
export interface LessonScript {
  id: string;
  seed: number;
  topology: { masters: number; workers: number };
  steps: Pick<LessonStep, "title" | "actions" | "waitFor" | "maxTime">[];
}

export interface PlannedStep {
  /** When the step's actions run (the previous step's end). */
  start: SimTime;
  /** When its condition first held (or when the runner gave up). */
  end: SimTime;
  met: boolean;
  baseline: StepBaseline;
  results: StepResult[];
}

/** A lesson run headless: when each step starts and ends, deterministic for (seed, topology, steps). */
export interface LessonPlan {
  lessonId: string;
  /** When every node first reported Ready: the first step starts here. */
  ready: SimTime;
  steps: PlannedStep[];
  /** Set when a step's condition did not hold within its maxTime (the plan stops at that step). */
  failure?: string;
}
