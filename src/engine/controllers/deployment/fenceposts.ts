import type { Deployment } from "../../api/types";

/**
 * intstr.GetScaledValueFromIntOrPercent (k8s.io/apimachinery/pkg/util/intstr): an int is taken as is; a
 * "25%" string is that share of `total`, rounded up or down. Anything else is an error (undefined).
 */
export function valueFromIntOrPercent(v: number | string | undefined, total: number, roundUp: boolean): number | undefined {
  if (v === undefined) return 0;
  if (typeof v === "number") return v;
  const m = /^(-?\d+)%$/.exec(v);
  if (!m) return undefined;
  const pct = Number(m[1]);
  const exact = (pct * total) / 100;
  return roundUp ? Math.ceil(exact) : Math.floor(exact);
}

/**
 * deploymentutil.ResolveFenceposts (pkg/controller/deployment/util/deployment_util.go): maxSurge rounds
 * up, maxUnavailable rounds down, and if both come out 0 maxUnavailable becomes 1 (surge might not
 * work because of quota).
 */
export function resolveFenceposts(maxSurge: number | string | undefined, maxUnavailable: number | string | undefined, desired: number): { surge: number; unavailable: number } {
  const surge = valueFromIntOrPercent(maxSurge ?? 0, desired, true) ?? 0;
  let unavailable = valueFromIntOrPercent(maxUnavailable ?? 0, desired, false) ?? 0;
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return { surge, unavailable };
}

export function isRollingUpdate(d: Deployment): boolean {
  return d.spec.strategy?.type === "RollingUpdate";
}

/** deploymentutil.MaxSurge. */
export function maxSurge(d: Deployment): number {
  if (!isRollingUpdate(d)) return 0;
  const ru = d.spec.strategy.rollingUpdate;
  return resolveFenceposts(ru?.maxSurge, ru?.maxUnavailable, d.spec.replicas).surge;
}

/** deploymentutil.MaxUnavailable: never more than the replicas, 0 for Recreate or 0 replicas. */
export function maxUnavailable(d: Deployment): number {
  if (!isRollingUpdate(d) || d.spec.replicas === 0) return 0;
  const ru = d.spec.strategy.rollingUpdate;
  const u = resolveFenceposts(ru?.maxSurge, ru?.maxUnavailable, d.spec.replicas).unavailable;
  return Math.min(u, d.spec.replicas);
}

/** deploymentutil.MinAvailable. */
export function minAvailable(d: Deployment): number {
  if (!isRollingUpdate(d)) return 0;
  return d.spec.replicas - maxUnavailable(d);
}
