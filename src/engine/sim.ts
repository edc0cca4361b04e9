import { EventHeap } from "./heap";
import { Rng } from "./prng";
import type { SimTime } from "./time";

/** `kube-scheduler@control-plane-2`, or a bare name for actors outside the cluster (`kubectl`). */
export type ActorId = string;

/**
 * What a message is, as the canvas colours it. API verbs travel client → apiserver; `etcd *` between
 * apiserver and etcd; `watch event` from apiserver to informers; `response` carries any reply.
 */
export type FlowKind =
  | "create"
  | "update"
  | "patch"
  | "delete"
  | "get"
  | "list"
  | "watch"
  | "watch event"
  | "bind"
  | "lease renew"
  | "status update"
  | "event"
  | "response"
  | "etcd txn"
  | "etcd range"
  | "etcd watch"
  | "image pull"
  | "cri"
  | "AppendEntries"
  | "AppendEntries response"
  | "heartbeat"
  | "heartbeat response"
  | "RequestVote"
  | "RequestVote response"
  | "PreVote"
  | "PreVote response"
  | "proposal"
  | "ReadIndex"
  | "ReadIndex response"
  | "snapshot"
  | "health check"
  | "ping";

/** One message on the (simulated) wire: what the canvas animates. */
export interface Flow {
  id: number;
  from: ActorId;
  to: ActorId;
  kind: FlowKind;
  /** What it is about, e.g. `pods/default/web-7d9c5b4f8-x2x4q` or `leases/kube-node-lease/worker-1`. */
  ref: string;
  sendTime: SimTime;
  recvTime: SimTime;
}

export interface Message<B = unknown> {
  flow: Flow;
  body: B;
}

/** Notified of every flow; the bridge uses it to stream flows to the page. */
export interface FlowObserver {
  flowStarted(flow: Flow): void;
  /** `delivered` is false when the message died (receiver stopped, sender stopped, or a partition). */
  flowEnded(flow: Flow, delivered: boolean): void;
}

export interface LogEntry {
  t: SimTime;
  component: ActorId;
  text: string;
}

export type MachineRole = "control-plane" | "worker" | "external";

export class Machine {
  readonly actors: Actor[] = [];
  running = true;
  /** A partitioned machine neither sends nor receives over the network; its own actors still reach each other (loopback). */
  partitioned = false;

  constructor(
    readonly name: string,
    readonly role: MachineRole,
  ) {}

  actor(component: string): Actor | undefined {
    return this.actors.find((a) => a.component === component);
  }
}

/** A queue entry: a timer that runs `fn` unless its owner stopped since it was set. */
class Timer {
  constructor(
    readonly time: SimTime,
    readonly seq: number,
    readonly owner: Actor | null,
    readonly epoch: number,
    readonly fn: () => void,
  ) {}
}

/**
 * A queue entry for a message in flight, kept as data rather than as a closure: the queue holds one
 * for every flow on the wire. `epoch` is the sender's when it sent; `observer` is told how it ended.
 */
class Delivery {
  constructor(
    readonly time: SimTime,
    readonly seq: number,
    readonly epoch: number,
    readonly msg: Message,
    readonly sender: Actor,
    readonly receiver: Actor,
    readonly observer: FlowObserver | null,
  ) {}
}

type Scheduled = Timer | Delivery;

export interface SimulationOptions {
  seed: number;
}

/**
 * The discrete-event kernel: an integer ms clock, a (time, seq) heap, one PRNG and the actors.
 * Nothing here reads wall time; `runUntil` decides how far the clock moves.
 */
export class Simulation {
  now: SimTime = 0;
  readonly rng: Rng;
  readonly machines = new Map<string, Machine>();
  readonly actors = new Map<ActorId, Actor>();
  observer: FlowObserver | null = null;
  /** Listeners for the timeline: notable things components do, in their words. */
  readonly logListeners: ((entry: LogEntry) => void)[] = [];
  /** How many queue entries have been processed: the benchmark's "sim events". */
  processed = 0;
  private seq = 0;
  private flowSeq = 0;
  private readonly queue = new EventHeap<Scheduled>();

  constructor(options: SimulationOptions) {
    this.rng = new Rng(options.seed);
  }

  addMachine(machine: Machine): Machine {
    if (this.machines.has(machine.name)) throw new Error(`machine ${machine.name} already exists`);
    this.machines.set(machine.name, machine);
    return machine;
  }

  addActor<A extends Actor>(actor: A): A {
    if (this.actors.has(actor.id)) throw new Error(`actor ${actor.id} already exists`);
    this.actors.set(actor.id, actor);
    actor.machine.actors.push(actor);
    return actor;
  }

  /** Runs `fn` at `time`. If `owner` stops before then, the timer dies with it. */
  schedule(time: SimTime, owner: Actor | null, fn: () => void): void {
    if (time < this.now) time = this.now;
    this.queue.push(new Timer(time, this.seq++, owner, owner ? owner.epoch : 0, fn));
  }

  /** The time of the next thing that will happen, or undefined when nothing is queued. */
  nextTime(): SimTime | undefined {
    return this.queue.peek()?.time;
  }

  /** Processes every entry due at or before `until`, then sets the clock to `until`. */
  runUntil(until: SimTime): void {
    for (;;) {
      const top = this.queue.peek();
      if (!top || top.time > until) break;
      this.runOne();
    }
    if (until > this.now) this.now = until;
  }

  /** Processes the single next entry. Returns false when the queue is empty. */
  step(): boolean {
    if (!this.queue.size) return false;
    this.runOne();
    return true;
  }

  private runOne(): void {
    const e = this.queue.pop()!;
    this.now = e.time;
    if (e instanceof Delivery) {
      this.processed++;
      this.deliver(e);
      return;
    }
    if (e.owner && (e.owner.epoch !== e.epoch || !e.owner.running)) return;
    this.processed++;
    e.fn();
  }

  /** A message arrives, unless its sender restarted since sending or either end is down or partitioned. */
  private deliver(e: Delivery): void {
    const msg = e.msg;
    const from = e.sender;
    const target = e.receiver;
    const delivered = from.epoch === e.epoch && target.running && (from.machine === target.machine || (!target.machine.partitioned && !from.machine.partitioned));
    if (e.observer) e.observer.flowEnded(msg.flow, delivered);
    if (delivered) target.receive(msg);
  }

  /** Whether a packet from `from` would reach actor `to`'s machine now: it runs, and neither end is cut off. */
  reachable(from: Actor, to: ActorId): boolean {
    const target = this.actors.get(to);
    if (!target || !target.machine.running) return false;
    return from.machine === target.machine || (!from.machine.partitioned && !target.machine.partitioned);
  }

  /** One-way network latency between two machines, in ms (1 on the same machine, 1–2 across). */
  latency(from: Machine, to: Machine): SimTime {
    return from === to ? 1 : 1 + this.rng.int(2);
  }

  /**
   * Sends `body` from one actor to another. It arrives after the network latency unless the sender
   * stops first, the receiver is not running on arrival, or either machine is partitioned.
   */
  send<B>(from: Actor, to: ActorId, kind: FlowKind, ref: string, body: B, extraDelay = 0): Flow | null {
    const target = this.actors.get(to);
    if (!target) throw new Error(`no actor ${to}`);
    if (!from.running || (from.machine.partitioned && from.machine !== target.machine)) return null;
    // Messages between two actors arrive in the order they were sent, as on one TCP connection.
    const last = from.lastArrival.get(to) ?? 0;
    const recvTime = Math.max(last, this.now + extraDelay + this.latency(from.machine, target.machine));
    from.lastArrival.set(to, recvTime);
    const flow: Flow = { id: ++this.flowSeq, from: from.id, to, kind, ref, sendTime: this.now, recvTime };
    const observer = this.observer;
    if (observer) observer.flowStarted(flow);
    this.queue.push(new Delivery(recvTime, this.seq++, from.epoch, { flow, body }, from, target, observer));
    return flow;
  }

  /** Records a timeline line for `actor` (cheap when nobody listens). */
  log(actor: Actor, text: string | (() => string)): void {
    if (!this.logListeners.length) return;
    const entry: LogEntry = { t: this.now, component: actor.id, text: typeof text === "string" ? text : text() };
    for (const l of this.logListeners) l(entry);
  }

  stopMachine(name: string): void {
    const m = this.machines.get(name);
    if (!m || !m.running) return;
    m.running = false;
    for (const a of m.actors) a.stop();
  }

  startMachine(name: string): void {
    const m = this.machines.get(name);
    if (!m || m.running) return;
    m.running = true;
    for (const a of m.actors) a.start();
  }
}

/**
 * Something that runs on a machine and talks only by messages. Stopping it bumps its epoch, which
 * kills its pending timers; `onStart` must rebuild whatever a fresh process would.
 */
export abstract class Actor {
  readonly id: ActorId;
  running = false;
  epoch = 0;
  /** When the last message this actor sent to each receiver arrives (keeps per-pair FIFO order). */
  readonly lastArrival = new Map<ActorId, SimTime>();

  constructor(
    readonly sim: Simulation,
    readonly machine: Machine,
    readonly component: string,
    id?: ActorId,
  ) {
    this.id = id ?? `${component}@${machine.name}`;
  }

  abstract receive(msg: Message): void;

  /** Called when the process starts (at boot and after every restart). */
  protected onStart(): void {}
  /** Called when the process stops; its timers are already dead. */
  protected onStop(): void {}

  start(): void {
    if (this.running || !this.machine.running) return;
    this.running = true;
    this.onStart();
  }

  stop(): void {
    if (!this.running) return;
    this.running = false;
    this.epoch++;
    this.onStop();
  }

  get now(): SimTime {
    return this.sim.now;
  }

  /** Runs `fn` after `delay` ms unless this actor stops first. */
  after(delay: SimTime, fn: () => void): void {
    this.sim.schedule(this.sim.now + delay, this, fn);
  }

  send<B>(to: ActorId, kind: FlowKind, ref: string, body: B, extraDelay = 0): Flow | null {
    return this.sim.send(this, to, kind, ref, body, extraDelay);
  }

  /** A timeline line in this component's words (`bound default/web-x to worker-2`). */
  log(text: string | (() => string)): void {
    this.sim.log(this, text);
  }
}
