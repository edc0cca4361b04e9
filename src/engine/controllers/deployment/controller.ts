import type { Deployment, Pod, ReplicaSet } from "../../api/types";
import { objectKey } from "../../api/resources";
import { selectorMatches } from "../../api/labels";
import type { ApiClient } from "../../client/apiclient";
import type { Informer } from "../../client/informer";
import type { LegacyEventRecorder } from "../../client/recorder";
import { isAlreadyExists, isNotFound, responseError, series, type Step } from "../async";
import type { Controller, ControllerContext, ControllerQueue, Scope } from "../context";
import { controllerRef } from "../objects";
import { planDeploymentSync, type DeploymentOp } from "./plan";
import { equalIgnoreHash } from "./util";

/** --concurrent-deployment-syncs default. */
export const CONCURRENT_DEPLOYMENT_SYNCS = 5;
/** deployment_controller.go maxRetries: give up re-queuing a failing key after this many tries. */
const MAX_RETRIES = 15;

/**
 * The deployment controller (pkg/controller/deployment/deployment_controller.go): watches
 * Deployments, ReplicaSets and Pods, and turns each deployment key into planDeploymentSync's writes.
 */
export class DeploymentController implements Controller {
  readonly name = "deployment-controller";
  readonly queue: ControllerQueue;
  private readonly client: ApiClient;
  private readonly recorder: LegacyEventRecorder;
  private readonly scope: Scope;
  readonly deployments: Informer<Deployment>;
  readonly replicaSets: Informer<ReplicaSet>;
  readonly pods: Informer<Pod>;

  constructor(ctx: ControllerContext) {
    this.scope = ctx.scope;
    this.client = ctx.client(this.name);
    this.recorder = ctx.recorder(this.client, this.name);
    this.deployments = ctx.informers.informer<Deployment>("deployments");
    this.replicaSets = ctx.informers.informer<ReplicaSet>("replicasets");
    this.pods = ctx.informers.informer<Pod>("pods");
    this.replicaSets.addIndex("controllerUid", controllerUidIndex);
    this.pods.addIndex("controllerUid", controllerUidIndex);
    this.queue = ctx.scope.queue((key, done) => this.sync(key, done), CONCURRENT_DEPLOYMENT_SYNCS);

    this.deployments.addHandlers({
      add: (d) => this.enqueue(d),
      update: (_old, d) => this.enqueue(d),
      delete: (d) => this.enqueue(d),
    });
    this.replicaSets.addHandlers({
      add: (rs) => this.addReplicaSet(rs),
      update: (old, cur) => this.updateReplicaSet(old, cur),
      delete: (rs) => {
        const d = this.resolveControllerRef(rs);
        if (d) this.enqueue(d);
      },
    });
    this.pods.addHandlers({ delete: (pod) => this.deletePod(pod) });
  }

  run(): void {
    this.queue.start();
  }

  private enqueue(d: Deployment): void {
    this.queue.add(objectKey(d));
  }

  private resolveControllerRef(obj: ReplicaSet): Deployment | undefined {
    const ref = controllerRef(obj);
    if (!ref || ref.kind !== "Deployment") return undefined;
    const d = this.deployments.get(`${obj.metadata.namespace}/${ref.name}`);
    return d && d.metadata.uid === ref.uid ? d : undefined;
  }

  /** getDeploymentsForReplicaSet: deployments in the namespace whose selector matches an orphan. */
  private deploymentsForOrphan(rs: ReplicaSet): Deployment[] {
    return this.deployments.list().filter((d) => d.metadata.namespace === rs.metadata.namespace && selectorMatches(d.spec.selector, rs.metadata.labels));
  }

  private addReplicaSet(rs: ReplicaSet): void {
    if (rs.metadata.deletionTimestamp) {
      const d = this.resolveControllerRef(rs);
      if (d) this.enqueue(d);
      return;
    }
    if (controllerRef(rs)) {
      const d = this.resolveControllerRef(rs);
      if (d) this.enqueue(d);
      return;
    }
    for (const d of this.deploymentsForOrphan(rs)) this.enqueue(d);
  }

  private updateReplicaSet(old: ReplicaSet, cur: ReplicaSet): void {
    if (old.metadata.resourceVersion === cur.metadata.resourceVersion) return;
    const curRef = controllerRef(cur);
    const oldRef = controllerRef(old);
    if (oldRef && oldRef.uid !== curRef?.uid) {
      const d = this.resolveControllerRef(old);
      if (d) this.enqueue(d);
    }
    if (curRef) {
      const d = this.resolveControllerRef(cur);
      if (d) this.enqueue(d);
      return;
    }
    const labelsChanged = JSON.stringify(old.metadata.labels ?? {}) !== JSON.stringify(cur.metadata.labels ?? {});
    if (labelsChanged || oldRef) for (const d of this.deploymentsForOrphan(cur)) this.enqueue(d);
  }

  /** deletePod: a Recreate deployment waits for its old pods to be gone, so the last one wakes it. */
  private deletePod(pod: Pod): void {
    const ref = controllerRef(pod);
    if (!ref || ref.kind !== "ReplicaSet") return;
    const rs = this.replicaSets.get(`${pod.metadata.namespace}/${ref.name}`);
    if (!rs || rs.metadata.uid !== ref.uid) return;
    const d = this.resolveControllerRef(rs);
    if (!d || d.spec.strategy.type !== "Recreate") return;
    const rsList = this.ownedReplicaSets(d);
    const left = rsList.reduce((n, r) => n + this.pods.byIndex("controllerUid", r.metadata.uid).length, 0);
    if (left === 0) this.enqueue(d);
  }

  /** getReplicaSetsForDeployment: the replica sets it controls whose labels its selector matches. */
  private ownedReplicaSets(d: Deployment): ReplicaSet[] {
    return this.replicaSets
      .byIndex("controllerUid", d.metadata.uid)
      .filter((rs) => rs.metadata.namespace === d.metadata.namespace && selectorMatches(d.spec.selector, rs.metadata.labels));
  }

  private sync(key: string, done: () => void): void {
    const d = this.deployments.get(key);
    if (!d) return done();
    const rsList = this.ownedReplicaSets(d);
    const podsByRS = new Map<string, Pod[]>();
    for (const rs of rsList) podsByRS.set(rs.metadata.uid, this.pods.byIndex("controllerUid", rs.metadata.uid).filter((p) => selectorMatches(d.spec.selector, p.metadata.labels)));
    const plan = planDeploymentSync(d, rsList, podsByRS, this.scope.now);
    const latestRV = new Map<string, string>();
    series(
      plan.ops.map((op) => this.step(d, op, latestRV)),
      (err) => {
        if (!err) {
          this.queue.forget(key);
          if (plan.requeueRateLimited) this.queue.addRateLimited(key);
          else if (plan.requeueAfter !== undefined) this.queue.addAfter(key, plan.requeueAfter);
        } else if (this.queue.numRequeues(key) < MAX_RETRIES) {
          this.queue.addRateLimited(key);
        } else {
          this.queue.forget(key);
        }
        done();
      },
    );
  }

  /** One write of the plan, as the Go code would make it. */
  private step(d: Deployment, op: DeploymentOp, latestRV: Map<string, string>): Step {
    return (next) => {
      switch (op.op) {
        case "event":
          this.recorder.event(d, op.event.type, op.event.reason, op.event.message);
          return next();
        case "createReplicaSet":
          return this.client.create("replicasets", op.rs, (res) => {
            if (res.code === 201) {
              latestRV.set(op.rs.metadata.name, res.object!.metadata.resourceVersion);
              if (op.event) this.recorder.event(d, op.event.type, op.event.reason, op.event.message);
              return next();
            }
            if (isAlreadyExists(res)) return this.onAlreadyExists(d, op.rs, next);
            const msg = `Failed to create new replica set "${op.rs.metadata.name}": ${responseError(res)}`;
            this.recorder.event(d, "Warning", "ReplicaSetCreateError", msg);
            next(msg);
          });
        case "updateReplicaSet": {
          const rv = latestRV.get(op.rs.metadata.name) ?? op.rs.metadata.resourceVersion;
          const rs = { ...op.rs, metadata: { ...op.rs.metadata, resourceVersion: rv } };
          return this.client.update("replicasets", rs, (res) => {
            const err = responseError(res);
            if (err) return next(err);
            latestRV.set(op.rs.metadata.name, res.object!.metadata.resourceVersion);
            if (op.event) this.recorder.event(d, op.event.type, op.event.reason, op.event.message);
            next();
          });
        }
        case "deleteReplicaSet":
          return this.client.delete("replicasets", op.rs.metadata.namespace, op.rs.metadata.name, {}, (res) => next(isNotFound(res) ? undefined : responseError(res)));
        case "updateStatus":
          return this.client.updateStatus("deployments", op.deployment, (res) => next(responseError(res)));
      }
    };
  }

  /**
   * The replica set's name is taken. If it is ours with the same template, the cache was just slow:
   * try again later. Otherwise it is a hash collision: bump status.collisionCount and requeue, so the
   * next hash differs (getNewReplicaSet in sync.go).
   */
  private onAlreadyExists(d: Deployment, rs: ReplicaSet, next: (err?: string) => void): void {
    const existing = this.replicaSets.get(objectKey(rs));
    if (!existing || (controllerRef(existing)?.uid === d.metadata.uid && equalIgnoreHash(d.spec.template, existing.spec.template))) {
      return next(`replicasets.apps "${rs.metadata.name}" already exists`);
    }
    const collisionCount = (d.status?.collisionCount ?? 0) + 1;
    this.client.updateStatus("deployments", { ...d, status: { ...d.status, collisionCount } }, () => next(`hash collision for ${rs.metadata.name}`));
  }
}

function controllerUidIndex(obj: ReplicaSet | Pod): string[] {
  const ref = controllerRef(obj);
  return ref ? [ref.uid] : [];
}
