/**
 * The presenter's view of the lesson API: what the keys (→, ←, Space, R), the embed's postMessage API
 * (`next`, `prev`, `goto`, `reset`) and links (`?lesson=ID&step=N`) drive when a lesson is open.
 *
 * The lesson slice (src/store/lesson.ts) registers itself here; until it has (or with no lesson open)
 * the presenter steps the simulation instead (src/ui/presenter.ts). Steps are 1-based everywhere a
 * person or a host page sees them (links, getState, goto), as here.
 */
export interface LessonControls {
  /** The open lesson's id (`worker-dies`), or null when no lesson is open. */
  lessonId(): string | null;
  /** The current step, 1-based, and how many steps the open lesson has. */
  step(): number;
  stepCount(): number;
  /** Whether the open lesson is being planned (its steps' moments not known yet: a link's other seed). */
  planning(): boolean;
  next(): void;
  prev(): void;
  /** Goes to step `n` (1-based), with the same cluster state as stepping there. */
  goto(n: number): void;
  /** Back to the lesson's first step, its cluster as the lesson starts it. */
  reset(): void;
  /** Opens lesson `id` at step `n` (a link's `?lesson=&step=`); false when there is no such lesson. */
  open(id: string, n: number): boolean;
  /** Calls `listener` whenever the lesson or its step changes, or its plan is done; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void;
}

let controls: LessonControls | null = null;
const waiting = new Set<(c: LessonControls | null) => void>();

/** The lesson API registers here (once, at start-up); null unregisters it. */
export function registerLessonControls(c: LessonControls | null): void {
  controls = c;
  for (const w of [...waiting]) w(c);
}

/** The lesson API, or null while none is registered. */
export function lessonControls(): LessonControls | null {
  return controls;
}

/** Calls `fn` now and whenever the lesson API is registered or replaced; returns the unsubscribe function. */
export function onLessonControls(fn: (c: LessonControls | null) => void): () => void {
  waiting.add(fn);
  fn(controls);
  return () => waiting.delete(fn);
}

/** True when a lesson is open: the presenter's keys then step the lesson. */
export function inLesson(): boolean {
  return !!controls && controls.lessonId() !== null;
}
