import type { KObject, Lease, Node, NodeCondition, Pod } from "../../api/types";
import type { ApiClient } from "../../client/apiclient";
import type { Informer } from "../../client/informer";
import type { LegacyEventRecorder } from "../../client/recorder";
import { rfc3339 } from "../../time";
import { isNotFound, parallelizeUntil, responseError, series, type Step } from "../async";
import type { Controller, ControllerContext, ControllerQueue, Scope } from "../context";
import { updatePodCondition } from "../pods";
import { checkNodeHealth, NODE_MONITOR_GRACE_PERIOD, NODE_MONITOR_PERIOD, NODE_STARTUP_GRACE_PERIOD, type NodeHealth } from "./health";
import { NODE_EVICTION_PERIOD, RateLimitedTimedQueue } from "./ratelimitedqueue";
import { NodeTaintClient } from "./taintclient";
import { NOT_READY_NO_EXECUTE, UNREACHABLE_NO_EXECUTE, noExecuteTaintFor, noScheduleTaintDiff, taintExists } from "./taints";
import { EXCLUDE_DISRUPTION_LABEL, NODE_EVICTION_RATE, handleDisruption, zoneKey, type ZoneState } from "./zones";

/** nodeUpdateWorkerSize / scheduler.UpdateWorkerSize. */
const NODE_UPDATE_WORKERS = 8;
/** retrySleepTime and scheduler.NodeHealthUpdateRetry: tryUpdateNodeHealth is retried 5 times, 20ms apart. */
const RETRY_SLEEP = 20;
const NODE_HEALTH_UPDATE_RETRY = 5;
/**
 * How long a monitorNodeHealth pass takes that writes nothing (listing the informer's nodes, reading
 * their Leases, locking): upstream, well under a millisecond, but never zero. The sim's own pass takes
 * no time, and the loop is sliding, so this is added to the period. It matters: the probe time is the
 * time of the pass that saw a renewal, and the check is strictly `now.After(probe + grace)`, so the
 * tenth pass after it (50 s later, and a little more) is the one that marks the node Unknown. Without
 * it, the tenth pass would land exactly on probe + 50 s, fail the strict check, and the node would go
 * Unknown one period (5 s) late.
 */
export const MONITOR_PASS_MS = 1;

/**
 * The node lifecycle controller (pkg/controller/nodelifecycle/node_lifecycle_controller.go).
 *  - monitorNodeHealth every 5s: a node not heard from (Ready heartbeat or Lease renewal) for 50s gets
 *    Ready/MemoryPressure/DiskPressure/PIDPressure = Unknown, a NodeNotReady event, and its pods
 *    Ready=False (MarkPodsNotReady); zones are classified and the eviction rate set per zone.
 *  - doNoScheduleTaintingPass on every node change: NoSchedule taints from conditions and
 *    spec.unschedulable.
 *  - doNoExecuteTaintingPass every 100ms: NoExecute unreachable/not-ready taints through a per-zone
 *    token bucket (0.1/s), only one of the two at a time.
 */
export class NodeLifecycleController implements Controller {
  readonly name = "node-controller";
  private readonly scope: Scope;
  private readonly client: ApiClient;
  private readonly recorder: LegacyEventRecorder;
  private readonly taints: NodeTaintClient;
  readonly nodes: Informer<Node>;
  readonly pods: Informer<Pod>;
  readonly leases: Informer<Lease>;
  readonly nodeUpdateQueue: ControllerQueue;
  readonly podUpdateQueue: ControllerQueue;
  readonly health = new Map<string, NodeHealth>();
  readonly knownNodes = new Map<string, Node>();
  readonly zoneStates = new Map<string, ZoneState>();
  readonly zoneTainter = new Map<string, RateLimitedTimedQueue>();
  private readonly nodesToRetry = new Set<string>();
  private taintingLoop = false;
  private started = 0;
  /** How many monitorNodeHealth passes have completed (for tests and the page). */
  passes = 0;

  constructor(ctx: ControllerContext) {
    this.scope = ctx.scope;
    this.client = ctx.client(this.name);
    this.recorder = ctx.recorder(this.client, this.name);
    this.taints = new NodeTaintClient(this.client, ctx.scope);
    this.nodes = ctx.informers.informer<Node>("nodes");
    this.pods = ctx.informers.informer<Pod>("pods");
    this.leases = ctx.informers.informer<Lease>("leases");
    this.pods.addIndex("spec.nodeName", (p) => (p.spec.nodeName ? [p.spec.nodeName] : []));
    this.nodeUpdateQueue = ctx.scope.queue((name, done) => this.doNoScheduleTaintingPass(name, done), NODE_UPDATE_WORKERS);
    this.podUpdateQueue = ctx.scope.queue((key, done) => this.processPod(key, done), NODE_UPDATE_WORKERS);
    this.nodes.addHandlers({
      add: (n) => this.nodeUpdateQueue.add(n.metadata.name),
      update: (_o, n) => this.nodeUpdateQueue.add(n.metadata.name),
      delete: (n) => this.nodesToRetry.delete(n.metadata.name),
    });
    this.pods.addHandlers({
      add: (p) => this.podUpdated(undefined, p),
      update: (o, p) => this.podUpdated(o, p),
    });
  }

  run(): void {
    this.started = this.scope.now;
    this.nodeUpdateQueue.start();
    this.podUpdateQueue.start();
    this.monitorLoop();
  }

  // ---- monitorNodeHealth ---------------------------------------------------------------------------

  private monitorLoop(): void {
    this.monitorNodeHealth(() => {
      this.passes++;
      // wait.UntilWithContext is sliding: the next pass starts a period after this one finished.
      this.scope.after(MONITOR_PASS_MS + NODE_MONITOR_PERIOD, () => this.monitorLoop());
    });
  }

  private tainter(zone: string): RateLimitedTimedQueue {
    let q = this.zoneTainter.get(zone);
    if (!q) {
      q = new RateLimitedTimedQueue(NODE_EVICTION_RATE, this.scope.now);
      this.zoneTainter.set(zone, q);
    }
    return q;
  }

  /** addPodEvictorForNewZone. */
  private addZone(node: Node): void {
    const zone = zoneKey(node);
    if (!this.zoneStates.has(zone)) {
      this.zoneStates.set(zone, "Initial");
      this.tainter(zone);
    }
  }

  /** Node events use a reference without resourceVersion (RecordNodeEvent / RecordNodeStatusChange). */
  private nodeRef(node: Node): KObject {
    return { apiVersion: "v1", kind: "Node", metadata: { name: node.metadata.name, uid: node.metadata.uid } } as KObject;
  }

  private monitorNodeHealth(done: () => void): void {
    const nodes = this.nodes.list().sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0));
    const names = new Set(nodes.map((n) => n.metadata.name));
    const added = nodes.filter((n) => !this.knownNodes.has(n.metadata.name));
    const deleted = [...this.knownNodes.values()].filter((n) => !names.has(n.metadata.name));
    for (const n of nodes) if (!this.zoneStates.has(zoneKey(n))) this.addZone(n);
    const steps: Step[] = [];
    for (const n of added) {
      steps.push((next) => {
        this.scope.actor.log(`Controller observed a new Node ${n.metadata.name}`);
        this.recorder.event(this.nodeRef(n), "Normal", "RegisteredNode", `Node ${n.metadata.name} event: Registered Node ${n.metadata.name} in Controller`);
        this.knownNodes.set(n.metadata.name, n);
        this.addZone(n);
        this.markNodeAsReachable(n, () => next());
      });
    }
    for (const n of deleted) {
      steps.push((next) => {
        this.recorder.event(this.nodeRef(n), "Normal", "RemovingNode", `Node ${n.metadata.name} event: Removing Node ${n.metadata.name} from Controller`);
        this.knownNodes.delete(n.metadata.name);
        this.health.delete(n.metadata.name);
        next();
      });
    }
    series(steps, () => {
      const zoneConditions = new Map<string, (NodeCondition | undefined)[]>();
      parallelizeUntil(
        NODE_UPDATE_WORKERS,
        nodes,
        (node, next) =>
          this.updateNode(node, (cond, counted) => {
            if (counted) {
              const z = zoneKey(node);
              if (!zoneConditions.has(z)) zoneConditions.set(z, []);
              zoneConditions.get(z)!.push(cond);
            }
            next();
          }),
        () => this.applyDisruption(zoneConditions, nodes, done),
      );
    });
  }

  /** One node of monitorNodeHealth: check health (retrying), taint-based eviction, NodeNotReady. */
  private updateNode(cached: Node, done: (ready: NodeCondition | undefined, counted: boolean) => void): void {
    const attempt = (node: Node, i: number): void => {
      const name = node.metadata.name;
      const check = checkNodeHealth(node, this.health.get(name), this.leases.get(`kube-node-lease/${name}`), this.scope.now, NODE_MONITOR_GRACE_PERIOD, NODE_STARTUP_GRACE_PERIOD);
      const proceed = (current: Node) => this.afterHealth(current, check.observedReady, check.currentReady, done);
      if (!check.update) {
        this.health.set(name, check.health);
        return proceed(node);
      }
      const update = check.update;
      this.client.updateStatus("nodes", update.node, (res) => {
        const err = responseError(res);
        if (!err) {
          this.health.set(name, update.healthAfter);
          return proceed(update.node);
        }
        this.health.set(name, check.health);
        if (i + 1 >= NODE_HEALTH_UPDATE_RETRY) return done(undefined, false);
        this.scope.after(RETRY_SLEEP, () =>
          this.client.get("nodes", undefined, name, (got) => {
            if (responseError(got)) return done(undefined, false);
            attempt(got.object as Node, i + 1);
          }),
        );
      });
    };
    // checkNodeHealth copies the node before changing it, so the cached object can be passed as is.
    attempt(cached, 0);
  }

  private afterHealth(node: Node, observed: NodeCondition, current: NodeCondition | undefined, done: (ready: NodeCondition | undefined, counted: boolean) => void): void {
    const counted = !(EXCLUDE_DISRUPTION_LABEL in (node.metadata.labels ?? {}));
    if (!current) return done(current, counted);
    const name = node.metadata.name;
    const pods = this.pods.byIndex("spec.nodeName", name);
    this.processTaintBaseEviction(node, observed, () => {
      const needsRetry = this.nodesToRetry.has(name);
      const becameNotReady = current.status !== "True" && observed.status === "True";
      if (becameNotReady) {
        this.scope.actor.log(`Node ${name} is NotReady: Kubelet stopped posting node status`);
        this.recorder.event(this.nodeRef(node), "Normal", "NodeNotReady", `Node ${name} status is now: NodeNotReady`);
      }
      if (becameNotReady || (needsRetry && observed.status !== "True")) {
        return this.markPodsNotReady(pods, name, (err) => {
          if (err) this.nodesToRetry.add(name);
          else this.nodesToRetry.delete(name);
          done(current, counted);
        });
      }
      this.nodesToRetry.delete(name);
      done(current, counted);
    });
  }

  /** processTaintBaseEviction: decided on the Ready condition as it was before this pass. */
  private processTaintBaseEviction(node: Node, observed: NodeCondition, done: () => void): void {
    const status = observed.status;
    if (status === "False") {
      if (taintExists(node.spec.taints, UNREACHABLE_NO_EXECUTE)) return this.taints.swap(node, [NOT_READY_NO_EXECUTE], [UNREACHABLE_NO_EXECUTE], () => done());
      this.markNodeForTainting(node, "False");
      return done();
    }
    if (status === "Unknown") {
      if (taintExists(node.spec.taints, NOT_READY_NO_EXECUTE)) return this.taints.swap(node, [UNREACHABLE_NO_EXECUTE], [NOT_READY_NO_EXECUTE], () => done());
      this.markNodeForTainting(node, "Unknown");
      return done();
    }
    if (status === "True") return this.markNodeAsReachable(node, () => done());
    done();
  }

  private markNodeForTainting(node: Node, status: "False" | "Unknown"): void {
    const q = this.tainter(zoneKey(node));
    const name = node.metadata.name;
    if (status === "False" && !taintExists(node.spec.taints, NOT_READY_NO_EXECUTE)) q.remove(name);
    if (status === "Unknown" && !taintExists(node.spec.taints, UNREACHABLE_NO_EXECUTE)) q.remove(name);
    if (q.add(name, node.metadata.uid, this.scope.now)) {
      this.scope.actor.log(`Node ${name} is ${status === "False" ? "NotReady" : "unresponsive"}. Adding it to the Taint queue`);
      this.kickTainting();
    }
  }

  /** markNodeAsReachable: remove both NoExecute taints and take the node out of its zone's queue. */
  private markNodeAsReachable(node: Node, done: (removed: boolean) => void): void {
    this.taints.remove(node.metadata.name, node, [UNREACHABLE_NO_EXECUTE], () =>
      this.taints.remove(node.metadata.name, node, [NOT_READY_NO_EXECUTE], () => done(this.tainter(zoneKey(node)).remove(node.metadata.name))),
    );
  }

  /** controllerutil.MarkPodsNotReady: each pod's Ready condition to False, with a NodeNotReady pod event. */
  private markPodsNotReady(pods: Pod[], nodeName: string, done: (err?: string) => void): void {
    const errs: string[] = [];
    const nowTs = rfc3339(this.scope.now);
    const steps: Step[] = pods.map((pod) => (next) => {
      if (pod.spec.nodeName !== nodeName) return next();
      const ready = pod.status?.conditions?.find((c) => c.type === "Ready");
      if (!ready) return next();
      const { conditions, changed } = updatePodCondition(pod.status.conditions, { ...ready, status: "False" }, nowTs);
      if (!changed) return next();
      this.client.updateStatus("pods", { ...pod, status: { ...pod.status, conditions } }, (res) => {
        if (isNotFound(res)) return next();
        const err = responseError(res);
        if (err) errs.push(err);
        this.recorder.event(pod, "Warning", "NodeNotReady", "Node is not ready");
        next();
      });
    });
    series(steps, () => done(errs[0]));
  }

  private applyDisruption(zoneConditions: Map<string, (NodeCondition | undefined)[]>, nodes: Node[], done: () => void): void {
    const d = handleDisruption(zoneConditions, this.zoneStates);
    this.zoneStates.clear();
    for (const [z, s] of d.zoneStates) this.zoneStates.set(z, s);
    for (const [z, qps] of d.limiters) this.tainter(z).swapLimiter(qps, this.scope.now);
    for (const c of d.changed) this.scope.actor.log(`Controller detected that zone ${JSON.stringify(c.zone)} is now in state ${c.state}`);
    if (d.exitMasterDisruption) {
      this.scope.actor.log("Controller detected that some Nodes are Ready. Exiting master disruption mode");
      for (const n of nodes) {
        const h = this.health.get(n.metadata.name);
        if (h) this.health.set(n.metadata.name, { ...h, probeTimestamp: this.scope.now, readyTransitionTimestamp: this.scope.now });
      }
    }
    if (!d.enterMasterDisruption) return done();
    this.scope.actor.log("Controller detected that all Nodes are not-Ready. Entering master disruption mode");
    series(
      nodes.map((n) => (next) => this.markNodeAsReachable(n, () => next())),
      () => done(),
    );
  }

  // ---- NoExecute tainting ----------------------------------------------------------------------------

  /** Runs doNoExecuteTaintingPass on the 100ms ticker while any zone has nodes waiting. */
  private kickTainting(): void {
    if (this.taintingLoop) return;
    this.taintingLoop = true;
    const elapsed = this.scope.now - this.started;
    const wait = NODE_EVICTION_PERIOD - (elapsed % NODE_EVICTION_PERIOD);
    this.scope.after(wait, () => this.taintingTick());
  }

  private taintingTick(): void {
    this.doNoExecuteTaintingPass(() => {
      const pending = [...this.zoneTainter.values()].some((q) => q.length > 0);
      if (!pending) {
        this.taintingLoop = false;
        return;
      }
      this.scope.after(NODE_EVICTION_PERIOD, () => this.taintingTick());
    });
  }

  private doNoExecuteTaintingPass(done: () => void): void {
    const zones = [...this.zoneTainter.keys()].sort();
    series(
      zones.map((z) => (next) =>
        this.zoneTainter.get(z)!.try(
          () => this.scope.now,
          (v, cb) => {
            const node = this.nodes.get(v.value);
            if (!node) return cb(true, 0);
            const ready = node.status?.conditions?.find((c) => c.type === "Ready");
            if (!ready) return cb(false, 50);
            const swap = noExecuteTaintFor(ready.status);
            if (!swap) return cb(true, 0);
            this.taints.swap(node, [swap.add], [swap.remove], (ok) => {
              if (ok) this.scope.actor.log(`Added taint ${swap.add.key}:NoExecute to node ${node.metadata.name}`);
              cb(ok, 0);
            });
          },
          () => next(),
        ),
      ),
      () => done(),
    );
  }

  // ---- NoSchedule tainting and pods ----------------------------------------------------------------

  private doNoScheduleTaintingPass(name: string, done: () => void): void {
    const node = this.nodes.get(name);
    if (!node) return done();
    const diff = noScheduleTaintDiff(node);
    if (!diff.add.length && !diff.remove.length) {
      this.nodeUpdateQueue.forget(name);
      return done();
    }
    this.taints.swap(node, diff.add, diff.remove, (ok) => {
      if (ok) this.nodeUpdateQueue.forget(name);
      else this.nodeUpdateQueue.addRateLimited(name);
      done();
    });
  }

  private podUpdated(old: Pod | undefined, pod: Pod): void {
    if (pod.spec.nodeName && (!old || old.spec.nodeName !== pod.spec.nodeName)) this.podUpdateQueue.add(`${pod.metadata.namespace}/${pod.metadata.name}`);
  }

  /** processPod: a pod that lands on a node that is not Ready is marked not ready at once. */
  private processPod(key: string, done: () => void): void {
    const pod = this.pods.get(key);
    const nodeName = pod?.spec.nodeName;
    const health = nodeName ? this.health.get(nodeName) : undefined;
    if (!pod || !nodeName || !health || !this.nodes.get(nodeName)) return done();
    const ready = health.status?.conditions?.find((c) => c.type === "Ready");
    if (!ready || ready.status === "True") return done();
    this.markPodsNotReady([pod], nodeName, (err) => {
      if (err) this.podUpdateQueue.addRateLimited(key);
      else this.podUpdateQueue.forget(key);
      done();
    });
  }
}
