import type { Taint, Toleration } from "./types";

/**
 * v1.Toleration.ToleratesTaint (k8s.io/api/core/v1/toleration.go): the effect and key match when set
 * (an empty key with Exists tolerates every taint), and the value matches for Equal (the default,
 * also spelled ""); Exists ignores the value.
 */
export function toleratesTaint(t: Toleration, taint: Pick<Taint, "key" | "value" | "effect">): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  switch (t.operator ?? "") {
    case "":
    case "Equal":
      return (t.value ?? "") === (taint.value ?? "");
    case "Exists":
      return true;
    default:
      return false;
  }
}
