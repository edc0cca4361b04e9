/**
 * How the page is shown, for presenting: theme, large text, reduced motion, whether single-key
 * shortcuts are on, and embed mode. A small Zustand store of its own (not the cluster's): saved in
 * localStorage (`clusterscope.settings`), overridden for one visit by a link's `theme=`, `text=`,
 * `motion=` and `embed=` (src/store/url.ts) without changing what is saved.
 *
 * `reducedMotion` is the toggle; the page also follows the system's `prefers-reduced-motion`. The
 * canvas reads `useReducedMotionSetting()` (either of them): no travelling tokens, pods jump into place
 * with a highlight.
 */
import { create } from "zustand";
import { parseUrlMoment, THEMES, type Theme, type UrlMoment } from "./url";

export interface Settings {
  theme: Theme;
  largeText: boolean;
  /** The toggle (the system preference is read separately). */
  reducedMotion: boolean;
  /** Single-key shortcuts (Space, `.`, `b`, R, Z, ?): people using speech input or switch access turn them off. */
  singleKeys: boolean;
}

export interface SettingsState extends Settings {
  /** The system asks for reduced motion (`prefers-reduced-motion: reduce`). */
  systemReducedMotion: boolean;
  /** `embed=1`: just the canvas; `controls=false` hides its step bar too. */
  embed: boolean;
  controls: boolean;
  /**
   * "Zoom to step" (src/canvas/ClusterCanvas.tsx): in a lesson, the canvas fits the step's parts. For this
   * visit only (a link's `zoom=step` turns it on), not saved: it is how one lesson is shown, not the page.
   */
  stepZoom: boolean;
  setStepZoom(on: boolean): void;
  set(patch: Partial<Settings>): void;
}

export const SETTINGS_KEY = "clusterscope.settings";
export const DEFAULT_SETTINGS: Settings = { theme: "light", largeText: false, reducedMotion: false, singleKeys: true };

/** Reads saved settings; anything missing or malformed is the default. Pure but for the storage given. */
export function loadSettings(storage: Pick<Storage, "getItem"> | null): Settings {
  let saved: Partial<Record<keyof Settings, unknown>> = {};
  try {
    const raw = storage?.getItem(SETTINGS_KEY);
    if (raw) saved = JSON.parse(raw) ?? {};
  } catch {
    saved = {};
  }
  return {
    theme: (THEMES as readonly unknown[]).includes(saved.theme) ? (saved.theme as Theme) : DEFAULT_SETTINGS.theme,
    largeText: typeof saved.largeText === "boolean" ? saved.largeText : DEFAULT_SETTINGS.largeText,
    reducedMotion: typeof saved.reducedMotion === "boolean" ? saved.reducedMotion : DEFAULT_SETTINGS.reducedMotion,
    singleKeys: typeof saved.singleKeys === "boolean" ? saved.singleKeys : DEFAULT_SETTINGS.singleKeys,
  };
}

/** The settings a visit starts with: the saved ones, with the link's parts in their place. */
export function startSettings(saved: Settings, link: Partial<UrlMoment>): Settings {
  return {
    ...saved,
    ...(link.theme !== undefined && { theme: link.theme }),
    ...(link.largeText !== undefined && { largeText: link.largeText }),
    ...(link.reducedMotion !== undefined && { reducedMotion: link.reducedMotion }),
    ...(link.singleKeys !== undefined && { singleKeys: link.singleKeys }),
  };
}

function safeStorage(): Storage | null {
  try {
    return typeof localStorage === "undefined" ? null : localStorage;
  } catch {
    return null;
  }
}

function systemReduced(): boolean {
  return typeof matchMedia === "function" && matchMedia("(prefers-reduced-motion: reduce)").matches;
}

/** Creates the settings store for a page opened with `link` (tests give their own storage). */
export function createSettingsStore(link: Partial<UrlMoment>, storage: Storage | null = safeStorage()) {
  const saved = loadSettings(storage);
  return create<SettingsState>()((set, get) => ({
    ...startSettings(saved, link),
    systemReducedMotion: systemReduced(),
    embed: link.embed === true,
    controls: link.controls !== false,
    stepZoom: link.stepZoom === true,
    setStepZoom: (on) => set({ stepZoom: on }),
    set: (patch) => {
      set(patch);
      const s = get();
      const keep: Settings = { theme: s.theme, largeText: s.largeText, reducedMotion: s.reducedMotion, singleKeys: s.singleKeys };
      try {
        storage?.setItem(SETTINGS_KEY, JSON.stringify(keep));
      } catch {
        // Private windows may refuse storage: the setting still holds for this visit.
      }
    },
  }));
}

export type SettingsStore = ReturnType<typeof createSettingsStore>;

let settingsStore: SettingsStore | null = null;

/** The page's settings store, made on first use from the URL. */
export function appSettings(): SettingsStore {
  if (!settingsStore) {
    settingsStore = createSettingsStore(parseUrlMoment(typeof location === "undefined" ? "" : location.search));
    if (typeof matchMedia === "function") {
      const mq = matchMedia("(prefers-reduced-motion: reduce)");
      mq.addEventListener?.("change", () => settingsStore?.setState({ systemReducedMotion: mq.matches }));
    }
  }
  return settingsStore;
}



/**
 * Puts the display settings on <html> for the style sheets (src/ui/themes.css): `data-theme`,
 * `data-text="large"`, `data-motion="reduced"`, `data-embed`. The UI does it (src/ui/usePresentation.ts),
 * and so does the first picture before the UI is in (src/prepaint.ts).
 */
export function applyPresentation(html: HTMLElement, p: { theme: Theme; largeText: boolean; reduced: boolean; embed: boolean }): void {
  html.dataset.theme = p.theme;
  html.style.colorScheme = p.theme === "light" ? "light" : "dark";
  if (p.largeText) html.dataset.text = "large";
  else delete html.dataset.text;
  if (p.reduced) html.dataset.motion = "reduced";
  else delete html.dataset.motion;
  if (p.embed) html.dataset.embed = "1";
  else delete html.dataset.embed;
}

/** The settings as a hook: `useSettings((s) => s.theme)`. */
export function useSettings<T>(selector: (s: SettingsState) => T): T {
  return appSettings()(selector);
}

/** A single-key shortcut as a button's `aria-keyshortcuts` names it: undefined while single keys are off. */
export function useSingleKey(key: string): string | undefined {
  return useSettings((s) => s.singleKeys) ? key : undefined;
}

/** Reduced motion, from the toggle or the system. The canvas reads it (no travelling tokens). */
export function useReducedMotionSetting(): boolean {
  return useSettings((s) => s.reducedMotion || s.systemReducedMotion);
}
