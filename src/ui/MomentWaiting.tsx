import { useEffect, useState } from "react";
import { useCluster } from "../store/store";
import { formatSimClock } from "./labels";
import { openedMoment } from "./presenter";

/** Below this wait (wall ms) nothing is said: most moments open in well under a second. */
export const WAITING_SHOWN_AFTER_MS = 600;

/**
 * While the simulation replays its way to the link's moment (a `t=24h` link takes tens of seconds),
 * the canvas says so in words instead of staying blank: a status over it, until the first cluster is in.
 */
export function MomentWaiting() {
  const hydrated = useCluster((s) => s.hydrated);
  // A simulation that failed is not running to anything: its banner says so.
  const failed = useCluster((s) => s.error !== null);
  const [late, setLate] = useState(false);
  useEffect(() => {
    if (hydrated) return;
    const timer = setTimeout(() => setLate(true), WAITING_SHOWN_AFTER_MS);
    return () => clearTimeout(timer);
  }, [hydrated]);
  if (hydrated || failed || !late) return null;
  const time = openedMoment().time;
  return (
    <div className="canvas-callout moment-waiting" role="status">
      <span className="moment-waiting-spinner" aria-hidden="true" />
      {time ? `Running the simulation to ${formatSimClock(time)}, the link's moment…` : "Starting the simulation…"}
    </div>
  );
}
