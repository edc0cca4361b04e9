/**
 * JSON merge patch (RFC 7386), the `application/merge-patch+json` kube-apiserver accepts: objects
 * merge recursively, `null` deletes a field, anything else (arrays included) replaces. Returns a new
 * value; the target is not touched.
 */
export function mergePatch<T>(target: T, patch: unknown): T {
  if (patch === null || typeof patch !== "object" || Array.isArray(patch)) return patch as T;
  const base: Record<string, unknown> =
    target !== null && typeof target === "object" && !Array.isArray(target) ? { ...(target as Record<string, unknown>) } : {};
  for (const [k, v] of Object.entries(patch as Record<string, unknown>)) {
    if (v === null) delete base[k];
    else base[k] = mergePatch(base[k], v);
  }
  return base as T;
}
