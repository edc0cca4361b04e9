/**
 * A link to a lesson's step (`?lesson=worker-dies&step=3`), loaded by src/main.tsx only for such links
 * (the lessons' data stays out of every other link's first script). It starts the app's cluster store
 * and opens the step: from the lesson's stored plan straight away (src/lessons/plans.ts), or, without
 * one, in the start state while the lesson is planned in a worker.
 *
 * A link copied in a lesson ("Copy link to this moment") also carries the moment itself (`do=`, `t=`,
 * `paused=`): the step then opens at exactly that moment, the presenter's own commands included. A
 * hand-written link's `speed=`, `pace=` and `paused=` apply to the step's start; its `seed=` runs the
 * lesson on that seed (planned for it: the steps come at that cluster's own times); its `topology=` only
 * with a whole moment (the lesson's steps name its machines).
 */
import { LESSONS, lessonById } from "./lessons";
import { storedPlan } from "./lessons/plans";
import { lessonScript } from "./lessons/runner";
import { lessonStore } from "./store/lesson";
import { linkNotice } from "./store/linkNotices";
import { clusterStore, type StartMoment } from "./store/store";
import { ignoredWarning, parseUrlMoment, type UrlMoment } from "./store/url";

/** What of a lesson link's moment the step opens at (undefined: the step's start as planned). */
export function linkedMoment(m: UrlMoment): StartMoment | undefined {
  const at: StartMoment = {};
  if (m.seed !== undefined) at.seed = m.seed;
  if (m.time !== undefined || m.actions !== undefined) {
    if (m.topology) at.topology = m.topology;
    if (m.actions) at.actions = m.actions;
    if (m.time !== undefined) at.time = m.time;
  }
  if (m.speed !== undefined) at.speed = m.speed;
  if (m.autoPace !== undefined) at.autoPace = m.autoPace;
  if (m.paused !== undefined) at.paused = m.paused;
  return Object.keys(at).length ? at : undefined;
}

/** The link's parameters a lesson's step does not use, as `ignoredWarning` names them. */
export function lessonIgnored(m: UrlMoment): string[] {
  if (m.time !== undefined || m.actions !== undefined) return [];
  const why = "a lesson's step opens on the lesson's own machines; with do= or t= too, at that moment";
  const out: string[] = [];
  if (m.topology) out.push(`topology=masters=${m.topology.masters},workers=${m.topology.workers} (${why})`);
  return out;
}

export function openLinkedLesson(id: string, step: number, search = typeof location === "undefined" ? "" : location.search): void {
  const lesson = lessonById(id);
  const moment = parseUrlMoment(search);
  // A step with a stored plan opens at once; another seed's plan is made first, over the start state.
  const own = !lesson || moment.seed === undefined || moment.seed === lesson.seed;
  const cluster = clusterStore({ start: !(lesson && own && storedPlan(lessonScript(lesson))) });
  if (!lesson) {
    linkNotice(`there is no lesson "${id}" (the lessons: ${LESSONS.map((l) => l.id).join(", ")}); the cluster is shown instead`);
    return;
  }
  if (step > lesson.steps.length) linkNotice(`the lesson "${id}" has ${lesson.steps.length} steps; its last step is shown for step=${step}`);
  const warning = ignoredWarning({ ignored: lessonIgnored(moment) });
  if (warning) linkNotice(warning);
  lessonStore(cluster).getState().open(lesson.id, step, linkedMoment(moment));
}
