import type { SimTime } from "../time";

/**
 * client-go's workqueue.DefaultControllerRateLimiter, the part that matters here: per-item exponential
 * back-off of 5ms × 2^failures, capped at 1000s (k8s.io/client-go/util/workqueue/default_rate_limiters.go
 * `NewItemExponentialFailureRateLimiter(5*time.Millisecond, 1000*time.Second)`). The overall 10 qps /
 * 100 burst bucket it is combined with never binds in a simulated cluster of this size.
 */
export class ItemExponentialFailureRateLimiter {
  private readonly failures = new Map<string, number>();

  constructor(
    readonly baseDelay: SimTime = 5,
    readonly maxDelay: SimTime = 1_000_000,
  ) {}

  /** How long to wait before retrying `key`; every call counts one more failure. */
  when(key: string): SimTime {
    const n = this.failures.get(key) ?? 0;
    this.failures.set(key, n + 1);
    return Math.min(this.maxDelay, this.baseDelay * 2 ** n);
  }

  /** The key synced fine: start its back-off from scratch. */
  forget(key: string): void {
    this.failures.delete(key);
  }

  numRequeues(key: string): number {
    return this.failures.get(key) ?? 0;
  }

  clear(): void {
    this.failures.clear();
  }
}

/**
 * A token bucket as golang.org/x/time/rate implements it, which client-go's
 * flowcontrol.NewTokenBucketRateLimiter wraps: `qps` tokens a second, at most `burst` saved, starting full.
 * A qps of 0 or less never accepts (flowcontrol.NewFakeNeverRateLimiter).
 */
export class TokenBucket {
  private tokens: number;
  private last: SimTime;

  constructor(
    readonly qps: number,
    readonly burst: number,
    now: SimTime,
  ) {
    this.tokens = burst;
    this.last = now;
  }

  private refill(now: SimTime): void {
    if (now > this.last) {
      this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.qps);
      this.last = now;
    }
  }

  /** Takes a token if one is available now. */
  tryAccept(now: SimTime): boolean {
    if (this.qps <= 0) return false;
    this.refill(now);
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return true;
    }
    return false;
  }

  /** When the next token will be there (now if one already is); Infinity for a never-limiter. */
  nextTokenAt(now: SimTime): SimTime {
    if (this.qps <= 0) return Infinity;
    this.refill(now);
    if (this.tokens >= 1) return now;
    return now + Math.ceil(((1 - this.tokens) / this.qps) * 1000);
  }
}
