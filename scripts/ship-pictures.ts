/**
 * The pictures shipped with the build (src/bridge/shipped.ts): the start state's and every lesson step's
 * (a link's moment), made with the page's own store code, which decides the init each link sends, and
 * the worker's Session, which answers it. vite.config.ts runs this file (`tsx scripts/ship-pictures.ts <build id>`
 * prints them as JSON) and writes them into the build; a unit test (src/bridge/shipped.test.ts) checks
 * what they hold.
 */
import { pathToFileURL } from "node:url";
import type { SimConnection } from "../src/bridge/client";
import { pictureJson, type InitMessage } from "../src/bridge/momentCache";
import type { HydrateMessage, PageMessage } from "../src/bridge/protocol";
import { Session } from "../src/bridge/session";
import { shippedPictureFile, shippedPicturePath } from "../src/bridge/shipped";
import { LESSONS } from "../src/lessons";
import type { Lesson } from "../src/lessons/types";
import { createLessonStore } from "../src/store/lesson";
import { createClusterStore } from "../src/store/store";
import { parseUrlMoment } from "../src/store/url";
import { hydrateSlices } from "../src/store/apply";
import { pictureFacts } from "../src/canvas/prepaint";
import { encodeLinkPicture, pictureKey } from "../src/canvas/linkPicture";

export interface ShippedFile {
  /** `start`, or `<lesson>-<step>` (src/bridge/shipped.ts, `shippedPictureName`). */
  name: string;
  init: InitMessage;
  /** The file's text: key, newline, picture. */
  file: string;
}

/** The hydrate a fresh worker sends in answer to `init` (the engine's clock is the only one that matters). */
export function answer(init: InitMessage): HydrateMessage {
  let hydrate: HydrateMessage | null = null;
  const session = new Session({
    now: () => 0,
    post: (m) => {
      if (m.type === "hydrate" && !hydrate) hydrate = m;
    },
    setTimer: () => () => {},
  });
  session.receive(init);
  session.dispose();
  if (!hydrate) throw new Error(`ship-pictures: the session did not answer the init for ${JSON.stringify(init).slice(0, 200)}`);
  return hydrate;
}

/** A connection that only notes the inits a store sends. */
function recorder(): SimConnection & { inits: InitMessage[] } {
  const inits: InitMessage[] = [];
  return {
    inits,
    send: (m: PageMessage) => {
      if (m.type === "init") inits.push(m);
    },
    subscribe: () => () => {},
    restart: () => {},
  };
}

/** The init the page sends for a link: the start state's, or a lesson step's (null when it sends none, an unplanned lesson). */
export function initFor(link: { lesson: Lesson; step: number } | "start", lessons: readonly Lesson[] = LESSONS): InitMessage | null {
  const conn = recorder();
  if (link === "start") {
    createClusterStore(conn, { start: true, moment: parseUrlMoment("") });
  } else {
    // A lesson without a stored plan is planned by the page in a worker: this planner never answers, so it ships nothing.
    const cluster = createClusterStore(conn, { start: false, moment: parseUrlMoment("") });
    createLessonStore(cluster, { planner: recorder, lessons }).getState().open(link.lesson.id, link.step);
  }
  return conn.inits.at(-1) ?? null;
}

/** The init the page sends for a link that opens no lesson (`?seed=7&t=5m…`). */
export function initForQuery(query: string): InitMessage {
  const conn = recorder();
  createClusterStore(conn, { start: true, moment: parseUrlMoment(query) });
  const init = conn.inits.at(-1);
  if (!init) throw new Error(`ship-pictures: no init for ${query}`);
  return init;
}

/**
 * `pic=` for a link that opens no lesson, as "Copy link to this moment" makes it on a page paused at
 * the link's moment (src/ui/presenter.ts): the benchmark's links carry one (`npm run bench:link`).
 */
export async function linkPictureFor(query: string): Promise<string> {
  const h = answer(initForQuery(query));
  const moment = parseUrlMoment(query);
  const facts = pictureFacts({ ...hydrateSlices(h), time: moment.time ?? h.time });
  const pic = facts && (await encodeLinkPicture(facts, pictureKey(moment)));
  if (!pic) throw new Error(`ship-pictures: no picture for ${query}`);
  return pic;
}

/** Every picture the build ships. */
export function shipPictures(lessons: readonly Lesson[] = LESSONS): ShippedFile[] {
  const out: ShippedFile[] = [];
  const add = (name: string, init: InitMessage | null) => {
    if (init) out.push({ name, init, file: shippedPictureFile(init, pictureJson(answer(init))) });
  };
  add("start", initFor("start"));
  for (const lesson of lessons) for (let step = 1; step <= lesson.steps.length; step++) add(`${lesson.id}-${step}`, initFor({ lesson, step }, lessons));
  return out;
}

// Run as a script (`tsx scripts/ship-pictures.ts <build id>`): each file's path in the build and its text, as JSON on stdout.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const build = process.argv[2];
  if (!build || !/^[\w-]+$/.test(build)) throw new Error("usage: tsx scripts/ship-pictures.ts <build id>");
  process.stdout.write(JSON.stringify(shipPictures().map(({ name, file }) => ({ fileName: shippedPicturePath(build, name), file }))));
}
