import type { Actor } from "../sim";
import type { Lease } from "../api/types";
import type { ApiResponse } from "../api/wire";
import { rfc3339Micro, type SimTime } from "../time";
import type { ApiClient } from "./apiclient";
import type { EventRecorder } from "./recorder";

/**
 * Leader election as client-go does it (k8s.io/client-go/tools/leaderelection/leaderelection.go and
 * resourcelock/leaselock.go, v1.32), used by kube-scheduler and kube-controller-manager.
 *
 * - `acquire`: wait.JitterUntil(tryAcquireOrRenew, RetryPeriod, JitterFactor 1.2, sliding): the first
 *   try is immediate, then one every 2–4.4 s, measured from the end of the previous try.
 * - `renew`: wait.Until(round, RetryPeriod): each round is wait.PollImmediateUntil(RetryPeriod,
 *   tryAcquireOrRenew) bounded by a RenewDeadline context; a round that does not succeed within the
 *   deadline ends leadership (and the callers exit the process, see OnStoppedLeading).
 * - A candidate may take the lease only once `observedTime + leaseDurationSeconds` has passed, where
 *   observedTime is its own clock when it last saw the record change (isLeaseValid); never by reading
 *   renewTime. leaseTransitions goes up by one on a takeover.
 * - Events: LeaseLock.RecordEvent emits `Normal LeaderElection "<identity> became leader"` on the
 *   Lease, and `"<identity> stopped leading"` when renew returns (`defer RecordEvent("stopped leading")`).
 *   kube-scheduler and kube-controller-manager exit in OnStoppedLeading right after (klog.FlushAndExit),
 *   before their asynchronous event broadcaster can POST it: the "stopped leading" event is sent and dies
 *   with the process, so it is never stored [D: the broadcaster writes from a goroutine; os.Exit does not wait].
 */

/** component-base config/v1alpha1/defaults.go RecommendedDefaultLeaderElectionConfiguration: 15s/10s/2s. */
export const LEASE_DURATION: SimTime = 15_000;
export const RENEW_DEADLINE: SimTime = 10_000;
export const RETRY_PERIOD: SimTime = 2_000;
/** leaderelection.go `JitterFactor = 1.2`. */
export const JITTER_FACTOR = 1.2;
/**
 * resourcelock.NewFromKubeconfig gives the leader-election client `Timeout = max(1s, RenewDeadline/2)`
 * ("to keep a single hung request from forcing a leader loss"), with User-Agent suffix `leader-election`.
 */
export const LEADER_ELECTION_CLIENT_TIMEOUT: SimTime = Math.max(1_000, RENEW_DEADLINE / 2);

/** resourcelock.LeaderElectionRecord; times as the Lease's MicroTime strings. */
export interface LeaderElectionRecord {
  holderIdentity: string;
  leaseDurationSeconds: number;
  acquireTime: string;
  renewTime: string;
  leaderTransitions: number;
}

export interface LeaderCallbacks {
  /** OnStartedLeading (upstream runs it in a goroutine). */
  onStartedLeading(): void;
  /** OnStoppedLeading: called when renew gives up (kube-scheduler and kube-controller-manager exit here). */
  onStoppedLeading(): void;
  /** OnNewLeader: a leader other than the last reported one was observed. */
  onNewLeader?(identity: string): void;
}

export interface LeaderElectionConfig {
  namespace: string;
  name: string;
  identity: string;
  leaseDuration?: SimTime;
  renewDeadline?: SimTime;
  retryPeriod?: SimTime;
  callbacks: LeaderCallbacks;
}

/** resourcelock.LeaseLock: Get/Create/Update of one Lease through the leader-election client. */
export class LeaseLock {
  /** The Lease as last read or written (Update PUTs it, so a concurrent change makes it fail with 409). */
  lease: Lease | null = null;

  constructor(
    readonly client: ApiClient,
    readonly namespace: string,
    readonly name: string,
    readonly identity: string,
    private readonly recorder: EventRecorder,
  ) {}

  get(cb: (r: { record: LeaderElectionRecord; raw: string } | { notFound: boolean }) => void): void {
    this.client.get("leases", this.namespace, this.name, (res) => {
      if (res.code !== 200 || !res.object) return cb({ notFound: res.code === 404 });
      this.lease = res.object as Lease;
      const record = specToRecord(this.lease.spec);
      cb({ record, raw: rawRecord(this.lease.spec) });
    });
  }

  create(record: LeaderElectionRecord, cb: (ok: boolean) => void): void {
    const lease: Lease = {
      apiVersion: "coordination.k8s.io/v1",
      kind: "Lease",
      metadata: { name: this.name, namespace: this.namespace } as Lease["metadata"],
      spec: recordToSpec(record),
    };
    this.client.create("leases", lease, (res) => this.stored(res, cb, 201));
  }

  update(record: LeaderElectionRecord, cb: (ok: boolean) => void): void {
    if (!this.lease) return cb(false); // "lease not initialized, call get or create first"
    const lease: Lease = { ...this.lease, spec: recordToSpec(record) };
    this.client.update("leases", lease, (res) => this.stored(res, cb, 200));
  }

  /** LeaseLock.RecordEvent: `Eventf(lease, Normal, "LeaderElection", "%v %v", identity, s)`. */
  recordEvent(s: string): void {
    if (!this.lease) return;
    this.recorder.event(this.lease, "Normal", "LeaderElection", `${this.identity} ${s}`);
  }

  private stored(res: ApiResponse, cb: (ok: boolean) => void, want: number): void {
    if (res.code !== want || !res.object) return cb(false);
    this.lease = res.object as Lease;
    cb(true);
  }
}

/**
 * One candidate. `run()` starts acquiring; `stop()` ends every loop (the process is gone). It never
 * releases the lease on its own (kube-controller-manager sets no ReleaseOnCancel; kube-scheduler does,
 * but only on a clean shutdown, which the simulation's `stop` is not: it is a crash or power loss).
 */
export class LeaderElector {
  readonly lock: LeaseLock;
  readonly leaseDuration: SimTime;
  readonly renewDeadline: SimTime;
  readonly retryPeriod: SimTime;
  observedRecord: LeaderElectionRecord | null = null;
  private observedRawRecord = "";
  /** Local clock when the record was last seen to change (or last written by us). */
  observedTime: SimTime = 0;
  private reportedLeader = "";
  /** Bumped by stop(): callbacks of an older generation do nothing. */
  private generation = 0;
  private leading = false;

  constructor(
    private readonly owner: Actor,
    client: ApiClient,
    recorder: EventRecorder,
    readonly config: LeaderElectionConfig,
  ) {
    this.lock = new LeaseLock(client, config.namespace, config.name, config.identity, recorder);
    this.leaseDuration = config.leaseDuration ?? LEASE_DURATION;
    this.renewDeadline = config.renewDeadline ?? RENEW_DEADLINE;
    this.retryPeriod = config.retryPeriod ?? RETRY_PERIOD;
  }

  get identity(): string {
    return this.config.identity;
  }

  /** IsLeader: the last observed record names this candidate. */
  isLeader(): boolean {
    return this.observedRecord?.holderIdentity === this.identity;
  }

  /** Whether OnStartedLeading ran and renew has not given up. */
  get isLeading(): boolean {
    return this.leading;
  }

  /** GetLeader: the holder of the last observed record. */
  getLeader(): string {
    return this.observedRecord?.holderIdentity ?? "";
  }

  /** LeaderElector.Run: acquire, then OnStartedLeading and renew until it fails. */
  run(): void {
    this.owner.log(`attempting to acquire leader lease ${this.describe()}...`);
    this.acquireLoop(this.generation);
  }

  stop(): void {
    this.generation++;
    this.leading = false;
  }

  describe(): string {
    return `${this.config.namespace}/${this.config.name}`;
  }

  private alive(gen: number): boolean {
    return gen === this.generation && this.owner.running;
  }

  private acquireLoop(gen: number): void {
    if (!this.alive(gen)) return;
    this.tryAcquireOrRenew(gen, this.owner.now, Infinity, (ok) => {
      if (!this.alive(gen)) return;
      this.maybeReportTransition();
      if (!ok) {
        // JitterUntil, sliding: the next try a jittered period after this one ended.
        this.owner.after(this.owner.sim.rng.jitter(this.retryPeriod, JITTER_FACTOR), () => this.acquireLoop(gen));
        return;
      }
      this.lock.recordEvent("became leader");
      this.owner.log(`successfully acquired lease ${this.describe()}`);
      this.leading = true;
      this.config.callbacks.onStartedLeading();
      if (this.alive(gen)) this.renewRound(gen);
    });
  }

  /**
   * One round of renew: PollImmediateUntil(RetryPeriod, tryAcquireOrRenew, deadline ctx). Polling
   * ticks run from the end of the immediate try; a tick that comes while a try is still running is
   * dropped (apimachinery wait `poller`). At the deadline the try in flight is cancelled with its context.
   */
  private renewRound(gen: number): void {
    if (!this.alive(gen)) return;
    const start = this.owner.now;
    const deadline = start + this.renewDeadline;
    let done = false;
    let tickOrigin = -1;
    const finish = (ok: boolean) => {
      if (done || !this.alive(gen)) return;
      done = true;
      this.maybeReportTransition();
      if (ok) {
        // wait.Until(..., RetryPeriod): sliding, the next round RetryPeriod after this one returned.
        this.owner.after(this.retryPeriod, () => this.renewRound(gen));
        return;
      }
      this.owner.log(`failed to renew lease ${this.describe()}: context deadline exceeded`);
      this.leading = false;
      this.generation++;
      // renew's `defer le.config.Lock.RecordEvent("stopped leading")`, then Run's deferred OnStoppedLeading.
      this.lock.recordEvent("stopped leading");
      this.config.callbacks.onStoppedLeading();
    };
    this.owner.after(this.renewDeadline, () => finish(false));
    const attempt = () => {
      if (done || !this.alive(gen)) return;
      this.tryAcquireOrRenew(gen, this.owner.now, deadline, (ok) => {
        if (done || !this.alive(gen)) return;
        if (ok) return finish(true);
        const now = this.owner.now;
        if (tickOrigin < 0) tickOrigin = now;
        const next = tickOrigin + Math.max(1, Math.ceil((now - tickOrigin + 1) / this.retryPeriod)) * this.retryPeriod;
        if (next >= deadline) return; // the deadline fires first
        this.owner.after(next - now, attempt);
      });
    };
    attempt();
  }

  /** tryAcquireOrRenew (non-coordinated). `deadline` cancels its requests (the renew round's context). */
  private tryAcquireOrRenew(gen: number, now: SimTime, deadline: SimTime, cb: (ok: boolean) => void): void {
    let finished = false;
    const done = (ok: boolean) => {
      if (finished) return;
      finished = true;
      cb(ok);
    };
    const live = () => this.alive(gen) && this.owner.now < deadline && !finished;
    const record: LeaderElectionRecord = {
      holderIdentity: this.identity,
      leaseDurationSeconds: Math.floor(this.leaseDuration / 1000),
      renewTime: rfc3339Micro(now),
      acquireTime: rfc3339Micro(now),
      leaderTransitions: 0,
    };

    const slowPath = () => {
      // 2. obtain or create the ElectionRecord
      this.lock.get((r) => {
        if (!live()) return;
        if ("notFound" in r) {
          if (!r.notFound) return done(false); // "error retrieving resource lock"
          return this.lock.create(record, (ok) => {
            if (!live()) return;
            if (ok) this.setObservedRecord(record);
            done(ok);
          });
        }
        // 3. Record obtained, check the Identity & Time
        if (r.raw !== this.observedRawRecord) {
          this.setObservedRecord(r.record);
          this.observedRawRecord = r.raw;
        }
        if (r.record.holderIdentity && this.isLeaseValid(now) && !this.isLeader()) return done(false); // "lock is held by %v and has not yet expired"
        // 4. We're going to try to update.
        if (this.isLeader()) {
          record.acquireTime = r.record.acquireTime;
          record.leaderTransitions = r.record.leaderTransitions;
        } else {
          record.leaderTransitions = r.record.leaderTransitions + 1;
        }
        this.lock.update(record, (ok) => {
          if (!live()) return;
          if (ok) this.setObservedRecord(record);
          done(ok);
        });
      });
    };

    // 1. fast path for the leader to update optimistically assuming the record observed last time is current.
    if (this.isLeader() && this.isLeaseValid(now)) {
      const old = this.observedRecord!;
      record.acquireTime = old.acquireTime;
      record.leaderTransitions = old.leaderTransitions;
      this.lock.update(record, (ok) => {
        if (!live()) return;
        if (ok) {
          this.setObservedRecord(record);
          return done(true);
        }
        this.owner.log(`Failed to update lock optimistically, falling back to slow path`);
        slowPath();
      });
      return;
    }
    slowPath();
  }

  /** isLeaseValid: observedTime + leaseDurationSeconds is after `now`. */
  isLeaseValid(now: SimTime): boolean {
    if (!this.observedRecord) return false;
    return this.observedTime + this.observedRecord.leaseDurationSeconds * 1000 > now;
  }

  private setObservedRecord(r: LeaderElectionRecord): void {
    this.observedRecord = { ...r };
    this.observedTime = this.owner.now;
  }

  private maybeReportTransition(): void {
    const holder = this.observedRecord?.holderIdentity ?? "";
    if (holder === this.reportedLeader) return;
    this.reportedLeader = holder;
    this.config.callbacks.onNewLeader?.(holder);
  }
}

/** `<hostname>_<uuid>`: kube-scheduler's makeLeaderElectionConfig and kube-controller-manager's Run
 * ("add a uniquifier so that two processes on the same host don't accidentally both become active"). */
export function leaderElectionIdentity(hostname: string, uuid: string): string {
  return `${hostname}_${uuid}`;
}

function recordToSpec(r: LeaderElectionRecord): Lease["spec"] {
  // LeaderElectionRecordToLeaseSpec.
  return {
    holderIdentity: r.holderIdentity,
    leaseDurationSeconds: r.leaseDurationSeconds,
    acquireTime: r.acquireTime,
    renewTime: r.renewTime,
    leaseTransitions: r.leaderTransitions,
  };
}

function specToRecord(s: Lease["spec"]): LeaderElectionRecord {
  return {
    holderIdentity: s.holderIdentity ?? "",
    leaseDurationSeconds: s.leaseDurationSeconds ?? 0,
    acquireTime: s.acquireTime ?? "",
    renewTime: s.renewTime ?? "",
    leaderTransitions: s.leaseTransitions ?? 0,
  };
}

/** The JSON of the record as LeaseLock.Get marshals it: what "the record changed" compares. */
function rawRecord(s: Lease["spec"]): string {
  return JSON.stringify([s.holderIdentity ?? "", s.leaseDurationSeconds ?? 0, s.acquireTime ?? "", s.renewTime ?? "", s.leaseTransitions ?? 0]);
}
