import { useEffect, useRef, useState } from "react";
import { partWords } from "../canvas/fit";
import { useSettings } from "../store/settings";

/** How long a said change stays in the status (ms): cleared after, the same words are said again next time. */
const SAID_FOR_MS = 5000;

/**
 * Says in words when Zoom to step turns on or off: the `Z` key (src/ui/PresenterKeys.tsx) and a pan of
 * one's own change a button that does not have the focus, and the zoom itself is only seen. Nothing is
 * said as the page opens, nor while no lesson step shows the button, nor when the button itself has
 * the focus (the screen reader says "pressed" already).
 */
export function ZoomAnnouncer({ parts }: { parts: readonly string[] | null }) {
  const on = useSettings((s) => s.stepZoom);
  const [words, setWords] = useState("");
  const partsRef = useRef(parts);
  partsRef.current = parts;
  const last = useRef(on);
  useEffect(() => {
    if (last.current === on) return;
    last.current = on;
    const now = partsRef.current;
    const focused = typeof document !== "undefined" && document.activeElement?.classList.contains("step-zoom");
    if (!now?.length || focused) {
      setWords("");
      return;
    }
    setWords(on ? `Zoom to step on: ${now.map(partWords).join(", ")}.` : "Zoom to step off.");
    const t = setTimeout(() => setWords(""), SAID_FOR_MS);
    return () => clearTimeout(t);
  }, [on]);
  return (
    <p className="visually-hidden" role="status" aria-live="polite" aria-atomic="true">
      {words}
    </p>
  );
}
