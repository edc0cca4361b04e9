/**
 * Computing a JSON merge patch (RFC 7386) from an original and a modified document, as the kubelet's
 * status writers compute their patches (k8s.io/component-helpers/node/util PatchNodeStatus,
 * pkg/util/pod PatchPodStatus): only what changed is sent, removed fields are sent as null, and
 * arrays, which a merge patch cannot edit, are sent whole.
 */

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    if (a.length !== bb.length) return false;
    for (let i = 0; i < a.length; i++) if (!jsonEqual(a[i], bb[i])) return false;
    return true;
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const ak = Object.keys(ao).filter((k) => ao[k] !== undefined);
  const bk = Object.keys(bo).filter((k) => bo[k] !== undefined);
  if (ak.length !== bk.length) return false;
  for (const k of ak) if (!jsonEqual(ao[k], bo[k])) return false;
  return true;
}

/** The merge patch that turns `original` into `modified`; `{}` when they are equal. */
export function createMergePatch(original: unknown, modified: unknown): Record<string, Json> {
  const patch: Record<string, Json> = {};
  const o = isObject(original) ? original : {};
  const m = isObject(modified) ? modified : {};
  for (const k of Object.keys(o)) if (o[k] !== undefined && m[k] === undefined) patch[k] = null;
  for (const k of Object.keys(m)) {
    const mv = m[k];
    if (mv === undefined) continue;
    const ov = o[k];
    if (jsonEqual(ov, mv)) continue;
    if (isObject(ov) && isObject(mv)) patch[k] = createMergePatch(ov, mv);
    else patch[k] = mv as Json;
  }
  return patch;
}

export function isEmptyPatch(p: Record<string, unknown>): boolean {
  return Object.keys(p).length === 0;
}
