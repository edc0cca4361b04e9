import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { Rng } from "../prng";
import { NONE, RaftNode, type RaftMessage } from "./raft";

/**
 * A tiny network of pure Raft nodes, without the simulation: messages are delivered in order after
 * `latency` ms unless an end is down or cut off; persistence is immediate. Enough to test the rules.
 */
class Net {
  now = 0;
  readonly nodes = new Map<string, RaftNode<string>>();
  readonly down = new Set<string>();
  /** Pairs that cannot talk (both directions), as `a|b`. */
  readonly cut = new Set<string>();
  private queue: { at: number; m: RaftMessage<string> }[] = [];
  readonly applied = new Map<string, { index: number; term: number; data: string | null }[]>();
  /** Every (term → leader) seen. */
  readonly leaders = new Map<number, Set<string>>();
  readonly disks = new Map<string, ReturnType<RaftNode<string>["disk"]>>();
  readonly readStates: { id: string; index: number; context: number; at: number }[] = [];
  readonly rng: Rng;

  /** Compact a member's log once it has applied this many entries past its snapshot (0: never). */
  compactAfter = 0;

  constructor(
    readonly ids: string[],
    seed = 1,
    readonly latency = 2,
  ) {
    this.rng = new Rng(seed);
    for (const id of ids) {
      this.nodes.set(id, this.make(id));
      this.applied.set(id, []);
    }
  }

  private make(id: string, disk?: ReturnType<RaftNode<string>["disk"]>): RaftNode<string> {
    return new RaftNode<string>(
      { id, peers: this.ids, electionTimeoutMs: 1000, heartbeatMs: 100, preVote: true, checkQuorum: true, random: (n) => this.rng.int(n) },
      this.now,
      disk,
    );
  }

  node(id: string): RaftNode<string> {
    return this.nodes.get(id)!;
  }

  private blocked(a: string, b: string): boolean {
    return this.down.has(a) || this.down.has(b) || this.cut.has(`${a}|${b}`) || this.cut.has(`${b}|${a}`);
  }

  /** Processes every node's output: persist at once, send, apply. */
  pump(id: string): void {
    const n = this.node(id);
    while (n.hasReady()) {
      const rd = n.ready();
      if (rd.persist) n.stableTo(rd.persist.lastIndex, rd.persist.lastTerm);
      for (const rs of rd.readStates) this.readStates.push({ id, ...rs, at: this.now });
      const log = this.applied.get(id)!;
      for (const m of rd.messages) {
        if (this.blocked(m.from, m.to)) continue;
        // The state machine's snapshot: everything applied up to the snapshot's index.
        if (m.type === "MsgSnap") m.snapshotData = log.filter((e) => e.index <= m.snapshot!.index);
        this.queue.push({ at: this.now + this.latency, m });
      }
      if (rd.snapshot) log.splice(0, log.length, ...(rd.snapshot.data as typeof log));
      for (const e of rd.committedEntries) log.push({ index: e.index, term: e.term, data: e.data });
      if (this.compactAfter && n.applied - n.snapIndex > this.compactAfter) n.compact(n.applied - 2);
    }
    if (n.state === "leader") {
      let s = this.leaders.get(n.term);
      if (!s) this.leaders.set(n.term, (s = new Set()));
      s.add(id);
    }
  }

  run(ms: number): void {
    const end = this.now + ms;
    while (this.now < end) {
      this.now++;
      const due = this.queue.filter((q) => q.at <= this.now);
      this.queue = this.queue.filter((q) => q.at > this.now);
      for (const { m } of due) {
        if (this.blocked(m.from, m.to)) continue;
        this.node(m.to).step(m, this.now);
        this.pump(m.to);
      }
      for (const [id, n] of this.nodes) {
        if (this.down.has(id)) continue;
        if (n.nextWake() <= this.now) {
          n.tick(this.now);
          this.pump(id);
        }
      }
    }
  }

  leader(): string | undefined {
    return [...this.nodes].find(([id, n]) => !this.down.has(id) && n.state === "leader")?.[0];
  }

  stop(id: string): void {
    this.disks.set(id, this.node(id).disk());
    this.down.add(id);
  }

  start(id: string): void {
    const n = this.make(id, this.disks.get(id));
    n.appliedTo(this.applied.get(id)!.length ? this.applied.get(id)!.at(-1)!.index : 0);
    this.nodes.set(id, n);
    this.down.delete(id);
    this.pump(id);
  }

  propose(data: string): boolean {
    const l = this.leader();
    if (!l) return false;
    const ok = this.node(l).propose(data);
    this.pump(l);
    return ok;
  }
}

describe("Raft (etcd-io/raft rules)", () => {
  it("elects one leader within the randomized election timeout, in a term above the first", () => {
    const net = new Net(["a", "b", "c"], 3);
    net.run(2100);
    const l = net.leader();
    expect(l).toBeDefined();
    for (const [, set] of net.leaders) expect(set.size).toBe(1);
    // Every member follows it.
    for (const [id, n] of net.nodes) if (id !== l) expect(n.lead).toBe(l);
  });

  it("draws the randomized election timeout from [1000, 1999] ms", () => {
    const seen: number[] = [];
    for (let seed = 1; seed < 60; seed++) {
      const rng = new Rng(seed);
      const n = new RaftNode<string>({ id: "a", peers: ["a", "b", "c"], electionTimeoutMs: 1000, heartbeatMs: 100, preVote: true, checkQuorum: true, random: (k) => rng.int(k) }, 0);
      seen.push(n.nextWake());
    }
    expect(Math.min(...seen)).toBeGreaterThanOrEqual(1000);
    expect(Math.max(...seen)).toBeLessThanOrEqual(1999);
    expect(new Set(seen).size).toBeGreaterThan(30);
  });

  it("commits an entry only on a majority, and a new leader commits older-term entries only through its own", () => {
    const net = new Net(["a", "b", "c"], 5);
    net.run(2500);
    const l = net.leader()!;
    const others = ["a", "b", "c"].filter((x) => x !== l);
    // Cut the leader off from both followers: its proposal cannot commit.
    net.cut.add(`${l}|${others[0]}`);
    net.cut.add(`${l}|${others[1]}`);
    const before = net.node(l).committed;
    net.propose("lonely");
    net.run(500);
    expect(net.node(l).committed).toBe(before);
    expect(net.node(l).lastIndex()).toBe(before + 1);
    // CheckQuorum: within two election timeouts it steps down.
    net.run(2000);
    expect(net.node(l).state).not.toBe("leader");
    // The others elect a leader of a higher term and commit its empty entry.
    const l2 = net.leader()!;
    expect(others).toContain(l2);
    expect(net.node(l2).term).toBeGreaterThan(net.node(l).term - 1);
    expect(net.node(l2).termAt(net.node(l2).committed)).toBe(net.node(l2).term);
  });

  it("repairs a follower's conflicting log: uncommitted entries of an old leader are truncated", () => {
    const net = new Net(["a", "b", "c"], 7);
    net.run(2500);
    const old = net.leader()!;
    const others = ["a", "b", "c"].filter((x) => x !== old);
    net.cut.add(`${old}|${others[0]}`);
    net.cut.add(`${old}|${others[1]}`);
    net.propose("x1");
    net.propose("x2");
    net.run(100);
    const stale = net.node(old).entries(1, net.node(old).lastIndex()).map((e) => e.data);
    expect(stale).toContain("x1");
    net.run(3000);
    const l2 = net.leader()!;
    expect(l2).not.toBe(old);
    expect(net.propose("y1")).toBe(true);
    net.run(200);
    // Heal: the old leader learns the new term, and its log is repaired to the new leader's.
    net.cut.clear();
    net.run(3000);
    const a = net.node(old);
    const b = net.node(l2);
    expect(a.lastIndex()).toBe(b.lastIndex());
    expect(a.entries(1, a.lastIndex()).map((e) => [e.term, e.data])).toEqual(b.entries(1, b.lastIndex()).map((e) => [e.term, e.data]));
    expect(a.entries(1, a.lastIndex()).map((e) => e.data)).not.toContain("x1");
    expect(net.applied.get(old)!.map((e) => e.data)).toContain("y1");
  });

  it("pre-vote: a member rejoining from a partition does not disrupt the leader or raise the term", () => {
    const net = new Net(["a", "b", "c"], 11);
    net.run(2500);
    const l = net.leader()!;
    const lone = ["a", "b", "c"].find((x) => x !== l)!;
    const term = net.node(l).term;
    // Isolate one follower for a long time: without pre-vote it would campaign over and over, raising its term.
    for (const x of ["a", "b", "c"]) if (x !== lone) net.cut.add(`${lone}|${x}`);
    net.run(10_000);
    expect(net.node(lone).term).toBe(term);
    expect(net.node(lone).state).toBe("pre-candidate");
    net.cut.clear();
    net.run(3000);
    expect(net.leader()).toBe(l);
    expect(net.node(l).term).toBe(term);
    expect(net.node(lone).lead).toBe(l);
  });

  it("a restarted member keeps its term and log and catches up from the leader", () => {
    const net = new Net(["a", "b", "c"], 13);
    net.run(2500);
    const l = net.leader()!;
    const f = ["a", "b", "c"].find((x) => x !== l)!;
    net.stop(f);
    for (let i = 0; i < 20; i++) net.propose(`w${i}`);
    net.run(500);
    expect(net.node(l).committed).toBeGreaterThan(net.node(f).committed);
    net.start(f);
    expect(net.node(f).term).toBe(net.node(l).term);
    net.run(1000);
    expect(net.node(f).lastIndex()).toBe(net.node(l).lastIndex());
    expect(net.applied.get(f)!.map((e) => e.data).filter(Boolean)).toEqual(net.applied.get(l)!.map((e) => e.data).filter(Boolean));
  });

  it("a member behind the leader's compacted log catches up from a snapshot (MsgSnap)", () => {
    const net = new Net(["a", "b", "c"], 19);
    net.compactAfter = 10;
    net.run(2500);
    const l = net.leader()!;
    const f = ["a", "b", "c"].find((x) => x !== l)!;
    net.stop(f);
    for (let i = 0; i < 40; i++) {
      net.propose(`s${i}`);
      net.run(10);
    }
    expect(net.node(l).snapIndex).toBeGreaterThan(net.node(f).lastIndex());
    net.start(f);
    net.run(2000);
    expect(net.node(f).lastIndex()).toBe(net.node(l).lastIndex());
    expect(net.node(f).committed).toBe(net.node(l).committed);
    expect(net.applied.get(f)!.map((e) => e.data)).toEqual(net.applied.get(l)!.map((e) => e.data));
    expect(net.node(l).prs.get(f)!.state).toBe("replicate");
  });

  it("ReadIndex: the leader answers after a heartbeat round confirms it; a cut-off leader never does", () => {
    const net = new Net(["a", "b", "c"], 17);
    net.run(2500);
    const l = net.leader()!;
    const n = net.node(l);
    const t0 = net.now;
    n.readIndex(42);
    net.pump(l);
    net.run(20);
    const rs = net.readStates.find((r) => r.context === 42);
    expect(rs).toBeDefined();
    expect(rs!.index).toBe(n.committed);
    // One round trip: the heartbeat out, its response back.
    expect(rs!.at - t0).toBe(2 * net.latency);
    // A follower's read goes through the leader.
    const f = ["a", "b", "c"].find((x) => x !== l)!;
    net.node(f).readIndex(7);
    net.pump(f);
    net.run(20);
    expect(net.readStates.find((r) => r.context === 7)?.id).toBe(f);
    // A leader cut off from everyone cannot confirm a read.
    for (const x of ["a", "b", "c"]) if (x !== l) net.cut.add(`${l}|${x}`);
    n.readIndex(44);
    net.pump(l);
    net.run(3000);
    expect(net.readStates.find((r) => r.context === 44)).toBeUndefined();
  });
});

describe("Raft properties over random stop/start/partition schedules", () => {
  it("one leader per term; committed entries are never lost or changed; every member applies the same sequence", () => {
    const ids = ["a", "b", "c"];
    const action = fc.oneof(
      fc.record({ kind: fc.constant("stop" as const), who: fc.constantFrom(...ids) }),
      fc.record({ kind: fc.constant("start" as const), who: fc.constantFrom(...ids) }),
      fc.record({ kind: fc.constant("cut" as const), a: fc.constantFrom(...ids), b: fc.constantFrom(...ids) }),
      fc.record({ kind: fc.constant("heal" as const) }),
      fc.record({ kind: fc.constant("propose" as const), n: fc.integer({ min: 1, max: 5 }) }),
      fc.record({ kind: fc.constant("wait" as const), ms: fc.integer({ min: 10, max: 3000 }) }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e6 }), fc.array(action, { minLength: 1, maxLength: 25 }), (seed, actions) => {
        const net = new Net(ids, seed);
        let seq = 0;
        /** index → (term, data) of everything any member ever committed (applied). */
        const committed = new Map<number, string>();
        const check = () => {
          for (const [term, set] of net.leaders) if (set.size > 1) throw new Error(`two leaders in term ${term}: ${[...set]}`);
          for (const id of ids) {
            for (const e of net.applied.get(id)!) {
              const key = `${e.term}:${e.data}`;
              const was = committed.get(e.index);
              if (was !== undefined && was !== key) throw new Error(`index ${e.index} applied as ${was} and ${key}`);
              committed.set(e.index, key);
            }
          }
        };
        net.run(2500);
        for (const a of actions) {
          switch (a.kind) {
            case "stop":
              if (!net.down.has(a.who)) net.stop(a.who);
              break;
            case "start":
              if (net.down.has(a.who)) net.start(a.who);
              break;
            case "cut":
              if (a.a !== a.b) net.cut.add(`${a.a}|${a.b}`);
              break;
            case "heal":
              net.cut.clear();
              break;
            case "propose":
              for (let i = 0; i < a.n; i++) net.propose(`p${++seq}`);
              break;
            case "wait":
              net.run(a.ms);
              break;
          }
          net.run(5);
          check();
        }
        // Heal everything: all members converge on the same committed log, which keeps every entry ever applied.
        net.cut.clear();
        for (const id of ids) if (net.down.has(id)) net.start(id);
        net.run(6000);
        net.propose("final");
        net.run(3000);
        check();
        const l = net.leader();
        expect(l).toBeDefined();
        const last = net.node(l!).committed;
        for (const id of ids) expect(net.node(id).applied).toBe(last);
        for (const [index, key] of committed) {
          const n = net.node(l!);
          if (index <= n.snapIndex) continue;
          const e = n.entryAt(index)!;
          expect(`${e.term}:${e.data}`).toBe(key);
        }
      }),
      { numRuns: 60, seed: 20261204 },
    );
  }, 60_000);
});
