import type { Deployment, LabelSelector, Pod, ReplicaSet } from "../../api/types";
import { rfc3339 } from "../../time";
import { clone, newControllerRef, semanticEqual, timeOf } from "../objects";
import { isRollingUpdate, maxSurge, maxUnavailable } from "./fenceposts";
import { computeHash } from "./hash";
import {
  POD_TEMPLATE_HASH_LABEL,
  REASON,
  REVISION_ANNOTATION,
  availableReplicaCount,
  actualReplicaCount,
  byCreationTimestamp,
  bySizeNewer,
  bySizeOlder,
  calculateStatus,
  compactDeploymentStatus,
  deploymentComplete,
  deploymentProgressing,
  deploymentTimedOut,
  filterActiveReplicaSets,
  findActiveOrLatest,
  findNewReplicaSet,
  findOldReplicaSets,
  getDeploymentCondition,
  getProportion,
  hasProgressDeadline,
  hasRevisionHistoryLimit,
  isSaturated,
  maxRevision,
  newDeploymentCondition,
  newRSNewReplicas,
  removeDeploymentCondition,
  replicaCount,
  replicasAnnotationsNeedUpdate,
  replicasOf,
  setDeploymentCondition,
  setDeploymentRevision,
  setNewReplicaSetAnnotations,
  setReplicasAnnotations,
} from "./util";

/**
 * One sync of the deployment controller as a pure function: given the deployment and the replica sets
 * (and, for Recreate, the pods) it owns, the API writes syncDeployment would make, in order
 * (pkg/controller/deployment/deployment_controller.go syncDeployment, sync.go, rolling.go,
 * recreate.go, progress.go). The Go code works on a deep copy of the deployment that it changes as it
 * goes and blocks on each write; here the copy is `d`, and every write becomes an op. The actor runs
 * the ops in order and stops at the first error, as the Go code returns it.
 */

export interface EventSpec {
  type: "Normal" | "Warning";
  reason: string;
  message: string;
}

export type DeploymentOp =
  /** POST a new replica set (AlreadyExists means a hash collision or a slow cache). */
  | { op: "createReplicaSet"; rs: ReplicaSet; event?: EventSpec }
  /** PUT a replica set (scale or annotations), with the event recorded once it succeeds. */
  | { op: "updateReplicaSet"; rs: ReplicaSet; event?: EventSpec }
  | { op: "deleteReplicaSet"; rs: ReplicaSet }
  /** PUT deployments/status with the deployment as it is at this point (stale resourceVersion and all). */
  | { op: "updateStatus"; deployment: Deployment }
  | { op: "event"; event: EventSpec };

export interface DeploymentPlan {
  ops: DeploymentOp[];
  /** requeueStuckDeployment: check progress again after this long (ms). */
  requeueAfter?: number;
  /** requeueStuckDeployment with less than a second left: requeue rate-limited. */
  requeueRateLimited?: boolean;
}

class Planner {
  readonly ops: DeploymentOp[] = [];
  requeueAfter?: number;
  requeueRateLimited = false;
  readonly nowTs: string;

  constructor(
    readonly d: Deployment,
    readonly now: number,
  ) {
    this.nowTs = rfc3339(now);
  }

  updateStatus(): void {
    this.ops.push({ op: "updateStatus", deployment: clone(this.d) });
  }
}

/** syncDeployment for a deployment and the replica sets it controls. `podsByRS` is keyed by replica set uid. */
export function planDeploymentSync(deployment: Deployment, rsList: ReplicaSet[], podsByRS: Map<string, Pod[]>, now: number): DeploymentPlan {
  const d = clone(deployment);
  d.status = d.status ?? {};
  const p = new Planner(d, now);
  const sel = d.spec.selector;
  if (!sel || (!Object.keys(sel.matchLabels ?? {}).length && !(sel.matchExpressions ?? []).length)) {
    p.ops.push({ op: "event", event: { type: "Warning", reason: "SelectingAll", message: "This deployment is selecting all pods. A non-empty selector is required." } });
    if ((d.status.observedGeneration ?? 0) < (d.metadata.generation ?? 0)) {
      d.status.observedGeneration = d.metadata.generation;
      p.updateStatus();
    }
    return finish(p);
  }
  if (d.metadata.deletionTimestamp) {
    syncStatusOnly(p, rsList);
    return finish(p);
  }
  checkPausedConditions(p);
  if (d.spec.paused) {
    sync(p, rsList);
    return finish(p);
  }
  if (isScalingEvent(p, rsList)) {
    sync(p, rsList);
    return finish(p);
  }
  if (d.spec.strategy.type === "Recreate") rolloutRecreate(p, rsList, podsByRS);
  else rolloutRolling(p, rsList);
  return finish(p);
}

function finish(p: Planner): DeploymentPlan {
  const plan: DeploymentPlan = { ops: p.ops };
  if (p.requeueAfter !== undefined) plan.requeueAfter = p.requeueAfter;
  if (p.requeueRateLimited) plan.requeueRateLimited = true;
  return plan;
}

// ---- sync.go -------------------------------------------------------------------------------------

function syncStatusOnly(p: Planner, rsList: ReplicaSet[]): void {
  const { newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(p, rsList, false);
  syncDeploymentStatus(p, [...oldRSs, newRS], newRS);
}

/** sync: reconcile a scaling event (or a paused deployment) without rolling anything out. */
function sync(p: Planner, rsList: ReplicaSet[]): void {
  const { newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(p, rsList, false);
  scale(p, newRS, oldRSs);
  if (p.d.spec.paused) cleanupDeployment(p, oldRSs);
  // As upstream, the status is computed from the replica sets as they were before scaling.
  syncDeploymentStatus(p, [...oldRSs, newRS], newRS);
}

function checkPausedConditions(p: Planner): void {
  const d = p.d;
  if (!hasProgressDeadline(d)) return;
  const cond = getDeploymentCondition(d.status, "Progressing");
  if (cond?.reason === REASON.timedOut) return;
  const pausedExists = cond?.reason === REASON.pausedDeploy;
  let needsUpdate = false;
  if (d.spec.paused && !pausedExists) {
    setDeploymentCondition(d.status, newDeploymentCondition("Progressing", "Unknown", REASON.pausedDeploy, "Deployment is paused", p.nowTs));
    needsUpdate = true;
  } else if (!d.spec.paused && pausedExists) {
    setDeploymentCondition(d.status, newDeploymentCondition("Progressing", "Unknown", REASON.resumedDeploy, "Deployment is resumed", p.nowTs));
    needsUpdate = true;
  }
  if (needsUpdate) p.updateStatus();
}

function getAllReplicaSetsAndSyncRevision(p: Planner, rsList: ReplicaSet[], create: boolean): { newRS: ReplicaSet | undefined; oldRSs: ReplicaSet[] } {
  const { all } = findOldReplicaSets(p.d, rsList);
  const newRS = getNewReplicaSet(p, rsList, all, create);
  return { newRS, oldRSs: all };
}

/** CloneSelectorAndAddLabel. */
function selectorWithHash(sel: LabelSelector, hash: string): LabelSelector {
  const out: LabelSelector = { matchLabels: { ...(sel.matchLabels ?? {}), [POD_TEMPLATE_HASH_LABEL]: hash } };
  if (sel.matchExpressions?.length) out.matchExpressions = clone(sel.matchExpressions);
  return out;
}

/**
 * getNewReplicaSet: the replica set whose template matches the deployment's, with its revision synced,
 * or (create) a new one named `<deployment>-<pod-template-hash>` sized by NewRSNewReplicas.
 */
function getNewReplicaSet(p: Planner, rsList: ReplicaSet[], oldRSs: ReplicaSet[], create: boolean): ReplicaSet | undefined {
  const d = p.d;
  const existing = findNewReplicaSet(d, rsList);
  const newRevision = String(maxRevision(oldRSs) + 1);
  if (existing) {
    const rsCopy = clone(existing);
    const annotationsUpdated = setNewReplicaSetAnnotations(d, rsCopy, newRevision, true);
    const minReadyNeedsUpdate = (rsCopy.spec.minReadySeconds ?? 0) !== (d.spec.minReadySeconds ?? 0);
    if (annotationsUpdated || minReadyNeedsUpdate) {
      if (d.spec.minReadySeconds) rsCopy.spec.minReadySeconds = d.spec.minReadySeconds;
      else delete rsCopy.spec.minReadySeconds;
      p.ops.push({ op: "updateReplicaSet", rs: rsCopy });
      return rsCopy;
    }
    let needsUpdate = setDeploymentRevision(d, rsCopy.metadata.annotations?.[REVISION_ANNOTATION] ?? "");
    if (hasProgressDeadline(d) && !getDeploymentCondition(d.status, "Progressing")) {
      setDeploymentCondition(d.status, newDeploymentCondition("Progressing", "True", REASON.foundNewRS, `Found new replica set "${rsCopy.metadata.name}"`, p.nowTs));
      needsUpdate = true;
    }
    if (needsUpdate) p.updateStatus();
    return rsCopy;
  }
  if (!create) return undefined;

  const template = clone(d.spec.template);
  const hash = computeHash(template, d.status.collisionCount);
  const labels = { ...(d.spec.template.metadata?.labels ?? {}), [POD_TEMPLATE_HASH_LABEL]: hash };
  template.metadata = { ...template.metadata, labels };
  const spec: ReplicaSet["spec"] = { replicas: 0, selector: selectorWithHash(d.spec.selector, hash), template };
  if (d.spec.minReadySeconds) spec.minReadySeconds = d.spec.minReadySeconds;
  const newRS: ReplicaSet = {
    apiVersion: "apps/v1",
    kind: "ReplicaSet",
    metadata: {
      name: `${d.metadata.name}-${hash}`,
      namespace: d.metadata.namespace,
      ownerReferences: [newControllerRef(d)],
      labels: { ...labels },
    } as unknown as ReplicaSet["metadata"],
    spec,
    status: { replicas: 0 },
  };
  const count = newRSNewReplicas(d, [...oldRSs, newRS], newRS);
  newRS.spec.replicas = count;
  setNewReplicaSetAnnotations(d, newRS, newRevision, false);
  p.ops.push({
    op: "createReplicaSet",
    rs: newRS,
    event: count > 0 ? { type: "Normal", reason: "ScalingReplicaSet", message: `Scaled up replica set ${newRS.metadata.name} from 0 to ${count}` } : undefined,
  });
  let needsUpdate = setDeploymentRevision(d, newRevision);
  if (hasProgressDeadline(d)) {
    setDeploymentCondition(d.status, newDeploymentCondition("Progressing", "True", REASON.newReplicaSet, `Created new replica set "${newRS.metadata.name}"`, p.nowTs));
    needsUpdate = true;
  }
  if (needsUpdate) p.updateStatus();
  return newRS;
}

/**
 * scale: proportional scaling. One active replica set takes the whole change; a saturated new one
 * means the old ones go to 0; otherwise the change is spread in proportion to each set's size.
 * Returns the replica sets as they are after scaling.
 */
function scale(p: Planner, newRS: ReplicaSet | undefined, oldRSs: ReplicaSet[]): ReplicaSet[] {
  const d = p.d;
  const activeOrLatest = findActiveOrLatest(newRS, oldRSs);
  if (activeOrLatest) {
    if (replicasOf(activeOrLatest) === d.spec.replicas) return [];
    return [scaleReplicaSetAndRecordEvent(p, activeOrLatest, d.spec.replicas).rs];
  }
  if (isSaturated(d, newRS)) {
    return filterActiveReplicaSets(oldRSs).map((old) => scaleReplicaSetAndRecordEvent(p, old, 0).rs);
  }
  if (!isRollingUpdate(d)) return [];
  const allRSs = filterActiveReplicaSets([...oldRSs, newRS]);
  const allReplicas = replicaCount(allRSs);
  const allowed = d.spec.replicas > 0 ? d.spec.replicas + maxSurge(d) : 0;
  const toAdd = allowed - allReplicas;
  let operation = "";
  if (toAdd > 0) {
    allRSs.sort(bySizeNewer);
    operation = "up";
  } else if (toAdd < 0) {
    allRSs.sort(bySizeOlder);
    operation = "down";
  }
  let added = 0;
  const sizes = new Map<string, number>();
  for (const rs of allRSs) {
    if (toAdd !== 0) {
      const proportion = getProportion(rs, d, toAdd, added);
      sizes.set(rs.metadata.name, replicasOf(rs) + proportion);
      added += proportion;
    } else sizes.set(rs.metadata.name, replicasOf(rs));
  }
  const out: ReplicaSet[] = [];
  allRSs.forEach((rs, i) => {
    if (i === 0 && toAdd !== 0) {
      const leftover = toAdd - added;
      sizes.set(rs.metadata.name, Math.max(0, sizes.get(rs.metadata.name)! + leftover));
    }
    out.push(scaleReplicaSet(p, rs, sizes.get(rs.metadata.name)!, operation).rs);
  });
  return out;
}

function scaleReplicaSetAndRecordEvent(p: Planner, rs: ReplicaSet, newScale: number): { scaled: boolean; rs: ReplicaSet } {
  if (replicasOf(rs) === newScale) return { scaled: false, rs };
  return scaleReplicaSet(p, rs, newScale, replicasOf(rs) < newScale ? "up" : "down");
}

/** scaleReplicaSet: PUT the new size and the replicas annotations; the event says "Scaled up ... from A to B". */
function scaleReplicaSet(p: Planner, rs: ReplicaSet, newScale: number, operation: string): { scaled: boolean; rs: ReplicaSet } {
  const d = p.d;
  const sizeNeedsUpdate = replicasOf(rs) !== newScale;
  const max = d.spec.replicas + maxSurge(d);
  const annotationsNeedUpdate = replicasAnnotationsNeedUpdate(rs, d.spec.replicas, max);
  if (!sizeNeedsUpdate && !annotationsNeedUpdate) return { scaled: false, rs };
  const oldScale = replicasOf(rs);
  const copy = clone(rs);
  copy.spec.replicas = newScale;
  setReplicasAnnotations(copy, d.spec.replicas, max);
  p.ops.push({
    op: "updateReplicaSet",
    rs: copy,
    event: sizeNeedsUpdate ? { type: "Normal", reason: "ScalingReplicaSet", message: `Scaled ${operation} replica set ${rs.metadata.name} from ${oldScale} to ${newScale}` } : undefined,
  });
  return { scaled: sizeNeedsUpdate, rs: copy };
}

/** cleanupDeployment: delete the oldest fully scaled-down replica sets beyond revisionHistoryLimit. */
function cleanupDeployment(p: Planner, oldRSs: ReplicaSet[]): void {
  const d = p.d;
  if (!hasRevisionHistoryLimit(d)) return;
  const cleanable = oldRSs.filter((rs) => !rs.metadata.deletionTimestamp);
  const diff = cleanable.length - d.spec.revisionHistoryLimit;
  if (diff <= 0) return;
  cleanable.sort(byCreationTimestamp);
  for (let i = 0; i < diff; i++) {
    const rs = cleanable[i];
    if ((rs.status?.replicas ?? 0) !== 0 || replicasOf(rs) !== 0 || (rs.metadata.generation ?? 0) > (rs.status?.observedGeneration ?? 0) || rs.metadata.deletionTimestamp) continue;
    p.ops.push({ op: "deleteReplicaSet", rs });
  }
}

function syncDeploymentStatus(p: Planner, allRSs: (ReplicaSet | undefined)[], newRS: ReplicaSet | undefined): void {
  const newStatus = calculateStatus(allRSs, newRS, p.d, p.nowTs);
  if (semanticEqual(compactDeploymentStatus(p.d.status), newStatus)) return;
  p.d.status = newStatus;
  p.updateStatus();
}

/** isScalingEvent: an active replica set's desired-replicas annotation differs from spec.replicas. */
function isScalingEvent(p: Planner, rsList: ReplicaSet[]): boolean {
  const { newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(p, rsList, false);
  for (const rs of filterActiveReplicaSets([...oldRSs, newRS])) {
    const desired = rs.metadata.annotations?.["deployment.kubernetes.io/desired-replicas"];
    if (desired === undefined || !/^-?\d+$/.test(desired)) continue;
    if (Number(desired) !== p.d.spec.replicas) return true;
  }
  return false;
}

// ---- rolling.go ----------------------------------------------------------------------------------

function rolloutRolling(p: Planner, rsList: ReplicaSet[]): void {
  const { newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(p, rsList, true);
  const rs = newRS!;
  const allRSs = [...oldRSs, rs];
  if (reconcileNewReplicaSet(p, allRSs, rs)) return syncRolloutStatus(p, allRSs, rs);
  if (reconcileOldReplicaSets(p, allRSs, filterActiveReplicaSets(oldRSs), rs)) return syncRolloutStatus(p, allRSs, rs);
  if (deploymentComplete(p.d, p.d.status)) cleanupDeployment(p, oldRSs);
  syncRolloutStatus(p, allRSs, rs);
}

function reconcileNewReplicaSet(p: Planner, allRSs: ReplicaSet[], newRS: ReplicaSet): boolean {
  const d = p.d;
  if (replicasOf(newRS) === d.spec.replicas) return false;
  if (replicasOf(newRS) > d.spec.replicas) return scaleReplicaSetAndRecordEvent(p, newRS, d.spec.replicas).scaled;
  return scaleReplicaSetAndRecordEvent(p, newRS, newRSNewReplicas(d, allRSs, newRS)).scaled;
}

/**
 * reconcileOldReplicaSets: scale old replica sets down as far as maxUnavailable allows, unhealthy
 * replicas first (they count against availability anyway).
 */
function reconcileOldReplicaSets(p: Planner, allRSs: ReplicaSet[], oldRSs: ReplicaSet[], newRS: ReplicaSet): boolean {
  const d = p.d;
  if (replicaCount(oldRSs) === 0) return false;
  const allPods = replicaCount(allRSs);
  const minAvail = d.spec.replicas - maxUnavailable(d);
  const newRSUnavailable = replicasOf(newRS) - (newRS.status?.availableReplicas ?? 0);
  const maxScaledDown = allPods - minAvail - newRSUnavailable;
  if (maxScaledDown <= 0) return false;
  const cleaned = cleanupUnhealthyReplicas(p, oldRSs, maxScaledDown);
  const scaledDown = scaleDownOldReplicaSetsForRollingUpdate(p, [...cleaned.oldRSs, newRS], cleaned.oldRSs);
  return cleaned.count + scaledDown > 0;
}

function cleanupUnhealthyReplicas(p: Planner, oldRSs: ReplicaSet[], maxCleanup: number): { oldRSs: ReplicaSet[]; count: number } {
  const sorted = [...oldRSs].sort(byCreationTimestamp);
  let total = 0;
  for (let i = 0; i < sorted.length; i++) {
    const target = sorted[i];
    if (total >= maxCleanup) break;
    if (replicasOf(target) === 0) continue;
    const available = target.status?.availableReplicas ?? 0;
    if (replicasOf(target) === available) continue;
    const count = Math.min(maxCleanup - total, replicasOf(target) - available);
    sorted[i] = scaleReplicaSetAndRecordEvent(p, target, replicasOf(target) - count).rs;
    total += count;
  }
  return { oldRSs: sorted, count: total };
}

function scaleDownOldReplicaSetsForRollingUpdate(p: Planner, allRSs: ReplicaSet[], oldRSs: ReplicaSet[]): number {
  const d = p.d;
  const minAvail = d.spec.replicas - maxUnavailable(d);
  const available = availableReplicaCount(allRSs);
  if (available <= minAvail) return 0;
  const sorted = [...oldRSs].sort(byCreationTimestamp);
  const totalScaleDown = available - minAvail;
  let total = 0;
  for (const target of sorted) {
    if (total >= totalScaleDown) break;
    if (replicasOf(target) === 0) continue;
    const count = Math.min(replicasOf(target), totalScaleDown - total);
    scaleReplicaSetAndRecordEvent(p, target, replicasOf(target) - count);
    total += count;
  }
  return total;
}

// ---- recreate.go ---------------------------------------------------------------------------------

function rolloutRecreate(p: Planner, rsList: ReplicaSet[], podsByRS: Map<string, Pod[]>): void {
  let { newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(p, rsList, false);
  let allRSs: (ReplicaSet | undefined)[] = [...oldRSs, newRS];
  let scaledDown = false;
  for (const rs of filterActiveReplicaSets(oldRSs)) {
    if (replicasOf(rs) === 0) continue;
    if (scaleReplicaSetAndRecordEvent(p, rs, 0).scaled) scaledDown = true;
  }
  if (scaledDown) return syncRolloutStatus(p, allRSs, newRS);
  if (oldPodsRunning(newRS, oldRSs, podsByRS)) return syncRolloutStatus(p, allRSs, newRS);
  if (!newRS) {
    ({ newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(p, rsList, true));
    allRSs = [...oldRSs, newRS];
  }
  if (newRS) scaleReplicaSetAndRecordEvent(p, newRS, p.d.spec.replicas);
  if (deploymentComplete(p.d, p.d.status)) cleanupDeployment(p, oldRSs);
  syncRolloutStatus(p, allRSs, newRS);
}

/** oldPodsRunning: any old replica set still has replicas, or pods that are not terminal. */
export function oldPodsRunning(newRS: ReplicaSet | undefined, oldRSs: ReplicaSet[], podsByRS: Map<string, Pod[]>): boolean {
  if (actualReplicaCount(oldRSs) > 0) return true;
  for (const [uid, pods] of podsByRS) {
    if (newRS && newRS.metadata.uid === uid) continue;
    for (const pod of pods) if (pod.status?.phase !== "Failed" && pod.status?.phase !== "Succeeded") return true;
  }
  return false;
}

// ---- progress.go ---------------------------------------------------------------------------------

/** syncRolloutStatus: status plus the Progressing condition; requeue for the deadline when nothing changed. */
function syncRolloutStatus(p: Planner, allRSs: (ReplicaSet | undefined)[], newRS: ReplicaSet | undefined): void {
  const d = p.d;
  const newStatus = calculateStatus(allRSs, newRS, d, p.nowTs);
  if (!hasProgressDeadline(d)) removeDeploymentCondition(newStatus, "Progressing");
  const currentCond = getDeploymentCondition(d.status, "Progressing");
  const isComplete = (newStatus.replicas ?? 0) === (newStatus.updatedReplicas ?? 0) && currentCond?.reason === REASON.newRSAvailable;
  if (hasProgressDeadline(d) && !isComplete) {
    if (deploymentComplete(d, newStatus)) {
      const msg = newRS ? `ReplicaSet "${newRS.metadata.name}" has successfully progressed.` : `Deployment "${d.metadata.name}" has successfully progressed.`;
      setDeploymentCondition(newStatus, newDeploymentCondition("Progressing", "True", REASON.newRSAvailable, msg, p.nowTs));
    } else if (deploymentProgressing(d, newStatus)) {
      const msg = newRS ? `ReplicaSet "${newRS.metadata.name}" is progressing.` : `Deployment "${d.metadata.name}" is progressing.`;
      const cond = newDeploymentCondition("Progressing", "True", REASON.replicaSetUpdated, msg, p.nowTs);
      if (currentCond) {
        if (currentCond.status === "True") cond.lastTransitionTime = currentCond.lastTransitionTime;
        removeDeploymentCondition(newStatus, "Progressing");
      }
      setDeploymentCondition(newStatus, cond);
    } else if (deploymentTimedOut(d, newStatus, p.now)) {
      const msg = newRS ? `ReplicaSet "${newRS.metadata.name}" has timed out progressing.` : `Deployment "${d.metadata.name}" has timed out progressing.`;
      setDeploymentCondition(newStatus, newDeploymentCondition("Progressing", "False", REASON.timedOut, msg, p.nowTs));
    }
  }
  const compacted = compactDeploymentStatus(newStatus);
  if (semanticEqual(compactDeploymentStatus(d.status), compacted)) {
    requeueStuckDeployment(p, compacted);
    return;
  }
  d.status = compacted;
  p.updateStatus();
}

/** requeueStuckDeployment: come back when the progress deadline would pass (plus a second). */
function requeueStuckDeployment(p: Planner, newStatus: Deployment["status"]): void {
  const d = p.d;
  const cond = getDeploymentCondition(d.status, "Progressing");
  if (!hasProgressDeadline(d) || !cond) return;
  if (deploymentComplete(d, newStatus) || cond.reason === REASON.timedOut) return;
  const after = timeOf(cond.lastUpdateTime) + d.spec.progressDeadlineSeconds * 1000 - p.now;
  if (after < 1000) {
    p.requeueRateLimited = true;
    return;
  }
  p.requeueAfter = after + 1000;
}
