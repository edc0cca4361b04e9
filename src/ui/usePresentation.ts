import { useEffect } from "react";
import { onLessonControls } from "../store/lessonControls";
import { useSettings } from "../store/settings";
import { openedMoment } from "./presenter";

/**
 * Puts the display settings on <html> for the style sheets (src/ui/themes.css): `data-theme`,
 * `data-text="large"`, `data-motion="reduced"`, `data-embed`. On <html>, so that dialogs in the top
 * layer follow them too.
 */
export function usePresentationAttributes(): void {
  const theme = useSettings((s) => s.theme);
  const largeText = useSettings((s) => s.largeText);
  const reduced = useSettings((s) => s.reducedMotion || s.systemReducedMotion);
  const embed = useSettings((s) => s.embed);
  useEffect(() => {
    const html = document.documentElement;
    html.dataset.theme = theme;
    html.style.colorScheme = theme === "light" ? "light" : "dark";
    if (largeText) html.dataset.text = "large";
    else delete html.dataset.text;
    if (reduced) html.dataset.motion = "reduced";
    else delete html.dataset.motion;
    if (embed) html.dataset.embed = "1";
    else delete html.dataset.embed;
  }, [theme, largeText, reduced, embed]);
}

/** A link's `?lesson=ID&step=N`: opens the lesson at that step once the lesson API is there. */
export function useLinkedLesson(): void {
  useEffect(() => {
    const m = openedMoment();
    if (!m.lesson) return;
    let done = false;
    let stop: (() => void) | null = null;
    stop = onLessonControls((c) => {
      if (done || !c) return;
      done = true;
      if (!c.open(m.lesson!, m.step ?? 1)) console.warn(`ClusterScope: there is no lesson "${m.lesson}"`);
      queueMicrotask(() => stop?.());
    });
    return () => stop?.();
  }, []);
}
