import type { Actor, ActorId, FlowKind, Message } from "../sim";
import { refOf, type Resource } from "../api/resources";
import type { ApiMessage, ApiRequest, ApiResponse, ServerIncarnation, Verb, WatchEvent } from "../api/wire";
import type { KObject } from "../api/types";
import type { SimTime } from "../time";

export interface ApiClientOptions {
  /** Where requests go: the load balancer (`load-balancer`) or a local kube-apiserver id. */
  endpoint: ActorId;
  /** The authenticated identity, e.g. `system:kube-scheduler`, `system:node:worker-1`, `kubernetes-admin`. */
  user: string;
  userAgent: string;
  /** Give up on a request with no answer after this long (ms); 0 never gives up (kubectl's default). */
  timeout?: SimTime;
  /**
   * Model the TCP dial of each new connection (kubectl: every command is a new process): when the
   * endpoint's machine is down or cut off at the first request, nothing answers the handshake and every
   * request on that connection fails with `dial tcp ADDRESS: i/o timeout` after DIAL_TIMEOUT.
   * The endpoint's address as the error prints it, e.g. `192.168.0.10:6443`.
   */
  dialAddress?: string;
}

/**
 * client-go's transport dials with net.Dialer{Timeout: 30s} (k8s.io/client-go/transport/cache.go,
 * k8s.io/apimachinery/pkg/util/net): an unanswered TCP handshake fails after 30 s.
 */
export const DIAL_TIMEOUT = 30_000;

export type RequestOptions = Omit<ApiRequest, "reqId" | "client" | "returnPath" | "user" | "userAgent" | "verb" | "resource" | "conn" | "server">;

/**
 * golang.org/x/net/http2 health check as client-go configures it (k8s.io/client-go/transport
 * `ReadIdleTimeout` 30s, `PingTimeout` 15s): after 30s without a frame from the server the client
 * pings, and if no answer comes within 15s the connection is declared dead.
 */
export const HTTP2_READ_IDLE_TIMEOUT = 30_000;
export const HTTP2_PING_TIMEOUT = 15_000;

/**
 * Linux TCP's first retransmission timeout on a LAN (TCP_RTO_MIN, 200 ms, include/net/tcp.h), doubled
 * after each try. A ping is a frame on the connection's TCP stream: lost on a cut network, it is sent
 * again at 0.2, 0.6, 1.4, 3.0, 6.2 and 12.6 s, until it is answered or the ping timeout gives up on the
 * connection, so a cut that heals within the 15 s lets it through and the connection lives.
 */
export const TCP_RTO_MIN = 200;

export type ResponseHandler = (res: ApiResponse) => void;

export interface WatchHandlers {
  onEvent(ev: WatchEvent): void;
  /** The watch ended (its request failed or the client gave up on it); the informer relists. */
  onClose(reason: string): void;
}

/** The flow kind a verb travels as on the canvas. */
export function flowKindForVerb(verb: Verb, resource: Resource): FlowKind {
  switch (verb) {
    case "create":
      return resource === "events" ? "event" : "create";
    case "update":
      return resource === "leases" ? "lease renew" : "update";
    case "updateStatus":
    case "patchStatus":
      return "status update";
    case "patch":
      return "patch";
    case "delete":
      return "delete";
    case "get":
      return "get";
    case "list":
      return "list";
    case "watch":
      return "watch";
    case "bind":
      return "bind";
    case "ping":
      return "ping";
  }
}

/**
 * Request ids are unique per actor, not per client, so several clients in one process (kube-controller-manager
 * gives every controller its own) never share an id and each can tell its replies apart (`owns`).
 */
const nextIdByActor = new WeakMap<Actor, number>();

/**
 * A component's connection to the API: client-go's REST client in miniature. It sends requests as
 * messages, matches the replies, and keeps long-running watches. The owning actor passes every
 * message it receives to `handle` first.
 */
export class ApiClient {
  private readonly pending = new Map<number, ResponseHandler>();
  private readonly watches = new Map<number, WatchHandlers>();
  readonly timeout: SimTime;
  /** The current connection's number, and the server process it reached. */
  private conn = 1;
  private server: ServerIncarnation | undefined;
  private lastHeard = 0;
  private healthArmed = false;
  /** The connection a health-check ping is on its way on, if any: no other check until it is answered or lost. */
  private pingingConn = 0;
  /** The last ping as it went out (none when its connection could not be dialled): what TCP sends again. */
  private sentPing: { ref: string; msg: ApiMessage } | null = null;
  /** The connection whose dial was last checked, and when it started if nothing answers it. */
  private dialedConn = 0;
  private deadDialSince: SimTime | null = null;
  /** How many connections this client has lost (for tests and the inspector). */
  connectionsLost = 0;

  constructor(
    readonly owner: Actor,
    readonly options: ApiClientOptions,
  ) {
    this.timeout = options.timeout ?? 60_000;
  }

  /** Forget every request and watch: the process restarted, its connections are gone. */
  reset(): void {
    this.pending.clear();
    this.watches.clear();
    this.newConnection();
  }

  /**
   * Opens a new TCP connection for the requests that follow, as a new process does (every kubectl
   * command dials the API server again); requests in flight finish on the old one.
   */
  newConnection(): void {
    this.conn++;
    this.server = undefined;
    this.healthArmed = false;
    // A new connection's read-idle timer starts when it opens (x/net/http2 clientConnReadLoop.run).
    this.lastHeard = this.owner.now;
  }

  request(verb: Verb, resource: Resource, opts: RequestOptions, onResponse: ResponseHandler, kind?: FlowKind): number {
    const reqId = nextIdByActor.get(this.owner) ?? 1;
    nextIdByActor.set(this.owner, reqId + 1);
    const req: ApiRequest = {
      ...opts,
      reqId,
      client: this.owner.id,
      returnPath: [this.owner.id],
      conn: this.conn,
      server: this.server,
      user: this.options.user,
      userAgent: this.options.userAgent,
      verb,
      resource,
    };
    const name = opts.name ?? (opts.body as KObject | undefined)?.metadata?.name ?? "";
    const ref = refOf(resource, opts.namespace, name);
    this.pending.set(reqId, onResponse);
    const address = this.options.dialAddress;
    if (address !== undefined) {
      if (this.dialedConn !== this.conn) {
        this.dialedConn = this.conn;
        this.deadDialSince = this.owner.sim.reachable(this.owner, this.options.endpoint) ? null : this.owner.now;
      }
      if (this.deadDialSince !== null) {
        // No handshake: the request never leaves; it fails when the dial times out.
        this.owner.after(Math.max(0, this.deadDialSince + DIAL_TIMEOUT - this.owner.now), () => {
          const h = this.pending.get(reqId);
          if (!h) return;
          this.pending.delete(reqId);
          h({ reqId, code: 0, transportError: `dial tcp ${address}: i/o timeout` });
        });
        return reqId;
      }
    }
    const msg: ApiMessage = { kind: "request", req };
    if (verb === "ping") this.sentPing = { ref, msg };
    this.owner.send(this.options.endpoint, kind ?? flowKindForVerb(verb, resource), ref, msg);
    this.armHealthCheck();
    if (verb !== "watch" && verb !== "ping" && this.timeout > 0) {
      this.owner.after(this.timeout, () => {
        const h = this.pending.get(reqId);
        if (!h) return;
        this.pending.delete(reqId);
        h({ reqId, code: 0, transportError: `Get "https://${this.options.endpoint}:6443": context deadline exceeded` });
      });
    }
    return reqId;
  }

  create<T extends KObject>(resource: Resource, obj: T, cb: ResponseHandler = noop): number {
    return this.request("create", resource, { namespace: obj.metadata.namespace, body: obj }, cb);
  }

  update<T extends KObject>(resource: Resource, obj: T, cb: ResponseHandler = noop): number {
    return this.request("update", resource, { namespace: obj.metadata.namespace, name: obj.metadata.name, body: obj }, cb);
  }

  updateStatus<T extends KObject>(resource: Resource, obj: T, cb: ResponseHandler = noop): number {
    return this.request("updateStatus", resource, { namespace: obj.metadata.namespace, name: obj.metadata.name, body: obj }, cb);
  }

  patch(resource: Resource, namespace: string | undefined, name: string, patch: unknown, cb: ResponseHandler = noop): number {
    return this.request("patch", resource, { namespace, name, body: patch }, cb);
  }

  patchStatus(resource: Resource, namespace: string | undefined, name: string, patch: unknown, cb: ResponseHandler = noop): number {
    return this.request("patchStatus", resource, { namespace, name, body: patch }, cb);
  }

  delete(resource: Resource, namespace: string | undefined, name: string, opts: Pick<RequestOptions, "gracePeriodSeconds" | "propagationPolicy" | "preconditionUid"> = {}, cb: ResponseHandler = noop): number {
    return this.request("delete", resource, { namespace, name, ...opts }, cb);
  }

  get(resource: Resource, namespace: string | undefined, name: string, cb: ResponseHandler): number {
    return this.request("get", resource, { namespace, name }, cb);
  }

  list(resource: Resource, opts: Pick<RequestOptions, "namespace" | "labelSelector" | "fieldSelector" | "resourceVersion">, cb: ResponseHandler): number {
    return this.request("list", resource, opts, cb);
  }

  /** POST pods/NAME/binding: assigns the pod to a node. */
  bind(namespace: string, name: string, uid: string, nodeName: string, cb: ResponseHandler = noop): number {
    return this.request("bind", "pods", { namespace, name, body: { nodeName }, preconditionUid: uid }, cb);
  }

  watch(resource: Resource, opts: Pick<RequestOptions, "namespace" | "labelSelector" | "fieldSelector" | "resourceVersion">, handlers: WatchHandlers): number {
    let reqId = 0;
    reqId = this.request("watch", resource, opts, (res) => {
      // A watch only gets a direct response when it failed to start (or the server ended it).
      this.watches.delete(reqId);
      handlers.onClose(res.error?.message ?? res.transportError ?? "watch closed");
    });
    this.watches.set(reqId, handlers);
    return reqId;
  }

  /** Stops a watch on the client side (the server-side watcher is dropped when it next fails to deliver). */
  stopWatch(watchId: number): void {
    this.watches.delete(watchId);
    this.pending.delete(watchId);
  }

  /** Whether `msg` answers a pending request or an open watch of this client (several clients can share an actor). */
  owns(msg: Message): boolean {
    const body = msg.body as ApiMessage;
    if (body.kind === "response") return this.pending.has(body.res.reqId);
    if (body.kind === "watch") return this.watches.has(body.ev.watchId);
    return false;
  }

  /** Handles a reply or watch event addressed to this client. Returns false for anything else. */
  handle(msg: Message): boolean {
    const body = msg.body as ApiMessage;
    if (body.kind === "response") {
      const res = body.res;
      if (res.reset) {
        // The server process this connection belonged to is gone: every stream on it fails.
        if (!res.server || res.server.id === this.server?.id) this.connectionLost(res.transportError ?? "connection reset by peer");
        return true;
      }
      this.lastHeard = this.owner.now;
      if (res.server && !this.server) this.server = res.server;
      const h = this.pending.get(res.reqId);
      if (h) {
        this.pending.delete(body.res.reqId);
        h(body.res);
      }
      return true;
    }
    if (body.kind === "watch") {
      this.lastHeard = this.owner.now;
      const w = this.watches.get(body.ev.watchId);
      if (w) w.onEvent(body.ev);
      return true;
    }
    return false;
  }

  /** Keeps the HTTP/2 health check running while there is anything open on the connection. */
  private armHealthCheck(): void {
    if (this.healthArmed || this.pingingConn === this.conn) return;
    this.healthArmed = true;
    const conn = this.conn;
    const wait = Math.max(1, this.lastHeard + HTTP2_READ_IDLE_TIMEOUT - this.owner.now);
    this.owner.after(wait, () => this.healthCheck(conn));
  }

  private healthCheck(conn: number): void {
    if (conn !== this.conn) return;
    this.healthArmed = false;
    if (!this.watches.size && !this.pending.size) return;
    const idle = this.owner.now - this.lastHeard;
    if (idle < HTTP2_READ_IDLE_TIMEOUT) return this.armHealthCheck();
    // Idle for ReadIdleTimeout: one ping, and give up on the connection after PingTimeout. No other check
    // until the ping is answered: x/net/http2's read-idle timer fires once and is reset only by a frame
    // read (transport.go, ClientConn.readLoop and healthCheck).
    const heardBefore = this.lastHeard;
    this.pingingConn = conn;
    // The ping is over (answered, or outrun by other frames): the checks go on from the last frame.
    const settled = () => {
      if (this.pingingConn !== conn) return;
      this.pingingConn = 0;
      this.armHealthCheck();
    };
    this.sentPing = null;
    const reqId = this.request("ping", "namespaces", {}, settled, "ping");
    const sent = this.sentPing as { ref: string; msg: ApiMessage } | null;
    if (sent) this.retransmit(conn, reqId, sent, 0, TCP_RTO_MIN);
    this.owner.after(HTTP2_PING_TIMEOUT, () => {
      if (conn !== this.conn) return;
      if (this.lastHeard === heardBefore) return this.connectionLost("http2: client connection lost");
      // Other frames came, the ping's answer did not: the connection lives on, and so do its checks.
      settled();
    });
  }

  /**
   * TCP sends the ping again `rto` ms after its last try while it is unanswered (see TCP_RTO_MIN). A ping
   * that got through is answered within a few ms, long before the first retry. `since`: ms since the ping.
   */
  private retransmit(conn: number, reqId: number, ping: { ref: string; msg: ApiMessage }, since: number, rto: number): void {
    if (since + rto >= HTTP2_PING_TIMEOUT) return;
    this.owner.after(rto, () => {
      if (conn !== this.conn || this.pingingConn !== conn || !this.pending.has(reqId)) return;
      this.owner.send(this.options.endpoint, "ping", ping.ref, ping.msg);
      this.retransmit(conn, reqId, ping, since + rto, rto * 2);
    });
  }

  /** The connection died: fail every pending request, end every watch, and start a fresh connection. */
  private connectionLost(reason: string): void {
    this.connectionsLost++;
    this.newConnection();
    const watches = [...this.watches];
    const pending = [...this.pending].filter(([reqId]) => !this.watches.has(reqId));
    this.pending.clear();
    this.watches.clear();
    for (const [reqId, h] of pending) h({ reqId, code: 0, transportError: reason });
    for (const [, w] of watches) w.onClose(reason);
  }
}

function noop(): void {}
