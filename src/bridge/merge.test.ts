import { describe, expect, it } from "vitest";
import fc from "fast-check";
import type { Flow } from "../engine/sim";
import { mergeDiffs, mergeFrames, type FrameBody } from "./merge";
import type { EventRecord, PlaybackStatus, RecordDiff, SimRecord } from "./protocol";
import { EVENT_BACKLOG } from "./protocol";

// Machines and components may share an id (`kubectl` is both): the merge must keep them apart.
const POOL: { rtype: SimRecord["rtype"]; id: string }[] = [
  { rtype: "machine", id: "kubectl" },
  { rtype: "machine", id: "worker-1" },
  { rtype: "component", id: "kubectl" },
  { rtype: "component", id: "kubelet@worker-1" },
  ...Array.from({ length: 6 }, (_, i) => ({ rtype: "object" as const, id: `pods/default/p${i}` })),
];

function rec(rtype: SimRecord["rtype"], id: string, v: number): SimRecord {
  if (rtype === "machine") return { rtype, id, role: "worker", running: v % 2 === 0, partitioned: false };
  if (rtype === "component") return { rtype, id, machine: "m", component: "c", running: v % 2 === 0 };
  return { rtype, id, resource: "pods", object: { apiVersion: "v1", kind: "Pod", metadata: { name: id, uid: id, resourceVersion: String(v), creationTimestamp: "" } } };
}

type State = { records: Map<string, SimRecord>; flows: Map<number, Flow>; events: EventRecord[] };
const key = (r: { rtype: string; id: string }) => `${r.rtype}:${r.id}`;

/** The page's reference semantics of a frame. */
function apply(s: State, f: FrameBody): State {
  const records = new Map(s.records);
  for (const r of f.diff.added) records.set(key(r), r);
  for (const r of f.diff.updated) records.set(key(r), r);
  for (const id of f.diff.removed) records.delete(`object:${id}`);
  const flows = new Map(s.flows);
  for (const fl of f.flowsStarted) flows.set(fl.id, fl);
  for (const id of f.flowsEnded) flows.delete(id);
  return { records, flows, events: s.events.concat(f.events).slice(-EVENT_BACKLOG) };
}

const status = (t: number): PlaybackStatus => ({ playing: true, speed: 1, autoPace: true, rate: 1, until: t, horizon: t });
const flow = (id: number, t: number): Flow => ({ id, from: "a", to: "b", kind: "create", ref: "x", sendTime: t, recvTime: t + 1 });
const event = (t: number, n: number): EventRecord => ({ t, type: "Normal", reason: `R${n}`, message: "", object: { kind: "Pod", name: "p" }, source: "s", count: 1 });

const stepArb = fc.record({
  ops: fc.array(fc.record({ target: fc.nat(POOL.length - 1), put: fc.boolean() }), { maxLength: 8 }),
  start: fc.nat(3),
  endMask: fc.array(fc.boolean(), { maxLength: 12 }),
  events: fc.nat(3),
});

/** Turns random steps into frames consistent with the state they apply to. */
type Step = { ops: { target: number; put: boolean }[]; start: number; endMask: boolean[]; events: number };

function frames(initial: State, steps: Step[]): FrameBody[] {
  let s = initial;
  let version = 100;
  let nextFlow = 1000;
  let nextEvent = 0;
  const out: FrameBody[] = [];
  steps.forEach((step, i) => {
    const diff: RecordDiff = { added: [], updated: [], removed: [] };
    const touched = new Set<string>();
    for (const op of step.ops) {
      const p = POOL[op.target];
      const k = key(p);
      if (touched.has(k)) continue;
      const present = s.records.has(k);
      if (op.put) {
        touched.add(k);
        (present ? diff.updated : diff.added).push(rec(p.rtype, p.id, version++));
      } else if (present && p.rtype === "object") {
        touched.add(k);
        diff.removed.push(p.id);
      }
    }
    const inFlight = [...s.flows.keys()];
    const flowsEnded = inFlight.filter((_, j) => step.endMask[j]);
    const flowsStarted = Array.from({ length: step.start }, () => flow(nextFlow++, i));
    const events = Array.from({ length: step.events }, () => event(i, nextEvent++));
    const f: FrameBody = { time: i, diff, flowsStarted, flowsEnded, events, status: status(i) };
    out.push(f);
    s = apply(s, f);
  });
  return out;
}

function initialState(present: boolean[]): State {
  const records = new Map<string, SimRecord>();
  POOL.forEach((p, i) => {
    if (p.rtype !== "object" || present[i]) records.set(key(p), rec(p.rtype, p.id, 0));
  });
  return { records, flows: new Map([[1, flow(1, 0)], [2, flow(2, 0)]]), events: [] };
}

describe("merging frames (backpressure)", () => {
  it("applying the merged frame equals applying the frames one by one", () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { minLength: POOL.length, maxLength: POOL.length }), fc.array(stepArb, { minLength: 1, maxLength: 8 }), (present, steps) => {
        const s0 = initialState(present);
        const fs = frames(s0, steps);
        const sequential = fs.reduce(apply, s0);
        const merged = fs.reduce((a, b) => mergeFrames(a, b));
        const once = apply(s0, merged);
        expect(once.records).toEqual(sequential.records);
        expect(once.flows).toEqual(sequential.flows);
        expect(once.events).toEqual(sequential.events);
        expect(merged.time).toBe(fs[fs.length - 1].time);
        // Each id at most once in the merged diff, and a flow never both started and ended.
        const ids = [...merged.diff.added, ...merged.diff.updated].map(key);
        expect(new Set(ids).size).toBe(ids.length);
        const started = new Set(merged.flowsStarted.map((f) => f.id));
        expect(merged.flowsEnded.some((id) => started.has(id))).toBe(false);
      }),
      { seed: 42, numRuns: 400 },
    );
  });

  it("collapses added+updated into added, added+removed into nothing, removed+added into updated", () => {
    const a = rec("object", "pods/default/a", 1);
    const a2 = rec("object", "pods/default/a", 2);
    const b = rec("object", "pods/default/b", 1);
    const c = rec("object", "pods/default/c", 3);
    const d1: RecordDiff = { added: [a, b], updated: [], removed: ["pods/default/c"] };
    const d2: RecordDiff = { added: [c], updated: [a2], removed: ["pods/default/b"] };
    expect(mergeDiffs(d1, d2)).toEqual({ added: [a2], updated: [c], removed: [] });
  });

  it("drops flows that started and ended in between, and keeps the latest action log", () => {
    const f1: FrameBody = { time: 1, diff: { added: [], updated: [], removed: [] }, flowsStarted: [flow(5, 1)], flowsEnded: [1], events: [], status: status(1), actions: [{ at: 1, line: "x" }] };
    const f2: FrameBody = { time: 2, diff: { added: [], updated: [], removed: [] }, flowsStarted: [flow(6, 2)], flowsEnded: [5, 2], events: [], status: status(2) };
    const m = mergeFrames(f1, f2);
    expect(m.flowsStarted.map((f) => f.id)).toEqual([6]);
    expect(m.flowsEnded).toEqual([1, 2]);
    expect(m.actions).toEqual([{ at: 1, line: "x" }]);
    expect(m.status).toBe(f2.status);
  });
});
