import type { KObject } from "../api/types";

/** One key as etcd's mvccpb.KeyValue has it. */
export interface KeyValue {
  key: string;
  value: KObject;
  createRevision: number;
  modRevision: number;
  version: number;
}

/** One operation of a transaction. `put` with `ifModRevision` 0 means "only if the key does not exist". */
export type TxnOp =
  | { op: "put"; key: string; value: KObject; ifModRevision?: number }
  | { op: "delete"; key: string; ifModRevision?: number };

export interface TxnResult {
  succeeded: boolean;
  /** The store revision after the transaction. */
  revision: number;
  /** The current kv of the first compared key when the compare failed (kube-apiserver retries with it). */
  current?: KeyValue;
  kvs: KeyValue[];
}

export interface WatchChange {
  type: "PUT" | "DELETE";
  kv: KeyValue;
  prevKv?: KeyValue;
}

/**
 * etcd's MVCC key space, latest revision only: a single revision counter that every committed write
 * bumps, and per key its create/mod revision and version. kube-apiserver's writes are transactions
 * that compare the mod revision (optimistic concurrency), so that is the one compare supported.
 */
export class MvccStore {
  /** etcd starts at revision 1. */
  revision = 1;
  private readonly kv = new Map<string, KeyValue>();
  /** Observers of every committed change (the page and the CLI read the cluster's truth here). */
  readonly listeners: ((changes: WatchChange[], revision: number) => void)[] = [];

  get(key: string): KeyValue | undefined {
    return this.kv.get(key);
  }

  /** All keys with the prefix, in key order (etcd's range order). */
  range(prefix: string): KeyValue[] {
    const out: KeyValue[] = [];
    for (const [k, v] of this.kv) if (k.startsWith(prefix)) out.push(v);
    out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    return out;
  }

  get size(): number {
    return this.kv.size;
  }

  /**
   * Applies a transaction atomically: every compare must hold or nothing changes. The value's
   * `metadata.resourceVersion` is set to the new revision (the apiserver's versioner would set it on
   * every read; stamping it once at write time gives the same objects without copying on each read).
   */
  txn(ops: TxnOp[]): { result: TxnResult; changes: WatchChange[] } {
    for (const o of ops) {
      if (o.ifModRevision === undefined) continue;
      const cur = this.kv.get(o.key);
      if ((cur?.modRevision ?? 0) !== o.ifModRevision) {
        return { result: { succeeded: false, revision: this.revision, current: cur, kvs: [] }, changes: [] };
      }
    }
    const changes: WatchChange[] = [];
    const kvs: KeyValue[] = [];
    if (ops.length === 0) return { result: { succeeded: true, revision: this.revision, kvs }, changes };
    const rev = ++this.revision;
    for (const o of ops) {
      const prev = this.kv.get(o.key);
      if (o.op === "put") {
        const value = { ...o.value, metadata: { ...o.value.metadata, resourceVersion: String(rev) } } as KObject;
        const kv: KeyValue = {
          key: o.key,
          value,
          createRevision: prev ? prev.createRevision : rev,
          modRevision: rev,
          version: prev ? prev.version + 1 : 1,
        };
        this.kv.set(o.key, kv);
        kvs.push(kv);
        changes.push({ type: "PUT", kv, prevKv: prev });
      } else if (prev) {
        this.kv.delete(o.key);
        // A delete event carries the key at the delete revision; kube-apiserver reads the object from prevKv.
        const tomb: KeyValue = { ...prev, modRevision: rev, value: { ...prev.value, metadata: { ...prev.value.metadata, resourceVersion: String(rev) } } as KObject };
        kvs.push(tomb);
        changes.push({ type: "DELETE", kv: tomb, prevKv: prev });
      }
    }
    for (const l of this.listeners) l(changes, rev);
    return { result: { succeeded: true, revision: rev, kvs }, changes };
  }

  /** Every value, in key order. */
  values(): KeyValue[] {
    return this.range("");
  }

  /**
   * Applies changes another store already committed (the same KeyValue objects, shared: they are never
   * mutated), moving to its revision. The cluster's committed view follows the members this way.
   */
  applyCommitted(changes: WatchChange[], revision: number): void {
    for (const ch of changes) {
      if (ch.type === "PUT") this.kv.set(ch.kv.key, ch.kv);
      else this.kv.delete(ch.kv.key);
    }
    this.revision = revision;
    if (changes.length) for (const l of this.listeners) l(changes, revision);
  }

  /** A copy of the key space at this revision (what an etcd snapshot carries to a lagging member). */
  snapshot(): StoreSnapshot {
    return { revision: this.revision, kvs: [...this.kv.values()] };
  }

  /** Replaces the key space with a snapshot's (listeners are not told: nothing was committed here). */
  restore(s: StoreSnapshot): void {
    this.kv.clear();
    for (const kv of s.kvs) this.kv.set(kv.key, kv);
    this.revision = s.revision;
  }
}

export interface StoreSnapshot {
  revision: number;
  kvs: KeyValue[];
}
