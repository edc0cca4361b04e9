import { useCluster } from "../store/store";
import { WarningIcon } from "./WarningIcon";

/**
 * When the simulation crashed (the worker threw, the protocol did not match): says so in plain words
 * and offers a restart from the seed and the action log, instead of a frozen page.
 */
export function ErrorBanner() {
  const error = useCluster((s) => s.error);
  const restart = useCluster((s) => s.restart);
  if (!error) return null;
  return (
    <div className="error-banner" role="alert">
      <WarningIcon className="error-banner-icon" />
      <p className="error-banner-text">The simulation stopped: {withoutLeadIn(error)}</p>
      <button type="button" className="btn btn-primary" onClick={restart}>
        Restart simulation
      </button>
    </div>
  );
}

/** The store's message may already start with "The simulation crashed:"; the banner says that part itself. */
function withoutLeadIn(message: string): string {
  return message.replace(/^The simulation (stopped|crashed)\s*:\s*/i, "");
}
