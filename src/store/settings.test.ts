import { describe, expect, it } from "vitest";
import { createSettingsStore, DEFAULT_SETTINGS, loadSettings, SETTINGS_KEY } from "./settings";

function memoryStorage(initial: Record<string, string> = {}): Storage {
  const data = new Map(Object.entries(initial));
  return {
    getItem: (k) => data.get(k) ?? null,
    setItem: (k, v) => void data.set(k, v),
    removeItem: (k) => void data.delete(k),
    clear: () => data.clear(),
    key: (i) => [...data.keys()][i] ?? null,
    get length() {
      return data.size;
    },
  };
}

describe("display settings", () => {
  it("load the saved ones, defaulting anything missing or malformed", () => {
    expect(loadSettings(null)).toEqual(DEFAULT_SETTINGS);
    expect(loadSettings(memoryStorage({ [SETTINGS_KEY]: "{oops" }))).toEqual(DEFAULT_SETTINGS);
    expect(loadSettings(memoryStorage({ [SETTINGS_KEY]: JSON.stringify({ theme: "pink", singleKeys: false }) }))).toEqual({ ...DEFAULT_SETTINGS, singleKeys: false });
  });

  it("a link overrides them for the visit without saving; a change is saved", () => {
    const storage = memoryStorage({ [SETTINGS_KEY]: JSON.stringify({ theme: "dark", largeText: true }) });
    const store = createSettingsStore({ theme: "contrast", embed: true, controls: false }, storage);
    expect(store.getState()).toMatchObject({ theme: "contrast", largeText: true, embed: true, controls: false });
    expect(JSON.parse(storage.getItem(SETTINGS_KEY)!).theme).toBe("dark");
    store.getState().set({ singleKeys: false });
    expect(JSON.parse(storage.getItem(SETTINGS_KEY)!)).toMatchObject({ singleKeys: false });
    // keys=0 in an embed's link: the only way to turn the single keys off there (no Present dialog).
    const embedded = createSettingsStore({ embed: true, singleKeys: false }, memoryStorage({}));
    expect(embedded.getState().singleKeys).toBe(false);
    expect(createSettingsStore({ singleKeys: true }, memoryStorage({ [SETTINGS_KEY]: JSON.stringify({ singleKeys: false }) })).getState().singleKeys).toBe(true);
  });

  it("Zoom to step is this visit's: on from a link's zoom=step, off by default, never saved", () => {
    const storage = memoryStorage({});
    expect(createSettingsStore({}, storage).getState().stepZoom).toBe(false);
    const store = createSettingsStore({ lesson: "worker-dies", stepZoom: true }, storage);
    expect(store.getState().stepZoom).toBe(true);
    store.getState().setStepZoom(false);
    expect(store.getState().stepZoom).toBe(false);
    store.getState().set({ largeText: true });
    store.getState().setStepZoom(true);
    expect(JSON.parse(storage.getItem(SETTINGS_KEY)!)).toEqual({ ...DEFAULT_SETTINGS, largeText: true });
  });
});
