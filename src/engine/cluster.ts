import { Machine, Simulation, type Actor, type LogEntry } from "./sim";
import type { SimTime } from "./time";
import { DEFAULT_TOPOLOGY, controlPlaneIP, controlPlaneName, workerIP, workerName, type Topology } from "./topology";
import { EtcdMember } from "./etcd/member";
import { MvccStore, type WatchChange } from "./etcd/store";
import { KubeApiServer } from "./apiserver/apiserver";
import { LoadBalancer } from "./net/loadbalancer";
import { Kubectl } from "./kubectl/kubectl";
import { KubeScheduler } from "./scheduler/actor";
import { KubeControllerManager } from "./controllers/manager";
import { Kubelet } from "./kubelet/kubelet";
import { ContainerRuntime } from "./kubelet/runtime";
import { ImageRegistry } from "./kubelet/registry";
import { KubeProxy } from "./kubeproxy/kubeproxy";
import { bootstrapObjects } from "./bootstrap";
import { forgetExit } from "./kubelet/staticpod";
import type { KEvent, KObject } from "./api/types";
import type { Action, ActionResult } from "./kubectl/action";

export { parseTopology, type Topology } from "./topology";

export interface ClusterOptions {
  seed: number;
  topology?: Topology;
}

export interface NodeMachine {
  machine: Machine;
  kubelet: Kubelet;
  proxy: KubeProxy;
  runtime: ContainerRuntime;
}

export interface ControlPlane {
  machine: Machine;
  etcd: EtcdMember;
  apiserver: KubeApiServer;
  scheduler: KubeScheduler;
  controllerManager: KubeControllerManager;
}

/** The component names `stop COMPONENT@NODE` accepts. */
export const COMPONENTS = ["kube-apiserver", "etcd", "kube-scheduler", "kube-controller-manager", "kubelet", "kube-proxy", "containerd"] as const;

/**
 * A whole simulated cluster as kubeadm would leave it: control-plane nodes running the control plane
 * (stacked etcd), workers, a load balancer on the control-plane endpoint, the user's kubectl and an
 * image registry. Every node, control planes included, runs a kubelet, kube-proxy and containerd.
 */
export class Cluster {
  readonly sim: Simulation;
  readonly topology: Topology;
  readonly controlPlanes: ControlPlane[] = [];
  readonly nodes: NodeMachine[] = [];
  readonly loadBalancer: LoadBalancer;
  readonly kubectl: Kubectl;
  readonly registry: ImageRegistry;
  private readonly eventListeners: ((ev: KEvent, t: SimTime) => void)[] = [];
  /**
   * The committed etcd key space, fed by the first member to apply each index: what `objects()`, the
   * event listeners and the page read. Its listeners hear every committed change once.
   */
  readonly committed = new MvccStore();
  /** The last Raft index applied to `committed` (the members' bootstrap index). */
  private committedIndex = 1;

  constructor(opts: ClusterOptions) {
    this.topology = opts.topology ?? DEFAULT_TOPOLOGY;
    const sim = (this.sim = new Simulation({ seed: opts.seed }));
    const { masters, workers } = this.topology;

    const apiservers: string[] = [];
    for (let i = 1; i <= masters; i++) apiservers.push(`kube-apiserver@${controlPlaneName(i)}`);

    const ext = (name: string) => sim.addMachine(new Machine(name, "external"));
    this.loadBalancer = sim.addActor(new LoadBalancer(sim, ext("load-balancer"), apiservers));
    this.kubectl = sim.addActor(new Kubectl(sim, ext("kubectl"), this.loadBalancer.id));
    this.registry = sim.addActor(new ImageRegistry(sim, ext("image-registry")));

    const bootstrap = bootstrapObjects(sim.rng, this.topology);
    const bootstrapOps = bootstrap.map((o) => ({ op: "put" as const, key: o.key, value: o.object }));
    // Every member starts from the same data at the same revision, as kubeadm leaves a stacked etcd cluster.
    this.committed.txn(bootstrapOps);
    const etcdPeers: string[] = [];
    for (let i = 1; i <= masters; i++) etcdPeers.push(`etcd@${controlPlaneName(i)}`);
    for (let i = 1; i <= masters; i++) {
      const machine = sim.addMachine(new Machine(controlPlaneName(i), "control-plane"));
      const etcd = sim.addActor(new EtcdMember(sim, machine, etcdPeers));
      etcd.store.txn(bootstrapOps);
      etcd.applyListeners.push((index, _term, _data, member, changes) => this.observeApply(index, member, changes));
      const apiserver = sim.addActor(new KubeApiServer(sim, machine, etcd.id));
      const scheduler = sim.addActor(new KubeScheduler(sim, machine, { apiserver: apiserver.id, leaderElect: true }));
      const controllerManager = sim.addActor(new KubeControllerManager(sim, machine, { apiserver: apiserver.id, leaderElect: true }));
      this.controlPlanes.push({ machine, etcd, apiserver, scheduler, controllerManager });
      this.nodes.push(this.addNodeComponents(machine, controlPlaneIP(i), true));
    }
    for (let i = 1; i <= workers; i++) {
      const machine = sim.addMachine(new Machine(workerName(i), "worker"));
      this.nodes.push(this.addNodeComponents(machine, workerIP(i), false));
    }
    this.committed.listeners.push((changes) => {
      for (const ch of changes) {
        if (ch.type === "PUT" && ch.kv.value.kind === "Event") for (const l of this.eventListeners) l(ch.kv.value as KEvent, sim.now);
      }
    });
    // Boot order: etcd, then the API servers, then everything else (kubelets retry until the API answers).
    const all = [...sim.actors.values()];
    const order = (a: Actor) => (a instanceof EtcdMember ? 0 : a instanceof KubeApiServer ? 1 : 2);
    for (const a of all.sort((x, y) => order(x) - order(y))) a.start();
  }

  private addNodeComponents(machine: Machine, ip: string, controlPlane: boolean): NodeMachine {
    const sim = this.sim;
    const runtime = sim.addActor(new ContainerRuntime(sim, machine, { registry: this.registry.id }));
    const kubelet = sim.addActor(
      new Kubelet(sim, machine, { endpoint: this.loadBalancer.id, runtime: runtime.id, nodeIP: ip, controlPlane }),
    );
    const proxy = sim.addActor(new KubeProxy(sim, machine, { endpoint: this.loadBalancer.id }));
    return { machine, kubelet, proxy, runtime };
  }

  get now(): SimTime {
    return this.sim.now;
  }

  runUntil(t: SimTime): void {
    this.sim.runUntil(t);
  }

  /** Every API object in etcd now: the committed state, whichever members are up (see `committed`). */
  objects(): KObject[] {
    return this.committed.values().map((kv) => kv.value);
  }

  /**
   * The first member to apply each log index applies it here too: Raft makes every member apply the
   * same entries in the same order, so this is the cluster's committed state, independent of which
   * members run. (A member that catches up by snapshot only reaches indices applied here already.)
   */
  private observeApply(index: number, member: EtcdMember, changes: WatchChange[]): void {
    if (index <= this.committedIndex) return;
    if (index !== this.committedIndex + 1) throw new Error(`etcd: committed view at ${this.committedIndex} cannot apply ${index}`);
    this.committedIndex = index;
    // The member's own KeyValues, shared (no second copy of every object).
    if (changes.length) this.committed.applyCommitted(changes, member.store.revision);
  }

  onEvent(cb: (ev: KEvent, t: SimTime) => void): void {
    this.eventListeners.push(cb);
  }

  onLog(cb: (entry: LogEntry) => void): void {
    this.sim.logListeners.push(cb);
  }

  nodeNames(): string[] {
    return this.nodes.map((n) => n.machine.name);
  }

  machineNames(): string[] {
    return [...this.sim.machines.keys()];
  }

  /** Runs `action` at sim time `at`; `done` gets the result, in sim time. */
  schedule(at: SimTime, action: Action, done: (r: ActionResult) => void): void {
    this.sim.schedule(at, null, () => this.execute(action, done));
  }

  /** Runs `action` now. */
  execute(action: Action, done: (r: ActionResult) => void): void {
    switch (action.type) {
      case "stop-node":
      case "start-node": {
        const m = this.sim.machines.get(action.node);
        if (!m) return done({ ok: false, error: `error: machine "${action.node}" not found` });
        const stop = action.type === "stop-node";
        if (m.running !== stop) return done({ ok: true, output: `${action.node} is already ${stop ? "stopped" : "running"}` });
        if (stop) this.sim.stopMachine(action.node);
        else this.sim.startMachine(action.node);
        return done({ ok: true, output: `${action.node} ${stop ? "stopped" : "started"}` });
      }
      case "stop-component":
      case "start-component": {
        const id = `${action.component}@${action.node}`;
        const a = this.sim.actors.get(id);
        if (!a) return done({ ok: false, error: `error: component "${id}" not found` });
        const stop = action.type === "stop-component";
        if (!stop && !a.machine.running) return done({ ok: false, error: `error: cannot start ${id}: machine ${action.node} is stopped` });
        // The user's word wins over a kubelet restart pending after the process exited on its own.
        forgetExit(a);
        if (a.running !== stop) return done({ ok: true, output: `${id} is already ${stop ? "stopped" : "running"}` });
        if (stop) a.stop();
        else a.start();
        return done({ ok: true, output: `${id} ${stop ? "stopped" : "started"}` });
      }
      case "partition":
      case "heal": {
        // Machine.partitioned: the simulation drops every message to or from it, in flight ones included.
        const m = this.sim.machines.get(action.node);
        if (!m) return done({ ok: false, error: `error: machine "${action.node}" not found` });
        const cut = action.type === "partition";
        if (m.partitioned === cut) return done({ ok: true, output: `${action.node} is already ${cut ? "partitioned" : "connected"}` });
        m.partitioned = cut;
        return done({ ok: true, output: `${action.node} ${cut ? "partitioned" : "healed"}` });
      }
      default:
        if (!this.kubectl.running) return done({ ok: false, error: "error: kubectl is not running" });
        this.kubectl.run(action, done);
    }
  }
}
