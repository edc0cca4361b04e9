/**
 * The timeline's pending seek. A seek shows on the sim clock only when its snapshot comes back, so a
 * key pressed again before then must step from where the previous key asked to go, not from the clock
 * on screen: Shift+← three times quickly goes back 30 s, not 10 s.
 */

/** The slider's step (sim ms): what a screen reader's swipe moves; the keys move whole seconds themselves. */
export const TIMELINE_STEP_MS = 100;

/** A pending seek older than this (wall ms) is forgotten: the next key steps from the clock again. */
export const PENDING_SEEK_MAX_WALL_MS = 2000;

export interface PendingSeek {
  /** Where the timeline asked to go (sim ms). */
  target: number;
  /** The store's clock time when it asked (sim ms): which side of the target the clock starts on. */
  from: number;
  /** When it asked (wall ms, `performance.now()`). */
  wall: number;
}

/**
 * Whether the clock, now at `clockTime`, shows the pending seek: it landed on the target (a seek
 * lands exactly where it was asked to), or, for a seek forward, the clock has passed it anyway (it
 * played on). A seek back is done only on landing: the clock may still be on an earlier key's target.
 */
export function seekLanded(pending: PendingSeek, clockTime: number): boolean {
  if (clockTime === pending.target) return true;
  return pending.target > pending.from && clockTime >= pending.target;
}

/**
 * The time a timeline key steps from: the pending seek's target while it has not landed (and is not
 * stale), else `now`, the clock on screen.
 */
export function stepBase(pending: PendingSeek | null, now: number, wallNow: number): number {
  if (!pending || wallNow - pending.wall > PENDING_SEEK_MAX_WALL_MS) return now;
  return pending.target;
}

/**
 * The pending seek after the store's clock changed to `clockTime`: null once it landed, else the
 * same one. (The clock changes on every frame while playing and on every seek's snapshot.)
 */
export function afterClock(pending: PendingSeek | null, clockTime: number): PendingSeek | null {
  return pending && seekLanded(pending, clockTime) ? null : pending;
}
