import { afterEach, describe, expect, it, vi } from "vitest";

/**
 * The page's entry (src/main.tsx) starts the simulation, then loads the UI whatever happened: an
 * exception while starting must not leave a blank page (the UI's banner and error boundaries say what
 * went wrong).
 */
const loaded = vi.hoisted(() => ({ boot: 0, lessonLink: [] as [string, number][], listeners: [] as string[], listenersAtBoot: -1, watched: 0 }));
const failing = vi.hoisted(() => ({ store: false, lesson: false }));

vi.mock("./store/store", () => ({
  clusterStore: () => {
    if (failing.store) throw new Error("no worker for you");
    return {
      getState: () => ({ playback: { playing: false }, play: () => {}, pause: () => {} }),
      subscribe: () => {
        loaded.watched++;
        return () => {};
      },
    };
  },
}));
vi.mock("./lessonLink", () => ({
  openLinkedLesson: (id: string, step: number) => {
    if (failing.lesson) throw new Error("lesson broke");
    loaded.lessonLink.push([id, step]);
  },
}));

async function runEntry(search: string, framed = false): Promise<unknown> {
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

afterEach(() => {
  vi.unstubAllGlobals();
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
