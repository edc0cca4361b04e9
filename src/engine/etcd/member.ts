import { Actor, type ActorId, type Machine, type Message, type Simulation } from "../sim";
import { MvccStore, type KeyValue, type TxnOp, type TxnResult, type WatchChange } from "./store";

/** Messages an etcd member understands (from its local kube-apiserver). */
export type EtcdRequest =
  | { kind: "txn"; reqId: number; ops: TxnOp[] }
  | { kind: "range"; reqId: number; prefix: string; key?: string }
  | { kind: "watch"; reqId: number; prefix: string; fromRevision: number };

export type EtcdReply =
  | { kind: "txn-result"; reqId: number; result?: TxnResult; error?: string }
  | { kind: "range-result"; reqId: number; kvs?: KeyValue[]; revision: number; error?: string }
  | { kind: "watch-events"; reqId: number; revision: number; changes: WatchChange[] };

/**
 * The time an etcd member takes to commit a write: the WAL fsync dominates (etcd's docs put a good
 * disk's fdatasync at under 10ms; 2–4 ms for a local SSD) [U: no upstream default exists].
 */
const COMMIT_MS = [2, 4] as const;

/**
 * An etcd member. With one member it commits on its own; the Raft cluster (issue: HA control plane)
 * replaces `commit` with propose → replicate → commit on a majority, leaving this interface alone:
 * the local kube-apiserver sends txn/range/watch and gets results and watch events back.
 */
export class EtcdMember extends Actor {
  readonly store = new MvccStore();
  private readonly watchers: { client: ActorId; reqId: number; prefix: string }[] = [];

  constructor(sim: Simulation, machine: Machine) {
    super(sim, machine, "etcd");
  }

  protected onStart(): void {
    // etcd's data survives a restart (it is on disk); watches do not.
  }

  protected onStop(): void {
    this.watchers.length = 0;
  }

  receive(msg: Message): void {
    const req = msg.body as EtcdRequest;
    const from = msg.flow.from;
    switch (req.kind) {
      case "txn": {
        this.after(this.sim.rng.between(COMMIT_MS[0], COMMIT_MS[1]), () => this.commit(from, req.reqId, req.ops, msg.flow.ref));
        break;
      }
      case "range": {
        const kvs = req.key !== undefined ? [this.store.get(req.key)].filter((x): x is KeyValue => !!x) : this.store.range(req.prefix);
        const reply: EtcdReply = { kind: "range-result", reqId: req.reqId, kvs, revision: this.store.revision };
        this.send(from, "response", msg.flow.ref, reply);
        break;
      }
      case "watch": {
        this.watchers.push({ client: from, reqId: req.reqId, prefix: req.prefix });
        break;
      }
    }
  }

  private commit(from: ActorId, reqId: number, ops: TxnOp[], ref: string): void {
    const { result, changes } = this.store.txn(ops);
    const reply: EtcdReply = { kind: "txn-result", reqId, result };
    this.send(from, "response", ref, reply);
    if (changes.length) this.notify(changes, ref);
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
}
