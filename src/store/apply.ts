/**
 * Applying the worker's stream to the page's state, as pure functions: a hydrate replaces everything,
 * a frame patches it. Records that did not change keep their identity (so memoized components skip
 * re-rendering), and every map that changes is replaced, never mutated.
 */
import type { Flow } from "../engine/sim";
import {
  EVENT_BACKLOG,
  type ComponentRecord,
  type FrameMessage,
  type HydrateMessage,
  type MachineRecord,
  type ObjectRecord,
  type PlaybackStatus,
  type RecordDiff,
  type SimRecord,
} from "../bridge/protocol";
import type { ClusterState } from "./types";

type Slices = Pick<ClusterState, "machines" | "components" | "objects">;
type SliceName = keyof Slices;

const SLICE: Record<SimRecord["rtype"], SliceName> = { machine: "machines", component: "components", object: "objects" };

/** Whether a record from the worker says the same as the one the page has (so the old one is kept). */
export function sameRecord(a: SimRecord, b: SimRecord): boolean {
  if (a === b) return true;
  if (a.rtype !== b.rtype || a.id !== b.id) return false;
  switch (a.rtype) {
    case "machine": {
      const m = b as MachineRecord;
      return a.running === m.running && a.partitioned === m.partitioned && a.role === m.role;
    }
    case "component": {
      const c = b as ComponentRecord;
      return a.running === c.running && a.machine === c.machine && a.component === c.component && sameDetail(a.detail, c.detail);
    }
    case "object": {
      // etcd stamps every write with a new revision: same uid and resourceVersion, same object.
      const o = (b as ObjectRecord).object.metadata;
      return a.object.metadata.uid === o.uid && a.object.metadata.resourceVersion === o.resourceVersion;
    }
  }
}

/** Which ids a replaced record map changed, relative to the map it replaced (see `changedIds`). */
interface SliceChange {
  from: object;
  ids: string[];
}

const sliceChanges = new WeakMap<object, SliceChange>();

/**
 * The ids whose records differ between `before` and `after` (two versions of one record map), when
 * `after` was made from `before` by one diff; undefined when not known (a hydrate, or maps further
 * apart), and the caller compares what it needs to. Lets a subscriber wake only the hooks of the few
 * records a frame changed, instead of comparing every id it follows.
 */
export function changedIds(before: object, after: object): readonly string[] | undefined {
  const c = sliceChanges.get(after);
  return c && c.from === before ? c.ids : undefined;
}

/** Applies a record diff to the three record maps: only the maps that change are replaced. */
export function applyRecordDiff(state: Slices, diff: RecordDiff): Slices {
  const out: Slices = { machines: state.machines, components: state.components, objects: state.objects };
  const copied = new Map<SliceName, string[]>();
  const slice = (name: SliceName, id: string): Record<string, SimRecord> => {
    let ids = copied.get(name);
    if (!ids) {
      copied.set(name, (ids = []));
      (out as Record<SliceName, Record<string, SimRecord>>)[name] = { ...state[name] };
    }
    ids.push(id);
    return out[name] as Record<string, SimRecord>;
  };
  for (const r of diff.added) slice(SLICE[r.rtype], r.id)[r.id] = r;
  for (const r of diff.updated) {
    const name = SLICE[r.rtype];
    const prev = (out[name] as Record<string, SimRecord>)[r.id];
    if (prev && sameRecord(prev, r)) continue;
    slice(name, r.id)[r.id] = r;
  }
  for (const id of diff.removed) {
    for (const name of ["objects", "components", "machines"] as const) {
      if (id in out[name]) {
        delete slice(name, id)[id];
        break;
      }
    }
  }
  for (const [name, ids] of copied) sliceChanges.set(out[name], { from: state[name], ids });
  return out;
}

/**
 * Whether two component details say the same: field by field, primitives compared directly, and
 * only nested values (a scheduler's last decision, kube-proxy's rules) compared as JSON.
 */
function sameDetail(a: ComponentRecord["detail"], b: ComponentRecord["detail"]): boolean {
  if (a === b) return true;
  if (!a || !b || a.kind !== b.kind) return false;
  const ra = a as unknown as Record<string, unknown>;
  const rb = b as unknown as Record<string, unknown>;
  let n = 0;
  for (const k in ra) {
    n++;
    const x = ra[k];
    const y = rb[k];
    if (x === y) continue;
    if (typeof x !== "object" || typeof y !== "object" || x === null || y === null) return false;
    if (JSON.stringify(x) !== JSON.stringify(y)) return false;
  }
  for (const _ in rb) n--;
  return n === 0;
}

export function sameFlow(a: Flow, b: Flow): boolean {
  return a.id === b.id && a.sendTime === b.sendTime && a.recvTime === b.recvTime && a.from === b.from && a.to === b.to && a.kind === b.kind && a.ref === b.ref;
}

/** Keeps the old status object when nothing in it changed. */
export function samePlayback(a: PlaybackStatus, b: PlaybackStatus): boolean {
  return a.playing === b.playing && a.speed === b.speed && a.autoPace === b.autoPace && a.rate === b.rate && a.until === b.until && a.horizon === b.horizon;
}

/** A hydrate's records by slice: what a first picture draws (src/main.tsx, before any store holds them). */
export function hydrateSlices(msg: HydrateMessage): Pick<ClusterState, "machines" | "components" | "objects"> {
  const out = { machines: {}, components: {}, objects: {} } as Record<SliceName, Record<string, SimRecord>>;
  for (const r of msg.records) out[SLICE[r.rtype]][r.id] = r;
  return out as unknown as Pick<ClusterState, "machines" | "components" | "objects">;
}

/** The state after a hydrate, keeping the records that did not change. */
export function applyHydrate(state: ClusterState, msg: HydrateMessage, wall: number): Partial<ClusterState> {
  const machines: Record<string, MachineRecord> = {};
  const components: Record<string, ComponentRecord> = {};
  const objects: Record<string, ObjectRecord> = {};
  const maps = { machines, components, objects } as Record<SliceName, Record<string, SimRecord>>;
  for (const r of msg.records) {
    const name = SLICE[r.rtype];
    const prev = (state[name] as Record<string, SimRecord>)[r.id];
    maps[name][r.id] = prev && sameRecord(prev, r) ? prev : r;
  }
  const flows: Record<number, Flow> = {};
  for (const f of msg.flows) {
    // After a rebuild, the same id is the same flow only if it says the same (a fork may reuse ids).
    const prev = state.flows[f.id];
    flows[f.id] = prev && sameFlow(prev, f) ? prev : f;
  }
  return {
    seed: msg.seed,
    topology: msg.topology,
    actions: msg.actions,
    clock: { time: msg.time, wall, rate: msg.status.rate, until: msg.status.until },
    hydrated: true,
    machines,
    components,
    objects,
    flows,
    events: msg.events.slice(-EVENT_BACKLOG),
    playback: samePlayback(state.playback, msg.status) ? state.playback : msg.status,
    error: null,
  };
}

/** The state after a frame. */
export function applyFrame(state: ClusterState, msg: FrameMessage, wall: number): Partial<ClusterState> {
  const patch: Partial<ClusterState> = applyRecordDiff(state, msg.diff);
  if (msg.flowsStarted.length || msg.flowsEnded.length) {
    const flows = { ...state.flows };
    for (const f of msg.flowsStarted) flows[f.id] = f;
    for (const id of msg.flowsEnded) delete flows[id];
    patch.flows = flows;
  }
  if (msg.events.length) {
    const events = state.events.concat(msg.events);
    patch.events = events.length > EVENT_BACKLOG ? events.slice(-EVENT_BACKLOG) : events;
  }
  patch.clock = { time: msg.time, wall, rate: msg.status.rate, until: msg.status.until };
  if (!samePlayback(state.playback, msg.status)) patch.playback = msg.status;
  if (msg.actions) patch.actions = msg.actions;
  return patch;
}
