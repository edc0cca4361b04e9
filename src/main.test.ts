import { afterEach, describe, expect, it, vi } from "vitest";

/**
 * The page's entry (src/main.tsx) starts the simulation, then loads the UI whatever happened: an
 * exception while starting must not leave a blank page (the UI's banner and error boundaries say what
 * went wrong).
 */
const loaded = vi.hoisted(() => ({ boot: 0, lessonLink: [] as [string, number][], listeners: [] as string[], listenersAtBoot: -1, watched: 0 }));
const failing = vi.hoisted(() => ({ store: false, lesson: false }));
/** The simulation's state as the page's store holds it, and who listens to it. */
const sim = vi.hoisted(() => ({
  state: {} as Record<string, unknown>,
  listeners: [] as ((s: unknown) => void)[],
}));
const emptyState = () => ({ hydrated: false, error: null, machines: {}, components: {}, objects: {}, clock: { time: 0 }, playback: { playing: false }, play: () => {}, pause: () => {} });
/** The first picture (./prepaint.ts): what was drawn, and what drawing returns. */
const pictures = vi.hoisted(() => ({ shown: [] as { state: unknown; insets: unknown }[], result: {} as object | null, removers: 0, removed: 0 }));

vi.mock("./store/store", () => ({
  clusterStore: () => {
    if (failing.store) throw new Error("no worker for you");
    return {
      getState: () => sim.state,
      subscribe: (l: (s: unknown) => void) => {
        loaded.watched++;
        sim.listeners.push(l);
        return () => void (sim.listeners = sim.listeners.filter((x) => x !== l));
      },
    };
  },
}));
vi.mock("./prepaint", async (original) => ({
  ...(await original<typeof import("./prepaint")>()),
  showPrepaint: (state: unknown, insets: unknown) => {
    pictures.shown.push({ state, insets });
    return pictures.result;
  },
  removeWhenLiveDrawn: () => {
    pictures.removers++;
    return () => {};
  },
  removePrepaint: () => void pictures.removed++,
}));
/** A lesson step's opening that waits (`hold`) until the test lets it finish; and the shipped picture the page fetches. */
const slow = vi.hoisted(() => ({ hold: null as Promise<void> | null, shipped: null as Promise<unknown> | null, asked: [] as unknown[] }));
vi.mock("./lessonLink", () => ({
  openLinkedLesson: (id: string, step: number) => {
    if (failing.lesson) throw new Error("lesson broke");
    loaded.lessonLink.push([id, step]);
    return slow.hold ?? undefined;
  },
}));
vi.mock("./bridge/shipped", () => ({
  fetchShippedPicture: (link: unknown) => {
    slow.asked.push(link);
    return slow.shipped ?? Promise.resolve(null);
  },
}));

async function runEntry(search: string, framed = false): Promise<unknown> {
  sim.state = emptyState();
  sim.listeners = [];
  vi.resetModules();
  loaded.boot = 0;
  // Registered again for every run, so that each import of the UI is counted.
  vi.doMock("./boot", () => {
    loaded.boot++;
    loaded.listenersAtBoot = loaded.listeners.length;
    return {};
  });
  loaded.lessonLink = [];
  loaded.listeners = [];
  loaded.listenersAtBoot = -1;
  loaded.watched = 0;
  vi.stubGlobal("location", { search, origin: "http://127.0.0.1:4173" });
  // A top-level window (its parent is itself) unless `framed`.
  const win: { addEventListener: (type: string) => void; parent?: unknown } = { addEventListener: (type: string) => loaded.listeners.push(type) };
  win.parent = framed ? {} : win;
  vi.stubGlobal("window", win);
  let error: unknown = null;
  try {
    await import("./main");
  } catch (e) {
    error = e;
  }
  // The UI is imported without being awaited: let its import settle.
  await vi.waitFor(() => expect(loaded.boot).toBe(1));
  return error;
}

/** Animation frame callbacks waiting to run (the page stand-in's). */
let frames: FrameRequestCallback[] = [];
/** What the entry put in #root itself. */
let alerts: Record<string, string>[] = [];

/** Runs the entry on a page stand-in with a document and animation frames, without waiting for the UI. */
async function startEntry(search: string, bootFails = false): Promise<void> {
  sim.state = emptyState();
  sim.listeners = [];
  pictures.shown = [];
  pictures.result = {};
  pictures.removers = 0;
  pictures.removed = 0;
  frames = [];
  vi.resetModules();
  loaded.boot = 0;
  vi.doMock("./boot", () => {
    loaded.boot++;
    if (bootFails) throw new Error("Failed to fetch dynamically imported module");
    return {};
  });
  vi.stubGlobal("location", { search, origin: "http://127.0.0.1:4173" });
  const win: { addEventListener: () => void; parent?: unknown } = { addEventListener: () => {} };
  win.parent = win;
  vi.stubGlobal("window", win);
  vi.stubGlobal("innerWidth", 1280);
  alerts = [];
  vi.stubGlobal("document", {
    documentElement: { dataset: {}, style: {} },
    createElement: () => ({
      setAttribute(k: string, v: string) {
        (this as unknown as Record<string, string>)[k] = v;
      },
      relList: { supports: () => true },
    }),
    getElementById: (id: string) => (id === "root" ? { append: (el: object) => alerts.push(el as Record<string, string>) } : null),
    querySelectorAll: () => [],
  });
  vi.stubGlobal("requestAnimationFrame", (cb: FrameRequestCallback) => frames.push(cb));
  await import("./main");
}

/** A built page (shipped pictures are fetched) whose lesson step opens when `hold` settles and whose shipped picture is `shipped`. */
function shippedLesson(hold: Promise<void>, shipped: Promise<unknown>) {
  vi.stubEnv("DEV", false);
  slow.hold = hold;
  slow.shipped = shipped;
  slow.asked = [];
  loaded.lessonLink = [];
}

/** The simulation's first state arrives in the store. */
function stateArrives(patch: Record<string, unknown>) {
  sim.state = { ...sim.state, ...patch };
  for (const l of [...sim.listeners]) l(sim.state);
}

/** Lets the UI's import (not awaited by the entry) settle, then says whether it happened. */
async function uiLoaded(): Promise<boolean> {
  for (let i = 0; i < 20; i++) await new Promise((r) => setTimeout(r, 0));
  return loaded.boot === 1;
}

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  vi.unstubAllEnvs();
  slow.hold = null;
  slow.shipped = null;
  failing.store = false;
  failing.lesson = false;
});

describe("the page's entry", () => {
  it("starts the cluster store and loads the UI", async () => {
    expect(await runEntry("?seed=7")).toBeNull();
    expect(loaded.lessonLink).toEqual([]);
  });

  it("listens for the host page's messages at once, before the UI (or a lesson) has loaded", async () => {
    expect(await runEntry("?embed=1&paused=1")).toBeNull();
    expect(loaded.listeners).toEqual(["message"]);
    expect(loaded.listenersAtBoot).toBe(1);
    expect(await runEntry("?embed=1&lesson=worker-dies")).toBeNull();
    expect(loaded.listenersAtBoot).toBe(1);
  });

  it("embedded (embed=1 or in a frame), holds the simulation until the UI knows the page is shown; the full page does not", async () => {
    expect(await runEntry("?embed=1")).toBeNull();
    expect(loaded.watched).toBe(1);
    expect(await runEntry("?seed=7", true)).toBeNull();
    expect(loaded.watched).toBe(1);
    expect(await runEntry("?embed=1&lesson=worker-dies")).toBeNull();
    expect(loaded.watched).toBe(1);
    expect(await runEntry("?seed=7")).toBeNull();
    expect(loaded.watched).toBe(0);
  });

  it("still loads the UI when starting the simulation throws", async () => {
    failing.store = true;
    expect(String(await runEntry(""))).toMatch(/no worker for you/);
    expect(loaded.boot).toBe(1);
  });

  it("opens a lesson link's step, and loads the UI even when that fails", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    expect(await runEntry("?lesson=worker-dies&step=3")).toBeNull();
    expect(loaded.lessonLink).toEqual([["worker-dies", 3]]);
    failing.lesson = true;
    await runEntry("?lesson=worker-dies");
    expect(loaded.lessonLink).toEqual([]);
    expect(console.error).toHaveBeenCalledWith(expect.objectContaining({ message: "lesson broke" }));
  });
});

describe("the page's entry: the first picture before the UI", () => {
  it("draws the first state as a picture where the canvas will be, and loads the UI only once that frame is painted", async () => {
    performance.clearMarks();
    await startEntry("?seed=7");
    expect(await uiLoaded()).toBe(false);
    expect(pictures.shown).toEqual([]);
    stateArrives({ hydrated: true, clock: { time: 900 } });
    expect(pictures.shown).toHaveLength(1);
    expect(pictures.shown[0].state).toMatchObject({ time: 900, machines: {}, objects: {} });
    // The full page at 1280 px: header 60, playback and command bars 105, the folded events panel 48.
    expect(pictures.shown[0].insets).toEqual({ left: 0, top: 60.391, right: 48, bottom: 105 });
    expect(pictures.removers).toBe(1);
    // Drawn, not yet painted: the UI's code waits, so it does not hold the picture back.
    expect(await uiLoaded()).toBe(false);
    frames.splice(0).forEach((f) => f(0));
    expect(await uiLoaded()).toBe(true);
    expect(performance.getEntriesByName("clusterscope-first-picture")).toHaveLength(1);
    // Later states are the UI's to draw.
    stateArrives({ clock: { time: 1000 } });
    expect(pictures.shown).toHaveLength(1);
  });

  it("places the picture over the embed's whole frame, or beside a lesson's panel", async () => {
    // Each entry is let finish (its frame painted, its UI loaded): no timer of one runs into the next.
    const finish = async () => {
      frames.splice(0).forEach((f) => f(0));
      expect(await uiLoaded()).toBe(true);
    };
    await startEntry("?embed=1&controls=0");
    stateArrives({ hydrated: true });
    expect(pictures.shown[0].insets).toEqual({ left: 0, top: 0, right: 0, bottom: 0 });
    await finish();
    await startEntry("?embed=1");
    stateArrives({ hydrated: true });
    expect(pictures.shown[0].insets).toEqual({ left: 0, top: 0, right: 0, bottom: 50 });
    await finish();
    await startEntry("?lesson=worker-dies&step=2");
    await vi.waitFor(() => expect(sim.listeners.length).toBeGreaterThan(0));
    stateArrives({ hydrated: true });
    expect(pictures.shown[0].insets).toMatchObject({ right: 340 });
    await finish();
  });

  it("loads the UI at once when the simulation fails before its first state, or there is no room for a picture", async () => {
    await startEntry("");
    stateArrives({ error: "The simulation stopped: boom" });
    expect(pictures.shown).toEqual([]);
    expect(await uiLoaded()).toBe(true);
    await startEntry("");
    pictures.result = null;
    stateArrives({ hydrated: true });
    expect(pictures.shown).toHaveLength(1);
    expect(await uiLoaded()).toBe(true);
  });

  it(`loads the UI after UI_WAIT_MS without a picture when the first state is slow (a long replay)`, async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    await startEntry("?t=30m");
    const { UI_WAIT_MS } = await import("./main");
    await vi.advanceTimersByTimeAsync(UI_WAIT_MS - 1);
    expect(loaded.boot).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    await vi.waitFor(() => expect(loaded.boot).toBe(1));
    stateArrives({ hydrated: true });
    expect(pictures.shown).toEqual([]);
  });

  it("loads the UI within PAINT_WAIT_MS when the picture is never painted (a display:none or off-screen frame gets no animation frames)", async () => {
    performance.clearMarks();
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    await startEntry("?embed=1");
    const { PAINT_WAIT_MS } = await import("./main");
    stateArrives({ hydrated: true });
    expect(pictures.shown).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(PAINT_WAIT_MS);
    await vi.waitFor(() => expect(loaded.boot).toBe(1));
    // Not painted, so not timed as painted.
    expect(performance.getEntriesByName("clusterscope-first-picture")).toHaveLength(0);
  });

  it("draws a lesson step's shipped picture as soon as it comes, before the lessons' code has opened the step; the UI waits for the step", async () => {
    performance.clearMarks();
    let opened = () => {};
    let arrive: (p: unknown) => void = () => {};
    shippedLesson(new Promise<void>((r) => (opened = r)), new Promise((r) => (arrive = r)));
    const node = { rtype: "machine", id: "worker-2", role: "worker", ready: false };
    await startEntry("?lesson=worker-dies&step=4");
    expect(slow.asked).toHaveLength(1);
    await vi.waitFor(() => expect(loaded.lessonLink).toEqual([["worker-dies", 4]]));
    expect(pictures.shown).toEqual([]);
    arrive({ key: "k", json: JSON.stringify({ type: "hydrate", time: 65_130, records: [node] }) });
    await vi.waitFor(() => expect(pictures.shown).toHaveLength(1));
    // A lesson's picture has the view's "Zoom to step" button too (off: the link has no zoom=step).
    expect(pictures.shown[0].state).toEqual({ machines: { "worker-2": node }, components: {}, objects: {}, time: 65_130, stepZoom: false });
    expect(pictures.shown[0].insets).toMatchObject({ right: 340 });
    expect(performance.getEntriesByName("clusterscope-state")).toHaveLength(1);
    // Painted, but the step is not open yet: the UI would create the store in the start state.
    frames.splice(0).forEach((f) => f(0));
    expect(await uiLoaded()).toBe(false);
    opened();
    expect(await uiLoaded()).toBe(true);
    // The store's own state (the same moment) is not drawn again.
    stateArrives({ hydrated: true, clock: { time: 65_130 } });
    expect(pictures.shown).toHaveLength(1);
  });

  it("takes a lesson step's early picture away when the step could not be opened, and still loads the UI", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    let fail: (e: Error) => void = () => {};
    shippedLesson(
      new Promise<void>((_, reject) => (fail = reject)),
      Promise.resolve({ key: "k", json: JSON.stringify({ type: "hydrate", time: 5, records: [] }) }),
    );
    await startEntry("?lesson=worker-dies&step=2");
    await vi.waitFor(() => expect(pictures.shown).toHaveLength(1));
    frames.splice(0).forEach((f) => f(0));
    expect(pictures.removed).toBe(0);
    fail(new Error("lesson broke"));
    expect(await uiLoaded()).toBe(true);
    expect(pictures.removed).toBe(1);
    expect(console.error).toHaveBeenCalledWith(expect.objectContaining({ message: "lesson broke" }));
  });

  it("when the UI's code cannot be loaded, takes the picture away and says so in words", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    await startEntry("", true);
    stateArrives({ hydrated: true });
    frames.splice(0).forEach((f) => f(0));
    await vi.waitFor(() => expect(alerts).toHaveLength(1));
    expect(pictures.removed).toBe(1);
    expect(alerts).toEqual([expect.objectContaining({ role: "alert", textContent: "ClusterScope could not load its controls. Check the connection and reload the page." })]);
  });
});

describe("the page's entry: a copied link's own picture (pic=)", () => {
  /** A picture's facts: one worker, as a link of seed 7 at 90 s carries them. */
  const facts = {
    placement: { controlPlanes: [], workers: ["worker-1"], pods: { "worker-1": [] }, pending: [] },
    machines: { "worker-1": [true, false] },
    nodes: { "worker-1": { status: "Ready", heartbeat: "none", taints: "none|0||" } },
    components: {},
    pods: {},
    banner: null,
  };
  const link = async (query: string) => {
    const { encodeLinkPicture, pictureKey } = await import("./canvas/linkPicture");
    const { parseUrlMoment } = await import("./store/url");
    return `${query}&pic=${await encodeLinkPicture(facts as never, pictureKey(parseUrlMoment(query)))}`;
  };

  it("draws the link's picture before the simulation's first state, then loads the UI once it is painted; the state draws nothing more", async () => {
    performance.clearMarks();
    await startEntry(await link("?seed=7&t=90s&paused=1"));
    await vi.waitFor(() => expect(pictures.shown).toHaveLength(1));
    expect(pictures.shown[0].state).toEqual(facts);
    expect(pictures.shown[0].insets).toEqual({ left: 0, top: 60.391, right: 48, bottom: 105 });
    expect(performance.getEntriesByName("clusterscope-link-picture")).toHaveLength(1);
    expect(await uiLoaded()).toBe(false);
    frames.splice(0).forEach((f) => f(0));
    expect(await uiLoaded()).toBe(true);
    expect(performance.getEntriesByName("clusterscope-state")).toHaveLength(0);
    stateArrives({ hydrated: true, clock: { time: 90_000 } });
    expect(pictures.shown).toHaveLength(1);
    // The state is still marked when it comes (`npm run bench:link`).
    expect(performance.getEntriesByName("clusterscope-state")).toHaveLength(1);
  });

  it("draws nothing from a picture made for another moment, says why once, and draws the state when it comes", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const edited = (await link("?seed=7&t=90s&paused=1")).replace("t=90s", "t=40s");
    await startEntry(edited);
    for (let i = 0; i < 20; i++) await new Promise((r) => setTimeout(r, 0));
    expect(pictures.shown).toEqual([]);
    expect(warn).toHaveBeenCalledWith("ClusterScope: the link's picture (pic=) is not drawn: made for another moment (the link was edited since).");
    stateArrives({ hydrated: true, clock: { time: 40_000 } });
    expect(pictures.shown).toHaveLength(1);
    expect(pictures.shown[0].state).toMatchObject({ time: 40_000 });
    // Painted: the UI loads (now, not in the next test).
    frames.splice(0).forEach((f) => f(0));
    expect(await uiLoaded()).toBe(true);
  });

  /** Opens `query` with its picture, and lets the picture be drawn and painted and the UI load, without a state. */
  const pictureUp = async (query: string) => {
    await startEntry(await link(query));
    pictures.result = { isConnected: true };
    await vi.waitFor(() => expect(pictures.shown).toHaveLength(1));
    frames.splice(0).forEach((f) => f(0));
    expect(await uiLoaded()).toBe(true);
  };

  it("takes the link's picture away when the simulation fails, though the UI came first", async () => {
    await pictureUp("?seed=7&t=90s&paused=1");
    expect(pictures.removed).toBe(0);
    stateArrives({ error: "The simulation stopped: boom" });
    expect(pictures.removed).toBe(1);
  });

  it("keeps the link's picture while the simulation replays a far moment, and takes it away UI_DRAW_WAIT_MS after the state is in at the latest", async () => {
    await pictureUp("?seed=7&t=20h&paused=1");
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const { UI_DRAW_WAIT_MS } = await import("./main");
    await vi.advanceTimersByTimeAsync(UI_DRAW_WAIT_MS * 4);
    expect(pictures.removed).toBe(0);
    stateArrives({ hydrated: true, clock: { time: 72_000_000 } });
    await vi.advanceTimersByTimeAsync(UI_DRAW_WAIT_MS - 1);
    expect(pictures.removed).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(pictures.removed).toBe(1);
  });

  it("draws a lesson link's picture, the UI waiting for the step to open", async () => {
    let open = () => {};
    shippedLesson(new Promise<void>((r) => (open = r)), Promise.resolve(null));
    await startEntry(await link("?lesson=worker-dies&step=4&seed=1&t=65s&paused=1"));
    await vi.waitFor(() => expect(pictures.shown).toHaveLength(1));
    // With the lesson's "Zoom to step" button (off by default), as the live canvas will have it.
    expect(pictures.shown[0].state).toEqual({ ...facts, stepZoom: false });
    frames.splice(0).forEach((f) => f(0));
    expect(await uiLoaded()).toBe(false);
    open();
    expect(await uiLoaded()).toBe(true);
  });
});
