/**
 * DEV/TEST ONLY — never import this from production code. A stand-in for src/store/store.ts while
 * it is being built: runs the real engine (`new Cluster({seed})`) in this thread and keeps a vanilla
 * Zustand store shaped like ClusterStore (records with kept identity, flows in flight, events, a
 * sim clock to extrapolate from). Playback is a rough imitation of the worker's auto-pacing.
 */
import { createStore, type StoreApi } from "zustand/vanilla";
import { EVENT_BACKLOG, type ComponentDetail, type ComponentRecord, type EventRecord, type LoggedAction, type MachineRecord, type ObjectRecord, type SchedulerDecisionView } from "../../bridge/protocol";
import { resourceForKind } from "../../engine/api/resources";
import type { KEvent } from "../../engine/api/types";
import { KubeApiServer } from "../../engine/apiserver/apiserver";
import { Cluster } from "../../engine/cluster";
import { KubeControllerManager } from "../../engine/controllers/manager";
import { EtcdMember } from "../../engine/etcd/member";
import { parseAction } from "../../engine/kubectl/parse";
import { Kubelet } from "../../engine/kubelet/kubelet";
import { KubeScheduler } from "../../engine/scheduler/actor";
import type { Actor, Flow } from "../../engine/sim";
import type { SimTime } from "../../engine/time";
import { DEFAULT_TOPOLOGY, type Topology } from "../../engine/topology";
import type { ClusterState, ClusterStore, CommandEntry } from "../../store/types";

export interface FakeOptions {
  seed?: number;
  topology?: Topology;
  /** Timed action lines (default: the start state, a 3-replica `web` deployment at 1 s). */
  actions?: LoggedAction[];
  /** Run the engine to this sim time before the first render. */
  startAt?: SimTime;
  play?: boolean;
  /** Sim ms per wall ms while messages fly (default 0.004: a 2 ms message takes half a second). */
  slowRate?: number;
  /** Sim ms per wall ms through quiet waits. */
  fastRate?: number;
}

export const START_ACTIONS: LoggedAction[] = [{ at: 1_000, line: "kubectl create deployment web --image=nginx --replicas=3" }];

export interface FakeCluster {
  store: StoreApi<ClusterStore>;
  cluster(): Cluster;
  /** Runs the engine to sim time `t` (paused or not) and publishes a frame. */
  advanceTo(t: SimTime): void;
  advance(ms: SimTime): void;
  /** Runs in 1 ms steps until `done()` holds or `limitMs` of sim time passed; publishes once. */
  advanceUntil(done: () => boolean, limitMs?: number): boolean;
  /** Publishes a frame now (e.g. after poking the cluster directly). */
  publish(): void;
  /** Messages on the wire right now. */
  flowCount(): number;
  flows(): Flow[];
  dispose(): void;
}

function detailOf(a: Actor): ComponentDetail | undefined {
  if (a instanceof KubeScheduler) {
    const d = a.lastDecision;
    const lastDecision: SchedulerDecisionView | null = d
      ? {
          pod: d.pod,
          chosen: d.chosen,
          message: d.message,
          scorePlugins: d.scorePlugins.map((p) => ({ ...p })),
          nodes: d.nodes.map((n) => ({ node: n.node, verdict: n.verdict, plugin: n.plugin, reasons: n.reasons, scores: n.scores ? { ...n.scores } : undefined, total: n.total })),
        }
      : null;
    return { kind: "kube-scheduler", active: a.active, lastDecision };
  }
  if (a instanceof KubeControllerManager) return { kind: "kube-controller-manager", active: a.active };
  if (a instanceof KubeApiServer) return { kind: "kube-apiserver", ready: a.ready, healthy: a.etcdCheckPassing };
  if (a instanceof EtcdMember) return { kind: "etcd", revision: a.store.revision, keys: a.store.size };
  if (a instanceof Kubelet) return { kind: "kubelet", lastLeaseRenew: a.lastLeaseRenew ?? null };
  return undefined;
}

function sameDetail(a: ComponentDetail | undefined, b: ComponentDetail | undefined): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** ClusterState records from an engine, reusing `prev`'s records when nothing changed. */
export function snapshotRecords(cluster: Cluster, prev?: Pick<ClusterState, "machines" | "components" | "objects">) {
  const machines: Record<string, MachineRecord> = {};
  const components: Record<string, ComponentRecord> = {};
  for (const m of cluster.sim.machines.values()) {
    const old = prev?.machines[m.name];
    machines[m.name] =
      old && old.running === m.running && old.partitioned === m.partitioned
        ? old
        : { rtype: "machine", id: m.name, role: m.role, running: m.running, partitioned: m.partitioned };
    for (const a of m.actors) {
      const detail = detailOf(a);
      const oldC = prev?.components[a.id];
      components[a.id] =
        oldC && oldC.running === a.running && sameDetail(oldC.detail, detail)
          ? oldC
          : { rtype: "component", id: a.id, machine: m.name, component: a.component, running: a.running, detail };
    }
  }
  const objects: Record<string, ObjectRecord> = {};
  for (const o of cluster.objects()) {
    if (o.kind === "Event") continue;
    const resource = resourceForKind(o.kind)?.resource ?? `${o.kind.toLowerCase()}s`;
    const id = o.metadata.namespace ? `${resource}/${o.metadata.namespace}/${o.metadata.name}` : `${resource}/${o.metadata.name}`;
    const old = prev?.objects[id];
    objects[id] = old && old.object.metadata.resourceVersion === o.metadata.resourceVersion ? old : { rtype: "object", id, resource, object: o };
  }
  return { machines, components, objects };
}

export function eventRecord(ev: KEvent, t: SimTime): EventRecord {
  return {
    t,
    type: ev.type,
    reason: ev.reason,
    message: ev.message,
    object: { kind: ev.involvedObject.kind, namespace: ev.involvedObject.namespace, name: ev.involvedObject.name },
    source: ev.source?.component || ev.reportingComponent,
    count: ev.count || 1,
  };
}

export function createFakeCluster(options: FakeOptions = {}): FakeCluster {
  const seed = options.seed ?? 1;
  const topology = options.topology ?? DEFAULT_TOPOLOGY;
  const slowRate = options.slowRate ?? 0.004;
  const fastRate = options.fastRate ?? 8;
  let actions = [...(options.actions ?? START_ACTIONS)];
  let cluster!: Cluster;
  let flows = new Map<number, Flow>();
  let events: EventRecord[] = [];
  let commandId = 0;
  let simTarget = 0;
  let raf = 0;
  let lastWall = 0;
  let disposed = false;

  function build(until: SimTime): void {
    cluster = new Cluster({ seed, topology });
    flows = new Map();
    events = [];
    cluster.sim.observer = {
      flowStarted: (f) => void flows.set(f.id, f),
      flowEnded: (f) => void flows.delete(f.id),
    };
    cluster.onEvent((ev, t) => {
      events.push(eventRecord(ev, t));
      if (events.length > EVENT_BACKLOG) events = events.slice(-EVENT_BACKLOG);
    });
    for (const a of actions) {
      const action = parseAction(a.line);
      if (!("error" in action)) cluster.schedule(a.at, action, () => {});
    }
    cluster.runUntil(until);
    simTarget = cluster.now;
  }

  const rate = () => {
    const s = store?.getState();
    if (!s || !s.playback.playing) return 0;
    const base = s.playback.autoPace ? (flows.size > 0 ? slowRate : fastRate) : 1;
    return base * s.playback.speed;
  };

  function publish(): void {
    const s = store.getState();
    const r = rate();
    store.setState({
      ...snapshotRecords(cluster, s),
      flows: Object.fromEntries(flows),
      events: events.length === s.events.length && events[events.length - 1] === s.events[s.events.length - 1] ? s.events : [...events],
      clock: { time: cluster.now, wall: performance.now(), rate: r },
      playback: { ...s.playback, rate: r, horizon: Math.max(s.playback.horizon, cluster.now) },
      actions: [...actions],
    });
  }

  function tick(wall: number): void {
    if (disposed) return;
    const dt = Math.min(100, Math.max(0, wall - lastWall));
    lastWall = wall;
    const r = rate();
    if (r > 0) {
      simTarget = Math.max(simTarget, cluster.now) + dt * r;
      const until = Math.floor(simTarget);
      if (until > cluster.now) {
        // Stop at the first flow so slow motion starts where the messages do.
        if (flows.size === 0) {
          const next = cluster.sim.nextTime();
          cluster.runUntil(next !== undefined && next < until ? next : until);
          if (flows.size > 0) simTarget = cluster.now;
        } else cluster.runUntil(until);
      }
      publish();
    }
    raf = requestAnimationFrame(tick);
  }

  const initial: ClusterState = {
    seed,
    topology,
    actions,
    clock: { time: 0, wall: 0, rate: 0 },
    hydrated: true,
    machines: {},
    components: {},
    objects: {},
    flows: {},
    events: [],
    playback: { playing: options.play ?? true, speed: 1, autoPace: true, rate: 0, horizon: 0 },
    selection: null,
    commands: [],
    error: null,
  };

  const store: StoreApi<ClusterStore> = createStore<ClusterStore>((set, get) => ({
    ...initial,
    play: () => {
      set({ playback: { ...get().playback, playing: true } });
      publish();
    },
    pause: () => {
      set({ playback: { ...get().playback, playing: false } });
      publish();
    },
    togglePlay: () => (get().playback.playing ? get().pause() : get().play()),
    // Changes here are applied at once: nothing is ever on its way.
    settled: () => true,
    step: () => {
      const before = new Set(flows.keys());
      for (let i = 0; i < 600_000 && [...flows.keys()].every((k) => before.has(k)); i++) cluster.runUntil(cluster.now + 1);
      simTarget = cluster.now;
      set({ playback: { ...get().playback, playing: false } });
      publish();
    },
    setSpeed: (speed) => {
      set({ playback: { ...get().playback, speed } });
      publish();
    },
    setAutoPace: (on) => {
      set({ playback: { ...get().playback, autoPace: on } });
      publish();
    },
    seek: (time) => {
      if (time >= cluster.now) cluster.runUntil(time);
      else build(time);
      simTarget = cluster.now;
      publish();
    },
    command: (line) =>
      new Promise<CommandEntry>((resolve) => {
        const id = ++commandId;
        const entry: CommandEntry = { id, line };
        set({ commands: [...get().commands, entry] });
        const finish = (done: CommandEntry) => {
          set({ commands: get().commands.map((c) => (c.id === id ? done : c)) });
          publish();
          resolve(done);
        };
        const action = parseAction(line);
        if ("error" in action) return finish({ ...entry, t: cluster.now, ok: false, error: action.error });
        actions = [...actions, { at: cluster.now, line }];
        cluster.execute(action, (r) => finish({ ...entry, t: cluster.now, ok: r.ok, output: r.ok ? r.output : undefined, error: r.ok ? undefined : r.error }));
        publish();
      }),
    select: (selection) => set({ selection }),
    restart: () => {
      const t = cluster.now;
      build(t);
      publish();
    },
    reset: () => {
      actions = [...START_ACTIONS];
      build(0);
      publish();
    },
  }));

  build(options.startAt ?? 0);
  publish();
  if (typeof requestAnimationFrame === "function") {
    lastWall = performance.now();
    raf = requestAnimationFrame(tick);
  }

  return {
    store,
    cluster: () => cluster,
    advanceTo(t) {
      if (t > cluster.now) cluster.runUntil(t);
      simTarget = cluster.now;
      publish();
    },
    advance(ms) {
      this.advanceTo(cluster.now + ms);
    },
    advanceUntil(done, limitMs = 600_000) {
      const limit = cluster.now + limitMs;
      while (!done() && cluster.now < limit) cluster.runUntil(cluster.now + 1);
      simTarget = cluster.now;
      publish();
      return done();
    },
    publish,
    flowCount: () => flows.size,
    flows: () => [...flows.values()],
    dispose() {
      disposed = true;
      if (raf) cancelAnimationFrame(raf);
    },
  };
}
