import { describe, expect, it } from "vitest";
import { HiddenPause, type Playback } from "./hiddenPause";

/** A store stand-in: `start()` is anything outside that makes it play (the worker's state, a call); it tells the pauser, as the store's subscription does. */
function fake(playing = false) {
  const log: string[] = [];
  let pauser: HiddenPause | null = null;
  const p: Playback & { start(): void; isPlaying: boolean } = {
    isPlaying: playing,
    playing: () => p.isPlaying,
    play: () => {
      log.push("play");
      p.start();
    },
    pause: () => {
      log.push("pause");
      p.isPlaying = false;
    },
    start: () => {
      p.isPlaying = true;
      pauser?.check();
    },
  };
  return { p, log, attach: (h: HiddenPause) => (pauser = h) };
}

describe("pausing the embed while it is hidden", () => {
  it("pauses at start when it is already playing and hidden, and plays when shown", () => {
    const { p, log, attach } = fake(true);
    const h = attach(new HiddenPause(p, true));
    expect(log).toEqual(["pause"]);
    expect(p.isPlaying).toBe(false);
    h.setHidden(false);
    expect(log).toEqual(["pause", "play"]);
    expect(p.isPlaying).toBe(true);
  });

  it("keeps a frame loaded hidden from playing when the worker's first state says play, and plays it when shown", () => {
    const { p, log, attach } = fake(false);
    const h = attach(new HiddenPause(p, true));
    expect(log).toEqual([]);
    p.start(); // the worker's first state arrives: playing
    expect(p.isPlaying).toBe(false);
    expect(h.willResume).toBe(true);
    h.setHidden(false);
    expect(p.isPlaying).toBe(true);
  });

  it("a visible page plays and pauses freely; hiding it pauses, showing it plays on", () => {
    const { p, log, attach } = fake(false);
    const h = attach(new HiddenPause(p, false));
    p.start();
    expect(p.isPlaying).toBe(true);
    h.setHidden(true);
    expect(p.isPlaying).toBe(false);
    h.setHidden(false);
    expect(p.isPlaying).toBe(true);
    expect(log).toEqual(["pause", "play"]);
  });

  it("a paused frame hidden and shown again stays paused", () => {
    const { p, log, attach } = fake(false);
    const h = attach(new HiddenPause(p, false));
    h.setHidden(true);
    h.setHidden(false);
    expect(log).toEqual([]);
    expect(p.isPlaying).toBe(false);
  });

  it("a host's play while hidden is remembered, not played now (slide:start before the slide shows)", () => {
    const { p, attach } = fake(false);
    const h = attach(new HiddenPause(p, true));
    h.beforeCall();
    p.play();
    expect(p.isPlaying).toBe(false);
    h.setHidden(false);
    expect(p.isPlaying).toBe(true);
  });

  it("a host's pause while hidden forgets the intent to play: shown, it stays paused", () => {
    const { p, attach } = fake(true);
    const h = attach(new HiddenPause(p, false));
    h.setHidden(true);
    expect(h.willResume).toBe(true);
    h.beforeCall();
    p.pause();
    expect(h.willResume).toBe(false);
    h.setHidden(false);
    expect(p.isPlaying).toBe(false);
  });

  it("the last call while hidden decides: pause then play plays when shown; a step that plays (a lesson's Next) too", () => {
    const { p, attach } = fake(true);
    const h = attach(new HiddenPause(p, false));
    h.setHidden(true);
    h.beforeCall();
    p.pause();
    h.beforeCall();
    p.start(); // e.g. a lesson's Next that plays its step
    expect(p.isPlaying).toBe(false);
    h.setHidden(false);
    expect(p.isPlaying).toBe(true);
  });

  it("a call while shown changes nothing of the kind", () => {
    const { p, attach } = fake(true);
    const h = attach(new HiddenPause(p, false));
    h.beforeCall();
    p.pause();
    h.setHidden(true);
    h.setHidden(false);
    expect(p.isPlaying).toBe(false);
  });
});

describe("holding an embedded page's simulation while its UI loads", () => {
  /** A store like the cluster store: play/pause set `playing` and tell the subscribers. */
  function store() {
    let state = { playback: { playing: false }, play: () => set(true), pause: () => set(false) };
    const listeners = new Set<(s: typeof state) => void>();
    const set = (playing: boolean) => {
      state = { ...state, playback: { playing } };
      for (const l of [...listeners]) l(state);
    };
    return {
      getState: () => state,
      subscribe: (l: (s: typeof state) => void) => (listeners.add(l), () => void listeners.delete(l)),
      set,
      listeners,
    };
  }

  it("keeps the store from playing until the UI takes the hold over, which plays it once shown", async () => {
    const { holdWhileLoading, takeHold } = await import("./hiddenPause");
    const s = store();
    holdWhileLoading(s);
    s.set(true); // the worker's first state: playing
    expect(s.getState().playback.playing).toBe(false);
    const hold = takeHold()!;
    expect(takeHold()).toBeNull();
    hold.pauser.setHidden(true); // the UI: still out of view
    s.set(true);
    expect(s.getState().playback.playing).toBe(false);
    hold.pauser.setHidden(false);
    expect(s.getState().playback.playing).toBe(true);
    hold.stop();
    expect(s.listeners.size).toBe(0);
  });

  it("a moment that opens paused stays paused when shown", async () => {
    const { watchStore } = await import("./hiddenPause");
    const s = store();
    const { pauser } = watchStore(s, true);
    pauser.setHidden(false);
    expect(s.getState().playback.playing).toBe(false);
  });
});
