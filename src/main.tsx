/**
 * The page's entry, kept small on purpose. The built index.html has already started the simulation's
 * worker (vite.config.ts, `earlyStart`); this sends it the link's moment first, so the worker replays it
 * while the page's UI code (./boot.tsx: React, the canvas) is still loading and starting. That overlap
 * is most of why a link opens fast.
 *
 * A link to a lesson's step loads the lessons (./lessonLink.ts) and opens the step's moment straight
 * away from the lesson's stored plan, not the start state first.
 *
 * The host page's messages (the embed's postMessage API) are listened for from here on, before any of
 * that: reveal.js posts `slide:start` on the iframe's load event, long before ./boot.tsx is in. The
 * calls wait (./embed/early.ts) and run in order once the API starts (./embed/embed.ts).
 */
import { inFrame, listenEarly } from "./embed/early";
import { holdWhileLoading } from "./embed/hiddenPause";
import { allowedOrigins } from "./embed/messages";
import { clusterStore } from "./store/store";
import { parseUrlMoment } from "./store/url";

// Whatever goes wrong here, the UI still loads and says so (its error boundaries and banner).
const loadUi = () => void import("./boot");

const link = parseUrlMoment(location.search);
listenEarly(allowedOrigins(link.origins, location.origin));

// Embedded (`?embed=1`, or in any frame), the simulation does not play until the UI knows the page is
// shown (./embed/embed.ts pauses it while hidden): a frame loaded off-screen never runs unseen.
const embedded = link.embed === true || inFrame();
const hold = () => {
  if (embedded) holdWhileLoading(clusterStore());
};
if (link.lesson) {
  const { lesson, step } = link;
  import("./lessonLink")
    .then((m) => m.openLinkedLesson(lesson, step ?? 1))
    .then(hold)
    .catch((e: unknown) => console.error(e))
    .finally(loadUi);
} else {
  try {
    clusterStore();
    hold();
  } finally {
    loadUi();
  }
}
