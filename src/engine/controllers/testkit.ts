import { Actor, Machine, Simulation, type Message } from "../sim";
import { ApiClient } from "../client/apiclient";
import { EtcdMember } from "../etcd/member";
import { KubeApiServer } from "../apiserver/apiserver";
import { bootstrapObjects } from "../bootstrap";
import type { ApiResponse } from "../api/wire";
import type { KEvent, KObject, Lease, Node, Pod } from "../api/types";
import { rfc3339, rfc3339Micro } from "../time";
import { KubeControllerManager } from "./manager";

/**
 * Test support for the controllers: a control plane (etcd, kube-apiserver, kube-controller-manager)
 * with stand-in kubelets that register their Node, post Ready once at start and renew their Lease every
 * 10s, as kubelet does (nodeStatusUpdateFrequency / lease renew interval). No scheduler: tests bind pods
 * themselves through `tester`.
 */
export class FakeKubelet extends Actor {
  client: ApiClient;
  renewals: number[] = [];

  constructor(
    sim: Simulation,
    machine: Machine,
    readonly apiserver: string,
  ) {
    super(sim, machine, "kubelet");
    this.client = this.newClient();
  }

  private newClient(): ApiClient {
    return new ApiClient(this, { endpoint: this.apiserver, user: `system:node:${this.machine.name}`, userAgent: "kubelet/v1.32.0 (linux/amd64) kubernetes/70d3cc9" });
  }

  receive(msg: Message): void {
    this.client.handle(msg);
  }

  protected onStart(): void {
    this.client = this.newClient();
    const name = this.machine.name;
    const ts = rfc3339(this.now);
    const conditions: Node["status"]["conditions"] = [
      { type: "MemoryPressure", status: "False", lastHeartbeatTime: ts, lastTransitionTime: ts, reason: "KubeletHasSufficientMemory", message: "kubelet has sufficient memory available" },
      { type: "DiskPressure", status: "False", lastHeartbeatTime: ts, lastTransitionTime: ts, reason: "KubeletHasNoDiskPressure", message: "kubelet has no disk pressure" },
      { type: "PIDPressure", status: "False", lastHeartbeatTime: ts, lastTransitionTime: ts, reason: "KubeletHasSufficientPID", message: "kubelet has sufficient PID available" },
      { type: "Ready", status: "True", lastHeartbeatTime: ts, lastTransitionTime: ts, reason: "KubeletReady", message: "kubelet is posting ready status" },
    ];
    this.client.get("nodes", undefined, name, (res) => {
      if (res.code === 404) {
        const node = {
          apiVersion: "v1",
          kind: "Node",
          metadata: { name, labels: { "kubernetes.io/hostname": name, "kubernetes.io/os": "linux" } },
          spec: {},
          status: { capacity: { cpu: "2", memory: "4Gi", pods: "110" }, allocatable: { cpu: "2", memory: "4Gi", pods: "110" }, conditions, addresses: [], nodeInfo: {} },
        } as unknown as Node;
        this.client.create("nodes", node, () => this.client.patchStatus("nodes", undefined, name, { status: { conditions } }, () => this.renew()));
      } else {
        this.client.patchStatus("nodes", undefined, name, { status: { conditions } }, () => this.renew());
      }
    });
  }

  private renew(): void {
    const name = this.machine.name;
    const spec = { holderIdentity: name, leaseDurationSeconds: 40, renewTime: rfc3339Micro(this.now) };
    this.renewals.push(this.now);
    this.client.patch("leases", "kube-node-lease", name, { spec }, (res) => {
      if (res.code === 404) {
        const lease = { apiVersion: "coordination.k8s.io/v1", kind: "Lease", metadata: { name, namespace: "kube-node-lease" }, spec } as unknown as Lease;
        this.client.create("leases", lease);
      }
    });
    this.after(10_000, () => this.renew());
  }
}

/** An actor that only owns an ApiClient. */
export class Tester extends Actor {
  readonly client: ApiClient;
  constructor(sim: Simulation, machine: Machine, endpoint: string) {
    super(sim, machine, "tester", "tester");
    this.client = new ApiClient(this, { endpoint, user: "kubernetes-admin", userAgent: "test" });
  }
  receive(msg: Message): void {
    this.client.handle(msg);
  }
}

export function kcmHarness(seed: number, workers: string[]) {
  const sim = new Simulation({ seed });
  const cp = sim.addMachine(new Machine("control-plane-1", "control-plane"));
  const etcd = sim.addActor(new EtcdMember(sim, cp));
  etcd.store.txn(bootstrapObjects(sim.rng, { masters: 1, workers: 0 }).map((o) => ({ op: "put" as const, key: o.key, value: o.object })));
  const apiserver = sim.addActor(new KubeApiServer(sim, cp, etcd.id));
  const kcm = sim.addActor(new KubeControllerManager(sim, cp, { apiserver: apiserver.id }));
  const tester = sim.addActor(new Tester(sim, sim.addMachine(new Machine("admin", "external")), apiserver.id));
  const kubelets = workers.map((w) => sim.addActor(new FakeKubelet(sim, sim.addMachine(new Machine(w, "worker")), apiserver.id)));
  const events: { t: number; ev: KEvent }[] = [];
  /** Every object version written, in commit order. */
  const writes: { t: number; type: "PUT" | "DELETE"; obj: KObject }[] = [];
  etcd.store.listeners.push((changes) => {
    for (const ch of changes) {
      if (ch.type === "PUT" && ch.kv.value.kind === "Event") events.push({ t: sim.now, ev: ch.kv.value as KEvent });
      else writes.push({ t: sim.now, type: ch.type, obj: ch.kv.value });
    }
  });
  etcd.start();
  apiserver.start();
  kcm.start();
  tester.start();
  for (const k of kubelets) k.start();

  const objects = <T extends KObject>(kind: string): T[] => etcd.store.values().map((kv) => kv.value).filter((o) => o.kind === kind) as T[];
  /** Sends a request from the tester and runs the simulation until it is answered. */
  const call = (send: (c: ApiClient, cb: (r: ApiResponse) => void) => void): ApiResponse => {
    let res: ApiResponse | undefined;
    send(tester.client, (r) => (res = r));
    const limit = sim.now + 10_000;
    while (!res && sim.now < limit) sim.runUntil(sim.now + 1);
    if (!res) throw new Error("no response");
    return res;
  };
  /** Binds a pod to a node and reports it Running and Ready with an IP, as scheduler + kubelet would. */
  const runPod = (pod: Pod, nodeName: string, ip: string): void => {
    call((c, cb) => c.bind(pod.metadata.namespace!, pod.metadata.name, pod.metadata.uid, nodeName, cb));
    const ts = rfc3339(sim.now);
    call((c, cb) =>
      c.patchStatus("pods", pod.metadata.namespace, pod.metadata.name, {
        status: {
          phase: "Running",
          podIP: ip,
          podIPs: [{ ip }],
          conditions: [
            { type: "PodScheduled", status: "True", lastProbeTime: null, lastTransitionTime: ts },
            { type: "Initialized", status: "True", lastProbeTime: null, lastTransitionTime: ts },
            { type: "ContainersReady", status: "True", lastProbeTime: null, lastTransitionTime: ts },
            { type: "Ready", status: "True", lastProbeTime: null, lastTransitionTime: ts },
          ],
        },
      }, cb),
    );
  };
  return { sim, etcd, apiserver, kcm, tester, kubelets, events, writes, objects, call, runPod, run: (ms: number) => sim.runUntil(sim.now + ms) };
}
