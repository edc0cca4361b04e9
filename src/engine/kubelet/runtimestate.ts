import type { SimTime } from "../time";
import { goDuration } from "./goduration";

/** maxWaitForContainerRuntime: the runtime counts as down when its last good status is older than this. */
export const RUNTIME_SYNC_THRESHOLD: SimTime = 30_000;
/** GenericPLEG RelistThreshold: the PLEG is unhealthy when its last relist is older than this. */
export const PLEG_RELIST_THRESHOLD: SimTime = 3 * 60_000;

/** `network state unknown` (pkg/kubelet: ErrNetworkUnknown), the network error until the runtime answered. */
const ERR_NETWORK_UNKNOWN = "network state unknown";

/**
 * The kubelet's runtimeState (pkg/kubelet/runtime.go): what it knows of the container runtime and
 * the pod network, which decides the node's Ready condition and gates pod syncs.
 */
export class RuntimeState {
  /** When updateRuntimeUp last completed (the runtime answered and the dependent modules were up). */
  lastBaseRuntimeSync: SimTime = -1;
  networkError: string | null = ERR_NETWORK_UNKNOWN;
  runtimeError: string | null = null;
  constructor(
    /** When the PLEG last relisted successfully; -1 until its first relist. */
    private readonly plegRelistTime: () => SimTime,
  ) {}

  reset(): void {
    this.lastBaseRuntimeSync = -1;
    this.networkError = ERR_NETWORK_UNKNOWN;
    this.runtimeError = null;
  }

  runtimeErrors(now: SimTime): string[] {
    const errs: string[] = [];
    if (this.lastBaseRuntimeSync < 0) errs.push("container runtime status check may not have completed yet");
    else if (!(this.lastBaseRuntimeSync + RUNTIME_SYNC_THRESHOLD > now)) errs.push("container runtime is down");
    // The PLEG health check (GenericPLEG.Healthy), registered as runtimeState health check "PLEG".
    const relist = this.plegRelistTime();
    if (relist < 0) errs.push("PLEG is not healthy: pleg has yet to be successful");
    else if (now - relist > PLEG_RELIST_THRESHOLD)
      errs.push(`PLEG is not healthy: pleg was last seen active ${goDuration(now - relist)} ago; threshold is ${goDuration(PLEG_RELIST_THRESHOLD)}`);
    if (this.runtimeError) errs.push(this.runtimeError);
    return errs;
  }

  networkErrors(): string[] {
    return this.networkError ? [this.networkError] : [];
  }

  /** The NodeReady condition's message when not ready (setters.go ReadyCondition), or null. */
  readyError(now: SimTime): string | null {
    return aggregate([...this.runtimeErrors(now), ...this.networkErrors()]);
  }
}

/**
 * k8s.io/apimachinery/pkg/util/errors Aggregate.Error(): one error reads as itself, several as
 * `[a, b]` with duplicates dropped.
 */
export function aggregate(errs: string[]): string | null {
  const seen: string[] = [];
  for (const e of errs) if (!seen.includes(e)) seen.push(e);
  if (!seen.length) return null;
  if (errs.length === 1) return errs[0];
  return seen.length === 1 ? seen[0] : `[${seen.join(", ")}]`;
}
