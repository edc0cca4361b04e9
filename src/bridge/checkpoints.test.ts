import { describe, expect, it } from "vitest";
import { CHECKPOINT_EVERY_MS, MAX_CHECKPOINTS, checkpointTargets } from "./checkpoints";
import type { HydrateMessage, LoggedAction } from "./protocol";
import { fakeSession } from "./testkit";

const TOPOLOGY = { masters: 1, workers: 3 };
const ACTIONS: LoggedAction[] = [
  { at: 1_000, line: "kubectl create deployment web --image=nginx --replicas=3" },
  { at: 20_000, line: "stop node worker-2" },
  { at: 70_000, line: "kubectl scale deployment web --replicas=5" },
  { at: 80_000, line: "start node worker-2" },
];

/** What a seek shows: everything in the hydrate but the playback status (whose horizon remembers the past). */
function moment(h: HydrateMessage) {
  return { time: h.time, actions: h.actions, records: h.records, flows: h.flows, events: h.events };
}

/** The same moment built from nothing: a fresh session at `time` with `actions`. */
function replayed(seed: number, actions: LoggedAction[], time: number) {
  const s = fakeSession();
  s.init({ seed, topology: TOPOLOGY, actions, time });
  return moment(s.lastHydrate());
}

/** Paused: the session builds checkpoints on its idle timer until they are done. */
function idle(s: ReturnType<typeof fakeSession>) {
  for (let i = 0; i < 50 && s.session.checkpointTimes.some((c) => c.at < c.target); i++) s.tick(50);
}

/** A session played (100×, no auto-pace) to `until`, building checkpoints on the way. */
function played(seed: number, until: number) {
  const s = fakeSession();
  s.init({ seed, topology: TOPOLOGY, actions: ACTIONS, time: 0, speed: 100, autoPace: false, play: true });
  expect(s.runUntil(() => s.session.time >= until)).toBe(true);
  s.send({ type: "pause" });
  idle(s);
  return s;
}

describe("checkpoints", () => {
  it("are the latest multiples of 30 s at or below the clock, at most three", () => {
    expect(CHECKPOINT_EVERY_MS).toBe(30_000);
    expect(checkpointTargets(29_999)).toEqual([]);
    expect(checkpointTargets(30_000)).toEqual([30_000]);
    expect(checkpointTargets(95_000)).toEqual([90_000, 60_000, 30_000]);
    expect(checkpointTargets(200_000)).toEqual([180_000, 150_000, 120_000]);
    expect(checkpointTargets(200_000)).toHaveLength(MAX_CHECKPOINTS);
  });

  it("are built while the session plays, and a seek back starts from the latest one at or before it, landing on the same cluster as a replay from zero", () => {
    const s = played(7, 100_000);
    expect(s.session.checkpointTimes.sort((a, b) => a.target - b.target)).toEqual([
      { target: 30_000, at: 30_000 },
      { target: 60_000, at: 60_000 },
      { target: 90_000, at: 90_000 },
    ]);

    s.send({ type: "seek", time: 75_000 });
    expect(s.session.lastSeekFrom).toBe(60_000);
    const back = moment(s.lastHydrate());
    expect(back.time).toBe(75_000);
    expect(back).toEqual(replayed(7, ACTIONS, 75_000));

    // And on from there: a seek forward runs the adopted checkpoint on, still the same as a replay.
    s.send({ type: "seek", time: 130_000 });
    expect(moment(s.lastHydrate())).toEqual(replayed(7, ACTIONS, 130_000));

    // Before every checkpoint: from the start.
    s.send({ type: "seek", time: 12_000 });
    expect(s.session.lastSeekFrom).toBe(0);
    expect(moment(s.lastHydrate())).toEqual(replayed(7, ACTIONS, 12_000));
  });

  it("roll forward with the clock: one that falls out of the window runs on to the newest time, not from zero", () => {
    const s = played(9, 100_000);
    expect(s.session.checkpointsCreated).toBe(3);
    s.send({ type: "play" });
    s.runUntil(() => s.session.time >= 160_000);
    s.send({ type: "pause" });
    idle(s);
    expect(s.session.checkpointTimes.sort((a, b) => a.target - b.target)).toEqual([
      { target: 90_000, at: 90_000 },
      { target: 120_000, at: 120_000 },
      { target: 150_000, at: 150_000 },
    ]);
    expect(s.session.checkpointsCreated).toBe(3);
    s.send({ type: "seek", time: 125_000 });
    expect(s.session.lastSeekFrom).toBe(120_000);
    expect(moment(s.lastHydrate())).toEqual(replayed(9, ACTIONS, 125_000));
  });

  it("a checkpoint still being built is used as far as it got", () => {
    const s = fakeSession();
    s.init({ seed: 3, topology: TOPOLOGY, actions: ACTIONS, time: 95_000 });
    // One go of the idle timer: at most one call's worth of slices, so the newest checkpoint (90 s) is partly built.
    s.tick(50);
    const partial = s.session.checkpointTimes.find((c) => c.target === 90_000)!;
    expect(partial.at).toBeGreaterThan(0);
    expect(partial.at).toBeLessThan(90_000);
    const to = partial.at + 1_234;
    s.send({ type: "seek", time: to });
    expect(s.session.lastSeekFrom).toBe(partial.at);
    expect(moment(s.lastHydrate())).toEqual(replayed(3, ACTIONS, to));
  });

  it("acting in the past drops the checkpoints past that moment; later seeks back still match a replay of the forked log", () => {
    const s = played(11, 100_000);
    s.send({ type: "seek", time: 75_000 });
    // A command at 75 s forks the timeline: "start node worker-2" at 80 s is dropped.
    s.send({ type: "command", id: 1, line: "kubectl scale deployment web --replicas=2" });
    expect(s.session.checkpointTimes.every((c) => c.at <= 75_000)).toBe(true);
    s.send({ type: "play" });
    s.runUntil(() => s.session.time >= 100_000);
    s.send({ type: "pause" });
    idle(s);
    s.send({ type: "seek", time: 95_000 });
    const log = s.lastHydrate().actions;
    expect(log.map((a) => a.line)).toEqual([...ACTIONS.slice(0, 3).map((a) => a.line), "kubectl scale deployment web --replicas=2"]);
    expect(s.session.lastSeekFrom).toBe(90_000);
    expect(moment(s.lastHydrate())).toEqual(replayed(11, log, 95_000));
  });

  it("ones no longer wanted go while paused; a session thrown away stops its idle work", () => {
    const s = played(13, 100_000);
    s.send({ type: "seek", time: 12_000 });
    idle(s);
    s.tick(50);
    expect(s.session.checkpointTimes).toEqual([]);
    // Paused at 95 s with checkpoints to build: the idle timer is set; dispose stops it and frees them.
    s.init({ seed: 13, topology: TOPOLOGY, actions: ACTIONS, time: 95_000 });
    s.tick(50);
    expect(s.session.checkpointTimes.length).toBeGreaterThan(0);
    s.session.dispose();
    expect(s.session.checkpointTimes).toEqual([]);
    const ticks = s.ticks;
    s.tick(50);
    expect(s.ticks).toBe(ticks);
  });

  it("a reset (init) throws the checkpoints away", () => {
    const s = played(5, 65_000);
    expect(s.session.checkpointTimes.length).toBeGreaterThan(0);
    s.init({ seed: 5, topology: TOPOLOGY, actions: [], time: 1_000 });
    expect(s.session.checkpointTimes).toEqual([]);
    s.send({ type: "seek", time: 500 });
    expect(s.session.lastSeekFrom).toBe(0);
  });
});
