import { Fragment, useEffect, useId, useMemo, useRef, useState, type ReactNode, type RefObject } from "react";
import { describe, evaluate } from "../lessons/conditions";
import { LESSONS, lessonById } from "../lessons";
import type { StepResult } from "../lessons/types";
import { lessonStore, planKey } from "../store/lesson";
import { useCluster } from "../store/store";
import { partWords } from "../canvas/fit";
import { Dialog } from "./Dialog";
import { stepCounter } from "./labels";
import type { EventRecord } from "../bridge/protocol";
import { eventObject } from "./events";
import { WarningIcon } from "./WarningIcon";
import "./lessons.css";

const useLessons = () => lessonStore(useCluster);

/** Whether the lesson panel is showing (the page gives it a column: `.app.with-lesson`). */
export function useLessonOpen(): boolean {
  return useLessons()((s) => s.id !== null && lessonById(s.id) !== undefined);
}

/** The parts the open step points at (its `highlight`), for the canvas's "Zoom to step"; null with no lesson open. */
export function useStepParts(): readonly string[] | null {
  return useLessons()((s) => (s.id !== null && lessonById(s.id) !== undefined ? s.highlight : null));
}

/**
 * CSS that outlines the step's targets on the canvas, by the ids React Flow and the pod chips carry.
 * A target that has the keyboard focus shows the focus ring instead (the dashed outline would hide it).
 */
export function highlightCss(ids: string[]): string {
  const sel: string[] = [];
  for (const id of ids) {
    const q = id.replace(/["\\]/g, "");
    if (q.startsWith("pods/")) sel.push(q.endsWith("*") ? `[data-pod^="${q.slice(0, -1)}"]` : `[data-pod="${q}"]`);
    else if (q.includes("@") || q === "unscheduled" || q === "kubectl" || q === "load-balancer" || q === "image-registry") sel.push(`.react-flow__node[data-id="${q}"] > *`);
    else sel.push(`.react-flow__node[data-id="machine:${q}"] > *`);
  }
  if (!sel.length) return "";
  const pods = sel.filter((s) => s.startsWith("[data-pod"));
  return (
    `${sel.map((s) => `${s}:not(:focus-visible)`).join(",\n")} { outline: 4px dashed var(--lesson-highlight, #7c3aed); outline-offset: 3px; }` +
    // A pod's outline inside its card: outside it, it ran over the words above it in the machine (a second line of taints).
    (pods.length ? `\n${pods.map((s) => `${s}:not(:focus-visible)`).join(",\n")} { outline-offset: -3px; }` : "")
  );
}

/** Outlines the open step's targets on the canvas (mounted beside it). */
export function LessonHighlight() {
  const ids = useLessons()((s) => (s.id ? s.highlight : null));
  const css = useMemo(() => (ids ? highlightCss(ids) : ""), [ids]);
  return css ? <style data-lesson-highlight="">{css}</style> : null;
}

/** The header button that opens the lesson picker. */
export function LessonsButton() {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className="btn" onClick={() => setOpen(true)} aria-haspopup="dialog">
        Lessons
      </button>
      {open && <LessonPicker onClose={() => setOpen(false)} />}
    </>
  );
}

/** The lesson picker: every lesson with its one-sentence summary. */
function LessonPicker({ onClose }: { onClose: () => void }) {
  const lessons = useLessons();
  const current = lessons((s) => s.id);
  const [choice, setChoice] = useState(current ?? LESSONS[0].id);
  const name = useId();
  return (
    <Dialog
      title="Lessons"
      onClose={onClose}
      onSubmit={() => {
        lessons.getState().open(choice, 1);
        onClose();
      }}
      actions={
        <button type="submit" className="btn btn-primary">
          Start lesson
        </button>
      }
    >
      <fieldset className="lesson-choices">
        <legend className="visually-hidden">Choose a lesson</legend>
        {LESSONS.map((l, i) => (
          <label key={l.id} className="lesson-choice">
            <input type="radio" name={name} value={l.id} checked={choice === l.id} onChange={() => setChoice(l.id)} />
            <span>
              <span className="lesson-choice-title">
                {i + 1}. {l.title}
              </span>{" "}
              <span className="lesson-choice-meta">({l.steps.length} steps)</span>
              <span className="lesson-choice-summary">{l.summary}</span>
            </span>
          </label>
        ))}
      </fieldset>
    </Dialog>
  );
}

/**
 * Whether the box `ref` has more to show below what it shows (scrolled or not): checked when it
 * scrolls, when it or any of its parts changes size, and when parts come or go. `key` (the step)
 * starts it afresh.
 */
function useMoreBelow(ref: RefObject<HTMLElement | null>, key: string): boolean {
  const [more, setMore] = useState(false);
  useEffect(() => {
    const box = ref.current;
    if (!box) return;
    const check = () => setMore(box.scrollHeight - box.scrollTop - box.clientHeight > 2);
    check();
    box.addEventListener("scroll", check, { passive: true });
    if (typeof ResizeObserver === "undefined") return () => box.removeEventListener("scroll", check);
    const sizes = new ResizeObserver(check);
    const observe = () => {
      sizes.disconnect();
      sizes.observe(box);
      for (const c of box.children) sizes.observe(c);
    };
    observe();
    const parts = new MutationObserver(() => {
      observe();
      check();
    });
    parts.observe(box, { childList: true });
    return () => {
      box.removeEventListener("scroll", check);
      sizes.disconnect();
      parts.disconnect();
    };
  }, [ref, key]);
  return more;
}

/** The step's commands with what they printed, once the sim clock has reached their answer. */
function StepCommands({ results, now }: { results: StepResult[]; now: number }) {
  const ref = useRef<HTMLDivElement>(null);
  // When a command fails (a timeout, the point of etcd-quorum's step) and its answer is below the
  // narration's fold, the narration scrolls to show it: only its own box moves, never the page. A
  // command that worked ("stopped", "created") leaves the narration where the reader has it.
  const failed = results.filter((r) => r.t !== undefined && now >= r.t && !r.ok).length;
  useEffect(() => {
    const el = ref.current;
    const box = el?.closest(".lesson-body");
    if (!el || !box || failed === 0) return;
    const below = el.getBoundingClientRect().bottom - box.getBoundingClientRect().bottom;
    if (below > 0) box.scrollTop += below / ((box as HTMLElement & { currentCSSZoom?: number }).currentCSSZoom ?? 1);
  }, [failed]);
  if (!results.length) return null;
  return (
    <div ref={ref} className="lesson-commands" aria-label="Commands in this step">
      {results.map((r, i) => {
        const answered = r.t !== undefined && now >= r.t;
        return (
          <div key={i} className="lesson-command">
            <code className="lesson-command-line">$ {r.line}</code>
            {answered && (r.ok ? r.output : r.error) ? (
              <code className={r.ok ? "lesson-command-out" : "lesson-command-out is-error"}>{r.ok ? r.output : r.error}</code>
            ) : null}
          </div>
        );
      })}
    </div>
  );
}

/** How many of the step's events the panel lists (the events list, beside or behind it, has them all). */
export const STEP_EVENTS_SHOWN = 4;

/**
 * The newest events written since the step started, newest last, as `kubectl get events` words them: the
 * narration points at them ("the events say Pulling and then Pulled"), and while a lesson is open its
 * panel covers the events list.
 */
function StepEvents({ events, since, now }: { events: readonly EventRecord[]; since: number; now: number }) {
  const shown = useMemo(() => {
    const out: EventRecord[] = [];
    for (let i = events.length - 1; i >= 0 && out.length < STEP_EVENTS_SHOWN; i--) if (events[i].t >= since && events[i].t <= now) out.push(events[i]);
    return out.reverse();
  }, [events, since, now]);
  if (!shown.length) return null;
  return (
    <div className="lesson-events" aria-label="Events in this step">
      <p className="lesson-label">Events in this step{shown.length === STEP_EVENTS_SHOWN ? " (the newest)" : ""}:</p>
      <ul className="lesson-event-list">
        {shown.map((e, i) => (
          <li key={`${e.t}-${i}`} className={e.type === "Warning" ? "lesson-event is-warning" : "lesson-event"}>
            {e.type === "Warning" && <WarningIcon className="lesson-event-icon" />}
            <span className="lesson-event-reason">{e.type === "Warning" ? `Warning ${e.reason}` : e.reason}</span> {withBreaks(`${eventObject(e)}: ${e.message.trim()}`)}
          </li>
        ))}
      </ul>
    </div>
  );
}

/**
 * The narration panel of the open lesson (right of the cluster): the lesson picker, "Step 3 of 7", the
 * step's narration, its commands and their output, what it waits for (checked live against the page's
 * records), what to look at, and Back / Next. A polite live region announces each step once.
 */
export function LessonPanel() {
  const open = useLessonOpen();
  // The panel follows the cluster's records every frame: only while a lesson is open.
  return open ? <OpenLessonPanel /> : null;
}

function OpenLessonPanel() {
  const lessons = useLessons();
  const { id, index, status, plans, seed, error } = lessons();
  const lesson = id ? lessonById(id) : undefined;
  const selectId = useId();
  const titleId = useId();
  const objects = useCluster((s) => s.objects);
  const components = useCluster((s) => s.components);
  const machines = useCluster((s) => s.machines);
  const events = useCluster((s) => s.events);
  const now = useCluster((s) => s.clock.time);
  const bodyRef = useRef<HTMLDivElement>(null);
  const moreBelow = useMoreBelow(bodyRef, `${id}/${index}`);
  if (!lesson) return null;
  const step = lesson.steps[index];
  const planned = plans[planKey(lesson.id, seed)]?.steps[index];
  const results = planned?.results ?? [];
  const met =
    planned !== undefined &&
    now >= planned.start &&
    evaluate(step.waitFor, {
      objects,
      components,
      machines,
      events,
      now,
      stepStart: planned.start,
      results: results.every((r) => r.t !== undefined && r.t <= now) ? results : [],
      baseline: planned.baseline,
    });
  const last = index === lesson.steps.length - 1;
  const finished = last && status === "done";
  const counter = stepCounter(index + 1, lesson.steps.length);
  return (
    <section className="lesson-panel" aria-labelledby={titleId}>
      <div className="lesson-top">
        <label className="lesson-select-label" htmlFor={selectId}>
          Lesson
        </label>
        <select id={selectId} className="lesson-select" value={lesson.id} onChange={(e) => lessons.getState().open(e.target.value, 1)}>
          {LESSONS.map((l, i) => (
            <option key={l.id} value={l.id}>
              {i + 1}. {l.title}
            </option>
          ))}
        </select>
      </div>
      {/* Close beside the step counter, not the picker: the picker keeps the row for the lesson's whole name. */}
      <div className="lesson-counter-row">
        <p className="lesson-counter">{counter}</p>
        <button type="button" className="btn btn-small lesson-close" onClick={() => lessons.getState().close()} aria-label="Close the lesson">
          Close
        </button>
      </div>
      <h2 id={titleId} className="lesson-title">
        {step.title}
      </h2>
      {/*
        The narration first: when space is short (large text at 720 px) the body scrolls, and it is what
        the class reads. Focusable, so the keyboard can scroll it too.
      */}
      <div className="lesson-scroll">
        <div ref={bodyRef} className="lesson-body" tabIndex={0} role="region" aria-label="Step narration">
          <p className="lesson-narration">{step.narration}</p>
          {step.highlight.length > 0 && (
            <p className="lesson-look">
              <span className="lesson-label">Look at:</span> {step.highlight.map(partWords).join(", ")}
            </p>
          )}
          <StepCommands results={results} now={now} />
          {planned && <StepEvents events={events} since={planned.start} now={now} />}
        </div>
        {/* The box is cut off at its foot: say so (the words are what the class reads). */}
        {moreBelow && (
          <div className="lesson-more" aria-hidden="true">
            more below ▾
          </div>
        )}
      </div>
      <p className={`lesson-wait${met ? " is-met" : ""}`} data-testid="lesson-wait">
        {status === "planning" ? (
          "Preparing the lesson…"
        ) : (
          <>
            <span className="lesson-wait-shape" aria-hidden="true">
              {met ? "✓" : "…"}
            </span>{" "}
            <span className="lesson-label">{met ? "Done:" : "Waiting for:"}</span> {withBreaks(describe(step.waitFor))}
          </>
        )}
      </p>
      {error && (
        <p className="lesson-error" role="alert">
          {error}
        </p>
      )}
      <nav className="lesson-nav" aria-label="Lesson steps">
        <button type="button" className="btn" onClick={() => lessons.getState().prev()} disabled={status === "planning"} aria-keyshortcuts="ArrowLeft">
          ← Back
        </button>
        <button
          type="button"
          className="btn btn-primary"
          onClick={() => lessons.getState().next()}
          disabled={status === "planning" || finished}
          aria-keyshortcuts="ArrowRight"
        >
          {finished ? "Lesson complete" : last ? "Finish step" : "Next →"}
        </button>
      </nav>
    </section>
  );
}

/**
 * The step's summary for screen readers, once per step: "Step 2 of 6: Heartbeats stop. …". Mounted
 * with the page, empty until a lesson opens (a live region is read out when its text changes, not
 * with the text it is inserted with: inside the panel, the first step went unsaid).
 */
export function LessonAnnouncer() {
  // Only the words: a plan arriving or a status change that says nothing new re-renders nothing.
  const words = useLessons()(({ id, index, status }) => {
    const lesson = id ? lessonById(id) : undefined;
    const step = lesson?.steps[index];
    return !lesson || !step || status === "planning" ? "" : `${stepCounter(index + 1, lesson.steps.length)}: ${step.title}. ${step.narration}`;
  });
  return (
    <p className="visually-hidden" aria-live="polite" aria-atomic="true">
      {words}
    </p>
  );
}

/**
 * Long names (a taint's `node.kubernetes.io/unreachable:NoExecute`) may break after a `/`, `:` or `.`
 * rather than run out of the panel or break mid-word: a `<wbr>` after each.
 */
export function withBreaks(text: string): ReactNode {
  const parts = text.split(/(?<=[/:.](?=\S))/);
  if (parts.length === 1) return text;
  return parts.map((p, i) => (
    <Fragment key={i}>
      {p}
      {i < parts.length - 1 && <wbr />}
    </Fragment>
  ));
}
