import { useEffect } from "react";
import { applyPresentation, useSettings } from "../store/settings";

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
  useEffect(() => applyPresentation(document.documentElement, { theme, largeText, reduced, embed }), [theme, largeText, reduced, embed]);
}
