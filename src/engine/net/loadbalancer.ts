import { Actor, type ActorId, type Machine, type Message, type Simulation } from "../sim";
import type { ApiMessage } from "../api/wire";
import type { SimTime } from "../time";
import type { HealthzReply, HealthzRequest } from "../apiserver/healthz";

/**
 * kubeadm's documented HAProxy (kubernetes/kubeadm docs/ha-considerations.md, "haproxy configuration"):
 *
 *     defaults:  timeout connect 5s, timeout check 10s, retries 1, option redispatch
 *     frontend apiserver:  mode tcp
 *     backend apiserverbackend:
 *         option httpchk GET /healthz
 *         http-check expect status 200
 *         mode tcp
 *         balance roundrobin
 *         server <host> <address>:6443 check
 *
 * `check` without inter/rise/fall takes HAProxy's defaults: a check every 2 s (`inter 2s`; fastinter and
 * downinter default to inter), DOWN after 3 consecutive failures (`fall 3`), UP again after 2 consecutive
 * successes (`rise 2`) (HAProxy configuration manual, section 5.2 "inter", "fall", "rise"; HAProxy
 * Enterprise docs "Health Check Interval" / "Health Check Threshold"). A server starts UP with its health
 * at `rise`, "up, but will fall down at first failure" (HAProxy src/server.c). With `timeout check` set, a
 * check connects within min(timeout connect, inter) = 2 s and then waits up to `timeout check` (10 s) for
 * the answer. The doc's backend also lists `option ssl-hello-chk`; which of the two check options HAProxy
 * keeps is [U]; the /healthz check the doc intends is modelled.
 *
 * Traffic is plain TCP: each client connection is tied to the backend it was opened to. A connection
 * to a server that is marked DOWN is kept (no `on-marked-down shutdown-sessions`); the clients' HTTP/2
 * health pings notice a dead server. A new connection goes round-robin to an UP server; if the connect
 * fails (refused at once, or the 5 s connect timeout) it is retried once on another server
 * (`retries 1` + `option redispatch`); with no server UP (or both attempts failed) HAProxy closes the
 * client's connection, which kubectl reports as `Unable to connect to the server: EOF`.
 */

/** `inter` default (HAProxy): 2 s between checks; fastinter and downinter default to it. */
export const CHECK_INTER: SimTime = 2_000;
/** `rise` default: consecutive successes to mark a DOWN server UP. */
export const CHECK_RISE = 2;
/** `fall` default: consecutive failures to mark an UP server DOWN. */
export const CHECK_FALL = 3;
/** kubeadm's haproxy.cfg `timeout connect 5s`. */
export const TIMEOUT_CONNECT: SimTime = 5_000;
/** kubeadm's haproxy.cfg `timeout check 10s`: the read timeout of a check once connected. */
export const TIMEOUT_CHECK: SimTime = 10_000;
/** A check's connect timeout when `timeout check` is set: min(timeout connect, inter). */
export const CHECK_CONNECT_TIMEOUT: SimTime = Math.min(TIMEOUT_CONNECT, CHECK_INTER);
/** kubeadm's haproxy.cfg `retries 1` (with `option redispatch`, the retry goes to another server). */
export const CONNECT_RETRIES = 1;
/** What the client sees when HAProxy closes its connection: Go's io.EOF, as kubectl v1.32 prints it. */
export const CONNECTION_CLOSED = "EOF";
/** A refused connect (RST) comes back after one round trip. */
const REFUSED_AFTER: SimTime = 2;

/** One server line: its check state as HAProxy keeps it. */
export interface BackendState {
  /** `kube-apiserver@control-plane-1` */
  id: ActorId;
  /** The `server` line's name: the control-plane host. */
  name: string;
  up: boolean;
  /** HAProxy's health counter: 0..rise+fall-1, UP from `rise`. */
  health: number;
  /** The check in flight (0 when none). */
  checkInFlight: number;
  /** When the last check completed, and how. */
  lastCheck: { t: SimTime; ok: boolean; info: string } | null;
}

type Dial = "ok" | "refused" | "timeout";

export class LoadBalancer extends Actor {
  private next = 0;
  /** A TCP load balancer keeps each client connection on the backend it first chose. */
  private readonly connections = new Map<string, ActorId>();
  /** Connections being opened to a backend, with the requests that wait for it. */
  private readonly connecting = new Map<string, Message[]>();
  private readonly state = new Map<ActorId, BackendState>();
  private checkSeq = 0;

  constructor(
    sim: Simulation,
    machine: Machine,
    readonly backends: ActorId[],
  ) {
    super(sim, machine, "load-balancer", "load-balancer");
  }

  /** Every server's check state, in configuration order (for tests and the page). */
  backendStates(): BackendState[] {
    return this.backends.map((b) => this.state.get(b)!).filter(Boolean);
  }

  /** The backends it would send a new connection to: the servers its health checks hold UP. */
  healthyBackends(): ActorId[] {
    return this.backends.filter((b) => this.state.get(b)?.up);
  }

  protected onStart(): void {
    this.state.clear();
    this.connections.clear();
    this.connecting.clear();
    const n = this.backends.length;
    this.backends.forEach((id, i) => {
      const name = this.sim.actors.get(id)?.machine.name ?? id;
      this.state.set(id, { id, name, up: true, health: CHECK_RISE, checkInFlight: 0, lastCheck: null });
      // HAProxy spreads the first checks of a backend's servers over one interval (checks.c start_checks).
      this.after(Math.round(((i + 1) * CHECK_INTER) / n), () => this.check(id));
    });
  }

  protected onStop(): void {
    // Its connections die with it; clients notice through their HTTP/2 health checks.
    this.connections.clear();
    this.connecting.clear();
  }

  receive(msg: Message): void {
    const body = msg.body as ApiMessage | HealthzReply;
    if (body.kind === "healthz-result") return this.onCheckReply(msg.flow.from, body);
    const { kind, ref } = msg.flow;
    if (body.kind === "request") {
      const connKey = `${body.req.client}#${body.req.conn}`;
      const to = this.connections.get(connKey);
      if (to) return this.forward(to, msg);
      const waiting = this.connecting.get(connKey);
      if (waiting) {
        waiting.push(msg);
        return;
      }
      this.connecting.set(connKey, [msg]);
      this.connect(connKey, 0, undefined);
      return;
    }
    const path = body.returnPath;
    if (!path.length) return;
    this.send(path[path.length - 1], kind, ref, { ...body, returnPath: path.slice(0, -1) });
  }

  private forward(to: ActorId, msg: Message): void {
    const body = msg.body as ApiMessage & { kind: "request" };
    const req = { ...body.req, returnPath: [...body.req.returnPath, this.id] };
    this.send(to, msg.flow.kind, msg.flow.ref, { kind: "request", req } satisfies ApiMessage);
  }

  // ---- connections --------------------------------------------------------------------------------

  /** Opens the client's connection to an UP server, retrying once on another (`retries 1`, `option redispatch`). */
  private connect(connKey: string, attempt: number, previous: ActorId | undefined): void {
    const up = this.healthyBackends();
    const candidates = previous && up.length > 1 ? up.filter((b) => b !== previous) : up;
    if (!candidates.length) return this.closeClient(connKey);
    const to = candidates[this.next++ % candidates.length];
    const dial = this.dial(to);
    if (dial === "ok") {
      const waiting = this.connecting.get(connKey) ?? [];
      this.connecting.delete(connKey);
      this.connections.set(connKey, to);
      for (const m of waiting) this.forward(to, m);
      return;
    }
    this.after(dial === "refused" ? REFUSED_AFTER : TIMEOUT_CONNECT, () => {
      if (!this.connecting.has(connKey)) return;
      if (attempt < CONNECT_RETRIES) this.connect(connKey, attempt + 1, to);
      else this.closeClient(connKey);
    });
  }

  /**
   * What a TCP connect to the backend would get now: a SYN-ACK if the process listens, an RST if its
   * machine is up but nothing listens on 6443, nothing at all (timeout) if the machine is off or cut off.
   */
  private dial(id: ActorId): Dial {
    const a = this.sim.actors.get(id);
    if (!a || !a.machine.running || a.machine.partitioned || this.machine.partitioned) return "timeout";
    return a.running ? "ok" : "refused";
  }

  /** No server could take the connection: HAProxy closes it, and every request on it fails with EOF. */
  private closeClient(connKey: string): void {
    const waiting = this.connecting.get(connKey) ?? [];
    this.connecting.delete(connKey);
    for (const m of waiting) {
      const req = (m.body as ApiMessage & { kind: "request" }).req;
      const path = req.returnPath;
      const msg: ApiMessage = { kind: "response", res: { reqId: req.reqId, code: 0, reset: true, transportError: CONNECTION_CLOSED }, returnPath: path.slice(0, -1) };
      this.send(path[path.length - 1], "response", m.flow.ref, msg);
    }
  }

  // ---- health checks ------------------------------------------------------------------------------

  /** One `GET /healthz` to a server: a `health check` flow and, if it gets there, the apiserver's answer. */
  private check(id: ActorId): void {
    const st = this.state.get(id);
    if (!st) return;
    const checkId = ++this.checkSeq;
    st.checkInFlight = checkId;
    this.send(id, "health check", "/healthz", { kind: "healthz", checkId } satisfies HealthzRequest);
    const dial = this.dial(id);
    if (dial === "refused") this.after(REFUSED_AFTER, () => this.checkDone(id, checkId, false, 'Layer4 connection problem, info: "Connection refused"'));
    else if (dial === "timeout") this.after(CHECK_CONNECT_TIMEOUT, () => this.checkDone(id, checkId, false, "Layer4 timeout"));
    else this.after(TIMEOUT_CHECK, () => this.checkDone(id, checkId, false, "Layer7 timeout"));
  }

  private onCheckReply(from: ActorId, reply: HealthzReply): void {
    const ok = reply.code === 200;
    this.checkDone(from, reply.checkId, ok, ok ? "Layer7 check passed" : `Layer7 wrong status, code: ${reply.code}`);
  }

  private checkDone(id: ActorId, checkId: number, ok: boolean, info: string): void {
    const st = this.state.get(id);
    if (!st || st.checkInFlight !== checkId) return;
    st.checkInFlight = 0;
    st.lastCheck = { t: this.now, ok, info };
    if (ok) {
      if (!st.up) {
        st.health++;
        if (st.health >= CHECK_RISE) {
          st.up = true;
          st.health = CHECK_RISE + CHECK_FALL - 1;
          this.log(`Server apiserverbackend/${st.name} is UP, reason: ${info}. ${this.healthyBackends().length} active and 0 backup servers online.`);
        }
      } else st.health = CHECK_RISE + CHECK_FALL - 1;
    } else if (st.health > CHECK_RISE) {
      st.health--;
    } else {
      st.health = 0;
      if (st.up) {
        st.up = false;
        const left = this.healthyBackends().length;
        this.log(`Server apiserverbackend/${st.name} is DOWN, reason: ${info}. ${left} active and 0 backup servers left.`);
        if (!left) this.log("backend apiserverbackend has no server available!");
      }
    }
    this.after(CHECK_INTER, () => this.check(id));
  }
}
