/**
 * The page's side of the simulation: `SimClient` starts the engine in a module Web Worker and is the
 * only page code that calls postMessage. Tests run the same Session on their own thread, behind the
 * same interface (`inlineClient`, src/bridge/inline.ts).
 *
 * This file must not import the engine: the page's bundle holds no engine code (the worker's does), so
 * the page's script is small and starts the worker early. The inline session comes in as a factory.
 */
import { momentKey, pictureJson, type MomentCache, type InitMessage } from "./momentCache";
import type { HydrateMessage, PageMessage, WorkerMessage } from "./protocol";
import type { ShippedPicture, ShippedPictures } from "./shipped";

export type SimClientMode = "worker" | "inline";

/** What an in-thread session is to the client (src/bridge/session.ts's Session). */
export interface InlineSession {
  receive(msg: PageMessage): void;
  /** Stops it for good: no more timers or background work. */
  dispose?(): void;
}

/** Makes an in-thread session that posts its messages with `post`. */
export type InlineSessionFactory = (host: {
  now: () => number;
  setTimer: (fn: () => void, ms: number) => () => void;
  post: (msg: WorkerMessage) => void;
}) => InlineSession;

export interface SimClientOptions {
  /** Default: "worker" where `Worker` exists, else "inline" (which needs `session`). */
  mode?: SimClientMode;
  /** Inline only: makes the session (`inlineClient` in src/bridge/inline.ts passes the engine's). */
  session?: InlineSessionFactory;
  /** Inline only: the wall clock the session reads (default `performance.now`). Tests inject a fake. */
  now?: () => number;
  /** Inline only: the timer the session's playback ticks use (default `setTimeout`). Tests inject a fake. */
  setTimer?: (fn: () => void, ms: number) => () => void;
  /**
   * Worker only, for the UI benchmark: called with each message and the main-thread ms it took to read
   * it (`e.data` deserialises the structured clone), before the listeners hear it. Unset: no timing at all.
   */
  onDecoded?: (msg: WorkerMessage, decodeMs: number) => void;
  /**
   * Pictures of moments kept from earlier visits (src/bridge/momentCache.ts): an `init` whose moment is
   * kept shows it at once, while the simulation replays to it. Unset: no cache.
   */
  momentCache?: MomentCache | null;
  /**
   * Pictures shipped with the build (src/bridge/shipped.ts), as the page fetches them: an init whose
   * moment has none kept shows the shipped one, at once or when it comes, unless the live hydrate came first.
   */
  shipped?: ShippedPictures | null;
  /** When the live hydrate is compared with the kept picture and kept (default: when the page is idle). Tests pass `(fn) => fn()`. */
  deferCacheWrite?: (fn: () => void) => void;
}

export type SimListener = (msg: WorkerMessage) => void;

/**
 * The built index.html starts the simulation's worker in a tiny inline script in its head, which runs
 * before any module (vite.config.ts, `earlyStart`): the first client takes it over. One that has already
 * failed to load is thrown away and a new one started; one that fails later reports a crash like any
 * worker, and "Restart simulation" starts a new one.
 */
export function takePrestartedWorker(): Worker | null {
  const g = globalThis as { __clusterscopeWorker?: Worker & { clusterscopeFailed?: boolean } };
  const w = g.__clusterscopeWorker;
  if (!w) return null;
  delete g.__clusterscopeWorker;
  if (w.clusterscopeFailed) {
    w.terminate();
    return null;
  }
  return w;
}

/** What the store needs from a client (tests give it a fake). */
export interface SimConnection {
  send(msg: PageMessage): void;
  /** The `req` of the last message sent (0 before any). Optional: test fakes may leave it out. */
  lastRequest?(): number;
  subscribe(listener: SimListener): () => void;
  /** Throws the simulation away and starts a fresh one (after a crash); send `init` again. */
  restart(): void;
}

export class SimClient implements SimConnection {
  readonly mode: SimClientMode;
  private readonly listeners = new Set<SimListener>();
  private worker: Worker | null = null;
  private inline: InlineSession | null = null;
  /** Inline delivery is synchronous but never re-entrant: messages posted while delivering wait their turn. */
  private readonly toPage: WorkerMessage[] = [];
  private readonly toSession: PageMessage[] = [];
  private deliveringToPage = false;
  private deliveringToSession = false;
  private disposed = false;
  /** Numbers the inits, so that the hydrate answering each is known (the session echoes `ref`). */
  private nextRef = 1;
  /** Numbers the messages sent (`req`). */
  private lastReq = 0;
  /** Inits sent whose hydrate has not come yet (for the moment cache), by ref. */
  private readonly awaitingHydrate = new Map<number, InitMessage>();
  /** The kept picture of the latest init that had one, until that init's live hydrate comes (or a newer one's). */
  private kept: { ref: number; hydrate: HydrateMessage; json: string; delivered: boolean; shipped: boolean } | null = null;
  /** The latest init sent, and whether its hydrate has come (a shipped picture that comes later is for it only). */
  private latest: { ref: number; init: InitMessage; answered: boolean } | null = null;
  /**
   * Once a kept picture is on the page, the simulation's frames and hydrates belong to older states
   * until the hydrate of this init (or a newer one) arrives: they are dropped (frames acked), so that no
   * diff is applied onto a picture it was not made from.
   */
  private dropUntilRef: number | null = null;

  constructor(private readonly opts: SimClientOptions = {}) {
    this.mode = opts.mode ?? (typeof Worker === "function" ? "worker" : "inline");
    this.start();
    opts.shipped?.onAdd((p) => this.shippedCame(p));
  }

  /** The inline session (null in worker mode): for tests and benchmarks. */
  get session(): InlineSession | null {
    return this.inline;
  }

  /** Sends a message to the simulation; each but `ack` numbered (`req`, protocol.ts `PageMessage`). */
  send(msg: PageMessage): void {
    if (this.disposed) return;
    if (msg.type === "ack") return this.post(msg);
    const req = ++this.lastReq;
    if (msg.type === "init") return this.sendInit({ ...msg, req });
    this.post({ ...msg, req });
  }

  /** The `req` of the last message sent (0 before any): a state whose `answered` is at least this shows all the page asked for. */
  lastRequest(): number {
    return this.lastReq;
  }

  private sendInit(msg: InitMessage): void {
    const ref = this.nextRef++;
    const init: InitMessage = { ...msg, ref };
    const cache = this.opts.momentCache;
    const key = cache ? cache.keyOf(init) : null;
    const stored = cache && key !== null ? cache.getByKey(key) : null;
    const shipped = stored ? null : (this.opts.shipped?.get(init) ?? null);
    const kept = stored ?? shipped;
    if (key !== null) {
      this.awaitingHydrate.set(ref, init);
      // Inits that never get a hydrate (a crash, a refused version) must not pile up.
      for (const r of this.awaitingHydrate.keys()) if (r < ref - 8) this.awaitingHydrate.delete(r);
    }
    this.latest = { ref, init, answered: false };
    if (kept) {
      // Before posting: an in-thread session answers inside post(), before the picture is delivered.
      this.keepPicture(ref, stored ? stored.hydrate : (JSON.parse(kept.json) as HydrateMessage), kept.json, !stored);
    } else if (this.kept && !this.kept.delivered) {
      // An older init's picture not shown yet: this init supersedes it.
      this.kept = null;
      this.dropUntilRef = null;
    }
    this.post(init);
    if (kept) this.deliverKept(ref);
  }

  /** Init `ref`'s picture, to show until its live hydrate comes: older states' messages are dropped meanwhile. */
  private keepPicture(ref: number, hydrate: HydrateMessage, json: string, shipped: boolean): void {
    this.kept = { ref, hydrate, json, delivered: false, shipped };
    this.dropUntilRef = ref;
  }

  /** A shipped picture came: shown if it is the latest init's moment, that init has no picture yet and its hydrate has not come. */
  private shippedCame(p: ShippedPicture): void {
    const l = this.latest;
    if (this.disposed || !l || l.answered || this.kept?.ref === l.ref || momentKey(l.init) !== p.key) return;
    this.keepPicture(l.ref, JSON.parse(p.json) as HydrateMessage, p.json, true);
    this.deliverKept(l.ref);
  }

  /** Delivers init `ref`'s kept picture, unless its live hydrate (or a newer init) came first. */
  private deliverKept(ref: number): void {
    // After the caller's own work (as a message from the worker would be), never inside send().
    queueMicrotask(() => {
      const k = this.kept;
      if (this.disposed || !k || k.ref !== ref || k.delivered) return;
      k.delivered = true;
      performance.mark?.("clusterscope-moment-kept");
      // Which page message it answers is the live hydrate's to say, not a picture's from another visit.
      const { answered: _answered, ...picture } = k.hydrate;
      this.deliver({ ...picture, ref, cached: true });
    });
  }

  /** A message from the simulation: kept in the moment cache if it answers an init, dropped if it belongs to a state older than the picture shown. */
  private fromSimulation(msg: WorkerMessage): void {
    if (msg.type === "hydrate" && msg.ref !== undefined) {
      const ref = msg.ref;
      const init = this.awaitingHydrate.get(ref);
      this.awaitingHydrate.delete(ref);
      if (this.latest && this.latest.ref <= ref) this.latest.answered = true;
      let json: string | undefined;
      let same = false;
      const k = this.kept;
      if (k && k.ref === ref) {
        performance.mark?.("clusterscope-moment-live");
        json = pictureJson(msg);
        // The page already shows this very state: delivering it again would only redraw it.
        same = k.delivered && json === k.json;
        if (k.delivered && !same && k.shipped) {
          console.warn("ClusterScope: the picture of this moment shipped with the app differed from what the simulation replayed; the simulation's is shown.");
        }
      }
      if (k && k.ref <= ref) this.kept = null;
      if (init) this.keep(init, msg, json);
      if (this.dropUntilRef !== null) {
        if (ref < this.dropUntilRef) return;
        this.dropUntilRef = null;
      }
      if (same) {
        // Not drawn again, but the store must know the simulation has answered (src/store/store.ts settled()).
        if (msg.answered !== undefined) this.deliver({ type: "answered", answered: msg.answered });
        return;
      }
    } else if (this.dropUntilRef !== null && (msg.type === "hydrate" || msg.type === "frame")) {
      if (msg.type === "frame") this.post({ type: "ack", seq: msg.seq });
      return;
    }
    this.deliver(msg);
  }

  /** Compares the live hydrate with the kept picture and keeps it, when the page has time. */
  private keep(init: InitMessage, live: HydrateMessage, json?: string): void {
    const cache = this.opts.momentCache;
    if (!cache) return;
    const defer =
      this.opts.deferCacheWrite ??
      ((fn: () => void) => (typeof requestIdleCallback === "function" ? requestIdleCallback(fn, { timeout: 2000 }) : setTimeout(fn, 200)));
    defer(() => {
      if (cache.put(init, live, json) === "differed") {
        console.warn("ClusterScope: the picture of this moment kept from an earlier visit differed from what the simulation replayed; the simulation's is shown and kept.");
      }
    });
  }

  private post(msg: PageMessage): void {
    if (this.worker) {
      this.worker.postMessage(msg);
      return;
    }
    this.toSession.push(msg);
    if (this.deliveringToSession) return;
    this.deliveringToSession = true;
    try {
      for (let m = this.toSession.shift(); m; m = this.toSession.shift()) this.inline?.receive(m);
    } finally {
      this.deliveringToSession = false;
    }
  }

  /** Listens to the simulation's messages; returns the unsubscribe function. */
  subscribe(listener: SimListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Throws the simulation away and starts a fresh one (after a crash); send `init` again. */
  restart(): void {
    this.stop();
    this.start();
  }

  dispose(): void {
    this.disposed = true;
    this.stop();
    this.listeners.clear();
  }

  private start(): void {
    if (this.disposed) return;
    if (this.mode === "worker") {
      const worker = takePrestartedWorker() ?? new Worker(new URL("./worker.ts", import.meta.url), { type: "module" });
      const onDecoded = this.opts.onDecoded;
      worker.onmessage = onDecoded
        ? (e: MessageEvent<WorkerMessage>) => {
            const t0 = performance.now();
            const msg = e.data;
            onDecoded(msg, performance.now() - t0);
            this.fromSimulation(msg);
          }
        : (e: MessageEvent<WorkerMessage>) => this.fromSimulation(e.data);
      worker.onerror = (e: ErrorEvent) => {
        e.preventDefault();
        this.deliver({ type: "error", fatal: true, message: `The simulation crashed: ${e.message || "the worker stopped unexpectedly"}.` });
      };
      worker.onmessageerror = () => {
        this.deliver({ type: "error", fatal: true, message: "The simulation sent a message the page could not read." });
      };
      this.worker = worker;
      return;
    }
    const make = this.opts.session;
    if (!make) throw new Error("SimClient: there is no Worker here, and no inline session was given (use inlineClient from src/bridge/inline.ts)");
    const now = this.opts.now ?? (() => performance.now());
    const setTimer =
      this.opts.setTimer ??
      ((fn: () => void, ms: number) => {
        const h = setTimeout(fn, ms);
        return () => clearTimeout(h);
      });
    const session: InlineSession = make({ now, setTimer, post: (msg) => void (session === this.inline && this.fromSimulation(msg)) });
    this.inline = session;
  }

  private stop(): void {
    if (this.worker) {
      this.worker.onmessage = null;
      this.worker.onerror = null;
      this.worker.terminate();
      this.worker = null;
    }
    if (this.inline) {
      // Disposed (or at least paused), so that no timer of its own keeps it working; it is dropped afterwards.
      const s = this.inline;
      this.inline = null;
      if (s.dispose) s.dispose();
      else s.receive({ type: "pause" });
    }
    this.toPage.length = 0;
    this.toSession.length = 0;
    this.awaitingHydrate.clear();
    this.latest = null;
    this.kept = null;
    this.dropUntilRef = null;
  }

  private deliver(msg: WorkerMessage): void {
    if (this.disposed) return;
    if (msg.type === "error" && msg.fatal) {
      // The simulation is gone: no picture may come after the crash and hide it (the store would take it
      // for the simulation's state), and nothing more is on its way to drop.
      if (this.latest) this.latest.answered = true;
      this.kept = null;
      this.dropUntilRef = null;
    }
    this.toPage.push(msg);
    if (this.deliveringToPage) return;
    this.deliveringToPage = true;
    try {
      for (let m = this.toPage.shift(); m; m = this.toPage.shift()) {
        for (const l of [...this.listeners]) {
          try {
            l(m);
          } catch (e) {
            // A listener's bug must not stop the stream: surface it without breaking delivery.
            queueMicrotask(() => {
              throw e;
            });
          }
        }
      }
    } finally {
      this.deliveringToPage = false;
    }
  }
}
