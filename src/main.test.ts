import { afterEach, describe, expect, it, vi } from "vitest";

/**
 * The page's entry (src/main.tsx) starts the simulation, then loads the UI whatever happened: an
 * exception while starting must not leave a blank page (the UI's banner and error boundaries say what
 * went wrong).
 */
const loaded = vi.hoisted(() => ({ boot: 0, lessonLink: [] as [string, number][] }));
const failing = vi.hoisted(() => ({ store: false, lesson: false }));

vi.mock("./store/store", () => ({
  clusterStore: () => {
    if (failing.store) throw new Error("no worker for you");
    return {};
  },
}));
vi.mock("./lessonLink", () => ({
  openLinkedLesson: (id: string, step: number) => {
    if (failing.lesson) throw new Error("lesson broke");
    loaded.lessonLink.push([id, step]);
  },
}));

async function runEntry(search: string): Promise<unknown> {
  vi.resetModules();
  loaded.boot = 0;
  // Registered again for every run, so that each import of the UI is counted.
  vi.doMock("./boot", () => {
    loaded.boot++;
    return {};
  });
  loaded.lessonLink = [];
  vi.stubGlobal("location", { search });
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
