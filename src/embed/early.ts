/**
 * The postMessage listener, registered early: src/main.tsx starts it synchronously, long before the
 * UI (src/boot.tsx, src/embed/embed.ts) has loaded. reveal.js posts `slide:start` on the iframe's load
 * event, and a host may call as soon as it sees the frame load: a listener added only once the UI's
 * chunks are in would miss those. Until the API is ready, the calls accepted (from an allowed origin,
 * and a call at all: src/embed/messages.ts) wait here; `take` then replays them in order and hands it
 * every later one. Messages from other origins are dropped here as they would be there.
 *
 * Kept small and free of the store and the UI: it is in the page's first chunk.
 */
import { originAllowed, parseCall } from "./messages";

/** A message event, as much of it as the API needs. */
export interface InMessage {
  origin: string;
  data: unknown;
  source: MessageEventSource | null;
}

/** Holds accepted messages until a handler takes them, then passes each one straight on (pure: no DOM). */
export class MessageQueue<M extends { origin: string; data: unknown }> {
  private waiting: M[] = [];
  private handler: ((m: M) => void) | null = null;

  constructor(private readonly allowed: readonly string[]) {}

  /** Whether a message would be handled at all: from an allowed origin (null only when listed), and a call. */
  accepts(m: M): boolean {
    return originAllowed(m.origin, this.allowed) && parseCall(m.data) !== null;
  }

  /** A message came in: handled now if the API is ready, else kept (an ignored one is dropped). */
  push(m: M): void {
    if (!this.accepts(m)) return;
    if (this.handler) this.handler(m);
    else this.waiting.push(m);
  }

  /** The API is ready: replays the kept messages in the order they came, then hands it every later one. */
  take(handler: (m: M) => void): void {
    // One that comes during the replay (a handler may post) waits behind those already waiting.
    this.handler = null;
    try {
      while (this.waiting.length) {
        const m = this.waiting.shift()!;
        try {
          handler(m);
        } catch (e) {
          // One call that fails must not stop the API: the host's later calls still run.
          console.error(e);
        }
      }
    } finally {
      this.handler = handler;
    }
  }

  /** How many messages wait (tests). */
  get pending(): number {
    return this.waiting.length;
  }
}

let queue: MessageQueue<InMessage> | null = null;

/**
 * Starts listening for the host page's messages (once; later calls return the same queue). `allowed`
 * is the page's allowlist (src/embed/messages.ts `allowedOrigins`).
 */
export function listenEarly(allowed: readonly string[]): MessageQueue<InMessage> {
  if (queue) return queue;
  const q = new MessageQueue<InMessage>(allowed);
  queue = q;
  if (typeof window !== "undefined" && typeof window.addEventListener === "function") {
    window.addEventListener("message", (e: MessageEvent) => q.push({ origin: e.origin, data: e.data, source: e.source }));
  }
  return q;
}

/** Whether this page is in a frame (a slide's iframe); a frame we may not even look at counts as one. */
export function inFrame(): boolean {
  try {
    return typeof window !== "undefined" && window.parent !== window;
  } catch {
    return true;
  }
}
