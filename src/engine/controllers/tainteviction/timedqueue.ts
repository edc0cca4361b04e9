import type { Scope } from "../context";

interface TimedWorker {
  createdAt: number;
  fireAt: number;
  cancelled: boolean;
}

/**
 * tainteviction.TimedWorkerQueue: one timer per pod key. A fired (or immediate) worker leaves its key
 * behind with no timer, so the same pod is not scheduled twice until the work is cancelled.
 */
export class TimedWorkerQueue {
  private readonly workers = new Map<string, TimedWorker | null>();

  constructor(
    private readonly scope: Scope,
    private readonly work: (key: string, fireAt: number, done: (err?: string) => void) => void,
  ) {}

  /** AddWork: the delay is fireAt − createdAt, as createWorker computes it. */
  addWork(key: string, createdAt: number, fireAt: number): void {
    if (this.workers.has(key)) return;
    const delay = fireAt - createdAt;
    if (delay <= 0) {
      this.workers.set(key, null);
      this.run(key, fireAt);
      return;
    }
    const w: TimedWorker = { createdAt, fireAt, cancelled: false };
    this.workers.set(key, w);
    this.scope.after(delay, () => {
      if (!w.cancelled) this.run(key, fireAt);
    });
  }

  private run(key: string, fireAt: number): void {
    this.work(key, fireAt, (err) => {
      if (err) this.workers.delete(key);
      else this.workers.set(key, null);
    });
  }

  /** CancelWork: true only when a pending timer was stopped. */
  cancelWork(key: string): boolean {
    if (!this.workers.has(key)) return false;
    const w = this.workers.get(key);
    this.workers.delete(key);
    if (w) {
      w.cancelled = true;
      return true;
    }
    return false;
  }

  getWorker(key: string): { createdAt: number; fireAt: number } | null | undefined {
    return this.workers.get(key);
  }
}
