import type { Actor } from "../sim";
import type { SimTime } from "../time";
import { TokenBucket } from "../controllers/ratelimit";

/**
 * async.BoundedFrequencyRunner (pkg/util/async/bounded_frequency_runner.go): runs `fn` when asked, but
 * no more often than a token bucket of `burst` runs refilled once per `minInterval` allows, and at least
 * once every `maxInterval`. A request that cannot run now is deferred to when it can.
 */
export class BoundedFrequencyRunner {
  private readonly limiter: TokenBucket;
  private lastRun = -Infinity;
  private timerAt = Infinity;
  private timerGen = 0;

  constructor(
    private readonly owner: Actor,
    private readonly fn: () => void,
    readonly minInterval: SimTime,
    readonly maxInterval: SimTime,
    burst: number,
  ) {
    this.limiter = new TokenBucket(1000 / minInterval, burst, owner.now);
  }

  /** Starts the periodic timer (Loop). */
  start(): void {
    this.setTimer(this.maxInterval);
  }

  /** Run: ask for a run as soon as the limits allow. */
  run(): void {
    this.tryRun();
  }

  private setTimer(delay: SimTime): void {
    const gen = ++this.timerGen;
    this.timerAt = this.owner.now + delay;
    this.owner.after(delay, () => {
      if (gen !== this.timerGen) return;
      this.timerAt = Infinity;
      this.tryRun();
    });
  }

  private tryRun(): void {
    const now = this.owner.now;
    if (this.limiter.tryAccept(now)) {
      this.fn();
      this.lastRun = now;
      this.setTimer(this.maxInterval);
      return;
    }
    const nextPossible = this.minInterval - (now - this.lastRun);
    const nextScheduled = this.timerAt - now;
    this.setTimer(Math.max(0, Math.min(nextPossible, nextScheduled)));
  }
}
