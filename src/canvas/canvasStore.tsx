/**
 * How the canvas reads the cluster store. The page hands ClusterCanvas and Inspector a store (the
 * real one from src/store/store.ts, or a dev/test stand-in) and every custom node subscribes to its
 * own record by id through these hooks, so a frame re-renders only what changed.
 */
import { createContext, useCallback, useContext, useRef, useSyncExternalStore, type ReactNode } from "react";
import { createStore, useStore, type StoreApi } from "zustand";
import type { ComponentRecord, MachineRecord, ObjectRecord, SimRecord } from "../bridge/protocol";
import { changedIds } from "../store/apply";
import { simNow } from "../store/store";
import type { ClusterState, ClusterStore } from "../store/types";

export type ClusterStoreApi = StoreApi<ClusterStore>;

const Ctx = createContext<ClusterStoreApi | null>(null);

export function CanvasStoreProvider({ store, children }: { store: ClusterStoreApi; children: ReactNode }) {
  return <Ctx.Provider value={store}>{children}</Ctx.Provider>;
}

export function useCanvasApi(): ClusterStoreApi {
  const store = useContext(Ctx);
  if (!store) throw new Error("ClusterCanvas/Inspector need a store: <ClusterCanvas store={...}/>");
  return store;
}

/** One slice of the store; re-renders when it changes (Object.is). */
export function useCanvas<T>(selector: (s: ClusterStore) => T): T {
  return useStore(useCanvasApi(), selector);
}

// ---- keyed subscriptions: one store listener for every record hook -------------------------------

type Slice = "machines" | "components" | "objects";
type Listener = () => void;

/**
 * One Zustand listener per store that wakes only the hooks whose record (or selection) changed.
 * A frame that changes a few leases then costs one pass over the subscribed ids of the slices it
 * replaced, instead of a selector call per mounted hook (hundreds of pod chips, machines and
 * components each had their own).
 */
class RecordHub {
  private readonly subs: Record<Slice, Map<string, Set<Listener>>> = { machines: new Map(), components: new Map(), objects: new Map() };
  private readonly selection = new Map<string, Set<Listener>>();
  private unsubscribe: (() => void) | null = null;
  private count = 0;

  constructor(private readonly store: ClusterStoreApi) {}

  subscribe(slice: Slice | "selection", id: string, cb: Listener): () => void {
    const map = slice === "selection" ? this.selection : this.subs[slice];
    let set = map.get(id);
    if (!set) map.set(id, (set = new Set()));
    // Already there (the same callback for the same id): one subscription, one unsubscribe.
    if (set.has(cb)) return () => {};
    set.add(cb);
    if (this.count++ === 0) this.unsubscribe = this.store.subscribe((s, prev) => this.changed(s, prev));
    return () => {
      if (!set.delete(cb)) return;
      if (set.size === 0 && map.get(id) === set) map.delete(id);
      if (--this.count === 0) {
        this.unsubscribe?.();
        this.unsubscribe = null;
      }
    };
  }

  private changed(s: ClusterState, prev: ClusterState): void {
    let wake: Listener[] | null = null;
    for (const slice of ["machines", "components", "objects"] as const) {
      const now = s[slice] as Record<string, unknown>;
      const before = prev[slice] as Record<string, unknown>;
      if (now === before) continue;
      const subs = this.subs[slice];
      const ids = changedIds(before, now);
      if (ids) {
        // One frame's diff: look at the few ids it changed.
        for (const id of ids) {
          const set = subs.get(id);
          if (set && now[id] !== before[id]) (wake ??= []).push(...set);
        }
      } else for (const [id, set] of subs) if (now[id] !== before[id]) (wake ??= []).push(...set);
    }
    const sel = s.selection?.id;
    const selBefore = prev.selection?.id;
    if (sel !== selBefore) {
      for (const id of [sel, selBefore]) {
        const set = id === undefined ? undefined : this.selection.get(id);
        if (set) (wake ??= []).push(...set);
      }
    }
    if (wake) for (const cb of wake) cb();
  }
}

const hubs = new WeakMap<ClusterStoreApi, RecordHub>();

function hubFor(store: ClusterStoreApi): RecordHub {
  let hub = hubs.get(store);
  if (!hub) hubs.set(store, (hub = new RecordHub(store)));
  return hub;
}

/** Re-renders when the record `id` of `slice` changes and `snapshot()` (which must read that record only) gives a new value. */
function useKeyed<T>(slice: Slice | "selection", id: string, snapshot: () => T): T {
  const store = useCanvasApi();
  const subscribe = useCallback((cb: Listener) => hubFor(store).subscribe(slice, id, cb), [store, slice, id]);
  return useSyncExternalStore(subscribe, snapshot, snapshot);
}

/**
 * A value derived from one record (`derive` at module scope, pure, a function of the record only):
 * re-renders only when the record changes and the value differs (Object.is, so return primitives).
 */
export function useRecordView<R extends SimRecord, T>(slice: Slice, id: string, derive: (rec: R | undefined) => T): T {
  const store = useCanvasApi();
  const cache = useRef<{ rec: unknown; derive: unknown; value: T } | null>(null);
  return useKeyed(slice, id, () => {
    const rec = (store.getState()[slice] as Record<string, unknown>)[id] as R | undefined;
    const c = cache.current;
    if (c && c.rec === rec && c.derive === derive) return c.value;
    cache.current = { rec, derive, value: derive(rec) };
    return cache.current.value;
  });
}

/** One record of the store, named by its slice and id (for `useRecordsView`). */
export type RecordKey = readonly [Slice, string];

/**
 * A value derived from a few records (`derive` at module scope, pure, a function of those records
 * only, in the order of `keys`): re-renders only when one of them changes and the value differs
 * (Object.is, so return primitives). Costs nothing on frames that change none of them, however many
 * components use it.
 */
export function useRecordsView<T>(keys: readonly RecordKey[], derive: (recs: readonly (SimRecord | undefined)[]) => T): T {
  const store = useCanvasApi();
  // The keys' content, which decides the subscription (a new array of the same keys does not resubscribe).
  const joined = keys.map(([slice, id]) => `${slice}/${id}`).join("\n");
  const cache = useRef<{ joined: string; recs: readonly unknown[]; value: T } | null>(null);
  const subscribe = useCallback(
    (cb: Listener) => {
      const hub = hubFor(store);
      // Each record once: a slice name has no "/", an id may.
      const offs = [...new Set(joined.split("\n"))].map((k) => hub.subscribe(k.slice(0, k.indexOf("/")) as Slice, k.slice(k.indexOf("/") + 1), cb));
      return () => offs.forEach((off) => off());
    },
    [store, joined],
  );
  const snapshot = () => {
    // Called on every wake and render: no allocation while the records are the ones derived from.
    const state = store.getState();
    const c = cache.current;
    if (c && c.joined === joined) {
      let i = 0;
      while (i < keys.length && (state[keys[i][0]] as Record<string, unknown>)[keys[i][1]] === c.recs[i]) i++;
      if (i === keys.length) return c.value;
    }
    const recs = keys.map(([slice, id]) => (state[slice] as Record<string, SimRecord | undefined>)[id]);
    cache.current = { joined, recs, value: derive(recs) };
    return cache.current.value;
  };
  return useSyncExternalStore(subscribe, snapshot, snapshot);
}

function useRecord<R>(slice: Slice, id: string): R | undefined {
  const store = useCanvasApi();
  return useKeyed(slice, id, () => (store.getState()[slice] as Record<string, R | undefined>)[id]);
}

export function useMachineRecord(id: string): MachineRecord | undefined {
  return useRecord<MachineRecord>("machines", id);
}

export function useComponentRecord(id: string): ComponentRecord | undefined {
  return useRecord<ComponentRecord>("components", id);
}

export function useObjectRecord(id: string): ObjectRecord | undefined {
  return useRecord<ObjectRecord>("objects", id);
}

export function useIsSelected(id: string): boolean {
  const store = useCanvasApi();
  return useKeyed("selection", id, () => store.getState().selection?.id === id);
}

/** Sim time now (`performance.now()` by default): the store's `simNow`, the last frame's time extrapolated at its rate. */
export function stateNow(state: Pick<ClusterState, "clock">, wallNow = performance.now()): number {
  return simNow(state, wallNow);
}

// ---- a shared, coarse sim-time tick for timers (heartbeats, countdowns) --------------------------

interface Ticker {
  seconds: number;
  /** Told when the whole sim second changes. */
  listeners: Set<() => void>;
  /** Told on every poll (four times a second), to re-read the store. */
  polls: Set<() => void>;
  timer: ReturnType<typeof setInterval> | null;
  subscribe: (onChange: () => void) => () => void;
  subscribePoll: (onPoll: () => void) => () => void;
  snapshot: () => number;
}

const tickers = new WeakMap<ClusterStoreApi, Ticker>();

/** How often the shared tick polls the store (wall ms). */
export const TICK_MS = 250;

function tickerFor(store: ClusterStoreApi): Ticker {
  const existing = tickers.get(store);
  if (existing) return existing;
  const check = () => {
    const s = Math.floor(stateNow(store.getState()) / 1000);
    if (s !== t.seconds) {
      t.seconds = s;
      for (const l of t.listeners) l();
    }
    for (const p of t.polls) p();
  };
  const add = (set: Set<() => void>, fn: () => void) => {
    set.add(fn);
    if (!t.timer) {
      t.timer = setInterval(check, TICK_MS);
      // Catch up at once after a pause in subscriptions; every listener hears about it.
      queueMicrotask(check);
    }
    return () => {
      set.delete(fn);
      if (t.listeners.size === 0 && t.polls.size === 0 && t.timer) {
        clearInterval(t.timer);
        t.timer = null;
      }
    };
  };
  const t: Ticker = {
    seconds: Math.floor(stateNow(store.getState()) / 1000),
    listeners: new Set(),
    polls: new Set(),
    timer: null,
    subscribe: (onChange) => add(t.listeners, onChange),
    subscribePoll: (onPoll) => add(t.polls, onPoll),
    snapshot: () => t.seconds,
  };
  tickers.set(store, t);
  return t;
}

/**
 * Whole sim seconds now, polled four times a second and shared by every subscriber: timers
 * re-render at most once per sim second, never per animation frame.
 */
export function useSimSeconds(): number {
  const t = tickerFor(useCanvasApi());
  return useSyncExternalStore(t.subscribe, t.snapshot);
}

/**
 * A value read from the store on the shared tick (four times a second), not on every store change:
 * for timers whose records change often (a node's Lease) but whose words change once a second.
 * `read(state, now)` gets the store's state and the sim time now; return a primitive (compared with
 * Object.is: the component re-renders only when it differs). `read` may close over props: the
 * latest one is used.
 */
export function useTicked<T>(read: (state: ClusterStore, now: number) => T): T {
  const store = useCanvasApi();
  const t = tickerFor(store);
  const readRef = useRef(read);
  readRef.current = read;
  const value = useRef<{ v: T } | null>(null);
  if (value.current === null) {
    const state = store.getState();
    value.current = { v: read(state, stateNow(state)) };
  }
  const subscribe = useCallback(
    (cb: () => void) =>
      t.subscribePoll(() => {
        const state = store.getState();
        const v = readRef.current(state, stateNow(state));
        if (!Object.is(v, value.current!.v)) {
          value.current = { v };
          cb();
        }
      }),
    [t, store],
  );
  const snapshot = () => value.current!.v;
  return useSyncExternalStore(subscribe, snapshot, snapshot);
}

// ---- how the canvas draws (not part of the moment) -----------------------------------------------

export interface CanvasPrefs {
  /** Draw Raft heartbeat tokens (etcd leader → followers every 100 ms); off when they are noise. */
  showHeartbeats: boolean;
  setShowHeartbeats(on: boolean): void;
}

/** The canvas's own display preferences: the flow layer reads them every frame, the legend sets them. */
export const canvasPrefs = createStore<CanvasPrefs>()((set) => ({
  showHeartbeats: true,
  setShowHeartbeats: (on) => set({ showHeartbeats: on }),
}));

export function useCanvasPrefs<T>(selector: (p: CanvasPrefs) => T): T {
  return useStore(canvasPrefs, selector);
}
