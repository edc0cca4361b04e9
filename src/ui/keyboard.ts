/** The key event's target as an element, or null (a window, a document, a test's plain object). */
function focusedElement(target: EventTarget | null): HTMLElement | null {
  return target && typeof (target as Element).closest === "function" ? (target as HTMLElement) : null;
}

/**
 * Whether a key press belongs to the element that has focus: typing in a field, or a control that
 * Space already activates. The page's shortcuts (Space plays and pauses) leave those alone.
 */
export function ownsKeys(target: EventTarget | null): boolean {
  const el = focusedElement(target);
  if (!el) return false;
  if (el.isContentEditable) return true;
  return (
    el.closest(
      'input, textarea, select, button, a[href], summary, dialog, [role="slider"], [role="menuitem"], [role="switch"], [role="checkbox"], [role="button"], [role="textbox"], [contenteditable="true"]',
    ) !== null
  );
}

/**
 * How far the timeline's keys seek, in sim ms: ←/→ one second, with Shift ten; null for other keys.
 * Not PageUp/PageDown, which a slider takes by default: they are a clicker's keys, and step the lesson
 * wherever the focus is (see {@link ownsPageKeys}).
 */
export function scrubStep(key: string, shift: boolean): number | null {
  const size = shift ? 10_000 : 1_000;
  if (key === "ArrowLeft" || key === "ArrowDown") return -size;
  if (key === "ArrowRight" || key === "ArrowUp") return size;
  return null;
}

/** Where a timeline key lands: a step from `now`, or Home / End; clamped to [0, horizon]. */
export function scrubTarget(key: string, shift: boolean, now: number, horizon: number): number | null {
  let target: number;
  if (key === "Home") target = 0;
  else if (key === "End") target = horizon;
  else {
    const step = scrubStep(key, shift);
    if (step === null) return null;
    target = now + step;
  }
  return Math.min(horizon, Math.max(0, target));
}

// ---- the presenter's keys ---------------------------------------------------------------------------

/** What a presenter's key does (src/ui/presenter.ts), or `forward`: pass it on to the host page (embed mode). */
export type PresenterAction = "next" | "prev" | "pause" | "togglePlay" | "reset" | "help" | "zoomStep" | "forward";

export interface PresenterKeyContext {
  /** In embed mode PageUp, PageDown, `.` and `b` belong to the host page (its clicker). */
  embed: boolean;
  /** Single-key shortcuts (Space, `.`, `b`, R, Z, ?) are on; the arrows and PageUp/PageDown always work. */
  singleKeys: boolean;
  /** A lesson is open: Space steps it, as in slides; otherwise Space plays and pauses. */
  inLesson: boolean;
}

/** The keys a focused field or composite control uses itself (arrows in a slider, a menu, a radio group; typing). */
const OWNS_ARROWS =
  'textarea, select, dialog, [contenteditable="true"], [role="slider"], [role="menu"], [role="menuitem"], [role="radio"], [role="radiogroup"], [role="listbox"], [role="option"], [role="tab"], [role="textbox"], [role="combobox"], [role="spinbutton"]';

/** True when the focused element uses arrow and character keys itself: a text field, a slider, a menu, an open dialog. */
export function ownsArrowKeys(target: EventTarget | null): boolean {
  const el = focusedElement(target);
  if (!el) return false;
  if (el.isContentEditable) return true;
  if (el.tagName === "INPUT") {
    const type = ((el as HTMLInputElement).type || "text").toLowerCase();
    if (type !== "checkbox" && type !== "button" && type !== "submit" && type !== "reset") return true;
  }
  return el.closest(OWNS_ARROWS) !== null;
}

/** Where PageUp and PageDown are the focused element's own: a multi-line field, an open dialog or menu, a list. */
const OWNS_PAGE_KEYS = 'textarea, dialog, [contenteditable="true"], [role="menu"], [role="menuitem"], [role="listbox"], [role="option"]';

/**
 * True when the focused element uses PageUp and PageDown itself. They are a clicker's "next" and "back":
 * a presenter who last clicked the timeline, the speed slider, the lesson picker or the command line
 * still steps the lesson with them (a slider or a select would otherwise take them: the timeline moved
 * a minute, the picker opened another lesson).
 */
export function ownsPageKeys(target: EventTarget | null): boolean {
  const el = focusedElement(target);
  if (!el) return false;
  if (el.isContentEditable) return true;
  return el.closest(OWNS_PAGE_KEYS) !== null;
}

/** A `<select>` outside a dialog (the lesson picker). */
function isClosedSelect(target: EventTarget | null): boolean {
  const el = focusedElement(target);
  return el !== null && el.tagName === "SELECT" && el.closest("dialog") === null;
}

/** A clicker's "blank screen" keys: `.` and `b` (reveal.js toggles its black screen with them). */
export function isBlankKey(key: string): boolean {
  return key === "." || key === "b" || key === "B";
}

/**
 * The presenter's keys: → / PageDown next step, ← / PageUp back, Space next step in a lesson (else
 * play/pause), `.` and `b` pause (a clicker's "blank screen" button), R reset, ? help, Z "Zoom to step"
 * (in a lesson; the view's toggle, ViewControls in src/canvas/ClusterCanvas.tsx). Never with
 * Ctrl, Alt or Meta, and never while a field or control uses the key (typing in the command bar;
 * Space on a button). In embed mode PageUp, PageDown, `.` and `b` go to the host page instead (`.` and
 * `b` only while single keys are on).
 */
export function presenterAction(
  e: { key: string; ctrlKey: boolean; metaKey: boolean; altKey: boolean; target: EventTarget | null },
  ctx: PresenterKeyContext,
): PresenterAction | null {
  if (e.ctrlKey || e.metaKey || e.altKey) return null;
  const key = e.key;
  // `.` and `b` are single keys: with them off (keys=0), not even the host hears them.
  const pageKey = key === "PageUp" || key === "PageDown";
  if (ctx.embed && pageKey) return ownsPageKeys(e.target) ? null : "forward";
  if (ctx.embed && ctx.singleKeys && isBlankKey(key)) {
    return ownsArrowKeys(e.target) ? null : "forward";
  }
  if (pageKey) {
    if (ownsPageKeys(e.target)) return null;
    return key === "PageDown" ? "next" : "prev";
  }
  if (key === " ") {
    if (!ctx.singleKeys || ownsKeys(e.target)) return null;
    return ctx.inLesson ? "next" : "togglePlay";
  }
  // A closed select takes ↑ and ↓ (its options); ← and → there would open the lesson before or after
  // in the picker (Chromium changes the value), so they step as everywhere else.
  if ((key === "ArrowRight" || key === "ArrowLeft") && isClosedSelect(e.target)) return key === "ArrowRight" ? "next" : "prev";
  if (ownsArrowKeys(e.target)) return null;
  switch (key) {
    case "ArrowRight":
      return "next";
    case "ArrowLeft":
      return "prev";
  }
  if (!ctx.singleKeys) return null;
  switch (key) {
    case ".":
    case "b":
    case "B":
      return "pause";
    case "r":
    case "R":
      return "reset";
    case "?":
      return "help";
    case "z":
    case "Z":
      return ctx.inLesson ? "zoomStep" : null;
  }
  return null;
}
