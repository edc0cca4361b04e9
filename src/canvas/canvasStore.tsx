/**
 * How the canvas reads the cluster store. The page hands ClusterCanvas and Inspector a store (the
 * real one from src/store/store.ts, or a dev/test stand-in) and every custom node subscribes to its
 * own record by id through these hooks, so a frame re-renders only what changed.
 */
import { createContext, useContext, useSyncExternalStore, type ReactNode } from "react";
import { useStore, type StoreApi } from "zustand";
import type { ComponentRecord, MachineRecord, ObjectRecord } from "../bridge/protocol";
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

export function useMachineRecord(id: string): MachineRecord | undefined {
  return useCanvas((s) => s.machines[id]);
}

export function useComponentRecord(id: string): ComponentRecord | undefined {
  return useCanvas((s) => s.components[id]);
}

export function useObjectRecord(id: string): ObjectRecord | undefined {
  return useCanvas((s) => s.objects[id]);
}

export function useIsSelected(id: string): boolean {
  return useCanvas((s) => s.selection?.id === id);
}

/** Sim time now (`performance.now()` by default): the store's `simNow`, the last frame's time extrapolated at its rate. */
export function stateNow(state: Pick<ClusterState, "clock">, wallNow = performance.now()): number {
  return simNow(state, wallNow);
}

// ---- a shared, coarse sim-time tick for timers (heartbeats, countdowns) --------------------------

interface Ticker {
  seconds: number;
  listeners: Set<() => void>;
  timer: ReturnType<typeof setInterval> | null;
  subscribe: (onChange: () => void) => () => void;
  snapshot: () => number;
}

const tickers = new WeakMap<ClusterStoreApi, Ticker>();

function tickerFor(store: ClusterStoreApi): Ticker {
  const existing = tickers.get(store);
  if (existing) return existing;
  const check = () => {
    const s = Math.floor(stateNow(store.getState()) / 1000);
    if (s !== t.seconds) {
      t.seconds = s;
      for (const l of t.listeners) l();
    }
  };
  const t: Ticker = {
    seconds: Math.floor(stateNow(store.getState()) / 1000),
    listeners: new Set(),
    timer: null,
    subscribe(onChange) {
      t.listeners.add(onChange);
      if (!t.timer) {
        t.timer = setInterval(check, 250);
        // Catch up at once after a pause in subscriptions; every listener hears about it.
        queueMicrotask(check);
      }
      return () => {
        t.listeners.delete(onChange);
        if (t.listeners.size === 0 && t.timer) {
          clearInterval(t.timer);
          t.timer = null;
        }
      };
    },
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
