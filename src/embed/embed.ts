/**
 * Wires the postMessage API (src/embed/messages.ts) to the page: answers the host page's calls (the
 * listener itself starts early, in src/main.tsx: src/embed/early.ts), tells the host `ready` (the first
 * cluster is in) and `stepchanged`, passes the host's clicker keys on (PageUp, PageDown, `.`, `b`: a
 * host never sees an iframe's key events) or acts on them itself when no parent hears them, and pauses
 * the simulation while the page is hidden or scrolled out of view (a slide not shown).
 */
import { inLesson, lessonControls, onLessonControls } from "../store/lessonControls";
import { whenClusterDrawn } from "../store/benchProbe";
import { appSettings } from "../store/settings";
import { useCluster } from "../store/store";
import * as presenter from "../ui/presenter";
import { inFrame, listenEarly, type InMessage } from "./early";
import { HiddenPause, takeHold, watchStore } from "./hiddenPause";
import { blankKeyToggle, isBlankKey, localKeyAction, parentHears, referrerOrigin } from "./keys";
import { allowedOrigins, event, handleMessage, parentTargets, revealCallForKey, type EmbedApi } from "./messages";
import { stepChangedEmitter } from "./stepChanged";

/** `ready` goes at the latest this long (ms) after the first cluster is in, answered or not. */
const READY_WAIT_MS = 15_000;

/** While the page pauses itself when hidden: told before each call from outside (src/embed/hiddenPause.ts). */
let hiddenPause: HiddenPause | null = null;
const outside =
  <A extends unknown[], R>(fn: (...args: A) => R) =>
  (...args: A): R => {
    hiddenPause?.beforeCall();
    return fn(...args);
  };

const gotoOutside = outside(presenter.goto);
const api: EmbedApi<presenter.PresenterState> = {
  next: outside(presenter.next),
  prev: outside(presenter.prev),
  // A goto that goes nowhere (no lesson, no such step) changes nothing, the intent to play included.
  goto: (n: number) => presenter.canGoto(n) && gotoOutside(n),
  whyNoGoto: (n: number) => {
    const lesson = lessonControls();
    if (!lesson || !inLesson()) return "goto: no lesson is open (goto moves between a lesson's steps; next and prev step the simulation)";
    return `goto: there is no step ${n}; the lesson "${lesson.lessonId()}" has steps 1 to ${lesson.stepCount()}`;
  },
  reset: outside(presenter.reset),
  play: outside(presenter.play),
  pause: outside(presenter.pause),
  getState: presenter.presenterState,
};

function allowed(): string[] {
  return allowedOrigins(presenter.openedMoment().origins, location.origin);
}

/** Posts to the parent page, to each allowed origin (a foreign parent gets nothing). */
function toParent(message: unknown): void {
  if (!inFrame()) return;
  const data = typeof message === "string" ? message : JSON.stringify(message);
  for (const origin of parentTargets(allowed(), parentOrigin())) {
    try {
      window.parent.postMessage(data, origin);
    } catch {
      // A malformed origin in the list: skip it.
    }
  }
}

/** The parent's origin as far as the page can tell (src/embed/keys.ts), null when it cannot. */
function parentOrigin(): string | null {
  const ancestors = (location as Location & { ancestorOrigins?: DOMStringList }).ancestorOrigins;
  if (ancestors && ancestors.length > 0) return ancestors[0];
  return referrerOrigin(document.referrer);
}

/**
 * A clicker key pressed inside the embed (PageUp, PageDown, `.`, `b`): passed on to the host, as our
 * `keydown` event and reveal.js's own call; or, when no parent hears it (opened top-level, or a parent
 * not in `origins=`), done here as the full page does.
 */
export function forwardKey(
  e: { key: string; code: string; shiftKey: boolean; ctrlKey: boolean; metaKey: boolean; altKey: boolean; target: EventTarget | null } & { preventDefault?(): void },
): void {
  if (!parentHears({ embedded: inFrame(), origin: inFrame() ? parentOrigin() : null }, allowed())) {
    const action = localKeyAction(e, { singleKeys: appSettings().getState().singleKeys, inLesson: inLesson() });
    if (!action) return;
    e.preventDefault?.();
    outside(presenter[action])();
    return;
  }
  // The host acts on it: the frame does not scroll as well (a host page that scrolls would carry the
  // slide out of view, which pauses it).
  e.preventDefault?.();
  toParent(event("keydown", presenter.presenterState(), { key: e.key, code: e.code, shiftKey: e.shiftKey }));
  const reveal = revealCallForKey(e.key);
  if (reveal) toParent(reveal);
  if (isBlankKey(e.key)) {
    // The host's screen goes black: the cluster pauses behind it, and plays again when it comes back.
    const toggle = blankKeyToggle(presenter.presenterState().playing, blankPaused);
    blankPaused = toggle.blankPaused;
    if (toggle.action) outside(presenter[toggle.action])();
  }
}

/** Whether the last blank key passed on to the host paused the cluster (src/embed/keys.ts). */
let blankPaused = false;

/** Starts the API; returns the function that stops it. */
export function startEmbed({ pauseWhenHidden }: { pauseWhenHidden: boolean }): () => void {
  const stops: (() => void)[] = [];

  // Pausing while hidden starts first, so that calls waiting since the page loaded (a `slide:start`
  // to a slide not shown yet) are already held back.
  if (pauseWhenHidden) stops.push(pauseWhileHidden());
  else {
    // Not to pause after all: a hold src/main.tsx started lets go (it plays if it kept it from playing).
    const hold = takeHold();
    hold?.pauser.setHidden(false);
    hold?.stop();
  }

  // The cluster as the host's events see it: not settled while a lesson is being planned (a link's other
  // seed: the step's cluster comes once its plan has).
  const planning = () => {
    const c = lessonControls();
    return !!c && inLesson() && c.planning();
  };
  const steady = (s: { clock: { time: number }; playback: { playing: boolean }; settled(): boolean | null }) => ({
    clock: s.clock,
    playback: s.playback,
    settled: () => (planning() ? false : s.settled()),
  });
  const steadyStore = {
    getState: () => steady(useCluster.getState()),
    subscribe: (listener: (s: ReturnType<typeof steady>) => void) => useCluster.subscribe((s) => listener(steady(s))),
  };

  // `ready` goes first: a `stepchanged` due before it (a call that waited while the page loaded) follows it.
  let readySent = false;
  let stepchangedHeld = false;
  const sendStepchanged = () => {
    if (!readySent) {
      stepchangedHeld = true;
      return;
    }
    toParent(event("stepchanged", presenter.presenterState()));
  };

  // `stepchanged`: after the presenter's steps, and the lesson's own (its Next and Back buttons, its plan
  // done), once the step's state is on the page (src/embed/stepChanged.ts), so that its `state` is the
  // step's. Listened for before the calls that waited while the page loaded are run: a `next` sent on the
  // frame's load event is announced too.
  const emitter = stepChangedEmitter(steadyStore, sendStepchanged);
  const changed = emitter.changed;
  stops.push(emitter.stop);
  stops.push(presenter.onPresenterStep(changed));
  let unsubLesson: (() => void) | null = null;
  stops.push(
    onLessonControls((c) => {
      unsubLesson?.();
      unsubLesson = c ? c.subscribe(changed) : null;
    }),
  );
  stops.push(() => unsubLesson?.());

  // The host's calls: those that came while the UI loaded first, in order, then the later ones.
  let stopped = false;
  const onMessage = (e: InMessage) => {
    if (stopped) return;
    const reply = handleMessage({ origin: e.origin, data: e.data }, allowed(), api);
    if (!reply || !e.source) return;
    (e.source as WindowProxy).postMessage(JSON.stringify(reply), e.origin === "null" ? "*" : e.origin);
  };
  // The queue src/main.tsx started (it keeps the origins it was started with), or a new one.
  listenEarly(allowed()).take(onMessage);
  stops.push(() => void (stopped = true));

  // `ready` once the first cluster is in, and the simulation has answered what the page asked of it
  // meanwhile (calls that waited while the page loaded: a `next` on the frame's load event; a lesson's
  // plan), so that its state is one state; at the latest after READY_WAIT_MS, or when the simulation
  // fails. The marks time a link's opening (`npm run bench:link`): `clusterscope-moment` when the
  // moment's state is in the store, `clusterscope-moment-drawn` once the canvas shows it and that frame
  // is painted.
  const announceReady = () => {
    performance.mark("clusterscope-moment");
    if (typeof requestAnimationFrame !== "undefined") stops.push(whenClusterDrawn(() => {}, () => performance.mark("clusterscope-moment-drawn")));
    let unsub = () => {};
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tell = () => {
      if (readySent) return;
      unsub();
      clearTimeout(timer);
      readySent = true;
      toParent(event("ready", presenter.presenterState()));
      if (stepchangedHeld) {
        stepchangedHeld = false;
        sendStepchanged();
      }
    };
    const look = (): boolean => {
      if (steadyStore.getState().settled() === false && useCluster.getState().error === null) return false;
      tell();
      return true;
    };
    if (look()) return;
    unsub = useCluster.subscribe(() => void look());
    timer = setTimeout(tell, READY_WAIT_MS);
    stops.push(() => {
      unsub();
      clearTimeout(timer);
    });
  };
  if (useCluster.getState().hydrated) announceReady();
  else {
    const unsub = useCluster.subscribe((s) => {
      if (!s.hydrated) return;
      unsub();
      announceReady();
    });
    stops.push(unsub);
  }

  return () => stops.forEach((s) => s());
}

/**
 * Pauses while the page is hidden (another tab, a minimised window) or out of view (a slide not
 * shown: reveal.js hides it, or the host scrolled it away), and plays when it is shown if it was
 * playing, or was asked to play, while hidden (src/embed/hiddenPause.ts says what a call while hidden
 * does). Until the IntersectionObserver's first report the page counts as out of view: a frame that is
 * loaded hidden (reveal.js preloads the next slides' frames) never plays, and one that is shown plays
 * a frame later.
 */
function pauseWhileHidden(): () => void {
  let hiddenTab = document.visibilityState === "hidden";
  let outOfView = typeof IntersectionObserver === "function";
  // Adopt the hold src/main.tsx started while the UI loaded, if any: what it kept from playing, it remembers.
  const { pauser, stop: unsubStore } = takeHold() ?? watchStore(useCluster, hiddenTab || outOfView);
  const update = () => pauser.setHidden(hiddenTab || outOfView);
  update();
  hiddenPause = pauser;
  const onVisibility = () => {
    hiddenTab = document.visibilityState === "hidden";
    update();
  };
  document.addEventListener("visibilitychange", onVisibility);
  let io: IntersectionObserver | null = null;
  if (typeof IntersectionObserver === "function") {
    io = new IntersectionObserver((entries) => {
      const entry = entries[entries.length - 1];
      outOfView = !entry.isIntersecting;
      update();
    });
    io.observe(document.documentElement);
  }
  return () => {
    unsubStore();
    document.removeEventListener("visibilitychange", onVisibility);
    io?.disconnect();
    if (hiddenPause === pauser) hiddenPause = null;
  };
}
