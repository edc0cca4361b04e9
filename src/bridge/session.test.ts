import { describe, expect, it } from "vitest";
import type { CommandResultMessage, ErrorMessage, FrameMessage, ObjectRecord, WorkerMessage } from "./protocol";
import { PROTOCOL_VERSION } from "./protocol";
import { fakeSession, pageState } from "./testkit";
import { isBackgroundFlow, inFlightRate } from "./pacing";
import { mergeFrames, type FrameBody } from "./merge";
import { FlowLedger } from "./flows";

const CREATE = "kubectl create deployment web --image=nginx --replicas=3";
const START = { actions: [{ at: 1000, line: CREATE }], time: 900 };

const results = (msgs: WorkerMessage[]) => msgs.filter((m): m is CommandResultMessage => m.type === "commandResult");
const errors = (msgs: WorkerMessage[]) => msgs.filter((m): m is ErrorMessage => m.type === "error");
const objectsOf = (recs: { rtype: string }[]) => Object.fromEntries(recs.filter((r): r is ObjectRecord => r.rtype === "object").map((r) => [r.id, r.object]));

describe("session", () => {
  it("hydrates first, then streams frames while playing", () => {
    const s = fakeSession();
    s.init({ ...START, play: true });
    expect(s.messages[0].type).toBe("hydrate");
    const h = s.lastHydrate();
    expect(h.version).toBe(PROTOCOL_VERSION);
    expect(h.time).toBe(900);
    expect(h.actions).toEqual(START.actions);
    expect(h.records.filter((r) => r.rtype === "machine").length).toBe(7);
    expect(h.records.some((r) => r.id === "nodes/worker-1")).toBe(true);
    // Auto-paced: the nodes' registration traffic before 1 s plays slowly, so give it a few wall seconds.
    expect(s.runUntil(() => s.frames().some((f) => f.flowsStarted.some((fl) => fl.from === "kubectl")), 10_000)).toBe(true);
    const frames = s.frames();
    expect(frames.length).toBeGreaterThan(60);
    expect(frames.map((f) => f.seq)).toEqual(frames.map((_, i) => frames[0].seq + i));
    for (let i = 1; i < frames.length; i++) expect(frames[i].time).toBeGreaterThanOrEqual(frames[i - 1].time);
    // The deployment at 1 s has been created and its first flows are in the stream.
    expect(frames.some((f) => f.flowsStarted.some((fl) => fl.from === "kubectl"))).toBe(true);
    expect(frames.at(-1)!.status.playing).toBe(true);
  });

  it("answers a command with its result and the sim time; a bad line answers at once and changes nothing", () => {
    const s = fakeSession();
    s.init({ time: 900 });
    s.send({ type: "command", id: 7, line: "kubectl scale deploy" });
    const bad = results(s.messages);
    expect(bad).toEqual([expect.objectContaining({ id: 7, ok: false, t: 900 })]);
    expect(bad[0].error).toMatch(/^error: /);
    expect(s.frames().some((f) => f.actions)).toBe(false);

    s.send({ type: "command", id: 8, line: "kubectl create deployment api --image=nginx" });
    const logged = s.frames().find((f) => f.actions);
    expect(logged!.actions).toEqual([{ at: 900, line: "kubectl create deployment api --image=nginx" }]);
    s.send({ type: "play" });
    expect(s.runUntil(() => results(s.messages).length === 2, 60_000)).toBe(true);
    const ok = results(s.messages)[1];
    expect(ok).toMatchObject({ id: 8, ok: true, output: "deployment.apps/api created" });
    expect(ok.t).toBeGreaterThan(900);
    expect(ok.t).toBeLessThan(950);

    // stop/start answer synchronously, even while paused.
    s.send({ type: "pause" });
    s.send({ type: "command", id: 9, line: "stop node worker-2" });
    expect(results(s.messages)[2]).toMatchObject({ id: 9, ok: true, output: "worker-2 stopped" });
  });

  it("is deterministic: the same seed, commands and ticks give the same frame stream", () => {
    const stream = () => {
      const s = fakeSession();
      s.init({ seed: 5, ...START, play: true });
      s.run(2_000);
      s.send({ type: "speed", speed: 8 });
      s.send({ type: "command", id: 1, line: "stop node worker-1" });
      s.run(2_000);
      s.send({ type: "command", id: 2, line: "kubectl scale deployment web --replicas=5" });
      s.run(2_000);
      return JSON.stringify(s.messages);
    };
    const a = stream();
    expect(a.length).toBeGreaterThan(10_000);
    expect(a).toContain('"id":2,"line":"kubectl scale deployment web --replicas=5"');
    expect(stream()).toBe(a);
  }, 30_000);

  it("steps over the kinds it is told to skip (Raft heartbeats the canvas hides), which still run", () => {
    // Three etcd members: the leader's heartbeats go out every 100 ms, between the API's own messages.
    const heartbeats = ["heartbeat", "heartbeat response"];
    const stops = (skip?: string[]) => {
      const s = fakeSession();
      s.init({ topology: { masters: 3, workers: 1 }, time: 5_000, play: false });
      const kinds: string[][] = [];
      for (let i = 0; i < 30; i++) {
        const n = s.frames().length;
        s.send(skip ? { type: "step", skip } : { type: "step" });
        kinds.push(s.frames().slice(n).flatMap((f) => f.flowsStarted.map((fl) => fl.kind)));
      }
      return kinds;
    };
    // Unskipped, some steps stop on a heartbeat alone.
    expect(stops().some((k) => k.length > 0 && k.every((kind) => heartbeats.includes(kind)))).toBe(true);
    // Skipped, every step stops on another kind (the heartbeats in between still start).
    const skipped = stops(heartbeats);
    for (const k of skipped) expect(k.some((kind) => !heartbeats.includes(kind))).toBe(true);
    expect(skipped.flat().some((kind) => heartbeats.includes(kind))).toBe(true);
  });

  it("steps to the next flow start and pauses there", () => {
    const s = fakeSession();
    s.init({ ...START, play: false });
    let t = 900;
    // Step until past 1 s (how many flow starts lie between depends on the seed's timings).
    for (let i = 0; i < 60 && t < 1000; i++) {
      const n = s.frames().length;
      s.send({ type: "step" });
      const f = s.frames().slice(n);
      expect(f.length).toBe(1);
      const frame = f[0];
      expect(frame.status.playing).toBe(false);
      expect(frame.status.rate).toBe(0);
      expect(frame.flowsStarted.length).toBeGreaterThan(0);
      // Right after the flow starts: the clock is at its send time, and nothing is left over from later.
      for (const fl of frame.flowsStarted) expect(fl.sendTime).toBe(frame.time);
      expect(frame.time).toBeGreaterThanOrEqual(t);
      t = frame.time;
    }
    expect(t).toBeGreaterThanOrEqual(1000);
    // No timer runs while paused.
    const n = s.messages.length;
    s.run(1_000);
    expect(s.messages.length).toBe(n);
  });

  it("seeking back then forward gives the same objects as a straight run, and as a fresh replay", () => {
    const straight = fakeSession();
    straight.init({ ...START, play: true, speed: 10 });
    straight.run(3_000);
    straight.send({ type: "command", id: 1, line: "kubectl scale deployment web --replicas=5" });
    straight.run(3_000);
    straight.send({ type: "command", id: 2, line: "stop node worker-3" });
    straight.run(3_000);
    const end = straight.session.time;
    const log = straight.frames().filter((f) => f.actions).at(-1)!.actions!;
    expect(log.length).toBe(3);
    // The straight run as the page saw it.
    const page = pageState();
    for (const m of straight.messages) page.apply(m);
    const seen = Object.fromEntries(Object.entries(page.objects()).map(([k, r]) => [k.slice("object:".length), (r as ObjectRecord).object]));
    const engine = Object.fromEntries(straight.session.cluster!.objects().filter((o) => o.kind !== "Event").map((o) => [o.metadata.uid, o]));
    expect(Object.keys(seen).length).toBe(Object.keys(engine).length);

    straight.send({ type: "seek", time: end / 3 });
    expect(straight.lastHydrate().time).toBe(end / 3);
    expect(straight.lastHydrate().actions).toEqual(log);
    straight.send({ type: "seek", time: end });
    const back = straight.lastHydrate();
    expect(back.time).toBe(end);
    expect(objectsOf(back.records)).toEqual(seen);

    const fresh = fakeSession();
    fresh.init({ actions: log, time: end });
    expect(objectsOf(fresh.lastHydrate().records)).toEqual(seen);
  }, 30_000);

  it("forks when acting in the past: later logged actions are dropped", () => {
    const s = fakeSession();
    const actions = [
      { at: 1000, line: CREATE },
      { at: 20_000, line: "kubectl scale deployment web --replicas=1" },
      { at: 30_000, line: "stop node worker-1" },
    ];
    s.init({ actions, time: 40_000 });
    expect(s.lastHydrate().status.horizon).toBe(40_000);
    s.send({ type: "seek", time: 10_000.5 });
    expect(s.lastHydrate().status.horizon).toBe(40_000);
    expect(s.lastHydrate().actions).toEqual(actions);
    s.send({ type: "command", id: 1, line: "kubectl scale deployment web --replicas=6" });
    const f = s.frames().at(-1)!;
    expect(f.actions).toEqual([actions[0], { at: 10_000, line: "kubectl scale deployment web --replicas=6" }]);
    expect(f.status.horizon).toBe(10_000.5);
    // Playing on, the dropped actions never run.
    s.send({ type: "play" });
    s.send({ type: "speed", speed: 100 });
    s.runUntil(() => s.session.time > 35_000);
    expect(s.session.cluster!.sim.machines.get("worker-1")!.running).toBe(true);
    // The command's result says where the timeline forked and what it dropped.
    expect(s.runUntil(() => results(s.messages).some((m) => m.id === 1), 60_000)).toBe(true);
    expect(results(s.messages).find((m) => m.id === 1)!.forked).toEqual({ at: 10_000, dropped: [actions[1], actions[2]] });
    // A command at the end of the timeline forks nothing.
    s.send({ type: "command", id: 2, line: "kubectl get pods" });
    expect(s.runUntil(() => results(s.messages).some((m) => m.id === 2), 60_000)).toBe(true);
    expect(results(s.messages).find((m) => m.id === 2)!.forked).toBeUndefined();
  });

  it("sends one frame at a time: without acks it merges, and the merged frame equals the frames it replaces", () => {
    const acked = fakeSession();
    const lagging = fakeSession({ autoAck: false });
    for (const s of [acked, lagging]) {
      s.init({ ...START, play: true, speed: 3 });
      s.run(500);
    }
    // The lagging page acked nothing yet: one frame went out, and nothing more.
    expect(lagging.frames().length).toBe(1);
    lagging.ack();
    // The ack releases one merged frame at once.
    expect(lagging.frames().length).toBe(2);
    const ackedBefore = acked.frames().length;
    for (const s of [acked, lagging]) s.run(8_000);
    expect(lagging.frames().length).toBe(2);
    expect(ackedBefore).toBeGreaterThan(25);
    expect(acked.frames().length - ackedBefore).toBeGreaterThan(400);
    lagging.ack();
    expect(lagging.frames().length).toBe(3);
    // The same content, seen through a page.
    const p1 = pageState();
    const p2 = pageState();
    for (const m of acked.messages) p1.apply(m);
    for (const m of lagging.messages) p2.apply(m);
    expect(p2.time).toBe(p1.time);
    expect(p2.records).toEqual(p1.records);
    expect(p2.flows).toEqual(p1.flows);
    expect(p2.events).toEqual(p1.events);
    // And merging the acked frames gives the lagging session's frame.
    const body = (f: FrameMessage): FrameBody => ({ time: f.time, diff: f.diff, flowsStarted: f.flowsStarted, flowsEnded: f.flowsEnded, events: f.events, status: f.status });
    const merged = acked.frames().slice(ackedBefore).map(body).reduce(mergeFrames);
    const last = lagging.frames()[2];
    expect(merged.flowsStarted).toEqual(last.flowsStarted);
    expect(merged.flowsEnded).toEqual(last.flowsEnded);
    expect(merged.events).toEqual(last.events);
    expect(merged.diff.removed.slice().sort()).toEqual(last.diff.removed.slice().sort());
    expect(new Set(merged.diff.updated.map((r) => r.id))).toEqual(new Set(last.diff.updated.map((r) => r.id)));
  });

  it("auto-pacing: slower with messages in flight than without, and never runs past a queued event", () => {
    const s = fakeSession();
    s.init({ ...START, play: true });
    const cluster = s.session.cluster!;
    // Note, per tick, when each foreground flow starts and ends.
    const inner = cluster.sim.observer!;
    const spans = new Map<number, { start: number; end?: number }>();
    // Foreground as the playback sees it: not background, and not routine node-status traffic.
    const routine = new FlowLedger();
    for (const f of (inner as FlowLedger).inFlight.values()) routine.isRoutine(f);
    cluster.sim.observer = {
      flowStarted: (f) => {
        inner.flowStarted(f);
        if (!routine.isRoutine(f)) spans.set(f.id, { start: s.ticks });
      },
      flowEnded: (f, d) => {
        inner.flowEnded(f, d);
        const sp = spans.get(f.id);
        if (sp) sp.end = s.ticks;
      },
    };
    const page = pageState();
    const rates = { flying: [] as number[], quiet: [] as number[] };
    let seen = 0;
    s.runUntil(() => {
      const msgs = s.messages.slice(seen);
      seen = s.messages.length;
      for (const m of msgs) {
        page.apply(m);
        if (m.type !== "frame") continue;
        const flying = [...page.flows.values()].some((f) => !isBackgroundFlow(f as never));
        (flying ? rates.flying : rates.quiet).push(m.status.rate);
      }
      return page.time > 8_000;
    }, 300_000);
    expect(rates.flying.length).toBeGreaterThan(100);
    expect(rates.quiet.length).toBeGreaterThan(10);
    // In flight: one hop of 1–2 ms takes 0.4–0.8 s of wall time.
    expect(Math.max(...rates.flying)).toBeLessThanOrEqual(inFlightRate(1e9));
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const median = (xs: number[]) => xs.slice().sort((a, b) => a - b)[xs.length >> 1];
    expect(mean(rates.quiet)).toBeGreaterThan(10 * mean(rates.flying));
    expect(median(rates.quiet)).toBeGreaterThan(median(rates.flying));
    // No foreground flow ever started and ended within one tick: playback stopped at each event.
    const foreground = [...spans.values()].filter((sp) => sp.end !== undefined);
    expect(foreground.length).toBeGreaterThan(100);
    expect(foreground.filter((sp) => sp.end === sp.start)).toEqual([]);
  });

  it("auto-pacing: quiet waits pass in seconds at 1× (the 50 s grace, the 300 s toleration)", () => {
    const s = fakeSession();
    s.init({ actions: [{ at: 1000, line: CREATE }, { at: 20_000, line: "stop node worker-1" }], time: 25_000, play: true });
    const cluster = s.session.cluster!;
    const ready = () => (cluster.objects().find((o) => o.kind === "Node" && o.metadata.name === "worker-1") as unknown as { status: { conditions: { type: string; status: string }[] } }).status.conditions.find((c) => c.type === "Ready")!.status;
    const w0 = s.wall;
    expect(s.runUntil(() => ready() !== "True", 60_000)).toBe(true);
    const grace = s.wall - w0;
    expect(cluster.now).toBeGreaterThanOrEqual(60_000);
    expect(grace).toBeLessThan(4_000);
    // After the NoExecute taint, the pods' 300 s toleration runs out in a few seconds of wall time.
    const node = () => cluster.objects().find((o) => o.kind === "Node" && o.metadata.name === "worker-1") as unknown as { spec: { taints?: { key: string; effect: string; timeAdded?: string }[] } };
    const noExecute = () => node().spec.taints?.find((t) => t.key === "node.kubernetes.io/unreachable" && t.effect === "NoExecute");
    expect(s.runUntil(() => !!noExecute(), 60_000)).toBe(true);
    const taintedAt = cluster.now;
    expect(s.runUntil(() => cluster.now > taintedAt + 1_000, 60_000)).toBe(true);
    const w1 = s.wall;
    expect(s.runUntil(() => cluster.now >= taintedAt + 299_000, 60_000)).toBe(true);
    expect(s.wall - w1).toBeLessThan(4_000);
    // ... and then the eviction plays slowly again.
    const evicted = () => cluster.objects().some((o) => o.kind === "Pod" && !!o.metadata.deletionTimestamp);
    expect(s.runUntil(evicted, 60_000)).toBe(true);
    expect(cluster.now).toBeLessThan(taintedAt + 300_200);
  });

  it("says which page message it has handled last (answered), even when handling it changed nothing, and after a held frame", () => {
    const s = fakeSession({ autoAck: false });
    s.send({ type: "init", version: PROTOCOL_VERSION, seed: 1, topology: { masters: 1, workers: 3 }, actions: [], time: 900, req: 1 });
    expect(s.lastHydrate().answered).toBe(1);
    // A pause while paused changes nothing the page sees: a frame says it was handled.
    s.send({ type: "pause", req: 2 });
    expect(s.frames().at(-1)!.answered).toBe(2);
    // A step while that frame is unacked: its frame waits for the ack, and then says both were handled.
    const before = s.frames().length;
    s.send({ type: "step", req: 3 });
    s.send({ type: "speed", speed: 4, req: 4 });
    expect(s.frames().length).toBe(before);
    s.ack();
    const held = s.frames().at(-1)!;
    expect(held.answered).toBe(4);
    expect(held.time).toBeGreaterThan(900);
    expect(held.status).toMatchObject({ playing: false, speed: 4 });
    // A seek's hydrate says it too; an ack is not a request and changes nothing.
    s.send({ type: "seek", time: 2_000, req: 5 });
    expect(s.lastHydrate()).toMatchObject({ time: 2_000, answered: 5 });
    const count = s.messages.length;
    s.ack();
    expect(s.messages.length).toBe(count);
    // Messages without a number (an older page) are answered as before, without it.
    const t = fakeSession();
    t.init({ time: 900 });
    t.send({ type: "step" });
    expect(t.lastHydrate().answered).toBeUndefined();
    expect(t.frames().every((f) => f.answered === undefined)).toBe(true);
  });

  it("stamps the hydrate and each frame with its JSON length only when init asks for bench measurements", () => {
    const s = fakeSession();
    s.send({ type: "init", version: PROTOCOL_VERSION, seed: 1, topology: { masters: 1, workers: 3 }, actions: START.actions, time: START.time, play: true, bench: true });
    s.run(2000);
    const hydrate = s.lastHydrate();
    const { bytes, ...rest } = hydrate;
    expect(bytes).toBe(JSON.stringify(rest).length);
    expect(s.frames().length).toBeGreaterThan(0);
    for (const f of s.frames()) {
      const { bytes: b, ...body } = f;
      expect(b).toBe(JSON.stringify(body).length);
    }
    const plain = fakeSession();
    plain.init({ ...START, play: true });
    plain.run(2000);
    expect(plain.lastHydrate()).not.toHaveProperty("bytes");
    expect(plain.frames().every((f) => !("bytes" in f))).toBe(true);
  });

  it("skips a long wall gap instead of catching up, and runs at speed × wall time without auto-pacing", () => {
    const s = fakeSession();
    s.init({ time: 900, play: true, autoPace: false, speed: 2 });
    s.tick(100);
    expect(s.session.time).toBeCloseTo(1100, 6);
    s.tick(5_000);
    expect(s.session.time).toBeCloseTo(1100 + 2 * (1000 / 60), 6);
    expect(s.frames().at(-1)!.status.rate).toBe(2);
  });

  it("reports an engine exception as a fatal error in plain words instead of dying, and init revives it", () => {
    const s = fakeSession();
    s.init({ ...START, play: true });
    s.session.cluster!.runUntil = () => {
      throw new Error("boom");
    };
    s.tick();
    const e = errors(s.messages);
    expect(e).toEqual([{ type: "error", fatal: true, message: "The simulation stopped because of an internal error: boom" }]);
    s.send({ type: "command", id: 1, line: "stop node worker-1" });
    expect(errors(s.messages)[1]).toMatchObject({ fatal: false });
    s.init({ ...START });
    expect(s.messages.at(-1)!.type).toBe("hydrate");
  });
});
