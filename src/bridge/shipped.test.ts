import { afterEach, describe, expect, it, vi } from "vitest";
import { answer, initFor, shipPictures } from "../../scripts/ship-pictures";
import { LESSONS, lessonById } from "../lessons";
import { createClusterStore, setClusterStore } from "../store/store";
import { parseUrlMoment } from "../store/url";
import { linkedMoment, openLinkedLesson } from "../lessonLink";
import { SimClient, type SimConnection } from "./client";
import { momentKey, pictureJson, type InitMessage } from "./momentCache";
import { PROTOCOL_VERSION, type HydrateMessage, type PageMessage, type WorkerMessage } from "./protocol";
import { EARLY_FETCH_GLOBAL, earlyFetchScript, takeEarlyFetch } from "./earlyFetch";
import { fetchShippedPicture, parseShippedPicture, shippedPictureFile, shippedPictureName, shippedPicturePath, ShippedPictures } from "./shipped";
import { FakeWorker } from "./testkit";

const ACTIONS = [{ at: 1000, line: "kubectl create deployment web --image=nginx --replicas=3" }];
const init = (over: Partial<InitMessage> = {}): InitMessage => ({ type: "init", version: PROTOCOL_VERSION, seed: 7, topology: { masters: 1, workers: 2 }, actions: ACTIONS, time: 20_000, play: false, speed: 2, autoPace: true, ...over });

const g = globalThis as { Worker?: unknown };
afterEach(() => {
  delete g.Worker;
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

describe("which link has a shipped picture", () => {
  it("the start state (whatever the looks) and a lesson's step; not a moment of its own", () => {
    const name = (q: string) => shippedPictureName(parseUrlMoment(q));
    expect(name("")).toBe("start");
    expect(name("?theme=dark&embed=1&controls=0&large=1")).toBe("start");
    expect(name("?lesson=worker-dies&step=4&embed=1")).toBe("worker-dies-4");
    expect(name("?lesson=worker-dies")).toBe("worker-dies-1");
    expect(name("?lesson=worker-dies&step=4&paused=1")).toBe("worker-dies-4");
    for (const q of ["?seed=7", "?lesson=worker-dies&step=4&paused=1&seed=7", "?topology=masters%3D3%2Cworkers%3D3", "?t=60s", "?do=1s+stop+node+worker-1", "?speed=4", "?pace=0", "?lesson=worker-dies&step=3&t=80s", "?lesson=worker-dies&step=4&speed=8", "?lesson=worker-dies&step=4&pace=0", "?bench=1"]) expect(name(q)).toBeNull();
    expect(name("?pace=1")).toBe("start");
    expect(shippedPicturePath("abc", "start")).toBe("moments/abc/start.txt");
  });

  it("a lesson link has a picture only when it opens at its step's planned moment (what src/lessonLink.ts opens)", () => {
    for (const q of ["?lesson=worker-dies&step=4", "?lesson=worker-dies&step=4&seed=7", "?lesson=worker-dies&step=4&topology=masters%3D3%2Cworkers%3D2", "?lesson=worker-dies&step=4&paused=1&embed=1&theme=dark", "?lesson=worker-dies&step=4&speed=4", "?lesson=worker-dies&step=4&t=70s", "?lesson=worker-dies&step=4&do=1s+stop+node+worker-1"]) {
      const m = parseUrlMoment(q);
      const at = linkedMoment(m);
      // The picture is the step's start as planned; a link's `paused=` does not change the picture (the session hydrates paused).
      const planned = at === undefined || Object.keys(at).every((k) => k === "paused");
      expect(shippedPictureName(m) !== null, q).toBe(planned);
    }
  });

  it("reads a picture's file, and nothing that is not one", () => {
    const h = answer(init());
    const file = shippedPictureFile(init(), pictureJson(h));
    expect(parseShippedPicture(file)).toEqual({ key: momentKey(init()), json: pictureJson(h) });
    for (const bad of ["", "<!doctype html><html>", `${momentKey(init())}\n{not json`, `${momentKey(init())}\n{"type":"frame"}`, `\n${pictureJson(h)}`]) expect(parseShippedPicture(bad)).toBeNull();
  });

  it("fetches the link's file under the build's id, and takes nothing from a failed or foreign answer", async () => {
    const file = shippedPictureFile(init(), pictureJson(answer(init())));
    const fetched: string[] = [];
    const reply = vi.fn(async (url: URL) => {
      fetched.push(String(url));
      return new Response(file);
    });
    vi.stubGlobal("fetch", reply);
    const into = new ShippedPictures();
    expect(await fetchShippedPicture(parseUrlMoment("?lesson=services&step=2"), "https://example.org/deck/clusterscope/?x=1", "b1", into)).toEqual(parseShippedPicture(file));
    expect(fetched).toEqual(["https://example.org/deck/clusterscope/moments/b1/services-2.txt"]);
    expect(into.get(init({ ref: 4, play: true }))).toEqual({ key: momentKey(init()), json: file.slice(file.indexOf("\n") + 1) });
    expect(into.get(init({ speed: 4 }))).toBeNull();
    // No build id (the dev server), a moment of its own, a 404, an HTML page, a network error: nothing.
    expect(await fetchShippedPicture(parseUrlMoment(""), "https://example.org/", "", into)).toBeNull();
    expect(await fetchShippedPicture(parseUrlMoment("?t=5m"), "https://example.org/", "b1", into)).toBeNull();
    vi.stubGlobal("fetch", async () => new Response("", { status: 404 }));
    expect(await fetchShippedPicture(parseUrlMoment(""), "https://example.org/", "b1", new ShippedPictures())).toBeNull();
    vi.stubGlobal("fetch", async () => new Response("<!doctype html><p>Not here</p>"));
    expect(await fetchShippedPicture(parseUrlMoment(""), "https://example.org/", "b1", new ShippedPictures())).toBeNull();
    vi.stubGlobal("fetch", async () => {
      throw new TypeError("Failed to fetch");
    });
    expect(await fetchShippedPicture(parseUrlMoment(""), "https://example.org/", "b1", new ShippedPictures())).toBeNull();
  });
});

/** The simulation's hydrate for `m`, as a seek's would be (the test adds the init's `ref`). */
function liveFor(m: InitMessage): HydrateMessage {
  const { ref: _ref, ...bare } = answer(m);
  return bare;
}

describe("SimClient with shipped pictures", () => {
  const live = liveFor(init());
  const picture = () => parseShippedPicture(shippedPictureFile(init(), pictureJson(live)))!;
  const frame = (seq: number): WorkerMessage => ({ type: "frame", seq, time: 1, diff: { added: [], updated: [], removed: [] }, flowsStarted: [], flowsEnded: [], events: [], status: live.status });

  function setup() {
    g.Worker = FakeWorker;
    const shipped = new ShippedPictures();
    const client = new SimClient({ shipped });
    const w = FakeWorker.last!;
    const got: WorkerMessage[] = [];
    client.subscribe((m) => got.push(m));
    return { client, w, got, shipped };
  }

  it("a picture fetched before the init is shown at once; the same live hydrate is not delivered again", async () => {
    const warn = vi.spyOn(console, "warn");
    const { client, w, got, shipped } = setup();
    shipped.add(picture());
    client.send(init());
    expect(w.posted).toEqual([{ ...init(), ref: 1, req: 1 }]);
    await Promise.resolve();
    expect(got).toHaveLength(1);
    expect(got[0]).toEqual({ ...JSON.parse(pictureJson(live)), cached: true, ref: 1 });
    w.emit(frame(2)); // from before the init: dropped, and acked
    expect(got).toHaveLength(1);
    expect(w.posted.at(-1)).toEqual({ type: "ack", seq: 2 });
    w.emit({ ...live, ref: 1 });
    w.emit(frame(3));
    expect(got.map((m) => m.type)).toEqual(["hydrate", "frame"]);
    expect(warn).not.toHaveBeenCalled();
  });

  it("a picture that comes after the init is shown if the simulation has not answered yet", async () => {
    const { client, w, got, shipped } = setup();
    client.send(init());
    await Promise.resolve();
    expect(got).toEqual([]);
    shipped.add(picture());
    await Promise.resolve();
    expect(got.map((m) => [m.type, (m as HydrateMessage).cached])).toEqual([["hydrate", true]]);
    w.emit({ ...live, ref: 1 });
    expect(got).toHaveLength(1);
  });

  it("comes too late once the simulation has answered, and is never shown for another moment", async () => {
    const late = setup();
    late.client.send(init());
    late.w.emit({ ...live, ref: 1 });
    late.shipped.add(picture());
    await Promise.resolve();
    expect(late.got.map((m) => [m.type, (m as HydrateMessage).cached])).toEqual([["hydrate", undefined]]);

    const other = setup();
    other.client.send(init({ speed: 8 }));
    other.shipped.add(picture());
    await Promise.resolve();
    expect(other.got).toEqual([]);
    // A newer init: a picture for the older one is not shown.
    const newer = setup();
    newer.client.send(init());
    newer.client.send(init({ seed: 8 }));
    newer.shipped.add(picture());
    await Promise.resolve();
    expect(newer.got).toEqual([]);
  });

  it("warns when the simulation's hydrate differs from the shipped picture, and shows the simulation's", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const { client, w, got, shipped } = setup();
    shipped.add(picture());
    client.send(init());
    await Promise.resolve();
    w.emit({ ...live, events: [], ref: 1 });
    expect(got).toHaveLength(2);
    expect((got[1] as HydrateMessage).events).toEqual([]);
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/shipped with the app differed from what the simulation replayed/));
  });

  it("never comes after the simulation crashed or refused the init (it would hide the error), and comes again for the restarted simulation's init", async () => {
    const { client, w, got, shipped } = setup();
    client.send(init());
    // The worker failed to load; the session's own refusal is a fatal error message too.
    w.onerror!({ message: "", preventDefault() {} } as ErrorEvent);
    shipped.add(picture());
    await Promise.resolve();
    expect(got.map((m) => m.type)).toEqual(["error"]);
    const refused = setup();
    refused.client.send(init());
    refused.w.emit({ type: "error", fatal: true, message: "The page and the simulation are different versions." });
    refused.shipped.add(picture());
    await Promise.resolve();
    expect(refused.got.map((m) => m.type)).toEqual(["error"]);
    // Restarted, the store sends the init again: the picture comes at once, and the new worker's frames pass once its hydrate is in.
    client.restart();
    const w2 = FakeWorker.last!;
    client.send(init());
    await Promise.resolve();
    expect(got.map((m) => [m.type, (m as HydrateMessage).cached])).toEqual([
      ["error", undefined],
      ["hydrate", true],
    ]);
    w2.emit({ ...live, ref: 2 });
    w2.emit(frame(1));
    expect(got.map((m) => m.type)).toEqual(["error", "hydrate", "frame"]);
  });

  it("replaces an older init's picture still showing, and frames wait for the newer init's hydrate", async () => {
    const { client, w, got, shipped } = setup();
    const other = init({ time: 30_000 });
    const otherLive = liveFor(other);
    shipped.add(picture());
    client.send(init());
    await Promise.resolve();
    client.send(other);
    shipped.add(parseShippedPicture(shippedPictureFile(other, pictureJson(otherLive)))!);
    await Promise.resolve();
    expect(got.map((m) => [m.type, (m as HydrateMessage).ref, (m as HydrateMessage).time])).toEqual([
      ["hydrate", 1, 20_000],
      ["hydrate", 2, 30_000],
    ]);
    // The first init's hydrate and its frames belong to an older state now: dropped.
    w.emit({ ...live, ref: 1 });
    w.emit(frame(5));
    expect(got).toHaveLength(2);
    w.emit({ ...otherLive, ref: 2 });
    w.emit(frame(6));
    expect(got.map((m) => m.type)).toEqual(["hydrate", "hydrate", "frame"]);
  });

  it("each showing is a fresh copy: what the page does to one does not change the next", async () => {
    const { client, w, got, shipped } = setup();
    shipped.add(picture());
    client.send(init());
    await Promise.resolve();
    (got[0] as HydrateMessage).records.length = 0;
    w.emit({ ...live, ref: 1 });
    client.send(init());
    await Promise.resolve();
    expect((got.at(-1) as HydrateMessage).records).toEqual(live.records);
  });
});

/** A connection that notes the inits a store sends. */
function recorder(): SimConnection & { inits: InitMessage[] } {
  const inits: InitMessage[] = [];
  return { inits, send: (m: PageMessage) => void (m.type === "init" && inits.push(m)), subscribe: () => () => {}, restart: () => {} };
}

describe("the pictures the build ships", () => {
  const files = shipPictures();
  const byName = new Map(files.map((f) => [f.name, f]));

  it("one for the start state and one for every step of every lesson", () => {
    expect([...byName.keys()]).toEqual(["start", ...LESSONS.flatMap((l) => l.steps.map((_, i) => `${l.id}-${i + 1}`))]);
  });

  it("each is keyed by the init the page sends for its link, and pictures that moment", () => {
    // The page's start: whatever the link says about looks.
    const start = recorder();
    createClusterStore(start, { start: true, moment: parseUrlMoment("?theme=dark&embed=1&controls=0") });
    const startFile = parseShippedPicture(byName.get("start")!.file)!;
    expect(startFile.key).toBe(momentKey(start.inits[0]));
    // A lesson link, opened as the page opens it (src/lessonLink.ts).
    const page = recorder();
    setClusterStore(createClusterStore(page, { start: false }));
    try {
      for (const [lesson, step] of [["worker-dies", 4], ["etcd-quorum", 5], ["pod-journey", 1]] as const) {
        openLinkedLesson(lesson, step, `?lesson=${lesson}&step=${step}&embed=1&controls=0`);
        const sent = page.inits.at(-1)!;
        const file = parseShippedPicture(byName.get(`${lesson}-${step}`)!.file)!;
        expect(file.key).toBe(momentKey(sent));
        const h = JSON.parse(file.json) as HydrateMessage;
        expect(h.time).toBe(sent.time);
        expect(h.seed).toBe(lessonById(lesson)!.seed);
        expect(h.records.length).toBeGreaterThan(10);
      }
    } finally {
      setClusterStore(null);
    }
  });

  it("a lesson with no stored plan ships nothing (the page plans it in a worker)", () => {
    const lesson = { ...lessonById("worker-dies")!, id: "unplanned", title: "Not planned" };
    expect(initFor({ lesson, step: 1 }, [lesson])).toBeNull();
    expect(initFor({ lesson: lessonById("worker-dies")!, step: 1 })).not.toBeNull();
    expect(shipPictures([lesson]).map((f) => f.name)).toEqual(["start"]);
  });
});

describe("index.html's early fetch of the shipped picture", () => {
  /** Runs the inline script for the page `url`; the file it asked for, and what it left for the entry. */
  function runScript(url: string) {
    const asked: string[] = [];
    const win: Record<string, unknown> = {};
    const u = new URL(url);
    new Function("window", "location", "document", "fetch", "URL", "URLSearchParams", earlyFetchScript("b1"))(
      win,
      { protocol: u.protocol, search: u.search },
      { baseURI: url },
      (x: URL) => {
        asked.push(String(x));
        return Promise.resolve(new Response("picture"));
      },
      URL,
      URLSearchParams,
    );
    return { asked, win };
  }

  it("asks for the file the entry would ask for, or for none; never for one the entry would not", () => {
    const queries = ["", "?theme=dark&embed=1&controls=0", "?lesson=worker-dies&step=4", "?lesson=worker-dies", "?lesson=worker-dies&step=4&seed=7&paused=1",
      "?seed=7", "?topology=masters%3D3%2Cworkers%3D3", "?t=60s", "?do=1s+stop+node+worker-1", "?speed=4", "?lesson=worker-dies&step=3&t=80s", "?lesson=worker-dies&step=4&speed=8",
      "?pace=0", "?lesson=worker-dies&step=4&pace=0", "?pace=1", "?bench=1", "?lesson=Worker%20dies", "?lesson=worker-dies&step=04", "?lesson=../../etc&step=1", "?lesson=", "?lesson=-x", `?lesson=${"a".repeat(65)}`,
      "?lesson=worker-dies&step=10000", "?lesson=worker-dies&step=%204", "?lesson=worker-dies&step=0", "?lesson=worker-dies&lesson=services", "?t=nonsense"];
    for (const q of queries) {
      const { asked } = runScript(`https://example.org/deck/clusterscope/${q}`);
      const entry = shippedPictureName(parseUrlMoment(q));
      if (asked.length) expect(asked, q).toEqual([`https://example.org/deck/clusterscope/moments/b1/${entry}.txt`]);
      else if (q === "" || q === "?pace=1" || q.startsWith("?theme") || /^\?lesson=worker-dies(&step=4)?$/.test(q)) throw new Error(`the script asked for nothing for ${q}`);
    }
    expect(runScript("file:///home/me/clusterscope.html").asked).toEqual([]);
  });

  it("the entry takes its answer once, for the same file only, and fetches its own otherwise", async () => {
    const { win } = runScript("https://example.org/?lesson=worker-dies&step=4");
    expect(await takeEarlyFetch("worker-dies-4", win)).toBe("picture");
    expect(takeEarlyFetch("worker-dies-4", win)).toBeNull();
    const other = runScript("https://example.org/?lesson=worker-dies&step=3").win;
    expect(takeEarlyFetch("worker-dies-4", other)).toBeNull();
    expect(other).toEqual({});
    const file = shippedPictureFile(init(), pictureJson(answer(init())));
    const fetched: string[] = [];
    vi.stubGlobal("fetch", async (url: URL) => {
      fetched.push(String(url));
      return new Response(file);
    });
    (globalThis as Record<string, unknown>)[EARLY_FETCH_GLOBAL] = { name: "start", text: Promise.resolve(file) };
    expect(await fetchShippedPicture(parseUrlMoment(""), "https://example.org/", "b1", new ShippedPictures())).toEqual(parseShippedPicture(file));
    expect(fetched).toEqual([]);
    expect(globalThis).not.toHaveProperty(EARLY_FETCH_GLOBAL);
  });
});
