/**
 * A link to a lesson's step (`?lesson=worker-dies&step=3`), loaded by src/main.tsx only for such links
 * (the lessons' data stays out of every other link's first script). It starts the app's cluster store
 * and opens the step: from the lesson's stored plan straight away (src/lessons/plans.ts), or, without
 * one, in the start state while the lesson is planned in a worker.
 */
import { lessonById } from "./lessons";
import { storedPlan } from "./lessons/plans";
import { lessonScript } from "./lessons/runner";
import { lessonStore } from "./store/lesson";
import { clusterStore } from "./store/store";

export function openLinkedLesson(id: string, step: number): void {
  const lesson = lessonById(id);
  const cluster = clusterStore({ start: !(lesson && storedPlan(lessonScript(lesson))) });
  if (!lesson) {
    console.warn(`ClusterScope: there is no lesson "${id}"`);
    return;
  }
  lessonStore(cluster).getState().open(lesson.id, step);
}
