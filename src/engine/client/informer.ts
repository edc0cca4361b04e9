import { objectKey, type Resource } from "../api/resources";
import type { KObject, LabelSelector } from "../api/types";
import type { WatchEvent } from "../api/wire";
import type { ApiClient } from "./apiclient";

export interface InformerHandlers<T extends KObject> {
  add?(obj: T): void;
  update?(oldObj: T, newObj: T): void;
  delete?(obj: T): void;
}

export interface InformerOptions {
  namespace?: string;
  labelSelector?: LabelSelector;
  fieldSelector?: Record<string, string>;
}

const NONE: readonly never[] = [];

/**
 * How long a reflector waits before it lists and watches again, after a failed list or a closed watch:
 * client-go's `wait.NewExponentialBackoffManager(800*time.Millisecond, 30*time.Second, 2*time.Minute,
 * 2.0, 1.0, clock)` (client-go tools/cache/reflector.go `NewReflectorWithOptions`, run by
 * `wait.BackoffUntil` with sliding = true). 0.8 s, doubling to a 30 s cap, each with jitter 1.0 (so
 * [0.8, 1.6) s at first and [30, 60) s once capped: "~98% traffic reduction when API server is not
 * healthy"); back to 0.8 s when the last wait started more than 2 minutes ago
 * (k8s.io/apimachinery/pkg/util/wait/backoff.go `exponentialBackoffManagerImpl.getNextBackoff`, `Backoff.Step`).
 */
export const REFLECTOR_BACKOFF = { initialMs: 800, capMs: 30_000, resetMs: 120_000, factor: 2, jitter: 1 } as const;

/** One reflector's backoff manager (see {@link REFLECTOR_BACKOFF}); a new one per process start. */
export class ReflectorBackoff {
  private durationMs: number = REFLECTOR_BACKOFF.initialMs;

  /** `startedAt`: when the manager was made (client-go starts `lastBackoffStart` at the clock's now). */
  constructor(private lastStartMs: number) {}

  /** The next wait at `now`; `jitter` is the engine's wait.Jitter (src/engine/prng.ts). */
  next(now: number, jitter: (d: number, maxFactor: number) => number): number {
    if (now - this.lastStartMs > REFLECTOR_BACKOFF.resetMs) this.durationMs = REFLECTOR_BACKOFF.initialMs;
    this.lastStartMs = now;
    const d = this.durationMs;
    this.durationMs = Math.min(REFLECTOR_BACKOFF.capMs, d * REFLECTOR_BACKOFF.factor);
    return jitter(d, REFLECTOR_BACKOFF.jitter);
  }
}

/**
 * A client-go shared informer in miniature: LIST, then WATCH from the list's resourceVersion, keeping a
 * local cache that several handlers share. After a broken watch it relists and replays the difference.
 */
export class Informer<T extends KObject = KObject> {
  readonly cache = new Map<string, T>();
  synced = false;
  private readonly handlers: InformerHandlers<T>[] = [];
  private readonly syncWaiters: (() => void)[] = [];
  private readonly indexers = new Map<string, (obj: T) => string[]>();
  /** Index name → indexed value → the objects with that value, by key (client-go's Indexer keeps keys). */
  private readonly indices = new Map<string, Map<string, Map<string, T>>>();
  private watchId = 0;
  private lastRV = "0";
  private running = false;
  /** Made again at each start (a process's new reflector). */
  private backoff = new ReflectorBackoff(0);

  constructor(
    readonly client: ApiClient,
    readonly resource: Resource,
    readonly options: InformerOptions = {},
  ) {}

  addHandlers(h: InformerHandlers<T>): void {
    this.handlers.push(h);
    if (this.synced) for (const obj of this.cache.values()) h.add?.(obj);
  }

  /** Adds a secondary index, e.g. pods by `spec.nodeName`. Must be called before start(). */
  addIndex(name: string, fn: (obj: T) => string[]): void {
    this.indexers.set(name, fn);
    this.indices.set(name, new Map());
  }

  byIndex(name: string, value: string): T[] {
    const objs = this.indices.get(name)?.get(value);
    return objs ? [...objs.values()] : [];
  }

  /** The objects byIndex returns, in the same order, without copying them into an array. */
  indexed(name: string, value: string): Iterable<T> {
    return this.indices.get(name)?.get(value)?.values() ?? NONE;
  }

  indexSize(name: string, value: string): number {
    return this.indices.get(name)?.get(value)?.size ?? 0;
  }

  onSynced(fn: () => void): void {
    if (this.synced) fn();
    else this.syncWaiters.push(fn);
  }

  get(key: string): T | undefined {
    return this.cache.get(key);
  }

  list(): T[] {
    return [...this.cache.values()];
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.backoff = new ReflectorBackoff(this.client.owner.now);
    this.listAndWatch();
  }

  /** Lists and watches again after the reflector's backoff. */
  private again(): void {
    const owner = this.client.owner;
    const wait = this.backoff.next(owner.now, (d, f) => owner.sim.rng.jitter(d, f));
    owner.after(wait, () => this.listAndWatch());
  }

  /** Drops the cache and the watch (the process stopped). */
  stop(): void {
    this.running = false;
    if (this.watchId) this.client.stopWatch(this.watchId);
    this.watchId = 0;
    this.cache.clear();
    for (const idx of this.indices.values()) idx.clear();
    this.synced = false;
    this.syncWaiters.length = 0;
  }

  private listAndWatch(): void {
    if (!this.running) return;
    const owner = this.client.owner;
    const epoch = owner.epoch;
    this.client.list(this.resource, { ...this.options, resourceVersion: "0" }, (res) => {
      if (!this.running || owner.epoch !== epoch) return;
      if (res.code !== 200 || !res.items) {
        this.again();
        return;
      }
      this.replace(res.items as T[]);
      this.lastRV = res.resourceVersion ?? "0";
      if (!this.synced) {
        this.synced = true;
        for (const w of this.syncWaiters.splice(0)) w();
      }
      this.startWatch();
    });
  }

  private startWatch(): void {
    const owner = this.client.owner;
    this.watchId = this.client.watch(
      this.resource,
      { ...this.options, resourceVersion: this.lastRV },
      {
        onEvent: (ev) => this.onWatchEvent(ev),
        onClose: () => {
          this.watchId = 0;
          if (this.running) this.again();
        },
      },
    );
  }

  private onWatchEvent(ev: WatchEvent): void {
    const obj = ev.object as T;
    this.lastRV = obj.metadata.resourceVersion;
    if (ev.type === "BOOKMARK") return;
    const key = objectKey(obj);
    const old = this.cache.get(key);
    if (ev.type === "DELETED") {
      if (!old) return;
      this.remove(key, old);
      for (const h of this.handlers) h.delete?.(obj);
      return;
    }
    this.put(key, obj, old);
    if (old) for (const h of this.handlers) h.update?.(old, obj);
    else for (const h of this.handlers) h.add?.(obj);
  }

  /** Replaces the cache with a fresh list, telling handlers what changed (client-go's DeltaFIFO Replace). */
  private replace(items: T[]): void {
    const seen = new Set<string>();
    for (const obj of items) {
      const key = objectKey(obj);
      seen.add(key);
      const old = this.cache.get(key);
      if (old && old.metadata.resourceVersion === obj.metadata.resourceVersion) continue;
      this.put(key, obj, old);
      if (old) for (const h of this.handlers) h.update?.(old, obj);
      else for (const h of this.handlers) h.add?.(obj);
    }
    for (const [key, old] of [...this.cache]) {
      if (seen.has(key)) continue;
      this.remove(key, old);
      for (const h of this.handlers) h.delete?.(old);
    }
  }

  private put(key: string, obj: T, old: T | undefined): void {
    if (old) this.unindex(key, old);
    this.cache.set(key, obj);
    for (const [name, fn] of this.indexers) {
      const idx = this.indices.get(name)!;
      for (const v of fn(obj)) {
        let s = idx.get(v);
        if (!s) idx.set(v, (s = new Map()));
        s.set(key, obj);
      }
    }
  }

  private remove(key: string, old: T): void {
    this.unindex(key, old);
    this.cache.delete(key);
  }

  private unindex(key: string, old: T): void {
    for (const [name, fn] of this.indexers) {
      const idx = this.indices.get(name)!;
      for (const v of fn(old)) {
        const s = idx.get(v);
        if (!s) continue;
        s.delete(key);
        if (!s.size) idx.delete(v);
      }
    }
  }
}

/**
 * One informer per resource per process, shared by every controller in it, as client-go's
 * SharedInformerFactory does: kube-controller-manager opens one pod watch, not one per controller.
 */
export class InformerFactory {
  private readonly informers = new Map<string, Informer>();

  constructor(readonly client: ApiClient) {}

  informer<T extends KObject>(resource: Resource, options: InformerOptions = {}): Informer<T> {
    const key = `${resource}|${JSON.stringify(options)}`;
    let inf = this.informers.get(key);
    if (!inf) this.informers.set(key, (inf = new Informer(this.client, resource, options)));
    return inf as unknown as Informer<T>;
  }

  start(): void {
    for (const inf of this.informers.values()) inf.start();
  }

  stop(): void {
    for (const inf of this.informers.values()) inf.stop();
  }

  /** Calls fn once every informer has synced. */
  onSynced(fn: () => void): void {
    let left = this.informers.size;
    if (!left) return fn();
    for (const inf of this.informers.values()) inf.onSynced(() => --left === 0 && fn());
  }
}
