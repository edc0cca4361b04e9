/**
 * The page's cluster store (Zustand): the records, flows and events rebuilt from the simulation's
 * stream, the playback state, the selection and the command history (src/store/types.ts).
 *
 * `useCluster` is the app's store, created on first use with a SimClient (a Web Worker) and started
 * in the start state; `createClusterStore(client)` makes another one (tests, stories). Non-React
 * code (the canvas's animation loop) reads it with `useCluster.getState()` and `simNow`.
 */
import { linkNotice } from "./linkNotices";
import { create, type StoreApi, type UseBoundStore } from "zustand";
import { SimClient, type SimConnection } from "../bridge/client";
import { MomentCache } from "../bridge/momentCache";
import { pagePictures } from "../bridge/shipped";
import { PROTOCOL_VERSION, type FrameMessage, type HydrateMessage, type LoggedAction, type WorkerMessage } from "../bridge/protocol";
import { DEFAULT_TOPOLOGY, type Topology } from "../engine/topology";
import type { SimTime } from "../engine/time";
import { applyFrame, applyHydrate } from "./apply";
import { BenchProbe, exposeBench } from "./benchProbe";
import type { ClusterState, ClusterStore, CommandEntry, SimClock } from "./types";
import { ignoredWarning, parseUrlMoment, type UrlMoment } from "./url";

/** The start state: the default cluster, and a 3-replica `web` deployment created just after the nodes register. */
export const START_SEED = 1;
export const START_TOPOLOGY: Topology = DEFAULT_TOPOLOGY;
export const START_ACTIONS: readonly LoggedAction[] = [{ at: 1000, line: "kubectl create deployment web --image=nginx --replicas=3" }];
/** The start state opens here: the nodes have registered (by 0.63 s with seed 1), the deployment comes at 1 s. */
export const START_TIME: SimTime = 900;
/**
 * The start state plays at 2× with auto-pace: one network hop takes ~0.2 s of wall time, slow enough
 * to follow a request token, and the three `web` pods are Running after about 50 s (at 1×, ~100 s).
 */
export const START_SPEED = 2;

/** The canvas extrapolates the sim clock at most this far past the last frame (wall ms). */
export const EXTRAPOLATE_MAX_WALL_MS = 250;
/** How many commands the history keeps. */
export const COMMAND_HISTORY = 200;

export type ClusterStoreHook = UseBoundStore<StoreApi<ClusterStore>>;

export interface ClusterStoreOptions {
  /** The wall clock frames are anchored to (default `performance.now`). */
  now?: () => number;
  /** Start at once (the app's store does): in the start state, with `moment`'s parts in place of its own. */
  start?: boolean;
  /** Where `start` opens: the parts given replace the start state's (from a link, src/store/url.ts). `reset()` still returns to the start state. */
  moment?: StartMoment;
  /** Records each worker message's main-thread cost (`?bench=1`, src/store/benchProbe.ts). */
  probe?: BenchProbe;
}

/** The parts of a moment a link sets. */
export type StartMoment = Partial<Pick<UrlMoment, "seed" | "topology" | "actions" | "speed" | "autoPace" | "time" | "paused">>;

/**
 * The sim time to draw at wall time `wallNow` (`performance.now()` in a requestAnimationFrame callback):
 * the last frame's time extrapolated at its rate, for at most EXTRAPOLATE_MAX_WALL_MS, and never past
 * `clock.until` (the next engine event, where the pace may change).
 */
export function simNow(state: { clock: SimClock }, wallNow: number): SimTime {
  const c = state.clock;
  if (!c.rate) return c.time;
  const dt = Math.min(Math.max(0, wallNow - c.wall), EXTRAPOLATE_MAX_WALL_MS);
  const t = c.time + dt * c.rate;
  return c.until === undefined ? t : Math.min(t, Math.max(c.time, c.until));
}

function initialState(now: number): ClusterState {
  return {
    seed: START_SEED,
    topology: START_TOPOLOGY,
    actions: [],
    clock: { time: 0, wall: now, rate: 0, until: 0 },
    hydrated: false,
    machines: {},
    components: {},
    objects: {},
    flows: {},
    events: [],
    playback: { playing: false, speed: 1, autoPace: true, rate: 0, until: 0, horizon: 0 },
    selection: null,
    commands: [],
    error: null,
  };
}

/** A cluster store talking to `client`. */
export function createClusterStore(client: SimConnection, opts: ClusterStoreOptions = {}): ClusterStoreHook {
  const now = opts.now ?? (() => performance.now());
  const probe = opts.probe;
  let nextCommandId = 1;
  const resolvers = new Map<number, (entry: CommandEntry) => void>();
  /** Scrubbing sends many seeks: one is in flight at a time, and only the latest waiting one is sent next. */
  let seekInFlight = false;
  let seekWaiting: number | null = null;
  /** The `req` of the latest page message the simulation says it has handled (`answered` in its states). */
  let answered = 0;
  /**
   * Inside an action that asks the simulation for something: several set the state before their message
   * is sent (the speed shows at once), and a listener must not take that state for a settled one.
   */
  let asking = 0;
  const asks =
    <A extends unknown[], R>(fn: (...args: A) => R) =>
    (...args: A): R => {
      asking++;
      try {
        return fn(...args);
      } finally {
        asking--;
      }
    };

  /** Records a command's result and resolves its promise. */
  const finishCommand = (entry: CommandEntry) => {
    const s = store.getState();
    if (!s.commands.some((c) => c.id === entry.id) && !resolvers.has(entry.id)) return;
    store.setState({ commands: s.commands.map((c) => (c.id === entry.id ? entry : c)) });
    const resolve = resolvers.get(entry.id);
    resolvers.delete(entry.id);
    resolve?.(entry);
  };

  /** Commands still waiting when the simulation is rebuilt or dies get a plain-words failure. */
  const failPending = (why: string) => {
    const s = store.getState();
    for (const c of s.commands) if (c.ok === undefined && resolvers.has(c.id)) finishCommand({ ...c, t: s.clock.time, ok: false, error: why });
  };

  type InitParams = Parameters<typeof init>;
  /**
   * The last init's parameters until its state arrives: a simulation that dies before that (say, while
   * replaying a link's moment) restarts at that moment, not at the empty state the page holds meanwhile.
   */
  let initWaiting: InitParams | null = null;
  const init = (seed: number, topology: Topology, actions: LoggedAction[], time: SimTime, play: boolean, speed: number, autoPace: boolean) => {
    seekInFlight = false;
    seekWaiting = null;
    initWaiting = [seed, topology, actions, time, play, speed, autoPace];
    client.send({ type: "init", version: PROTOCOL_VERSION, seed, topology, actions, time, play, speed, autoPace, ...(probe && { bench: true }) });
  };

  /**
   * Applies a hydrate or a frame (measured when benchmarking). The page could not apply what the
   * simulation sent: say so, and offer the restart, rather than freeze.
   */
  const applyOrFail = (what: string, msg: HydrateMessage | FrameMessage, apply: () => void): boolean => {
    try {
      if (probe) probe.measure(msg, apply);
      else apply();
      return true;
    } catch (e) {
      console.error(e);
      fail(`The page could not apply the simulation's ${what}: ${e instanceof Error ? e.message : String(e)}.`);
      return false;
    }
  };
  /** Whether the simulation was playing when it failed: a restart plays on (null: it has not failed). */
  let playingAtFailure: boolean | null = null;
  const fail = (message: string) => {
    seekInFlight = false;
    seekWaiting = null;
    playingAtFailure ??= store.getState().playback.playing;
    store.setState((s) => ({ error: message, playback: { ...s.playback, playing: false, rate: 0 }, clock: { ...s.clock, rate: 0 } }));
    failPending("The simulation stopped before this command finished.");
  };

  /** Opens the start state, with `m`'s parts in place of its own. */
  const open = asks((m: StartMoment) => {
    failPending("The simulation was reset before this command finished.");
    if (store.getState().error) client.restart();
    playingAtFailure = null;
    const speed = m.speed ?? START_SPEED;
    const autoPace = m.autoPace ?? true;
    // The speed and Auto-pace show at once, as the controls set them: until the new state comes, the old
    // timeline's frames still on their way do not set them back (the "frame" case below).
    store.setState((s) => ({ error: null, selection: null, playback: { ...s.playback, speed, autoPace } }));
    init(m.seed ?? START_SEED, m.topology ?? START_TOPOLOGY, (m.actions ?? START_ACTIONS).slice(), m.time ?? START_TIME, !m.paused, speed, autoPace);
  });

  const store = create<ClusterStore>()((set, get) => {
    return {
      ...initialState(now()),

      play: asks(() => {
        // The message first: a listener that pauses at once when playing starts (an embed while hidden,
        // src/embed/hiddenPause.ts) then sends its pause after this play, not before it.
        client.send({ type: "play" });
        set((s) => ({ playback: { ...s.playback, playing: true } }));
      }),
      pause: asks(() => {
        set((s) => ({ playback: { ...s.playback, playing: false } }));
        client.send({ type: "pause" });
      }),
      togglePlay: () => (get().playback.playing ? get().pause() : get().play()),
      step: asks((skip) => {
        set((s) => ({ playback: { ...s.playback, playing: false } }));
        client.send(skip?.length ? { type: "step", skip: [...skip] } : { type: "step" });
      }),
      setSpeed: asks((speed) => {
        set((s) => ({ playback: { ...s.playback, speed } }));
        client.send({ type: "speed", speed });
      }),
      setAutoPace: asks((on) => {
        set((s) => ({ playback: { ...s.playback, autoPace: on } }));
        client.send({ type: "autoPace", on });
      }),
      seek: asks((time) => {
        if (seekInFlight) {
          seekWaiting = time;
          return;
        }
        seekInFlight = true;
        client.send({ type: "seek", time });
      }),
      command: asks((line) => {
        const entry: CommandEntry = { id: nextCommandId++, line };
        if (get().error) {
          const failed: CommandEntry = { ...entry, t: get().clock.time, ok: false, error: "The simulation is not running: restart it first." };
          set((s) => ({ commands: s.commands.concat(failed).slice(-COMMAND_HISTORY) }));
          return Promise.resolve(failed);
        }
        const done = new Promise<CommandEntry>((resolve) => resolvers.set(entry.id, resolve));
        set((s) => {
          const commands = s.commands.concat(entry);
          return { commands: commands.length > COMMAND_HISTORY ? commands.slice(-COMMAND_HISTORY) : commands };
        });
        client.send({ type: "command", id: entry.id, line });
        return done;
      }),
      select: (selection) => set({ selection }),
      restart: asks(() => {
        const s = get();
        failPending("The simulation was restarted before this command finished.");
        client.restart();
        set({ error: null });
        const playing = playingAtFailure ?? s.playback.playing;
        playingAtFailure = null;
        if (initWaiting) init(...initWaiting);
        else init(s.seed, s.topology, s.actions, s.clock.time, playing, s.playback.speed, s.playback.autoPace);
      }),
      reset: (moment) => open(moment ?? {}),
      settled: () => (client.lastRequest ? asking === 0 && answered >= client.lastRequest() && seekWaiting === null : null),
    };
  });

  const onMessage = (msg: WorkerMessage) => {
    // Before the state is applied, so that its listeners see `settled()` as of this state.
    if ((msg.type === "hydrate" || msg.type === "frame" || msg.type === "answered") && msg.answered !== undefined) answered = msg.answered;
    switch (msg.type) {
      case "answered":
        // The state on the page is the answer: its listeners look again (`settled()`).
        store.setState({});
        return;
      case "hydrate": {
        if (!applyOrFail("state", msg, () => store.setState((s) => applyHydrate(s, msg, now())))) return;
        initWaiting = null;
        seekInFlight = false;
        if (seekWaiting !== null) {
          const t = seekWaiting;
          seekWaiting = null;
          store.getState().seek(t);
        }
        return;
      }
      case "frame": {
        const apply = (s: ClusterState) => {
          const patch = applyFrame(s, msg, now());
          // A frame of the timeline an init replaces: its speed and Auto-pace are no longer the page's.
          if (initWaiting && patch.playback) patch.playback = { ...patch.playback, speed: s.playback.speed, autoPace: s.playback.autoPace };
          return patch;
        };
        if (!applyOrFail("update", msg, () => store.setState(apply))) return;
        client.send({ type: "ack", seq: msg.seq });
        return;
      }
      case "commandResult": {
        const entry: CommandEntry = { id: msg.id, line: msg.line, t: msg.t, ok: msg.ok };
        if (msg.output !== undefined) entry.output = msg.output;
        if (msg.error !== undefined) entry.error = msg.error;
        if (msg.forked) entry.forked = msg.forked;
        finishCommand(entry);
        return;
      }
      case "error": {
        if (!msg.fatal) {
          console.warn(`ClusterScope: ${msg.message}`);
          return;
        }
        fail(msg.message);
        return;
      }
    }
  };
  client.subscribe(onMessage);
  if (opts.start) open(opts.moment ?? {});
  return store;
}

// ---- the app's store ------------------------------------------------------------------------------

let appStore: ClusterStoreHook | null = null;

/**
 * The app's store, created on first use with a Web Worker and started in the start state, or at the
 * moment the URL names (`?seed=7&topology=masters=3,workers=5&do=...&speed=2`, src/store/url.ts).
 * `?bench=1` adds the UI benchmark's probe on `window.__clusterscopeBench` (src/store/benchProbe.ts).
 * Moments already opened once in this browser show at once from the moment cache (src/bridge/momentCache.ts),
 * and the start state and lesson steps from the pictures shipped with the build (src/bridge/shipped.ts).
 * `start: false` (the first call only): create it without opening a moment (a lesson link opens its step).
 */
export function clusterStore(opts: { start?: boolean } = {}): ClusterStoreHook {
  if (appStore) return appStore;
  const moment = parseUrlMoment(typeof location === "undefined" ? "" : location.search);
  const warning = ignoredWarning(moment);
  if (warning) linkNotice(warning);
  const probe = moment.bench ? new BenchProbe() : undefined;
  if (probe) performance.mark("sim-client-created");
  // The benchmark measures the simulation's own work, so it keeps no pictures of moments.
  const client = new SimClient(probe ? { onDecoded: probe.decoded } : { momentCache: MomentCache.forPage(), shipped: pagePictures });
  appStore = createClusterStore(client, { start: opts.start ?? true, moment, probe });
  if (probe) exposeBench(probe, appStore);
  return appStore;
}

/** Replaces the app's store (tests and stories render the real components against their own store). */
export function setClusterStore(store: ClusterStoreHook | null): void {
  appStore = store;
}

/**
 * The app's store as a hook: `useCluster((s) => s.playback)`; also `useCluster.getState()`,
 * `useCluster.subscribe(...)` like any Zustand store.
 */
export const useCluster: ClusterStoreHook = Object.assign(
  ((selector?: (s: ClusterStore) => unknown) => (selector ? clusterStore()(selector) : clusterStore()())) as ClusterStoreHook,
  {
    getState: () => clusterStore().getState(),
    getInitialState: () => clusterStore().getInitialState(),
    setState: ((...args: Parameters<StoreApi<ClusterStore>["setState"]>) => clusterStore().setState(...args)) as StoreApi<ClusterStore>["setState"],
    subscribe: (listener: (state: ClusterStore, prev: ClusterStore) => void) => clusterStore().subscribe(listener),
  },
);

/** One machine's record, by name (`worker-2`). */
export const useMachine = (id: string) => useCluster((s) => s.machines[id]);
/** One component's record, by id (`kube-scheduler@control-plane-1`). */
export const useComponent = (id: string) => useCluster((s) => s.components[id]);
/** One API object's record, by id (`pods/default/web-7d9c5b4f8-x2x4q`, `nodes/worker-1`). */
export const useObject = (id: string) => useCluster((s) => s.objects[id]);
