/**
 * The moment cache: the picture of a moment (the `hydrate` that answered an `init`) kept in the
 * browser's localStorage, so that opening the same link again shows its moment at once, while the
 * simulation replays to it behind the picture.
 *
 * Why: slides reload their iframes every time a slide is shown, and a link to five minutes into a
 * cluster's life costs the worker that many minutes of replay before it can answer. The engine is
 * deterministic, so the same build, seed, topology, action log, time, speed and pacing always give the
 * same hydrate: the kept one is what the simulation is about to send. The client (src/bridge/client.ts)
 * shows it, drops whatever the simulation sends for older states until the live hydrate arrives, and
 * compares that one with the kept picture: the same, it is not delivered again (the page already shows
 * it); different, it is delivered, warned about on the console and kept instead (a difference would
 * mean a determinism bug, or a stale build id).
 *
 * Entries are keyed by the build (`__CLUSTERSCOPE_BUILD__`, a hash of the sources, vite.config.ts), so a
 * new build never shows an old build's picture. At most MAX_MOMENTS entries of at most MAX_MOMENT_CHARS
 * each are kept, the least recently used going first. Storage that is missing, full or forbidden
 * (sandboxed iframes, some file:// pages) just means no cache.
 */
import type { HydrateMessage, PageMessage } from "./protocol";

export type InitMessage = Extract<PageMessage, { type: "init" }>;

/** The little of the Web Storage API used here (tests pass a Map-backed one). */
export interface MomentStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
  readonly length: number;
  key(index: number): string | null;
}

/** How many moments are kept. */
export const MAX_MOMENTS = 8;
/** A hydrate longer than this (in JSON characters) is not kept: about a 20-worker cluster with 100 pods. */
export const MAX_MOMENT_CHARS = 400_000;

const PREFIX = "clusterscope.moment.";
/** The kept entries' storage keys, least recently used first. */
const INDEX = "clusterscope.moments";

/** What putting a live hydrate did. */
export type PutResult = "stored" | "same" | "differed" | "skipped";

/** 32-bit FNV-1a, as 8 hex digits: a short storage key (the full key is checked on reading). */
export function fnv1a(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, "0");
}

/**
 * The key of the moment an init asks for, in `build` (src/bridge/shipped.ts passes none: its pictures
 * come with the build), or null when it must not be kept: benchmark runs, and inits without a speed or
 * pacing (the session would keep its previous ones, which are part of the picture; the page's store
 * always sends both).
 */
export function momentKey(init: InitMessage, build = ""): string | null {
  if (init.bench || init.speed === undefined || init.autoPace === undefined) return null;
  return JSON.stringify([build, init.version, init.seed, init.topology, init.actions, init.time ?? 0, init.speed, init.autoPace]);
}

/** The hydrate as kept, as JSON: without the fields that belong to one delivery. */
export function pictureJson(h: HydrateMessage): string {
  const { ref: _ref, cached: _cached, bytes: _bytes, answered: _answered, ...rest } = h;
  return JSON.stringify(rest);
}

export class MomentCache {
  constructor(
    private readonly storage: MomentStorage,
    private readonly build: string,
    private readonly limits = { entries: MAX_MOMENTS, chars: MAX_MOMENT_CHARS },
  ) {}

  /**
   * The page's cache: localStorage, keyed by this build. Null where there is none to use: in the dev
   * server and unit tests (the sources change under them), without a build id, or when storage is
   * unavailable.
   */
  static forPage(): MomentCache | null {
    if (import.meta.env?.DEV) return null;
    const build = typeof __CLUSTERSCOPE_BUILD__ === "string" ? __CLUSTERSCOPE_BUILD__ : "";
    if (!build) return null;
    try {
      const s = globalThis.localStorage;
      if (!s) return null;
      // Reading can throw (storage disabled, sandboxed iframes): find out now, not on every open.
      s.getItem(INDEX);
      return new MomentCache(s, build);
    } catch {
      return null;
    }
  }

  /** The full key of the moment an init asks for in this build (`momentKey`), or null when it must not be cached. */
  keyOf(init: InitMessage): string | null {
    return momentKey(init, this.build);
  }

  /** The kept picture of the moment `init` asks for (and its JSON, to compare the live one with), or null. */
  get(init: InitMessage): { hydrate: HydrateMessage; json: string } | null {
    const key = this.keyOf(init);
    return key === null ? null : this.getByKey(key);
  }

  /** `get` for a key already made with `keyOf`. */
  getByKey(key: string): { hydrate: HydrateMessage; json: string } | null {
    const slot = this.slotOf(key);
    const json = this.read(slot, key);
    if (json === null) return null;
    try {
      const h = JSON.parse(json) as HydrateMessage;
      if (h.type !== "hydrate") return null;
      this.touch(slot);
      return { hydrate: h, json };
    } catch {
      this.remove(slot);
      return null;
    }
  }

  /** Keeps the live hydrate that answered `init` (`json`: its pictureJson, if already made); says whether it matched the kept one. */
  put(init: InitMessage, live: HydrateMessage, json = pictureJson(live)): PutResult {
    const key = this.keyOf(init);
    if (key === null) return "skipped";
    if (json.length > this.limits.chars) return "skipped";
    const slot = this.slotOf(key);
    const kept = this.read(slot, key);
    if (kept === json) {
      this.touch(slot);
      return "same";
    }
    const written = this.write(slot, `${key}\n${json}`);
    return kept !== null ? "differed" : written ? "stored" : "skipped";
  }

  private slotOf(key: string): string {
    return `${PREFIX}${fnv1a(key)}.${key.length}`;
  }

  /** The kept JSON under `slot` if it is `key`'s (not another key with the same hash). */
  private read(slot: string, key: string): string | null {
    let v: string | null;
    try {
      v = this.storage.getItem(slot);
    } catch {
      return null;
    }
    if (v === null) return null;
    const nl = v.indexOf("\n");
    return nl >= 0 && v.slice(0, nl) === key ? v.slice(nl + 1) : null;
  }

  private index(): string[] {
    try {
      const v = JSON.parse(this.storage.getItem(INDEX) ?? "[]") as unknown;
      return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string" && x.startsWith(PREFIX)) : [];
    } catch {
      return [];
    }
  }

  private saveIndex(slots: string[]): void {
    try {
      this.storage.setItem(INDEX, JSON.stringify(slots));
    } catch {
      // Full: the entries are still readable; the order is lost.
    }
  }

  /** Marks `slot` as the most recently used. */
  private touch(slot: string): void {
    const slots = this.index().filter((s) => s !== slot);
    slots.push(slot);
    this.saveIndex(slots);
  }

  private remove(slot: string): void {
    try {
      this.storage.removeItem(slot);
    } catch {
      // Nothing to do.
    }
    this.saveIndex(this.index().filter((s) => s !== slot));
  }

  /**
   * Writes an entry, dropping the least recently used ones over the limit or when storage is full; then
   * any entry the index lost track of (another window rewrote it, or it could not be saved). False if
   * even that left no room.
   */
  private write(slot: string, value: string): boolean {
    const slots = this.index().filter((s) => s !== slot);
    while (slots.length >= this.limits.entries) this.drop(slots.shift()!);
    let strays: string[] | null = null;
    for (;;) {
      try {
        this.storage.setItem(slot, value);
        break;
      } catch {
        // Full (QuotaExceededError): make room, oldest first.
        const oldest = slots.shift();
        if (oldest !== undefined) {
          this.drop(oldest);
          continue;
        }
        strays ??= this.allSlots().filter((s) => s !== slot);
        const stray = strays.shift();
        if (stray === undefined) {
          this.saveIndex(slots);
          return false;
        }
        this.drop(stray);
      }
    }
    slots.push(slot);
    this.saveIndex(slots);
    return true;
  }

  /** Every entry in the storage, indexed or not. */
  private allSlots(): string[] {
    const out: string[] = [];
    try {
      for (let i = 0; i < this.storage.length; i++) {
        const k = this.storage.key(i);
        if (k !== null && k.startsWith(PREFIX)) out.push(k);
      }
    } catch {
      // Unreadable: nothing more to drop.
    }
    return out;
  }

  private drop(slot: string): void {
    try {
      this.storage.removeItem(slot);
    } catch {
      // Nothing to do.
    }
  }
}
