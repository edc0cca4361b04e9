import { useEffect, useRef, useState } from "react";
import { partWords } from "../canvas/fit";
import { useSettings } from "../store/settings";

/**
 * Says in words when Zoom to step turns on or off: the `Z` key (src/ui/PresenterKeys.tsx) and a pan of
 * one's own change a button that does not have the focus, and the zoom itself is only seen. Nothing is
 * said as the page opens, nor while no lesson step shows the button.
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
    if (!now?.length) return;
    setWords(on ? `Zoom to step on: ${now.map(partWords).join(", ")}.` : "Zoom to step off.");
  }, [on]);
  return (
    <p className="visually-hidden" role="status" aria-live="polite" aria-atomic="true">
      {words}
    </p>
  );
}
