/**
 * `npm run plan:lessons`: runs every lesson headless (src/lessons/runner.ts) and writes the plans to
 * src/lessons/plans.json, so that the page opens a lesson (a `?lesson=...&step=N` link above all) without
 * planning it first: slides reload their iframes every time a slide is shown.
 *
 * The unit test in src/lessons/lessons.test.ts plans every lesson again and fails when the file differs;
 * after changing a lesson or the engine's behaviour, run this and commit the file.
 */
import { writeFileSync } from "node:fs";
import { planLesson } from "../src/bridge/lessonHost";
import { LESSONS } from "../src/lessons";
import { lessonScript } from "../src/lessons/runner";
import { scriptFingerprint, type StoredPlans } from "../src/lessons/plans";

const out: StoredPlans = {};
for (const lesson of LESSONS) {
  const script = lessonScript(lesson);
  const t0 = performance.now();
  const plan = planLesson(script);
  if (plan.failure) throw new Error(`${lesson.id}: ${plan.failure}`);
  out[lesson.id] = { script: scriptFingerprint(script), plan };
  console.log(`${lesson.id}: ${plan.steps.length} steps, ends at ${(plan.steps.at(-1)!.end / 1000).toFixed(3)} s (planned in ${Math.round(performance.now() - t0)} ms)`);
}
const path = new URL("../src/lessons/plans.json", import.meta.url);
writeFileSync(path, JSON.stringify(out) + "\n");
console.log(`wrote ${path.pathname}`);
