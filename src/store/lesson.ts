/**
 * The lesson slice: which lesson is open, which step, and the lesson's plan (when each step starts and
 * ends, computed headless by src/lessons/runner.ts in a planning worker of its own, so the live cluster
 * keeps playing meanwhile).
 *
 * A step is a moment, as links are: the cluster store is re-initialised (worker `init`, a rebuild from
 * the seed) with the lesson's seed and topology, the actions of every step so far at the times the plan
 * gives, at the step's start; it then plays the step out and pauses where the step's condition first
 * held. Next goes to the next step's start (the same moment as this step's end), Back rebuilds the
 * previous step's start: stepping there and opening a link to step N give the same cluster state.
 *
 * The presenter's keys, links and the embed API reach it through src/store/lessonControls.ts (steps are
 * 1-based there); the page's panel is src/ui/LessonPanel.tsx.
 */
import { create } from "zustand";
import { SimClient, type SimConnection } from "../bridge/client";
import type { LoggedAction, WorkerMessage } from "../bridge/protocol";
import { LESSONS, lessonById } from "../lessons";
import { storedPlan, type StoredPlans } from "../lessons/plans";
import { actionsThrough, lessonScript } from "../lessons/runner";
import type { Lesson, LessonPlan } from "../lessons/types";
import { registerLessonControls, type LessonControls } from "./lessonControls";
import type { ClusterStoreHook, StartMoment } from "./store";

export type LessonStatus = "planning" | "playing" | "done" | "failed";

export interface LessonState {
  /** The open lesson, or null. */
  id: string | null;
  /** The current step, 0-based. */
  index: number;
  status: LessonStatus;
  /** Plans by `planKey` (a lesson is planned once per page, and once per other seed a link asks for). */
  plans: Record<string, LessonPlan>;
  /** The seed the open lesson runs on, when a link asked for another than its own (`?lesson=…&seed=7`); null: its own. */
  seed: number | null;
  /** Why the lesson cannot go on (its plan failed), in plain words. */
  error: string | null;
  /** The canvas ids to point at (the step's `highlight`). */
  highlight: string[];
}

export interface LessonActions {
  /**
   * Opens lesson `id` at step `step` (1-based, default 1); false if there is no such lesson. With `at`
   * (a copied link's moment: its action log, time, pause), the step opens at exactly that moment instead
   * of the step's start.
   */
  open(id: string, step?: number, at?: StartMoment): boolean;
  close(): void;
  next(): void;
  prev(): void;
  /** Goes to step `n`, 1-based. */
  goto(n: number): void;
  /** Back to the first step. */
  reset(): void;
}

export type LessonStore = LessonState & LessonActions;

/** The default playback speed while a step plays out. */
export const LESSON_SPEED = 4;

export interface LessonStoreOptions {
  /** Where plans are computed (default: a Web Worker of its own, started on first use). */
  planner?: () => SimConnection;
  /** Lessons to offer (default: LESSONS). */
  lessons?: readonly Lesson[];
  /** Plans computed ahead (default: src/lessons/plans.json); a lesson without one is planned by the planner. */
  plans?: StoredPlans;
}

/** Where the plan of lesson `id` on `seed` (null: its own) is kept in `plans`. */
export function planKey(id: string, seed: number | null): string {
  return seed === null ? id : `${id}@seed=${seed}`;
}

/** Whether two action logs are the same, action for action (time and line). */
function sameActions(a: readonly LoggedAction[], b: readonly LoggedAction[]): boolean {
  return a.length === b.length && a.every((x, i) => x.at === b[i].at && x.line === b[i].line);
}

export function createLessonStore(cluster: ClusterStoreHook, opts: LessonStoreOptions = {}) {
  const lessons = opts.lessons ?? LESSONS;
  const byId = (id: string) => (opts.lessons ? lessons.find((l) => l.id === id) : lessonById(id));
  let planner: SimConnection | null = null;
  let nextRequest = 1;
  const waiting = new Map<number, (plan: LessonPlan) => void>();
  /** The step whose moment the cluster store was last asked to open: its start and end, and whether its hydrate arrived. */
  let target: { start: number; end: number; arrived: boolean; stopAtEnd: boolean } | null = null;
  /** The plans asked of the planner and not answered yet, by `planKey`. */
  const planningKeys = new Set<string>();
  /** A link's exact moment within the step being opened (`open`'s `at`), until that step shows. */
  let linked: { index: number; at: StartMoment } | null = null;

  const requestPlan = (lesson: Lesson): Promise<LessonPlan> => {
    if (!planner) {
      planner = opts.planner ? opts.planner() : new SimClient();
      planner.subscribe((msg: WorkerMessage) => {
        if (msg.type === "lessonPlan") {
          const resolve = waiting.get(msg.id);
          waiting.delete(msg.id);
          resolve?.(msg.plan);
        } else if (msg.type === "error" && msg.fatal) {
          for (const [id, resolve] of waiting) resolve({ lessonId: "", ready: 0, steps: [], failure: msg.message }), waiting.delete(id);
        }
      });
    }
    const id = nextRequest++;
    return new Promise((resolve) => {
      waiting.set(id, resolve);
      planner!.send({ type: "planLesson", id, lesson: lessonScript(lesson) });
    });
  };

  const store = create<LessonStore>()((set, get) => {
    /** Lesson `id` as the open lesson runs it: on the seed a link asked for, if any. */
    const find = (id: string): Lesson | undefined => {
      const lesson = byId(id);
      const seed = get().seed;
      return lesson && seed !== null && get().id === id ? { ...lesson, seed } : lesson;
    };
    /** The open lesson's plan, if known. */
    const planOf = (s: LessonState) => (s.id ? s.plans[planKey(s.id, s.seed)] : undefined);
    /**
     * Opens step `index` of the open lesson (its plan known): inits the cluster at the step's start, at
     * its end (`atEnd`), or at a copied link's moment (`open`'s `at`). On the lesson's own timeline (its
     * cluster and the planned actions so far) it pauses where the step's condition held; with commands
     * of the presenter's own, it is their timeline and plays on. Next and Back open the planned steps.
     */
    const show = (index: number, atEnd = false) => {
      const s = get();
      const lesson = s.id ? find(s.id) : undefined;
      const plan = planOf(s);
      if (!lesson || !plan) return;
      const planned = plan.steps[index];
      if (!planned) {
        set({ index, status: "failed", error: plan.failure ?? `Step ${index + 1} could not be planned.` });
        return;
      }
      const at: StartMoment = atEnd ? { time: planned.end, paused: true } : linked && linked.index === index ? linked.at : {};
      linked = null;
      const step = lesson.steps[index];
      const planActions = actionsThrough(plan, index);
      const actions = at.actions ?? planActions;
      const time = at.time ?? planned.start;
      const sameCluster = (at.seed ?? lesson.seed) === lesson.seed && (!at.topology || (at.topology.masters === lesson.topology.masters && at.topology.workers === lesson.topology.workers));
      const own = sameCluster && sameActions(actions, planActions);
      // Done at its end (or a link's moment past it); from its start it plays, unless its condition held
      // at its start already (an end at its start: nothing to play to, and no clock change to pause on).
      const done = own && (at.time !== undefined ? time >= planned.end : planned.end <= planned.start);
      target = own ? { start: time, end: planned.end, arrived: false, stopAtEnd: !done } : null;
      // A step whose condition never held (the plan stops there) still plays, with the reason on screen.
      set({ index, status: done ? "done" : "playing", error: planned.met ? null : (plan.failure ?? null), highlight: step.highlight });
      cluster.getState().reset({
        seed: at.seed ?? lesson.seed,
        topology: { ...(at.topology ?? lesson.topology) },
        actions: actions.slice(),
        time,
        speed: at.speed ?? step.speed ?? lesson.speed ?? LESSON_SPEED,
        // The presenter's Auto-pace stays as it is from step to step (a step sets the speed, not this).
        autoPace: at.autoPace ?? cluster.getState().playback.autoPace,
        paused: at.paused ?? done,
      });
    };

    /**
     * Next while step `index` is still playing on its own timeline: run the live cluster on to the
     * step's end and run the next step's actions there. The same moment as a rebuild (the worker
     * replays deterministically), without replaying from the start.
     */
    const forward = (index: number): boolean => {
      const s = get();
      const lesson = s.id ? find(s.id) : undefined;
      const plan = planOf(s);
      const t = target;
      const next = plan?.steps[index + 1];
      if (!lesson || !plan || !next || !t || !t.arrived) return false;
      const c = cluster.getState();
      const expected = actionsThrough(plan, index);
      // Only once the step's timeline is on the page, not past the next step's start (before that, Next rebuilds).
      if (!sameActions(c.actions, expected) || c.clock.time > next.start) return false;
      const step = lesson.steps[index + 1];
      // A step whose condition held at its start is done there: it does not play (its clock would never
      // show its start, where the pause waits, and it would run on).
      const instant = next.end <= next.start;
      target = instant ? null : { start: next.start, end: next.end, arrived: false, stopAtEnd: true };
      set({ index: index + 1, status: instant ? "done" : "playing", error: next.met ? null : (plan.failure ?? null), highlight: step.highlight });
      // Paused first, so that no playback tick runs between the seek and the actions: they run exactly at the step's start.
      c.pause();
      c.seek(next.start);
      c.setSpeed(step.speed ?? lesson.speed ?? LESSON_SPEED);
      for (const a of actionsThrough(plan, index + 1).slice(expected.length)) void c.command(a.line);
      if (!instant) c.play();
      return true;
    };

    const go = (index: number) => {
      const s = get();
      if (!s.id) return;
      const lesson = find(s.id);
      if (!lesson) return;
      const i = Math.max(0, Math.min(lesson.steps.length - 1, index));
      if (planOf(s)) return show(i);
      // Planned ahead: open at once (a link to a step opens as fast as any other link).
      const known = storedPlan(lessonScript(lesson), opts.plans);
      if (known) {
        set((st) => ({ index: i, plans: { ...st.plans, [planKey(lesson.id, st.seed)]: known } }));
        return show(i);
      }
      set({ index: i, status: "planning", error: null, highlight: lesson.steps[i].highlight });
      const id = s.id;
      const key = planKey(id, s.seed);
      // Asked for already (a goto or reset while it is planned): its answer shows the step asked for last.
      if (planningKeys.has(key)) return;
      planningKeys.add(key);
      void requestPlan(lesson).then((plan) => {
        planningKeys.delete(key);
        set((st) => ({ plans: { ...st.plans, [key]: plan } }));
        const now = get();
        if (now.id !== id || planKey(id, now.seed) !== key || now.status !== "planning") return;
        show(now.index);
      });
    };

    return {
      id: null,
      index: 0,
      status: "done",
      plans: {},
      seed: null,
      error: null,
      highlight: [],
      open: (id, step = 1, at) => {
        const lesson = byId(id);
        if (!lesson) return false;
        // Another seed than the lesson's own (a link's `seed=`): the lesson runs on it, planned for it.
        set({ id, index: 0, seed: at?.seed !== undefined && at.seed !== lesson.seed ? at.seed : null });
        const index = Math.max(0, Math.min(lesson.steps.length - 1, Math.max(1, Math.floor(step)) - 1));
        linked = at ? { index, at } : null;
        go(index);
        return true;
      },
      close: () => {
        target = null;
        linked = null;
        set({ id: null, index: 0, seed: null, status: "done", error: null, highlight: [] });
      },
      next: () => {
        linked = null;
        const s = get();
        const lesson = s.id ? find(s.id) : undefined;
        if (!lesson || s.status === "planning") return;
        if (s.index < lesson.steps.length - 1) {
          if (s.status === "playing" && forward(s.index)) return;
          return go(s.index + 1);
        }
        // The last step: finish it (jump to where its condition held).
        if (s.status === "playing") show(s.index, true);
      },
      prev: () => {
        linked = null;
        const s = get();
        if (!s.id || s.status === "planning") return;
        go(s.index - 1);
      },
      goto: (n) => {
        linked = null;
        go(Math.floor(n) - 1);
      },
      reset: () => {
        linked = null;
        go(0);
      },
    };
  });

  // Pause where the step's condition first held.
  cluster.subscribe((c) => {
    const t = target;
    if (!t || store.getState().status !== "playing") return;
    if (!t.arrived) {
      // The re-initialised timeline has arrived when the clock shows the step's start.
      if (c.clock.time === t.start) t.arrived = true;
      else return;
    }
    if (t.stopAtEnd && c.clock.time >= t.end) {
      target = null;
      store.setState({ status: "done" });
      const wasPlaying = c.playback.playing;
      if (wasPlaying) cluster.getState().pause();
      // The page sees the clock a frame late, and a playing worker runs on until the pause reaches it
      // (a frame exactly at the end is not enough): land exactly on the step's end, the moment a link to
      // the next step opens at, so stepping and linking show the same cluster.
      if (c.clock.time > t.end || wasPlaying) cluster.getState().seek(t.end);
    }
  });

  return store;
}

export type LessonStoreHook = ReturnType<typeof createLessonStore>;

/** The lesson API for the presenter (keys, links, embed): steps 1-based. */
export function lessonControlsOf(store: LessonStoreHook, lessons: readonly Lesson[] = LESSONS): LessonControls {
  const count = () => {
    const id = store.getState().id;
    return lessons.find((l) => l.id === id)?.steps.length ?? 0;
  };
  return {
    lessonId: () => store.getState().id,
    step: () => store.getState().index + 1,
    stepCount: count,
    planning: () => store.getState().status === "planning",
    next: () => store.getState().next(),
    prev: () => store.getState().prev(),
    goto: (n) => store.getState().goto(n),
    reset: () => store.getState().reset(),
    open: (id, n) => store.getState().open(id, n),
    subscribe: (listener) => store.subscribe((s, p) => (s.id !== p.id || s.index !== p.index || (p.status === "planning" && s.status !== "planning")) && listener()),
  };
}

let appLessons: LessonStoreHook | null = null;

/** The app's lesson store (on the app's cluster store), registered with the presenter on first use. */
export function lessonStore(cluster: ClusterStoreHook): LessonStoreHook {
  if (appLessons) return appLessons;
  appLessons = createLessonStore(cluster);
  registerLessonControls(lessonControlsOf(appLessons));
  return appLessons;
}
