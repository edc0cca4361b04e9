import type { Pod, ReplicaSet } from "../../api/types";
import { objectKey } from "../../api/resources";
import { selectorMatches } from "../../api/labels";
import type { ApiClient } from "../../client/apiclient";
import type { Informer } from "../../client/informer";
import type { LegacyEventRecorder } from "../../client/recorder";
import { isNotFound, parallel, responseError, type Step } from "../async";
import type { Controller, ControllerContext, ControllerQueue, Scope } from "../context";
import { clone, controllerRef, newControllerRef } from "../objects";
import { isPodActive, isPodReady } from "../pods";
import { replicaSetDiff, slowStartBatches } from "./diff";
import { compileSelector } from "../selector";
import { ControllerExpectations } from "./expectations";
import { calculateReplicaSetStatus, replicaSetStatusUnchanged, type ReplicaSetStatus } from "./status";

/** --concurrent-replicaset-syncs default. */
export const CONCURRENT_REPLICASET_SYNCS = 5;
/** replica_set.go statusUpdateRetries: one GET-and-retry after a failed status write. */
const STATUS_UPDATE_RETRIES = 1;

/**
 * The ReplicaSet controller (pkg/controller/replicaset/replica_set.go): keeps the number of active pods
 * at spec.replicas, creating in slow-start batches and deleting by rank, with expectations so a
 * replica set is not counted again until the informer has seen its last creations and deletions.
 */
export class ReplicaSetController implements Controller {
  readonly name = "replicaset-controller";
  readonly queue: ControllerQueue;
  readonly expectations = new ControllerExpectations();
  private readonly client: ApiClient;
  private readonly recorder: LegacyEventRecorder;
  private readonly scope: Scope;
  readonly replicaSets: Informer<ReplicaSet>;
  readonly pods: Informer<Pod>;

  constructor(ctx: ControllerContext) {
    this.scope = ctx.scope;
    this.client = ctx.client(this.name);
    this.recorder = ctx.recorder(this.client, this.name);
    this.replicaSets = ctx.informers.informer<ReplicaSet>("replicasets");
    this.pods = ctx.informers.informer<Pod>("pods");
    this.replicaSets.addIndex("controllerUid", controllerUidIndex);
    this.pods.addIndex("controllerUid", controllerUidIndex);
    this.queue = ctx.scope.queue((key, done) => this.sync(key, done), CONCURRENT_REPLICASET_SYNCS);

    this.replicaSets.addHandlers({
      add: (rs) => this.queue.add(objectKey(rs)),
      update: (_old, rs) => this.queue.add(objectKey(rs)),
      delete: (rs) => {
        this.expectations.delete(objectKey(rs));
        this.queue.add(objectKey(rs));
      },
    });
    this.pods.addHandlers({
      add: (pod) => this.addPod(pod),
      update: (old, cur) => this.updatePod(old, cur),
      delete: (pod) => this.deletePod(pod),
    });
  }

  run(): void {
    this.queue.start();
  }

  private resolveControllerRef(pod: Pod): ReplicaSet | undefined {
    const ref = controllerRef(pod);
    if (!ref || ref.kind !== "ReplicaSet") return undefined;
    const rs = this.replicaSets.get(`${pod.metadata.namespace}/${ref.name}`);
    return rs && rs.metadata.uid === ref.uid ? rs : undefined;
  }

  private replicaSetsForOrphan(pod: Pod): ReplicaSet[] {
    return this.replicaSets.list().filter((rs) => rs.metadata.namespace === pod.metadata.namespace && selectorMatches(rs.spec.selector, pod.metadata.labels));
  }

  private addPod(pod: Pod): void {
    if (pod.metadata.deletionTimestamp) {
      // A pod that shows up already being deleted must not count as an observed creation.
      this.deletePod(pod);
      return;
    }
    if (controllerRef(pod)) {
      const rs = this.resolveControllerRef(pod);
      if (!rs) return;
      this.expectations.creationObserved(objectKey(rs));
      this.queue.add(objectKey(rs));
      return;
    }
    for (const rs of this.replicaSetsForOrphan(pod)) this.queue.add(objectKey(rs));
  }

  private updatePod(old: Pod, cur: Pod): void {
    if (old.metadata.resourceVersion === cur.metadata.resourceVersion) return;
    const labelChanged = JSON.stringify(old.metadata.labels ?? {}) !== JSON.stringify(cur.metadata.labels ?? {});
    if (cur.metadata.deletionTimestamp) {
      this.deletePod(cur);
      if (labelChanged) this.deletePod(old);
      return;
    }
    const curRef = controllerRef(cur);
    const oldRef = controllerRef(old);
    if (oldRef && oldRef.uid !== curRef?.uid) {
      const rs = this.resolveControllerRef(old);
      if (rs) this.queue.add(objectKey(rs));
    }
    if (curRef) {
      const rs = this.resolveControllerRef(cur);
      if (!rs) return;
      this.queue.add(objectKey(rs));
      const minReady = rs.spec.minReadySeconds ?? 0;
      if (!isPodReady(old) && isPodReady(cur) && minReady > 0) this.queue.addAfter(objectKey(rs), minReady * 1000 + 1000);
      return;
    }
    if (labelChanged || oldRef) for (const rs of this.replicaSetsForOrphan(cur)) this.queue.add(objectKey(rs));
  }

  private deletePod(pod: Pod): void {
    const rs = this.resolveControllerRef(pod);
    if (!rs) return;
    const key = objectKey(rs);
    this.expectations.deletionObserved(key, objectKey(pod));
    this.queue.add(key);
  }

  /** The replica set's active pods: controlled by it and matched by its selector (claimPods, minus adoption). */
  private activePods(rs: ReplicaSet): Pod[] {
    const matches = compileSelector(rs.spec.selector);
    const namespace = rs.metadata.namespace;
    const out: Pod[] = [];
    for (const p of this.pods.indexed("controllerUid", rs.metadata.uid)) {
      if (p.metadata.namespace === namespace && isPodActive(p) && matches(p.metadata.labels)) out.push(p);
    }
    return out;
  }

  /** getIndirectlyRelatedPods: the pods selected by every replica set with the same controller. */
  private relatedPods(rs: ReplicaSet): Pod[] {
    const ref = controllerRef(rs);
    if (!ref) return [];
    const seen = new Set<string>();
    const out: Pod[] = [];
    for (const related of this.replicaSets.byIndex("controllerUid", ref.uid)) {
      // Upstream lists every pod the related set's selector matches; pods carry the hash label, so the
      // ones it matches are (but for adoption, which is not simulated) the ones it controls.
      for (const p of this.pods.indexed("controllerUid", related.metadata.uid)) {
        if (p.metadata.namespace !== related.metadata.namespace || !selectorMatches(related.spec.selector, p.metadata.labels)) continue;
        if (seen.has(p.metadata.uid)) continue;
        seen.add(p.metadata.uid);
        out.push(p);
      }
    }
    return out;
  }

  private sync(key: string, done: () => void): void {
    const rs = this.replicaSets.get(key);
    if (!rs) {
      this.expectations.delete(key);
      return done();
    }
    const now = this.scope.now;
    const needsSync = this.expectations.satisfied(key, now);
    const pods = this.activePods(rs);
    const finish = (manageErr?: string) => {
      const status = calculateReplicaSetStatus(rs, pods, now);
      this.updateStatus(rs, status, (statusErr, updated) => {
        const err = statusErr ?? manageErr;
        if (!statusErr && !manageErr && updated) {
          const minReady = updated.spec.minReadySeconds ?? 0;
          const ready = updated.status.readyReplicas ?? 0;
          const available = updated.status.availableReplicas ?? 0;
          if (minReady > 0 && ready === updated.spec.replicas && available !== updated.spec.replicas) this.queue.addAfter(key, minReady * 1000);
        }
        if (err) this.queue.addRateLimited(key);
        else this.queue.forget(key);
        done();
      });
    };
    if (needsSync && !rs.metadata.deletionTimestamp) this.manageReplicas(key, rs, pods, finish);
    else finish();
  }

  /** manageReplicas: create the missing pods in slow-start batches, or delete the lowest-ranked surplus. */
  private manageReplicas(key: string, rs: ReplicaSet, pods: Pod[], done: (err?: string) => void): void {
    const diff = replicaSetDiff(rs, pods, () => this.relatedPods(rs), this.scope.now);
    if ("create" in diff) {
      this.expectations.expectCreations(key, diff.create, this.scope.now);
      const batches = slowStartBatches(diff.create);
      let successes = 0;
      const runBatch = (i: number): void => {
        if (i >= batches.length) return done();
        parallel(
          Array.from({ length: batches[i] }, () => this.createPod(rs)),
          (errs) => {
            successes += batches[i] - errs.length;
            if (errs.length) {
              // The pods never attempted (and the failed ones) will not be observed: stop expecting them.
              for (let k = successes; k < diff.create; k++) this.expectations.creationObserved(key);
              return done(errs[0]);
            }
            runBatch(i + 1);
          },
        );
      };
      return runBatch(0);
    }
    if ("delete" in diff) {
      this.expectations.expectDeletions(key, diff.delete.map(objectKey), this.scope.now);
      return parallel(
        diff.delete.map((pod) => this.deletePodStep(key, rs, pod)),
        (errs) => done(errs[0]),
      );
    }
    done();
  }

  /** controller.GetPodFromTemplate + RealPodControl.CreatePods. */
  private createPod(rs: ReplicaSet): Step {
    return (next) => {
      const t = rs.spec.template;
      const labels = { ...(t.metadata?.labels ?? {}) };
      if (!Object.keys(labels).length) return next("unable to create pods, no labels");
      const metadata: Record<string, unknown> = { generateName: `${rs.metadata.name}-`, namespace: rs.metadata.namespace, labels };
      if (t.metadata?.annotations) metadata.annotations = { ...t.metadata.annotations };
      metadata.ownerReferences = [newControllerRef(rs)];
      const pod = { apiVersion: "v1", kind: "Pod", metadata, spec: clone(t.spec) } as unknown as Pod;
      this.client.create("pods", pod, (res) => {
        const err = responseError(res);
        if (err) {
          this.recorder.event(rs, "Warning", "FailedCreate", `Error creating: ${err}`);
          return next(err);
        }
        this.recorder.event(rs, "Normal", "SuccessfulCreate", `Created pod: ${res.object!.metadata.name}`);
        next();
      });
    };
  }

  /** RealPodControl.DeletePod; a failed delete will never be observed, so it is no longer expected. */
  private deletePodStep(key: string, rs: ReplicaSet, pod: Pod): Step {
    return (next) => {
      this.client.delete("pods", pod.metadata.namespace, pod.metadata.name, {}, (res) => {
        const err = responseError(res);
        if (!err) {
          this.recorder.event(rs, "Normal", "SuccessfulDelete", `Deleted pod: ${pod.metadata.name}`);
          return next();
        }
        this.expectations.deletionObserved(key, objectKey(pod));
        if (isNotFound(res)) return next();
        this.recorder.event(rs, "Warning", "FailedDelete", `Error deleting: ${err}`);
        next(`unable to delete pods: ${err}`);
      });
    };
  }

  /**
   * updateReplicaSetStatus: nothing to do in the steady state; otherwise PUT the status with the
   * generation acted on, and after a failure GET the replica set and try once more.
   */
  private updateStatus(rs: ReplicaSet, status: ReplicaSetStatus, done: (err: string | undefined, rs: ReplicaSet | undefined) => void): void {
    if (replicaSetStatusUnchanged(rs, status)) return done(undefined, rs);
    const newStatus: ReplicaSetStatus = { ...status };
    if (rs.metadata.generation) newStatus.observedGeneration = rs.metadata.generation;
    else delete newStatus.observedGeneration;
    const attempt = (cur: ReplicaSet, i: number): void => {
      this.client.updateStatus("replicasets", { ...cur, status: newStatus }, (res) => {
        const err = responseError(res);
        if (!err) return done(undefined, res.object as ReplicaSet);
        if (i >= STATUS_UPDATE_RETRIES) return done(err, undefined);
        this.client.get("replicasets", cur.metadata.namespace, cur.metadata.name, (got) => {
          const getErr = responseError(got);
          if (getErr) return done(getErr, undefined);
          attempt(got.object as ReplicaSet, i + 1);
        });
      });
    };
    attempt(rs, 0);
  }
}

function controllerUidIndex(obj: ReplicaSet | Pod): string[] {
  const ref = controllerRef(obj);
  return ref ? [ref.uid] : [];
}
