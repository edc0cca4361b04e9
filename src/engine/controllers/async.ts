import type { ApiResponse } from "../api/wire";

/**
 * Controllers in Go block on each API call; here a call finishes in a callback. A Step is one call (or
 * any asynchronous piece of work) that reports an error message or nothing.
 */
export type Step = (next: (err?: string) => void) => void;

/**
 * Runs steps one after another and stops at the first error, as sequential Go code does. Steps that
 * finish synchronously are looped over rather than recursed into, so thousands of them are fine.
 */
export function series(steps: Step[], done: (err?: string) => void): void {
  let i = 0;
  let stopped = false;
  const loop = (): void => {
    for (;;) {
      if (stopped) return;
      if (i >= steps.length) {
        stopped = true;
        return done();
      }
      const step = steps[i++];
      let called = false;
      let sync = true;
      let continueHere = false;
      step((err) => {
        if (called || stopped) return;
        called = true;
        if (err) {
          stopped = true;
          return done(err);
        }
        if (sync) continueHere = true;
        else loop();
      });
      sync = false;
      if (!continueHere) return;
    }
  };
  loop();
}

/**
 * workqueue.ParallelizeUntil: `workers` at a time over the items, then `done`. Synchronous completions
 * are looped over, not recursed into.
 */
export function parallelizeUntil<T>(workers: number, items: T[], fn: (item: T, next: () => void) => void, done: () => void): void {
  if (!items.length) return done();
  let nextIndex = 0;
  let finished = 0;
  const worker = (): void => {
    for (;;) {
      if (nextIndex >= items.length) return;
      const item = items[nextIndex++];
      let sync = true;
      let continueHere = false;
      fn(item, () => {
        if (++finished === items.length) return done();
        if (sync) continueHere = true;
        else worker();
      });
      sync = false;
      if (!continueHere) return;
    }
  };
  for (let i = 0; i < Math.min(workers, items.length); i++) worker();
}

/** Runs steps at once (goroutines and a WaitGroup) and reports every error when all are finished. */
export function parallel(steps: Step[], done: (errs: string[]) => void): void {
  if (!steps.length) return done([]);
  let left = steps.length;
  const errs: string[] = [];
  for (const step of steps) {
    let called = false;
    step((err) => {
      if (called) return;
      called = true;
      if (err) errs.push(err);
      if (--left === 0) done(errs);
    });
  }
}

/** The error of a response as client-go would return it, or undefined for a 2xx. */
export function responseError(res: ApiResponse): string | undefined {
  if (res.code >= 200 && res.code < 300) return undefined;
  return res.error?.message ?? res.transportError ?? `unexpected response code ${res.code}`;
}

export function isNotFound(res: ApiResponse): boolean {
  return res.code === 404;
}

export function isAlreadyExists(res: ApiResponse): boolean {
  return res.code === 409 && res.error?.reason === "AlreadyExists";
}

export function isConflict(res: ApiResponse): boolean {
  return res.code === 409 && res.error?.reason === "Conflict";
}
