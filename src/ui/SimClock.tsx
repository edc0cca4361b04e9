import { useRef } from "react";
import { describeRate, foregroundFlows } from "./rate";
import { formatSimClock } from "./labels";
import { useCluster } from "../store/store";
import { useSimNowPainter } from "./useSimNow";

/**
 * The true sim clock, always on screen as text, and what the clock is doing: "paused",
 * "×0.002 (slowed: 4 messages in flight)", "fast-forward ×40". Not a live region: it changes every frame.
 */
export function SimClock() {
  const timeRef = useRef<HTMLTimeElement>(null);
  useSimNowPainter((now) => {
    if (timeRef.current) timeRef.current.textContent = formatSimClock(now);
  });
  // A string, so the clock's words re-render only when they change.
  const rate = useCluster((s) => describeRate(s.playback, foregroundFlows(s.flows)));
  return (
    <p className="sim-clock">
      <span className="sim-clock-line">
        <span className="sim-clock-label">sim time</span>{" "}
        {/* Painted on every animation frame by useSimNowPainter, not by React. */}
        <time ref={timeRef} className="sim-clock-value" />
      </span>{" "}
      <span className="sim-rate">{rate}</span>
    </p>
  );
}
