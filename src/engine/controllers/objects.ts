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

/** Semantic deep equality of JSON-like values (undefined fields count as absent). */
export function semanticEqual(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

/** A structured copy of a JSON-like value (objects here are plain data). */
export function clone<T>(v: T): T {
  return v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T);
}

