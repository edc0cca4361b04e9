import { useEffect, useState } from "react";
import { onLessonControls } from "../store/lessonControls";
import { useCluster } from "../store/store";
import { useSingleKey } from "../store/settings";
import { stepCounter } from "./labels";
import * as presenter from "./presenter";

/** The step counter's words: "Step 2 of 7" in a lesson, else "Step 3"; and whether a lesson is open. */
function useStepLabel(): { label: string; lesson: boolean } {
  const [, bump] = useState(0);
  useEffect(() => {
    const rerender = () => bump((n) => n + 1);
    const stops = [presenter.onPresenterStep(rerender)];
    let lessonStop: (() => void) | null = null;
    stops.push(
      onLessonControls((c) => {
        lessonStop?.();
        lessonStop = c ? c.subscribe(rerender) : null;
        rerender();
      }),
    );
    return () => {
      stops.forEach((s) => s());
      lessonStop?.();
    };
  }, []);
  const s = presenter.presenterState();
  return { label: stepCounter(s.step, s.steps), lesson: !!s.steps };
}

/**
 * The embed's minimal controls (`embed=1`, unless `controls=0`): Back, Play/Pause, Next, Reset, the
 * step counter and the keyboard shortcuts (the `?` key's button). Never takes focus by itself.
 */
export function StepBar({ onHelp }: { onHelp: () => void }) {
  const playing = useCluster((s) => s.playback.playing);
  const { label, lesson } = useStepLabel();
  const [resetKey, helpKey] = [useSingleKey("R"), useSingleKey("?")];
  return (
    <nav className="step-bar" aria-label="Steps">
      <button type="button" className="btn" onClick={presenter.prev} aria-keyshortcuts="ArrowLeft">
        ← Back
      </button>
      <button type="button" className="btn btn-primary" onClick={presenter.togglePlay}>
        {playing ? "Pause" : "Play"}
      </button>
      <button type="button" className="btn" onClick={presenter.next} aria-keyshortcuts="ArrowRight">
        Next →
      </button>
      {/* In a lesson the step is read out with its narration (LessonAnnouncer): no second announcement here. */}
      <span className="step-count" aria-live={lesson ? undefined : "polite"}>
        {label}
      </span>
      <button type="button" className="btn" onClick={presenter.reset} aria-keyshortcuts={resetKey}>
        Reset
      </button>
      <button type="button" className="btn btn-icon" onClick={onHelp} aria-keyshortcuts={helpKey} aria-haspopup="dialog" aria-label="Keyboard shortcuts" title={helpKey ? "Keyboard shortcuts (?)" : "Keyboard shortcuts"}>
        ?
      </button>
    </nav>
  );
}
