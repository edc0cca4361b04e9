/**
 * Sequential code over simulated time. The kubelet's sync functions are long chains of blocking calls
 * in Go (CRI calls, image pulls, API writes); here each one is a generator that yields an `Effect` and
 * is resumed, synchronously and inside the simulation event that delivers the answer, by `spawn`.
 * Promises cannot be used: their continuations run after `Simulation.runUntil` returns, out of order.
 *
 * When the owning actor stops, its timers and messages die, so a suspended task is simply never
 * resumed again: that is the process dying mid-call.
 */

export type Resume<T> = (value: T) => void;
/** Starts an asynchronous operation and calls `resume` exactly once with its result. */
export type Effect<T = unknown> = (resume: Resume<T>) => void;
export type Task<R = void> = Generator<Effect, R, unknown>;

/** `const x = yield* wait<T>(effect)`: suspends the task until the effect resumes it. */
export function* wait<T>(effect: Effect<T>): Generator<Effect, T, unknown> {
  return (yield effect as Effect) as T;
}

/** Runs `task` to completion, resuming it as its effects complete; `onDone` gets its return value. */
export function spawn<R>(task: Task<R>, onDone?: (result: R) => void): void {
  const step = (value: unknown): void => {
    const r = task.next(value);
    if (r.done) {
      onDone?.(r.value);
      return;
    }
    let resumed = false;
    r.value((v) => {
      if (resumed) return;
      resumed = true;
      step(v);
    });
  };
  step(undefined);
}

/** Runs several effects at once and resumes with all their results, in order (Go's goroutines + WaitGroup). */
export function all<T>(effects: Effect<T>[]): Effect<T[]> {
  return (resume) => {
    if (!effects.length) return resume([]);
    const out: T[] = new Array(effects.length);
    let left = effects.length;
    effects.forEach((e, i) =>
      e((v) => {
        out[i] = v;
        if (--left === 0) resume(out);
      }),
    );
  };
}

/** Runs a task as an effect, so tasks can be composed and run in parallel with `all`. */
export function run<R>(task: Task<R>): Effect<R> {
  return (resume) => spawn(task, resume);
}
