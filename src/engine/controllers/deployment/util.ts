import type { ConditionStatus, Deployment, DeploymentCondition, DeploymentStatus, PodTemplateSpec, ReplicaSet } from "../../api/types";
import { semanticEqual, timeOf } from "../objects";
import { maxSurge, maxUnavailable } from "./fenceposts";

/**
 * The deployment helpers of k8s.io/kubernetes pkg/controller/deployment/util/deployment_util.go and
 * pkg/controller/controller_utils.go, over plain objects.
 */

export const REVISION_ANNOTATION = "deployment.kubernetes.io/revision";
export const REVISION_HISTORY_ANNOTATION = "deployment.kubernetes.io/revision-history";
export const DESIRED_REPLICAS_ANNOTATION = "deployment.kubernetes.io/desired-replicas";
export const MAX_REPLICAS_ANNOTATION = "deployment.kubernetes.io/max-replicas";
/** apps.DefaultDeploymentUniqueLabelKey. */
export const POD_TEMPLATE_HASH_LABEL = "pod-template-hash";
const LAST_APPLIED_ANNOTATION = "kubectl.kubernetes.io/last-applied-configuration";
const DEPRECATED_ROLLBACK_TO = "deprecated.deployment.rollback.to";

/** Condition reasons (deployment_util.go). */
export const REASON = {
  replicaSetUpdated: "ReplicaSetUpdated",
  failedRSCreate: "ReplicaSetCreateError",
  newReplicaSet: "NewReplicaSetCreated",
  foundNewRS: "FoundNewReplicaSet",
  newRSAvailable: "NewReplicaSetAvailable",
  timedOut: "ProgressDeadlineExceeded",
  pausedDeploy: "DeploymentPaused",
  resumedDeploy: "DeploymentResumed",
  minimumReplicasAvailable: "MinimumReplicasAvailable",
  minimumReplicasUnavailable: "MinimumReplicasUnavailable",
} as const;

/** The progressDeadlineSeconds value that means "no deadline" (math.MaxInt32). */
const MAX_INT32 = 2147483647;

export function replicasOf(rs: ReplicaSet | undefined): number {
  return rs?.spec.replicas ?? 0;
}

// ---- conditions ----------------------------------------------------------------------------------

export function newDeploymentCondition(type: DeploymentCondition["type"], status: ConditionStatus, reason: string, message: string, nowTs: string): DeploymentCondition {
  return { type, status, lastUpdateTime: nowTs, lastTransitionTime: nowTs, reason, message };
}

export function getDeploymentCondition(status: DeploymentStatus, type: DeploymentCondition["type"]): DeploymentCondition | undefined {
  return status.conditions?.find((c) => c.type === type);
}

/**
 * SetDeploymentCondition: nothing happens when a condition of that type with the same status and
 * reason exists; lastTransitionTime is kept when only the reason changes. The condition goes last.
 */
export function setDeploymentCondition(status: DeploymentStatus, cond: DeploymentCondition): void {
  const cur = getDeploymentCondition(status, cond.type);
  if (cur && cur.status === cond.status && cur.reason === cond.reason) return;
  const next = { ...cond };
  if (cur && cur.status === cond.status) next.lastTransitionTime = cur.lastTransitionTime;
  status.conditions = [...(status.conditions ?? []).filter((c) => c.type !== cond.type), next];
}

export function removeDeploymentCondition(status: DeploymentStatus, type: DeploymentCondition["type"]): void {
  const rest = (status.conditions ?? []).filter((c) => c.type !== type);
  if (rest.length) status.conditions = rest;
  else delete status.conditions;
}

// ---- revisions and annotations -------------------------------------------------------------------

/** deploymentutil.Revision: the revision annotation as a number, 0 when absent, NaN when malformed. */
export function revisionOf(rs: { metadata: { annotations?: Record<string, string> } }): number {
  const v = rs.metadata.annotations?.[REVISION_ANNOTATION];
  if (v === undefined) return 0;
  return /^-?\d+$/.test(v) ? Number(v) : NaN;
}

/** deploymentutil.MaxRevision (unparseable revisions are skipped). */
export function maxRevision(rss: ReplicaSet[]): number {
  let max = 0;
  for (const rs of rss) {
    const v = revisionOf(rs);
    if (!Number.isNaN(v) && v > max) max = v;
  }
  return max;
}

/** SetDeploymentRevision: sets the deployment's revision annotation, telling whether it changed. */
export function setDeploymentRevision(d: Deployment, revision: string): boolean {
  const ann = d.metadata.annotations ?? {};
  if (ann[REVISION_ANNOTATION] === revision) return false;
  d.metadata.annotations = { ...ann, [REVISION_ANNOTATION]: revision };
  return true;
}

const ANNOTATIONS_TO_SKIP = new Set([LAST_APPLIED_ANNOTATION, REVISION_ANNOTATION, REVISION_HISTORY_ANNOTATION, DESIRED_REPLICAS_ANNOTATION, MAX_REPLICAS_ANNOTATION, DEPRECATED_ROLLBACK_TO]);

/** copyDeploymentAnnotationsToReplicaSet: every deployment annotation but the skipped ones. */
function copyDeploymentAnnotationsToReplicaSet(d: Deployment, rs: ReplicaSet): boolean {
  let changed = false;
  const ann = { ...(rs.metadata.annotations ?? {}) };
  for (const [k, v] of Object.entries(d.metadata.annotations ?? {})) {
    if (ANNOTATIONS_TO_SKIP.has(k) || ann[k] === v) continue;
    ann[k] = v;
    changed = true;
  }
  rs.metadata.annotations = ann;
  return changed;
}

/** SetReplicasAnnotations: desired-replicas and max-replicas; tells whether either changed. */
export function setReplicasAnnotations(rs: ReplicaSet, desired: number, max: number): boolean {
  const ann = { ...(rs.metadata.annotations ?? {}) };
  let changed = false;
  if (ann[DESIRED_REPLICAS_ANNOTATION] !== String(desired)) {
    ann[DESIRED_REPLICAS_ANNOTATION] = String(desired);
    changed = true;
  }
  if (ann[MAX_REPLICAS_ANNOTATION] !== String(max)) {
    ann[MAX_REPLICAS_ANNOTATION] = String(max);
    changed = true;
  }
  rs.metadata.annotations = ann;
  return changed;
}

export function replicasAnnotationsNeedUpdate(rs: ReplicaSet, desired: number, max: number): boolean {
  const ann = rs.metadata.annotations;
  if (!ann) return true;
  return ann[DESIRED_REPLICAS_ANNOTATION] !== String(desired) || ann[MAX_REPLICAS_ANNOTATION] !== String(max);
}

/** The revision history kept on a replica set, at most 2000 characters (sync.go maxRevHistoryLengthInChars). */
const MAX_REV_HISTORY_CHARS = 2000;

/**
 * SetNewReplicaSetAnnotations: copies the deployment's annotations, raises the revision to
 * `newRevision` if it is higher (keeping the old one in revision-history), and for a replica set
 * about to be created sets the replicas annotations. Tells whether anything changed.
 */
export function setNewReplicaSetAnnotations(d: Deployment, rs: ReplicaSet, newRevision: string, exists: boolean): boolean {
  let changed = copyDeploymentAnnotationsToReplicaSet(d, rs);
  const ann = { ...(rs.metadata.annotations ?? {}) };
  const had = Object.prototype.hasOwnProperty.call(ann, REVISION_ANNOTATION);
  const oldRevision = ann[REVISION_ANNOTATION] ?? "";
  let oldInt = 0;
  if (oldRevision !== "") {
    if (!/^-?\d+$/.test(oldRevision)) {
      rs.metadata.annotations = ann;
      return false;
    }
    oldInt = Number(oldRevision);
  }
  const newInt = Number(newRevision);
  if (oldInt < newInt) {
    ann[REVISION_ANNOTATION] = newRevision;
    changed = true;
    if (had) {
      const history = ann[REVISION_HISTORY_ANNOTATION] ?? "";
      if (!history) ann[REVISION_HISTORY_ANNOTATION] = oldRevision;
      else {
        let parts = history.split(",");
        let total = history.length + oldRevision.length + 1;
        let start = 0;
        while (total > MAX_REV_HISTORY_CHARS && start < parts.length) total -= parts[start++].length + 1;
        if (total <= MAX_REV_HISTORY_CHARS) {
          parts = [...parts.slice(start), oldRevision];
          ann[REVISION_HISTORY_ANNOTATION] = parts.join(",");
        }
      }
    }
  }
  rs.metadata.annotations = ann;
  if (!exists && setReplicasAnnotations(rs, d.spec.replicas, d.spec.replicas + maxSurge(d))) changed = true;
  return changed;
}

// ---- finding replica sets ------------------------------------------------------------------------

/** controller.ReplicaSetsByCreationTimestamp: older first, then by name. */
export function byCreationTimestamp(a: ReplicaSet, b: ReplicaSet): number {
  const ta = timeOf(a.metadata.creationTimestamp);
  const tb = timeOf(b.metadata.creationTimestamp);
  if (ta === tb || (Number.isNaN(ta) && Number.isNaN(tb))) return a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0;
  if (Number.isNaN(ta)) return 1; // not created yet: newest
  if (Number.isNaN(tb)) return -1;
  return ta - tb;
}

/** controller.ReplicaSetsBySizeOlder: bigger first; of equal size, older first. */
export function bySizeOlder(a: ReplicaSet, b: ReplicaSet): number {
  if (replicasOf(a) === replicasOf(b)) return byCreationTimestamp(a, b);
  return replicasOf(b) - replicasOf(a);
}

/** controller.ReplicaSetsBySizeNewer: bigger first; of equal size, newer first. */
export function bySizeNewer(a: ReplicaSet, b: ReplicaSet): number {
  if (replicasOf(a) === replicasOf(b)) return byCreationTimestamp(b, a);
  return replicasOf(b) - replicasOf(a);
}

/** EqualIgnoreHash: two pod templates are the same apart from the pod-template-hash label. */
export function equalIgnoreHash(t1: PodTemplateSpec, t2: PodTemplateSpec): boolean {
  const strip = (t: PodTemplateSpec) => {
    const labels = { ...(t.metadata?.labels ?? {}) };
    delete labels[POD_TEMPLATE_HASH_LABEL];
    const metadata = { ...t.metadata, labels: Object.keys(labels).length ? labels : undefined };
    return { ...t, metadata };
  };
  return semanticEqual(strip(t1), strip(t2));
}

/** FindNewReplicaSet: the oldest replica set whose template equals the deployment's. */
export function findNewReplicaSet(d: Deployment, rsList: ReplicaSet[]): ReplicaSet | undefined {
  return [...rsList].sort(byCreationTimestamp).find((rs) => equalIgnoreHash(rs.spec.template, d.spec.template));
}

/** FindOldReplicaSets: every other replica set; `required` are those with replicas. */
export function findOldReplicaSets(d: Deployment, rsList: ReplicaSet[]): { required: ReplicaSet[]; all: ReplicaSet[] } {
  const newRS = findNewReplicaSet(d, rsList);
  const all = rsList.filter((rs) => !newRS || rs.metadata.uid !== newRS.metadata.uid);
  return { required: all.filter((rs) => replicasOf(rs) !== 0), all };
}

/** controller.FilterActiveReplicaSets: replica sets with spec.replicas > 0. */
export function filterActiveReplicaSets(rss: (ReplicaSet | undefined)[]): ReplicaSet[] {
  return rss.filter((rs): rs is ReplicaSet => !!rs && replicasOf(rs) > 0);
}

/**
 * FindActiveOrLatest: the only active replica set, or the newest one if none is active; undefined when
 * several are active (then they are scaled proportionally).
 */
export function findActiveOrLatest(newRS: ReplicaSet | undefined, oldRSs: ReplicaSet[]): ReplicaSet | undefined {
  if (!newRS && !oldRSs.length) return undefined;
  const sortedOld = [...oldRSs].sort(byCreationTimestamp).reverse();
  const active = filterActiveReplicaSets([...sortedOld, newRS]);
  if (active.length === 0) return newRS ?? sortedOld[0];
  if (active.length === 1) return active[0];
  return undefined;
}

// ---- counting ------------------------------------------------------------------------------------

export function replicaCount(rss: (ReplicaSet | undefined)[]): number {
  return rss.reduce((n, rs) => n + (rs ? replicasOf(rs) : 0), 0);
}
export function actualReplicaCount(rss: (ReplicaSet | undefined)[]): number {
  return rss.reduce((n, rs) => n + (rs?.status?.replicas ?? 0), 0);
}
export function readyReplicaCount(rss: (ReplicaSet | undefined)[]): number {
  return rss.reduce((n, rs) => n + (rs?.status?.readyReplicas ?? 0), 0);
}
export function availableReplicaCount(rss: (ReplicaSet | undefined)[]): number {
  return rss.reduce((n, rs) => n + (rs?.status?.availableReplicas ?? 0), 0);
}

// ---- rollout arithmetic --------------------------------------------------------------------------

/**
 * NewRSNewReplicas: how big the new replica set may be now. RollingUpdate: grow up to replicas +
 * maxSurge pods in total, never past the desired count. Recreate: the desired count.
 */
export function newRSNewReplicas(d: Deployment, allRSs: (ReplicaSet | undefined)[], newRS: ReplicaSet): number {
  if (d.spec.strategy.type === "Recreate") return d.spec.replicas;
  const surge = maxSurge(d);
  const current = replicaCount(allRSs);
  const maxTotal = d.spec.replicas + surge;
  if (current >= maxTotal) return replicasOf(newRS);
  const scaleUp = Math.min(maxTotal - current, d.spec.replicas - replicasOf(newRS));
  return replicasOf(newRS) + scaleUp;
}

/** IsSaturated: the new replica set has all desired replicas, believes so, and they are all available. */
export function isSaturated(d: Deployment, rs: ReplicaSet | undefined): boolean {
  if (!rs) return false;
  const desired = rs.metadata.annotations?.[DESIRED_REPLICAS_ANNOTATION];
  if (desired === undefined || !/^-?\d+$/.test(desired)) return false;
  return replicasOf(rs) === d.spec.replicas && Number(desired) === d.spec.replicas && (rs.status?.availableReplicas ?? 0) === d.spec.replicas;
}

/** Go's math.Round: half away from zero. */
function goRound(x: number): number {
  return x < 0 ? -Math.round(-x) : Math.round(x);
}

/** getReplicaSetFraction: this replica set's share of a scaling event. */
function replicaSetFraction(rs: ReplicaSet, d: Deployment): number {
  if (d.spec.replicas === 0) return -replicasOf(rs);
  const deploymentReplicas = d.spec.replicas + maxSurge(d);
  const ann = rs.metadata.annotations?.[MAX_REPLICAS_ANNOTATION];
  const annotated = ann !== undefined && /^-?\d+$/.test(ann) ? Number(ann) : (d.status?.replicas ?? 0);
  const size = (replicasOf(rs) * deploymentReplicas) / annotated;
  return goRound(size) - replicasOf(rs);
}

/** GetProportion: how many replicas to add to (or remove from) `rs` in a proportional scale. */
export function getProportion(rs: ReplicaSet | undefined, d: Deployment, toAdd: number, added: number): number {
  if (!rs || replicasOf(rs) === 0 || toAdd === 0 || toAdd === added) return 0;
  const fraction = replicaSetFraction(rs, d);
  const allowed = toAdd - added;
  return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
}

// ---- status and progress -------------------------------------------------------------------------

export function hasProgressDeadline(d: Deployment): boolean {
  return d.spec.progressDeadlineSeconds !== undefined && d.spec.progressDeadlineSeconds !== null && d.spec.progressDeadlineSeconds !== MAX_INT32;
}

export function hasRevisionHistoryLimit(d: Deployment): boolean {
  return d.spec.revisionHistoryLimit !== undefined && d.spec.revisionHistoryLimit !== null && d.spec.revisionHistoryLimit !== MAX_INT32;
}

/** DeploymentComplete: all replicas updated and available, no old ones left, generation observed. */
export function deploymentComplete(d: Deployment, s: DeploymentStatus): boolean {
  return (
    (s.updatedReplicas ?? 0) === d.spec.replicas &&
    (s.replicas ?? 0) === d.spec.replicas &&
    (s.availableReplicas ?? 0) === d.spec.replicas &&
    (s.observedGeneration ?? 0) >= (d.metadata.generation ?? 0)
  );
}

/** DeploymentProgressing: more updated, ready or available pods, or fewer old ones, than before. */
export function deploymentProgressing(d: Deployment, s: DeploymentStatus): boolean {
  const old = d.status ?? {};
  const oldOld = (old.replicas ?? 0) - (old.updatedReplicas ?? 0);
  const newOld = (s.replicas ?? 0) - (s.updatedReplicas ?? 0);
  return (
    (s.updatedReplicas ?? 0) > (old.updatedReplicas ?? 0) ||
    newOld < oldOld ||
    (s.readyReplicas ?? 0) > (old.readyReplicas ?? 0) ||
    (s.availableReplicas ?? 0) > (old.availableReplicas ?? 0)
  );
}

/** DeploymentTimedOut: no progress reported for progressDeadlineSeconds (strictly before now). */
export function deploymentTimedOut(d: Deployment, s: DeploymentStatus, now: number): boolean {
  if (!hasProgressDeadline(d)) return false;
  const cond = getDeploymentCondition(s, "Progressing");
  if (!cond) return false;
  if (cond.reason === REASON.newRSAvailable) return false;
  if (cond.reason === REASON.timedOut) return true;
  const from = timeOf(cond.lastUpdateTime);
  return from + d.spec.progressDeadlineSeconds * 1000 < now;
}

/** Drops the zero and empty fields Go's `omitempty` leaves out, so statuses compare as stored. */
export function compactDeploymentStatus(s: DeploymentStatus): DeploymentStatus {
  const out: DeploymentStatus = {};
  if (s.observedGeneration) out.observedGeneration = s.observedGeneration;
  if (s.replicas) out.replicas = s.replicas;
  if (s.updatedReplicas) out.updatedReplicas = s.updatedReplicas;
  if (s.readyReplicas) out.readyReplicas = s.readyReplicas;
  if (s.availableReplicas) out.availableReplicas = s.availableReplicas;
  if (s.unavailableReplicas) out.unavailableReplicas = s.unavailableReplicas;
  if (s.conditions?.length) out.conditions = s.conditions;
  if (s.collisionCount !== undefined && s.collisionCount !== null) out.collisionCount = s.collisionCount;
  return out;
}

/**
 * calculateStatus (sync.go): counts from the replica sets, and the Available condition: True with
 * MinimumReplicasAvailable once available ≥ replicas − maxUnavailable.
 */
export function calculateStatus(allRSs: (ReplicaSet | undefined)[], newRS: ReplicaSet | undefined, d: Deployment, nowTs: string): DeploymentStatus {
  const available = availableReplicaCount(allRSs);
  const total = replicaCount(allRSs);
  const unavailable = Math.max(0, total - available);
  const status: DeploymentStatus = {
    observedGeneration: d.metadata.generation,
    replicas: actualReplicaCount(allRSs),
    updatedReplicas: actualReplicaCount([newRS]),
    readyReplicas: readyReplicaCount(allRSs),
    availableReplicas: available,
    unavailableReplicas: unavailable,
    collisionCount: d.status?.collisionCount,
    conditions: (d.status?.conditions ?? []).map((c) => ({ ...c })),
  };
  if (available >= d.spec.replicas - maxUnavailable(d)) {
    setDeploymentCondition(status, newDeploymentCondition("Available", "True", REASON.minimumReplicasAvailable, "Deployment has minimum availability.", nowTs));
  } else {
    setDeploymentCondition(status, newDeploymentCondition("Available", "False", REASON.minimumReplicasUnavailable, "Deployment does not have minimum availability.", nowTs));
  }
  return compactDeploymentStatus(status);
}
