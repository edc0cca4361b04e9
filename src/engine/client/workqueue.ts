import type { Actor } from "../sim";
import type { SimTime } from "../time";

/**
 * client-go's workqueue with N workers: a key is queued once however often it is added, is never
 * processed by two workers at once, and is re-queued if it was added while being processed. A worker
 * is busy until its sync calls `done` (syncs wait for their API calls, as the blocking Go code does).
 */
export class WorkQueue {
  private readonly queue: string[] = [];
  private head = 0;
  private readonly queued = new Set<string>();
  private readonly processing = new Set<string>();
  private readonly dirtyWhileProcessing = new Set<string>();
  private busy = 0;
  private scheduled = false;

  constructor(
    private readonly owner: Actor,
    private readonly sync: (key: string, done: () => void) => void,
    private readonly workers = 1,
    /** Simulated CPU time of one sync before its first API call (ms). */
    private readonly syncCost: SimTime = 1,
  ) {}

  get length(): number {
    return this.queue.length - this.head;
  }

  add(key: string): void {
    if (this.processing.has(key)) {
      this.dirtyWhileProcessing.add(key);
      return;
    }
    if (this.queued.has(key)) return;
    this.queued.add(key);
    this.queue.push(key);
    this.kick();
  }

  addAfter(key: string, delay: SimTime): void {
    this.owner.after(delay, () => this.add(key));
  }

  /** Forget everything (the process stopped). */
  clear(): void {
    this.queue.length = 0;
    this.head = 0;
    this.queued.clear();
    this.processing.clear();
    this.dirtyWhileProcessing.clear();
    this.busy = 0;
    this.scheduled = false;
  }

  private kick(): void {
    if (this.scheduled || this.busy >= this.workers || this.length === 0) return;
    this.scheduled = true;
    this.owner.after(this.syncCost, () => {
      this.scheduled = false;
      while (this.busy < this.workers && this.length > 0) this.runNext();
    });
  }

  private runNext(): void {
    const key = this.queue[this.head++];
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue.splice(0, this.head);
      this.head = 0;
    }
    this.queued.delete(key);
    this.processing.add(key);
    this.busy++;
    const epoch = this.owner.epoch;
    let finished = false;
    this.sync(key, () => {
      if (finished || this.owner.epoch !== epoch) return;
      finished = true;
      this.busy--;
      this.processing.delete(key);
      if (this.dirtyWhileProcessing.delete(key)) this.add(key);
      this.kick();
    });
  }
}
