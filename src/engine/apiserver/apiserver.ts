import { Actor, type ActorId, type Machine, type Message, type Simulation } from "../sim";
import { etcdKey, objectKey, refOf, resourceInfo, RESOURCES, type Resource } from "../api/resources";
import { selectorMatches } from "../api/labels";
import { mergePatch } from "../api/patch";
import type { KObject, Pod, PodCondition, Service } from "../api/types";
import { statusError, type ApiMessage, type ApiRequest, type ApiResponse, type StatusError, type WatchEvent } from "../api/wire";
import { ETCD_ERRORS, type EtcdReply, type EtcdRequest, type EtcdWatchClient } from "../etcd/member";
import type { KeyValue, TxnOp, WatchChange } from "../etcd/store";
import { rfc3339 } from "../time";
import { admitPodCreate } from "./admission";
import { applyDefaults } from "./defaults";
import { invalidMessage, validate } from "./validation";
import { ResourceCache, resourceOfKey, type CacheEvent } from "./watchcache";
import { deepEqual } from "./equal";
import { answerHealthz, type HealthzRequest } from "./healthz";
import { allocateClusterIP, needsClusterIP } from "./clusterip";

/** Resources that have a status subresource: a main-resource update keeps the stored status. */
const HAS_STATUS = new Set<Resource>(["pods", "nodes", "deployments", "replicasets", "services", "namespaces"]);
/** Resources whose spec changes bump metadata.generation. */
const HAS_GENERATION = new Set<Resource>(["deployments", "replicasets"]);

/**
 * Field selectors the watch cache indexes, as the cacher's IndexerFuncs do for `spec.nodeName` on pods:
 * a kubelet's watch of its own pods or Node is found without scanning every watcher.
 */
const INDEXED_FIELDS = ["spec.nodeName", "metadata.name"] as const;

/** Authentication, admission and validation of one request, before storage (ms). */
const HANDLER_MS = 1;
/** kube-apiserver retries a write whose etcd compare failed (GuaranteedUpdate) a bounded number of times. */
const MAX_UPDATE_RETRIES = 5;
/**
 * A request's deadline: kube-apiserver --request-timeout default 1m0s (k8s.io/apiserver
 * pkg/server/options/server_run_options.go); the timeout filter then answers 504
 * (pkg/endpoints/filters/timeout.go, apierrors.NewTimeoutError).
 */
const REQUEST_TIMEOUT_MS = 60_000;
const REQUEST_TIMEOUT_MESSAGE = "Timeout: request did not complete within requested timeout - context deadline exceeded";
/** --etcd-healthcheck-timeout default 2s (k8s.io/apiserver pkg/server/options/etcd.go DefaultHealthcheckTimeout). */
const ETCD_HEALTHCHECK_TIMEOUT_MS = 2000;
/** At most one etcd health check a second [U: the check runs per /healthz request upstream; this bounds it]. */
const ETCD_HEALTHCHECK_INTERVAL_MS = 1000;
/** clientv3 retries a read refused with codes.Unavailable after 25 ms ± 10% (client/v3/options.go defaultBackoffWaitBetween, defaultBackoffJitterFraction). */
const ETCD_RETRY_BACKOFF_MS = 25;
/** gRPC redials a closed connection after about a second (grpc-go backoff.DefaultConfig BaseDelay). */
const ETCD_REDIAL_MS = 1000;
/** The cacher's reflector relists after a failed list or a broken watch (client-go reflector backoff, 1s initial [U]). */
const RELIST_BACKOFF_MS = 1000;
/**
 * etcd errors with gRPC code Unavailable that clientv3's retry interceptor retries for immutable
 * requests such as Range (client/v3/retry_interceptor.go isSafeRetryImmutableRPC;
 * api/v3rpc/rpctypes/error.go: ErrGRPCTimeout, ErrGRPCLeaderChanged, ErrGRPCNoLeader are Unavailable).
 */
const UNAVAILABLE = new Set<string>([ETCD_ERRORS.timeout, ETCD_ERRORS.timeoutLeaderFail, ETCD_ERRORS.leaderChanged, ETCD_ERRORS.noLeader]);

/**
 * How kube-apiserver answers a storage error it does not recognise: a 500 Status whose reason is
 * StatusReasonUnknown ("") and whose message is the error's text (k8s.io/apiserver
 * pkg/endpoints/handlers/responsewriters/status.go ErrorToAPIStatus), so kubectl prints
 * `Error from server: etcdserver: request timed out`. Its own request deadline is a 504 Timeout.
 */
export function storageError(message: string | undefined): StatusError {
  if (message === REQUEST_TIMEOUT_MESSAGE) return statusError(504, "Timeout", message);
  return statusError(500, "", message ?? "etcd error");
}

interface EtcdCall {
  req: EtcdRequest;
  kind: "etcd txn" | "etcd range";
  ref: string;
  cb: (reply: EtcdReply) => void;
  deadline: number;
}

interface Watcher {
  id: number;
  client: ActorId;
  clientEpoch: number;
  returnPath: ActorId[];
  resource: Resource;
  namespace?: string;
  req: ApiRequest;
  /** Where it is indexed: `resource|field` and the value its field selector pins. */
  index?: { key: string; value: string };
}

type Mutation = (cur: KObject) => KObject | StatusError;

/**
 * kube-apiserver: every request is authenticated, authorized, admitted (defaulting and mutating
 * admission), validated, then written to its local etcd member; reads and watches are served from a
 * watch cache that an etcd watch keeps current, so a write reaches informers as etcd → apiserver →
 * watchers.
 */
export class KubeApiServer extends Actor implements EtcdWatchClient {
  private readonly caches = new Map<Resource, ResourceCache>();
  private cacheReady = false;
  private cacheRevision = 0;
  private readonly waiting: ApiRequest[] = [];
  private readonly etcdPending = new Map<number, EtcdCall>();
  private etcdReqId = 1;
  /** The etcd watch that feeds the watch cache (its reqId), or 0 while there is none. */
  private etcdWatchId = 0;
  private lastHealthCheckAt = -Infinity;
  private healthCheckInFlight = false;
  private etcdHealthy = false;
  private readonly watchersByResource = new Map<Resource, Set<Watcher>>();
  /** Watchers whose field selector pins an indexed field, by `resource|field`, then by value. */
  private readonly indexedWatchers = new Map<string, Map<string, Set<Watcher>>>();
  private nextWatcherId = 1;

  constructor(
    sim: Simulation,
    machine: Machine,
    readonly etcd: ActorId,
  ) {
    super(sim, machine, "kube-apiserver");
  }

  /** Whether this API server has initialised its watch cache and serves requests (`/readyz`). */
  get ready(): boolean {
    return this.running && this.cacheReady;
  }

  /** What the last completed `/healthz` etcd check said, without starting one (for the page). */
  get etcdCheckPassing(): boolean {
    return this.running && this.etcdHealthy;
  }

  protected onStart(): void {
    this.caches.clear();
    this.cacheReady = false;
    this.watchersByResource.clear();
    this.indexedWatchers.clear();
    this.etcdPending.clear();
    this.etcdWatchId = 0;
    this.etcdHealthy = false;
    this.healthCheckInFlight = false;
    this.lastHealthCheckAt = -Infinity;
    this.listAndWatch();
  }

  protected onStop(): void {
    this.waiting.length = 0;
  }

  /**
   * The watch cache's reflector: one consistent LIST from etcd, then WATCH from its revision. At
   * start it fills the empty cache; after the etcd watch broke it replaces the cache, and what changed
   * meanwhile reaches this server's watchers as events, while the stale cache kept serving.
   */
  private listAndWatch(): void {
    this.etcdWatchId = 0;
    this.etcdCall({ kind: "range", reqId: 0, prefix: "/registry/" }, "etcd range", "/registry/", (reply) => {
      if (reply.kind !== "range-result" || !reply.kvs) {
        this.after(RELIST_BACKOFF_MS, () => this.listAndWatch());
        return;
      }
      this.etcdHealthy = true;
      if (!this.cacheReady) {
        for (const kv of reply.kvs) {
          const res = resourceOfKey(kv.key);
          if (res) this.cache(res).objects.set(objectKey(kv.value), kv.value);
        }
        this.cacheRevision = reply.revision;
        // Every resource's cache starts at the revision of that LIST, even if it holds no objects yet.
        for (const r of RESOURCES) this.cache(r.resource as Resource).floor = reply.revision;
      } else {
        this.replaceCache(reply.kvs, reply.revision);
      }
      this.watchEtcd(reply.revision + 1);
      if (!this.cacheReady) {
        this.cacheReady = true;
        for (const r of this.waiting.splice(0)) this.handle(r);
      }
    });
  }

  private watchEtcd(fromRevision: number): void {
    const reqId = this.etcdReqId++;
    this.etcdWatchId = reqId;
    this.send(this.etcd, "watch", "/registry/", { kind: "watch", reqId, prefix: "/registry/", fromRevision } satisfies EtcdRequest);
  }

  /** A relist after a broken watch: the differences become events, as if the watch had delivered them. */
  private replaceCache(kvs: KeyValue[], revision: number): void {
    const seen = new Map<Resource, Set<string>>();
    for (const kv of kvs) {
      const res = resourceOfKey(kv.key);
      if (!res) continue;
      const key = objectKey(kv.value);
      let s = seen.get(res);
      if (!s) seen.set(res, (s = new Set()));
      s.add(key);
      const prev = this.cache(res).objects.get(key);
      if (prev && prev.metadata.resourceVersion === kv.value.metadata.resourceVersion) continue;
      const ev: CacheEvent = { rv: kv.modRevision, type: prev ? "MODIFIED" : "ADDED", object: kv.value, prev };
      this.cache(res).apply(ev);
      this.dispatch(res, ev);
    }
    for (const [res, cache] of this.caches) {
      const s = seen.get(res);
      for (const [key, obj] of [...cache.objects]) {
        if (s?.has(key)) continue;
        const ev: CacheEvent = { rv: revision, type: "DELETED", object: obj, prev: obj };
        cache.apply(ev);
        this.dispatch(res, ev);
      }
    }
    if (revision > this.cacheRevision) this.cacheRevision = revision;
  }

  /**
   * The local etcd process went away and the kernel closed the connection (EtcdWatchClient): pending
   * writes fail, reads wait for the redial, and the watch cache relists once etcd answers again.
   */
  etcdConnectionClosed(): void {
    for (const [reqId, call] of [...this.etcdPending]) {
      if (call.req.kind !== "txn") {
        // A read is safe to retry: clientv3 sends it again once the connection is back.
        this.after(ETCD_REDIAL_MS, () => this.sendEtcd(reqId));
        continue;
      }
      this.etcdPending.delete(reqId);
      // [U] grpc-go's error for an RPC whose connection closed under it.
      call.cb({ kind: "txn-result", reqId, error: "rpc error: code = Unavailable desc = error reading from server: EOF" });
    }
    if (this.etcdWatchId) this.listAndWatch();
  }

  /**
   * Whether `/healthz` passes: the process runs and its etcd check passed. The etcd check is a
   * linearizable GET through the local member with --etcd-healthcheck-timeout (2 s), failing without
   * quorum (k8s.io/apiserver pkg/storage/storagebackend/factory/etcd3.go newETCD3Check). Calling it
   * starts a new check when the last one is a second old and answers with the last completed one, so
   * call it from inside the simulation (the load balancer's health-check event), never from outside.
   */
  healthz(): boolean {
    if (!this.running) return false;
    if (!this.healthCheckInFlight && this.now - this.lastHealthCheckAt >= ETCD_HEALTHCHECK_INTERVAL_MS) {
      this.healthCheckInFlight = true;
      this.lastHealthCheckAt = this.now;
      const epoch = this.epoch;
      this.etcdCall(
        { kind: "range", reqId: 0, prefix: "/registry/health", key: "/registry/health" },
        "etcd range",
        "/registry/health",
        (r) => {
          if (this.epoch !== epoch) return;
          this.healthCheckInFlight = false;
          this.etcdHealthy = !(r as { error?: string }).error;
        },
        ETCD_HEALTHCHECK_TIMEOUT_MS,
      );
    }
    return this.etcdHealthy;
  }

  private cache(resource: Resource): ResourceCache {
    let c = this.caches.get(resource);
    if (!c) {
      c = new ResourceCache();
      c.floor = this.cacheRevision;
      this.caches.set(resource, c);
    }
    return c;
  }

  /** The objects of a resource as this server's watch cache has them (for tests and the page). */
  cached(resource: Resource): Map<string, KObject> {
    return this.cache(resource).objects;
  }

  receive(msg: Message): void {
    const body = msg.body as ApiMessage | EtcdReply | HealthzRequest;
    switch (body.kind) {
      case "healthz":
        return answerHealthz(this, msg.flow.from, body);
      case "request": {
        const req = body.req;
        if (req.server && (req.server.id !== this.id || req.server.epoch !== this.epoch)) {
          // A connection made to an earlier run of this process: the kernel answers with a reset.
          return this.reply(req, { reqId: req.reqId, code: 0, reset: true, transportError: "read: connection reset by peer" });
        }
        if (req.verb === "ping") return this.reply(req, { reqId: req.reqId, code: 200 });
        if (!this.cacheReady) this.waiting.push(req);
        else this.after(HANDLER_MS, () => this.handle(req));
        return;
      }
      case "watch-events":
        if (body.reqId === this.etcdWatchId) this.onEtcdEvents(body.changes);
        return;
      case "watch-created":
        return;
      case "watch-canceled":
        // etcd ended the cache's watch (no leader for 3 election timeouts, or a compacted revision):
        // the reflector relists and watches again (k8s.io/apiserver pkg/storage/etcd3/watcher.go).
        if (body.reqId === this.etcdWatchId) this.listAndWatch();
        return;
      case "txn-result":
      case "range-result": {
        const call = this.etcdPending.get(body.reqId);
        if (!call) return;
        if (body.error && call.kind === "etcd range" && UNAVAILABLE.has(body.error) && this.now < call.deadline) {
          // clientv3 retries a refused read until the caller's deadline.
          this.after(Math.round(ETCD_RETRY_BACKOFF_MS * (1 + 0.1 * this.sim.rng.next())), () => this.sendEtcd(body.reqId));
          return;
        }
        this.etcdPending.delete(body.reqId);
        call.cb(body);
        return;
      }
    }
  }

  // ---- etcd -------------------------------------------------------------------------------------

  /**
   * One etcd RPC through the local member (kubeadm's stacked etcd: --etcd-servers=https://127.0.0.1:2379).
   * It fails with the member's error, or with the request's own deadline (60 s, or `timeoutMs`), so
   * nothing waits forever; while the member is down the call waits for the connection (clientv3 uses
   * gRPC WaitForReady) and is sent when it redials.
   */
  private etcdCall(req: EtcdRequest, kind: "etcd txn" | "etcd range", ref: string, cb: (reply: EtcdReply) => void, timeoutMs = REQUEST_TIMEOUT_MS): void {
    const reqId = this.etcdReqId++;
    this.etcdPending.set(reqId, { req: { ...req, reqId }, kind, ref, cb, deadline: this.now + timeoutMs });
    this.sendEtcd(reqId);
    this.after(timeoutMs, () => {
      const call = this.etcdPending.get(reqId);
      if (!call) return;
      this.etcdPending.delete(reqId);
      const error = timeoutMs === REQUEST_TIMEOUT_MS ? REQUEST_TIMEOUT_MESSAGE : "context deadline exceeded";
      call.cb(req.kind === "txn" ? { kind: "txn-result", reqId, error } : { kind: "range-result", reqId, revision: 0, error });
    });
  }

  private sendEtcd(reqId: number): void {
    const call = this.etcdPending.get(reqId);
    if (!call) return;
    const member = this.sim.actors.get(this.etcd);
    if (!member || !member.running) {
      // Connection refused: wait for the redial.
      this.after(ETCD_REDIAL_MS, () => this.sendEtcd(reqId));
      return;
    }
    this.send(this.etcd, call.kind, call.ref, call.req);
  }

  private txn(ops: TxnOp[], ref: string, cb: (reply: EtcdReply & { kind: "txn-result" }) => void): void {
    this.etcdCall({ kind: "txn", reqId: 0, ops }, "etcd txn", ref, (r) => cb(r as EtcdReply & { kind: "txn-result" }));
  }

  private onEtcdEvents(changes: WatchChange[]): void {
    for (const ch of changes) {
      const resource = resourceOfKey(ch.kv.key);
      if (!resource) continue;
      const ev: CacheEvent = {
        rv: ch.kv.modRevision,
        type: ch.type === "DELETE" ? "DELETED" : ch.prevKv ? "MODIFIED" : "ADDED",
        object: ch.kv.value,
        prev: ch.prevKv?.value,
      };
      this.cacheRevision = ch.kv.modRevision;
      this.cache(resource).apply(ev);
      this.dispatch(resource, ev);
    }
  }

  // ---- watches ----------------------------------------------------------------------------------

  private dispatch(resource: Resource, ev: CacheEvent): void {
    const all = this.watchersByResource.get(resource);
    if (all) for (const w of all) this.deliver(w, ev);
    // Watchers with an indexed field selector only see objects whose field has their value, before or after.
    for (const field of INDEXED_FIELDS) {
      const index = this.indexedWatchers.get(`${resource}|${field}`);
      if (!index) continue;
      const cur = fieldValue(ev.object, field);
      const prev = ev.prev ? fieldValue(ev.prev, field) : "";
      if (cur) {
        const ws = index.get(cur);
        if (ws) for (const w of ws) this.deliver(w, ev);
      }
      if (prev && prev !== cur) {
        const ws = index.get(prev);
        if (ws) for (const w of ws) this.deliver(w, ev);
      }
    }
  }

  /**
   * Sends an event to one watcher if it matches. An object that starts matching the watch's selectors
   * arrives as ADDED, one that stops matching as DELETED, as the cacher does.
   */
  private deliver(w: Watcher, ev: CacheEvent): void {
    const client = this.sim.actors.get(w.client);
    if (!client || !client.running || client.epoch !== w.clientEpoch) {
      // The client's process is gone, and with it the connection: drop the watcher.
      this.removeWatcher(w);
      return;
    }
    const cur = this.matches(w, ev.object);
    const prev = ev.prev ? this.matches(w, ev.prev) : false;
    let type: WatchEvent["type"];
    if (ev.type === "DELETED") {
      if (!prev && !cur) return;
      type = "DELETED";
    } else if (cur && prev) type = "MODIFIED";
    else if (cur) type = "ADDED";
    else if (prev) type = "DELETED";
    else return;
    this.sendWatchEvent(w, { watchId: w.id, type, object: ev.object });
  }

  private sendWatchEvent(w: Watcher, ev: WatchEvent): void {
    const o = ev.object;
    const path = w.returnPath;
    const msg: ApiMessage = { kind: "watch", ev, returnPath: path.slice(0, -1) };
    this.send(path[path.length - 1], "watch event", refOf(w.resource, o.metadata.namespace, o.metadata.name), msg);
  }

  private matches(w: Watcher, obj: KObject): boolean {
    if (w.namespace && obj.metadata.namespace !== w.namespace) return false;
    return matchesRequest(w.req, obj);
  }

  private addWatcher(req: ApiRequest): void {
    const client = this.sim.actors.get(req.client);
    const w: Watcher = {
      id: req.reqId,
      client: req.client,
      clientEpoch: client ? client.epoch : 0,
      returnPath: req.returnPath,
      resource: req.resource,
      namespace: req.namespace,
      req,
    };
    const cache = this.cache(req.resource);
    const from = Number(req.resourceVersion ?? "0");
    const backlog = from ? cache.since(from) : [];
    if (!backlog) {
      this.reply(req, { reqId: req.reqId, code: 410, error: statusError(410, "Expired" as StatusError["reason"], `too old resource version: ${from} (${cache.floor})`) });
      return;
    }
    const field = INDEXED_FIELDS.find((f) => req.fieldSelector?.[f]);
    if (field) {
      w.index = { key: `${req.resource}|${field}`, value: req.fieldSelector![field] };
      let byValue = this.indexedWatchers.get(w.index.key);
      if (!byValue) this.indexedWatchers.set(w.index.key, (byValue = new Map()));
      let s = byValue.get(w.index.value);
      if (!s) byValue.set(w.index.value, (s = new Set()));
      s.add(w);
    } else {
      let s = this.watchersByResource.get(req.resource);
      if (!s) this.watchersByResource.set(req.resource, (s = new Set()));
      s.add(w);
    }
    for (const ev of backlog) this.deliver(w, ev);
  }

  private removeWatcher(w: Watcher): void {
    if (w.index) this.indexedWatchers.get(w.index.key)?.get(w.index.value)?.delete(w);
    else this.watchersByResource.get(w.resource)?.delete(w);
  }

  // ---- requests ---------------------------------------------------------------------------------

  private reply(req: ApiRequest, res: ApiResponse): void {
    const path = req.returnPath;
    const msg: ApiMessage = { kind: "response", res: { ...res, server: { id: this.id, epoch: this.epoch } }, returnPath: path.slice(0, -1) };
    const name = req.name ?? res.object?.metadata.name ?? "";
    this.send(path[path.length - 1], "response", refOf(req.resource, req.namespace ?? res.object?.metadata.namespace, name), msg);
  }

  private fail(req: ApiRequest, err: StatusError): void {
    this.reply(req, { reqId: req.reqId, code: err.code, error: err });
  }

  private handle(req: ApiRequest): void {
    if (!this.running) return;
    switch (req.verb) {
      case "create":
        return this.create(req);
      case "get":
        return this.get(req);
      case "list":
        return this.list(req);
      case "watch":
        return this.addWatcher(req);
      case "update":
      case "updateStatus":
        return this.update(req);
      case "patch":
      case "patchStatus":
        return this.patch(req);
      case "delete":
        return this.delete(req);
      case "bind":
        return this.bind(req);
      case "ping":
        return;
    }
  }

  private notFound(resource: Resource, name: string): StatusError {
    const info = resourceInfo(resource);
    const group = info.apiVersion.includes("/") ? info.apiVersion.split("/")[0] : "";
    return statusError(404, "NotFound", `${resource}${group ? "." + group : ""} "${name}" not found`, { name, kind: resource, group: group || undefined });
  }

  private create(req: ApiRequest): void {
    const info = resourceInfo(req.resource);
    let obj = structuredCloneObject(req.body as KObject);
    const meta = { ...obj.metadata };
    if (info.namespaced) meta.namespace = meta.namespace ?? req.namespace ?? "default";
    else delete meta.namespace;
    if (!meta.name && meta.generateName) meta.name = meta.generateName + this.sim.rng.string(5);
    if (!meta.name) return this.fail(req, statusError(422, "Invalid", `${info.kind} "" is invalid: metadata.name: Required value: name or generateName is required`));
    if (info.namespaced && !this.cache("namespaces").objects.has(meta.namespace!)) {
      return this.fail(req, statusError(404, "NotFound", `namespaces "${meta.namespace}" not found`, { name: meta.namespace, kind: "namespaces" }));
    }
    meta.uid = this.sim.rng.uuid();
    meta.creationTimestamp = rfc3339(this.now);
    meta.resourceVersion = "";
    if (HAS_GENERATION.has(req.resource)) meta.generation = 1;
    obj = applyDefaults({ ...obj, apiVersion: info.apiVersion, kind: info.kind, metadata: meta });
    if (req.resource === "pods") obj = admitPodCreate(obj as Pod);
    if (req.resource === "services" && needsClusterIP(obj as Service)) {
      const used = new Set<string>();
      for (const o of this.cache("services").objects.values()) for (const ip of (o as Service).spec.clusterIPs ?? []) used.add(ip);
      const ip = allocateClusterIP(this.sim.rng, used);
      if (!ip) return this.fail(req, statusError(500, "InternalError", "failed to allocate a serviceIP: range is full"));
      obj = { ...obj, spec: { ...(obj as Service).spec, clusterIP: ip, clusterIPs: [ip] } } as Service;
    }
    const errs = validate(req.resource, obj);
    if (errs.length) return this.fail(req, statusError(422, "Invalid", invalidMessage(req.resource, meta.name, errs)));
    const key = etcdKey(req.resource, meta.namespace, meta.name);
    this.txn([{ op: "put", key, value: obj, ifModRevision: 0 }], refOf(req.resource, meta.namespace, meta.name), (r) => {
      if (!r.result) return this.fail(req, storageError(r.error));
      if (!r.result.succeeded) {
        const group = info.apiVersion.includes("/") ? "." + info.apiVersion.split("/")[0] : "";
        return this.fail(req, statusError(409, "AlreadyExists", `${req.resource}${group} "${meta.name}" already exists`, { name: meta.name, kind: req.resource }));
      }
      this.reply(req, { reqId: req.reqId, code: 201, object: r.result.kvs[0].value });
    });
  }

  private get(req: ApiRequest): void {
    const key = etcdKey(req.resource, req.namespace, req.name!);
    const ref = refOf(req.resource, req.namespace, req.name!);
    if (req.resourceVersion === "0") {
      const obj = this.cache(req.resource).objects.get(resourceInfo(req.resource).namespaced ? `${req.namespace}/${req.name}` : req.name!);
      if (!obj) return this.fail(req, this.notFound(req.resource, req.name!));
      return this.reply(req, { reqId: req.reqId, code: 200, object: obj });
    }
    // A default GET is a quorum read of etcd.
    this.etcdCall({ kind: "range", reqId: 0, prefix: key, key }, "etcd range", ref, (r) => {
      if (r.kind !== "range-result" || !r.kvs) return this.fail(req, storageError((r as { error?: string }).error));
      if (!r.kvs.length) return this.fail(req, this.notFound(req.resource, req.name!));
      this.reply(req, { reqId: req.reqId, code: 200, object: r.kvs[0].value });
    });
  }

  private list(req: ApiRequest): void {
    const filter = (objs: Iterable<KObject>) => {
      const out: KObject[] = [];
      for (const o of objs) if ((!req.namespace || o.metadata.namespace === req.namespace) && matchesRequest(req, o)) out.push(o);
      return out;
    };
    if (req.resourceVersion === "0") {
      const items = filter(this.cache(req.resource).objects.values());
      return this.reply(req, { reqId: req.reqId, code: 200, items, resourceVersion: String(this.cacheRevision) });
    }
    const info = resourceInfo(req.resource);
    const prefix = info.namespaced && req.namespace ? `${info.etcdPrefix}${req.namespace}/` : info.etcdPrefix;
    this.etcdCall({ kind: "range", reqId: 0, prefix }, "etcd range", req.resource, (r) => {
      if (r.kind !== "range-result" || !r.kvs) return this.fail(req, storageError((r as { error?: string }).error));
      this.reply(req, { reqId: req.reqId, code: 200, items: filter(r.kvs.map((kv) => kv.value)), resourceVersion: String(r.revision) });
    });
  }

  /**
   * GuaranteedUpdate: read the current object, apply the mutation, write it with a compare on its mod
   * revision; if someone else wrote in between, re-read and retry. A no-op mutation writes nothing.
   */
  private guaranteedUpdate(req: ApiRequest, mutate: Mutation, done: (obj: KObject) => void, attempt = 0, current?: KObject): void {
    const info = resourceInfo(req.resource);
    const cacheKey = info.namespaced ? `${req.namespace}/${req.name}` : req.name!;
    const cur = current ?? this.cache(req.resource).objects.get(cacheKey);
    if (!cur) return this.fail(req, this.notFound(req.resource, req.name!));
    const next = mutate(cur);
    if ((next as StatusError).kind === "Status") return this.fail(req, next as StatusError);
    const obj = next as KObject;
    if (deepEqual(obj, cur)) return done(cur);
    const key = etcdKey(req.resource, req.namespace, req.name!);
    this.txn([{ op: "put", key, value: obj, ifModRevision: Number(cur.metadata.resourceVersion) }], refOf(req.resource, req.namespace, req.name!), (r) => {
      if (!r.result) return this.fail(req, storageError(r.error));
      if (r.result.succeeded) return done(r.result.kvs[0].value);
      const latest: KeyValue | undefined = r.result.current;
      if (!latest) return this.fail(req, this.notFound(req.resource, req.name!));
      if (attempt >= MAX_UPDATE_RETRIES) return this.fail(req, this.conflict(req));
      this.guaranteedUpdate(req, mutate, done, attempt + 1, latest.value);
    });
  }

  private conflict(req: ApiRequest): StatusError {
    const info = resourceInfo(req.resource);
    const group = info.apiVersion.includes("/") ? "." + info.apiVersion.split("/")[0] : "";
    return statusError(
      409,
      "Conflict",
      `Operation cannot be fulfilled on ${req.resource}${group} "${req.name}": the object has been modified; please apply your changes to the latest version and try again`,
      { name: req.name, kind: req.resource },
    );
  }

  /** Keeps what a write may not change: identity, and status or spec depending on the subresource. */
  private merge(req: ApiRequest, cur: KObject, incoming: KObject, statusOnly: boolean): KObject | StatusError {
    if (incoming.metadata.resourceVersion && incoming.metadata.resourceVersion !== cur.metadata.resourceVersion) return this.conflict(req);
    const meta = {
      ...incoming.metadata,
      name: cur.metadata.name,
      namespace: cur.metadata.namespace,
      uid: cur.metadata.uid,
      creationTimestamp: cur.metadata.creationTimestamp,
      deletionTimestamp: cur.metadata.deletionTimestamp,
      deletionGracePeriodSeconds: cur.metadata.deletionGracePeriodSeconds,
      generation: cur.metadata.generation,
      resourceVersion: cur.metadata.resourceVersion,
    };
    const c = cur as KObject & { spec?: unknown; status?: unknown };
    const i = incoming as KObject & { spec?: unknown; status?: unknown };
    // The status subresource keeps the stored spec, but metadata.annotations may change (the
    // deployment controller writes `deployment.kubernetes.io/revision` through UpdateStatus;
    // pkg/registry/apps/deployment/strategy.go resets only spec and labels).
    if (statusOnly) {
      const { annotations: _old, ...keep } = cur.metadata;
      const annotations = incoming.metadata.annotations;
      return { ...cur, metadata: annotations ? { ...keep, annotations } : keep, status: i.status } as KObject;
    }
    let out = { ...incoming, apiVersion: cur.apiVersion, kind: cur.kind, metadata: meta } as KObject & { spec?: unknown; status?: unknown };
    if (HAS_STATUS.has(req.resource)) out = { ...out, status: c.status };
    if (out.spec !== undefined) out = applyDefaults(out) as typeof out;
    if (HAS_GENERATION.has(req.resource) && !deepEqual(out.spec, c.spec)) out.metadata.generation = (cur.metadata.generation ?? 1) + 1;
    const errs = validate(req.resource, out);
    if (errs.length) return statusError(422, "Invalid", invalidMessage(req.resource, cur.metadata.name, errs));
    return out;
  }

  private update(req: ApiRequest): void {
    const statusOnly = req.verb === "updateStatus";
    this.guaranteedUpdate(
      req,
      (cur) => this.merge(req, cur, req.body as KObject, statusOnly),
      (obj) => this.reply(req, { reqId: req.reqId, code: 200, object: obj }),
    );
  }

  private patch(req: ApiRequest): void {
    const statusOnly = req.verb === "patchStatus";
    this.guaranteedUpdate(
      req,
      (cur) => {
        const patched = mergePatch(cur, req.body);
        // A patch carries no resourceVersion unless it asks for one: compare against the current.
        const rv = (req.body as { metadata?: { resourceVersion?: string } })?.metadata?.resourceVersion;
        return this.merge(req, cur, { ...patched, metadata: { ...patched.metadata, resourceVersion: rv ?? cur.metadata.resourceVersion } }, statusOnly);
      },
      (obj) => this.reply(req, { reqId: req.reqId, code: 200, object: obj }),
    );
  }

  /**
   * DELETE. A pod that is bound to a node and not yet terminal is deleted gracefully: it gets a
   * deletionTimestamp and its kubelet finishes the job with a grace-0 delete
   * (pkg/registry/core/pod/strategy.go CheckGracefulDelete). Everything else goes at once; dependents
   * are left to the garbage collector (kubectl's default propagation is Background).
   */
  private delete(req: ApiRequest): void {
    const info = resourceInfo(req.resource);
    const cacheKey = info.namespaced ? `${req.namespace}/${req.name}` : req.name!;
    const cur = this.cache(req.resource).objects.get(cacheKey);
    if (!cur) return this.fail(req, this.notFound(req.resource, req.name!));
    if (req.preconditionUid && cur.metadata.uid !== req.preconditionUid) {
      return this.fail(req, statusError(409, "Conflict", `Precondition failed: UID in precondition: ${req.preconditionUid}, UID in object meta: ${cur.metadata.uid}`));
    }
    if (req.resource === "pods") {
      const pod = cur as Pod;
      const terminal = pod.status.phase === "Succeeded" || pod.status.phase === "Failed";
      const grace = req.gracePeriodSeconds ?? pod.spec.terminationGracePeriodSeconds ?? 30;
      if (pod.spec.nodeName && !terminal && grace > 0) {
        const existing = pod.metadata.deletionGracePeriodSeconds;
        if (existing !== undefined && existing <= grace) return this.reply(req, { reqId: req.reqId, code: 200, object: pod });
        return this.guaranteedUpdate(
          req,
          (c) => ({
            ...c,
            metadata: { ...c.metadata, deletionTimestamp: rfc3339(this.now + grace * 1000), deletionGracePeriodSeconds: grace },
          }),
          (obj) => this.reply(req, { reqId: req.reqId, code: 200, object: obj }),
        );
      }
    }
    const key = etcdKey(req.resource, req.namespace, req.name!);
    this.txn([{ op: "delete", key, ifModRevision: Number(cur.metadata.resourceVersion) }], refOf(req.resource, req.namespace, req.name!), (r) => {
      if (!r.result) return this.fail(req, storageError(r.error));
      if (!r.result.succeeded) {
        // Changed since we looked: try again against the newer object.
        if (r.result.current) return this.after(0, () => this.delete(req));
        return this.fail(req, this.notFound(req.resource, req.name!));
      }
      this.reply(req, { reqId: req.reqId, code: 200, object: r.result.kvs[0]?.value ?? cur });
    });
  }

  /** POST pods/NAME/binding (pkg/registry/core/pod/storage BindingREST): set nodeName and PodScheduled=True. */
  private bind(req: ApiRequest): void {
    const nodeName = (req.body as { nodeName: string }).nodeName;
    this.guaranteedUpdate(
      req,
      (cur) => {
        const pod = cur as Pod;
        if (req.preconditionUid && pod.metadata.uid !== req.preconditionUid) return this.notFound("pods", req.name!);
        if (pod.metadata.deletionTimestamp) return statusError(409, "Conflict", `pod ${pod.metadata.name} is being deleted, cannot be assigned to a host`);
        if (pod.spec.nodeName) return statusError(409, "Conflict", `pod ${pod.metadata.name} is already assigned to node "${pod.spec.nodeName}"`);
        const now = rfc3339(this.now);
        const cond: PodCondition = { type: "PodScheduled", status: "True", lastProbeTime: null, lastTransitionTime: now };
        const conditions = [...(pod.status.conditions ?? []).filter((c) => c.type !== "PodScheduled"), cond];
        return { ...pod, spec: { ...pod.spec, nodeName }, status: { ...pod.status, conditions } } as Pod;
      },
      () => this.reply(req, { reqId: req.reqId, code: 201, object: { apiVersion: "v1", kind: "Status", metadata: {} } as unknown as KObject }),
    );
  }
}

/** Label and field selectors of a list or watch request. */
export function matchesRequest(req: ApiRequest, obj: KObject): boolean {
  if (req.labelSelector && !selectorMatches(req.labelSelector, obj.metadata.labels)) return false;
  if (req.fieldSelector) {
    for (const [path, want] of Object.entries(req.fieldSelector)) if (fieldValue(obj, path) !== want) return false;
  }
  return true;
}

function fieldValue(obj: KObject, path: string): string {
  if (path === "metadata.name") return obj.metadata.name;
  if (path === "spec.nodeName") return (obj as Pod).spec?.nodeName ?? "";
  let v: unknown = obj;
  for (const part of path.split(".")) {
    if (v === null || typeof v !== "object") return "";
    v = (v as Record<string, unknown>)[part];
  }
  return v === undefined || v === null ? "" : String(v);
}

/** A request body is the client's; copy the top levels we change so the client's object stays as sent. */
function structuredCloneObject(obj: KObject): KObject {
  return { ...obj, metadata: { ...obj.metadata } };
}
