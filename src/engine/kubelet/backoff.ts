import type { SimTime } from "../time";

/**
 * k8s.io/client-go/util/flowcontrol `Backoff` without jitter, as the kubelet creates it for image
 * pulls and container restarts: `NewBackOff(backOffPeriod=10s, MaxContainerBackOff=300s)`. Each
 * failure doubles the item's window up to the cap; an item not updated for twice the cap starts over.
 */
export class Backoff {
  private readonly items = new Map<string, { backoff: SimTime; lastUpdate: SimTime }>();

  constructor(
    readonly initial: SimTime,
    readonly max: SimTime,
  ) {}

  get(id: string): SimTime {
    return this.items.get(id)?.backoff ?? 0;
  }

  /** Records one more failure of `id` at `now`; `eventTime` decides whether the old window expired. */
  next(id: string, eventTime: SimTime, now: SimTime): void {
    const e = this.items.get(id);
    if (!e || this.hasExpired(eventTime, e.lastUpdate)) {
      this.items.set(id, { backoff: this.initial, lastUpdate: now });
      return;
    }
    e.backoff = Math.min(e.backoff * 2, this.max);
    e.lastUpdate = now;
  }

  /** IsInBackOffSince: less than the current window has passed since `eventTime`. */
  isInBackOffSince(id: string, eventTime: SimTime, now: SimTime): boolean {
    const e = this.items.get(id);
    if (!e || this.hasExpired(eventTime, e.lastUpdate)) return false;
    return now - eventTime < e.backoff;
  }

  /** IsInBackOffSinceUpdate: less than the current window has passed since the last failure. */
  isInBackOffSinceUpdate(id: string, now: SimTime): boolean {
    const e = this.items.get(id);
    if (!e || this.hasExpired(now, e.lastUpdate)) return false;
    return now - e.lastUpdate < e.backoff;
  }

  /** Drops entries idle for longer than twice the cap (Backoff.GC). */
  gc(now: SimTime): void {
    for (const [id, e] of this.items) if (now - e.lastUpdate > 2 * this.max) this.items.delete(id);
  }

  clear(): void {
    this.items.clear();
  }

  private hasExpired(eventTime: SimTime, lastUpdate: SimTime): boolean {
    return eventTime - lastUpdate > 2 * this.max;
  }
}
