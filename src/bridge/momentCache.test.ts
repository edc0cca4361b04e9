import { createClusterStore } from "../store/store";
import { afterEach, describe, expect, it, vi } from "vitest";
import { SimClient } from "./client";
import { inlineClient } from "./inline";
import { MomentCache, type InitMessage, type MomentStorage } from "./momentCache";
import { PROTOCOL_VERSION, type HydrateMessage, type WorkerMessage } from "./protocol";
import { FakeWorker } from "./testkit";

/** localStorage's shape over a Map; `quota` (total characters) makes setItem throw like a full storage. */
class MapStorage implements MomentStorage {
  readonly map = new Map<string, string>();
  constructor(private readonly quota = Infinity) {}
  getItem(k: string) {
    return this.map.get(k) ?? null;
  }
  setItem(k: string, v: string) {
    let used = 0;
    for (const [key, val] of this.map) if (key !== k) used += key.length + val.length;
    if (used + k.length + v.length > this.quota) throw new DOMException("full", "QuotaExceededError");
    this.map.set(k, v);
  }
  removeItem(k: string) {
    this.map.delete(k);
  }
  get length() {
    return this.map.size;
  }
  key(i: number) {
    return [...this.map.keys()][i] ?? null;
  }
  /** The moment entries' values (not the index). */
  entries() {
    return [...this.map].filter(([k]) => k.startsWith("clusterscope.moment.")).map(([, v]) => v);
  }
}

const ACTIONS = [{ at: 1000, line: "kubectl create deployment web --image=nginx --replicas=3" }];
const init = (over: Partial<InitMessage> = {}): InitMessage => ({ type: "init", version: PROTOCOL_VERSION, seed: 7, topology: { masters: 1, workers: 2 }, actions: ACTIONS, time: 20_000, play: false, speed: 2, autoPace: true, ...over });

/** The hydrate a real simulation sends for `m` (the in-thread session, the same code as the worker's). */
function liveHydrate(m: InitMessage): HydrateMessage {
  const c = inlineClient({ now: () => 0, setTimer: () => () => {} });
  let h: HydrateMessage | null = null;
  c.subscribe((msg) => {
    if (msg.type === "hydrate") h = msg;
  });
  c.send(m);
  c.dispose();
  // As a seek's hydrate would be: the init's `ref` is the test's to add.
  const { ref: _ref, ...bare } = h!;
  return bare;
}

const g = globalThis as { Worker?: unknown };
afterEach(() => {
  delete g.Worker;
  vi.restoreAllMocks();
});

describe("MomentCache", () => {
  const live = liveHydrate(init());

  it("keeps the hydrate that answered an init and gives it back for the same moment only", () => {
    const cache = new MomentCache(new MapStorage(), "build-a");
    expect(cache.get(init())).toBeNull();
    expect(cache.put(init(), { ...live, ref: 3, bytes: 10 })).toBe("stored");
    const kept = cache.get(init({ ref: 9, play: true }))!.hydrate;
    // The delivery's own fields are not kept; everything else is.
    const { ref: _r, bytes: _b, answered: _a, ...picture } = { ...live, ref: 3, bytes: 10 };
    expect(kept).toEqual(picture);
    // Another seed, time, action log, topology, speed or pace is another moment.
    for (const other of [init({ seed: 8 }), init({ time: 20_001 }), init({ actions: [] }), init({ topology: { masters: 1, workers: 3 } }), init({ speed: 4 }), init({ autoPace: false })]) {
      expect(cache.get(other)).toBeNull();
    }
  });

  it("never shows another build's picture", () => {
    const storage = new MapStorage();
    new MomentCache(storage, "build-a").put(init(), live);
    expect(new MomentCache(storage, "build-b").get(init())).toBeNull();
    expect(new MomentCache(storage, "build-a").get(init())).not.toBeNull();
  });

  it("keeps nothing for benchmark runs, nor for inits that leave the speed or pacing to the session", () => {
    const storage = new MapStorage();
    const cache = new MomentCache(storage, "b");
    expect(cache.keyOf(init({ speed: undefined }))).toBeNull();
    expect(cache.keyOf(init({ autoPace: undefined }))).toBeNull();
    expect(cache.keyOf(init({ bench: true }))).toBeNull();
    expect(cache.put(init({ bench: true }), live)).toBe("skipped");
    expect(storage.map.size).toBe(0);
  });

  it("says whether a live hydrate matched the kept picture, and keeps the live one", () => {
    const cache = new MomentCache(new MapStorage(), "b");
    cache.put(init(), live);
    expect(cache.put(init(), { ...live, ref: 5 })).toBe("same");
    const changed = { ...live, time: live.time + 1 };
    expect(cache.put(init(), changed)).toBe("differed");
    expect(cache.get(init())!.hydrate.time).toBe(live.time + 1);
  });

  it("drops the least recently used moment beyond its limit", () => {
    const storage = new MapStorage();
    const cache = new MomentCache(storage, "b", { entries: 2, chars: 1e9 });
    cache.put(init({ seed: 1 }), live);
    cache.put(init({ seed: 2 }), live);
    expect(cache.get(init({ seed: 1 }))).not.toBeNull(); // seed 1 is now the most recently used
    cache.put(init({ seed: 3 }), live);
    expect(storage.entries()).toHaveLength(2);
    expect(cache.get(init({ seed: 2 }))).toBeNull();
    expect(cache.get(init({ seed: 1 }))).not.toBeNull();
    expect(cache.get(init({ seed: 3 }))).not.toBeNull();
  });

  it("skips a picture too large to keep, and makes room when the storage is full", () => {
    const size = JSON.stringify(live).length;
    const small = new MomentCache(new MapStorage(), "b", { entries: 8, chars: size - 100 });
    expect(small.put(init(), live)).toBe("skipped");
    // Room for two entries only: the third write finds the storage full and drops the oldest.
    const storage = new MapStorage(size * 2 + 2000);
    const cache = new MomentCache(storage, "b", { entries: 8, chars: 1e9 });
    cache.put(init({ seed: 1 }), live);
    cache.put(init({ seed: 2 }), live);
    cache.put(init({ seed: 3 }), live);
    expect(cache.get(init({ seed: 1 }))).toBeNull();
    expect(cache.get(init({ seed: 3 }))).not.toBeNull();
    // A storage that cannot hold even one keeps nothing, and says nothing.
    const tiny = new MomentCache(new MapStorage(1000), "b", { entries: 8, chars: 1e9 });
    expect(tiny.put(init(), live)).toBe("skipped");
    expect(tiny.get(init())).toBeNull();
    // Entries the index lost track of (another window rewrote it) are dropped too when room is needed.
    const shared = new MapStorage(size * 2 + 2000);
    const a = new MomentCache(shared, "b", { entries: 8, chars: 1e9 });
    a.put(init({ seed: 1 }), live);
    a.put(init({ seed: 2 }), live);
    shared.map.set("clusterscope.moments", "[]");
    expect(a.put(init({ seed: 3 }), live)).toBe("stored");
    expect(a.get(init({ seed: 3 }))).not.toBeNull();
    // One of the two lost ones made room (there is room for two).
    expect(shared.entries()).toHaveLength(2);
  });

  it("treats unreadable, corrupt or foreign entries as missing", () => {
    const storage = new MapStorage();
    const cache = new MomentCache(storage, "b");
    cache.put(init(), live);
    const [slot] = [...storage.map.keys()].filter((k) => k.startsWith("clusterscope.moment."));
    // Another key under the same slot (a hash collision) is not this moment's.
    storage.map.set(slot, `["other"]\n${JSON.stringify(live)}`);
    expect(cache.get(init())).toBeNull();
    // Corrupt JSON is dropped.
    storage.map.set(slot, `${cache.keyOf(init())}\n{not json`);
    expect(cache.get(init())).toBeNull();
    expect(storage.map.has(slot)).toBe(false);
    // A storage that throws on every call (disabled, sandboxed) is no cache, not a crash.
    const broken: MomentStorage = {
      getItem: () => {
        throw new Error("denied");
      },
      setItem: () => {
        throw new Error("denied");
      },
      removeItem: () => {
        throw new Error("denied");
      },
      length: 0,
      key: () => null,
    };
    const none = new MomentCache(broken, "b");
    expect(none.get(init())).toBeNull();
    expect(none.put(init(), live)).toBe("skipped");
    expect(none.get(init())).toBeNull();
  });

  it("is the page's localStorage in a build, and off in the dev server or without usable storage", () => {
    const storage = new MapStorage();
    vi.stubGlobal("localStorage", storage);
    // Unit tests run as the dev server does.
    expect(MomentCache.forPage()).toBeNull();
    vi.stubEnv("DEV", false);
    try {
      const cache = MomentCache.forPage()!;
      expect(cache).toBeInstanceOf(MomentCache);
      cache.put(init(), live);
      expect([...storage.map.keys()].some((k) => k.startsWith("clusterscope.moment."))).toBe(true);
      // Storage that throws on reading (disabled, a sandboxed frame): no cache.
      vi.stubGlobal("localStorage", {
        getItem: () => {
          throw new DOMException("denied", "SecurityError");
        },
      });
      expect(MomentCache.forPage()).toBeNull();
    } finally {
      vi.unstubAllEnvs();
      vi.unstubAllGlobals();
    }
  });
});

describe("SimClient with a moment cache", () => {
  const live = liveHydrate(init());
  const frame = (seq: number): WorkerMessage => ({ type: "frame", seq, time: 1, diff: { added: [], updated: [], removed: [] }, flowsStarted: [], flowsEnded: [], events: [], status: live.status });

  function setup(cache: MomentCache) {
    g.Worker = FakeWorker;
    const client = new SimClient({ momentCache: cache, deferCacheWrite: (fn) => fn() });
    const w = FakeWorker.last!;
    const got: WorkerMessage[] = [];
    client.subscribe((m) => got.push(m));
    return { client, w, got };
  }

  it("on a first visit, passes everything through and keeps the hydrate that answered the init", async () => {
    const storage = new MapStorage();
    const cache = new MomentCache(storage, "b");
    const { w, got, client } = setup(cache);
    client.send(init());
    expect(w.posted).toEqual([{ ...init(), ref: 1, req: 1 }]);
    await Promise.resolve();
    expect(got).toEqual([]);
    w.emit({ ...live, ref: 1 });
    w.emit(frame(1));
    expect(got.map((m) => m.type)).toEqual(["hydrate", "frame"]);
    expect(cache.get(init())).not.toBeNull();
  });

  it("on a later visit, shows the kept picture at once, drops older states' messages until the live hydrate (the same picture: not delivered again), then goes on as usual", async () => {
    const cache = new MomentCache(new MapStorage(), "b");
    cache.put(init(), live);
    const warn = vi.spyOn(console, "warn");
    const { w, got, client } = setup(cache);
    client.send({ type: "seek", time: 5 });
    client.send(init());
    await Promise.resolve();
    expect(got).toHaveLength(1);
    expect(got[0]).toMatchObject({ type: "hydrate", cached: true, ref: 1, time: live.time });
    // What the simulation sends before the live hydrate belongs to older states: the seek's hydrate, a
    // frame (acked, so the stream does not stall). A command's result still comes through.
    w.emit({ ...live, time: 5 });
    w.emit(frame(7));
    w.emit({ type: "commandResult", id: 1, line: "x", t: 0, ok: true });
    expect(got.map((m) => m.type)).toEqual(["hydrate", "commandResult"]);
    expect(w.posted.at(-1)).toEqual({ type: "ack", seq: 7 });
    // The live hydrate is the picture already shown: not delivered again, but that the simulation has
    // answered the init is (the store's settled()). What follows comes through.
    w.emit({ ...live, ref: 1, answered: 2 });
    w.emit(frame(8));
    expect(got.map((m) => m.type)).toEqual(["hydrate", "commandResult", "answered", "frame"]);
    expect(got[2]).toEqual({ type: "answered", answered: 2 });
    expect(warn).not.toHaveBeenCalled();
  });

  it("a store on a kept picture is settled once the simulation's same picture comes, though it is not drawn again", async () => {
    const cache = new MomentCache(new MapStorage(), "b");
    cache.put(init(), live);
    const { w, client } = setup(cache);
    const store = createClusterStore(client);
    const seen: (boolean | null)[] = [];
    store.subscribe((s) => seen.push(s.settled()));
    client.send(init());
    await Promise.resolve();
    expect(store.getState().hydrated).toBe(true);
    expect(store.getState().settled()).toBe(false);
    w.emit({ ...live, ref: 1, answered: client.lastRequest() });
    expect(store.getState().settled()).toBe(true);
    expect(seen.at(-1)).toBe(true);
  });

  it("shows only the newest of two quick inits, and delivers and warns when the live hydrate differs from the kept picture", async () => {
    const cache = new MomentCache(new MapStorage(), "b");
    const other = init({ time: 30_000 });
    cache.put(init(), live);
    cache.put(other, { ...live, time: 30_000 });
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const { w, got, client } = setup(cache);
    client.send(init());
    client.send(other);
    await Promise.resolve();
    expect(got.map((m) => [m.type, (m as HydrateMessage).ref])).toEqual([["hydrate", 2]]);
    w.emit({ ...live, ref: 1 }); // the first init's: dropped, the second's picture stays
    expect(got).toHaveLength(1);
    const drifted = { ...live, time: 30_000, events: [] };
    w.emit({ ...drifted, ref: 2 });
    expect(got).toHaveLength(2);
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/differed from what the simulation replayed/));
    expect(cache.get(other)!.hydrate.events).toEqual([]);
  });

  it("once a kept picture is shown, a newer init that is not kept does not let older states' frames onto it", async () => {
    const cache = new MomentCache(new MapStorage(), "b");
    cache.put(init(), live);
    const { w, got, client } = setup(cache);
    client.send(init());
    await Promise.resolve();
    expect(got).toHaveLength(1);
    client.send(init({ seed: 99 }));
    // Still in flight from before the first init: a frame and a seek's hydrate. Neither was made from the picture shown.
    w.emit(frame(3));
    w.emit({ ...live, time: 5 });
    expect(got).toHaveLength(1);
    // The first init's own hydrate (the same picture: not redrawn, only what it answered), then its frames, then the second init's hydrate.
    w.emit({ ...live, ref: 1, answered: 1 });
    w.emit(frame(4));
    w.emit({ ...live, seed: 99, ref: 2 });
    expect(got.map((m) => [m.type, (m as HydrateMessage).ref])).toEqual([
      ["hydrate", 1],
      ["answered", undefined],
      ["frame", undefined],
      ["hydrate", 2],
    ]);
  });

  it("a restart forgets the picture showing: the new simulation's messages all come through", async () => {
    const cache = new MomentCache(new MapStorage(), "b");
    cache.put(init(), live);
    const { got, client } = setup(cache);
    client.send(init());
    await Promise.resolve();
    client.restart();
    FakeWorker.last!.emit(frame(1));
    expect(got.map((m) => m.type)).toEqual(["hydrate", "frame"]);
  });

  it("the engine is deterministic enough for it: a second replay of a moment matches the first, picture for picture", () => {
    const storage = new MapStorage();
    const cache = new MomentCache(storage, "b");
    const m = init({ time: 95_000, topology: { masters: 3, workers: 3 }, actions: [...ACTIONS, { at: 40_000, line: "stop node worker-1" }] });
    const put = vi.spyOn(cache, "put");
    for (let visit = 0; visit < 2; visit++) {
      const c = inlineClient({ now: () => 0, setTimer: () => () => {}, momentCache: cache, deferCacheWrite: (fn) => fn() });
      const got: WorkerMessage[] = [];
      c.subscribe((msg) => got.push(msg));
      c.send(m);
      // The in-thread session answers at once, before the kept picture could be shown: its hydrate is delivered.
      expect(got.map((x) => [x.type, (x as HydrateMessage).cached])).toEqual([["hydrate", undefined]]);
      c.dispose();
    }
    expect(put.mock.results.map((r) => r.value)).toEqual(["stored", "same"]);
  });
});
