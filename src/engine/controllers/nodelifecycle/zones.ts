import type { Node, NodeCondition } from "../../api/types";

/** --node-eviction-rate: nodes per second per zone whose NoExecute taint may be added. */
export const NODE_EVICTION_RATE = 0.1;
/** --secondary-node-eviction-rate: the rate in a partially disrupted large zone. */
export const SECONDARY_NODE_EVICTION_RATE = 0.01;
/** --unhealthy-zone-threshold. */
export const UNHEALTHY_ZONE_THRESHOLD = 0.55;
/** --large-cluster-size-threshold. */
export const LARGE_CLUSTER_SIZE_THRESHOLD = 50;
/** Nodes with this label are left out of the zone counts. */
export const EXCLUDE_DISRUPTION_LABEL = "node.kubernetes.io/exclude-disruption";

export type ZoneState = "Initial" | "Normal" | "PartialDisruption" | "FullDisruption";

/** nodetopology.GetZoneKey: region and zone labels joined by ":\0:"; "" for a node with neither. */
export function zoneKey(node: Node): string {
  const l = node.metadata.labels ?? {};
  const region = l["topology.kubernetes.io/region"] ?? l["failure-domain.beta.kubernetes.io/region"] ?? "";
  const zone = l["topology.kubernetes.io/zone"] ?? l["failure-domain.beta.kubernetes.io/zone"] ?? "";
  if (!region && !zone) return "";
  return `${region}:\x00:${zone}`;
}

/**
 * ComputeZoneState: FullDisruption when no node is Ready; PartialDisruption when more than 2 nodes are
 * not Ready and they are at least 55% of the zone; Normal otherwise. A node without a Ready condition
 * counts as not Ready.
 */
export function computeZoneState(readyConditions: (NodeCondition | undefined)[]): { notReady: number; state: ZoneState } {
  let ready = 0;
  let notReady = 0;
  for (const c of readyConditions) {
    if (c && c.status === "True") ready++;
    else notReady++;
  }
  if (ready === 0 && notReady > 0) return { notReady, state: "FullDisruption" };
  if (notReady > 2 && notReady / (notReady + ready) >= UNHEALTHY_ZONE_THRESHOLD) return { notReady, state: "PartialDisruption" };
  return { notReady, state: "Normal" };
}

/** setLimiterInZone: the NoExecute tainting rate for a zone in a state (ReducedQPSFunc / HealthyQPSFunc). */
export function zoneEvictionQPS(state: ZoneState, zoneSize: number): number {
  switch (state) {
    case "Normal":
      return NODE_EVICTION_RATE;
    case "PartialDisruption":
      return zoneSize > LARGE_CLUSTER_SIZE_THRESHOLD ? SECONDARY_NODE_EVICTION_RATE : 0;
    case "FullDisruption":
      return NODE_EVICTION_RATE;
    default:
      return NODE_EVICTION_RATE;
  }
}

export interface DisruptionDecision {
  /** The zone states to keep from now on. */
  zoneStates: Map<string, ZoneState>;
  /** New NoExecute tainting rates, by zone. */
  limiters: Map<string, number>;
  /** Entering "master disruption mode": remove every node's NoExecute taints and stop evictions. */
  enterMasterDisruption: boolean;
  /** Leaving it: reset every node's probe timestamp to now. */
  exitMasterDisruption: boolean;
  /** Zones whose state changed, for the log. */
  changed: { zone: string; state: ZoneState }[];
}

/**
 * handleDisruption (node_lifecycle_controller.go), as a pure function of this pass's Ready conditions
 * per zone and the zone states of the last pass. Zones are visited in name order (Go visits a map).
 */
export function handleDisruption(zoneToConditions: Map<string, (NodeCondition | undefined)[]>, previous: Map<string, ZoneState>): DisruptionDecision {
  const states = new Map(previous);
  const newStates = new Map<string, ZoneState>();
  const limiters = new Map<string, number>();
  const changed: { zone: string; state: ZoneState }[] = [];
  let allAreFull = true;
  for (const zone of [...zoneToConditions.keys()].sort()) {
    const { state } = computeZoneState(zoneToConditions.get(zone)!);
    if (state !== "FullDisruption") allAreFull = false;
    newStates.set(zone, state);
    if (!states.has(zone)) states.set(zone, "Initial");
  }
  let allWasFull = true;
  for (const zone of [...states.keys()].sort()) {
    if (!zoneToConditions.has(zone)) {
      states.delete(zone);
      continue;
    }
    if (states.get(zone) !== "FullDisruption") {
      allWasFull = false;
      break;
    }
  }
  const decision: DisruptionDecision = { zoneStates: states, limiters, enterMasterDisruption: false, exitMasterDisruption: false, changed };
  if (allAreFull && allWasFull) return decision;
  if (allAreFull) {
    decision.enterMasterDisruption = true;
    for (const zone of states.keys()) {
      limiters.set(zone, 0);
      states.set(zone, "FullDisruption");
    }
    return decision;
  }
  if (allWasFull) {
    decision.exitMasterDisruption = true;
    for (const zone of [...states.keys()]) {
      const s = newStates.get(zone)!;
      limiters.set(zone, zoneEvictionQPS(s, zoneToConditions.get(zone)?.length ?? 0));
      states.set(zone, s);
    }
    return decision;
  }
  for (const zone of [...states.keys()].sort()) {
    const s = newStates.get(zone);
    if (!s || states.get(zone) === s) continue;
    limiters.set(zone, zoneEvictionQPS(s, zoneToConditions.get(zone)?.length ?? 0));
    states.set(zone, s);
    changed.push({ zone, state: s });
  }
  return decision;
}
