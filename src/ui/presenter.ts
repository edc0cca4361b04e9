/**
 * The presenter's actions, shared by the keys (src/ui/PresenterKeys.tsx), the buttons, and the embed's
 * postMessage API (src/embed/embed.ts): next, prev, goto, reset, play, pause, and the state a host
 * page reads.
 *
 * In a lesson they drive the lesson API (src/store/lessonControls.ts). Without one, "next" steps the
 * simulation to its next message (and pauses), "prev" goes back to where the previous "next" started
 * (or one second back), "reset" reopens the moment the page was opened at (the link's), and `goto`
 * has nothing to go to.
 */
import { lessonControls, inLesson } from "../store/lessonControls";
import { simNow, useCluster } from "../store/store";
import { canvasPrefs } from "../canvas/canvasStore";
import { HEARTBEAT_KINDS } from "../canvas/flowKinds";
import { appSettings } from "../store/settings";
import { linkQuery, parseUrlMoment, type LinkMoment, type UrlMoment } from "../store/url";
import { momentPicture as linkMomentPicture } from "../canvas/linkPicture";

/** What `getState` answers and the `ready` / `stepchanged` events carry. */
export interface PresenterState {
  /** The open lesson's id, or null. */
  lesson: string | null;
  /** 1-based: the lesson's step, or without a lesson 1 + how many times "next" was pressed since the moment opened. */
  step: number;
  /** The lesson's step count; null without a lesson. */
  steps: number | null;
  /** Sim time, ms. */
  time: number;
  playing: boolean;
  /** As reveal.js's getState() says it. */
  paused: boolean;
  speed: number;
  /** The query string of a link to this moment (src/store/url.ts). */
  link: string;
}

type Listener = () => void;

/** Where each "next" without a lesson started, so "prev" can go back there. */
const history: number[] = [];
const listeners = new Set<Listener>();
let linkMoment: UrlMoment | null = null;

/** The moment the page was opened at (its URL's). */
export function openedMoment(): UrlMoment {
  if (!linkMoment) linkMoment = parseUrlMoment(typeof location === "undefined" ? "" : location.search);
  return linkMoment;
}

/** Calls `fn` after each presenter step (next, prev, goto, reset); the lesson's own changes are its subscribe's. */
export function onPresenterStep(fn: Listener): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

const stepped = () => {
  for (const l of [...listeners]) l();
};

function now(): number {
  const s = useCluster.getState();
  return Math.floor(simNow(s, performance.now()));
}

export function next(): void {
  const lesson = lessonControls();
  if (lesson && inLesson()) {
    lesson.next();
    return stepped();
  }
  history.push(now());
  // Onto the next message the canvas draws: Raft heartbeats are skipped while they are hidden.
  useCluster.getState().step(canvasPrefs.getState().showHeartbeats ? [] : [...HEARTBEAT_KINDS]);
  stepped();
}

export function prev(): void {
  const lesson = lessonControls();
  if (lesson && inLesson()) {
    lesson.prev();
    return stepped();
  }
  const s = useCluster.getState();
  const back = history.pop() ?? Math.max(0, now() - 1000);
  s.pause();
  s.seek(back);
  stepped();
}

/** Whether the open lesson has a step `n` (1-based) to go to. */
export function canGoto(n: number): boolean {
  const lesson = lessonControls();
  return !!lesson && inLesson() && Number.isInteger(n) && n >= 1 && n <= lesson.stepCount();
}

/** Goes to step `n` (1-based) of the open lesson; false when there is no lesson or no such step. */
export function goto(n: number): boolean {
  if (!canGoto(n)) return false;
  lessonControls()!.goto(n);
  stepped();
  return true;
}

export function reset(): void {
  const lesson = lessonControls();
  if (lesson && inLesson()) {
    lesson.reset();
    return stepped();
  }
  history.length = 0;
  const m = openedMoment();
  useCluster.getState().reset({
    ...(m.seed !== undefined && { seed: m.seed }),
    ...(m.topology && { topology: m.topology }),
    ...(m.actions && { actions: m.actions }),
    ...(m.speed !== undefined && { speed: m.speed }),
    ...(m.autoPace !== undefined && { autoPace: m.autoPace }),
    ...(m.time !== undefined && { time: m.time }),
    ...(m.paused !== undefined && { paused: m.paused }),
  });
  stepped();
}

export function play(): void {
  useCluster.getState().play();
}

export function pause(): void {
  useCluster.getState().pause();
}

export function togglePlay(): void {
  useCluster.getState().togglePlay();
}

/**
 * The sim time of the cluster on screen (whole ms): its last frame's. Playing, the clock runs on from
 * it for up to a frame; a link opens at the state shown, which its picture is.
 */
function shownTime(): number {
  return Math.floor(useCluster.getState().clock.time);
}

/** The query string of a link to this moment: what "Copy link to this moment" copies, without its picture. */
export function momentQuery(): string {
  return linkQuery(linkToHere());
}

/** What a link to this moment carries (src/store/url.ts `linkQuery` writes it). */
function linkToHere(): LinkMoment {
  const s = useCluster.getState();
  const settings = appSettings().getState();
  const lesson = lessonControls();
  const id = lesson && inLesson() ? lesson.lessonId() : null;
  return {
    seed: s.seed,
    topology: s.topology,
    actions: s.actions,
    time: shownTime(),
    speed: s.playback.speed,
    autoPace: s.playback.autoPace,
    paused: !s.playback.playing,
    lesson: id && lesson ? { id, step: lesson.step() } : null,
    ...(settings.theme !== "light" && { theme: settings.theme }),
    ...(settings.largeText && { largeText: true }),
    ...(settings.reducedMotion && { reducedMotion: true }),
    ...(!settings.singleKeys && { singleKeys: false }),
    ...(settings.embed && { embed: true, controls: settings.controls }),
    ...(openedMoment().origins && { origins: openedMoment().origins }),
    ...(settings.stepZoom && { stepZoom: true }),
  };
}

/**
 * The full link to this moment: this page's address with `momentQuery()` and the moment's picture
 * (`pic=`, src/canvas/linkPicture.ts), so that a browser's first visit draws it at once. Both are made
 * from the page as it is now: the picture is compressed after, while the page may move on.
 */
export async function momentLink(): Promise<string> {
  const base = typeof location === "undefined" ? "" : `${location.origin === "null" ? location.href.replace(/[?#].*$/, "") : location.origin + location.pathname}`;
  const m = linkToHere();
  const query = linkQuery(m);
  let picture: string | null = null;
  try {
    picture = await momentPicture(query);
  } catch (e) {
    // Only a picture: the link works without it.
    console.error(e);
  }
  return base + (picture ? linkQuery({ ...m, picture }) : query);
}

/** `pic=` for the link `query` opens: the page's state, if it is exactly that moment (src/canvas/linkPicture.ts). */
function momentPicture(query: string): Promise<string | null> {
  const s = useCluster.getState();
  return linkMomentPicture(query, {
    hydrated: s.hydrated,
    error: s.error,
    seed: s.seed,
    topology: s.topology,
    actions: s.actions,
    machines: s.machines,
    components: s.components,
    objects: s.objects,
    time: shownTime(),
  });
}

export function presenterState(): PresenterState {
  const s = useCluster.getState();
  const lesson = lessonControls();
  const on = !!lesson && inLesson();
  return {
    lesson: on ? lesson.lessonId() : null,
    step: on ? lesson.step() : history.length + 1,
    steps: on ? lesson.stepCount() : null,
    time: now(),
    playing: s.playback.playing,
    paused: !s.playback.playing,
    speed: s.playback.speed,
    link: momentQuery(),
  };
}

/** Forgets the "prev" history (tests). */
export function resetPresenterHistory(): void {
  history.length = 0;
}
