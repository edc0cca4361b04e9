import { useEffect } from "react";
import { useSettings } from "../store/settings";

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
