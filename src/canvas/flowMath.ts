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

/** Above this many tokens the layer thins background chatter (pings, responses) first. */
export const TOKEN_BUDGET = 600;
