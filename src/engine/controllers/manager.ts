import { Actor, type Machine, type Message, type Simulation } from "../sim";
import { ApiClient } from "../client/apiclient";
import { InformerFactory } from "../client/informer";
import { LegacyEventRecorder } from "../client/recorder";
import { LEADER_ELECTION_CLIENT_TIMEOUT, LeaderElector, leaderElectionIdentity } from "../client/leaderelection";
import { exitStaticPodProcess } from "../kubelet/staticpod";
import { Scope, type Controller, type ControllerContext } from "./context";
import { DeploymentController } from "./deployment/controller";
import { ReplicaSetController } from "./replicaset/controller";
import { GarbageCollector } from "./garbagecollector/controller";
import { NodeLifecycleController } from "./nodelifecycle/controller";
import { TaintEvictionController } from "./tainteviction/controller";
import { EndpointSliceController } from "./endpointslice/controller";
import { NodeIpamController } from "./nodeipam/controller";
import { PodGarbageCollector } from "./podgc/controller";

/** kube-controller-manager's User-Agent; each controller's client appends `/<controller-name>`. */
export const KCM_USER_AGENT = "kube-controller-manager/v1.32.0 (linux/amd64) kubernetes/70d3cc9";
/** The identity of the process itself (its kubeconfig, controller-manager.conf), used by the shared informers. */
export const KCM_USER = "system:kube-controller-manager";

export interface ControllerManagerOptions {
  /** The local kube-apiserver (kubeadm points controller-manager.conf at the node's own API server). */
  apiserver: string;
  /**
   * `--leader-elect` (default true; the cluster turns it on): run the controllers only while holding the
   * kube-system/kube-controller-manager Lease. Without it (unit tests) `active` is set by hand.
   */
  leaderElect?: boolean;
}

/**
 * kube-controller-manager: the reconcile loops of the cluster in one process, sharing one informer
 * factory (cmd/kube-controller-manager/app/controllermanager.go). Controllers started here: deployment,
 * replicaset, garbage collector, node lifecycle, taint eviction, endpointslice, node IPAM and pod GC.
 *
 * `active` is holding the kube-system/kube-controller-manager Lease: controllers run only while it is
 * true. With `leaderElect` the process's LeaderElector drives it (client/leaderelection.ts); the process
 * exits when it loses the lease and the kubelet restarts it (kubelet/staticpod.ts).
 */
export class KubeControllerManager extends Actor {
  private _active = true;
  private clients: ApiClient[] = [];
  /** Process-level clients of the leader election (its lock, and the event recorder it reports through). */
  private leClients: ApiClient[] = [];
  /** The leader elector of the current process (null without leader election or while stopped). */
  elector: LeaderElector | null = null;
  private scope: Scope | null = null;
  informers: InformerFactory | null = null;
  deployment: DeploymentController | null = null;
  replicaSet: ReplicaSetController | null = null;
  garbageCollector: GarbageCollector | null = null;
  nodeLifecycle: NodeLifecycleController | null = null;
  taintEviction: TaintEvictionController | null = null;
  endpointSlice: EndpointSliceController | null = null;
  nodeIpam: NodeIpamController | null = null;
  podGC: PodGarbageCollector | null = null;

  constructor(
    sim: Simulation,
    machine: Machine,
    readonly opts: ControllerManagerOptions,
  ) {
    super(sim, machine, "kube-controller-manager");
  }

  get active(): boolean {
    return this._active;
  }

  set active(v: boolean) {
    if (v === this._active) return;
    this._active = v;
    if (!this.running) return;
    if (v) this.startControllers();
    else this.stopControllers();
  }

  protected onStart(): void {
    if (this.opts.leaderElect) {
      this._active = false;
      this.createElector();
      // Run: `go leaderElectAndRun(...)` right away; the controllers and their informers start in OnStartedLeading.
      this.elector!.run();
      return;
    }
    if (this._active) this.startControllers();
  }

  protected onStop(): void {
    this.stopControllers();
    if (this.elector) {
      this.elector.stop();
      this.elector = null;
      for (const c of this.leClients) c.reset();
      this.leClients = [];
      this._active = false;
    }
  }

  /**
   * leaderElectAndRun (cmd/kube-controller-manager/app/controllermanager.go): identity
   * `<hostname>_<uuid>`, a Lease lock kube-system/kube-controller-manager through a client built by
   * resourcelock.NewFromKubeconfig, events through c.EventRecorder (source component
   * "kube-controller-manager"). OnStoppedLeading: `logger.Error(nil, "leaderelection lost")` and
   * klog.FlushAndExit(klog.ExitFlushTimeout, 1).
   */
  private createElector(): void {
    const lockClient = new ApiClient(this, {
      endpoint: this.opts.apiserver,
      user: KCM_USER,
      userAgent: `${KCM_USER_AGENT}/leader-election`,
      timeout: LEADER_ELECTION_CLIENT_TIMEOUT,
    });
    const eventClient = new ApiClient(this, { endpoint: this.opts.apiserver, user: KCM_USER, userAgent: KCM_USER_AGENT });
    this.leClients = [lockClient, eventClient];
    this.elector = new LeaderElector(this, lockClient, new LegacyEventRecorder(eventClient, "kube-controller-manager"), {
      namespace: "kube-system",
      name: "kube-controller-manager",
      identity: leaderElectionIdentity(this.machine.name, this.sim.rng.uuid()),
      callbacks: {
        onStartedLeading: () => {
          this.log("became the leader; starting controllers");
          this.active = true;
        },
        onStoppedLeading: () => {
          this.log("leaderelection lost");
          exitStaticPodProcess(this);
        },
      },
    });
  }

  receive(msg: Message): void {
    for (const c of this.leClients) {
      if (c.owns(msg)) {
        c.handle(msg);
        return;
      }
    }
    for (const c of this.clients) {
      if (c.owns(msg)) {
        c.handle(msg);
        return;
      }
    }
  }

  private newClient(user: string, name: string): ApiClient {
    const c = new ApiClient(this, { endpoint: this.opts.apiserver, user, userAgent: `${KCM_USER_AGENT}/${name}` });
    this.clients.push(c);
    return c;
  }

  private startControllers(): void {
    this.stopControllers();
    const scope = (this.scope = new Scope(this));
    const informers = (this.informers = new InformerFactory(this.newClient(KCM_USER, "shared-informers")));
    const ctx: ControllerContext = {
      scope,
      informers,
      client: (name) => this.newClient(`system:serviceaccount:kube-system:${name}`, name),
      recorder: (client, component) => new LegacyEventRecorder(client, component),
      log: (text) => this.log(text),
    };
    // The order of NewControllerDescriptors: every controller registers its informers before any starts.
    this.deployment = new DeploymentController(ctx);
    this.replicaSet = new ReplicaSetController(ctx);
    this.garbageCollector = new GarbageCollector(ctx);
    this.nodeIpam = new NodeIpamController(ctx);
    this.nodeLifecycle = new NodeLifecycleController(ctx);
    this.taintEviction = new TaintEvictionController(ctx);
    this.endpointSlice = new EndpointSliceController(ctx);
    this.podGC = new PodGarbageCollector(ctx);
    const controllers: Controller[] = [this.deployment, this.replicaSet, this.garbageCollector, this.nodeIpam, this.nodeLifecycle, this.taintEviction, this.endpointSlice, this.podGC];
    informers.start();
    informers.onSynced(() => {
      if (scope !== this.scope || !scope.isAlive) return;
      for (const c of controllers) c.run();
    });
  }

  private stopControllers(): void {
    this.scope?.kill();
    this.scope = null;
    this.informers?.stop();
    this.informers = null;
    for (const c of this.clients) c.reset();
    this.clients = [];
    this.deployment = this.replicaSet = null;
    this.garbageCollector = this.nodeLifecycle = this.taintEviction = this.endpointSlice = this.nodeIpam = this.podGC = null;
  }
}
