/**
 * Opening the page at a given moment: the URL's query parameters, read once at start-up by the app's
 * store (src/store/store.ts). A moment is (seed, topology, action log, time) (shared/ARCHITECTURE.md);
 * this reads the first three and the playback's speed and Auto-pace:
 *
 *     ?seed=7&topology=masters=3,workers=5&do=1s%20kubectl%20create%20deployment%20web%20--image%3Dnginx&speed=2
 *
 * - `seed=N`: the PRNG seed, 0 to 4294967295 (as `npm run sim -- --seed`).
 * - `topology=masters=M,workers=W`: as `parseTopology` reads it (either part may be left out).
 * - `do=TIME ACTION`, repeatable: one timed action line each, as `--do` and scripts read it (`30s stop node
 *   worker-2`). Given any valid `do`, they are the whole action log; without one, the start state's;
 *   `do=none` is an empty log.
 * - `speed=S`: 0.1 to 100.
 * - `pace=0`: Auto-pace off (`pace=1` on, the default): the playback bar's checkbox, which slows the
 *   clock while a message is on its way (src/bridge/pacing.ts).
 * - `t=TIME`: the sim time to open at (`83.456`, `83456ms`, `1m23s`; a bare number is seconds).
 * - `paused=1`: open paused at that time (a link copied while paused says so).
 * - `lesson=ID&step=N`: open lesson ID at step N (1-based); the lesson API does it (src/store/lessonControls.ts).
 * - `zoom=step`: in a lesson, the canvas zooms to the parts each step points at ("Zoom to step"); `zoom=fit`
 *   (the default) shows the whole cluster.
 * - `bench=1`: the benchmark's instrumentation (src/store/benchProbe.ts); not part of a moment.
 * - `pic=`: the moment's picture, as "Copy link to this moment" adds it (src/canvas/linkPicture.ts): drawn
 *   at once on a first visit while the simulation replays the moment; not part of the moment.
 *
 * And how to show it (not part of the moment; they override the saved settings without changing them):
 * `theme=light|dark|contrast`, `text=large`, `motion=reduced`, `embed=1` (no page chrome),
 * `controls=0` (in embed mode, no step bar), `keys=0` (no single-key shortcuts: Space, `.`, `b`, R, Z, ?;
 * for speech-input and switch users, and the only way to turn them off in an embed), `origins=https://a.example,https://b.example` (who may
 * drive the embed by postMessage, src/embed/messages.ts; `null` allows the null origin of file:// pages).
 *
 * A parameter that does not parse is ignored (the start state's value stays) and named in `ignored`;
 * the page warns once. Pure: no DOM, no store.
 */
import type { LoggedAction } from "../bridge/protocol";
import { parseTimedAction } from "../engine/kubectl/script";
import { parseDuration, type SimTime } from "../engine/time";
import { parseTopology, type Topology } from "../engine/topology";

export const MIN_URL_SPEED = 0.1;
export const MAX_URL_SPEED = 100;
export const MAX_SEED = 0xffffffff;
export const THEMES = ["light", "dark", "contrast"] as const;
export type Theme = (typeof THEMES)[number];

/** What the URL asked for: only the parameters that were given and valid are set. */
export interface UrlMoment {
  seed?: number;
  topology?: Topology;
  /** The action log, ordered by time (actions at the same time keep their order). */
  actions?: LoggedAction[];
  speed?: number;
  /** `pace=0`: Auto-pace off; `pace=1`: on. */
  autoPace?: boolean;
  /** `t=`: the sim time to open at. */
  time?: SimTime;
  /** `paused=1`: open paused. */
  paused?: boolean;
  /** `lesson=`: a lesson id, and `step=` (1-based, default 1). */
  lesson?: string;
  step?: number;
  theme?: Theme;
  largeText?: boolean;
  reducedMotion?: boolean;
  /** `embed=1`: just the canvas (and the step bar unless `controls=0`). */
  embed?: boolean;
  /** `controls=0` hides the embed's step bar. */
  controls?: boolean;
  /** `zoom=step`: the canvas zooms to the lesson step's parts ("Zoom to step"); `zoom=fit`: the whole cluster. */
  stepZoom?: boolean;
  /** `keys=0`: single-key shortcuts off (`keys=1` on), over the saved setting. */
  singleKeys?: boolean;
  /** `origins=`: who may drive the page by postMessage; `"null"` is the null origin, only when listed. */
  origins?: string[];
  /** `bench=1`: record frame costs for `npm run bench:ui`. */
  bench: boolean;
  /** `pic=`: the moment's picture as a link carries it (src/canvas/linkPicture.ts), checked only for its syntax here. */
  picture?: string;
  /** One entry per ignored parameter: `seed="x" (expected a whole number from 0 to 4294967295)`. */
  ignored: string[];
}

/** The parameters that take one value (`do=` may be given many times). */
const SINGLE_PARAMS = ["seed", "topology", "speed", "pace", "t", "paused", "lesson", "step", "theme", "text", "motion", "embed", "controls", "keys", "origins", "zoom", "pic"] as const;

/** The longest picture a link carries (chars of `pic=`): a larger cluster's link goes without one. */
export const MAX_PICTURE_CHARS = 8000;
/** The picture's format: a link made by a build with another format draws nothing from its picture. */
export const PICTURE_FORMAT = "1";
/** `pic=`'s syntax: the format, the moment's hash, the facts deflated in base64url (src/canvas/linkPicture.ts). */
export const PICTURE_PATTERN = new RegExp(`^${PICTURE_FORMAT}\\.[0-9a-f]{8}\\.[A-Za-z0-9_-]{1,${MAX_PICTURE_CHARS - `${PICTURE_FORMAT}.01234567.`.length}}$`);

/** Reads a query string (`location.search`, with or without the leading `?`). Never throws. */
export function parseUrlMoment(search: string): UrlMoment {
  const params = new URLSearchParams(search);
  const out: UrlMoment = { bench: params.get("bench") === "1", ignored: [] };
  const ignore = (name: string, value: string, why: string) => out.ignored.push(`${name}=${JSON.stringify(value)} (${why})`);
  /** A yes-or-no parameter: `1` (or given bare, `?embed`) or `0`; anything else is named and left out. */
  const flag = (name: string, meaning: string): boolean | undefined => {
    const v = params.get(name);
    if (v === null) return undefined;
    if (v === "1" || v === "") return true;
    if (v === "0") return false;
    ignore(name, v, `expected 1 (${meaning}) or 0`);
    return undefined;
  };
  // A parameter that takes one value, given twice: the first is used, the others named.
  for (const name of SINGLE_PARAMS) {
    const all = params.getAll(name);
    for (const extra of all.slice(1)) ignore(name, extra, `given ${all.length} times; the first, ${JSON.stringify(all[0])}, is used`);
  }

  const seed = params.get("seed");
  if (seed !== null) {
    const n = /^\d{1,10}$/.test(seed.trim()) ? Number(seed.trim()) : NaN;
    if (n >= 0 && n <= MAX_SEED) out.seed = n;
    else ignore("seed", seed, `expected a whole number from 0 to ${MAX_SEED}`);
  }

  const topology = params.get("topology");
  if (topology !== null) {
    const t = parseTopology(topology);
    if ("error" in t) ignore("topology", topology, t.error.replace(/^error: /, ""));
    else out.topology = t;
  }

  const actions: { a: LoggedAction; i: number }[] = [];
  const dos = params.getAll("do");
  // `do=none`: an empty action log (a timeline with nothing done on it).
  if (dos.length === 1 && dos[0].trim() === "none") out.actions = [];
  else dos.forEach((line, i) => {
    const r = parseTimedAction(line);
    if ("error" in r) return ignore("do", line, r.error.replace(/^error: /, ""));
    // The action as written, without its time: the log carries lines in the action language.
    actions.push({ a: { at: r.at, line: line.trim().replace(/^\S+\s*/, "") }, i });
  });
  if (actions.length) out.actions = actions.sort((x, y) => x.a.at - y.a.at || x.i - y.i).map((x) => x.a);

  const speed = params.get("speed");
  if (speed !== null) {
    const s = /^\s*\d+(\.\d+)?\s*$/.test(speed) ? Number(speed) : NaN;
    if (s >= MIN_URL_SPEED && s <= MAX_URL_SPEED) out.speed = s;
    else ignore("speed", speed, `expected a number from ${MIN_URL_SPEED} to ${MAX_URL_SPEED}`);
  }

  const pace = params.get("pace");
  if (pace !== null) {
    if (pace === "0" || pace === "1") out.autoPace = pace === "1";
    else ignore("pace", pace, "expected 0 (Auto-pace off) or 1 (on)");
  }

  const t = params.get("t");
  if (t !== null) {
    const ms = parseDuration(t);
    if (ms !== undefined && ms <= MAX_URL_TIME) out.time = ms;
    else ignore("t", t, "expected a sim time such as 83.456, 90s or 1m30s (at most 24h)");
  }
  const paused = flag("paused", "open paused");
  if (paused !== undefined) out.paused = paused;

  const lesson = params.get("lesson");
  if (lesson !== null) {
    if (/^[a-z0-9][a-z0-9-]{0,63}$/.test(lesson)) out.lesson = lesson;
    else ignore("lesson", lesson, "expected a lesson id such as worker-dies");
  }
  const step = params.get("step");
  if (step !== null) {
    const n = /^\d{1,4}$/.test(step.trim()) ? Number(step.trim()) : NaN;
    if (!(n >= 1)) ignore("step", step, "expected a step number from 1");
    else if (lesson === null) ignore("step", step, "a step of a lesson: give lesson= too");
    else out.step = n;
  }

  const theme = params.get("theme");
  if (theme !== null) {
    const name = theme === "high-contrast" ? "contrast" : theme;
    if ((THEMES as readonly string[]).includes(name)) out.theme = name as Theme;
    else ignore("theme", theme, `expected ${THEMES.join(", ")}`);
  }
  const text = params.get("text");
  if (text !== null) {
    if (text === "large" || text === "normal") out.largeText = text === "large";
    else ignore("text", text, "expected large or normal");
  }
  const motion = params.get("motion");
  if (motion !== null) {
    if (motion === "reduced" || motion === "full") out.reducedMotion = motion === "reduced";
    else ignore("motion", motion, "expected reduced or full");
  }
  const zoom = params.get("zoom");
  if (zoom !== null) {
    if (zoom !== "step" && zoom !== "fit") ignore("zoom", zoom, "expected step (zoom to the lesson step's parts) or fit");
    else if (zoom === "step" && params.get("lesson") === null) ignore("zoom", zoom, "zooms to a lesson step's parts: give lesson= too");
    // A lesson id that does not read is named for itself; no lesson opens, so neither does its zoom.
    else if (zoom === "fit" || out.lesson !== undefined) out.stepZoom = zoom === "step";
  }
  const embed = flag("embed", "embed mode");
  if (embed !== undefined) out.embed = embed;
  const controls = flag("controls", "the step bar");
  if (controls !== undefined) out.controls = controls;
  const keys = params.get("keys");
  if (keys !== null) {
    if (keys === "0" || keys === "1") out.singleKeys = keys === "1";
    else ignore("keys", keys, "expected 0 (single-key shortcuts off) or 1");
  }
  const origins = params.get("origins");
  if (origins !== null) {
    const list: string[] = [];
    for (const o of origins.split(",").map((x) => x.trim()).filter(Boolean)) {
      const origin = normalizeOrigin(o);
      if (origin) list.push(origin);
      else ignore("origins", o, "expected an origin such as https://slides.example.com, or null");
    }
    out.origins = list;
  }
  const pic = params.get("pic");
  if (pic !== null) {
    if (PICTURE_PATTERN.test(pic)) out.picture = pic;
    else ignore("pic", pic.length > 40 ? `${pic.slice(0, 40)}…` : pic, "expected the picture Copy link to this moment adds, whole");
  }
  return out;
}

/** The longest `t=` a link may ask for: opening replays the simulation up to it. */
export const MAX_URL_TIME: SimTime = 24 * 3600 * 1000;

/** `https://Slides.Example.com:443/deck` → `https://slides.example.com`; `null` stays `null`; anything else is null. */
export function normalizeOrigin(text: string): string | null {
  if (text === "null") return "null";
  try {
    const u = new URL(text);
    if (u.origin === "null") return null;
    return u.origin;
  } catch {
    return null;
  }
}

/** A sim time as a link writes it: whole seconds as `90s`, anything else exactly in ms (`83456ms`). */
export function formatLinkTime(ms: SimTime): string {
  const t = Math.max(0, Math.round(ms));
  return t % 1000 === 0 ? `${t / 1000}s` : `${t}ms`;
}

/** What a link to a moment carries (and how to show it). */
export interface LinkMoment {
  seed: number;
  topology: Topology;
  actions: readonly LoggedAction[];
  time: SimTime;
  speed: number;
  /** Auto-pace; only `false` is written (`pace=0`): on is the default. */
  autoPace?: boolean;
  paused: boolean;
  lesson?: { id: string; step: number } | null;
  theme?: Theme;
  largeText?: boolean;
  reducedMotion?: boolean;
  singleKeys?: boolean;
  embed?: boolean;
  controls?: boolean;
  origins?: readonly string[];
  /** In a lesson: "Zoom to step" is on (`zoom=step`). */
  stepZoom?: boolean;
  /** The moment's picture (`pic=`, src/canvas/linkPicture.ts), written last. */
  picture?: string;
}

/**
 * The query string (with `?`) that reopens `m` exactly: what parseUrlMoment reads back. The lesson and
 * step come first, then the moment (seed, topology, action log, time, speed, Auto-pace), then how to show it.
 */
export function linkQuery(m: LinkMoment): string {
  const p = new URLSearchParams();
  if (m.lesson) {
    p.set("lesson", m.lesson.id);
    p.set("step", String(m.lesson.step));
  }
  p.set("seed", String(m.seed));
  p.set("topology", `masters=${m.topology.masters},workers=${m.topology.workers}`);
  // An empty action log is still a log: no `do` at all would mean "the start state's".
  for (const a of m.actions) p.append("do", `${formatLinkTime(a.at)} ${a.line}`);
  if (!m.actions.length) p.append("do", "none");
  p.set("t", formatLinkTime(m.time));
  p.set("speed", String(m.speed));
  if (m.autoPace === false) p.set("pace", "0");
  if (m.paused) p.set("paused", "1");
  if (m.theme) p.set("theme", m.theme);
  if (m.largeText) p.set("text", "large");
  if (m.reducedMotion) p.set("motion", "reduced");
  if (m.singleKeys === false) p.set("keys", "0");
  if (m.embed) p.set("embed", "1");
  if (m.embed && m.controls === false) p.set("controls", "0");
  if (m.origins?.length) p.set("origins", m.origins.join(","));
  if (m.lesson && m.stepZoom) p.set("zoom", "step");
  if (m.picture) p.set("pic", m.picture);
  return `?${p.toString()}`;
}

/** The one console line for ignored parameters, or null when there are none. */
export function ignoredWarning(moment: Pick<UrlMoment, "ignored">): string | null {
  if (!moment.ignored.length) return null;
  return `ClusterScope: ignored URL parameter${moment.ignored.length > 1 ? "s" : ""}: ${moment.ignored.join("; ")}`;
}
