/**
 * What the page says about the highly available control plane, derived from the records (pure):
 * the etcd quorum in words, each member's Raft role, its election timer as a fraction of a circle,
 * and who holds the kube-scheduler and kube-controller-manager leader Leases and when they can change hands.
 */
import type { ComponentRecord, MachineRecord } from "../bridge/protocol";
import type { Lease } from "../engine/api/types";
import { parseTimestamp, type SimTime } from "../engine/time";
import { formatCountdown, formatSeconds } from "./timers";

// ---- etcd quorum -------------------------------------------------------------------------------

export interface QuorumView {
  /** Members running on a running, connected machine. */
  up: number;
  size: number;
  /** Votes needed: floor(size / 2) + 1. */
  quorum: number;
  ok: boolean;
  /** A member that is up calls itself leader. */
  hasLeader: boolean;
  /** "2 of 3 members — writes OK", "1 of 3 — no quorum: writes fail". */
  text: string;
}

export interface MemberState {
  /** The etcd process runs. */
  running: boolean;
  /** Its machine runs. */
  machineRunning: boolean;
  /** Its machine's network is cut. */
  partitioned: boolean;
  role?: string;
}

/** Whether a member counts towards the quorum: its process and machine run and its network is whole. */
export function memberUp(m: MemberState): boolean {
  return m.running && m.machineRunning && !m.partitioned;
}

export function quorumView(members: readonly MemberState[]): QuorumView {
  const size = members.length;
  const quorum = Math.floor(size / 2) + 1;
  const upMembers = members.filter(memberUp);
  const up = upMembers.length;
  const ok = size > 0 && up >= quorum;
  const hasLeader = upMembers.some((m) => m.role === "leader");
  const text = !ok
    ? `${up} of ${size} — no quorum: writes fail`
    : hasLeader || members.every((m) => m.role === undefined)
      ? `${up} of ${size} ${size === 1 ? "member" : "members"} — writes OK`
      : `${up} of ${size} ${size === 1 ? "member" : "members"} — electing a leader: writes wait`;
  return { up, size, quorum, ok, hasLeader, text };
}

/** The etcd members of the control planes, from the records. */
export function etcdMembers(
  components: Readonly<Record<string, ComponentRecord>>,
  machines: Readonly<Record<string, MachineRecord>>,
  controlPlanes: readonly string[],
): (MemberState & { machine: string; term?: number })[] {
  return controlPlanes.map((name) => {
    const c = components[`etcd@${name}`];
    const m = machines[name];
    const d = c?.detail?.kind === "etcd" ? c.detail : undefined;
    return {
      machine: name,
      running: c?.running ?? true,
      machineRunning: m?.running ?? true,
      partitioned: m?.partitioned ?? false,
      role: d?.role,
      term: d?.term,
    };
  });
}

// ---- Raft role and election timer ----------------------------------------------------------------

/** The word for a Raft role: "leader", "follower", "candidate", "pre-candidate". */
export function roleWord(role: string | undefined): string {
  return role ?? "member";
}

/**
 * How much of its election timeout a member has left, 1 (just reset) to 0 (fires now); null when it has
 * no timer (a leader, a stopped member) or the record does not say.
 */
export function electionArcFraction(deadline: SimTime | null | undefined, timeoutMs: number | undefined, now: SimTime): number | null {
  if (deadline === null || deadline === undefined || !timeoutMs || timeoutMs <= 0) return null;
  return Math.min(1, Math.max(0, (deadline - now) / timeoutMs));
}

/** An SVG arc path on a circle of radius r centred at (cx, cy): `fraction` of the circle, clockwise from 12 o'clock. */
export function arcPath(fraction: number, cx: number, cy: number, r: number): string {
  const f = Math.min(1, Math.max(0, fraction));
  if (f <= 0) return "";
  if (f >= 0.9999) return `M${cx} ${cy - r}a${r} ${r} 0 1 1 0 ${2 * r}a${r} ${r} 0 1 1 0 ${-2 * r}`;
  const a = f * 2 * Math.PI;
  const x = cx + r * Math.sin(a);
  const y = cy - r * Math.cos(a);
  return `M${cx} ${cy - r}A${r} ${r} 0 ${f > 0.5 ? 1 : 0} 1 ${x.toFixed(2)} ${y.toFixed(2)}`;
}

// ---- leader Leases --------------------------------------------------------------------------------

/** client-go's leader election: the holder renews every RetryPeriod (2 s); a renewal older than this means it stopped. */
export const RENEW_LATE_MS = 3_000;

export interface LeaseView {
  /** The holder's machine (`control-plane-2` of `control-plane-2_4f1c...`), or null when nobody holds it. */
  holderNode: string | null;
  identity: string | null;
  renewedAgoMs: number | null;
  /** renewTime + leaseDurationSeconds − now (negative once expired). */
  expiresInMs: number | null;
  /** The holder has stopped renewing (its last renewal is older than RENEW_LATE_MS). */
  stale: boolean;
  /** "held by control-plane-1", "held by control-plane-1 — not renewed for 6 s, can change hands in 9s". */
  text: string;
}

/**
 * `writable`: etcd has a quorum. Without one no write commits (KUBERNETES.md §3.14): the holder cannot
 * renew, and no standby can take the Lease over however long ago it expired.
 */
export function leaseView(lease: Lease | undefined, now: SimTime, writable = true): LeaseView {
  const identity = lease?.spec?.holderIdentity || null;
  if (!lease || !identity) return { holderNode: null, identity: null, renewedAgoMs: null, expiresInMs: null, stale: false, text: "no holder yet" };
  const underscore = identity.indexOf("_");
  const holderNode = underscore > 0 ? identity.slice(0, underscore) : identity;
  const renew = lease.spec.renewTime ?? lease.spec.acquireTime;
  const renewedAt = renew ? parseTimestamp(renew) : NaN;
  if (Number.isNaN(renewedAt)) return { holderNode, identity, renewedAgoMs: null, expiresInMs: null, stale: false, text: `held by ${holderNode}` };
  const durationMs = (lease.spec.leaseDurationSeconds ?? 15) * 1000;
  const renewedAgoMs = Math.max(0, now - renewedAt);
  const expiresInMs = renewedAt + durationMs - now;
  const stale = renewedAgoMs > RENEW_LATE_MS;
  let text = `held by ${holderNode}`;
  // Short: the banner is one line per Lease at every zoom.
  if (stale && !writable) text += ` — not renewed for ${formatSeconds(renewedAgoMs)}; no takeover without etcd quorum`;
  else if (stale) {
    text +=
      expiresInMs > 0
        ? ` — not renewed for ${formatSeconds(renewedAgoMs)}, can change hands in ${formatCountdown(expiresInMs)}`
        : ` — expired ${formatSeconds(-expiresInMs)} ago, a standby takes it at its next try`;
  }
  return { holderNode, identity, renewedAgoMs, expiresInMs, stale, text };
}
