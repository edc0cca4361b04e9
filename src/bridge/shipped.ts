/**
 * Pictures shipped with the build: the start state's and every lesson step's, made when the app is built
 * (vite.config.ts, `shippedPictures`, with scripts/ship-pictures.ts) by the same engine and store code
 * the page runs.
 *
 * Why: the moment cache (./momentCache.ts) only helps a browser that has opened a link before. A
 * browser's very first visit would wait for the worker to start and replay the moment. These are the
 * links teachers put on slides most: the app itself and a lesson's step. The page fetches the link's
 * picture while the worker starts, and shows it as a kept picture while the simulation replays to it.
 * The client (./client.ts) compares the live hydrate with it as it does with the moment cache.
 *
 * A file is `<key>\n<picture JSON>`, where the key is `momentKey` of the init the page sends for that
 * link. A picture whose key is not the init's (a link with `speed=`, a different build's file) is
 * never shown. The files sit under the build's id, so an old build's file is never read.
 */
import { shippedPicturePath, takeEarlyFetch } from "./earlyFetch";
import { momentKey, type InitMessage } from "./momentCache";
import type { HydrateMessage } from "./protocol";
import type { UrlMoment } from "../store/url";

/** The shipped picture a link may have, by name (`start`, `worker-dies-4`), or null if it cannot have one. */
export function shippedPictureName(link: UrlMoment): string | null {
  // A moment of its own (another speed is one, and Auto-pace off: both are part of a picture): nothing was made for it.
  if (link.time !== undefined || link.actions !== undefined || link.speed !== undefined || link.autoPace === false || link.bench) return null;
  // src/store/url.ts has checked the lesson id and the step. A seed runs the lesson on it (src/lessonLink.ts): none was made for that.
  if (link.lesson !== undefined) return link.seed === undefined ? `${link.lesson}-${link.step ?? 1}` : null;
  return link.seed === undefined && link.topology === undefined ? "start" : null;
}

export { shippedPicturePath };

/** A picture's file: its key, a newline, the picture as `pictureJson` makes it. */
export function shippedPictureFile(init: InitMessage, pictureJson: string): string {
  const key = momentKey(init);
  if (key === null) throw new Error("shippedPictureFile: this init's moment cannot be kept");
  return `${key}\n${pictureJson}`;
}

/** A picture read from its file: its key and its JSON (parsed afresh for each use: the page keeps what it is given). */
export interface ShippedPicture {
  key: string;
  json: string;
}

/** Reads a picture's file; null if it is not one (an error page, a half-written file). */
export function parseShippedPicture(text: string): ShippedPicture | null {
  const nl = text.indexOf("\n");
  if (nl <= 0) return null;
  const key = text.slice(0, nl);
  const json = text.slice(nl + 1);
  try {
    const hydrate = JSON.parse(json) as HydrateMessage | null;
    if (hydrate?.type !== "hydrate") return null;
    return { key, json };
  } catch {
    return null;
  }
}

/** The pictures the page has fetched, by key; the client hears of each as it comes. */
export class ShippedPictures {
  private readonly byKey = new Map<string, ShippedPicture>();
  private readonly listeners = new Set<(p: ShippedPicture) => void>();

  add(p: ShippedPicture): void {
    this.byKey.set(p.key, p);
    for (const l of [...this.listeners]) l(p);
  }

  /** The picture of the moment `init` asks for, if it has come. */
  get(init: InitMessage): ShippedPicture | null {
    const key = momentKey(init);
    return key === null ? null : (this.byKey.get(key) ?? null);
  }

  onAdd(listener: (p: ShippedPicture) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/** The page's shipped pictures (src/main.tsx fetches into it, the app's client reads it). */
export const pagePictures = new ShippedPictures();

/**
 * Fetches the link's picture into `into` and returns it, if the build shipped one; null when there is
 * none, or the fetch fails (offline before it was cached, `file://`, the dev server).
 */
export async function fetchShippedPicture(link: UrlMoment, base: string, build: string, into = pagePictures): Promise<ShippedPicture | null> {
  const name = build ? shippedPictureName(link) : null;
  if (!name) return null;
  // Asked for already by index.html's inline script (./earlyFetch.ts), if it asked for this file.
  const early = takeEarlyFetch(name);
  if (!early && typeof fetch !== "function") return null;
  try {
    let text: string | null;
    if (early) text = await early;
    else {
      const res = await fetch(new URL(shippedPicturePath(build, name), base));
      text = res.ok ? await res.text() : null;
    }
    const p = text === null ? null : parseShippedPicture(text);
    if (!p) return null;
    into.add(p);
    return p;
  } catch {
    return null;
  }
}
