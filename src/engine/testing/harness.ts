import { Actor, Machine, Simulation, type Message } from "../sim";
import { ApiClient } from "../client/apiclient";
import { EtcdMember } from "../etcd/member";
import { KubeApiServer } from "../apiserver/apiserver";
import { bootstrapObjects } from "../bootstrap";
import type { ApiResponse } from "../api/wire";

/** An actor that only owns an ApiClient: tests use it to talk to the API like any component. */
export class TestClient extends Actor {
  readonly client: ApiClient;

  constructor(sim: Simulation, machine: Machine, endpoint: string, user = "test") {
    super(sim, machine, "test-client", `test-client@${machine.name}`);
    this.client = new ApiClient(this, { endpoint, user, userAgent: "test" });
  }

  receive(msg: Message): void {
    this.client.handle(msg);
  }
}

/**
 * A minimal control plane for API-level tests: one machine with etcd and kube-apiserver (bootstrapped
 * as in a real cluster) and a test client on it. No controllers, scheduler or kubelets.
 */
export function apiHarness(seed = 1) {
  const sim = new Simulation({ seed });
  const machine = sim.addMachine(new Machine("control-plane-1", "control-plane"));
  const etcd = sim.addActor(new EtcdMember(sim, machine));
  etcd.store.txn(bootstrapObjects(sim.rng, { masters: 1, workers: 0 }).map((o) => ({ op: "put" as const, key: o.key, value: o.object })));
  const apiserver = sim.addActor(new KubeApiServer(sim, machine, etcd.id));
  const tester = sim.addActor(new TestClient(sim, machine, apiserver.id));
  etcd.start();
  apiserver.start();
  tester.start();
  /** Sends one request and runs the simulation until its answer arrives. */
  const call = (send: (client: ApiClient, cb: (r: ApiResponse) => void) => void): ApiResponse => {
    let res: ApiResponse | undefined;
    send(tester.client, (r) => (res = r));
    for (let i = 0; i < 100000 && !res; i++) if (!sim.step()) break;
    if (!res) throw new Error("no response");
    return res;
  };
  return { sim, machine, etcd, apiserver, tester, client: tester.client, call };
}
