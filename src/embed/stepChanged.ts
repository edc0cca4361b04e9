/**
 * When to send `stepchanged`: once the step's cluster is on the page, not when the step is asked for.
 * A presenter's step (next, prev, goto, reset) and a lesson's are requests to the simulation's worker;
 * the state they lead to arrives a moment later.
 *
 * The app's store knows when that is (`settled()`: the simulation has answered every message the page
 * sent, src/bridge/protocol.ts `PageMessage`). The event then goes once the task that asked for the step
 * is done (a step's requests are all sent by then) and the store is settled. A host's burst of `next`
 * calls is one wait: the event carries the last step's state, time and link, never an earlier step's.
 * It goes anyway after `settleWaitMs` (an answer lost with a crashed worker).
 *
 * Without `settled` (a store that does not know), the event waits for a paused state at another time
 * (a step pauses; a seek's or a new timeline's state comes paused): frames of the old timeline still on
 * their way while it played do not count, and a state that answers an earlier step of a burst does not
 * either. It goes anyway after `maxWaitMs` (a step that lands on the same time).
 *
 * Several triggers in one task are one step (the presenter's `next` in a lesson triggers twice: the
 * presenter's step and the lesson's own). Pure: the store, the timer and the end of the task are passed in.
 */
type ClockState = { clock: { time: number }; playback: { playing: boolean }; settled?: () => boolean | null };
export interface ClockStore {
  getState(): ClockState;
  subscribe(listener: (state: ClockState) => void): () => void;
}

export interface StepChangedOptions {
  /** Without `settled`: how long to wait for a paused state at another time. */
  maxWaitMs?: number;
  /** With `settled`: how long to wait for it. */
  settleWaitMs?: number;
  setTimer?: (fn: () => void, ms: number) => () => void;
  /** Runs `fn` when the current task's synchronous work is done (default `queueMicrotask`). */
  endOfTask?: (fn: () => void) => void;
}

export function stepChangedEmitter(store: ClockStore, emit: () => void, opts: StepChangedOptions = {}): { changed: () => void; stop: () => void } {
  const maxWaitMs = opts.maxWaitMs ?? 1000;
  const settleWaitMs = opts.settleWaitMs ?? 15_000;
  const setTimer =
    opts.setTimer ??
    ((fn: () => void, ms: number) => {
      const h = setTimeout(fn, ms);
      return () => clearTimeout(h);
    });
  const endOfTask = opts.endOfTask ?? ((fn: () => void) => queueMicrotask(fn));
  /** Steps asked for so far (triggers in one task count once). */
  let steps = 0;
  let inTask = false;
  let waiting: { unsubscribe: () => void; cancel: () => void; look: (s: ClockState) => void; settles: boolean } | null = null;
  const finish = (send: boolean) => {
    if (!waiting) return;
    waiting.unsubscribe();
    waiting.cancel();
    waiting = null;
    if (send) emit();
  };
  const wait = () => {
    const first = store.getState();
    const settles = (first.settled?.() ?? null) !== null;
    const from = first.clock.time;
    const step = steps;
    const look = (s: ClockState) => {
      if (settles) {
        // Not before the task that asked for the step is done: its requests may not all be sent yet.
        if (!inTask && s.settled?.()) finish(true);
        return;
      }
      if (s.clock.time === from || s.playback.playing) return;
      if (steps === step) return finish(true);
      // The state of a step asked for before the latest: wait on from here for the latest's.
      finish(false);
      wait();
    };
    const unsubscribe = store.subscribe(look);
    const cancel = setTimer(() => finish(true), settles ? settleWaitMs : maxWaitMs);
    waiting = { unsubscribe, cancel, look, settles };
  };
  return {
    changed: () => {
      if (!inTask) {
        steps++;
        inTask = true;
        endOfTask(() => {
          inTask = false;
          waiting?.look(store.getState());
        });
        // A new step: the wait for an answer starts again.
        if (waiting?.settles) {
          waiting.cancel();
          waiting.cancel = setTimer(() => finish(true), settleWaitMs);
        }
      }
      if (!waiting) wait();
    },
    stop: () => finish(false),
  };
}
