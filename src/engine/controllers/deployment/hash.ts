import type { PodTemplateSpec } from "../../api/types";
import { fnv32a, safeEncodeString } from "../../prng";
import { canonicalJson } from "../objects";

/**
 * controller.ComputeHash (pkg/controller/controller_utils.go): an FNV-1a 32-bit hash of the pod template,
 * then of the collision count as 4 little-endian bytes when there is one, printed in decimal and made
 * name-safe by rand.SafeEncodeString. Upstream feeds the hasher with spew's dump of the Go struct; we
 * feed it a canonical JSON of the template instead, so values differ from a real cluster's but keep
 * every property that matters: stable for a template, different for another, 6–10 name-safe characters.
 */
export function computeHash(template: PodTemplateSpec, collisionCount?: number): string {
  let text = canonicalJson(template);
  if (collisionCount !== undefined && collisionCount !== null) {
    const c = collisionCount >>> 0;
    text += String.fromCharCode(c & 0xff, (c >>> 8) & 0xff, (c >>> 16) & 0xff, (c >>> 24) & 0xff);
  }
  return safeEncodeString(String(fnv32a(text)));
}
