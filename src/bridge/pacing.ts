/**
 * Auto-pacing (shared/ARCHITECTURE.md, "Playback and time travel"): how many sim ms pass per wall ms
 * at speed 1×. Messages take milliseconds and Kubernetes waits take minutes, so playback slows down
 * while messages are in flight and fast-forwards through quiet waits. The user's speed multiplies it.
 *
 * - While a *foreground* flow is in flight (anything but routine heartbeats), one network hop of 1–2
 *   sim ms takes 0.4–0.8 s of wall time; longer flows (an image pull) take up to LONG_FLOW_WALL_MS.
 *   The shortest foreground flow in flight sets the pace.
 * - When none is in flight, the gap to the next queued event is crossed in at most GAP_WALL_MS, and the
 *   longer it stays quiet the faster time goes (doubling every RAMP_DOUBLING_MS of wall time, up to
 *   QUIET_MAX_RATE): the 50 s node grace passes in about 1.5 s and the 300 s toleration in about 2.5 s.
 *   Heartbeats (node leases, HTTP/2 pings, CRI status polls, a kubelet's own node status report and
 *   the writes and watch events it causes) do not slow a quiet wait: at its start they move as slowly
 *   as any hop, then they blur as the wait speeds up.
 *
 * The session never advances past a queued event without stopping there and asking again, so a flow
 * that starts during a fast-forward is always drawn at the foreground pace.
 */
import type { Flow } from "../engine/sim";

/** Wall ms one sim ms of a network hop takes at 1×: a 1 ms hop takes 0.4 s, a 2 ms hop 0.8 s. */
export const HOP_WALL_MS_PER_SIM_MS = 400;
/** The most wall time one long flow (an image pull of seconds) takes at 1×. */
export const LONG_FLOW_WALL_MS = 1600;
/** The most wall time the gap to the next queued event takes at 1× when nothing is in flight. */
export const GAP_WALL_MS = 200;
/** The quiet rate starts at the hop rate and doubles every this many wall ms of quiet. */
export const RAMP_DOUBLING_MS = 80;
/** The fastest quiet rate at 1×: sim ms per wall ms (about 4 sim minutes per wall second). */
export const QUIET_MAX_RATE = 250;
/** The slowest rate auto-pacing uses at 1× (a 1 ms hop in 0.4 s). */
export const HOP_RATE = 1 / HOP_WALL_MS_PER_SIM_MS;

/** Wall ms a flow of `duration` sim ms takes to travel at 1× when it sets the pace. */
export function flowWallMs(duration: number): number {
  const d = Math.max(1, duration);
  if (d <= 2) return HOP_WALL_MS_PER_SIM_MS * d;
  return Math.min(LONG_FLOW_WALL_MS, 2 * HOP_WALL_MS_PER_SIM_MS + 260 * Math.log2(d / 2));
}

/** The rate (sim ms per wall ms, at 1×) while the shortest foreground flow in flight lasts `minDuration`. */
export function inFlightRate(minDuration: number): number {
  const d = Math.max(1, minDuration);
  return d / flowWallMs(d);
}

/**
 * The rate (at 1×) when no foreground flow is in flight: `gap` is the sim ms to the next queued event
 * (Infinity when nothing is queued), `quietWall` how long it has been quiet, in wall ms.
 */
export function quietRate(gap: number, quietWall: number): number {
  const ramp = HOP_RATE * Math.pow(2, quietWall / RAMP_DOUBLING_MS);
  const toGap = Number.isFinite(gap) ? gap / GAP_WALL_MS : QUIET_MAX_RATE;
  return Math.min(QUIET_MAX_RATE, Math.max(ramp, toGap));
}

/**
 * A kubelet reporting its own node's status (every 10 s when something changed, else every 5 min):
 * routine. The writes and watch events about that node in the next ROUTINE_WINDOW_MS are routine too.
 */
export function isRoutineNodeStatus(flow: Pick<Flow, "kind" | "ref" | "from">): boolean {
  return flow.kind === "status update" && flow.from.startsWith("kubelet@") && flow.ref === `nodes/${flow.from.slice("kubelet@".length)}`;
}

/** How long (sim ms) after a routine root flow the flows about the same object count as routine. */
export const ROUTINE_WINDOW_MS = 100;

/**
 * Routine traffic that keeps going in an idle cluster and does not slow a quiet wait: node and
 * leader-election leases, HTTP/2 health pings (and their replies), the kubelet's CRI polls, and etcd's
 * Raft heartbeats (every 100 ms from the leader to each follower, and the answers: with three control
 * planes they were in flight nearly all the time, and 20 s of a lesson took 150 s). Proposals and
 * appends, which carry writes, still set the pace. The canvas may draw these fainter.
 */
export function isBackgroundFlow(flow: Pick<Flow, "kind" | "ref">): boolean {
  if (flow.kind === "ping" || flow.kind === "health check" || flow.kind === "lease renew") return true;
  if (flow.kind === "heartbeat" || flow.kind === "heartbeat response") return true;
  const ref = flow.ref;
  // `/healthz` and `/registry/health`: the load balancer's health checks and the etcd check they trigger.
  return (
    ref.startsWith("leases/") ||
    ref === "namespaces/" ||
    ref === "cri/Status" ||
    ref === "cri/ListImages" ||
    ref === "cri/ListContainers" ||
    ref === "/healthz" ||
    ref === "/registry/health"
  );
}
