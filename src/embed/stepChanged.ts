/**
 * When to send `stepchanged`: once the step's cluster is on the page, not when the step is asked for.
 * A presenter's step (next, prev, goto, reset) and a lesson's are requests to the simulation's worker;
 * the state they lead to arrives a moment later, paused (a step pauses; a seek's or a new timeline's
 * state comes paused, and plays after). So the event waits for a paused state at another time: frames
 * of the old timeline still on their way while it played do not count. It gives up waiting after
 * `maxWaitMs` (a step that lands on the same time), and several triggers while one is waiting send one
 * event. Pure: the store and the timer are passed in.
 */
type ClockState = { clock: { time: number }; playback: { playing: boolean } };
export interface ClockStore {
  getState(): ClockState;
  subscribe(listener: (state: ClockState) => void): () => void;
}

export interface StepChangedOptions {
  maxWaitMs?: number;
  setTimer?: (fn: () => void, ms: number) => () => void;
}

export function stepChangedEmitter(store: ClockStore, emit: () => void, opts: StepChangedOptions = {}): { changed: () => void; stop: () => void } {
  const maxWaitMs = opts.maxWaitMs ?? 1000;
  const setTimer =
    opts.setTimer ??
    ((fn: () => void, ms: number) => {
      const h = setTimeout(fn, ms);
      return () => clearTimeout(h);
    });
  let waiting: { unsubscribe: () => void; cancel: () => void } | null = null;
  const finish = (send: boolean) => {
    if (!waiting) return;
    waiting.unsubscribe();
    waiting.cancel();
    waiting = null;
    if (send) emit();
  };
  return {
    changed: () => {
      if (waiting) return;
      const from = store.getState().clock.time;
      const unsubscribe = store.subscribe((s) => {
        if (s.clock.time !== from && !s.playback.playing) finish(true);
      });
      const cancel = setTimer(() => finish(true), maxWaitMs);
      waiting = { unsubscribe, cancel };
    },
    stop: () => finish(false),
  };
}
