import type { SimTime } from "../../time";
import { TokenBucket } from "../ratelimit";

/** scheduler.NodeEvictionPeriod: how often the NoExecute taint queues are drained. */
export const NODE_EVICTION_PERIOD = 100;
/** scheduler.EvictionRateLimiterBurst. */
export const EVICTION_RATE_LIMITER_BURST = 1;

export interface TimedValue {
  value: string;
  uid: string;
  addedAt: SimTime;
  processAt: SimTime;
}

/**
 * scheduler.RateLimitedTimedQueue (pkg/controller/nodelifecycle/scheduler/rate_limited_queue.go): a
 * unique queue of node names ordered by processAt, drained through a token bucket. A value stays in the
 * set after it was processed (RemoveFromQueue), so it is not queued again until Remove is called.
 */
export class RateLimitedTimedQueue {
  private readonly queue: TimedValue[] = [];
  private readonly set = new Set<string>();
  private limiter: TokenBucket;
  private seq = 0;
  private readonly order = new Map<string, number>();

  constructor(qps: number, now: SimTime) {
    this.limiter = new TokenBucket(qps, EVICTION_RATE_LIMITER_BURST, now);
  }

  get qps(): number {
    return this.limiter.qps;
  }

  get length(): number {
    return this.queue.length;
  }

  /** Add: false when the value is already in the set. */
  add(value: string, uid: string, now: SimTime): boolean {
    if (this.set.has(value)) return false;
    this.set.add(value);
    this.order.set(value, this.seq++);
    this.queue.push({ value, uid, addedAt: now, processAt: now });
    this.sort();
    return true;
  }

  /** Remove: from the set and the queue. */
  remove(value: string): boolean {
    const had = this.set.delete(value);
    const i = this.queue.findIndex((v) => v.value === value);
    if (i >= 0) this.queue.splice(i, 1);
    return had;
  }

  has(value: string): boolean {
    return this.set.has(value);
  }

  private sort(): void {
    this.queue.sort((a, b) => a.processAt - b.processAt || this.order.get(a.value)! - this.order.get(b.value)!);
  }

  /**
   * Try: while a token is available and the head is due, hand it to `fn`; `fn` answers (done, retryAfter)
   * asynchronously. Done values leave the queue but stay in the set.
   */
  try(now: () => SimTime, fn: (v: TimedValue, cb: (ok: boolean, wait: SimTime) => void) => void, finished: () => void): void {
    const step = (): void => {
      const head = this.queue[0];
      if (!head) return finished();
      if (!this.limiter.tryAccept(now())) return finished();
      if (now() < head.processAt) return finished();
      fn(head, (ok, wait) => {
        const i = this.queue.indexOf(head);
        if (!ok) {
          if (i >= 0) {
            head.processAt = now() + wait + 1;
            this.sort();
          }
        } else if (i >= 0) this.queue.splice(i, 1);
        step();
      });
    };
    step();
  }

  /**
   * SwapLimiter: a new token bucket with the new rate (or a never-limiter for 0). If the old one was
   * empty, the new one starts empty too (good enough with burst 1, says upstream).
   */
  swapLimiter(qps: number, now: SimTime): void {
    if (this.limiter.qps === qps) return;
    const next = new TokenBucket(qps, EVICTION_RATE_LIMITER_BURST, now);
    if (qps > 0 && !this.limiter.tryAccept(now)) next.tryAccept(now);
    this.limiter = next;
  }
}
