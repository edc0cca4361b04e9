import type { KObject, OwnerReference } from "../api/types";
import { parseTimestamp } from "../time";

/** metav1.GetControllerOf: the owner reference with controller=true, if any. */
export function controllerRef(obj: KObject): OwnerReference | undefined {
  return obj.metadata.ownerReferences?.find((r) => r.controller === true);
}

/** metav1.NewControllerRef: controller and blockOwnerDeletion both true. */
export function newControllerRef(owner: KObject): OwnerReference {
  return {
    apiVersion: owner.apiVersion,
    kind: owner.kind,
    name: owner.metadata.name,
    uid: owner.metadata.uid,
    controller: true,
    blockOwnerDeletion: true,
  };
}

/** metav1.IsControlledBy. */
export function isControlledBy(obj: KObject, owner: KObject): boolean {
  return controllerRef(obj)?.uid === owner.metadata.uid;
}

/** Sim time of an RFC 3339 timestamp field (creationTimestamp, lastTransitionTime ...). */
export function timeOf(ts: string | null | undefined): number {
  return ts ? parseTimestamp(ts) : NaN;
}

/**
 * JSON with object keys sorted at every level and undefined left out: a stable text for hashing and
 * comparing objects whatever order their fields were built in.
 */
export function canonicalJson(v: unknown): string {
  if (v === null || typeof v !== "object") return JSON.stringify(v) ?? "null";
  if (Array.isArray(v)) return `[${v.map((x) => (x === undefined ? "null" : canonicalJson(x))).join(",")}]`;
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o)
    .filter((k) => o[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`).join(",")}}`;
}

/**
 * Semantic deep equality of JSON-like values (undefined fields count as absent): exactly whether their
 * canonicalJson texts are equal, compared in place without building them (the Deployment controller
 * compares pod templates this way on every sync).
 */
export function semanticEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  const aObject = a !== null && typeof a === "object";
  const bObject = b !== null && typeof b === "object";
  // A value's text is "null", a number, a string or a boolean; an object's is {...} or [...].
  if (!aObject || !bObject) return !aObject && !bObject && (JSON.stringify(a) ?? "null") === (JSON.stringify(b) ?? "null");
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!semanticEqual(a[i], b[i])) return false;
    return true;
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  let count = 0;
  for (const k of Object.keys(ao)) {
    if (ao[k] === undefined) continue;
    count++;
    if (bo[k] === undefined || !Object.hasOwn(bo, k) || !semanticEqual(ao[k], bo[k])) return false;
  }
  for (const k of Object.keys(bo)) if (bo[k] !== undefined) count--;
  return count === 0;
}

/** A structured copy of a JSON-like value (objects here are plain data). */
export function clone<T>(v: T): T {
  return v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T);
}

