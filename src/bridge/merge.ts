/**
 * Backpressure (shared/ARCHITECTURE.md, "The worker protocol"): one frame in flight. While the page has
 * not acked, the worker merges what would have been the next frames into one. Merging two frame bodies
 * gives exactly what applying them one after the other gives: a record added then updated is added
 * with its latest value, added then removed is nothing, removed then added again is updated; a flow
 * that started and ended in between is never sent; events accumulate.
 */
import { EVENT_BACKLOG, type FrameMessage, type RecordDiff, type SimRecord } from "./protocol";

/** A frame before it is numbered and sent. */
export type FrameBody = Omit<FrameMessage, "type" | "seq">;

type Op = { op: "added" | "updated"; rec: SimRecord } | { op: "removed"; id: string };

// Machines and components may share an id (the machine `kubectl` runs the component `kubectl`): key by both.
const keyOf = (r: SimRecord) => `${r.rtype}:${r.id}`;
const RTYPES = ["object", "component", "machine"] as const;

/** One diff equivalent to applying `a`, then `b`. */
export function mergeDiffs(a: RecordDiff, b: RecordDiff): RecordDiff {
  if (!a.added.length && !a.updated.length && !a.removed.length) return b;
  if (!b.added.length && !b.updated.length && !b.removed.length) return a;
  const ops = new Map<string, Op>();
  // A removed id names an object (machines and components are never removed), unless only another kind matches.
  const removedKey = (id: string) => {
    for (const t of RTYPES) if (ops.has(`${t}:${id}`)) return `${t}:${id}`;
    return `object:${id}`;
  };
  for (const r of a.added) ops.set(keyOf(r), { op: "added", rec: r });
  for (const r of a.updated) ops.set(keyOf(r), { op: "updated", rec: r });
  for (const id of a.removed) ops.set(`object:${id}`, { op: "removed", id });
  for (const r of b.added) {
    const prev = ops.get(keyOf(r));
    // Removed, then added again: the page still has an old value, so it is an update.
    ops.set(keyOf(r), { op: prev && prev.op !== "added" ? "updated" : "added", rec: r });
  }
  for (const r of b.updated) {
    const prev = ops.get(keyOf(r));
    ops.set(keyOf(r), { op: prev?.op === "added" ? "added" : "updated", rec: r });
  }
  for (const id of b.removed) {
    const key = removedKey(id);
    const prev = ops.get(key);
    // Added since the page last heard: it never needs to know.
    if (prev?.op === "added") ops.delete(key);
    else ops.set(key, { op: "removed", id });
  }
  const out: RecordDiff = { added: [], updated: [], removed: [] };
  for (const o of ops.values()) {
    if (o.op === "removed") out.removed.push(o.id);
    else out[o.op].push(o.rec);
  }
  return out;
}

/** One frame body equivalent to `a` followed by `b`. */
export function mergeFrames(a: FrameBody, b: FrameBody): FrameBody {
  let flowsStarted = a.flowsStarted;
  let flowsEnded = a.flowsEnded;
  if (b.flowsEnded.length || b.flowsStarted.length) {
    const ended = new Set(b.flowsEnded);
    const startedInA = new Set<number>();
    for (const f of a.flowsStarted) startedInA.add(f.id);
    flowsStarted = a.flowsStarted.filter((f) => !ended.has(f.id));
    for (const f of b.flowsStarted) {
      if (ended.has(f.id)) ended.delete(f.id);
      else flowsStarted.push(f);
    }
    flowsEnded = a.flowsEnded.slice();
    for (const id of ended) if (!startedInA.has(id)) flowsEnded.push(id);
  }
  let events = a.events.length ? (b.events.length ? a.events.concat(b.events) : a.events) : b.events;
  if (events.length > EVENT_BACKLOG) events = events.slice(-EVENT_BACKLOG);
  const out: FrameBody = {
    time: b.time,
    diff: mergeDiffs(a.diff, b.diff),
    flowsStarted,
    flowsEnded,
    events,
    status: b.status,
  };
  const actions = b.actions ?? a.actions;
  if (actions) out.actions = actions;
  return out;
}

/** Whether a frame body carries nothing but the clock. */
export function isQuietFrame(f: FrameBody): boolean {
  return (
    !f.diff.added.length && !f.diff.updated.length && !f.diff.removed.length && !f.flowsStarted.length && !f.flowsEnded.length && !f.events.length && !f.actions
  );
}
