import { useId } from "react";
import { CopyLinkButton } from "./CopyLink";
import { InfoDialog } from "./Dialog";
import { ExportPngButton } from "./ExportPng";
import { appSettings, useSettings } from "../store/settings";
import type { Theme } from "../store/url";

const THEME_LABELS: Record<Theme, string> = { light: "Light", dark: "Dark", contrast: "High contrast" };

/**
 * "Present": what a presenter needs in one place. A link to this moment and a PNG of the picture (for
 * slides), and the display settings: theme, large text, reduced motion, single-key shortcuts (saved in
 * this browser).
 */
export function DisplayDialog({ onClose, onHelp }: { onClose: () => void; onHelp: () => void }) {
  const id = useId();
  const theme = useSettings((s) => s.theme);
  const largeText = useSettings((s) => s.largeText);
  const reducedMotion = useSettings((s) => s.reducedMotion);
  const systemReduced = useSettings((s) => s.systemReducedMotion);
  const singleKeys = useSettings((s) => s.singleKeys);
  const set = appSettings().getState().set;
  return (
    <InfoDialog title="Present" onClose={onClose} closeLabel="Done">
      <div className="present-actions" role="group" aria-label="Share this moment">
        <CopyLinkButton />
        <ExportPngButton />
        <button type="button" className="btn" onClick={onHelp} aria-keyshortcuts={singleKeys ? "?" : undefined}>
          Keyboard shortcuts
        </button>
      </div>
      <fieldset className="choice-group">
        <legend>Theme</legend>
        {(Object.keys(THEME_LABELS) as Theme[]).map((t) => (
          <label key={t} className="toggle">
            <input type="radio" name={`${id}-theme`} value={t} checked={theme === t} onChange={() => set({ theme: t })} />
            {THEME_LABELS[t]}
          </label>
        ))}
      </fieldset>
      <label className="toggle">
        <input type="checkbox" checked={largeText} onChange={(e) => set({ largeText: e.currentTarget.checked })} />
        Large text (for projectors)
      </label>
      <label className="toggle">
        <input type="checkbox" checked={reducedMotion || systemReduced} disabled={systemReduced} onChange={(e) => set({ reducedMotion: e.currentTarget.checked })} aria-describedby={`${id}-motion`} />
        Reduce motion
      </label>
      <p id={`${id}-motion`} className="dialog-note">
        No travelling messages: changes jump into place with a highlight, and what moved is read out.
        {systemReduced && " Your system asks for reduced motion, so it is always on."}
      </p>
      <label className="toggle">
        <input type="checkbox" checked={singleKeys} onChange={(e) => set({ singleKeys: e.currentTarget.checked })} />
        Single-key shortcuts (Space, “.”, B, R, Z, ?)
      </label>
    </InfoDialog>
  );
}
