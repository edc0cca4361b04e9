/** The sim clock as h:mm:ss.mmm (sim ms since start); integer ms in, no Date involved. */
export function formatSimClock(ms: number): string {
  const t = Math.max(0, Math.floor(ms));
  const millis = t % 1000;
  const totalSeconds = Math.floor(t / 1000);
  const seconds = totalSeconds % 60;
  const minutes = Math.floor(totalSeconds / 60) % 60;
  const hours = Math.floor(totalSeconds / 3600);
  const two = (n: number) => String(n).padStart(2, "0");
  return `${hours}:${two(minutes)}:${two(seconds)}.${String(millis).padStart(3, "0")}`;
}

/** "Step 3 of 7" (1-based), or "Step 3" when the count is unknown. */
export function stepCounter(step: number, steps?: number | null): string {
  return steps ? `Step ${step} of ${steps}` : `Step ${step}`;
}

/** At most this many dropped actions are named; the rest are counted. */
const FORK_NAMED = 3;

/**
 * What acting in the past did, in words: "The timeline forked at 0:00:30.000: 1 later action was
 * dropped: stop node worker-2 (at 0:01:30.000)."
 */
export function forkText(f: { at: number; dropped: readonly { at: number; line: string }[] }): string {
  const n = f.dropped.length;
  const named = f.dropped.slice(0, FORK_NAMED).map((a) => `${a.line} (at ${formatSimClock(a.at)})`);
  if (n > FORK_NAMED) named.push(`${n - FORK_NAMED} more`);
  const list = named.length > 2 ? `${named.slice(0, -1).join(", ")} and ${named.at(-1)}` : named.join(" and ");
  return `The timeline forked at ${formatSimClock(f.at)}: ${n} later ${n === 1 ? "action was" : "actions were"} dropped: ${list}.`;
}
