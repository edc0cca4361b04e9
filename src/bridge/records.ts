/**
 * Turns a live Cluster into the records the page draws (src/bridge/protocol.ts): machines, components
 * (with a per-kind `detail`), API objects (everything in etcd but Events) and the Events stream.
 *
 * Changes are tracked cheaply: API objects through the cluster's committed etcd view (its listener)
 * (only the keys written since the last collect are looked at), machines and components by comparing
 * their running flags and detail with what was last reported. A detail object keeps its identity while
 * its content is unchanged, so the page's memoized components skip re-rendering.
 */
import type { Cluster } from "../engine/cluster";
import type { KEvent, KObject } from "../engine/api/types";
import { RESOURCES } from "../engine/api/resources";
import type { Actor } from "../engine/sim";
import type { SchedulingDecision } from "../engine/scheduler/schedule";
import type { SimTime } from "../engine/time";
import {
  EVENT_BACKLOG,
  type ComponentDetail,
  type ComponentRecord,
  type EventRecord,
  type MachineRecord,
  type ObjectRecord,
  type RecordDiff,
  type SchedulerDecisionView,
  type SimRecord,
} from "./protocol";

// ---- object ids ---------------------------------------------------------------------------------

const PREFIXES = RESOURCES.filter((r) => r.resource !== "events")
  .map((r) => ({ prefix: r.etcdPrefix, resource: r.resource }))
  // Longest first, so a prefix that extends another wins.
  .sort((a, b) => b.prefix.length - a.prefix.length);
const EVENTS_PREFIX = RESOURCES.find((r) => r.resource === "events")!.etcdPrefix;

/**
 * The record id and resource of an etcd key: `/registry/pods/default/web-x` → `pods/default/web-x`,
 * `/registry/minions/worker-1` → `nodes/worker-1`. Undefined for Events and unknown keys.
 */
export function objectIdOfKey(key: string): { id: string; resource: string } | undefined {
  if (key.startsWith(EVENTS_PREFIX)) return undefined;
  for (const p of PREFIXES) if (key.startsWith(p.prefix)) return { id: `${p.resource}/${key.slice(p.prefix.length)}`, resource: p.resource };
  return undefined;
}

/** The record id of an object of `resource`: `pods/default/web-x` or `nodes/worker-1`. */
export function objectRecordId(resource: string, obj: KObject): string {
  const ns = obj.metadata.namespace;
  return ns ? `${resource}/${ns}/${obj.metadata.name}` : `${resource}/${obj.metadata.name}`;
}

// ---- events ---------------------------------------------------------------------------------------

/** A Kubernetes Event as `kubectl get events` shows it, written at sim time `t`. */
export function eventRecord(ev: KEvent, t: SimTime): EventRecord {
  const io = ev.involvedObject;
  const object: EventRecord["object"] = io.namespace ? { kind: io.kind, namespace: io.namespace, name: io.name } : { kind: io.kind, name: io.name };
  return {
    t,
    type: ev.type,
    reason: ev.reason,
    message: ev.message,
    object,
    source: ev.source?.component || ev.reportingComponent || "",
    // events.k8s.io events written through core/v1 carry count 0 until a series starts: kubectl shows 1.
    count: ev.count || 1,
  };
}

// ---- component details ----------------------------------------------------------------------------

const decisionViews = new WeakMap<SchedulingDecision, SchedulerDecisionView>();

/** The scheduler's decision as the inspector shows it (cached per decision, so identity is stable). */
export function schedulerDecisionView(d: SchedulingDecision): SchedulerDecisionView {
  let v = decisionViews.get(d);
  if (v) return v;
  v = {
    pod: d.pod,
    chosen: d.chosen,
    message: d.message,
    scorePlugins: d.scorePlugins.map((p) => ({ name: p.name, weight: p.weight })),
    nodes: d.nodes.map((n) => {
      const out: SchedulerDecisionView["nodes"][number] = { node: n.node, verdict: n.verdict };
      if (n.plugin !== undefined) out.plugin = n.plugin;
      if (n.reasons !== undefined) out.reasons = n.reasons;
      if (n.scores !== undefined) out.scores = n.scores;
      if (n.total !== undefined) out.total = n.total;
      return out;
    }),
  };
  decisionViews.set(d, v);
  return v;
}

type DetailOf = () => ComponentDetail;

/** Per actor id, how to read its detail now. */
function detailReaders(cluster: Cluster): Map<string, DetailOf> {
  const m = new Map<string, DetailOf>();
  for (const cp of cluster.controlPlanes) {
    const { scheduler, controllerManager, apiserver, etcd } = cp;
    m.set(scheduler.id, () => {
      const d = scheduler.lastDecision;
      return { kind: "kube-scheduler", active: scheduler.active, lastDecision: d ? schedulerDecisionView(d) : null };
    });
    m.set(controllerManager.id, () => ({ kind: "kube-controller-manager", active: controllerManager.active }));
    m.set(apiserver.id, () => ({ kind: "kube-apiserver", ready: apiserver.ready, healthy: apiserver.etcdCheckPassing }));
    m.set(etcd.id, () => {
      // The member's Raft status, flat, so the shallow sameDetail comparison sees every change.
      const { running: _running, ...raft } = etcd.status();
      return { kind: "etcd", revision: etcd.store.revision, keys: etcd.store.size, ...raft };
    });
  }
  for (const n of cluster.nodes) {
    const { kubelet, proxy } = n;
    m.set(kubelet.id, () => ({ kind: "kubelet", lastLeaseRenew: kubelet.lastLeaseRenew ?? null }));
    m.set(proxy.id, () => ({ kind: "kube-proxy", rules: proxy.rules, lastSync: proxy.lastSync < 0 ? null : proxy.lastSync }));
  }
  return m;
}

/** Whether two details say the same (every field identical). */
export function sameDetail(a: ComponentDetail | undefined, b: ComponentDetail | undefined): boolean {
  if (a === b) return true;
  if (!a || !b || a.kind !== b.kind) return false;
  const ra = a as unknown as Record<string, unknown>;
  const rb = b as unknown as Record<string, unknown>;
  for (const k in ra) if (ra[k] !== rb[k]) return false;
  return true;
}

// ---- the tracker ------------------------------------------------------------------------------------

/**
 * Follows one Cluster: `snapshot()` gives every record (and makes it the baseline), `collect()` the
 * diff since the last snapshot or collect, `takeEvents()` the Events written since the last take.
 */
export class RecordTracker {
  private readonly machines = new Map<string, MachineRecord>();
  private readonly components = new Map<string, ComponentRecord>();
  private readonly objects = new Map<string, ObjectRecord>();
  /** Object keys written since the last collect: the latest value, or null when deleted. */
  private dirty = new Map<string, { id: string; resource: string; value: KObject | null }>();
  private readonly details: Map<string, DetailOf>;
  private readonly actors: Actor[];
  private pendingEvents: EventRecord[] = [];
  /** The most recent events (at most EVENT_BACKLOG), oldest first. */
  readonly backlog: EventRecord[] = [];
  private disposed = false;

  constructor(readonly cluster: Cluster) {
    this.details = detailReaders(cluster);
    this.actors = [...cluster.sim.actors.values()];
    // The cluster's committed key space: independent of which etcd members are up.
    const store = cluster.committed;
    for (const kv of store.values()) {
      const where = objectIdOfKey(kv.key);
      if (where) this.objects.set(where.id, { rtype: "object", id: where.id, resource: where.resource, object: kv.value });
    }
    store.listeners.push((changes) => {
      if (this.disposed) return;
      for (const ch of changes) {
        const where = objectIdOfKey(ch.kv.key);
        if (!where) continue;
        this.dirty.set(ch.kv.key, { id: where.id, resource: where.resource, value: ch.type === "PUT" ? ch.kv.value : null });
      }
    });
    cluster.onEvent((ev, t) => {
      if (this.disposed) return;
      const rec = eventRecord(ev, t);
      this.pendingEvents.push(rec);
      this.backlog.push(rec);
      if (this.backlog.length > 2 * EVENT_BACKLOG) this.backlog.splice(0, this.backlog.length - EVENT_BACKLOG);
    });
    for (const m of cluster.sim.machines.values()) this.machines.set(m.name, this.machineRecord(m.name));
    for (const a of this.actors) this.components.set(a.id, this.componentRecord(a, undefined));
  }

  /** Stops listening (the cluster is being thrown away). */
  dispose(): void {
    this.disposed = true;
    this.dirty.clear();
    this.pendingEvents = [];
  }

  /** Every record now: machines, then components, then objects. Resets the baseline. */
  snapshot(): SimRecord[] {
    this.collect();
    return [...this.machines.values(), ...this.components.values(), ...this.objects.values()];
  }

  /** The most recent events, oldest first (at most EVENT_BACKLOG). */
  recentEvents(): EventRecord[] {
    return this.backlog.slice(-EVENT_BACKLOG);
  }

  /** Events written since the last call. */
  takeEvents(): EventRecord[] {
    const out = this.pendingEvents;
    this.pendingEvents = [];
    return out;
  }

  /** What changed since the last collect (or snapshot). */
  collect(): RecordDiff {
    const added: SimRecord[] = [];
    const updated: SimRecord[] = [];
    const removed: string[] = [];
    // Machines.
    for (const m of this.cluster.sim.machines.values()) {
      const prev = this.machines.get(m.name);
      if (prev && prev.running === m.running && prev.partitioned === m.partitioned) continue;
      const rec = this.machineRecord(m.name);
      this.machines.set(m.name, rec);
      (prev ? updated : added).push(rec);
    }
    // Components.
    for (const a of this.actors) {
      const prev = this.components.get(a.id);
      const read = this.details.get(a.id);
      const detail = read ? read() : undefined;
      if (prev && prev.running === a.running && sameDetail(prev.detail, detail)) continue;
      const rec = this.componentRecord(a, detail && prev && sameDetail(prev.detail, detail) ? prev.detail : detail);
      this.components.set(a.id, rec);
      (prev ? updated : added).push(rec);
    }
    // Objects.
    if (this.dirty.size) {
      const dirty = this.dirty;
      this.dirty = new Map();
      for (const { id, resource, value } of dirty.values()) {
        const prev = this.objects.get(id);
        if (!value) {
          if (prev) {
            this.objects.delete(id);
            removed.push(id);
          }
          continue;
        }
        if (prev && prev.object === value) continue;
        const rec: ObjectRecord = { rtype: "object", id, resource, object: value };
        this.objects.set(id, rec);
        (prev ? updated : added).push(rec);
      }
    }
    return { added, updated, removed };
  }

  private machineRecord(name: string): MachineRecord {
    const m = this.cluster.sim.machines.get(name)!;
    return { rtype: "machine", id: m.name, role: m.role, running: m.running, partitioned: m.partitioned };
  }

  private componentRecord(a: Actor, detail: ComponentDetail | undefined): ComponentRecord {
    const rec: ComponentRecord = { rtype: "component", id: a.id, machine: a.machine.name, component: a.component, running: a.running };
    if (detail === undefined) {
      const read = this.details.get(a.id);
      if (read) detail = read();
    }
    if (detail) rec.detail = detail;
    return rec;
  }
}
