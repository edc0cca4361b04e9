/**
 * A pure Raft state machine after etcd-io/raft (raft.go, log.go, tracker/progress.go, read_only.go),
 * the library etcd v3.5/v3.6 runs: terms, randomized election timeouts, pre-vote, CheckQuorum, log
 * replication with AppendEntries (prevLogIndex/prevLogTerm, conflict truncation, probe/replicate
 * flow control), commit on a majority of entries of the current term, ReadIndex (ReadOnlySafe), and
 * snapshots for followers that fell behind a compacted log.
 *
 * It knows nothing of the simulation: time is passed in (`now`, ms), randomness through `random`,
 * messages go out through `ready()`. The caller (EtcdMember) persists, sends, applies and calls back.
 *
 * Where etcd-io/raft counts ticks (one tick = etcd's --heartbeat-interval, 100 ms), this module counts
 * milliseconds: a heartbeat every `heartbeatMs`, CheckQuorum every `electionTimeoutMs`, and a follower's
 * randomized election timeout drawn from [electionTimeoutMs, 2 × electionTimeoutMs − 1] ms
 * (raft.go resetRandomizedElectionTimeout: electionTimeout + rand.Intn(electionTimeout)).
 */

export type MemberId = string;
export const NONE: MemberId = "";

export type RaftState = "follower" | "pre-candidate" | "candidate" | "leader";

export interface Entry<T> {
  index: number;
  term: number;
  /** null for the empty entry a new leader appends (raft.go becomeLeader). */
  data: T | null;
}

export type MessageType =
  | "MsgApp"
  | "MsgAppResp"
  | "MsgHeartbeat"
  | "MsgHeartbeatResp"
  | "MsgVote"
  | "MsgVoteResp"
  | "MsgPreVote"
  | "MsgPreVoteResp"
  | "MsgProp"
  | "MsgReadIndex"
  | "MsgReadIndexResp"
  | "MsgSnap";

export interface SnapshotMeta {
  index: number;
  term: number;
}

/** raftpb.Message, with only the fields this module uses. */
export interface RaftMessage<T> {
  type: MessageType;
  from: MemberId;
  to: MemberId;
  /** 0 for MsgProp and MsgReadIndex, which are local to the cluster (raft.go send). */
  term: number;
  /** MsgApp: prevLogTerm; vote: last log term; MsgAppResp reject: the hint's term. */
  logTerm?: number;
  /** MsgApp: prevLogIndex; MsgAppResp: last index (or the rejected index); vote: last log index; MsgReadIndexResp: the read index. */
  index?: number;
  entries?: Entry<T>[];
  commit?: number;
  reject?: boolean;
  rejectHint?: number;
  /** ReadIndex request id, carried by heartbeats (read_only.go). */
  context?: number;
  /** MsgSnap: what the snapshot covers; the member attaches `snapshotData`. */
  snapshot?: SnapshotMeta;
  snapshotData?: unknown;
}

export interface ReadState {
  index: number;
  context: number;
}

export interface RaftConfig {
  id: MemberId;
  /** Every voter, this member included. */
  peers: MemberId[];
  /** etcd --election-timeout default 1000 ms (server/embed/config.go DefaultElectionMs). */
  electionTimeoutMs: number;
  /** etcd --heartbeat-interval default 100 ms (server/embed/config.go DefaultTickMs). */
  heartbeatMs: number;
  /** etcd --pre-vote default true (server/embed/config.go). */
  preVote: boolean;
  /** etcdserver always sets CheckQuorum (server/etcdserver/raft.go raft.Config{CheckQuorum: true}). */
  checkQuorum: boolean;
  /** An integer in [0, n): the randomized election timeout's source. */
  random: (n: number) => number;
  /** Entries per MsgApp (etcd limits by bytes: MaxSizePerMsg 1 MiB, server/etcdserver/raft.go maxSizePerMsg). */
  maxEntriesPerMsg?: number;
  /** MaxInflightMsgs: etcdserver sets 4096/8 = 512 (server/etcdserver/raft.go maxInflightMsgs). */
  maxInflight?: number;
}

type ProgressState = "probe" | "replicate" | "snapshot";

/** tracker.Progress: the leader's view of one follower. */
export interface Progress {
  match: number;
  next: number;
  state: ProgressState;
  /** Probe state: one MsgApp sent, wait for its answer or a heartbeat response (MsgAppFlowPaused). */
  probeSent: boolean;
  recentActive: boolean;
  pendingSnapshot: number;
  /** Replicate state: the last index of every MsgApp not yet acknowledged (tracker/inflights.go). */
  inflights: number[];
}

export interface HardState {
  term: number;
  vote: MemberId;
  commit: number;
}

/** What the member must do now: persist, send, apply (raft.Ready). */
export interface Ready<T> {
  /** Send after `persist` completes if this member is not the leader; at once if it is (etcdserver/raft.go). */
  messages: RaftMessage<T>[];
  /** Entries and hard state must be fsynced first (up to this index), or null when nothing changed on disk. */
  persist: { lastIndex: number; lastTerm: number; hardStateChanged: boolean } | null;
  /** A snapshot received from the leader, to load into the state machine before applying entries. */
  snapshot: { meta: SnapshotMeta; data: unknown } | null;
  committedEntries: Entry<T>[];
  readStates: ReadState[];
}

/** What a member keeps on disk: enough to restart (raft HardState, the WAL's entries, the last snapshot). */
export interface RaftDisk<T> {
  hardState: HardState;
  snapshot: SnapshotMeta;
  entries: Entry<T>[];
}

interface ReadIndexRequest {
  context: number;
  from: MemberId;
  index: number;
  acks: Set<MemberId>;
}

export class RaftNode<T> {
  readonly id: MemberId;
  readonly peers: MemberId[];
  readonly cfg: Required<RaftConfig>;

  term = 0;
  vote: MemberId = NONE;
  lead: MemberId = NONE;
  state: RaftState = "follower";

  // ---- the log (raft.go raftLog, with storage and unstable together) --------------------------
  /** The last compacted entry (the snapshot) and its term. */
  snapIndex = 0;
  snapTerm = 0;
  /** Entries snapIndex+1 .. lastIndex. */
  private log: Entry<T>[] = [];
  committed = 0;
  applied = 0;
  /** The last index known to be fsynced on this member. */
  stableIndex = 0;
  /** The last index handed to the member to persist. */
  private persistRequested = 0;
  private hardStateDirty = false;

  // ---- timers (ms) --------------------------------------------------------------------------------
  /** When electionElapsed was last reset to 0. */
  electionResetAt = 0;
  randomizedElectionTimeout = 0;
  private nextHeartbeat = 0;
  private nextCheckQuorum = 0;

  // ---- leader ---------------------------------------------------------------------------------------
  readonly prs = new Map<MemberId, Progress>();
  private readonly votes = new Map<MemberId, boolean>();
  private readOnlyQueue: ReadIndexRequest[] = [];
  private pendingReadIndex: { from: MemberId; context: number }[] = [];

  // ---- output -------------------------------------------------------------------------------------
  private msgs: RaftMessage<T>[] = [];
  private readStates: ReadState[] = [];
  private pendingSnapshot: { meta: SnapshotMeta; data: unknown } | null = null;
  /** Proposals dropped because there was no leader (raft.go ErrProposalDropped). */
  droppedProposals = 0;

  constructor(cfg: RaftConfig, now: number, disk?: RaftDisk<T>) {
    this.cfg = { maxEntriesPerMsg: 64, maxInflight: 512, ...cfg };
    this.id = cfg.id;
    this.peers = [...cfg.peers];
    if (disk) {
      this.term = disk.hardState.term;
      this.vote = disk.hardState.vote;
      this.snapIndex = disk.snapshot.index;
      this.snapTerm = disk.snapshot.term;
      this.log = disk.entries.slice();
      this.committed = disk.hardState.commit;
      // The state machine (the store) is on disk too: it was applied up to the commit index at most.
      this.stableIndex = this.persistRequested = this.lastIndex();
    }
    this.becomeFollower(this.term, NONE, now);
  }

  /** The quorum: floor(n/2) + 1 (etcd-io/raft quorum/majority.go). */
  get quorum(): number {
    return Math.floor(this.peers.length / 2) + 1;
  }

  // ---- the log ------------------------------------------------------------------------------------

  lastIndex(): number {
    return this.snapIndex + this.log.length;
  }

  lastTerm(): number {
    return this.termAt(this.lastIndex()) ?? 0;
  }

  firstIndex(): number {
    return this.snapIndex + 1;
  }

  /** The term of the entry at `i`, or undefined when it is compacted away or beyond the log. */
  termAt(i: number): number | undefined {
    if (i === this.snapIndex) return this.snapTerm;
    if (i < this.snapIndex || i > this.lastIndex()) return undefined;
    return this.log[i - this.snapIndex - 1].term;
  }

  entryAt(i: number): Entry<T> | undefined {
    if (i <= this.snapIndex || i > this.lastIndex()) return undefined;
    return this.log[i - this.snapIndex - 1];
  }

  /** Entries [lo, hi] (both inclusive) that are still in the log. */
  entries(lo: number, hi: number): Entry<T>[] {
    lo = Math.max(lo, this.firstIndex());
    hi = Math.min(hi, this.lastIndex());
    if (lo > hi) return [];
    return this.log.slice(lo - this.snapIndex - 1, hi - this.snapIndex);
  }

  private matchTerm(i: number, t: number): boolean {
    return this.termAt(i) === t;
  }

  /** log.go isUpToDate: a candidate's log is at least as up to date as ours. */
  isUpToDate(lastIndex: number, lastTerm: number): boolean {
    const myTerm = this.lastTerm();
    return lastTerm > myTerm || (lastTerm === myTerm && lastIndex >= this.lastIndex());
  }

  private append(ents: Entry<T>[]): void {
    if (!ents.length) return;
    const after = ents[0].index - 1;
    if (after < this.committed) throw new Error(`raft ${this.id}: append after ${after} is below committed ${this.committed}`);
    // Truncate everything after `after` (log.go truncateAndAppend), then append.
    if (after < this.lastIndex()) {
      this.log.length = after - this.snapIndex;
      if (this.stableIndex > after) this.stableIndex = after;
      if (this.persistRequested > after) this.persistRequested = after;
    }
    for (const e of ents) this.log.push(e);
  }

  /** log.go findConflict: the first index whose term differs, or 0 when all match (new entries may follow). */
  private findConflict(ents: Entry<T>[]): number {
    for (const e of ents) if (!this.matchTerm(e.index, e.term)) return e.index;
    return 0;
  }

  /** log.go findConflictByTerm: the largest index ≤ `index` whose term is ≤ `term`. */
  findConflictByTerm(index: number, term: number): { index: number; term: number } {
    for (let i = Math.min(index, this.lastIndex()); i >= this.snapIndex; i--) {
      const t = this.termAt(i);
      if (t === undefined) break;
      if (t <= term) return { index: i, term: t };
    }
    return { index: this.snapIndex, term: this.snapTerm };
  }

  /** log.go maybeAppend. Returns the last new index, or -1 when prevLogIndex/prevLogTerm do not match. */
  private maybeAppend(index: number, logTerm: number, commit: number, ents: Entry<T>[]): number {
    if (!this.matchTerm(index, logTerm)) return -1;
    const lastNew = index + ents.length;
    const ci = this.findConflict(ents);
    if (ci !== 0) {
      if (ci <= this.committed) throw new Error(`raft ${this.id}: entry ${ci} conflicts with committed entry (committed ${this.committed})`);
      this.append(ents.slice(ci - index - 1));
    }
    this.commitTo(Math.min(commit, lastNew));
    return lastNew;
  }

  private commitTo(c: number): void {
    if (c > this.committed) {
      if (c > this.lastIndex()) throw new Error(`raft ${this.id}: commit ${c} beyond last index ${this.lastIndex()}`);
      // A commit-only change of the hard state is written without fsync (raft.MustSync).
      this.committed = c;
    }
  }

  /** Drops entries up to `index` (≤ applied) from memory: the state machine holds their effect (a snapshot). */
  compact(index: number): void {
    if (index <= this.snapIndex) return;
    if (index > this.applied) throw new Error(`raft ${this.id}: compact ${index} beyond applied ${this.applied}`);
    const t = this.termAt(index)!;
    this.log = this.log.slice(index - this.snapIndex);
    this.snapIndex = index;
    this.snapTerm = t;
  }

  // ---- state transitions (raft.go) ------------------------------------------------------------------

  /**
   * The randomized election timeout, drawn when first needed after a reset (a leader never needs one,
   * so a single-member cluster draws nothing while it leads).
   */
  private rto(): number {
    if (this.randomizedElectionTimeout < 0) this.randomizedElectionTimeout = this.cfg.electionTimeoutMs + this.cfg.random(this.cfg.electionTimeoutMs);
    return this.randomizedElectionTimeout;
  }

  private reset(term: number, now: number): void {
    if (this.term !== term) {
      this.term = term;
      this.vote = NONE;
      this.hardStateDirty = true;
    }
    this.lead = NONE;
    this.electionResetAt = now;
    this.randomizedElectionTimeout = -1;
    this.votes.clear();
    this.prs.clear();
    for (const p of this.peers) {
      this.prs.set(p, {
        match: p === this.id ? this.stableIndex : 0,
        next: this.lastIndex() + 1,
        state: "probe",
        probeSent: false,
        recentActive: false,
        pendingSnapshot: 0,
        inflights: [],
      });
    }
    this.readOnlyQueue = [];
    this.pendingReadIndex = [];
  }

  becomeFollower(term: number, lead: MemberId, now: number): void {
    this.reset(term, now);
    this.lead = lead;
    this.state = "follower";
  }

  private becomePreCandidate(): void {
    // Pre-vote changes neither the term nor the vote (raft.go becomePreCandidate).
    this.votes.clear();
    this.lead = NONE;
    this.state = "pre-candidate";
  }

  private becomeCandidate(now: number): void {
    this.reset(this.term + 1, now);
    this.vote = this.id;
    this.hardStateDirty = true;
    this.state = "candidate";
  }

  private becomeLeader(now: number): void {
    this.reset(this.term, now);
    this.lead = this.id;
    this.state = "leader";
    const self = this.prs.get(this.id)!;
    self.state = "replicate";
    self.recentActive = true;
    this.nextHeartbeat = now + this.cfg.heartbeatMs;
    this.nextCheckQuorum = now + this.cfg.electionTimeoutMs;
    // A new leader appends an empty entry of its term: committing it commits everything before
    // (raft.go becomeLeader; Raft §5.4.2).
    this.appendEntries([null]);
  }

  /**
   * Makes this member the leader of `term` without an election: the cluster as kubeadm left it, with
   * every entry up to `index` committed, applied and on disk everywhere.
   */
  bootstrap(term: number, lead: MemberId, index: number, now: number): void {
    this.term = term;
    this.vote = lead;
    this.snapIndex = index;
    this.snapTerm = term;
    this.log = [];
    this.committed = this.applied = this.stableIndex = this.persistRequested = index;
    this.hardStateDirty = false;
    if (lead === this.id) {
      this.reset(term, now);
      this.vote = lead;
      this.lead = this.id;
      this.state = "leader";
      for (const [p, pr] of this.prs) {
        pr.match = index;
        pr.next = index + 1;
        pr.state = "replicate";
        pr.recentActive = true;
        if (p === this.id) pr.match = index;
      }
      this.nextHeartbeat = now + this.cfg.heartbeatMs;
      this.nextCheckQuorum = now + this.cfg.electionTimeoutMs;
    } else {
      this.becomeFollower(term, lead, now);
      this.vote = lead;
    }
  }

  /** Fast-forwards the election clock, as etcdserver's adjustTicks does at start (server/etcdserver/server.go). */
  advanceElapsed(ms: number): void {
    this.electionResetAt -= ms;
  }

  // ---- time ---------------------------------------------------------------------------------------

  /** When `tick` must next run. */
  nextWake(): number {
    if (this.state === "leader") {
      if (this.peers.length === 1) return Infinity;
      return Math.min(this.nextHeartbeat, this.nextCheckQuorum);
    }
    return this.electionResetAt + this.rto();
  }

  /** When this member's election timer fires (null for a leader, or before its timeout is drawn). */
  electionDeadline(): number | null {
    return this.state === "leader" || this.randomizedElectionTimeout < 0 ? null : this.electionResetAt + this.randomizedElectionTimeout;
  }

  /** raft.go tickElection / tickHeartbeat, for the time `now`. */
  tick(now: number): void {
    if (this.state === "leader") {
      if (this.peers.length === 1) return;
      if (now >= this.nextCheckQuorum) {
        this.nextCheckQuorum = now + this.cfg.electionTimeoutMs;
        if (this.cfg.checkQuorum) {
          // A leader that has not heard from a quorum within an election timeout steps down.
          let active = 0;
          for (const [id, pr] of this.prs) {
            if (id === this.id || pr.recentActive) active++;
            if (id !== this.id) pr.recentActive = false;
          }
          if (active < this.quorum) {
            this.becomeFollower(this.term, NONE, now);
            return;
          }
        }
      }
      if (now >= this.nextHeartbeat) {
        this.nextHeartbeat = now + this.cfg.heartbeatMs;
        this.bcastHeartbeat(this.readOnlyQueue.length ? this.readOnlyQueue[this.readOnlyQueue.length - 1].context : undefined);
      }
      return;
    }
    if (now >= this.electionResetAt + this.rto()) {
      this.electionResetAt = now;
      this.hup(now);
    }
  }

  private hup(now: number): void {
    if (this.state === "leader") return;
    // A member with unapplied configuration changes may not campaign; there are none here.
    if (this.cfg.preVote) this.campaign("pre", now);
    else this.campaign("election", now);
  }

  private campaign(kind: "pre" | "election", now: number): void {
    let term: number;
    let type: MessageType;
    if (kind === "pre") {
      this.becomePreCandidate();
      type = "MsgPreVote";
      // Pre-vote asks for the next term without moving to it.
      term = this.term + 1;
    } else {
      this.becomeCandidate(now);
      type = "MsgVote";
      term = this.term;
    }
    if (this.poll(this.id, true) === "won") {
      // A single-member cluster wins at once.
      if (kind === "pre") this.campaign("election", now);
      else this.becomeLeader(now);
      return;
    }
    for (const p of this.peers) {
      if (p === this.id) continue;
      this.send({ type, to: p, term, index: this.lastIndex(), logTerm: this.lastTerm() });
    }
  }

  private poll(id: MemberId, granted: boolean): "won" | "lost" | "pending" {
    if (!this.votes.has(id)) this.votes.set(id, granted);
    let yes = 0;
    let no = 0;
    for (const v of this.votes.values()) v ? yes++ : no++;
    if (yes >= this.quorum) return "won";
    if (no > this.peers.length - this.quorum) return "lost";
    return "pending";
  }

  // ---- local requests ---------------------------------------------------------------------------------

  /**
   * A proposal from this member's server. Returns false when there is no leader to take it (etcd's
   * node does not read proposals then, raft/node.go run: propc = nil; the caller waits for one).
   */
  propose(data: T): boolean {
    if (this.state === "leader") {
      this.appendEntries([data]);
      return true;
    }
    if (this.lead === NONE || this.state !== "follower") {
      this.droppedProposals++;
      return false;
    }
    // A follower forwards the proposal to its leader (raft.go stepFollower MsgProp).
    this.send({ type: "MsgProp", to: this.lead, term: 0, entries: [{ index: 0, term: 0, data }] });
    return true;
  }

  /** A linearizable read's ReadIndex request (raft.go MsgReadIndex, ReadOnlySafe). */
  readIndex(context: number): void {
    this.stepReadIndex({ type: "MsgReadIndex", from: this.id, to: this.id, term: 0, context });
  }

  /** The member could not reach `peer` (etcdserver reports MsgUnreachable): probe it again slowly. */
  reportUnreachable(peer: MemberId): void {
    const pr = this.state === "leader" ? this.prs.get(peer) : undefined;
    if (pr && pr.state === "replicate") this.becomeProbe(pr);
  }

  /** The member fsynced entries up to `index` of term `term` (and the hard state with them). */
  stableTo(index: number, term: number): void {
    if (this.termAt(index) !== term) return;
    if (index > this.stableIndex) this.stableIndex = index;
    if (this.state === "leader") {
      const self = this.prs.get(this.id)!;
      if (this.stableIndex > self.match) {
        self.match = this.stableIndex;
        self.next = self.match + 1;
        if (this.maybeCommit()) this.bcastAppend();
      }
    }
  }

  /** The member applied entries up to `index`. */
  appliedTo(index: number): void {
    if (index > this.applied) this.applied = index;
  }

  // ---- output ---------------------------------------------------------------------------------------

  private send(m: Omit<RaftMessage<T>, "from">): void {
    this.msgs.push({ ...m, from: this.id } as RaftMessage<T>);
  }

  hasReady(): boolean {
    return (
      this.msgs.length > 0 ||
      this.readStates.length > 0 ||
      this.pendingSnapshot !== null ||
      this.persistRequested < this.lastIndex() ||
      this.hardStateDirty ||
      Math.min(this.committed, this.stableIndex) > this.applied
    );
  }

  /** Takes what the member must do now (raft.Ready + Advance in one). */
  ready(): Ready<T> {
    const messages = this.msgs;
    this.msgs = [];
    const readStates = this.readStates;
    this.readStates = [];
    const snapshot = this.pendingSnapshot;
    this.pendingSnapshot = null;
    let persist: Ready<T>["persist"] = null;
    const last = this.lastIndex();
    if (this.persistRequested < last || this.hardStateDirty) {
      persist = { lastIndex: last, lastTerm: this.lastTerm(), hardStateChanged: this.hardStateDirty };
      this.persistRequested = last;
      this.hardStateDirty = false;
    }
    // Apply only what is committed and on this member's disk.
    const upTo = Math.min(this.committed, this.stableIndex);
    const committedEntries = upTo > this.applied ? this.entries(this.applied + 1, upTo) : [];
    if (committedEntries.length) this.applied = committedEntries[committedEntries.length - 1].index;
    return { messages, persist, snapshot, committedEntries, readStates };
  }

  /** What must survive a restart. */
  disk(): RaftDisk<T> {
    // Only what was fsynced survives: entries beyond stableIndex are lost with the process.
    return {
      hardState: { term: this.term, vote: this.vote, commit: Math.min(this.committed, this.stableIndex) },
      snapshot: { index: this.snapIndex, term: this.snapTerm },
      entries: this.entries(this.firstIndex(), this.stableIndex),
    };
  }

  // ---- the leader ---------------------------------------------------------------------------------------

  private appendEntries(datas: (T | null)[]): void {
    let li = this.lastIndex();
    const ents = datas.map((data) => ({ index: ++li, term: this.term, data }));
    this.append(ents);
    // The leader's own match advances when the entries are on its disk (stableTo).
    this.bcastAppend();
  }

  /** Commits the largest index a quorum has, if it is of the current term (raft.go maybeCommit). */
  private maybeCommit(): boolean {
    const matches = this.peers.map((p) => this.prs.get(p)!.match).sort((a, b) => b - a);
    const mci = matches[this.quorum - 1];
    // Only entries of the current term are committed by counting replicas (Raft §5.4.2).
    if (mci > this.committed && this.termAt(mci) === this.term) {
      this.commitTo(mci);
      return true;
    }
    return false;
  }

  private committedEntryInCurrentTerm(): boolean {
    return this.termAt(this.committed) === this.term;
  }

  private bcastAppend(): void {
    for (const p of this.peers) if (p !== this.id) this.sendAppend(p, true);
  }

  private bcastHeartbeat(context?: number): void {
    for (const p of this.peers) {
      if (p === this.id) continue;
      const pr = this.prs.get(p)!;
      // A heartbeat carries commit = min(match, committed): a follower may lack the entries (raft.go sendHeartbeat).
      this.send({ type: "MsgHeartbeat", to: p, term: this.term, commit: Math.min(pr.match, this.committed), context });
    }
  }

  private isPaused(pr: Progress): boolean {
    switch (pr.state) {
      case "probe":
        return pr.probeSent;
      case "replicate":
        return pr.inflights.length >= this.cfg.maxInflight;
      case "snapshot":
        return true;
    }
  }

  private becomeProbe(pr: Progress): void {
    if (pr.state === "snapshot") {
      const ps = pr.pendingSnapshot;
      pr.next = Math.max(pr.match + 1, ps + 1);
      pr.pendingSnapshot = 0;
    } else {
      pr.next = pr.match + 1;
    }
    pr.state = "probe";
    pr.probeSent = false;
    pr.inflights = [];
  }

  private becomeReplicate(pr: Progress): void {
    pr.state = "replicate";
    pr.next = pr.match + 1;
    pr.probeSent = false;
    pr.inflights = [];
  }

  /** raft.go maybeSendAppend. */
  private sendAppend(to: MemberId, sendIfEmpty: boolean): boolean {
    const pr = this.prs.get(to)!;
    if (this.isPaused(pr)) return false;
    const prevIndex = pr.next - 1;
    const prevTerm = this.termAt(prevIndex);
    if (prevTerm === undefined) {
      // The entries it needs are compacted: send a snapshot (the member fills in its data).
      if (!pr.recentActive) return false;
      this.send({ type: "MsgSnap", to, term: this.term, snapshot: { index: this.snapIndex, term: this.snapTerm } });
      pr.state = "snapshot";
      pr.pendingSnapshot = this.snapIndex;
      pr.probeSent = false;
      pr.inflights = [];
      return true;
    }
    const ents = this.entries(pr.next, pr.next + this.cfg.maxEntriesPerMsg - 1);
    if (!ents.length && !sendIfEmpty) return false;
    this.send({ type: "MsgApp", to, term: this.term, index: prevIndex, logTerm: prevTerm, entries: ents, commit: this.committed });
    if (pr.state === "replicate") {
      if (ents.length) {
        const last = ents[ents.length - 1].index;
        pr.next = last + 1;
        pr.inflights.push(last);
      }
    } else {
      pr.probeSent = true;
    }
    return true;
  }

  /** The snapshot `meta` really sent to `to` (the member sends its current applied state, as etcd's merged snapshot). */
  snapshotSent(to: MemberId, meta: SnapshotMeta): void {
    const pr = this.prs.get(to);
    if (pr && pr.state === "snapshot") pr.pendingSnapshot = meta.index;
  }

  // ---- receiving ----------------------------------------------------------------------------------------

  /** raft.go Step. */
  step(m: RaftMessage<T>, now: number): void {
    if (m.term === 0) {
      // Local to the cluster: forwarded proposals and read requests.
    } else if (m.term > this.term) {
      if (m.type === "MsgVote" || m.type === "MsgPreVote") {
        // With CheckQuorum, a member that heard from a leader within the election timeout ignores
        // (pre-)votes: this is what keeps a rejoining member from disrupting a healthy cluster.
        const inLease = this.cfg.checkQuorum && this.lead !== NONE && now - this.electionResetAt < this.cfg.electionTimeoutMs;
        if (inLease) return;
      }
      if (m.type === "MsgPreVote") {
        // Never change our term in response to a PreVote.
      } else if (m.type === "MsgPreVoteResp" && !m.reject) {
        // The term in a granted pre-vote response is the one we will campaign for: keep ours until we win.
      } else if (m.type === "MsgApp" || m.type === "MsgHeartbeat" || m.type === "MsgSnap") {
        this.becomeFollower(m.term, m.from, now);
      } else {
        this.becomeFollower(m.term, NONE, now);
      }
    } else if (m.term < this.term) {
      if ((this.cfg.checkQuorum || this.cfg.preVote) && (m.type === "MsgHeartbeat" || m.type === "MsgApp")) {
        // A stale leader (e.g. healed from a partition) learns of the newer term and steps down.
        this.send({ type: "MsgAppResp", to: m.from, term: this.term });
      } else if (m.type === "MsgPreVote") {
        this.send({ type: "MsgPreVoteResp", to: m.from, term: this.term, reject: true });
      }
      return;
    }

    switch (m.type) {
      case "MsgVote":
      case "MsgPreVote": {
        const canVote = this.vote === m.from || (this.vote === NONE && this.lead === NONE) || (m.type === "MsgPreVote" && m.term > this.term);
        const resp: MessageType = m.type === "MsgVote" ? "MsgVoteResp" : "MsgPreVoteResp";
        if (canVote && this.isUpToDate(m.index!, m.logTerm!)) {
          this.send({ type: resp, to: m.from, term: m.term });
          if (m.type === "MsgVote") {
            this.electionResetAt = now;
            this.vote = m.from;
            this.hardStateDirty = true;
          }
        } else {
          this.send({ type: resp, to: m.from, term: this.term, reject: true });
        }
        return;
      }
    }

    switch (this.state) {
      case "leader":
        return this.stepLeader(m, now);
      case "candidate":
      case "pre-candidate":
        return this.stepCandidate(m, now);
      case "follower":
        return this.stepFollower(m, now);
    }
  }

  private stepLeader(m: RaftMessage<T>, now: number): void {
    switch (m.type) {
      case "MsgProp": {
        if (!m.entries?.length) return;
        this.appendEntries(m.entries.map((e) => e.data));
        return;
      }
      case "MsgReadIndex":
        return this.stepReadIndex(m);
    }
    const pr = this.prs.get(m.from);
    if (!pr) return;
    switch (m.type) {
      case "MsgAppResp": {
        pr.recentActive = true;
        if (m.reject) {
          // Back off to the follower's hint (raft.go: findConflictByTerm on the leader's log).
          let next = m.rejectHint!;
          if (m.logTerm! > 0) next = this.findConflictByTerm(m.rejectHint!, m.logTerm!).index;
          if (this.maybeDecrTo(pr, m.index!, next)) {
            if (pr.state === "replicate") this.becomeProbe(pr);
            this.sendAppend(m.from, true);
          }
          return;
        }
        const oldPaused = this.isPaused(pr);
        if (m.index! > pr.match) {
          pr.match = m.index!;
          pr.probeSent = false;
          if (pr.next < m.index! + 1) pr.next = m.index! + 1;
          if (pr.state === "probe") this.becomeReplicate(pr);
          else if (pr.state === "snapshot" && pr.match >= pr.pendingSnapshot) this.becomeProbe(pr), this.becomeReplicate(pr);
          else if (pr.state === "replicate") pr.inflights = pr.inflights.filter((i) => i > m.index!);
          if (this.maybeCommit()) {
            this.releasePendingReadIndex();
            this.bcastAppend();
          } else if (oldPaused) {
            this.sendAppend(m.from, true);
          }
          while (this.sendAppend(m.from, false)) {
            /* send everything it lacks */
          }
        } else if (pr.state === "replicate") {
          pr.inflights = pr.inflights.filter((i) => i > m.index!);
        }
        return;
      }
      case "MsgHeartbeatResp": {
        pr.recentActive = true;
        pr.probeSent = false;
        if (pr.state === "replicate" && pr.inflights.length >= this.cfg.maxInflight) pr.inflights.shift();
        // raft.go sendAppend = maybeSendAppend(to, sendIfEmpty=true): an empty MsgApp probes a follower that fell behind.
        if (pr.match < this.lastIndex() || pr.state === "probe") this.sendAppend(m.from, true);
        if (m.context === undefined) return;
        const idx = this.readOnlyQueue.findIndex((r) => r.context === m.context);
        if (idx < 0) return;
        const req = this.readOnlyQueue[idx];
        req.acks.add(m.from);
        if (req.acks.size < this.quorum) return;
        // Leadership confirmed: answer every read up to this one, in order (read_only.go advance).
        const done = this.readOnlyQueue.splice(0, idx + 1);
        for (const r of done) this.respondReadIndex(r.from, r.context, r.index);
        return;
      }
    }
    void now;
  }

  private maybeDecrTo(pr: Progress, rejected: number, matchHint: number): boolean {
    if (pr.state === "replicate") {
      if (rejected <= pr.match) return false; // stale
      pr.next = pr.match + 1;
      return true;
    }
    if (pr.next - 1 !== rejected) return false; // stale
    pr.next = Math.max(Math.min(rejected, matchHint + 1), 1);
    pr.probeSent = false;
    return true;
  }

  private stepReadIndex(m: RaftMessage<T>): void {
    if (this.state !== "leader") {
      // A follower forwards the read to its leader; without one it drops it (the server retries).
      if (this.state === "follower" && this.lead !== NONE && m.from === this.id) {
        this.send({ type: "MsgReadIndex", to: this.lead, term: 0, context: m.context });
      }
      return;
    }
    if (this.peers.length === 1) {
      this.respondReadIndex(m.from, m.context!, this.committed);
      return;
    }
    // Until the leader commits an entry of its term it does not know the commit index (Raft §6.4).
    if (!this.committedEntryInCurrentTerm()) {
      this.pendingReadIndex.push({ from: m.from, context: m.context! });
      return;
    }
    this.addReadIndex(m.from, m.context!);
  }

  private addReadIndex(from: MemberId, context: number): void {
    this.readOnlyQueue.push({ context, from, index: this.committed, acks: new Set([this.id]) });
    this.bcastHeartbeat(context);
  }

  private releasePendingReadIndex(): void {
    if (!this.pendingReadIndex.length || !this.committedEntryInCurrentTerm()) return;
    const pending = this.pendingReadIndex;
    this.pendingReadIndex = [];
    for (const p of pending) this.addReadIndex(p.from, p.context);
  }

  private respondReadIndex(from: MemberId, context: number, index: number): void {
    if (from === this.id) this.readStates.push({ index, context });
    else this.send({ type: "MsgReadIndexResp", to: from, term: this.term, index, context });
  }

  private stepCandidate(m: RaftMessage<T>, now: number): void {
    const myVoteResp: MessageType = this.state === "pre-candidate" ? "MsgPreVoteResp" : "MsgVoteResp";
    switch (m.type) {
      case "MsgProp":
        this.droppedProposals++;
        return;
      case "MsgApp":
        this.becomeFollower(m.term, m.from, now);
        return this.handleAppendEntries(m);
      case "MsgHeartbeat":
        this.becomeFollower(m.term, m.from, now);
        return this.handleHeartbeat(m);
      case "MsgSnap":
        this.becomeFollower(m.term, m.from, now);
        return this.handleSnapshot(m);
      case "MsgPreVoteResp":
      case "MsgVoteResp": {
        if (m.type !== myVoteResp) return;
        const r = this.poll(m.from, !m.reject);
        if (r === "won") {
          if (this.state === "pre-candidate") this.campaign("election", now);
          else {
            this.becomeLeader(now);
          }
        } else if (r === "lost") {
          this.becomeFollower(this.term, NONE, now);
        }
        return;
      }
    }
  }

  private stepFollower(m: RaftMessage<T>, now: number): void {
    switch (m.type) {
      case "MsgProp":
        if (this.lead === NONE) {
          this.droppedProposals++;
          return;
        }
        this.send({ ...m, to: this.lead });
        return;
      case "MsgApp":
        this.electionResetAt = now;
        this.lead = m.from;
        return this.handleAppendEntries(m);
      case "MsgHeartbeat":
        this.electionResetAt = now;
        this.lead = m.from;
        return this.handleHeartbeat(m);
      case "MsgSnap":
        this.electionResetAt = now;
        this.lead = m.from;
        return this.handleSnapshot(m);
      case "MsgReadIndex":
        return this.stepReadIndex(m);
      case "MsgReadIndexResp":
        this.readStates.push({ index: m.index!, context: m.context! });
        return;
    }
  }

  private handleAppendEntries(m: RaftMessage<T>): void {
    if (m.index! < this.committed) {
      this.send({ type: "MsgAppResp", to: m.from, term: this.term, index: this.committed });
      return;
    }
    const last = this.maybeAppend(m.index!, m.logTerm!, m.commit!, m.entries ?? []);
    if (last >= 0) {
      this.send({ type: "MsgAppResp", to: m.from, term: this.term, index: last });
      return;
    }
    // Reject with a hint: the largest index ≤ prevLogIndex whose term is ≤ prevLogTerm (raft.go handleAppendEntries).
    const hint = this.findConflictByTerm(Math.min(m.index!, this.lastIndex()), m.logTerm!);
    this.send({ type: "MsgAppResp", to: m.from, term: this.term, index: m.index!, reject: true, rejectHint: hint.index, logTerm: hint.term });
  }

  private handleHeartbeat(m: RaftMessage<T>): void {
    this.commitTo(Math.min(m.commit!, this.lastIndex()));
    this.send({ type: "MsgHeartbeatResp", to: m.from, term: this.term, context: m.context });
  }

  private handleSnapshot(m: RaftMessage<T>): void {
    const s = m.snapshot!;
    if (s.index <= this.committed) {
      this.send({ type: "MsgAppResp", to: m.from, term: this.term, index: this.committed });
      return;
    }
    if (this.matchTerm(s.index, s.term)) {
      // We have the entry: fast-forward the commit index only (raft.go restore).
      this.commitTo(s.index);
      this.send({ type: "MsgAppResp", to: m.from, term: this.term, index: this.lastIndex() });
      return;
    }
    this.log = [];
    this.snapIndex = s.index;
    this.snapTerm = s.term;
    this.committed = this.applied = this.stableIndex = this.persistRequested = s.index;
    this.hardStateDirty = true;
    this.pendingSnapshot = { meta: s, data: m.snapshotData };
    this.send({ type: "MsgAppResp", to: m.from, term: this.term, index: this.lastIndex() });
  }
}
