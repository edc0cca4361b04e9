/**
 * The lessons' plans, computed ahead (`npm run plan:lessons` writes plans.json): the page opens a lesson,
 * or a link to one of its steps, without running it headless first. A stored plan is used only while its
 * lesson's script is the one it was planned from; otherwise the page plans the lesson in a worker as
 * before. The unit tests plan every lesson again and compare, so a change to the engine that moves a
 * step cannot leave a stale plan behind.
 */
import type { LessonPlan, LessonScript } from "./types";
import stored from "./plans.json";

export type StoredPlans = Record<string, { script: string; plan: LessonPlan }>;

/** A short fingerprint of what the runner reads of a lesson (FNV-1a over its JSON, 32 bits, hex). */
export function scriptFingerprint(script: LessonScript): string {
  const s = JSON.stringify(script);
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, "0");
}

/** The stored plan of `script`'s lesson, if it was planned from this very script. */
export function storedPlan(script: LessonScript, plans: StoredPlans = stored as StoredPlans): LessonPlan | undefined {
  const entry = plans[script.id];
  return entry && entry.script === scriptFingerprint(script) ? entry.plan : undefined;
}
