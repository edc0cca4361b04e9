import { Actor, type Machine, type Message, type Simulation } from "../sim";
import { ApiClient } from "../client/apiclient";
import { InformerFactory, type Informer } from "../client/informer";
import { LegacyEventRecorder } from "../client/recorder";
import type { Container, KObject, Lease, Node, Pod, PodStatus } from "../api/types";
import type { ApiResponse, Verb } from "../api/wire";
import type { Resource } from "../api/resources";
import type { RequestOptions } from "../client/apiclient";
import type { SimTime } from "../time";
import { canAdmitPod } from "./admission";
import { Backoff } from "./backoff";
import type { CriRequest, ImageInfo } from "./cri";
import { CriClient, type CriReply } from "./criclient";
import { hex64 } from "./images";
import { BACKOFF_PERIOD, ImageManager, MAX_CONTAINER_BACKOFF } from "./imagemanager";
import { NodeLeaseController } from "./lease";
import { jsonEqual } from "./mergepatch";
import { HEARTBEAT_TIMEOUT, NodeStatusLoop } from "./nodestatusloop";
import { Pleg, type PlegEvent, type RuntimePodStatus } from "./pleg";
import { restartExitedStaticPods } from "./staticpod";
import { syncPod, syncTerminatedPod, syncTerminatingPod, syncTerminatingRuntimePod, type SyncHost } from "./podsync";
import type { StartFailure } from "./podstatus";
import { PodWorkers } from "./podworkers";
import { ProbeManager } from "./prober";
import type { ContainerRuntime } from "./runtime";
import { RuntimeState } from "./runtimestate";
import { StatusManager } from "./statusmanager";
import { spawn, type Effect } from "./task";

/** updateRuntimeUp runs every 5 s. */
const RUNTIME_UP_PERIOD: SimTime = 5000;
/** The image GC manager refreshes its image list every 30 s; the node status reports it. */
const IMAGE_LIST_PERIOD: SimTime = 30_000;
/** HandlePodCleanups runs every housekeepingPeriod (2 s); the container GC every minute. */
const HOUSEKEEPING_PERIOD: SimTime = 2000;
const CONTAINER_GC_PERIOD: SimTime = 60_000;
/**
 * initializeRuntimeDependentModules after the runtime first answers: cAdvisor, the container manager
 * (which enforces node allocatable), the eviction manager, the plugin manager. Kubelet logs put it
 * at a few hundred milliseconds to a second [U], so 400-900 ms. Until it is done the node reports
 * "container runtime status check may not have completed yet".
 */
const RUNTIME_MODULES_INIT_MS = [400, 900] as const;
/** The sync loop skips pod work while the runtime is not up, retrying after 100 ms doubling to 5 s. */
const SYNC_GATE_BASE: SimTime = 100;
const SYNC_GATE_MAX: SimTime = 5000;

/** kubelet's User-Agent, as kubeadm's v1.32.0 binaries send it. */
const USER_AGENT = "kubelet/v1.32.0 (linux/amd64) kubernetes/70d3cc9";

/**
 * The kubelet (component `kubelet`): registers its Node and keeps its status and Lease fresh, watches
 * the pods bound to its node and runs them through containerd over the CRI, writing their status
 * back to the API. See pkg/kubelet/kubelet.go for the loops it runs:
 *
 * - registration and node status (syncNodeStatus every 10 s, posted on change or every 5 min, and a
 *   fast 100 ms loop at startup until the node is Ready);
 * - the node lease (every 10 s);
 * - updateRuntimeUp (every 5 s) and the PLEG (every second) against containerd;
 * - the sync loop: pod workers, the status manager, housekeeping and garbage collection.
 *
 * When only the kubelet process stops, its pods keep running in containerd; when it starts again it
 * registers (the Node exists: it only reconciles it), relists its pods and finds their containers.
 */
export class Kubelet extends Actor {
  readonly nodeName: string;
  readonly client: ApiClient;
  readonly cri: CriClient;
  private readonly informers: InformerFactory;
  private readonly podInformer: Informer<Pod>;
  private readonly nodeInformer: Informer<Node>;
  private recorder: LegacyEventRecorder;
  readonly runtimeState = new RuntimeState(() => this.pleg.lastRelistTime());
  readonly pleg: Pleg;
  readonly statusManager: StatusManager;
  readonly imageManager: ImageManager;
  readonly probes: ProbeManager;
  readonly containerBackoff = new Backoff(BACKOFF_PERIOD, MAX_CONTAINER_BACKOFF);
  readonly podWorkers: PodWorkers;
  readonly lease: NodeLeaseController;
  readonly nodeStatus: NodeStatusLoop;

  // What survives the kubelet process: the machine and its disk.
  private readonly machineID: string;
  private readonly systemUUID: string;
  private bootID = "";
  private machineBooted = true;
  /** /var/log/pods: the highest restart count each container of each pod wrote a log for. */
  private readonly logDirs = new Map<string, number>();

  // Process state, rebuilt at every start.
  startedAt: SimTime = 0;
  private imageList: ImageInfo[] = [];
  private runtimeModulesReady = false;
  private runtimeUpInFlight = false;
  private readonly podsByUid = new Map<string, Pod>();
  private readonly reasonCache = new Map<string, Map<string, StartFailure>>();
  private readonly orphanKills = new Set<string>();
  private deferred: (() => void)[] = [];
  private gateDelay = SYNC_GATE_BASE;
  private gateScheduled = false;
  private housekeepingScheduled = false;
  private gcScheduled = false;
  private readonly onRuntimeChange = () => this.pleg.runtimeChanged();

  constructor(
    sim: Simulation,
    machine: Machine,
    readonly opts: { endpoint: string; runtime: string; nodeIP: string; controlPlane: boolean },
  ) {
    super(sim, machine, "kubelet");
    this.nodeName = machine.name;
    this.machineID = hex64(`machine-id/${machine.name}`).slice(0, 32);
    const u = hex64(`system-uuid/${machine.name}`);
    this.systemUUID = `${u.slice(0, 8)}-${u.slice(8, 12)}-${u.slice(12, 16)}-${u.slice(16, 20)}-${u.slice(20, 32)}`;
    this.client = new ApiClient(this, { endpoint: opts.endpoint, user: `system:node:${this.nodeName}`, userAgent: USER_AGENT });
    this.recorder = new LegacyEventRecorder(this.client, "kubelet", this.nodeName);
    this.cri = new CriClient(this, opts.runtime);
    this.informers = new InformerFactory(this.client);
    this.podInformer = this.informers.informer<Pod>("pods", { fieldSelector: { "spec.nodeName": this.nodeName } });
    this.nodeInformer = this.informers.informer<Node>("nodes", { fieldSelector: { "metadata.name": this.nodeName } });
    this.podInformer.addHandlers({
      add: (p) => this.onPodAdd(p),
      update: (o, p) => this.onPodUpdate(o, p),
      delete: (p) => this.onPodDelete(p),
    });
    const self = this;
    this.pleg = new Pleg({
      get now() {
        return self.now;
      },
      after: (d, fn) => this.after(d, fn),
      runtimeUp: () => this.cri.runtimeUp,
      listContainers: (cb) => this.cri.call({ op: "ListContainers" }, "cri/ListContainers", cb),
      onEvents: (evs) => this.onPlegEvents(evs),
    });
    this.statusManager = new StatusManager({
      get now() {
        return self.now;
      },
      after: (d, fn) => this.after(d, fn),
      getPod: (ns, name) => this.api("get", "pods", { namespace: ns, name }),
      patchPodStatus: (ns, name, patch) => this.api("patchStatus", "pods", { namespace: ns, name, body: patch }),
      deletePod: (ns, name, uid) => this.api("delete", "pods", { namespace: ns, name, gracePeriodSeconds: 0, preconditionUid: uid }),
      informerPod: (uid) => this.podsByUid.get(uid),
      couldHaveRunningContainers: (uid) => this.podWorkers.couldHaveRunningContainers(uid),
      log: (t) => this.log(t),
    });
    this.imageManager = new ImageManager({
      get now() {
        return self.now;
      },
      cri: (req, ref) => this.criEffect(req, ref),
      containerEvent: (pod, c, type, reason, message) => this.containerEvent(pod, c, type, reason, message),
    });
    this.probes = new ProbeManager({
      get now() {
        return self.now;
      },
      get startedAt() {
        return self.startedAt;
      },
      after: (d, fn) => this.after(d, fn),
      random: () => this.sim.rng.next(),
      podStatus: (uid) => this.statusManager.getPodStatus(uid),
      readinessChanged: (pod, id, ready) => {
        const cur = this.podsByUid.get(pod.metadata.uid) ?? pod;
        this.statusManager.setContainerReadiness(cur, id, ready);
        this.dispatch(() => this.podWorkers.updatePod(this.podsByUid.get(pod.metadata.uid) ?? cur));
      },
    });
    const syncHost = this.syncHost();
    this.podWorkers = new PodWorkers({
      get now() {
        return self.now;
      },
      get startedAt() {
        return self.startedAt;
      },
      after: (d, fn) => this.after(d, fn),
      jitter: (d, f) => this.sim.rng.jitter(d, f),
      pleg: this.pleg,
      syncPod: (pod, rt) => syncPod(syncHost, pod, rt),
      syncTerminatingPod: (pod, rt, grace) => syncTerminatingPod(syncHost, pod, rt, grace),
      syncTerminatedPod: (pod, rt) => syncTerminatedPod(syncHost, pod, rt),
      syncAllowed: () => this.syncAllowed(),
      defer: (fn) => this.defer(fn),
    });
    this.nodeStatus = new NodeStatusLoop({
      nodeName: this.nodeName,
      nodeIP: opts.nodeIP,
      controlPlane: opts.controlPlane,
      get now() {
        return self.now;
      },
      get startedAt() {
        return self.startedAt;
      },
      after: (d, fn) => this.after(d, fn),
      jitter: (d, f) => this.sim.rng.jitter(d, f),
      api: (verb, resource, o, timeout) => this.api(verb, resource, o, timeout),
      informerNode: () => this.nodeInformer.get(this.nodeName),
      machineID: this.machineID,
      systemUUID: this.systemUUID,
      get bootID() {
        return self.bootID;
      },
      images: () => this.imageList,
      readyError: () => this.runtimeState.readyError(this.now),
      nodeEvent: (type, reason, message) => this.nodeEvent(type, reason, message),
      setRuntimePodCIDR: (cidr) => this.cri.call({ op: "UpdateRuntimeConfig", podCIDR: cidr }, "cri/UpdateRuntimeConfig", () => {}),
      updateRuntimeUp: () => this.updateRuntimeUp(),
      log: (t) => this.log(t),
    });
    this.lease = new NodeLeaseController({
      nodeName: this.nodeName,
      get now() {
        return self.now;
      },
      after: (d, fn) => this.after(d, fn),
      jitter: (d, f) => this.sim.rng.jitter(d, f),
      heartbeatGet: (resource, namespace, name) => this.api("get", resource, { namespace, name }, HEARTBEAT_TIMEOUT),
      heartbeatCreate: (lease: Lease) => this.api("create", "leases", { namespace: lease.metadata.namespace, body: lease }, HEARTBEAT_TIMEOUT),
      heartbeatUpdate: (lease: Lease) => this.api("update", "leases", { namespace: lease.metadata.namespace, name: lease.metadata.name, body: lease }, HEARTBEAT_TIMEOUT),
      log: (t) => this.log(t),
    });
  }

  // ---- what the page may show ------------------------------------------------------------------

  /** When the node's Lease was last renewed by this kubelet (undefined before the first renewal). */
  get lastLeaseRenew(): SimTime | undefined {
    return this.lease.lastRenew;
  }

  /** What the kubelet is doing with each of its pods, by `namespace/name`: syncing, terminating, ... */
  podActivities(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const w of this.podWorkers.workers.values()) out[`${w.pod.metadata.namespace}/${w.pod.metadata.name}`] = w.activity;
    return out;
  }

  // ---- process lifecycle -----------------------------------------------------------------------

  protected onStart(): void {
    this.startedAt = this.now;
    if (this.machineBooted) {
      // /proc/sys/kernel/random/boot_id: new at every boot of the machine.
      this.bootID = this.sim.rng.uuid();
      this.machineBooted = false;
    }
    this.client.reset();
    this.cri.reset();
    this.recorder = new LegacyEventRecorder(this.client, "kubelet", this.nodeName);
    this.runtimeState.reset();
    this.imageList = [];
    this.runtimeModulesReady = false;
    this.runtimeUpInFlight = false;
    this.podsByUid.clear();
    this.reasonCache.clear();
    this.orphanKills.clear();
    this.deferred = [];
    this.gateDelay = SYNC_GATE_BASE;
    this.gateScheduled = false;
    this.housekeepingScheduled = false;
    this.gcScheduled = false;
    this.imageManager.reset();
    this.probes.reset();
    this.containerBackoff.clear();
    this.podWorkers.reset();
    this.statusManager.start();
    const runtime = this.runtimeActor();
    runtime?.changeListeners.add(this.onRuntimeChange);

    // BirthCry
    this.nodeEvent("Normal", "Starting", "Starting kubelet.");
    this.log("Starting kubelet");
    this.informers.start();
    this.refreshImageList();
    this.pleg.start();
    this.runtimeUpLoop();
    this.nodeStatus.start();
    this.lease.start();
    restartExitedStaticPods(this);
  }

  protected onStop(): void {
    this.informers.stop();
    this.client.reset();
    this.cri.reset();
    this.pleg.stop();
    this.statusManager.stop();
    this.lease.stop();
    this.imageManager.reset();
    this.probes.reset();
    this.podWorkers.reset();
    this.runtimeActor()?.changeListeners.delete(this.onRuntimeChange);
    if (!this.machine.running) this.machineBooted = true;
  }

  receive(msg: Message): void {
    if (this.cri.handle(msg)) return;
    this.client.handle(msg);
  }

  private runtimeActor(): ContainerRuntime | undefined {
    return this.sim.actors.get(this.opts.runtime) as ContainerRuntime | undefined;
  }

  // ---- API and CRI as effects ------------------------------------------------------------------

  /** One API call as an effect; with `timeout`, it fails on the client side after that long. */
  private api(verb: Verb, resource: Resource, opts: RequestOptions, timeout?: SimTime): Effect<ApiResponse> {
    return (resume) => {
      let done = false;
      const finish = (r: ApiResponse) => {
        if (done) return;
        done = true;
        resume(r);
      };
      const reqId = this.client.request(verb, resource, opts, finish);
      if (timeout === undefined) return;
      this.after(timeout, () => {
        const method = verb === "create" ? "Post" : verb === "update" || verb === "updateStatus" ? "Put" : verb.startsWith("patch") ? "Patch" : "Get";
        const group = resource === "leases" ? "apis/coordination.k8s.io/v1" : "api/v1";
        const ns = opts.namespace ? `namespaces/${opts.namespace}/` : "";
        const name = opts.name ? `/${opts.name}` : "";
        const url = `https://${this.opts.endpoint}:6443/${group}/${ns}${resource}${name}${verb.endsWith("Status") ? "/status" : ""}`;
        finish({ reqId, code: 0, transportError: `${method} "${url}": net/http: request canceled (Client.Timeout exceeded while awaiting headers)` });
      });
    };
  }

  private criEffect(req: CriRequest, ref: string): Effect<CriReply> {
    return this.cri.effect(req, ref);
  }

  // ---- events ----------------------------------------------------------------------------------

  /** The kubelet's nodeRef: kind Node, the node's name, and the node's name as uid. */
  private nodeRef(): KObject {
    return { kind: "Node", metadata: { name: this.nodeName, uid: this.nodeName } } as unknown as KObject;
  }

  private nodeEvent(type: "Normal" | "Warning", reason: string, message: string): void {
    this.recorder.event(this.nodeRef(), type, reason, message);
  }

  private podEvent(pod: Pod, type: "Normal" | "Warning", reason: string, message: string): void {
    this.recorder.event(pod, type, reason, message);
  }

  /** An event about a container: GenerateContainerRef's fieldPath, `spec.containers{nginx}` or `spec.initContainers{init}`. */
  private containerEvent(pod: Pod, c: Container, type: "Normal" | "Warning", reason: string, message: string): void {
    const init = pod.spec.initContainers?.some((x) => x.name === c.name);
    this.recorder.event(pod, type, reason, message, `spec.${init ? "initContainers" : "containers"}{${c.name}}`);
  }

  // ---- the runtime -----------------------------------------------------------------------------

  private runtimeUpLoop(): void {
    this.updateRuntimeUp();
    this.after(RUNTIME_UP_PERIOD, () => this.runtimeUpLoop());
  }

  /** updateRuntimeUp: ask containerd for its status; the first success brings the runtime modules up. */
  private updateRuntimeUp(): void {
    if (this.runtimeUpInFlight) return;
    this.runtimeUpInFlight = true;
    this.cri.call({ op: "Status" }, "cri/Status", (r) => {
      if (!r.ok || r.result.op !== "Status") {
        this.runtimeUpInFlight = false;
        this.log(`Container runtime sanity check failed: ${r.ok ? "no status" : r.error.message}`);
        this.pleg.forcePoll = true;
        this.pleg.runtimeChanged();
        return;
      }
      this.pleg.forcePoll = false;
      const cond = (t: string) => r.result.op === "Status" && r.result.conditions.find((c) => c.type === t);
      const fmt = (c: ReturnType<typeof cond>) => (c ? `${c.type}=${c.status} reason:${c.reason} message:${c.message}` : "nil");
      const net = cond("NetworkReady");
      this.runtimeState.networkError = net && net.status ? null : `container runtime network not ready: ${fmt(net)}`;
      const rtReady = cond("RuntimeReady");
      if (!rtReady || !rtReady.status) {
        this.runtimeState.runtimeError = `container runtime not ready: ${fmt(rtReady)}`;
        this.runtimeUpInFlight = false;
        return;
      }
      this.runtimeState.runtimeError = null;
      if (this.runtimeModulesReady) {
        this.runtimeState.lastBaseRuntimeSync = this.now;
        this.runtimeUpInFlight = false;
        return;
      }
      // initializeRuntimeDependentModules (once): the container manager enforces node allocatable.
      this.after(this.sim.rng.between(RUNTIME_MODULES_INIT_MS[0], RUNTIME_MODULES_INIT_MS[1]), () => {
        this.nodeEvent("Normal", "NodeAllocatableEnforced", "Updated Node Allocatable limit across pods");
        this.runtimeModulesReady = true;
        this.runtimeState.lastBaseRuntimeSync = this.now;
        this.runtimeUpInFlight = false;
      });
    });
  }

  /** The image manager's image list, refreshed from the runtime every 30 s. */
  private refreshImageList(): void {
    this.cri.call({ op: "ListImages" }, "cri/ListImages", (r) => {
      if (r.ok && r.result.op === "ListImages") this.imageList = r.result.images;
    });
    this.after(IMAGE_LIST_PERIOD, () => this.refreshImageList());
  }

  // ---- the sync loop -----------------------------------------------------------------------------

  /** The sync loop does pod work only while the runtime is up ("Skipping pod synchronization"). */
  private syncAllowed(): boolean {
    return this.runtimeState.runtimeErrors(this.now).length === 0;
  }

  private defer(fn: () => void): void {
    this.deferred.push(fn);
    if (this.gateScheduled) return;
    this.gateScheduled = true;
    this.after(this.gateDelay, () => {
      this.gateScheduled = false;
      if (!this.syncAllowed()) {
        this.gateDelay = Math.min(this.gateDelay * 2, SYNC_GATE_MAX);
        const fns = this.deferred;
        this.deferred = [];
        for (const f of fns) this.defer(f);
        return;
      }
      this.gateDelay = SYNC_GATE_BASE;
      const fns = this.deferred;
      this.deferred = [];
      for (const f of fns) f();
    });
  }

  private dispatch(fn: () => void): void {
    if (this.syncAllowed()) fn();
    else this.defer(fn);
  }

  private onPodAdd(pod: Pod): void {
    this.podsByUid.set(pod.metadata.uid, pod);
    this.dispatch(() => this.handlePodAddition(pod.metadata.uid));
    this.ensureHousekeeping();
  }

  private onPodUpdate(old: Pod, pod: Pod): void {
    if (old.metadata.uid !== pod.metadata.uid) this.podsByUid.delete(old.metadata.uid);
    this.podsByUid.set(pod.metadata.uid, pod);
    // config.checkAndUpdatePod: a change of status alone is a reconcile, not an update for the workers.
    if (!podsDifferSemantically(old, pod)) return;
    this.dispatch(() => {
      const cur = this.podsByUid.get(pod.metadata.uid);
      if (cur) this.podWorkers.updatePod(cur);
    });
  }

  private onPodDelete(pod: Pod): void {
    this.podsByUid.delete(pod.metadata.uid);
    this.dispatch(() => this.podWorkers.updatePod(pod, true));
  }

  /** HandlePodAdditions: admit the pod (or reject it) and hand it to its worker. */
  private handlePodAddition(uid: string): void {
    const pod = this.podsByUid.get(uid);
    if (!pod) return;
    if (this.podWorkers.get(uid) || pod.status.phase === "Succeeded" || pod.status.phase === "Failed") {
      this.podWorkers.updatePod(pod);
      return;
    }
    const active = [...this.podsByUid.values()].filter((p) => p.metadata.uid !== uid && this.podWorkers.isActive(p.metadata.uid));
    const verdict = canAdmitPod(pod, active, this.nodeInformer.get(this.nodeName));
    if (!verdict.admit) {
      this.podEvent(pod, "Warning", verdict.reason, verdict.message);
      this.statusManager.setPodStatus(pod, {
        phase: "Failed",
        reason: verdict.reason,
        message: `Pod was rejected: ${verdict.message}`,
        qosClass: pod.status.qosClass,
      } as PodStatus);
      return;
    }
    this.podWorkers.updatePod(pod);
  }

  private onPlegEvents(events: PlegEvent[]): void {
    const uids = new Set<string>();
    for (const e of events) if (e.type !== "ContainerRemoved") uids.add(e.uid);
    for (const uid of uids) {
      const pod = this.podsByUid.get(uid);
      if (pod) this.dispatch(() => this.podWorkers.updatePod(this.podsByUid.get(uid) ?? pod));
    }
    this.ensureHousekeeping();
  }

  // ---- housekeeping and garbage collection --------------------------------------------------------

  private ensureHousekeeping(): void {
    if (!this.housekeepingScheduled) {
      this.housekeepingScheduled = true;
      const k = Math.floor((this.now - this.startedAt) / HOUSEKEEPING_PERIOD) + 1;
      this.after(this.startedAt + k * HOUSEKEEPING_PERIOD - this.now, () => {
        this.housekeepingScheduled = false;
        this.dispatch(() => this.housekeeping());
      });
    }
    if (!this.gcScheduled) {
      this.gcScheduled = true;
      const k = Math.floor((this.now - this.startedAt) / CONTAINER_GC_PERIOD) + 1;
      this.after(this.startedAt + k * CONTAINER_GC_PERIOD - this.now, () => {
        this.gcScheduled = false;
        this.containerGC();
      });
    }
  }

  /** HandlePodCleanups: forget finished pods that are gone, stop containers of pods nobody knows. */
  private housekeeping(): void {
    const removed = this.podWorkers.removeFinished((uid) => this.podsByUid.has(uid));
    for (const uid of removed) {
      this.probes.removePod(uid);
      this.reasonCache.delete(uid);
      for (const key of [...this.logDirs.keys()]) if (key.startsWith(`${uid}/`)) this.logDirs.delete(key);
    }
    this.statusManager.removeOrphaned((uid) => this.podsByUid.has(uid) || !!this.podWorkers.get(uid));
    for (const rt of this.pleg.cache.values()) {
      if (this.podWorkers.get(rt.uid) || this.orphanKills.has(rt.uid)) continue;
      const live = rt.containers.some((c) => c.state === "CONTAINER_RUNNING") || rt.sandboxes.some((s) => s.state === "SANDBOX_READY");
      if (!live) continue;
      this.orphanKills.add(rt.uid);
      spawn(syncTerminatingRuntimePod(this.syncHost(), rt), () => this.orphanKills.delete(rt.uid));
    }
    if (this.podWorkers.workers.size || this.pleg.cache.size) this.ensureHousekeeping();
  }

  /**
   * The container GC (every minute): dead containers beyond the newest one per container, and all of
   * those of pods the kubelet no longer has; sandboxes that are not ready, except a pod's newest.
   */
  private containerGC(): void {
    const removals: CriRequest[] = [];
    for (const rt of this.pleg.cache.values()) {
      const w = this.podWorkers.get(rt.uid);
      const gone = !this.podsByUid.has(rt.uid) && (!w || w.finished);
      // Containers are newest first: keep the newest dead one of each name (MaxPerPodContainer = 1).
      const seen = new Map<string, number>();
      for (const c of rt.containers) {
        if (c.state !== "CONTAINER_EXITED") continue;
        const n = seen.get(c.name) ?? 0;
        seen.set(c.name, n + 1);
        if (gone || n >= 1) removals.push({ op: "RemoveContainer", containerId: c.id });
      }
      rt.sandboxes.forEach((s, i) => {
        if (s.state === "SANDBOX_READY") return;
        if (gone || i > 0) removals.push({ op: "RemovePodSandbox", sandboxId: s.id });
      });
    }
    for (const r of removals) this.cri.call(r, "cri/GarbageCollect", () => {});
    if (this.pleg.cache.size) this.ensureHousekeeping();
  }

  // ---- what the sync functions use ---------------------------------------------------------------

  private syncHost(): SyncHost {
    const self = this;
    return {
      get now() {
        return self.now;
      },
      hostIP: this.opts.nodeIP,
      cri: (req, ref) => this.criEffect(req, ref),
      podEvent: (pod, type, reason, message) => this.podEvent(pod, type, reason, message),
      containerEvent: (pod, c, type, reason, message) => this.containerEvent(pod, c, type, reason, message),
      statusManager: this.statusManager,
      imageManager: this.imageManager,
      probes: this.probes,
      containerBackoff: this.containerBackoff,
      reasons: (uid) => {
        let m = this.reasonCache.get(uid);
        if (!m) this.reasonCache.set(uid, (m = new Map()));
        return m;
      },
      logDirRestartCount: (uid, name) => this.logDirs.get(`${uid}/${name}`),
      recordLogDir: (uid, name, n) => this.logDirs.set(`${uid}/${name}`, Math.max(n, this.logDirs.get(`${uid}/${name}`) ?? 0)),
    };
  }

  /** For the page: the runtime status the PLEG last saw for a pod. */
  runtimeStatus(uid: string): RuntimePodStatus | undefined {
    return this.pleg.get(uid);
  }
}

/** podsDifferSemantically (pkg/kubelet/config/config.go). */
function podsDifferSemantically(a: Pod, b: Pod): boolean {
  return !(
    jsonEqual(a.spec, b.spec) &&
    jsonEqual(a.metadata.labels, b.metadata.labels) &&
    a.metadata.deletionTimestamp === b.metadata.deletionTimestamp &&
    a.metadata.deletionGracePeriodSeconds === b.metadata.deletionGracePeriodSeconds &&
    jsonEqual(a.metadata.annotations ?? {}, b.metadata.annotations ?? {})
  );
}

