/**
 * Where a flow is at a sim time (shared/ARCHITECTURE.md, "Animation from sim time"):
 * p = (now − sendTime) / (recvTime − sendTime). Pausing, stepping and scrubbing need nothing else.
 */
import type { Flow } from "../engine/sim";

/** The fraction of the way travelled at `now`, clamped to 0..1 (a zero-latency flow is already there). */
export function flowProgress(flow: Pick<Flow, "sendTime" | "recvTime">, now: number): number {
  const span = flow.recvTime - flow.sendTime;
  if (span <= 0) return now >= flow.sendTime ? 1 : 0;
  const p = (now - flow.sendTime) / span;
  return p < 0 ? 0 : p > 1 ? 1 : p;
}

/** On the wire at `now`: sent, not yet received. Arrived flows vanish until the store drops them. */
export function inFlight(flow: Pick<Flow, "sendTime" | "recvTime">, now: number): boolean {
  return now < flow.recvTime && now >= flow.sendTime - 0.5;
}

/** Above this many tokens on screen the layer thins the background chatter first (see `tokenAllowance`). */
export const TOKEN_BUDGET = 600;

/**
 * How many tokens of each kind to draw when `counts` of them are on screen: the kinds in `priority`
 * order (the legend's: the story of a request first, background chatter last) take what they need
 * until `budget` runs out, so too many tokens drop pings and heartbeats, never the writes and binds.
 * Kinds missing from `priority` come last.
 */
export function tokenAllowance<K>(counts: ReadonlyMap<K, number>, priority: readonly K[], budget: number): Map<K, number> {
  const out = new Map<K, number>();
  let left = budget;
  const take = (k: K) => {
    if (out.has(k)) return;
    const n = Math.min(counts.get(k) ?? 0, left);
    out.set(k, n);
    left -= n;
  };
  for (const k of priority) take(k);
  for (const k of counts.keys()) take(k);
  return out;
}
