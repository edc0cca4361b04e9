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

  it("a burst of steps sends one event, with the last step's state, not the state that answered the first", async () => {
    const { store, sent, emitter } = setup();
    emitter.changed();
    emitter.changed();
    await Promise.resolve();
    // A second step, asked for in a later task, before the first one's state has come.
    emitter.changed();
    store.setState({ clock: { time: 7_000 } });
    expect(sent).toEqual([]);
    store.setState({ clock: { time: 8_000 } });
    expect(sent).toEqual([8_000]);
    store.setState({ clock: { time: 9_000 } });
    expect(sent).toEqual([8_000]);
  });

  it("after a burst, a latest step that lands where the earlier one did is announced after the wait", async () => {
    const { store, sent, timers, emitter } = setup();
    emitter.changed();
    await Promise.resolve();
    emitter.changed();
    store.setState({ clock: { time: 7_000 } });
    expect(sent).toEqual([]);
    const live = timers.filter((t) => !t.cancelled);
    expect(live).toHaveLength(1);
    live[0].fn();
    expect(sent).toEqual([7_000]);
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

describe("stepchanged, with a store that knows when it is settled", () => {
  function settling() {
    let lastSent = 0;
    let answered = 0;
    const store = createStore(() => ({ clock: { time: 5_000 }, playback: { playing: false }, settled: (): boolean | null => answered >= lastSent }));
    const timers: { fn: () => void; ms: number; cancelled: boolean }[] = [];
    const sent: { time: number; playing: boolean }[] = [];
    const emitter = stepChangedEmitter(store, () => sent.push({ time: store.getState().clock.time, playing: store.getState().playback.playing }), {
      setTimer: (fn, ms) => {
        const t = { fn, ms, cancelled: false };
        timers.push(t);
        return () => (t.cancelled = true);
      },
    });
    /** The page asks the simulation for something (the store's reset, seek, step...). */
    const request = () => ++lastSent;
    /** The simulation's answer to request `req` arrives with its state. */
    const answer = (req: number, time: number, playing = false) => {
      answered = req;
      store.setState({ clock: { time }, playback: { playing } });
    };
    return { store, timers, sent, emitter, request, answer };
  }
  const endOfTask = () => Promise.resolve();

  it("is sent once the page's requests of the step are answered, with that state, even while it plays", async () => {
    const { sent, emitter, request, answer } = settling();
    emitter.changed();
    const r1 = request();
    const r2 = request();
    await endOfTask();
    expect(sent).toEqual([]);
    answer(r1, 6_000);
    expect(sent).toEqual([]);
    answer(r2, 6_000, true);
    expect(sent).toEqual([{ time: 6_000, playing: true }]);
    answer(r2, 7_000, true);
    expect(sent).toHaveLength(1);
  });

  it("a state that comes within the task that asked for the step does not send it, though nothing was asked yet", async () => {
    const { store, sent, emitter, request, answer } = settling();
    emitter.changed();
    store.setState({ playback: { playing: false }, clock: { time: 5_000 } });
    expect(sent).toEqual([]);
    const r = request();
    await endOfTask();
    expect(sent).toEqual([]);
    answer(r, 8_000);
    expect(sent).toEqual([{ time: 8_000, playing: false }]);
  });

  it("a burst of steps is one event, with the last step's state: answers to the earlier ones do not count", async () => {
    const { sent, emitter, request, answer } = settling();
    const asked: number[] = [];
    for (let i = 0; i < 3; i++) {
      emitter.changed();
      emitter.changed();
      asked.push(request());
      await endOfTask();
    }
    answer(asked[0], 6_000);
    answer(asked[1], 7_000);
    expect(sent).toEqual([]);
    answer(asked[2], 7_000);
    expect(sent).toEqual([{ time: 7_000, playing: false }]);
  });

  it("a step that asks nothing (Next on a finished last step) is sent at the end of its task", async () => {
    const { sent, emitter } = settling();
    emitter.changed();
    expect(sent).toEqual([]);
    await endOfTask();
    expect(sent).toEqual([{ time: 5_000, playing: false }]);
  });

  it("waits longer than a same-time step would, and each new step of a burst waits afresh", async () => {
    const { sent, timers, emitter, request } = settling();
    emitter.changed();
    request();
    await endOfTask();
    expect(timers[0].ms).toBe(15_000);
    emitter.changed();
    request();
    await endOfTask();
    expect(timers[0].cancelled).toBe(true);
    const live = timers.filter((t) => !t.cancelled);
    expect(live).toHaveLength(1);
    live[0].fn();
    expect(sent).toHaveLength(1);
  });
});
