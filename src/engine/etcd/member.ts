import { Actor, type ActorId, type FlowKind, type Machine, type Message, type Simulation } from "../sim";
import type { SimTime } from "../time";
import { MvccStore, type KeyValue, type StoreSnapshot, type TxnOp, type TxnResult, type WatchChange } from "./store";
import { NONE, RaftNode, type Entry, type RaftDisk, type RaftMessage, type ReadState } from "./raft";
import type { RaftStatus } from "./status";

/** Messages an etcd member understands from its local kube-apiserver. */
export type EtcdRequest =
  | { kind: "txn"; reqId: number; ops: TxnOp[] }
  /** A linearizable range (etcd's default); `serializable` reads the local store at once. */
  | { kind: "range"; reqId: number; prefix: string; key?: string; serializable?: boolean }
  | { kind: "watch"; reqId: number; prefix: string; fromRevision: number };

export type EtcdReply =
  | { kind: "txn-result"; reqId: number; result?: TxnResult; error?: string }
  | { kind: "range-result"; reqId: number; kvs?: KeyValue[]; revision: number; error?: string }
  | { kind: "watch-created"; reqId: number; revision: number }
  | { kind: "watch-events"; reqId: number; revision: number; changes: WatchChange[] }
  /** The watch ended: `etcdserver: no leader`, a compacted revision, or the connection closed (the member stopped). */
  | { kind: "watch-canceled"; reqId: number; reason: string };

/** What a member's Raft log carries: one kube-apiserver transaction, and who proposed it. */
export interface EtcdEntryData {
  ops: TxnOp[];
  /** The proposing member's actor id, its process epoch and its request number: it answers its client on apply. */
  proposer: ActorId;
  epoch: number;
  seq: number;
  /** The flow ref of the request (for the watch events it causes). */
  ref: string;
}

/** A peer message on the wire between two etcd members. */
export interface EtcdPeerMessage {
  kind: "raft";
  msg: RaftMessage<EtcdEntryData>;
}

/**
 * Flow kinds of the Raft messages between members, as the canvas colours them. A heartbeat is etcd-io/raft's
 * MsgHeartbeat (an AppendEntries without entries in the Raft paper's terms): its own kind, so the page can hide them.
 */
export const RAFT_FLOW_KINDS = {
  MsgApp: "AppendEntries",
  MsgAppResp: "AppendEntries response",
  MsgHeartbeat: "heartbeat",
  MsgHeartbeatResp: "heartbeat response",
  MsgVote: "RequestVote",
  MsgVoteResp: "RequestVote response",
  MsgPreVote: "PreVote",
  MsgPreVoteResp: "PreVote response",
  MsgProp: "proposal",
  MsgReadIndex: "ReadIndex",
  MsgReadIndexResp: "ReadIndex response",
  MsgSnap: "snapshot",
} as const satisfies Record<RaftMessage<unknown>["type"], FlowKind>;

/**
 * The time an etcd member takes to fsync its WAL: etcd's docs put a good disk's fdatasync at under
 * 10ms; 2–4 ms for a local SSD [U: no upstream default exists].
 */
const FSYNC_MS = [2, 4] as const;
/** --election-timeout and --heartbeat-interval defaults (etcd server/embed/config.go DefaultElectionMs, DefaultTickMs). */
export const ELECTION_TIMEOUT_MS = 1000;
export const HEARTBEAT_MS = 100;
/**
 * etcdserver ReqTimeout(): 5 s for queueing, computation and disk + 2 × election timeout for a possible
 * election = 7 s with the defaults (server/config/config.go ReqTimeout).
 */
export const REQUEST_TIMEOUT_MS = 5000 + 2 * ELECTION_TIMEOUT_MS;
/** A pending linearizable read re-sends its ReadIndex every 500 ms (server/etcdserver/v3_server.go readIndexRetryTime). */
const READ_INDEX_RETRY_MS = 500;
/** Watch streams that require a leader are cancelled after 3 election timeouts without one (server/etcdserver/api/v3rpc/watch.go monitorLeader, maxNoLeaderCnt). */
const NO_LEADER_WATCH_CHECKS = 3;
/** Raft log entries kept after a snapshot, and how many applied entries trigger one (server/etcdserver/server.go DefaultSnapshotCatchUpEntries; v3.6 DefaultSnapshotCount). */
const SNAPSHOT_CATCHUP_ENTRIES = 5000;
const SNAPSHOT_COUNT = 10000;
/** Watch history the member keeps for watches that start in the past, in revisions (etcd keeps all until kube-apiserver compacts every 5 min). */
const WATCH_HISTORY = 5000;

/** etcd server errors (server/etcdserver/errors/errors.go), as the client sees them. */
export const ETCD_ERRORS = {
  timeout: "etcdserver: request timed out",
  timeoutLeaderFail: "etcdserver: request timed out, possibly due to previous leader failure",
  leaderChanged: "etcdserver: leader changed",
  noLeader: "etcdserver: no leader",
  compacted: "mvcc: required revision has been compacted",
  /**
   * A proposal made while the member knows no leader waits in raft's node (raft/node.go run: propc = nil)
   * until the 7 s ReqTimeout context expires; processInternalRaftRequestOnce returns the bare
   * context.DeadlineExceeded, which gRPC sends as codes.DeadlineExceeded (v3rpc/util.go togRPCError) and
   * clientv3 reports as this.
   */
  deadlineExceeded: "rpc error: code = DeadlineExceeded desc = context deadline exceeded",
} as const;

/** Something that holds etcd watches and hears when their connection closes (kube-apiserver). */
export interface EtcdWatchClient {
  etcdConnectionClosed(member: ActorId): void;
}

interface PendingProposal {
  client: ActorId;
  reqId: number;
  ref: string;
  start: SimTime;
  /** Handed to raft (a leader was known), as opposed to waiting for one. */
  proposed: boolean;
  data: EtcdEntryData;
}

interface PendingRead {
  client: ActorId;
  reqId: number;
  req: Extract<EtcdRequest, { kind: "range" }>;
  ref: string;
  deadline: SimTime;
}

interface ReadRound {
  contexts: Set<number>;
  reads: PendingRead[];
  /** The read index once the leader confirmed it. */
  index: number | null;
}

/** One member's history entry: the changes a revision made (for watches that start in the past). */
interface HistoryEntry {
  revision: number;
  changes: WatchChange[];
  ref: string;
}

/**
 * An etcd member: a Raft node (./raft.ts), a WAL and an MVCC store on disk, and the etcdserver logic
 * around them. Its local kube-apiserver sends txn/range/watch; a follower forwards proposals to the
 * leader; every member applies committed entries in order to its own store (so a transaction's compare
 * is evaluated identically everywhere) and answers its own clients when their entry is applied. Reads
 * are linearizable by default (ReadIndex through the leader). A stopped member keeps its log, term,
 * vote and store, and catches up from the leader when it starts again; its watches die.
 */
export class EtcdMember extends Actor {
  readonly store = new MvccStore();
  /** Every member's actor id, this one included (etcd's --initial-cluster). */
  readonly peers: ActorId[];
  /** Called for every entry this member applies (the cluster's committed view and tests listen). */
  readonly applyListeners: ((index: number, term: number, data: EtcdEntryData | null, member: EtcdMember, changes: WatchChange[]) => void)[] = [];
  node: RaftNode<EtcdEntryData>;
  /** The index of the last entry applied to `store` (on disk with it). */
  appliedIndex = 0;
  private savedDisk: RaftDisk<EtcdEntryData> | null = null;
  private started = false;
  private readonly watchers: { client: ActorId; reqId: number; prefix: string }[] = [];
  private history: HistoryEntry[] = [];
  private readonly proposals = new Map<number, PendingProposal>();
  private proposalSeq = 0;
  private reads: PendingRead[] = [];
  private round: ReadRound | null = null;
  private readCtx = 0;
  private timerAt: SimTime | null = null;
  private diskBusy = false;
  private lastLead: string = NONE;
  /** When the member last saw a leader elected (etcdserver leadElectedTime). */
  private leadElectedAt: SimTime = 0;
  private noLeaderChecks = 0;

  /** Applied entries that trigger a snapshot, and entries kept after it (tests make them small). */
  private readonly snapshotCount: number;
  private readonly catchUpEntries: number;

  constructor(sim: Simulation, machine: Machine, peers?: ActorId[], opts: { snapshotCount?: number; catchUpEntries?: number } = {}) {
    super(sim, machine, "etcd");
    this.peers = peers ?? [this.id];
    this.snapshotCount = opts.snapshotCount ?? SNAPSHOT_COUNT;
    this.catchUpEntries = opts.catchUpEntries ?? SNAPSHOT_CATCHUP_ENTRIES;
    this.node = this.newNode();
    // The cluster as kubeadm left it: the first member leads term 2 and everything so far is committed.
    this.node.bootstrap(2, this.peers[0], 1, sim.now);
    this.appliedIndex = 1;
    this.lastLead = this.peers[0];
  }

  private newNode(disk?: RaftDisk<EtcdEntryData>): RaftNode<EtcdEntryData> {
    return new RaftNode<EtcdEntryData>(
      {
        id: this.id,
        peers: this.peers,
        electionTimeoutMs: ELECTION_TIMEOUT_MS,
        heartbeatMs: HEARTBEAT_MS,
        preVote: true,
        checkQuorum: true,
        random: (n) => this.sim.rng.int(n),
      },
      this.sim.now,
      disk,
    );
  }

  /** The member name: the control-plane node's name, as kubeadm names stacked members. */
  get memberName(): string {
    return this.machine.name;
  }

  protected onStart(): void {
    if (this.started) {
      // A restart: the WAL and the store are on disk; the process rebuilds its Raft node from them.
      this.node = this.newNode(this.savedDisk ?? undefined);
      this.node.appliedTo(this.appliedIndex);
      // etcdserver adjustTicks (server/etcdserver/server.go): a single member fast-forwards
      // ElectionTicks−1 ticks, a member with peers ElectionTicks−2 once it sees them.
      this.node.advanceElapsed(this.peers.length === 1 ? ELECTION_TIMEOUT_MS - HEARTBEAT_MS : ELECTION_TIMEOUT_MS - 2 * HEARTBEAT_MS);
      this.lastLead = NONE;
      this.noLeaderChecks = 0;
    }
    this.started = true;
    this.timerAt = null;
    this.diskBusy = false;
    this.scheduleLeaderMonitor();
    this.flush();
  }

  protected onStop(): void {
    // Only what was fsynced survives.
    this.savedDisk = this.node.disk();
    const clients = new Set(this.watchers.map((w) => w.client));
    this.watchers.length = 0;
    this.proposals.clear();
    this.reads = [];
    this.round = null;
    this.timerAt = null;
    this.diskBusy = false;
    // The process exits and the kernel closes its connections: the watch clients see the stream end.
    for (const c of clients) {
      const client = this.sim.actors.get(c) as (Actor & Partial<EtcdWatchClient>) | undefined;
      if (client?.etcdConnectionClosed) this.sim.schedule(this.sim.now + 1, client, () => client.etcdConnectionClosed!(this.id));
    }
  }

  receive(msg: Message): void {
    const body = msg.body as EtcdRequest | EtcdPeerMessage;
    if (body.kind === "raft") {
      this.node.step(body.msg, this.now);
      this.flush();
      return;
    }
    const from = msg.flow.from;
    switch (body.kind) {
      case "txn":
        return this.propose(from, body.reqId, body.ops, msg.flow.ref);
      case "range":
        if (body.serializable) return this.serveRange({ client: from, reqId: body.reqId, req: body, ref: msg.flow.ref, deadline: 0 });
        this.reads.push({ client: from, reqId: body.reqId, req: body, ref: msg.flow.ref, deadline: this.now + REQUEST_TIMEOUT_MS });
        this.after(REQUEST_TIMEOUT_MS, () => this.expireReads());
        this.startReadRound();
        this.flush();
        return;
      case "watch":
        return this.addWatch(from, body);
    }
  }

  // ---- writes -------------------------------------------------------------------------------------

  private propose(client: ActorId, reqId: number, ops: TxnOp[], ref: string): void {
    const seq = ++this.proposalSeq;
    const data: EtcdEntryData = { ops, proposer: this.id, epoch: this.epoch, seq, ref };
    const p: PendingProposal = { client, reqId, ref, start: this.now, proposed: false, data };
    this.proposals.set(seq, p);
    this.after(REQUEST_TIMEOUT_MS, () => this.expireProposal(seq));
    p.proposed = this.node.propose(data);
    this.flush();
  }

  /** Proposals that waited for a leader go to raft as soon as one is known. */
  private proposeWaiting(): void {
    if (this.node.lead === NONE) return;
    for (const p of this.proposals.values()) if (!p.proposed) p.proposed = this.node.propose(p.data);
  }

  /** server/etcdserver/v3_server.go processInternalRaftRequestOnce: the ReqTimeout context expired. */
  private expireProposal(seq: number): void {
    const p = this.proposals.get(seq);
    if (!p) return;
    this.proposals.delete(seq);
    this.send(p.client, "response", p.ref, { kind: "txn-result", reqId: p.reqId, error: this.proposeTimeoutError(p) } satisfies EtcdReply);
  }

  /** parseProposeCtxErr (server/etcdserver/server.go). */
  private proposeTimeoutError(p: PendingProposal): string {
    if (!p.proposed) return ETCD_ERRORS.deadlineExceeded;
    const prevLeadLost = this.leadElectedAt - 2 * ELECTION_TIMEOUT_MS;
    if (p.start > prevLeadLost && p.start < this.leadElectedAt) return ETCD_ERRORS.timeoutLeaderFail;
    return ETCD_ERRORS.timeout;
  }

  // ---- reads --------------------------------------------------------------------------------------

  /** server/etcdserver/v3_server.go linearizableReadLoop: one ReadIndex serves every read queued before it. */
  private startReadRound(): void {
    if (this.round || !this.reads.length) return;
    const ctx = ++this.readCtx;
    this.round = { contexts: new Set([ctx]), reads: this.reads, index: null };
    this.reads = [];
    this.node.readIndex(ctx);
    const round = this.round;
    const retry = () => {
      if (this.round !== round || round.index !== null) return;
      const next = ++this.readCtx;
      round.contexts.add(next);
      this.node.readIndex(next);
      this.flush();
      this.after(READ_INDEX_RETRY_MS, retry);
    };
    this.after(READ_INDEX_RETRY_MS, retry);
  }

  private onReadStates(states: ReadState[]): void {
    const round = this.round;
    if (!round || round.index !== null) return;
    for (const rs of states) if (round.contexts.has(rs.context)) round.index = rs.index;
    this.serveReads();
  }

  private serveReads(): void {
    const round = this.round;
    if (!round || round.index === null || this.appliedIndex < round.index) return;
    this.round = null;
    for (const r of round.reads) if (r.deadline > this.now) this.serveRange(r);
    this.startReadRound();
  }

  /** requestCurrentIndex gives up after ReqTimeout: every read of the round fails. */
  private expireReads(): void {
    const now = this.now;
    const fail = (r: PendingRead) => this.send(r.client, "response", r.ref, { kind: "range-result", reqId: r.reqId, revision: this.store.revision, error: ETCD_ERRORS.timeout } satisfies EtcdReply);
    if (this.round && this.round.index === null) {
      const expired = this.round.reads.filter((r) => r.deadline <= now);
      if (expired.length) {
        // The ReadIndex itself timed out: the whole round fails and the rest start again.
        const rest = this.round.reads.filter((r) => r.deadline > now);
        for (const r of expired) fail(r);
        this.round = null;
        this.reads = [...rest, ...this.reads];
        this.startReadRound();
        this.flush();
      }
    }
    const keep: PendingRead[] = [];
    for (const r of this.reads) (r.deadline <= now ? fail(r) : keep.push(r));
    this.reads = keep;
  }

  /** A new leader fails the reads waiting on a ReadIndex (ErrLeaderChanged, a retryable error). */
  private onLeaderChanged(): void {
    const round = this.round;
    if (!round || round.index !== null) return;
    this.round = null;
    for (const r of round.reads) {
      this.send(r.client, "response", r.ref, { kind: "range-result", reqId: r.reqId, revision: this.store.revision, error: ETCD_ERRORS.leaderChanged } satisfies EtcdReply);
    }
    this.startReadRound();
  }

  private serveRange(r: PendingRead): void {
    const kvs = r.req.key !== undefined ? [this.store.get(r.req.key)].filter((x): x is KeyValue => !!x) : this.store.range(r.req.prefix);
    this.send(r.client, "response", r.ref, { kind: "range-result", reqId: r.reqId, kvs, revision: this.store.revision } satisfies EtcdReply);
  }

  // ---- watches ------------------------------------------------------------------------------------

  private addWatch(client: ActorId, req: Extract<EtcdRequest, { kind: "watch" }>): void {
    // A watch that starts in the past replays the history it needs, if the member still has it.
    const oldest = this.history.length ? this.history[0].revision : this.store.revision + 1;
    if (req.fromRevision <= this.store.revision && req.fromRevision < oldest) {
      this.send(client, "etcd watch", req.prefix, { kind: "watch-canceled", reqId: req.reqId, reason: ETCD_ERRORS.compacted } satisfies EtcdReply);
      return;
    }
    const w = { client, reqId: req.reqId, prefix: req.prefix };
    this.watchers.push(w);
    this.send(client, "etcd watch", req.prefix, { kind: "watch-created", reqId: req.reqId, revision: this.store.revision } satisfies EtcdReply);
    for (const h of this.history) {
      if (h.revision < req.fromRevision) continue;
      const mine = h.changes.filter((c) => c.kv.key.startsWith(w.prefix));
      if (mine.length) this.send(client, "etcd watch", h.ref, { kind: "watch-events", reqId: w.reqId, revision: h.revision, changes: mine } satisfies EtcdReply);
    }
  }

  /** Sends committed changes to every watcher whose prefix matches. */
  private notify(changes: WatchChange[], ref: string): void {
    for (const w of this.watchers) {
      const mine = changes.filter((c) => c.kv.key.startsWith(w.prefix));
      if (!mine.length) continue;
      const ev: EtcdReply = { kind: "watch-events", reqId: w.reqId, revision: this.store.revision, changes: mine };
      this.send(w.client, "etcd watch", ref, ev);
    }
  }

  private cancelWatches(reason: string): void {
    for (const w of this.watchers.splice(0)) {
      this.send(w.client, "etcd watch", w.prefix, { kind: "watch-canceled", reqId: w.reqId, reason } satisfies EtcdReply);
    }
  }

  /** v3rpc/watch.go monitorLeader: every election timeout, count checks without a leader. */
  private scheduleLeaderMonitor(): void {
    this.after(ELECTION_TIMEOUT_MS, () => {
      if (this.node.lead === NONE) {
        if (++this.noLeaderChecks >= NO_LEADER_WATCH_CHECKS) {
          this.noLeaderChecks = 0;
          this.cancelWatches(ETCD_ERRORS.noLeader);
        }
      } else this.noLeaderChecks = 0;
      this.scheduleLeaderMonitor();
    });
  }

  // ---- the raft loop ------------------------------------------------------------------------------

  /**
   * etcdserver/raft.go start(): take the node's Ready, send (a leader before its fsync, a follower
   * after), persist (fsync, during which the loop waits and the node batches what arrives), apply the
   * committed entries, and answer reads.
   */
  private flush(): void {
    if (!this.running) return;
    const node = this.node;
    if (node.lead !== this.lastLead) {
      const was = this.lastLead;
      this.lastLead = node.lead;
      if (node.lead !== NONE) {
        this.leadElectedAt = this.now;
        // etcdserver notifies leaderChanged whenever a (different) leader appears (server.go updateLeadership).
        this.onLeaderChanged();
        this.log(() => (node.lead === this.id ? `became leader at term ${node.term}` : `elected leader ${node.lead.replace(/^etcd@/, "")} at term ${node.term}`));
      } else if (was !== NONE) {
        this.log(() => `lost leader ${was.replace(/^etcd@/, "")} at term ${node.term}`);
      }
    }
    this.proposeWaiting();
    for (;;) {
      this.processReady();
      // Serving reads may start the next ReadIndex round, whose output must go out too.
      this.serveReads();
      if (this.diskBusy || !node.hasReady()) break;
    }
    this.arm();
  }

  private processReady(): void {
    const node = this.node;
    while (!this.diskBusy && node.hasReady()) {
      const rd = node.ready();
      if (rd.snapshot) this.restoreSnapshot(rd.snapshot.data as { store: StoreSnapshot; history: HistoryEntry[] }, rd.snapshot.meta.index);
      const leader = node.state === "leader";
      if (leader || !rd.persist) this.sendRaft(rd.messages);
      this.apply(rd.committedEntries);
      if (rd.readStates.length) this.onReadStates(rd.readStates);
      if (rd.persist && (rd.persist.lastIndex > node.stableIndex || rd.persist.hardStateChanged)) {
        const p = rd.persist;
        const held = leader ? [] : rd.messages;
        this.diskBusy = true;
        const epoch = this.epoch;
        this.after(this.sim.rng.between(FSYNC_MS[0], FSYNC_MS[1]), () => {
          if (this.epoch !== epoch) return;
          this.diskBusy = false;
          this.node.stableTo(p.lastIndex, p.lastTerm);
          this.sendRaft(held);
          this.flush();
        });
      } else if (rd.persist && !leader) {
        this.sendRaft(rd.messages);
      }
    }
  }

  private arm(): void {
    const t = this.node.nextWake();
    if (!Number.isFinite(t)) return;
    if (this.timerAt !== null && this.timerAt <= t && this.timerAt >= this.now) return;
    this.timerAt = t;
    this.sim.schedule(t, this, () => {
      if (this.timerAt !== t) return;
      this.timerAt = null;
      this.node.tick(this.now);
      this.flush();
    });
  }

  private sendRaft(msgs: RaftMessage<EtcdEntryData>[]): void {
    for (const m of msgs) {
      const target = this.sim.actors.get(m.to);
      // rafthttp: a peer whose process is down (connection refused) or cut off gets nothing on the wire,
      // and raft hears MsgUnreachable.
      if (!target || !target.running || target.machine.partitioned) {
        this.node.reportUnreachable(m.to);
        continue;
      }
      if (m.type === "MsgSnap") {
        // etcd sends a merged snapshot: its current applied state (etcdserver createMergedSnapshotMessage).
        const meta = { index: this.appliedIndex, term: this.node.termAt(this.appliedIndex) ?? m.snapshot!.term };
        m.snapshot = meta;
        m.snapshotData = { store: this.store.snapshot(), history: this.history.slice() };
        this.node.snapshotSent(m.to, meta);
      }
      this.send(m.to, RAFT_FLOW_KINDS[m.type], raftRef(m), { kind: "raft", msg: m } satisfies EtcdPeerMessage);
    }
  }

  private restoreSnapshot(data: { store: StoreSnapshot; history: HistoryEntry[] }, index: number): void {
    this.store.restore(data.store);
    this.history = data.history.slice();
    this.appliedIndex = index;
    // Watchers of this member missed whatever the snapshot skipped: etcd would find their revisions compacted.
    this.cancelWatches(ETCD_ERRORS.compacted);
  }

  private apply(entries: Entry<EtcdEntryData>[]): void {
    for (const e of entries) {
      if (e.index <= this.appliedIndex) continue;
      this.appliedIndex = e.index;
      const d = e.data;
      let result: TxnResult | undefined;
      let changes: WatchChange[] = [];
      if (d) {
        const out = this.store.txn(d.ops);
        result = out.result;
        changes = out.changes;
        if (out.changes.length) {
          this.history.push({ revision: this.store.revision, changes: out.changes, ref: d.ref });
          if (this.history.length > WATCH_HISTORY + 500) this.history = this.history.slice(-WATCH_HISTORY);
          this.notify(out.changes, d.ref);
        }
      }
      for (const l of this.applyListeners) l(e.index, e.term, d, this, changes);
      if (d && d.proposer === this.id && d.epoch === this.epoch) {
        const p = this.proposals.get(d.seq);
        if (p) {
          this.proposals.delete(d.seq);
          this.send(p.client, "response", p.ref, { kind: "txn-result", reqId: p.reqId, result } satisfies EtcdReply);
        }
      }
    }
    if (this.appliedIndex - this.node.snapIndex > this.snapshotCount) this.node.compact(this.appliedIndex - this.catchUpEntries);
  }

  // ---- what the page shows ------------------------------------------------------------------------

  /** The member's Raft status (see ./status.ts). */
  status(): RaftStatus {
    const n = this.node;
    const running = this.running;
    const leaderName = n.lead === NONE ? null : (this.sim.actors.get(n.lead)?.machine.name ?? n.lead);
    let reachable = 1;
    if (running && n.state === "leader") {
      for (const [id, pr] of n.prs) if (id !== this.id && pr.recentActive) reachable++;
    }
    return {
      member: this.memberName,
      role: running ? n.state : "follower",
      term: n.term,
      leader: running ? leaderName : null,
      commitIndex: n.committed,
      appliedIndex: this.appliedIndex,
      lastLogIndex: n.lastIndex(),
      electionDeadline: running ? n.electionDeadline() : null,
      electionTimeoutMs: n.randomizedElectionTimeout > 0 ? n.randomizedElectionTimeout : ELECTION_TIMEOUT_MS,
      clusterSize: this.peers.length,
      reachable: running && n.state === "leader" ? reachable : null,
      quorum: n.quorum,
      running,
    };
  }
}

/** What a Raft flow is about, in words: `term 3 · entries 15–17`, `term 3 · commit 14`, `term 4`. */
function raftRef(m: RaftMessage<unknown>): string {
  const t = `term ${m.term}`;
  switch (m.type) {
    case "MsgApp": {
      const e = m.entries ?? [];
      return e.length ? `${t} · entries ${e[0].index}${e.length > 1 ? `–${e[e.length - 1].index}` : ""}` : `${t} · commit ${m.commit}`;
    }
    case "MsgAppResp":
      return m.reject ? `${t} · reject ${m.index}` : `${t} · match ${m.index}`;
    case "MsgHeartbeat":
      return `${t} · commit ${m.commit}`;
    case "MsgProp":
      return "proposal";
    case "MsgReadIndex":
    case "MsgReadIndexResp":
      return `read ${m.context}`;
    case "MsgSnap":
      return `${t} · snapshot ${m.snapshot?.index}`;
    default:
      return m.reject ? `${t} · rejected` : t;
  }
}
