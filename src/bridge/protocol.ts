/**
 * The worker protocol: the only description of the messages between the page and the simulation
 * (shared/ARCHITECTURE.md, "The worker protocol"). Discriminated unions keyed by `type`. Only
 * src/bridge/ calls postMessage.
 *
 * Worker → page: `hydrate` first (a full snapshot), then `frame`s (a diff of records, flows started
 * and ended, new events), plus `commandResult`, `status` and `error`.
 * Page → worker: `init`, `command`, `play`, `pause`, `step`, `speed`, `autoPace`, `seek`, `ack`, and
 * `planLesson` (answered by `lessonPlan`).
 * Backpressure: one frame in flight; the worker merges diffs until the page acks the last frame.
 */
import type { Flow } from "../engine/sim";
import type { KObject } from "../engine/api/types";
import type { SimTime } from "../engine/time";
import type { Topology } from "../engine/topology";
import type { RaftStatus } from "../engine/etcd/status";
import type { ProxyRules } from "../engine/kubeproxy/rules";
import type { LessonPlan, LessonScript } from "../lessons/types";

export const PROTOCOL_VERSION = 1;

/** A machine: a control-plane node, a worker, or an external box (kubectl, load balancer, registry). */
export interface MachineRecord {
  rtype: "machine";
  /** The machine name, e.g. `worker-2`. */
  id: string;
  role: "control-plane" | "worker" | "external";
  running: boolean;
  partitioned: boolean;
}

/**
 * A component (an actor): `kube-scheduler@control-plane-1`, `kubelet@worker-2`, `kubectl`. `detail`
 * carries what the inspector and the canvas show for that kind of component, as plain data.
 */
export interface ComponentRecord {
  rtype: "component";
  id: string;
  machine: string;
  /** `kube-apiserver`, `etcd`, `kube-scheduler`, `kube-controller-manager`, `kubelet`, `kube-proxy`, `containerd`, `kubectl`, `load-balancer`, `image-registry`. */
  component: string;
  running: boolean;
  detail?: ComponentDetail;
}

export type ComponentDetail =
  | { kind: "kube-scheduler"; active: boolean; lastDecision: SchedulerDecisionView | null }
  | { kind: "kube-controller-manager"; active: boolean }
  /** `healthy`: its last `/healthz` etcd check passed (the load balancer's health checks run it). */
  | { kind: "kube-apiserver"; ready: boolean; healthy?: boolean }
  /**
   * An etcd member: its store's revision and key count, and its Raft status (src/engine/etcd/status.ts,
   * flat; optional only so hand-made fixtures may leave it out — the simulation always sets it).
   */
  | ({ kind: "etcd"; revision: number; keys: number } & Partial<Omit<RaftStatus, "running">>)
  | { kind: "kubelet"; lastLeaseRenew: SimTime | null }
  /** `lastSync`: when it last wrote the node's rules (sim ms), null before its first sync. */
  | { kind: "kube-proxy"; rules: ProxyRules; lastSync: SimTime | null };

/** The scheduler's last decision, per node: the filter verdict and the weighted scores. */
export interface SchedulerDecisionView {
  pod: string;
  chosen: string | null;
  message: string | null;
  scorePlugins: { name: string; weight: number }[];
  nodes: {
    node: string;
    verdict: "feasible" | "filtered" | "not evaluated";
    plugin?: string;
    reasons?: readonly string[];
    scores?: Record<string, number>;
    total?: number;
  }[];
}

/** An API object as etcd holds it. `id` is `resource/namespace/name` or `resource/name`. Events are not records: they stream. */
export interface ObjectRecord {
  rtype: "object";
  id: string;
  resource: string;
  object: KObject;
}

export type SimRecord = MachineRecord | ComponentRecord | ObjectRecord;

/** A Kubernetes Event as `kubectl get events -w` shows it. */
export interface EventRecord {
  /** Sim time it was written (created or its count bumped). */
  t: SimTime;
  type: "Normal" | "Warning";
  reason: string;
  message: string;
  object: { kind: string; namespace?: string; name: string };
  /** Who reported it (`kubelet`, `default-scheduler`, `deployment-controller`, ...). */
  source: string;
  count: number;
}

export interface RecordDiff {
  added: SimRecord[];
  updated: SimRecord[];
  removed: string[];
}

/** What the worker is doing with time. */
export interface PlaybackStatus {
  playing: boolean;
  /** The user's speed, 0.1 to 100. */
  speed: number;
  autoPace: boolean;
  /** Sim ms per wall ms right now (auto-pacing changes it); the page interpolates with it between frames. 0 when paused. */
  rate: number;
  /**
   * The page never extrapolates sim time beyond this: the next queued engine event (or logged action),
   * where the pace may change. Equals the frame's `time` when paused. (Optional only so that hand-made
   * fixtures need not set it; the simulation always does.)
   */
  until?: SimTime;
  /** The furthest sim time this timeline has reached (the scrubber's end). */
  horizon: SimTime;
}

/** One line of the action log: what ran, and when in sim time. A moment is (seed, topology, log, time). */
export interface LoggedAction {
  at: SimTime;
  line: string;
}

// ---- worker → page ------------------------------------------------------------------------------

export interface HydrateMessage {
  type: "hydrate";
  version: number;
  seed: number;
  topology: Topology;
  actions: LoggedAction[];
  /** The playback clock: may be fractional (the engine's integer clock is `Math.floor(time)`). */
  time: SimTime;
  records: SimRecord[];
  /** Flows in flight at `time`. */
  flows: Flow[];
  /** The most recent events (at most EVENT_BACKLOG). */
  events: EventRecord[];
  status: PlaybackStatus;
  /** The message's JSON length, only when the page's `init` asked for `bench` measurements. */
  bytes?: number;
  /** The `ref` of the `init` this hydrate answers (absent on a seek's hydrate). */
  ref?: number;
  /** The `req` of the latest page message the simulation had handled when it sent this (see `PageMessage`). */
  answered?: number;
  /**
   * Set by the page's client, never by the simulation: this is the picture of the moment kept from an
   * earlier visit (src/bridge/momentCache.ts), shown while the simulation replays to it.
   */
  cached?: true;
}

export interface FrameMessage {
  type: "frame";
  /** Increasing; the page acks it. */
  seq: number;
  /** The playback clock: may be fractional (the engine's integer clock is `Math.floor(time)`). */
  time: SimTime;
  diff: RecordDiff;
  flowsStarted: Flow[];
  /** Ids of flows that arrived (or died) since the last frame. */
  flowsEnded: number[];
  events: EventRecord[];
  status: PlaybackStatus;
  /** The whole action log, present only when it changed since the last frame (a command was logged, or the timeline forked). */
  actions?: LoggedAction[];
  /** The message's JSON length, only when the page's `init` asked for `bench` measurements. */
  bytes?: number;
  /** The `req` of the latest page message the simulation had handled when it sent this (see `PageMessage`). */
  answered?: number;
}

export interface CommandResultMessage {
  type: "commandResult";
  /** The id the page gave the command. */
  id: number;
  line: string;
  t: SimTime;
  ok: boolean;
  output?: string;
  error?: string;
  /** The command was run in the past: the timeline forked at `at`, and these later logged actions were dropped. */
  forked?: ForkNote;
}

/** What acting in the past did to the timeline. */
export interface ForkNote {
  at: SimTime;
  dropped: LoggedAction[];
}

export interface ErrorMessage {
  type: "error";
  /** Plain words for the page: "The simulation stopped: ...". */
  message: string;
  fatal: boolean;
}

/** The answer to `planLesson`: when each step of the lesson starts and ends (src/lessons/runner.ts). */
export interface LessonPlanMessage {
  type: "lessonPlan";
  /** The id the page gave the request. */
  id: number;
  plan: LessonPlan;
}

/**
 * Never sent by the simulation: the page's client (./client.ts) says that the simulation answered up to
 * `answered` with a state the page already shows (a kept picture's live hydrate, the same picture), which
 * it does not deliver again.
 */
export interface AnsweredNote {
  type: "answered";
  answered: number;
}

export type WorkerMessage = HydrateMessage | FrameMessage | CommandResultMessage | ErrorMessage | LessonPlanMessage | AnsweredNote;

// ---- page → worker ------------------------------------------------------------------------------

/**
 * Every message but `ack` may carry `req`, a number the page's client gives each message it sends, in
 * increasing order. The simulation handles messages in order and says in each hydrate and frame which
 * it has handled last (`answered`), sending a frame after any message whose effect it has not reported
 * yet: once the page has a state with `answered` at least the `req` of its last message, that state
 * shows everything it asked for (the embed's `stepchanged` waits for this, src/embed/stepChanged.ts).
 */
export type PageMessage = PageRequest & { req?: number };

type PageRequest =
  /**
   * Build the cluster from (seed, topology, actions) at `time` (default 0) and hydrate; play or not (default: paused).
   * `bench`: stamp each hydrate and frame with its JSON length (`bytes`), for `npm run bench:ui`; costs worker time.
   * `ref`: echoed in the hydrate that answers it (the page's client numbers its inits).
   */
  | { type: "init"; version: number; seed: number; topology: Topology; actions: LoggedAction[]; time?: SimTime; play?: boolean; speed?: number; autoPace?: boolean; bench?: boolean; ref?: number }
  | { type: "command"; id: number; line: string }
  | { type: "play" }
  | { type: "pause" }
  /**
   * Run to the next flow start and pause there. `skip`: flow kinds not to stop on, the ones the canvas
   * does not draw (Raft heartbeats while "Show heartbeats" is off); they still run.
   */
  | { type: "step"; skip?: string[] }
  | { type: "speed"; speed: number }
  | { type: "autoPace"; on: boolean }
  | { type: "seek"; time: SimTime }
  | { type: "ack"; seq: number }
  /**
   * Run a lesson headless on a cluster of its own (the timeline is not touched) and answer with a
   * `lessonPlan`. The page asks a second worker, so the live cluster keeps playing meanwhile.
   */
  | { type: "planLesson"; id: number; lesson: LessonScript };

/** How many past events a hydrate carries and the page keeps. */
export const EVENT_BACKLOG = 500;
