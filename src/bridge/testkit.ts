/**
 * Test helpers for the bridge: a Session on a fake wall clock and timer, with the messages it posts.
 * Nothing here reads real time.
 */
import type { FrameMessage, HydrateMessage, PageMessage, WorkerMessage } from "./protocol";
import { PROTOCOL_VERSION, type LoggedAction } from "./protocol";
import { Session, TICK_MS } from "./session";
import type { Topology } from "../engine/topology";

export interface FakeSessionOptions {
  /** Ack every frame as soon as it is posted (default true). */
  autoAck?: boolean;
}

export function fakeSession(opts: FakeSessionOptions = {}) {
  const autoAck = opts.autoAck ?? true;
  let wall = 0;
  let timer: (() => void) | null = null;
  const messages: WorkerMessage[] = [];
  let ticks = 0;
  const session: Session = new Session({
    now: () => wall,
    post: (m) => {
      messages.push(m);
      if (autoAck && m.type === "frame") queueAck.push(m.seq);
    },
    setTimer: (fn) => {
      timer = fn;
      return () => {
        if (timer === fn) timer = null;
      };
    },
  });
  // Acks are sent after the post returns, as a page would.
  const queueAck: number[] = [];
  const drainAcks = () => {
    while (queueAck.length) session.receive({ type: "ack", seq: queueAck.shift()! });
  };
  const api = {
    session,
    messages,
    get wall() {
      return wall;
    },
    get ticks() {
      return ticks;
    },
    send(msg: PageMessage) {
      session.receive(msg);
      drainAcks();
    },
    init(o: { seed?: number; topology?: Topology; actions?: LoggedAction[]; time?: number; play?: boolean; speed?: number; autoPace?: boolean } = {}) {
      api.send({
        type: "init",
        version: PROTOCOL_VERSION,
        seed: o.seed ?? 1,
        topology: o.topology ?? { masters: 1, workers: 3 },
        actions: o.actions ?? [],
        time: o.time,
        play: o.play,
        speed: o.speed,
        autoPace: o.autoPace,
      });
    },
    /** One timer tick after `ms` of wall time (the session's timer fires only while playing). */
    tick(ms = TICK_MS) {
      wall += ms;
      const t = timer;
      timer = null;
      if (t) {
        ticks++;
        t();
      }
      drainAcks();
    },
    /** Ticks for `ms` of wall time. */
    run(ms: number) {
      const end = wall + ms;
      while (wall + 1e-9 < end) api.tick();
    },
    /** Ticks until `pred` holds (at most `maxMs` of wall time); returns whether it did. */
    runUntil(pred: () => boolean, maxMs = 600_000) {
      const end = wall + maxMs;
      while (!pred()) {
        if (wall >= end) return false;
        api.tick();
      }
      return true;
    },
    frames(): FrameMessage[] {
      return messages.filter((m): m is FrameMessage => m.type === "frame");
    },
    hydrates(): HydrateMessage[] {
      return messages.filter((m): m is HydrateMessage => m.type === "hydrate");
    },
    lastHydrate(): HydrateMessage {
      const h = api.hydrates();
      return h[h.length - 1];
    },
    ack() {
      const f = api.frames();
      if (f.length) api.send({ type: "ack", seq: f[f.length - 1].seq });
    },
  };
  return api;
}

/**
 * A minimal page: applies hydrates and frames to plain maps (the reference the store's richer apply is
 * checked against, and what the session tests compare).
 */
export function pageState() {
  const records = new Map<string, unknown>();
  const flows = new Map<number, unknown>();
  const events: unknown[] = [];
  let time = 0;
  const key = (r: { rtype: string; id: string }) => `${r.rtype}:${r.id}`;
  const removeKey = (id: string) => {
    for (const t of ["object", "component", "machine"]) if (records.has(`${t}:${id}`)) return `${t}:${id}`;
    return `object:${id}`;
  };
  return {
    records,
    flows,
    events,
    get time() {
      return time;
    },
    apply(m: WorkerMessage) {
      if (m.type === "hydrate") {
        records.clear();
        flows.clear();
        events.length = 0;
        for (const r of m.records) records.set(key(r), r);
        for (const f of m.flows) flows.set(f.id, f);
        events.push(...m.events);
        time = m.time;
      } else if (m.type === "frame") {
        for (const r of m.diff.added) records.set(key(r), r);
        for (const r of m.diff.updated) records.set(key(r), r);
        for (const id of m.diff.removed) records.delete(removeKey(id));
        for (const f of m.flowsStarted) flows.set(f.id, f);
        for (const id of m.flowsEnded) flows.delete(id);
        events.push(...m.events);
        time = m.time;
      }
    },
    objects(): Record<string, unknown> {
      const out: Record<string, unknown> = {};
      for (const [k, v] of records) if (k.startsWith("object:")) out[k] = v;
      return out;
    },
  };
}

/** A stand-in for the browser's Worker: records what the page posts and lets the test send the simulation's messages and fire its events. */
export class FakeWorker {
  static last: FakeWorker | null = null;
  posted: PageMessage[] = [];
  terminated = false;
  onmessage: ((e: MessageEvent) => void) | null = null;
  onerror: ((e: ErrorEvent) => void) | null = null;
  onmessageerror: (() => void) | null = null;
  constructor(
    readonly url?: URL,
    readonly opts?: WorkerOptions,
  ) {
    FakeWorker.last = this;
  }
  postMessage(m: PageMessage) {
    this.posted.push(m);
  }
  terminate() {
    this.terminated = true;
  }
  /** A message from the simulation. */
  emit(data: WorkerMessage) {
    this.onmessage!({ data } as MessageEvent);
  }
}
