/**
 * The first picture on the page (src/canvas/prepaint.ts draws it): laid over the place the live
 * canvas will take, as soon as the simulation's first state is in and before the UI's code has
 * started, then taken away once the live canvas has drawn the cluster under it.
 *
 * The picture is inert and hidden from screen readers (`inert`, `aria-hidden`): its buttons are
 * drawings of the controls to come, not controls. A status in words says the controls are loading.
 */
import { pictureFacts, pictureMarkup, type PictureFacts, type PrepaintState } from "./canvas/prepaint";
import { whenClusterDrawn } from "./store/benchProbe";

export interface Insets {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** What decides where the live canvas sits in the window (src/ui/App.tsx, app.css, themes.css). */
export interface PageShape {
  embed: boolean;
  /** Embedded with its step bar (`controls` not turned off). */
  controls: boolean;
  /** A lesson's narration panel is open beside the canvas (a lesson link, not embedded). */
  lesson: boolean;
  largeText: boolean;
  width: number;
  /** Reduced motion: the strip saying what moved takes the foot of the canvas's place (themes.css). */
  reduced?: boolean;
}

/** The reduced-motion strip's height in CSS px (themes.css, `.canvas-area.with-narration > .motion-narration`; large text zooms it 1.2×). */
export const MOTION_STRIP_PX = 58;

/** The window width from which the events panel opens by default (src/ui/App.tsx EVENTS_OPEN_MIN_WIDTH). */
const EVENTS_OPEN_MIN_WIDTH = 1500;
/** Below about this width the header and the playback bar wrap to a second row. */
const WRAP_BELOW_WIDTH = 1200;
/** The full page is never narrower than this (app.css: body's min-width); a narrower window cuts it off on the right. */
const MIN_PAGE_WIDTH = 1024;

/**
 * Where the live canvas will be, as insets from the window's edges, before the page's chrome exists
 * to measure. Measured from the built page (light theme, default cluster, Debian's Chromium and fonts):
 * at 1280×720 the header is 60.39 px (its text's line boxes are not whole pixels), the playback and
 * command bars 105 px, the folded events panel 48 px; a lesson's panel 340 px, an open events panel
 * 420 px; the embed's step bar 50 px. Large text and narrow windows wrap the bars; below 1024 px the
 * full page is cut off on the right (an embed fits its frame). A wrong guess only means the picture
 * shifts a little when the live canvas replaces it (the fractions matter: fitted to a pane 0.4 px
 * taller, the picture sat a pixel lower).
 */
export function canvasInsets(p: PageShape): Insets {
  const strip = p.reduced ? MOTION_STRIP_PX * (p.largeText ? 1.2 : 1) : 0;
  const insets = frameInsets(p);
  return { ...insets, bottom: insets.bottom + strip };
}

function frameInsets(p: PageShape): Insets {
  if (p.embed) return { left: 0, top: 0, right: 0, bottom: p.controls ? 50 : 0 };
  const wide = p.width >= WRAP_BELOW_WIDTH;
  const cutOff = Math.max(0, MIN_PAGE_WIDTH - p.width);
  // A lesson's panel is 400 px wide in large text (themes.css), 340 px otherwise.
  const right = (p.lesson ? (p.largeText ? 400 : 340) : p.width >= EVENTS_OPEN_MIN_WIDTH ? 420 : 48) - cutOff;
  const roomy = p.width >= EVENTS_OPEN_MIN_WIDTH;
  const top = p.largeText ? (roomy ? 72.047 : 122.422) : wide ? 60.391 : 102.391;
  const bottom = p.largeText ? (roomy ? 124.531 : wide ? 170.109 : 216) : wide ? 105 : 143;
  return { left: 0, top, right, bottom };
}

const PREPAINT_CLASS = "prepaint";

/**
 * Draws the picture of `state` (the records, or a link's picture's facts: src/canvas/prepaint.ts) over
 * the canvas's place; `stepZoom`: a lesson's "Zoom to step" button, pressed or not. Returns the
 * element, or null when there is nothing to draw (no machines yet, no room).
 */
export function showPrepaint(state: (PrepaintState | PictureFacts) & { stepZoom?: boolean }, insets: Insets, doc: Document = document): HTMLElement | null {
  const win = doc.defaultView;
  if (!win) return null;
  const width = win.innerWidth - insets.left - insets.right;
  const height = win.innerHeight - insets.top - insets.bottom;
  if (width <= 0 || height <= 0) return null;
  const facts = "placement" in state ? state : pictureFacts(state);
  const html = facts ? pictureMarkup(facts, width, height, state.stepZoom) : "";
  if (!html) return null;
  const el = doc.createElement("div");
  el.className = `cluster-canvas ${PREPAINT_CLASS}`;
  el.setAttribute("aria-hidden", "true");
  el.inert = true;
  el.style.cssText = `position:fixed;left:${insets.left}px;top:${insets.top}px;width:${width}px;height:${height}px;z-index:20;pointer-events:none`;
  el.innerHTML = html;
  const status = doc.createElement("p");
  status.className = "sr-only prepaint-status";
  status.setAttribute("role", "status");
  doc.body.append(el, status);
  // A live region is read out when its text changes, not when it arrives with it.
  setTimeout(() => (status.textContent = "Loading the cluster's controls…"), 100);
  return el;
}

/** Takes the picture (and its status line) away. */
export function removePrepaint(doc: Document = document): void {
  for (const el of doc.querySelectorAll(`.${PREPAINT_CLASS}, .prepaint-status`)) el.remove();
}

/**
 * Once the live canvas has painted the cluster under the picture, and its pods are shown (they are
 * faded in by motion, whose code loads just after), takes the picture away. Gives up waiting for the
 * pods after `podWaitMs`, and takes the picture away after `maxMs` whatever happened: a UI that failed
 * to draw shows its own error, never a stale picture. Returns a function that stops waiting (and
 * leaves the picture).
 */
export function removeWhenLiveDrawn(doc: Document = document, podWaitMs = 1500, maxMs = 20_000): () => void {
  let frame = 0;
  const cap = setTimeout(() => removePrepaint(doc), maxMs);
  const stop = whenClusterDrawn(
    () => {},
    () => {
      const until = performance.now() + podWaitMs;
      const look = () => {
        const chips = doc.querySelectorAll<HTMLElement>(`.react-flow__viewport-portal .pod-chip`);
        // Motion fades chips in with an inline opacity (a Terminating pod's lower opacity is its class's, not a fade).
        const hidden = [...chips].some((c) => !c.closest(`.${PREPAINT_CLASS}`) && c.style.opacity !== "" && Number(c.style.opacity) < 0.99);
        if (!hidden || performance.now() > until) removePrepaint(doc);
        else frame = requestAnimationFrame(look);
      };
      look();
    },
    doc,
  );
  return () => {
    stop();
    cancelAnimationFrame(frame);
    clearTimeout(cap);
  };
}

