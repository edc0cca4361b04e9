/**
 * The page's state, as the canvas and the panels read it (Zustand, src/store/store.ts). Rebuilt from
 * the worker's stream: records keep their identity when unchanged, so memoized components subscribed
 * to one record by id skip re-rendering. Maps are replaced, never mutated.
 */
import type { Flow } from "../engine/sim";
import type { SimTime } from "../engine/time";
import type { Topology } from "../engine/topology";
import type { ComponentRecord, EventRecord, ForkNote, LoggedAction, MachineRecord, ObjectRecord, PlaybackStatus } from "../bridge/protocol";

/** What is selected for the inspector: a machine, a component or an API object, by record id. */
export type Selection = { rtype: "machine" | "component" | "object"; id: string } | null;

/** The anchor the canvas extrapolates sim time from between frames: now = time + (wallNow − wall) × rate, capped. */
export interface SimClock {
  /** Sim time of the last frame. */
  time: SimTime;
  /** `performance.now()` when that frame was applied. */
  wall: number;
  /** Sim ms per wall ms until the next frame (0 when paused). */
  rate: number;
  /** Never extrapolate beyond this sim time (the next queued engine event, where the pace may change). Unset: no limit but the wall-time cap. */
  until?: SimTime;
}

export interface CommandEntry {
  id: number;
  line: string;
  /** Sim time the result came back; undefined while pending. */
  t?: SimTime;
  ok?: boolean;
  output?: string;
  error?: string;
  /** Run in the past: where the timeline forked and which later actions it dropped. */
  forked?: ForkNote;
}

export interface ClusterState {
  // ---- the moment ----
  seed: number;
  topology: Topology;
  /** The action log of this timeline (what a link to this moment carries). */
  actions: LoggedAction[];
  clock: SimClock;
  hydrated: boolean;

  // ---- records (by id) ----
  machines: Record<string, MachineRecord>;
  components: Record<string, ComponentRecord>;
  objects: Record<string, ObjectRecord>;
  /** Flows in flight, by flow id. */
  flows: Record<number, Flow>;
  /** Newest last, at most EVENT_BACKLOG. */
  events: EventRecord[];

  // ---- playback ----
  playback: PlaybackStatus;

  // ---- UI state ----
  selection: Selection;
  commands: CommandEntry[];
  /** A plain-words problem (the worker crashed, a protocol mismatch); the page offers "Restart simulation". */
  error: string | null;
}

export interface ClusterActions {
  play(): void;
  pause(): void;
  togglePlay(): void;
  /** Advance to the next flow (not one of the `skip` kinds: those the canvas does not draw) and pause. */
  step(skip?: readonly string[]): void;
  setSpeed(speed: number): void;
  setAutoPace(on: boolean): void;
  /** Jump to a sim time on this timeline (back or forward). Acting after seeking back forks the timeline. */
  seek(time: SimTime): void;
  /** Runs an action-language line; resolves with its result. */
  command(line: string): Promise<CommandEntry>;
  select(selection: Selection): void;
  /** Rebuild from the seed and the action log (after a crash), at the same moment. */
  restart(): void;
  /**
   * Back to the start state: the default cluster with the `web` deployment being created; or, given a
   * moment (a link's, src/store/url.ts), the start state with its parts in place of the start state's.
   */
  reset(moment?: Partial<{ seed: number; topology: Topology; actions: LoggedAction[]; speed: number; autoPace: boolean; time: SimTime; paused: boolean }>): void;
  /**
   * Whether the state on the page shows everything the page has asked the simulation for: its last
   * message answered (src/bridge/protocol.ts, `PageMessage`), and no seek held back. Null when the
   * client does not number its messages (a test's fake).
   */
  settled(): boolean | null;
}

export type ClusterStore = ClusterState & ClusterActions;
