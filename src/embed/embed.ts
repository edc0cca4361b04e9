/**
 * Wires the postMessage API (src/embed/messages.ts) to the page: listens for the host page's calls,
 * answers them, tells the host `ready` (the first cluster is in) and `stepchanged`, passes the host's
 * clicker keys on (PageUp, PageDown, `.`, `b`: a host never sees an iframe's key events), and pauses
 * the simulation while the page is hidden or scrolled out of view (a slide not shown).
 */
import { onLessonControls } from "../store/lessonControls";
import { whenClusterDrawn } from "../store/benchProbe";
import { useCluster } from "../store/store";
import * as presenter from "../ui/presenter";
import { allowedOrigins, event, handleMessage, revealCallForKey, targetOrigins, type EmbedApi } from "./messages";

const api: EmbedApi<presenter.PresenterState> = {
  next: presenter.next,
  prev: presenter.prev,
  goto: presenter.goto,
  reset: presenter.reset,
  play: presenter.play,
  pause: presenter.pause,
  getState: presenter.presenterState,
};

function allowed(): string[] {
  return allowedOrigins(presenter.openedMoment().origins, location.origin);
}

function embedded(): boolean {
  try {
    return window.parent !== window;
  } catch {
    return true;
  }
}

/** Posts to the parent page, to each allowed origin (a foreign parent gets nothing). */
function toParent(message: unknown): void {
  if (!embedded()) return;
  const data = typeof message === "string" ? message : JSON.stringify(message);
  for (const origin of targetOrigins(allowed())) {
    try {
      window.parent.postMessage(data, origin);
    } catch {
      // A malformed origin in the list: skip it.
    }
  }
}

/** Passes a clicker key pressed inside the embed on to the host: our `keydown` event and reveal.js's own call. */
export function forwardKey(e: { key: string; code: string; shiftKey: boolean }): void {
  toParent(event("keydown", presenter.presenterState(), { key: e.key, code: e.code, shiftKey: e.shiftKey }));
  const reveal = revealCallForKey(e.key);
  if (reveal) toParent(reveal);
}

/** Starts the API; returns the function that stops it. */
export function startEmbed({ pauseWhenHidden }: { pauseWhenHidden: boolean }): () => void {
  const stops: (() => void)[] = [];

  const onMessage = (e: MessageEvent) => {
    const reply = handleMessage({ origin: e.origin, data: e.data }, allowed(), api);
    if (!reply || !e.source) return;
    (e.source as WindowProxy).postMessage(JSON.stringify(reply), e.origin === "null" ? "*" : e.origin);
  };
  window.addEventListener("message", onMessage);
  stops.push(() => window.removeEventListener("message", onMessage));

  // `ready` once the first cluster is in. The marks time a link's opening (`npm run bench:link`):
  // `clusterscope-moment` when the moment's state is in the store, `clusterscope-moment-drawn` once the
  // canvas shows it and that frame is painted.
  const announceReady = () => {
    performance.mark("clusterscope-moment");
    if (typeof requestAnimationFrame !== "undefined") stops.push(whenClusterDrawn(() => {}, () => performance.mark("clusterscope-moment-drawn")));
    toParent(event("ready", presenter.presenterState()));
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

  // `stepchanged`: after the presenter's steps, and the lesson's own (its Next and Back buttons).
  const changed = () => queueMicrotask(() => toParent(event("stepchanged", presenter.presenterState())));
  stops.push(presenter.onPresenterStep(changed));
  let unsubLesson: (() => void) | null = null;
  stops.push(
    onLessonControls((c) => {
      unsubLesson?.();
      unsubLesson = c ? c.subscribe(changed) : null;
    }),
  );
  stops.push(() => unsubLesson?.());

  if (pauseWhenHidden) stops.push(pauseWhileHidden());
  return () => stops.forEach((s) => s());
}

/**
 * Pauses while the page is hidden (another tab, a minimised window) or out of view (a slide not
 * shown: reveal.js hides it, or the host scrolled it away), and plays again when it comes back if it
 * was playing when it went.
 */
function pauseWhileHidden(): () => void {
  let pausedByUs = false;
  let hiddenTab = document.visibilityState === "hidden";
  let outOfView = false;
  const update = () => {
    const hidden = hiddenTab || outOfView;
    const s = useCluster.getState();
    if (hidden && s.playback.playing) {
      pausedByUs = true;
      s.pause();
    } else if (!hidden && pausedByUs) {
      pausedByUs = false;
      s.play();
    }
  };
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
    document.removeEventListener("visibilitychange", onVisibility);
    io?.disconnect();
  };
}
