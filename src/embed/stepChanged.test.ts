import { describe, expect, it } from "vitest";
import { createStore } from "zustand/vanilla";
import { stepChangedEmitter } from "./stepChanged";

function setup() {
  const store = createStore(() => ({ clock: { time: 5_000 }, playback: { playing: false } }));
  const timers: { fn: () => void; ms: number; cancelled: boolean }[] = [];
  const sent: number[] = [];
  const emitter = stepChangedEmitter(store, () => sent.push(store.getState().clock.time), {
    setTimer: (fn, ms) => {
      const t = { fn, ms, cancelled: false };
      timers.push(t);
      return () => (t.cancelled = true);
    },
  });
  return { store, timers, sent, emitter };
}

describe("stepchanged", () => {
  it("is sent once the step's state is on the page (the clock moved), with that state, not the one before", () => {
    const { store, sent, timers, emitter } = setup();
    emitter.changed();
    expect(sent).toEqual([]);
    store.setState({ clock: { time: 5_230 } });
    expect(sent).toEqual([5_230]);
    expect(timers[0].cancelled).toBe(true);
    // Later clock changes send nothing more.
    store.setState({ clock: { time: 6_000 } });
    expect(sent).toEqual([5_230]);
  });

  it("frames of the old timeline still on their way while it played do not count: the step's state comes paused", () => {
    const { store, sent, emitter } = setup();
    store.setState({ playback: { playing: true } });
    emitter.changed();
    store.setState({ clock: { time: 5_016 } });
    store.setState({ clock: { time: 5_033 } });
    expect(sent).toEqual([]);
    store.setState({ clock: { time: 9_000 }, playback: { playing: false } });
    expect(sent).toEqual([9_000]);
  });

  it("several triggers while waiting (the presenter's step and the lesson's own) send one event", () => {
    const { store, sent, emitter } = setup();
    emitter.changed();
    emitter.changed();
    store.setState({ clock: { time: 7_000 } });
    expect(sent).toEqual([7_000]);
    emitter.changed();
    store.setState({ clock: { time: 8_000 } });
    expect(sent).toEqual([7_000, 8_000]);
  });

  it("a step that lands on the same time is still announced, after the wait", () => {
    const { sent, timers, emitter } = setup();
    emitter.changed();
    expect(timers[0].ms).toBe(1000);
    timers[0].fn();
    expect(sent).toEqual([5_000]);
  });

  it("stopped, it sends nothing", () => {
    const { store, sent, emitter } = setup();
    emitter.changed();
    emitter.stop();
    store.setState({ clock: { time: 9_000 } });
    expect(sent).toEqual([]);
  });
});
