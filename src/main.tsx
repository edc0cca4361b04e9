/**
 * The page's entry, kept small on purpose. The built index.html has already started the simulation's
 * worker (vite.config.ts, `earlyStart`); this sends it the link's moment first, so the worker replays it
 * while the page's UI code (./boot.tsx: React, the canvas) is still downloading.
 *
 * A link to a lesson's step loads the lessons (./lessonLink.ts) and opens the step's moment straight
 * away from the lesson's stored plan, not the start state first.
 *
 * Until the UI's code has started, the simulation's first state is drawn as a plain picture
 * (./prepaint.ts): on a first visit that code takes longer to load and start than the simulation takes
 * to answer. The UI's code is evaluated just after that picture is painted (or at once if something
 * went wrong, or after UI_WAIT_MS if the state is slow), so the two do not compete for the processor
 * before the picture is up.
 *
 * The host page's messages (the embed's postMessage API) are listened for from here on, before any of
 * that: reveal.js posts `slide:start` on the iframe's load event, long before ./boot.tsx is in. The
 * calls wait (./embed/early.ts) and run in order once the API starts (./embed/embed.ts).
 */
import "./styles";
import { inFrame, listenEarly } from "./embed/early";
import { holdWhileLoading } from "./embed/hiddenPause";
import { allowedOrigins } from "./embed/messages";
import { fetchShippedPicture } from "./bridge/shipped";
import { clusterStore } from "./store/store";
import { parseUrlMoment } from "./store/url";
import { applyPresentation, appSettings } from "./store/settings";
import { canvasInsets, removePrepaint, removeWhenLiveDrawn, showPrepaint } from "./prepaint";
import type { ClusterState } from "./store/types";
import type { HydrateMessage } from "./bridge/protocol";
import { hydrateSlices } from "./store/apply";
import type { PictureFacts, PrepaintState } from "./canvas/prepaint";
import { decodeLinkPicture, pictureKey } from "./canvas/linkPicture";

/** The UI's code loads at the latest this long (ms) after the moment is asked for, state or not. */
export const UI_WAIT_MS = 1500;
/**
 * Once the UI's code has run and the moment's state is in, the first picture goes at the latest this long
 * (ms) after: a UI that failed to draw shows its own error. (A link's own picture stays while the
 * simulation replays a far moment: it is that moment.)
 */
export const UI_DRAW_WAIT_MS = 5000;
/** The UI's code loads at the latest this long (ms) after the picture is drawn, painted or not. */
export const PAINT_WAIT_MS = 200;

let uiLoading = false;
// Whatever goes wrong here, the UI still loads and says so (its error boundaries and banner).
const loadUi = () => {
  if (uiLoading) return;
  uiLoading = true;
  import("./boot")
    .then(() => {
      if (firstPicture) afterState(() => setTimeout(removePrepaint, UI_DRAW_WAIT_MS));
    })
    .catch((e: unknown) => {
      // The UI's code did not load (offline before it was cached, or a new build replaced its files):
      // no picture of a cluster that cannot be used, and words saying what to do.
      console.error(e);
      if (typeof document === "undefined") return;
      removePrepaint();
      const p = document.createElement("p");
      p.setAttribute("role", "alert");
      p.className = "load-failed";
      p.textContent = "ClusterScope could not load its controls. Check the connection and reload the page.";
      document.getElementById("root")?.append(p);
    });
};

/** Runs `fn` once, as soon as the app's store is as `when` says (at once if it is). */
function once(when: (s: ClusterState) => boolean, fn: (s: ClusterState) => void): void {
  const store = clusterStore();
  if (when(store.getState())) return fn(store.getState());
  const stop = store.subscribe((s) => {
    if (!when(s)) return;
    stop();
    fn(s);
  });
}

/** Runs `fn` once the app's store has the moment's state, or has failed (at once if it has). */
const afterState = (fn: () => void) => once((s) => s.hydrated || !!s.error, fn);

// Browsers without `prefetch` (Safari): fetch the UI's chunks with `modulepreload` instead, so they still
// download while the simulation starts (they are compiled then too, which prefetch avoids).
if (typeof document !== "undefined" && !document.createElement("link").relList?.supports?.("prefetch")) {
  for (const l of document.querySelectorAll<HTMLLinkElement>('link[rel="prefetch"]')) {
    const m = document.createElement("link");
    m.rel = "modulepreload";
    m.href = l.href;
    m.crossOrigin = "";
    document.head.append(m);
  }
}

const link = parseUrlMoment(location.search);
listenEarly(allowedOrigins(link.origins, location.origin));
// The start state's or a lesson step's picture, shipped with the build (./bridge/shipped.ts): a first
// visit draws it while the worker starts and replays the moment. Not in the dev server, nor in the
// single-file build (which has none), nor from disk.
const shipped =
  typeof document !== "undefined" && !import.meta.env.DEV && import.meta.env.MODE !== "single" && location.protocol !== "file:" && typeof __CLUSTERSCOPE_BUILD__ === "string"
    ? fetchShippedPicture(link, document.baseURI, __CLUSTERSCOPE_BUILD__)
    : Promise.resolve(null);

// The link's own picture of its moment (`pic=`, ./canvas/linkPicture.ts), as "Copy link to this moment"
// adds it: a moment of its own has no shipped picture, and a first visit has none kept. Decoded while
// the worker starts; drawn unless a picture is already up.
const linkPicture = link.picture ? decodeLinkPicture(link.picture, pictureKey(link)) : Promise.resolve(null);

/** Draws the link's picture as the first picture (the UI waiting for `ready`), unless one is up. */
function drawLinkPicture(ready: Promise<unknown>): void {
  linkPicture
    .then((p) => {
      if (!p) return;
      if ("error" in p) return console.warn(`ClusterScope: the link's picture (pic=) is not drawn: ${p.error}.`);
      if (firstPicture || uiLoading || typeof requestAnimationFrame === "undefined") return;
      // Drawn from the link (`npm run bench:link` counts these).
      if (drawThenUi(p.facts, ready)) performance.mark("clusterscope-link-picture");
    })
    // Only a picture: the page goes on without it.
    .catch((e: unknown) => console.error(e));
}

// Embedded (`?embed=1`, or in any frame), the simulation does not play until the UI knows the page is
// shown (./embed/embed.ts pauses it while hidden): a frame loaded off-screen never runs unseen.
const embedded = link.embed === true || inFrame();
const hold = () => {
  if (embedded) holdWhileLoading(clusterStore());
};

/** The page's presentation settings, applied to the document before anything is drawn. */
function presentation() {
  const settings = appSettings().getState();
  applyPresentation(document.documentElement, {
    theme: settings.theme,
    largeText: settings.largeText,
    reduced: settings.reducedMotion || settings.systemReducedMotion,
    embed: settings.embed,
  });
  return settings;
}

/** The first picture on the page, once drawn; and the function that stops waiting for the live canvas to replace it. */
let firstPicture: { el: HTMLElement; stopWaiting: () => void } | null = null;

/**
 * Draws `state` (records, or a picture's facts) as the first picture, then loads the UI once that
 * frame is painted and `ready` has settled (a lesson link's step has been opened: the UI must not
 * create the store first). `performance.mark("clusterscope-first-picture")` times it (`npm run
 * bench:ui`, `bench:link`). False when there was nothing to draw.
 */
function drawThenUi(state: PrepaintState | PictureFacts, ready: Promise<unknown>): boolean {
  const settings = presentation();
  let el: HTMLElement | null = null;
  try {
    el = showPrepaint(
      // A lesson's link: the live canvas will have its "Zoom to step" button.
      link.lesson ? { ...state, stepZoom: settings.stepZoom } : state,
      canvasInsets({
        embed: settings.embed,
        controls: settings.controls,
        lesson: !!link.lesson && !settings.embed,
        largeText: settings.largeText,
        width: innerWidth,
        reduced: settings.reducedMotion || settings.systemReducedMotion,
      }),
    );
  } catch (e) {
    // Only a picture: the UI draws the cluster anyway.
    console.error(e);
  }
  if (!el) return false;
  firstPicture = { el, stopWaiting: removeWhenLiveDrawn() };
  const load = () => void ready.finally(loadUi);
  // A task queued from an animation frame callback runs after that frame is painted. A frame that is
  // not rendered (display:none, off-screen) may get no animation frames: the UI loads anyway.
  const fallback = setTimeout(load, PAINT_WAIT_MS);
  requestAnimationFrame(() =>
    setTimeout(() => {
      clearTimeout(fallback);
      if (uiLoading) return;
      performance.mark("clusterscope-first-picture");
      load();
    }, 0),
  );
  return true;
}

/**
 * Draws the first state as a picture as soon as it is in (unless a lesson step's shipped picture is
 * already up), then loads the UI once that frame is painted.
 */
function firstPictureThenUi(): void {
  // No page to draw on (a test's bare environment): the UI alone.
  if (typeof document === "undefined" || typeof requestAnimationFrame === "undefined") return loadUi();
  presentation();
  const store = clusterStore();
  // When the moment's state is in the store (`npm run bench:link`), whatever picture came first.
  if (!performance.getEntriesByName("clusterscope-state").length) once((s) => s.hydrated, () => performance.mark("clusterscope-state"));
  // The simulation failed: the UI says so, over no picture of a state that is gone, whichever picture is
  // up (one drawn from the link may be up before the UI and the state). Watched until the picture is
  // gone, or none will come.
  once(
    (s) => !!s.error || (firstPicture ? !firstPicture.el.isConnected : uiLoading),
    (s) => {
      if (!s.error || !firstPicture) return;
      firstPicture.stopWaiting();
      removePrepaint();
    },
  );
  let unsubscribe = () => {};
  const timer = setTimeout(() => {
    unsubscribe();
    loadUi();
  }, UI_WAIT_MS);
  const look = (s: ClusterState) => {
    if (uiLoading) return unsubscribe();
    if (!s.hydrated && !s.error && !firstPicture) return;
    unsubscribe();
    clearTimeout(timer);
    if (!firstPicture && (s.error || !drawThenUi({ machines: s.machines, components: s.components, objects: s.objects, time: s.clock.time }, Promise.resolve()))) loadUi();
  };
  unsubscribe = store.subscribe(look);
  look(store.getState());
}

/** The first picture, then the UI; whatever goes wrong, the UI still loads. */
const startUi = () => {
  try {
    firstPictureThenUi();
  } catch (e) {
    console.error(e);
    loadUi();
  }
};

if (link.lesson) {
  const { lesson, step } = link;
  const opened = import("./lessonLink")
    .then((m) => m.openLinkedLesson(lesson, step ?? 1))
    .then(hold)
    .catch((e: unknown) => {
      console.error(e);
      // The step did not open: no picture of it over what the page shows instead.
      if (firstPicture) {
        firstPicture.stopWaiting();
        removePrepaint();
      }
    });
  // A copied link's own picture (no picture is shipped for a moment of its own), the UI waiting for the step.
  drawLinkPicture(opened);
  // The step's shipped picture usually comes before the lessons' code has opened the step: drawn at
  // once (it is the moment the step opens at, src/bridge/shipped.ts), the UI waiting for the step.
  void shipped.then((p) => {
    if (!p || firstPicture || uiLoading || typeof requestAnimationFrame === "undefined") return;
    performance.mark("clusterscope-state");
    try {
      const h = JSON.parse(p.json) as HydrateMessage;
      drawThenUi({ ...hydrateSlices(h), time: h.time }, opened);
    } catch (e) {
      console.error(e);
    }
  });
  void opened.finally(startUi);
} else {
  drawLinkPicture(Promise.resolve());
  try {
    clusterStore();
    hold();
  } finally {
    startUi();
  }
}
