import { describe, expect, it } from "vitest";
import { Actor, Machine, Simulation, type Message } from "../sim";
import type { KObject } from "../api/types";
import { ETCD_ERRORS, EtcdMember, REQUEST_TIMEOUT_MS, type EtcdReply, type EtcdRequest } from "./member";

/** Stands in for a kube-apiserver: sends etcd requests to one member and keeps the replies. */
class Client extends Actor {
  readonly replies = new Map<number, { t: number; reply: EtcdReply }>();
  private next = 1;
  constructor(sim: Simulation, machine: Machine, readonly member: string) {
    super(sim, machine, "client");
  }
  receive(msg: Message): void {
    const r = msg.body as EtcdReply;
    if (r.kind === "txn-result" || r.kind === "range-result") this.replies.set(r.reqId, { t: this.now, reply: r });
  }
  put(key: string, name: string): number {
    const reqId = this.next++;
    const value = { apiVersion: "v1", kind: "ConfigMap", metadata: { name, namespace: "default" } } as unknown as KObject;
    this.send(this.member, "etcd txn", key, { kind: "txn", reqId, ops: [{ op: "put", key, value }] } satisfies EtcdRequest);
    return reqId;
  }
  get(key: string): number {
    const reqId = this.next++;
    this.send(this.member, "etcd range", key, { kind: "range", reqId, prefix: key, key } satisfies EtcdRequest);
    return reqId;
  }
}

function cluster(seed: number, opts: { snapshotCount?: number; catchUpEntries?: number } = {}) {
  const sim = new Simulation({ seed });
  const names = ["control-plane-1", "control-plane-2", "control-plane-3"];
  const peers = names.map((n) => `etcd@${n}`);
  const machines = names.map((n) => sim.addMachine(new Machine(n, "control-plane")));
  const members = machines.map((m) => sim.addActor(new EtcdMember(sim, m, peers, opts)));
  const clients = machines.map((m, i) => sim.addActor(new Client(sim, m, members[i].id)));
  const kinds = new Map<string, number>();
  sim.observer = { flowStarted: (f) => void kinds.set(f.kind, (kinds.get(f.kind) ?? 0) + 1), flowEnded: () => {} };
  for (const a of [...members, ...clients]) a.start();
  return { sim, members, clients, kinds, run: (ms: number) => sim.runUntil(sim.now + ms) };
}

describe("etcd member", () => {
  it("a follower forwards a write to the leader and answers once the entry is applied on it", () => {
    const c = cluster(1);
    c.run(500);
    const t0 = c.sim.now;
    const id = c.clients[1].put("/registry/configmaps/default/a", "a");
    c.run(100);
    const r = c.clients[1].replies.get(id)!;
    expect(r.reply).toMatchObject({ kind: "txn-result", result: { succeeded: true } });
    expect(c.kinds.get("proposal")).toBe(1);
    // Forward, append and replicate, fsync on a majority, commit, tell the follower, apply.
    expect(r.t - t0).toBeGreaterThan(5);
    expect(r.t - t0).toBeLessThan(40);
    for (const m of c.members) expect(m.store.get("/registry/configmaps/default/a")?.modRevision).toBe(r.reply.kind === "txn-result" ? r.reply.result!.revision : -1);
  });

  it("without a quorum: a linearizable read fails with etcd's timeout, a write without a leader with the deadline", () => {
    const c = cluster(2);
    c.run(500);
    c.members[1].stop();
    c.members[2].stop();
    c.run(5000);
    expect(c.members[0].status()).toMatchObject({ leader: null, running: true });
    const t0 = c.sim.now;
    const read = c.clients[0].get("/registry/configmaps/default/a");
    const write = c.clients[0].put("/registry/configmaps/default/b", "b");
    c.run(REQUEST_TIMEOUT_MS + 100);
    expect(c.clients[0].replies.get(read)).toMatchObject({ t: t0 + 1 + REQUEST_TIMEOUT_MS + 1, reply: { error: ETCD_ERRORS.timeout } });
    expect(c.clients[0].replies.get(write)).toMatchObject({ reply: { error: ETCD_ERRORS.deadlineExceeded } });
  });

  it("a leader that loses its quorum steps down within two election timeouts (CheckQuorum); its write times out", () => {
    const c = cluster(3);
    c.run(500);
    expect(c.members[0].node.state).toBe("leader");
    c.members[1].stop();
    c.members[2].stop();
    const write = c.clients[0].put("/registry/configmaps/default/c", "c");
    c.run(2100);
    expect(c.members[0].node.state).not.toBe("leader");
    c.run(REQUEST_TIMEOUT_MS);
    expect(c.clients[0].replies.get(write)?.reply).toMatchObject({ error: ETCD_ERRORS.timeout });
  });

  it("a member that missed a compacted part of the log catches up from the leader's snapshot", () => {
    const c = cluster(4, { snapshotCount: 20, catchUpEntries: 5 });
    c.run(500);
    c.members[2].stop();
    const ids: number[] = [];
    for (let i = 0; i < 60; i++) {
      ids.push(c.clients[0].put(`/registry/configmaps/default/k${i}`, `k${i}`));
      c.run(10);
    }
    c.run(200);
    for (const id of ids) expect(c.clients[0].replies.get(id)?.reply).toMatchObject({ result: { succeeded: true } });
    expect(c.members[0].node.snapIndex).toBeGreaterThan(c.members[2].appliedIndex);
    c.members[2].start();
    c.run(2000);
    expect(c.kinds.get("snapshot")).toBeGreaterThanOrEqual(1);
    expect(c.members[2].appliedIndex).toBe(c.members[0].appliedIndex);
    expect(c.members[2].store.revision).toBe(c.members[0].store.revision);
    expect(c.members[2].store.values().map((kv) => kv.key)).toEqual(c.members[0].store.values().map((kv) => kv.key));
    // And it keeps up afterwards through ordinary AppendEntries.
    c.clients[0].put("/registry/configmaps/default/after", "after");
    c.run(100);
    expect(c.members[2].store.get("/registry/configmaps/default/after")).toBeDefined();
  });
});
