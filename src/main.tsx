/**
 * The page's entry, kept small on purpose: it starts the simulation first, so the Web Worker loads the
 * engine and replays the link's moment while the page's UI code (./boot.tsx: React, the canvas) is
 * still downloading and starting. That overlap is most of why a link opens fast.
 *
 * A link to a lesson's step (`?lesson=worker-dies&step=3`) opens that step's moment straight away from
 * the lesson's stored plan (src/lessons/plans.ts), not the start state first.
 */
import { lessonById } from "./lessons";
import { storedPlan } from "./lessons/plans";
import { lessonScript } from "./lessons/runner";
import { lessonStore } from "./store/lesson";
import { clusterStore } from "./store/store";
import { parseUrlMoment } from "./store/url";

try {
  const link = parseUrlMoment(location.search);
  const lesson = link.lesson ? lessonById(link.lesson) : undefined;
  // Without a stored plan the lesson is planned in a worker first: the start state shows meanwhile.
  const cluster = clusterStore({ start: !(lesson && storedPlan(lessonScript(lesson))) });
  if (link.lesson && !lesson) console.warn(`ClusterScope: there is no lesson "${link.lesson}"`);
  if (lesson) lessonStore(cluster).getState().open(lesson.id, link.step ?? 1);
} finally {
  // Whatever went wrong above, the page comes up and says so (its error boundaries and banner).
  void import("./boot");
}
