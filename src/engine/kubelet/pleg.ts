import type { SimTime } from "../time";
import type { ContainerStatus, SandboxStatus } from "./cri";
import type { CriReply } from "./criclient";

/** GenericPLEG's relist period: every second. */
export const RELIST_PERIOD: SimTime = 1000;

/** What the runtime has for one pod: kubecontainer.PodStatus. */
export interface RuntimePodStatus {
  uid: string;
  name: string;
  namespace: string;
  /** Newest first. */
  sandboxes: SandboxStatus[];
  /** Newest first. */
  containers: ContainerStatus[];
  /** The pod IPs, when the newest sandbox is ready. */
  ips: string[];
}

export type PlegEventType = "ContainerStarted" | "ContainerDied" | "ContainerRemoved" | "ContainerChanged";

export interface PlegEvent {
  uid: string;
  type: PlegEventType;
  containerId: string;
}

export interface PlegHost {
  readonly now: SimTime;
  after(delay: SimTime, fn: () => void): void;
  /** Whether containerd is listening (a relist of a runtime that answers and has not changed can be skipped). */
  runtimeUp(): boolean;
  listContainers(cb: (r: CriReply) => void): void;
  onEvents(events: PlegEvent[]): void;
}

export function emptyPodStatus(uid: string, name: string, namespace: string): RuntimePodStatus {
  return { uid, name, namespace, sandboxes: [], containers: [], ips: [] };
}

/**
 * The generic pod lifecycle event generator (pkg/kubelet/pleg/generic.go) and the pod status cache it
 * keeps (pkg/kubelet/container/cache.go). Every second it lists the runtime's sandboxes and
 * containers, turns state changes into events that make the kubelet sync those pods, and stamps the
 * cache with the relist time: a pod worker waits for a cache newer than its last sync.
 *
 * Relists run on the kubelet's one-second grid, but only when they could see something: when
 * containerd reported a change since the last one, when a pod worker waits for a fresher cache, or
 * while containerd is unreachable. A relist of an idle runtime would return what the cache holds, so
 * skipping it (it still stamps the cache and counts as a successful relist) changes nothing but the
 * number of messages.
 */
export class Pleg {
  readonly cache = new Map<string, RuntimePodStatus>();
  /** The start time of the last relist, which the whole cache is as fresh as. */
  cacheTime: SimTime = -1;
  private origin: SimTime = 0;
  private scheduledAt: SimTime = -1;
  private dirty = true;
  /** Poll every second regardless (containerd is down: the real PLEG keeps failing). */
  forcePoll = false;
  private waiters: { newerThan: SimTime; fn: () => void }[] = [];
  private running = false;
  private inFlight = false;
  /** The start of the last relist that succeeded (-1: none yet). */
  private lastOk: SimTime = -1;

  constructor(private readonly host: PlegHost) {}

  start(): void {
    this.running = true;
    this.cache.clear();
    this.cacheTime = -1;
    this.waiters = [];
    this.dirty = true;
    this.forcePoll = false;
    this.scheduledAt = -1;
    this.inFlight = false;
    this.lastOk = -1;
    this.origin = this.host.now;
    this.relist();
  }

  stop(): void {
    this.running = false;
    this.waiters = [];
  }

  /** containerd changed something: the next relist must look. */
  runtimeChanged(): void {
    this.dirty = true;
    this.schedule();
  }

  /** Calls `fn` once the cache is newer than `t` (podCache.GetNewerThan). */
  waitNewerThan(t: SimTime, fn: () => void): void {
    if (this.cacheTime > t) return fn();
    this.waiters.push({ newerThan: t, fn });
    this.schedule();
  }

  /**
   * When the PLEG last relisted successfully (GenericPLEG.getRelistTime). While it idles, the relists
   * it skips would have succeeded on every tick, so the last tick counts.
   */
  lastRelistTime(): SimTime {
    if (this.lastOk < 0) return -1;
    const idle = this.running && !this.dirty && !this.forcePoll && !this.inFlight && this.scheduledAt < 0 && !this.waiters.length && this.host.runtimeUp();
    if (!idle) return this.lastOk;
    const now = this.host.now;
    return Math.max(this.lastOk, this.origin + Math.floor((now - this.origin) / RELIST_PERIOD) * RELIST_PERIOD);
  }

  get(uid: string): RuntimePodStatus | undefined {
    return this.cache.get(uid);
  }

  private schedule(): void {
    if (!this.running || this.scheduledAt >= 0 || this.inFlight) return;
    const now = this.host.now;
    const k = Math.floor((now - this.origin) / RELIST_PERIOD) + 1;
    const at = this.origin + k * RELIST_PERIOD;
    this.scheduledAt = at;
    this.host.after(at - now, () => {
      this.scheduledAt = -1;
      this.relist();
    });
  }

  private relist(): void {
    if (!this.running) return;
    const start = this.host.now;
    if (!this.dirty && !this.forcePoll && this.host.runtimeUp()) {
      this.finish(start, true);
      return;
    }
    this.dirty = false;
    this.inFlight = true;
    this.host.listContainers((r) => {
      this.inFlight = false;
      if (!this.running) return;
      if (!r.ok || r.result.op !== "ListContainers") {
        // A failed relist leaves the cache as it was; the next one is tried a second later.
        this.dirty = true;
        this.schedule();
        return;
      }
      const events = this.update(r.result.sandboxes, r.result.containers);
      this.finish(start, true);
      if (events.length) this.host.onEvents(events);
    });
  }

  private finish(start: SimTime, ok: boolean): void {
    this.cacheTime = start;
    if (ok) this.lastOk = start;
    const ready = this.waiters.filter((w) => this.cacheTime > w.newerThan);
    this.waiters = this.waiters.filter((w) => this.cacheTime <= w.newerThan);
    for (const w of ready) w.fn();
    if (this.waiters.length || this.dirty || this.forcePoll) this.schedule();
  }

  /** Replaces the cache with a relist's result and returns the container events it implies. */
  private update(sandboxes: SandboxStatus[], containers: ContainerStatus[]): PlegEvent[] {
    const next = new Map<string, RuntimePodStatus>();
    const pod = (uid: string, name: string, ns: string) => {
      let p = next.get(uid);
      if (!p) next.set(uid, (p = emptyPodStatus(uid, name, ns)));
      return p;
    };
    for (const s of sandboxes) pod(s.podUid, s.podName, s.podNamespace).sandboxes.push(s);
    for (const c of containers) pod(c.podUid, c.podName, c.podNamespace).containers.push(c);
    for (const p of next.values()) {
      p.sandboxes.sort((a, b) => b.createdAt - a.createdAt || b.attempt - a.attempt);
      p.containers.sort((a, b) => b.createdAt - a.createdAt || b.attempt - a.attempt);
      const s = p.sandboxes[0];
      p.ips = s && s.state === "SANDBOX_READY" && s.ip ? [s.ip] : [];
    }
    const events: PlegEvent[] = [];
    const uids = new Set([...this.cache.keys(), ...next.keys()]);
    for (const uid of uids) {
      const before = new Map<string, string>();
      const after = new Map<string, string>();
      const o = this.cache.get(uid);
      const n = next.get(uid);
      for (const s of o?.sandboxes ?? []) before.set(s.id, s.state === "SANDBOX_READY" ? "running" : "exited");
      for (const c of o?.containers ?? []) before.set(c.id, plegState(c));
      for (const s of n?.sandboxes ?? []) after.set(s.id, s.state === "SANDBOX_READY" ? "running" : "exited");
      for (const c of n?.containers ?? []) after.set(c.id, plegState(c));
      for (const id of new Set([...before.keys(), ...after.keys()])) {
        const ev = computeEvent(before.get(id) ?? "non-existent", after.get(id) ?? "non-existent");
        for (const type of ev) events.push({ uid, type, containerId: id });
      }
    }
    this.cache.clear();
    for (const [uid, p] of next) this.cache.set(uid, p);
    return events;
  }
}

function plegState(c: ContainerStatus): string {
  switch (c.state) {
    case "CONTAINER_RUNNING":
      return "running";
    case "CONTAINER_EXITED":
      return "exited";
    case "CONTAINER_CREATED":
      return "created";
    default:
      return "unknown";
  }
}

/** generic.go generateEvents: the events a container's move from one state to another produces. */
function computeEvent(from: string, to: string): PlegEventType[] {
  if (from === to) return [];
  switch (to) {
    case "running":
      return ["ContainerStarted"];
    case "exited":
      return ["ContainerDied"];
    case "unknown":
      return ["ContainerChanged"];
    case "non-existent":
      return from === "exited" ? ["ContainerRemoved"] : ["ContainerDied", "ContainerRemoved"];
    default:
      return []; // created: no event
  }
}
