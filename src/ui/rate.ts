import { isBackgroundFlow } from "../bridge/pacing";
import type { PlaybackStatus } from "../bridge/protocol";
import type { Flow } from "../engine/sim";

/**
 * A rate (sim ms per wall ms) as people read it: "×0.002", "×0.25", "×1", "×40". Two significant
 * digits, so a slowed rate stays short.
 */
export function formatRate(rate: number): string {
  if (!(rate > 0)) return "×0";
  const digits = rate >= 1 ? Math.max(2, Math.floor(Math.log10(rate)) + 1) : 2;
  return `×${Number(rate.toPrecision(digits))}`;
}

/**
 * What the clock is doing, in words, next to the sim clock: "paused", "×1",
 * "×0.002 (slowed: 4 messages in flight)", "×1.5 (quiet: speeding up)", "fast-forward ×40".
 */
export function describeRate(playback: Pick<PlaybackStatus, "playing" | "speed" | "autoPace" | "rate">, inFlight: number): string {
  if (!playback.playing) return "paused";
  const rate = formatRate(playback.rate);
  if (playback.autoPace) {
    // Auto-pacing slows down while messages fly and fast-forwards through quiet waits.
    if (inFlight > 0 && playback.rate < playback.speed) {
      return `${rate} (slowed: ${inFlight} ${inFlight === 1 ? "message" : "messages"} in flight)`;
    }
    if (playback.rate > playback.speed) return `fast-forward ${rate}`;
    // Right after the last message the quiet pace starts slow and doubles until it passes the speed.
    if (playback.rate < playback.speed) return `${rate} (quiet: speeding up)`;
  }
  return rate;
}

/** Messages in flight that set the pace: everything but routine heartbeats (leases, pings, CRI polls). */
export function foregroundFlows(flows: Readonly<Record<number, Flow>>): number {
  // The store replaces the map when a flow starts or ends: the last map's count is kept for the
  // store changes in between (a frame of lease renewals moves no flow).
  if (flows === lastFlows) return lastCount;
  let n = 0;
  for (const id in flows) if (!isBackgroundFlow(flows[id])) n++;
  lastFlows = flows;
  lastCount = n;
  return n;
}

let lastFlows: object | null = null;
let lastCount = 0;
