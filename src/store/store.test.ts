import { describe, expect, it } from "vitest";
import type { Flow } from "../engine/sim";
import { inlineClient } from "../bridge/inline";
import {
  EVENT_BACKLOG,
  PROTOCOL_VERSION,
  type EventRecord,
  type FrameMessage,
  type HydrateMessage,
  type MachineRecord,
  type ObjectRecord,
  type PageMessage,
  type PlaybackStatus,
  type WorkerMessage,
} from "../bridge/protocol";
import type { SimConnection } from "../bridge/client";
import { BenchProbe } from "./benchProbe";
import { EXTRAPOLATE_MAX_WALL_MS, START_ACTIONS, START_SEED, START_SPEED, START_TIME, START_TOPOLOGY, createClusterStore, simNow } from "./store";

function fakeConnection() {
  const sent: PageMessage[] = [];
  let listener: ((m: WorkerMessage) => void) | null = null;
  let restarts = 0;
  const conn: SimConnection & { sent: PageMessage[]; emit(m: WorkerMessage): void; restarts: number } = {
    sent,
    send: (m) => sent.push(m),
    subscribe: (l) => {
      listener = l;
      return () => (listener = null);
    },
    restart: () => restarts++,
    emit: (m) => listener!(m),
    get restarts() {
      return restarts;
    },
  };
  return conn;
}

const status = (o: Partial<PlaybackStatus> = {}): PlaybackStatus => ({ playing: true, speed: 1, autoPace: true, rate: 0.5, until: 1_000_000, horizon: 0, ...o });
const machine = (id: string, running = true): MachineRecord => ({ rtype: "machine", id, role: "worker", running, partitioned: false });
const pod = (name: string, rv: number): ObjectRecord => ({
  rtype: "object",
  id: `pods/default/${name}`,
  resource: "pods",
  object: { apiVersion: "v1", kind: "Pod", metadata: { name, namespace: "default", uid: `uid-${name}`, resourceVersion: String(rv), creationTimestamp: "" } },
});
const flow = (id: number): Flow => ({ id, from: "a", to: "b", kind: "create", ref: "r", sendTime: 0, recvTime: 1 });
const event = (n: number): EventRecord => ({ t: n, type: "Normal", reason: "R", message: `m${n}`, object: { kind: "Pod", name: "p" }, source: "s", count: 1 });

function hydrate(o: Partial<HydrateMessage> = {}): HydrateMessage {
  return {
    type: "hydrate",
    version: PROTOCOL_VERSION,
    seed: 1,
    topology: { masters: 1, workers: 2 },
    actions: [],
    time: 100,
    records: [machine("worker-1"), machine("worker-2"), pod("a", 1), pod("b", 1)],
    flows: [flow(1)],
    events: [],
    status: status(),
    ...o,
  };
}

function frame(seq: number, o: Partial<FrameMessage> = {}): FrameMessage {
  return { type: "frame", seq, time: 100 + seq, diff: { added: [], updated: [], removed: [] }, flowsStarted: [], flowsEnded: [], events: [], status: status(), ...o };
}

describe("cluster store", () => {
  it("applies a frame keeping the identity of unchanged records and maps; removed records vanish", () => {
    const conn = fakeConnection();
    let wall = 5_000;
    const store = createClusterStore(conn, { now: () => wall });
    conn.emit(hydrate());
    const s0 = store.getState();
    expect(s0.hydrated).toBe(true);
    expect(Object.keys(s0.objects)).toEqual(["pods/default/a", "pods/default/b"]);
    expect(s0.clock).toEqual({ time: 100, wall: 5_000, rate: 0.5, until: 1_000_000 });

    wall = 5_016;
    conn.emit(frame(1, { diff: { added: [pod("c", 3)], updated: [pod("a", 2)], removed: ["pods/default/b"] }, flowsStarted: [flow(2)], flowsEnded: [1] }));
    const s1 = store.getState();
    expect(Object.keys(s1.objects).sort()).toEqual(["pods/default/a", "pods/default/c"]);
    expect(s1.objects).not.toBe(s0.objects);
    expect(s1.objects["pods/default/a"].object.metadata.resourceVersion).toBe("2");
    // Untouched slices and records keep their identity.
    expect(s1.machines).toBe(s0.machines);
    expect(s1.components).toBe(s0.components);
    expect(s1.events).toBe(s0.events);
    expect(s1.playback).toBe(s0.playback);
    expect(Object.keys(s1.flows)).toEqual(["2"]);
    expect(s1.clock).toEqual({ time: 101, wall: 5_016, rate: 0.5, until: 1_000_000 });

    // An update that says nothing new (same resourceVersion) keeps the old record, and the map.
    conn.emit(frame(2, { diff: { added: [], updated: [structuredClone(s1.objects["pods/default/c"]), machine("worker-2", false)], removed: [] } }));
    const s2 = store.getState();
    expect(s2.objects).toBe(s1.objects);
    expect(s2.machines).not.toBe(s1.machines);
    expect(s2.machines["worker-1"]).toBe(s1.machines["worker-1"]);
    expect(s2.machines["worker-2"].running).toBe(false);
    expect(s1.machines["worker-2"].running).toBe(true);

    // A later hydrate (after a seek) keeps records that did not change.
    conn.emit(hydrate({ records: [machine("worker-1"), machine("worker-2", false), pod("a", 2), pod("d", 9)] }));
    const s3 = store.getState();
    expect(s3.objects["pods/default/a"]).toBe(s2.objects["pods/default/a"]);
    expect(s3.machines["worker-2"]).toBe(s2.machines["worker-2"]);
    expect(Object.keys(s3.objects)).toEqual(["pods/default/a", "pods/default/d"]);
  });

  it("acks every frame after applying it", () => {
    const conn = fakeConnection();
    const store = createClusterStore(conn);
    conn.emit(hydrate());
    for (let seq = 1; seq <= 3; seq++) {
      conn.emit(frame(seq));
      expect(store.getState().clock.time).toBe(100 + seq);
      expect(conn.sent.at(-1)).toEqual({ type: "ack", seq });
    }
    expect(conn.sent.filter((m) => m.type === "ack").length).toBe(3);
  });

  it("keeps at most EVENT_BACKLOG events, newest last", () => {
    const conn = fakeConnection();
    const store = createClusterStore(conn);
    conn.emit(hydrate({ events: Array.from({ length: 300 }, (_, i) => event(i)) }));
    conn.emit(frame(1, { events: Array.from({ length: 300 }, (_, i) => event(300 + i)) }));
    const ev = store.getState().events;
    expect(ev.length).toBe(EVENT_BACKLOG);
    expect(ev.at(-1)!.message).toBe("m599");
    expect(ev[0].message).toBe(`m${600 - EVENT_BACKLOG}`);
  });

  it("resolves a command with its result; a crash fails pending commands and shows the error", async () => {
    const conn = fakeConnection();
    const store = createClusterStore(conn);
    conn.emit(hydrate());
    const p = store.getState().command("stop node worker-1");
    const sent = conn.sent.at(-1) as Extract<PageMessage, { type: "command" }>;
    expect(sent).toMatchObject({ type: "command", line: "stop node worker-1" });
    expect(store.getState().commands.at(-1)).toEqual({ id: sent.id, line: "stop node worker-1" });
    conn.emit({ type: "commandResult", id: sent.id, line: "stop node worker-1", t: 123, ok: true, output: "worker-1 stopped" });
    await expect(p).resolves.toEqual({ id: sent.id, line: "stop node worker-1", t: 123, ok: true, output: "worker-1 stopped" });
    expect(store.getState().commands.at(-1)!.ok).toBe(true);

    const q = store.getState().command("kubectl get pods");
    conn.emit({ type: "error", fatal: true, message: "The simulation crashed: boom." });
    await expect(q).resolves.toMatchObject({ ok: false, error: "The simulation stopped before this command finished." });
    expect(store.getState().error).toBe("The simulation crashed: boom.");
    expect(store.getState().playback.playing).toBe(false);

    // Restart: a fresh simulation, rebuilt from the seed and log at the same moment, playing as it was.
    store.getState().restart();
    expect(conn.restarts).toBe(1);
    expect(conn.sent.at(-1)).toEqual({ type: "init", version: PROTOCOL_VERSION, seed: 1, topology: { masters: 1, workers: 2 }, actions: [], time: 100, play: true, speed: 1, autoPace: true });
    expect(store.getState().error).toBeNull();
  });

  it("a simulation that crashed while playing plays on after Restart; one that was paused stays paused", () => {
    const conn = fakeConnection();
    const store = createClusterStore(conn);
    conn.emit(hydrate({ time: 5_000, status: status({ playing: true, speed: 2 }) }));
    conn.emit({ type: "error", fatal: true, message: "The simulation crashed: boom." });
    // Stopped meanwhile: the banner's words, and no clock running on.
    expect(store.getState().playback.playing).toBe(false);
    store.getState().restart();
    expect(conn.sent.at(-1)).toMatchObject({ type: "init", time: 5_000, play: true, speed: 2 });
    // The restarted simulation, paused by hand, crashes again: it restarts paused.
    conn.emit(hydrate({ time: 6_000, status: status({ playing: true, speed: 2 }) }));
    store.getState().pause();
    conn.emit({ type: "error", fatal: true, message: "The simulation crashed: boom." });
    store.getState().restart();
    expect(conn.sent.at(-1)).toMatchObject({ type: "init", play: false });
    // A crash while paused, then Reset instead of Restart: the next crash, while playing, restarts playing.
    conn.emit(hydrate({ time: 7_000, status: status({ playing: false }) }));
    conn.emit({ type: "error", fatal: true, message: "The simulation crashed: boom." });
    store.getState().reset();
    conn.emit(hydrate({ time: 1_000, status: status({ playing: true }) }));
    conn.emit({ type: "error", fatal: true, message: "The simulation crashed: boom." });
    store.getState().restart();
    expect(conn.sent.at(-1)).toMatchObject({ type: "init", play: true });
  });

  it("a simulation that dies before its first state restarts at the moment it was opened at, not at the empty page", () => {
    const conn = fakeConnection();
    const actions = [{ at: 2000, line: "stop node worker-1" }];
    const store = createClusterStore(conn, { start: true, moment: { seed: 7, topology: { masters: 3, workers: 5 }, actions, time: 60_000, paused: true, speed: 4 } });
    const opened = conn.sent[0];
    conn.emit({ type: "error", fatal: true, message: "The simulation crashed: boom." });
    store.getState().restart();
    expect(conn.restarts).toBe(1);
    expect(conn.sent.at(-1)).toEqual(opened);
    // Once a state has arrived, a restart rebuilds that state (the clock moved on since the init).
    conn.emit(hydrate({ seed: 7, topology: { masters: 3, workers: 5 }, actions, time: 61_000, status: status({ playing: false, speed: 4 }) }));
    conn.emit({ type: "error", fatal: true, message: "The simulation crashed: boom." });
    store.getState().restart();
    expect(conn.sent.at(-1)).toEqual({ type: "init", version: PROTOCOL_VERSION, seed: 7, topology: { masters: 3, workers: 5 }, actions, time: 61_000, play: false, speed: 4, autoPace: true });
  });

  it("an update the page cannot apply stops with the error and a restart, instead of freezing unacknowledged", () => {
    const conn = fakeConnection();
    const store = createClusterStore(conn);
    conn.emit(hydrate());
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (e: unknown) => errors.push(e);
    try {
      conn.emit({ ...frame(1), diff: undefined } as unknown as FrameMessage);
    } finally {
      console.error = original;
    }
    expect(errors).toHaveLength(1);
    expect(store.getState().error).toMatch(/^The page could not apply the simulation's update: /);
    expect(store.getState().playback.playing).toBe(false);
    expect(conn.sent.some((m) => m.type === "ack")).toBe(false);
    store.getState().restart();
    expect(conn.restarts).toBe(1);
    expect(conn.sent.at(-1)).toMatchObject({ type: "init", seed: 1, time: 100 });
  });

  it("resets to the start state: the default cluster, the web deployment at 1 s, playing at the start speed with auto-pace", () => {
    const conn = fakeConnection();
    createClusterStore(conn, { start: true });
    expect(conn.sent).toEqual([
      { type: "init", version: PROTOCOL_VERSION, seed: 1, topology: { masters: 1, workers: 3 }, actions: [...START_ACTIONS], time: START_TIME, play: true, speed: START_SPEED, autoPace: true },
    ]);
  });

  it("a reset shows its speed and Auto-pace at once; the old timeline's frames still on their way do not set them back", () => {
    const conn = fakeConnection();
    const store = createClusterStore(conn);
    conn.emit(hydrate({ status: status({ speed: 100, autoPace: true }) }));
    expect(store.getState().playback.speed).toBe(100);
    // A lesson's Next rebuilding its step at 8×, Auto-pace off.
    store.getState().reset({ speed: 8, autoPace: false, paused: true });
    expect(store.getState().playback).toMatchObject({ speed: 8, autoPace: false });
    conn.emit(frame(1, { status: status({ speed: 100, autoPace: true, rate: 3 }) }));
    expect(store.getState().playback).toMatchObject({ speed: 8, autoPace: false, rate: 3 });
    // The new state; after it, frames set the speed again (the controls' own changes come back in them).
    conn.emit(hydrate({ status: status({ speed: 8, autoPace: false, playing: false }) }));
    conn.emit(frame(2, { status: status({ speed: 2, autoPace: false }) }));
    expect(store.getState().playback.speed).toBe(2);
  });

  it("opens at a link's moment: its parts replace the start state's, and reset still returns to the start state", () => {
    const conn = fakeConnection();
    const actions = [{ at: 2000, line: "stop node worker-1" }];
    const store = createClusterStore(conn, { start: true, moment: { seed: 7, topology: { masters: 3, workers: 5 }, actions, speed: 4 } });
    expect(conn.sent).toEqual([{ type: "init", version: PROTOCOL_VERSION, seed: 7, topology: { masters: 3, workers: 5 }, actions, time: START_TIME, play: true, speed: 4, autoPace: true }]);
    createClusterStore(conn, { start: true, moment: { topology: { masters: 1, workers: 20 } } });
    expect(conn.sent[1]).toMatchObject({ type: "init", seed: START_SEED, topology: { masters: 1, workers: 20 }, actions: [...START_ACTIONS], speed: START_SPEED });
    store.getState().reset();
    expect(conn.sent[2]).toMatchObject({ type: "init", seed: START_SEED, topology: START_TOPOLOGY, actions: [...START_ACTIONS], speed: START_SPEED });
  });

  it("with a bench probe, asks the worker for message sizes and records each message's main-thread cost", async () => {
    const conn = fakeConnection();
    const probe = new BenchProbe();
    const store = createClusterStore(conn, { start: true, probe });
    expect(conn.sent[0]).toMatchObject({ type: "init", bench: true });
    conn.emit(hydrate({ bytes: 1234 }));
    conn.emit(frame(1, { bytes: 56, diff: { added: [pod("c", 3)], updated: [], removed: [] }, flowsStarted: [flow(2)], flowsEnded: [1] }));
    expect(store.getState().objects["pods/default/c"]).toBeDefined();
    await Promise.resolve();
    expect(probe.samples).toEqual([
      expect.objectContaining({ type: "hydrate", seq: 0, bytes: 1234, records: 4, flows: 1 }),
      expect.objectContaining({ type: "frame", seq: 1, bytes: 56, records: 1, flows: 2, events: 0 }),
    ]);
    for (const s of probe.samples) expect(s.totalMs).toBeGreaterThanOrEqual(s.applyMs);
    // Without a probe, init says nothing about benchmarks.
    const plain = fakeConnection();
    createClusterStore(plain, { start: true });
    expect(plain.sent[0]).not.toHaveProperty("bench");
  });

  it("sends one seek at a time while scrubbing, then the latest", () => {
    const conn = fakeConnection();
    const store = createClusterStore(conn);
    conn.emit(hydrate());
    for (const t of [10, 20, 30, 40]) store.getState().seek(t);
    expect(conn.sent.filter((m) => m.type === "seek")).toEqual([{ type: "seek", time: 10 }]);
    conn.emit(hydrate({ time: 10 }));
    expect(conn.sent.filter((m) => m.type === "seek")).toEqual([
      { type: "seek", time: 10 },
      { type: "seek", time: 40 },
    ]);
  });

  it("is settled once the simulation has answered the last message sent and no seek is held back", () => {
    const conn = fakeConnection();
    const store = createClusterStore(conn);
    // A client that does not number its messages: the store cannot tell.
    expect(store.getState().settled()).toBeNull();
    let req = 0;
    const numbered = Object.assign(fakeConnection(), { lastRequest: () => req });
    const send = numbered.send;
    numbered.send = (m) => {
      if (m.type !== "ack") req++;
      send(m);
    };
    const s = createClusterStore(numbered);
    expect(s.getState().settled()).toBe(true);
    s.getState().seek(10);
    s.getState().seek(20);
    expect(s.getState().settled()).toBe(false);
    // The first seek answered; the second, held back meanwhile, goes now.
    numbered.emit(hydrate({ time: 10, answered: 1 }));
    expect(req).toBe(2);
    expect(s.getState().settled()).toBe(false);
    // Its listeners see it settled with the state that answers the last message.
    const seen: [number, boolean | null][] = [];
    s.subscribe((st) => seen.push([st.clock.time, st.settled()]));
    numbered.emit(hydrate({ time: 20, answered: 2 }));
    expect(seen).toEqual([[20, true]]);
    // A frame of the playing timeline that came before the answer to a later pause is not settled; nor is
    // the state the pause sets before its message is sent (a listener there saw the old answer as the last).
    const during: (boolean | null)[] = [];
    const unsub = s.subscribe((st) => during.push(st.settled()));
    s.getState().pause();
    unsub();
    expect(during).toEqual([false]);
    numbered.emit(frame(1, { time: 21, answered: 2 }));
    expect(s.getState().settled()).toBe(false);
    numbered.emit(frame(2, { time: 21, answered: 3, status: status({ playing: false }) }));
    expect(s.getState().settled()).toBe(true);
  });

  it("extrapolates sim time from the last frame, capped in wall time and at the next event", () => {
    const clock = { time: 1000, wall: 50, rate: 2, until: 1400 };
    expect(simNow({ clock }, 50)).toBe(1000);
    expect(simNow({ clock }, 150)).toBe(1200);
    expect(simNow({ clock }, 10_000)).toBe(1400);
    expect(simNow({ clock: { ...clock, until: undefined } }, 10_000)).toBe(1000 + 2 * EXTRAPOLATE_MAX_WALL_MS);
    expect(simNow({ clock: { ...clock, rate: 0 } }, 10_000)).toBe(1000);
    expect(simNow({ clock }, 0)).toBe(1000);
  });

  it("runs the start state end to end on an in-thread client", () => {
    let wall = 0;
    let timer: (() => void) | null = null;
    const client = inlineClient({ now: () => wall, setTimer: (fn) => ((timer = fn), () => (timer = null)) });
    const store = createClusterStore(client, { now: () => wall, start: true });
    expect(store.getState().hydrated).toBe(true);
    expect(store.getState().clock.time).toBe(START_TIME);
    expect(store.getState().playback.playing).toBe(true);
    store.getState().setSpeed(20);
    const running = () =>
      Object.values(store.getState().objects).filter((o) => o.resource === "pods" && (o.object as { status?: { phase?: string } }).status?.phase === "Running").length;
    for (let i = 0; i < 60 * 30 && running() < 3; i++) {
      wall += 1000 / 60;
      const t = timer as (() => void) | null;
      timer = null;
      t?.();
    }
    expect(running()).toBe(3);
    const s = store.getState();
    expect(s.clock.time).toBeLessThan(10_000);
    // The page's records are the engine's objects.
    const engine = client.session!.cluster!.objects().filter((o) => o.kind !== "Event");
    expect(Object.keys(s.objects).length).toBe(engine.length);
    expect(s.events.some((e) => e.reason === "Started")).toBe(true);
    expect(s.actions).toEqual(START_ACTIONS);
  });
});
