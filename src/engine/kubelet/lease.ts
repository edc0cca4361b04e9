import type { Lease } from "../api/types";
import type { ApiResponse } from "../api/wire";
import { rfc3339Micro, type SimTime } from "../time";
import { spawn, wait, type Effect, type Task } from "./task";

/** KubeletConfiguration.nodeLeaseDurationSeconds. */
export const NODE_LEASE_DURATION_SECONDS = 40;
/** nodeLeaseRenewIntervalFraction (0.25) × the lease duration: renew every 10 s. */
export const NODE_LEASE_RENEW_INTERVAL: SimTime = 0.25 * NODE_LEASE_DURATION_SECONDS * 1000;
/** The lease controller runs its sync with wait.JitterUntil(..., jitterFactor 0.04, sliding). */
const RENEW_JITTER = 0.04;
/** component-helpers/apimachinery/lease: maxUpdateRetries and maxBackoff; ensure backs off from 100ms doubling. */
const MAX_UPDATE_RETRIES = 5;
const MAX_BACKOFF: SimTime = 7000;
const FIRST_SLEEP: SimTime = 100;

export const NODE_LEASE_NAMESPACE = "kube-node-lease";

/** What the lease controller needs from the kubelet. */
export interface LeaseHost {
  readonly nodeName: string;
  readonly now: SimTime;
  after(delay: SimTime, fn: () => void): void;
  jitter(duration: SimTime, factor: number): SimTime;
  /** API calls on the kubelet's heartbeat client (10 s timeout). */
  heartbeatGet(resource: "leases" | "nodes", namespace: string | undefined, name: string): Effect<ApiResponse>;
  heartbeatCreate(lease: Lease): Effect<ApiResponse>;
  heartbeatUpdate(lease: Lease): Effect<ApiResponse>;
  /** The kubelet logs failures on its timeline. */
  log(text: string): void;
}

/**
 * The node lease controller (k8s.io/component-helpers/apimachinery/lease/controller.go, started by
 * pkg/kubelet/kubelet.go as nodeLeaseController): every 10 s (±4% jitter, measured from the end of
 * the previous sync) it renews `kube-node-lease/<node>`, reusing the Lease it last wrote so a renewal
 * is a single PUT. It creates the Lease when it is missing, with an owner reference to the Node,
 * which it can only set once the Node exists.
 */
export class NodeLeaseController {
  latestLease: Lease | null = null;
  /** When the last successful renewal (or creation) happened: the canvas shows it. */
  lastRenew: SimTime | undefined;
  private running = false;

  constructor(private readonly host: LeaseHost) {}

  start(): void {
    this.latestLease = null;
    this.running = true;
    this.loop();
  }

  stop(): void {
    this.running = false;
    this.latestLease = null;
  }

  private loop(): void {
    if (!this.running) return;
    spawn(this.sync(), () => {
      if (!this.running) return;
      this.host.after(this.host.jitter(NODE_LEASE_RENEW_INTERVAL, RENEW_JITTER), () => this.loop());
    });
  }

  private *sync(): Task {
    if (this.latestLease) {
      if (yield* this.retryUpdateLease(this.latestLease)) return;
      this.host.log("failed to update lease using latest lease, fallback to ensure lease");
    }
    const { lease, created } = yield* this.backoffEnsureLease();
    this.latestLease = lease;
    if (!created && lease) {
      if (!(yield* this.retryUpdateLease(lease))) this.host.log(`Will retry updating lease in ${NODE_LEASE_RENEW_INTERVAL / 1000}s`);
    }
  }

  /** backoffEnsureLease: GET (and CREATE if missing) until it works, sleeping 200ms, 400ms, ... 7s. */
  private *backoffEnsureLease(): Generator<Effect, { lease: Lease | null; created: boolean }, unknown> {
    let sleep = FIRST_SLEEP;
    for (;;) {
      const r = yield* this.ensureLease();
      if (!r.err) return r;
      sleep = Math.min(2 * sleep, MAX_BACKOFF);
      this.host.log(`Failed to ensure lease exists, will retry in ${sleep}ms: ${r.err}`);
      yield* wait<void>((resume) => this.host.after(sleep, () => resume()));
    }
  }

  private *ensureLease(): Generator<Effect, { lease: Lease | null; created: boolean; err?: string }, unknown> {
    const got = yield* wait(this.host.heartbeatGet("leases", NODE_LEASE_NAMESPACE, this.host.nodeName));
    if (got.code === 404) {
      const fresh = yield* this.newLease(null);
      // Without the Node's uid the owner reference cannot be set: no lease this time (retried next sync).
      if (!fresh) return { lease: null, created: false };
      const res = yield* wait(this.host.heartbeatCreate(fresh));
      if (res.code !== 201) return { lease: null, created: false, err: errText(res) };
      this.lastRenew = this.host.now;
      return { lease: res.object as Lease, created: true };
    }
    if (got.code !== 200) return { lease: null, created: false, err: errText(got) };
    return { lease: got.object as Lease, created: false };
  }

  /** retryUpdateLease: up to 5 PUTs; a conflict refetches the lease first. */
  private *retryUpdateLease(base: Lease): Generator<Effect, boolean, unknown> {
    let cur: Lease | null = base;
    for (let i = 0; i < MAX_UPDATE_RETRIES; i++) {
      const next: Lease = (yield* this.newLease(cur)) ?? renewed(cur!, this.host.now);
      const res = yield* wait(this.host.heartbeatUpdate(next));
      if (res.code === 200) {
        this.latestLease = res.object as Lease;
        this.lastRenew = this.host.now;
        return true;
      }
      this.host.log(`Failed to update lease: ${errText(res)}`);
      if (res.code === 409) {
        cur = (yield* this.backoffEnsureLease()).lease;
        if (!cur) return false;
      }
    }
    return false;
  }

  /**
   * newLease plus the kubelet's setNodeOwnerFunc: sets renewTime to now and, while the lease has no
   * owner reference, GETs the Node to point one at it. Returns null when a new lease cannot get its
   * owner (creation must wait); an existing lease is renewed without one.
   */
  private *newLease(base: Lease | null): Generator<Effect, Lease | null, unknown> {
    const lease: Lease = base
      ? renewed(base, this.host.now)
      : {
          apiVersion: "coordination.k8s.io/v1",
          kind: "Lease",
          metadata: { name: this.host.nodeName, namespace: NODE_LEASE_NAMESPACE } as Lease["metadata"],
          spec: {
            holderIdentity: this.host.nodeName,
            leaseDurationSeconds: NODE_LEASE_DURATION_SECONDS,
            renewTime: rfc3339Micro(this.host.now),
          },
        };
    if (lease.metadata.ownerReferences?.length) return lease;
    const node = yield* wait(this.host.heartbeatGet("nodes", undefined, this.host.nodeName));
    if (node.code !== 200 || !node.object) {
      this.host.log(`Failed to get node when trying to set owner ref to the node lease: ${errText(node)}`);
      return base ? lease : null;
    }
    lease.metadata = {
      ...lease.metadata,
      ownerReferences: [{ apiVersion: "v1", kind: "Node", name: this.host.nodeName, uid: node.object.metadata.uid }],
    };
    return lease;
  }
}

function renewed(base: Lease, now: SimTime): Lease {
  return { ...base, metadata: { ...base.metadata }, spec: { ...base.spec, renewTime: rfc3339Micro(now) } };
}

function errText(res: ApiResponse): string {
  return res.error?.message ?? res.transportError ?? `HTTP ${res.code}`;
}
