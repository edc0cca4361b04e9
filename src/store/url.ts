/**
 * Opening the page at a given moment: the URL's query parameters, read once at start-up by the app's
 * store (src/store/store.ts). A moment is (seed, topology, action log, time) (shared/ARCHITECTURE.md);
 * this reads the first three and the playback speed:
 *
 *     ?seed=7&topology=masters=3,workers=5&do=1s%20kubectl%20create%20deployment%20web%20--image%3Dnginx&speed=2
 *
 * - `seed=N`: the PRNG seed, 0 to 4294967295 (as `npm run sim -- --seed`).
 * - `topology=masters=M,workers=W`: as `parseTopology` reads it (either part may be left out).
 * - `do=TIME ACTION`, repeatable: one timed action line each, as `--do` and scripts read it (`30s stop node
 *   worker-2`). Given any valid `do`, they are the whole action log; without one, the start state's.
 * - `speed=S`: 0.1 to 100.
 * - `bench=1`: the benchmark's instrumentation (src/store/benchProbe.ts); not part of a moment.
 *
 * A parameter that does not parse is ignored (the start state's value stays) and named in `ignored`;
 * the page warns once. Pure: no DOM, no store.
 */
import type { LoggedAction } from "../bridge/protocol";
import { parseTimedAction } from "../engine/kubectl/script";
import { parseTopology, type Topology } from "../engine/topology";

export const MIN_URL_SPEED = 0.1;
export const MAX_URL_SPEED = 100;
export const MAX_SEED = 0xffffffff;

/** What the URL asked for: only the parameters that were given and valid are set. */
export interface UrlMoment {
  seed?: number;
  topology?: Topology;
  /** The action log, ordered by time (actions at the same time keep their order). */
  actions?: LoggedAction[];
  speed?: number;
  /** `bench=1`: record frame costs for `npm run bench:ui`. */
  bench: boolean;
  /** One entry per ignored parameter: `seed="x" (expected a whole number from 0 to 4294967295)`. */
  ignored: string[];
}

/** Reads a query string (`location.search`, with or without the leading `?`). Never throws. */
export function parseUrlMoment(search: string): UrlMoment {
  const params = new URLSearchParams(search);
  const out: UrlMoment = { bench: params.get("bench") === "1", ignored: [] };
  const ignore = (name: string, value: string, why: string) => out.ignored.push(`${name}=${JSON.stringify(value)} (${why})`);

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
  params.getAll("do").forEach((line, i) => {
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
  return out;
}

/** The one console line for ignored parameters, or null when there are none. */
export function ignoredWarning(moment: Pick<UrlMoment, "ignored">): string | null {
  if (!moment.ignored.length) return null;
  return `ClusterScope: ignored URL parameter${moment.ignored.length > 1 ? "s" : ""}: ${moment.ignored.join("; ")}`;
}
