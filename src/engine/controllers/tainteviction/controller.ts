import type { KObject, Node, Pod, Taint, Toleration } from "../../api/types";
import type { ApiClient } from "../../client/apiclient";
import type { Informer } from "../../client/informer";
import type { LegacyEventRecorder } from "../../client/recorder";
import { rfc3339 } from "../../time";
import { responseError } from "../async";
import type { Controller, ControllerContext, ControllerQueue, Scope } from "../context";
import { semanticEqual } from "../objects";
import { updatePodCondition } from "../pods";
import { getMatchingTolerations, getMinTolerationTime } from "./tolerations";
import { TimedWorkerQueue } from "./timedqueue";

/** UpdateWorkerSize. */
const UPDATE_WORKERS = 8;
/** retries of deletePodHandler, 10ms apart. */
const DELETE_RETRIES = 5;

function noExecuteTaints(node: Node | undefined): Taint[] {
  return (node?.spec.taints ?? []).filter((t) => t.effect === "NoExecute");
}

/**
 * The taint eviction controller (pkg/controller/tainteviction/taint_eviction.go): for every pod on a
 * node with NoExecute taints, schedules its deletion after the smallest matching tolerationSeconds (at
 * once if a taint is not tolerated), and cancels it when the taints go away. At that time it records
 * TaintManagerEviction "Marking for deletion Pod ns/name", adds the DisruptionTarget condition and
 * deletes the pod gracefully.
 */
export class TaintEvictionController implements Controller {
  readonly name = "taint-eviction-controller";
  private readonly scope: Scope;
  private readonly client: ApiClient;
  private readonly recorder: LegacyEventRecorder;
  readonly pods: Informer<Pod>;
  readonly nodes: Informer<Node>;
  readonly taintedNodes = new Map<string, Taint[]>();
  readonly evictions: TimedWorkerQueue;
  private readonly nodeUpdateQueue: ControllerQueue;
  private readonly podUpdateQueue: ControllerQueue;

  constructor(ctx: ControllerContext) {
    this.scope = ctx.scope;
    this.client = ctx.client(this.name);
    this.recorder = ctx.recorder(this.client, this.name);
    this.pods = ctx.informers.informer<Pod>("pods");
    this.nodes = ctx.informers.informer<Node>("nodes");
    this.pods.addIndex("spec.nodeName", (p) => (p.spec.nodeName ? [p.spec.nodeName] : []));
    this.evictions = new TimedWorkerQueue(ctx.scope, (key, fireAt, done) => this.deletePod(key, done));
    this.nodeUpdateQueue = ctx.scope.queue((name, done) => {
      this.handleNodeUpdate(name);
      done();
    }, UPDATE_WORKERS);
    this.podUpdateQueue = ctx.scope.queue((key, done) => {
      this.handlePodUpdate(key);
      done();
    }, UPDATE_WORKERS);
    this.pods.addHandlers({
      add: (p) => this.podUpdated(undefined, p),
      update: (o, p) => this.podUpdated(o, p),
      delete: (p) => this.podUpdated(p, undefined),
    });
    this.nodes.addHandlers({
      add: (n) => this.nodeUpdated(undefined, n),
      update: (o, n) => this.nodeUpdated(o, n),
      delete: (n) => this.nodeUpdated(n, undefined),
    });
  }

  run(): void {
    this.nodeUpdateQueue.start();
    this.podUpdateQueue.start();
  }

  private podUpdated(old: Pod | undefined, cur: Pod | undefined): void {
    const p = (cur ?? old)!;
    if (old && cur && old.spec.nodeName === cur.spec.nodeName && (old.spec.tolerations === cur.spec.tolerations || semanticEqual(old.spec.tolerations ?? [], cur.spec.tolerations ?? []))) return;
    this.podUpdateQueue.add(`${p.metadata.namespace}/${p.metadata.name}|${p.spec.nodeName ?? ""}`);
  }

  private nodeUpdated(old: Node | undefined, cur: Node | undefined): void {
    if (old && cur && (old.spec.taints === cur.spec.taints || semanticEqual(noExecuteTaints(old), noExecuteTaints(cur)))) return;
    this.nodeUpdateQueue.add((cur ?? old)!.metadata.name);
  }

  private podRef(key: string): KObject {
    const [namespace, name] = key.split("/");
    return { apiVersion: "v1", kind: "Pod", metadata: { namespace, name } } as KObject;
  }

  private cancelWorkWithEvent(key: string): void {
    if (this.evictions.cancelWork(key)) this.recorder.event(this.podRef(key), "Normal", "TaintManagerEviction", `Cancelling deletion of Pod ${key}`);
  }

  /** processPodOnNode. */
  private processPodOnNode(key: string, tolerations: Toleration[] | undefined, taints: Taint[], now: number): void {
    if (!taints.length) this.cancelWorkWithEvent(key);
    const { allTolerated, used } = getMatchingTolerations(taints, tolerations);
    if (!allTolerated) {
      this.cancelWorkWithEvent(key);
      this.evictions.addWork(key, now, now);
      return;
    }
    const min = getMinTolerationTime(used);
    if (min < 0) {
      this.cancelWorkWithEvent(key);
      return;
    }
    let start = now;
    const trigger = now + min;
    const scheduled = this.evictions.getWorker(key);
    if (scheduled) {
      start = scheduled.createdAt;
      if (start + min < trigger) return;
      this.cancelWorkWithEvent(key);
    }
    this.evictions.addWork(key, start, trigger);
  }

  private handleNodeUpdate(name: string): void {
    const node = this.nodes.get(name);
    if (!node) {
      this.taintedNodes.delete(name);
      return;
    }
    const taints = noExecuteTaints(node);
    if (taints.length) this.taintedNodes.set(name, taints);
    else this.taintedNodes.delete(name);
    const pods = this.pods.byIndex("spec.nodeName", name);
    if (!pods.length) return;
    if (!taints.length) {
      for (const p of pods) this.cancelWorkWithEvent(`${p.metadata.namespace}/${p.metadata.name}`);
      return;
    }
    const now = this.scope.now;
    for (const p of pods) this.processPodOnNode(`${p.metadata.namespace}/${p.metadata.name}`, p.spec.tolerations, taints, now);
  }

  private handlePodUpdate(item: string): void {
    const [key, nodeName] = item.split("|");
    const pod = this.pods.get(key);
    if (!pod) {
      this.cancelWorkWithEvent(key);
      return;
    }
    if ((pod.spec.nodeName ?? "") !== nodeName || !nodeName) return;
    const taints = this.taintedNodes.get(nodeName);
    if (!taints) return;
    this.processPodOnNode(key, pod.spec.tolerations, taints, this.scope.now);
  }

  /** deletePodHandler: the event, then up to 5 tries of GET, DisruptionTarget condition, DELETE. */
  private deletePod(key: string, done: (err?: string) => void): void {
    this.scope.actor.log(`Deleting pod ${key} (taint-eviction-controller)`);
    this.recorder.event(this.podRef(key), "Normal", "TaintManagerEviction", `Marking for deletion Pod ${key}`);
    const [namespace, name] = key.split("/");
    const attempt = (i: number): void => {
      this.addConditionAndDeletePod(namespace, name, (err) => {
        if (!err) return done();
        if (i + 1 >= DELETE_RETRIES) return done(err);
        this.scope.after(10, () => attempt(i + 1));
      });
    };
    attempt(0);
  }

  private addConditionAndDeletePod(namespace: string, name: string, cb: (err?: string) => void): void {
    this.client.get("pods", namespace, name, (res) => {
      const err = responseError(res);
      if (err) return cb(err);
      const pod = res.object as Pod;
      const { conditions, changed } = updatePodCondition(
        pod.status.conditions,
        { type: "DisruptionTarget", status: "True", reason: "DeletionByTaintManager", message: "Taint manager: deleting due to NoExecute taint" },
        rfc3339(this.scope.now),
      );
      const del = () => this.client.delete("pods", namespace, name, {}, (d) => cb(responseError(d)));
      if (!changed) return del();
      this.client.patchStatus("pods", namespace, name, { status: { conditions } }, (p) => {
        const perr = responseError(p);
        if (perr) return cb(perr);
        del();
      });
    });
  }
}
