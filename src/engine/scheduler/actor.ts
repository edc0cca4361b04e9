import { Actor, type ActorId, type Machine, type Message, type Simulation } from "../sim";
import { ApiClient } from "../client/apiclient";
import { InformerFactory, type Informer } from "../client/informer";
import { EventsV1Recorder, LegacyEventRecorder } from "../client/recorder";
import { LEADER_ELECTION_CLIENT_TIMEOUT, LeaderElector, leaderElectionIdentity } from "../client/leaderelection";
import { exitStaticPodProcess } from "../kubelet/staticpod";
import type { Node, Pod, PodCondition, ReplicaSet, Service } from "../api/types";
import type { ApiResponse } from "../api/wire";
import { rfc3339, type SimTime } from "../time";
import { SchedulerCache, sameStringMap } from "./cache";
import { truncateMessage } from "./framework";
import { isPodWorthRequeuing, isRelevantNodeUpdate, nodeChanges, type ClusterEvent } from "./hints";
import type { OwnerListers } from "./plugins/podtopologyspread";
import { BACKOFF_FLUSH_PERIOD, SchedulingQueue, UNSCHEDULABLE_FLUSH_PERIOD, podKey, type QueuedPodInfo } from "./queue";
import { SchedulingAlgorithm, type SchedulingDecision } from "./schedule";

export interface KubeSchedulerOptions {
  /** The local kube-apiserver (kube-scheduler talks to the API server on its own machine, as kubeadm sets it up). */
  apiserver: ActorId;
  /**
   * `--leader-elect` (component-base default true; the cluster turns it on): schedule only while holding
   * the kube-system/kube-scheduler Lease. Without it (unit tests) `active` is set by hand.
   */
  leaderElect?: boolean;
}

/** kube-scheduler's User-Agent; the leader-election client appends `/leader-election`. */
const SCHEDULER_USER_AGENT = "kube-scheduler/v1.32.0 (linux/amd64) kubernetes/70d3cc9";

/** The profile name and what pods ask for in spec.schedulerName. */
export const DEFAULT_SCHEDULER_NAME = "default-scheduler";

/**
 * Simulated CPU time of one scheduling cycle (ms). Real cycles take from well under a millisecond (a few
 * nodes) to about 1.2–1.5 ms (5,000 nodes: scheduler_perf's SchedulingBasic 5000Nodes threshold is
 * 680–810 pods/s); 1 ms is the clock's resolution and the closest integer. Binding does not add to it: it
 * runs asynchronously, as upstream's binding goroutine does.
 */
export const SCHEDULING_CYCLE_MS = 1;

/**
 * kube-scheduler: watches pods and nodes (plus Services and ReplicaSets, which the default topology
 * spreading reads), keeps a cache of what runs where, and takes pending pods one per cycle from its
 * queue: filter, score, assume, bind. (pkg/scheduler/scheduler.go, schedule_one.go, eventhandlers.go.)
 *
 * `active` is holding the kube-system/kube-scheduler Lease: a replica that is not active keeps its
 * informers and queue warm but schedules nothing. With `leaderElect` the process's LeaderElector drives it
 * (client/leaderelection.ts); the process exits when it loses the lease and the kubelet restarts it.
 */
export class KubeScheduler extends Actor {
  private _active = true;
  private client!: ApiClient;
  private leClient: ApiClient | null = null;
  /** The leader elector of the current process (null without leader election or while stopped). */
  elector: LeaderElector | null = null;
  private factory!: InformerFactory;
  private pods!: Informer<Pod>;
  private nodes!: Informer<Node>;
  private replicaSets!: Informer<ReplicaSet>;
  private services!: Informer<Service>;
  private recorder!: EventsV1Recorder;
  readonly cache = new SchedulerCache();
  queue!: SchedulingQueue;
  private algorithm!: SchedulingAlgorithm;
  private ownersVersion = 0;
  private synced = false;
  private cyclePending = false;
  private startedAt: SimTime = 0;
  private backoffTickAt: SimTime | null = null;
  private leftoverTickAt: SimTime | null = null;
  /** Counters since the last start (for the canvas and benchmarks). */
  readonly stats = { attempts: 0, scheduled: 0, unschedulable: 0, bindErrors: 0 };

  constructor(
    sim: Simulation,
    machine: Machine,
    readonly opts: KubeSchedulerOptions,
  ) {
    super(sim, machine, "kube-scheduler");
    this.buildState();
  }

  /** Whether this replica schedules (leader election will drive it). */
  get active(): boolean {
    return this._active;
  }

  set active(v: boolean) {
    this._active = v;
    if (v) this.kick();
  }

  /** The last scheduling decision: every node's filter verdict and scores, and the chosen node. */
  get lastDecision(): SchedulingDecision | null {
    return this.algorithm.lastDecision;
  }

  receive(msg: Message): void {
    if (this.leClient?.owns(msg)) {
      this.leClient.handle(msg);
      return;
    }
    this.client.handle(msg);
  }

  protected override onStart(): void {
    this.startedAt = this.now;
    this.buildState();
    const client = (this.client = new ApiClient(this, {
      endpoint: this.opts.apiserver,
      user: "system:kube-scheduler",
      userAgent: `${SCHEDULER_USER_AGENT}/scheduler`,
    }));
    if (this.opts.leaderElect) this.createElector(client);
    this.recorder = new EventsV1Recorder(client, DEFAULT_SCHEDULER_NAME, `${DEFAULT_SCHEDULER_NAME}-${this.machine.name}`);
    const factory = (this.factory = new InformerFactory(client));
    this.pods = factory.informer<Pod>("pods");
    this.nodes = factory.informer<Node>("nodes");
    this.replicaSets = factory.informer<ReplicaSet>("replicasets");
    this.services = factory.informer<Service>("services");
    this.services.addIndex("namespace", (s) => [s.metadata.namespace ?? ""]);
    this.pods.addHandlers({
      add: (p) => this.onPodAdd(p),
      update: (o, n) => this.onPodUpdate(o, n),
      delete: (p) => this.onPodDelete(p),
    });
    this.nodes.addHandlers({
      add: (n) => this.onNodeAdd(n),
      update: (o, n) => this.onNodeUpdate(o, n),
      delete: (n) => this.cache.removeNode(n),
    });
    this.replicaSets.addHandlers({
      add: () => this.ownersVersion++,
      update: (o, n) => {
        if (JSON.stringify(o.spec.selector) !== JSON.stringify(n.spec.selector)) this.ownersVersion++;
      },
      delete: () => this.ownersVersion++,
    });
    this.services.addHandlers({
      add: () => this.ownersVersion++,
      update: (o, n) => {
        if (JSON.stringify(o.spec.selector) !== JSON.stringify(n.spec.selector)) this.ownersVersion++;
      },
      delete: () => this.ownersVersion++,
    });
    factory.start();
    factory.onSynced(() => {
      this.synced = true;
      this.log("informer caches synced; scheduling");
      this.kick();
      // cmd/kube-scheduler/app/server.go Run: informers start and sync first, then leaderElector.Run.
      this.elector?.run();
    });
  }

  /**
   * makeLeaderElectionConfig (cmd/kube-scheduler/app/options/options.go): identity `<hostname>_<uuid>`,
   * a Lease lock kube-system/kube-scheduler (--leader-elect-resource-name/-namespace defaults), events
   * through `EventBroadcaster.DeprecatedNewLegacyRecorder("default-scheduler")`. OnStartedLeading runs
   * sched.Run; OnStoppedLeading logs "Leaderelection lost" and calls klog.FlushAndExit(..., 1).
   */
  private createElector(client: ApiClient): void {
    this._active = false;
    this.leClient = new ApiClient(this, {
      endpoint: this.opts.apiserver,
      user: "system:kube-scheduler",
      userAgent: `${SCHEDULER_USER_AGENT}/leader-election`,
      timeout: LEADER_ELECTION_CLIENT_TIMEOUT,
    });
    this.elector = new LeaderElector(this, this.leClient, new LegacyEventRecorder(client, DEFAULT_SCHEDULER_NAME), {
      namespace: "kube-system",
      name: "kube-scheduler",
      identity: leaderElectionIdentity(this.machine.name, this.sim.rng.uuid()),
      callbacks: {
        onStartedLeading: () => {
          this.log("became the leader; scheduling");
          this.active = true;
        },
        onStoppedLeading: () => {
          this._active = false;
          this.log("Leaderelection lost");
          exitStaticPodProcess(this);
        },
      },
    });
  }

  protected override onStop(): void {
    if (this.elector) {
      this.elector.stop();
      this.elector = null;
      this.leClient?.reset();
      this.leClient = null;
      this._active = false;
    }
    this.client.reset();
    this.factory.stop();
    this.cache.clear();
    this.queue.clear();
    this.synced = false;
    this.cyclePending = false;
    this.backoffTickAt = null;
    this.leftoverTickAt = null;
  }

  private buildState(): void {
    this.cache.clear();
    this.queue = new SchedulingQueue(() => this.now);
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const self = this;
    const listers: OwnerListers = {
      services: (ns) => this.services?.byIndex("namespace", ns) ?? [],
      replicaSet: (ns, name) => this.replicaSets?.get(`${ns}/${name}`),
      get version() {
        return self.ownersVersion;
      },
    };
    this.algorithm = new SchedulingAlgorithm(this.cache, this.sim.rng, listers);
    this.stats.attempts = this.stats.scheduled = this.stats.unschedulable = this.stats.bindErrors = 0;
  }

  // ---- informer event handlers (eventhandlers.go) ----

  private responsible(pod: Pod): boolean {
    return (pod.spec.schedulerName ?? DEFAULT_SCHEDULER_NAME) === DEFAULT_SCHEDULER_NAME;
  }

  private onPodAdd(pod: Pod): void {
    if (isTerminal(pod)) return;
    if (pod.spec.nodeName) {
      this.cache.addPod(pod);
      this.clusterEvent({ type: "AssignedPodAdd", pod });
      return;
    }
    if (!this.responsible(pod) || pod.metadata.deletionTimestamp) return;
    this.queue.add(pod);
    this.kick();
  }

  private onPodUpdate(oldPod: Pod, pod: Pod): void {
    const oldIn = !isTerminal(oldPod) && !!oldPod.spec.nodeName;
    const newIn = !isTerminal(pod) && !!pod.spec.nodeName;
    if (oldIn && newIn) {
      this.cache.updatePod(oldPod, pod);
      // Only label changes of assigned pods matter to the plugins' hints (PodTopologySpread, InterPodAffinity).
      if (oldPod.metadata.labels !== pod.metadata.labels && !sameStringMap(oldPod.metadata.labels, pod.metadata.labels)) {
        this.clusterEvent({ type: "AssignedPodUpdate", oldPod, pod });
      }
      return;
    }
    if (oldIn) {
      // Succeeded or Failed: the scheduler's pod informer (field selector status.phase!=Succeeded,Failed) sees a delete.
      this.cache.removePod(oldPod);
      this.clusterEvent({ type: "AssignedPodDelete", pod: oldPod });
      return;
    }
    if (newIn) {
      this.queue.delete(oldPod);
      this.cache.addPod(pod);
      this.clusterEvent({ type: "AssignedPodAdd", pod });
      return;
    }
    if (isTerminal(pod) || pod.metadata.deletionTimestamp || !this.responsible(pod)) {
      this.queue.delete(pod);
      return;
    }
    if (this.queue.update(oldPod, pod)) {
      this.ensureBackoffTicker();
      this.kick();
      return;
    }
    // Not queued: unless it is being bound (assumed), it goes (back) to activeQ, as PriorityQueue.Update does.
    if (!this.cache.isAssumed(pod.metadata.uid)) {
      this.queue.add(pod);
      this.kick();
    }
  }

  private onPodDelete(pod: Pod): void {
    if (pod.spec.nodeName && !isTerminal(pod)) {
      this.cache.removePod(pod);
      this.clusterEvent({ type: "AssignedPodDelete", pod });
      return;
    }
    this.queue.delete(pod);
  }

  private onNodeAdd(node: Node): void {
    this.cache.addNode(node);
    this.clusterEvent({ type: "NodeAdd", node });
  }

  private onNodeUpdate(oldNode: Node, node: Node): void {
    this.cache.updateNode(oldNode, node);
    const changes = nodeChanges(oldNode, node);
    if (isRelevantNodeUpdate(changes)) this.clusterEvent({ type: "NodeUpdate", oldNode, node, changes });
  }

  /** MoveAllToActiveOrBackoffQueue with the queueing hints. */
  private clusterEvent(ev: ClusterEvent): void {
    if (this.queue.unschedulableLength === 0) return;
    if (this.queue.moveOnEvent((qpi) => isPodWorthRequeuing(qpi, ev)) > 0) {
      this.ensureBackoffTicker();
      this.kick();
    }
  }

  // ---- the scheduling loop ----

  /** Schedules the next cycle if there is work and this replica may schedule. */
  private kick(): void {
    if (this.cyclePending || !this._active || !this.running || !this.synced || this.queue.activeLength === 0) return;
    this.cyclePending = true;
    this.after(SCHEDULING_CYCLE_MS, () => {
      this.cyclePending = false;
      if (this._active) this.scheduleOne();
      this.kick();
    });
  }

  /** ScheduleOne: one pod, one scheduling cycle; binding goes on asynchronously. */
  private scheduleOne(): void {
    const qpi = this.queue.pop();
    if (!qpi) return;
    const pod = qpi.pod;
    // skipPodSchedule.
    if (pod.metadata.deletionTimestamp) {
      this.recorder.event(pod, "Warning", "FailedScheduling", `skip schedule deleting pod: ${podKey(pod)}`, "Scheduling");
      return;
    }
    if (this.cache.isAssumed(pod.metadata.uid)) return;
    this.stats.attempts++;
    const result = this.algorithm.schedule(pod);
    if (result.kind === "scheduled") {
      this.assumeAndBind(qpi, pod, result.host);
      return;
    }
    this.stats.unschedulable++;
    const plugins = result.kind === "unschedulable" ? result.unschedulablePlugins : new Set<string>();
    this.log(() => `Unable to schedule pod; no fit; waiting pod="${podKey(pod)}" err="${result.message}"`);
    this.handleSchedulingFailure(qpi, pod, "Unschedulable", result.message, plugins);
  }

  private assumeAndBind(qpi: QueuedPodInfo, pod: Pod, host: string): void {
    const assumed: Pod = { ...pod, spec: { ...pod.spec, nodeName: host } };
    this.cache.assumePod(assumed);
    const ns = pod.metadata.namespace ?? "default";
    this.client.bind(ns, pod.metadata.name, pod.metadata.uid, host, (res) => this.onBindResponse(qpi, assumed, host, res));
  }

  private onBindResponse(qpi: QueuedPodInfo, assumed: Pod, host: string, res: ApiResponse): void {
    if (res.code >= 200 && res.code < 300) {
      this.stats.scheduled++;
      this.log(() => `Successfully bound pod to node pod="${podKey(assumed)}" node="${host}"`);
      this.recorder.event(assumed, "Normal", "Scheduled", `Successfully assigned ${podKey(assumed)} to ${host}`, "Binding");
      return;
    }
    // handleBindingCycleError: forget the assumption (its resources free up for others), then fail the pod.
    this.stats.bindErrors++;
    this.cache.forgetPod(assumed.metadata.uid);
    this.clusterEvent({ type: "AssignedPodDelete", pod: assumed });
    const msg = res.error?.message ?? res.transportError ?? `binding failed with code ${res.code}`;
    this.log(() => `Failed to bind pod pod="${podKey(assumed)}" node="${host}" err="${msg}"`);
    this.handleSchedulingFailure(qpi, qpi.pod, "SchedulerError", msg, new Set());
  }

  /**
   * handleSchedulingFailure: requeue the pod if it still exists unbound, record FailedScheduling, and set
   * PodScheduled=False with the reason and message (only when that changes the condition).
   */
  private handleSchedulingFailure(qpi: QueuedPodInfo, pod: Pod, reason: "Unschedulable" | "SchedulerError", message: string, plugins: Set<string>): void {
    const cached = this.pods.get(qpi.key);
    if (cached && !cached.spec.nodeName && !isTerminal(cached) && cached.metadata.uid === qpi.uid) {
      this.queue.requeueFailed(qpi, cached, plugins);
      if (qpi.where === "backoff") this.ensureBackoffTicker();
      else this.ensureLeftoverTicker();
      this.kick();
    }
    this.recorder.event(pod, "Warning", "FailedScheduling", truncateMessage(message), "Scheduling");
    this.updatePodScheduledCondition(pod, reason, message);
  }

  /** updatePod + podutil.UpdatePodCondition, as a merge patch of the whole conditions list. */
  private updatePodScheduledCondition(pod: Pod, reason: string, message: string): void {
    const conds = pod.status?.conditions ?? [];
    const old = conds.find((c) => c.type === "PodScheduled");
    if (old && old.status === "False" && old.reason === reason && old.message === message && old.lastProbeTime === null) return;
    const cond: PodCondition = {
      type: "PodScheduled",
      status: "False",
      lastProbeTime: null,
      lastTransitionTime: old && old.status === "False" ? old.lastTransitionTime : rfc3339(this.now),
      reason,
      message,
    };
    const conditions = old ? conds.map((c) => (c === old ? cond : c)) : [...conds, cond];
    this.client.patchStatus("pods", pod.metadata.namespace ?? "default", pod.metadata.name, { status: { conditions } });
  }

  // ---- queue flush tickers (PriorityQueue.Run: every 1s and every 30s) ----

  private nextTick(period: SimTime): SimTime {
    return this.startedAt + (Math.floor((this.now - this.startedAt) / period) + 1) * period;
  }

  private ensureBackoffTicker(): void {
    if (this.backoffTickAt !== null || this.queue.backoffLength === 0) return;
    const at = this.nextTick(BACKOFF_FLUSH_PERIOD);
    this.backoffTickAt = at;
    this.after(at - this.now, () => {
      this.backoffTickAt = null;
      if (this.queue.flushBackoffCompleted() > 0) this.kick();
      this.ensureBackoffTicker();
    });
  }

  private ensureLeftoverTicker(): void {
    if (this.leftoverTickAt !== null || this.queue.unschedulableLength === 0) return;
    const at = this.nextTick(UNSCHEDULABLE_FLUSH_PERIOD);
    this.leftoverTickAt = at;
    this.after(at - this.now, () => {
      this.leftoverTickAt = null;
      if (this.queue.flushUnschedulableLeftover() > 0) {
        this.ensureBackoffTicker();
        this.kick();
      }
      this.ensureLeftoverTicker();
    });
  }
}

function isTerminal(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase === "Succeeded" || phase === "Failed";
}
