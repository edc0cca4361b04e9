import { Actor, type ActorId, type Machine, type Message, type Simulation } from "../sim";
import type { ApiMessage } from "../api/wire";

/**
 * The TCP load balancer in front of the API servers (kubeadm's HA guide uses HAProxy or kube-vip on
 * the control-plane endpoint). Requests arrive here and go on to one API server, round-robin;
 * replies and watch events travel back through it along the request's return path.
 */
export class LoadBalancer extends Actor {
  private next = 0;
  /** A TCP load balancer keeps each client connection on the backend it first chose. */
  private readonly connections = new Map<string, ActorId>();

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

  protected onStop(): void {
    // Its connections die with it; clients notice through their HTTP/2 health checks.
    this.connections.clear();
  }

  receive(msg: Message): void {
    const body = msg.body as ApiMessage;
    const { kind, ref } = msg.flow;
    if (body.kind === "request") {
      const connKey = `${body.req.client}#${body.req.conn}`;
      let to = this.connections.get(connKey);
      if (!to) {
        const backends = this.healthyBackends();
        if (!backends.length) return;
        to = backends[this.next++ % backends.length];
        this.connections.set(connKey, to);
      }
      const req = { ...body.req, returnPath: [...body.req.returnPath, this.id] };
      this.send(to, kind, ref, { kind: "request", req } satisfies ApiMessage);
      return;
    }
    const path = body.returnPath;
    if (!path.length) return;
    this.send(path[path.length - 1], kind, ref, { ...body, returnPath: path.slice(0, -1) });
  }
}
