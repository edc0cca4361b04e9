import { InfoDialog } from "./Dialog";
import { useSettings, appSettings } from "../store/settings";

/** The presenter's keys, as the help dialog lists them (src/ui/keyboard.ts decides). */
export const KEY_HELP: readonly { keys: string[]; what: string; single?: boolean }[] = [
  { keys: ["→", "PageDown"], what: "Next step (in a lesson, its next step; otherwise the next message, then pause)" },
  { keys: ["←", "PageUp"], what: "Back a step" },
  { keys: ["Space"], what: "In a lesson, next step; otherwise play or pause", single: true },
  { keys: [".", "B"], what: "Pause (a clicker's blank-screen button)", single: true },
  { keys: ["R"], what: "Reset: the lesson to its first step, or the cluster to the moment this page opened at", single: true },
  { keys: ["Z"], what: "In a lesson, Zoom to step on or off: the step's parts, or the whole cluster", single: true },
  { keys: ["?"], what: "This help", single: true },
];

/**
 * "?" help: the keys, and the switch for single-key shortcuts (for speech input and switch access,
 * where a stray letter must not act: WCAG 2.1.4).
 */
export function HelpDialog({ onClose }: { onClose: () => void }) {
  const singleKeys = useSettings((s) => s.singleKeys);
  const embed = useSettings((s) => s.embed);
  return (
    <InfoDialog title="Keyboard shortcuts" onClose={onClose}>
      <table className="key-table">
        <caption className="visually-hidden">Keys and what they do</caption>
        <thead>
          <tr>
            <th scope="col">Key</th>
            <th scope="col">Does</th>
          </tr>
        </thead>
        <tbody>
          {KEY_HELP.map((k) => (
            <tr key={k.what} className={k.single && !singleKeys ? "key-off" : undefined}>
              <td>
                {k.keys.map((key, i) => (
                  <span key={key}>
                    {i > 0 && " or "}
                    <kbd>{key}</kbd>
                  </span>
                ))}
              </td>
              <td>
                {k.what}
                {k.single && !singleKeys && " (off)"}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="dialog-note">Keys never act while you type in the command bar or a field. Every key has a button too.</p>
      {embed && <p className="dialog-note">Embedded in slides, PageUp, PageDown, “.” and B go to the slides, so a clicker still moves them.</p>}
      <label className="toggle">
        <input type="checkbox" checked={singleKeys} onChange={(e) => appSettings().getState().set({ singleKeys: e.currentTarget.checked })} />
        Single-key shortcuts (Space, “.”, B, R, Z, ?)
      </label>
    </InfoDialog>
  );
}
