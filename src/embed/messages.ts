/**
 * The embed's postMessage API, in reveal.js's shape (pure: no DOM, no store; src/embed/embed.ts wires it).
 *
 * In, from the host page: `{method, args}` as an object or as a JSON string (reveal.js sends strings),
 * with `next`, `prev`, `goto` (args `[step]`, 1-based), `reset`, `play`, `pause`, `getState`; and
 * reveal.js's plain strings `slide:start` (play) and `slide:stop` (pause), which it posts to the iframes
 * of the slide being shown and left.
 *
 * Out, to the host page: JSON strings as reveal.js posts them, `{namespace: 'clusterscope', eventName,
 * state}` with `ready` and `stepchanged`; a method's reply is reveal.js's callback,
 * `{namespace, eventName: 'callback', call, result, state}` (`getState`'s result is the state). The method's
 * name is in `call`, not in reveal.js's `method`: a reveal.js deck runs `Reveal[method]()` for every JSON
 * string with a `method` that reaches its window, whoever sent it, so a reply saying `method: "next"` would
 * move the host's slides as well as the cluster.
 *
 * Who may drive the page: the origins in `?origins=` (comma-separated); without it, only the page's
 * own origin. The null origin (file:// pages, sandboxed frames) only when `origins=null` is given.
 */
export const NAMESPACE = "clusterscope";
export const METHODS = ["next", "prev", "goto", "reset", "play", "pause", "getState"] as const;
export type Method = (typeof METHODS)[number];

export interface Call {
  method: Method;
  args: unknown[];
}

/** What the page does for a call (src/ui/presenter.ts). */
export interface EmbedApi<S> {
  next(): void;
  prev(): void;
  goto(step: number): boolean;
  /** Why `goto(step)` went nowhere, in one line (no lesson open, no such step). */
  whyNoGoto(step: number): string;
  reset(): void;
  play(): void;
  pause(): void;
  getState(): S;
}

/** The out-message's shape. */
export interface OutMessage<S> {
  namespace: typeof NAMESPACE;
  eventName: string;
  state: S;
  /** A callback's method (never `method`: see the file's comment). */
  call?: Method;
  result?: unknown;
  /** A call that changed nothing because it was wrong: why, in one line (also on the page's console). */
  error?: string;
}

/** The origins allowed to drive a page at `selfOrigin`: the `origins=` list, else the page's own (unless that is "null"). */
export function allowedOrigins(listed: readonly string[] | undefined, selfOrigin: string): string[] {
  if (listed) return [...listed];
  return selfOrigin === "null" ? [] : [selfOrigin];
}

/** Whether a message from `origin` may drive the page. "null" only when listed as such. */
export function originAllowed(origin: string, allowed: readonly string[]): boolean {
  return allowed.includes(origin);
}

/** Reads a message's data as a call: `{method, args}` (object or JSON string), or `slide:start` / `slide:stop`. */
export function parseCall(data: unknown): Call | null {
  if (data === "slide:start") return { method: "play", args: [] };
  if (data === "slide:stop") return { method: "pause", args: [] };
  let d = data;
  if (typeof d === "string") {
    const t = d.trim();
    if (!t.startsWith("{") || !t.endsWith("}")) return null;
    try {
      d = JSON.parse(t);
    } catch {
      return null;
    }
  }
  if (!d || typeof d !== "object") return null;
  const { method, args } = d as { method?: unknown; args?: unknown };
  // Our own events carry a namespace; a reveal-shaped call does not (so a page never obeys its own echo).
  if ((d as { namespace?: unknown }).namespace !== undefined) return null;
  if (typeof method !== "string" || !(METHODS as readonly string[]).includes(method)) return null;
  return { method: method as Method, args: Array.isArray(args) ? args : [] };
}

/**
 * Handles one message event: ignores it (null) unless its origin is allowed and it is a call; else runs
 * the call and returns the reply to post back to its source (every call gets reveal.js's callback).
 */
export function handleMessage<S>(event: { origin: string; data: unknown }, allowed: readonly string[], api: EmbedApi<S>): OutMessage<S> | null {
  if (!originAllowed(event.origin, allowed)) return null;
  const call = parseCall(event.data);
  if (!call) return null;
  let result: unknown;
  let error: string | undefined;
  switch (call.method) {
    case "next":
      api.next();
      break;
    case "prev":
      api.prev();
      break;
    case "goto": {
      // A step number, or its digits as a string; not `true`, `[2]` or `""`, which Number() would take.
      const a = call.args[0];
      const n = typeof a === "number" ? a : typeof a === "string" && /^\d+$/.test(a.trim()) ? Number(a) : NaN;
      result = Number.isInteger(n) ? api.goto(n) : false;
      if (result === false) error = Number.isInteger(n) ? api.whyNoGoto(n) : `goto: expected a step number (1 for the first step), got ${a === undefined ? "none" : JSON.stringify(a)}`;
      break;
    }
    case "reset":
      api.reset();
      break;
    case "play":
      api.play();
      break;
    case "pause":
      api.pause();
      break;
    case "getState":
      result = api.getState();
      break;
  }
  const state = api.getState();
  if (error) console.warn(`ClusterScope: ${error}`);
  return { namespace: NAMESPACE, eventName: "callback", call: call.method, result: result === undefined ? null : result, ...(error && { error }), state };
}

/** An event for the host page: `ready`, `stepchanged`, `keydown`. */
export function event<S>(eventName: string, state: S, extra: Record<string, unknown> = {}): OutMessage<S> & Record<string, unknown> {
  return { namespace: NAMESPACE, eventName, state, ...extra };
}

/** Where to post an out-message to a parent: each allowed origin, or "*" for the null origin (it cannot be named). */
export function targetOrigins(allowed: readonly string[]): string[] {
  return [...new Set(allowed.map((o) => (o === "null" ? "*" : o)))];
}

/**
 * Where to post to the parent whose origin the page can tell (`parent`, null when it cannot): only that
 * origin, if allowed, and nothing otherwise. Posting to an origin that is not the parent's delivers
 * nothing and makes the browser log an error on every message (a host on another origin without
 * `origins=`).
 */
export function parentTargets(allowed: readonly string[], parent: string | null): string[] {
  if (parent === null) return targetOrigins(allowed);
  if (!allowed.includes(parent)) return [];
  return [parent === "null" ? "*" : parent];
}

/**
 * The reveal.js call a key pressed inside the embed makes in the host deck: reveal.js (with its default
 * `postMessage: true`) runs `{method, args}` JSON strings posted to its window. PageDown/PageUp move the
 * slides, `.` and `b` black the screen, as reveal.js's own keys do.
 */
export function revealCallForKey(key: string): string | null {
  const method = key === "PageDown" ? "next" : key === "PageUp" ? "prev" : key === "." || key === "b" || key === "B" ? "togglePause" : null;
  return method ? JSON.stringify({ method, args: [] }) : null;
}
