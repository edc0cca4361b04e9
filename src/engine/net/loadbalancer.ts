import { Actor, type ActorId, type Machine, type Message, type Simulation } from "../sim";
import type { ApiMessage } from "../api/wire";

/**
 * The TCP load balancer in front of the API servers (kubeadm's HA guide uses HAProxy or kube-vip on
 * the control-plane endpoint). Requests arrive here and go on to one API server, round-robin;
 * replies and watch events travel back through it along the request's return path.
 */
export class LoadBalancer extends Actor {
  private next = 0;

  constructor(
    sim: Simulation,
    machine: Machine,
    readonly backends: ActorId[],
  ) {
    super(sim, machine, "load-balancer", "load-balancer");
  }

  /** The backends it would send a new connection to. Health checks come with the HA control plane. */
  protected healthyBackends(): ActorId[] {
    return this.backends;
  }

  receive(msg: Message): void {
    const body = msg.body as ApiMessage;
    const { kind, ref } = msg.flow;
    if (body.kind === "request") {
      const backends = this.healthyBackends();
      if (!backends.length) return;
      const to = backends[this.next++ % backends.length];
      const req = { ...body.req, returnPath: [...body.req.returnPath, this.id] };
      this.send(to, kind, ref, { kind: "request", req } satisfies ApiMessage);
      return;
    }
    const path = body.returnPath;
    if (!path.length) return;
    this.send(path[path.length - 1], kind, ref, { ...body, returnPath: path.slice(0, -1) });
  }
}
