import type { Lease, Node, NodeCondition, NodeStatus } from "../../api/types";
import { rfc3339 } from "../../time";
import { clone, timeOf } from "../objects";

/** --node-monitor-period default. */
export const NODE_MONITOR_PERIOD = 5_000;
/** --node-monitor-grace-period: 40s through v1.31, 50s from v1.32 (PR #126287). */
export const NODE_MONITOR_GRACE_PERIOD = 50_000;
/** --node-startup-grace-period default. */
export const NODE_STARTUP_GRACE_PERIOD = 60_000;

/** nodeHealthData: what the controller last saw of a node, and when it last heard from it. */
export interface NodeHealth {
  /** The node status as last observed. */
  status: NodeStatus;
  /** The last time a new heartbeat (Ready.lastHeartbeatTime or Lease renewTime) was seen, sim ms. */
  probeTimestamp: number;
  readyTransitionTimestamp: number;
  /** The renewTime of the last Lease seen (RFC 3339 micro). */
  leaseRenewTime?: string;
}

export interface HealthCheck {
  gracePeriod: number;
  /** The Ready condition before this check (a fake Unknown one if the kubelet never posted). */
  observedReady: NodeCondition;
  /** The Ready condition after this check (undefined if the node has none). */
  currentReady: NodeCondition | undefined;
  /** What to remember if the node is not updated (or the update fails). */
  health: NodeHealth;
  /** The node with Ready/MemoryPressure/DiskPressure/PIDPressure set to Unknown, to PUT to nodes/status. */
  update?: { node: Node; healthAfter: NodeHealth };
}

function condition(status: NodeStatus | undefined, type: NodeCondition["type"]): NodeCondition | undefined {
  return status?.conditions?.find((c) => c.type === type);
}

/**
 * tryUpdateNodeHealth (pkg/controller/nodelifecycle/node_lifecycle_controller.go), as a pure function.
 * probeTimestamp moves to `now` whenever Ready.lastHeartbeatTime or the node Lease's renewTime is new.
 * Once `now > probeTimestamp + grace` (50s; 60s for a node whose kubelet never posted status) the
 * Ready, MemoryPressure, DiskPressure and PIDPressure conditions become Unknown with reason
 * NodeStatusUnknown, "Kubelet stopped posting node status." (lastHeartbeatTime kept,
 * lastTransitionTime = now), and the node is written only if its Ready condition changed.
 */
export function checkNodeHealth(node: Node, saved: NodeHealth | undefined, lease: Lease | undefined, now: number, grace = NODE_MONITOR_GRACE_PERIOD, startupGrace = NODE_STARTUP_GRACE_PERIOD): HealthCheck {
  const created = timeOf(node.metadata.creationTimestamp);
  let currentReady = condition(node.status, "Ready");
  let observedReady: NodeCondition;
  let gracePeriod: number;
  let health: NodeHealth | undefined = saved ? { ...saved } : undefined;
  if (!currentReady) {
    observedReady = {
      type: "Ready",
      status: "Unknown",
      lastHeartbeatTime: node.metadata.creationTimestamp,
      lastTransitionTime: node.metadata.creationTimestamp,
      reason: "",
      message: "",
    };
    gracePeriod = startupGrace;
    if (health) health.status = node.status;
    else health = { status: node.status, probeTimestamp: created, readyTransitionTimestamp: created };
  } else {
    observedReady = { ...currentReady };
    gracePeriod = grace;
  }
  const savedCondition = saved ? condition(saved.status, "Ready") : undefined;
  const savedLease = saved?.leaseRenewTime;
  if (!health) {
    health = { status: node.status, probeTimestamp: now, readyTransitionTimestamp: now };
  } else if (!savedCondition && currentReady) {
    health = { status: node.status, probeTimestamp: now, readyTransitionTimestamp: now };
  } else if (savedCondition && !currentReady) {
    health = { status: node.status, probeTimestamp: now, readyTransitionTimestamp: now };
  } else if (savedCondition && currentReady && savedCondition.lastHeartbeatTime !== currentReady.lastHeartbeatTime) {
    const transition = savedCondition.lastTransitionTime !== currentReady.lastTransitionTime ? now : health.readyTransitionTimestamp;
    health = { status: node.status, probeTimestamp: now, readyTransitionTimestamp: transition };
  }
  // Always update the probe time when the node's Lease was renewed. (As upstream, a health record
  // replaced above forgets the lease it saw, so the next pass counts the lease as new again.)
  const renew = lease?.spec.renewTime;
  if (renew && (savedLease === undefined || timeOf(savedLease) < timeOf(renew))) {
    health = { ...health, leaseRenewTime: renew, probeTimestamp: now };
  }

  const result: HealthCheck = { gracePeriod, observedReady, currentReady, health };
  if (now > health.probeTimestamp + gracePeriod) {
    const nowTs = rfc3339(now);
    const updated = clone(node);
    updated.status.conditions = updated.status.conditions ?? [];
    for (const type of ["Ready", "MemoryPressure", "DiskPressure", "PIDPressure"] as const) {
      const c = updated.status.conditions.find((x) => x.type === type);
      if (!c) {
        updated.status.conditions.push({
          type,
          status: "Unknown",
          reason: "NodeStatusNeverUpdated",
          message: "Kubelet never posted node status.",
          lastHeartbeatTime: node.metadata.creationTimestamp,
          lastTransitionTime: nowTs,
        });
      } else if (c.status !== "Unknown") {
        c.status = "Unknown";
        c.reason = "NodeStatusUnknown";
        c.message = "Kubelet stopped posting node status.";
        c.lastTransitionTime = nowTs;
      }
    }
    currentReady = updated.status.conditions.find((x) => x.type === "Ready");
    const same =
      currentReady &&
      currentReady.status === observedReady.status &&
      currentReady.reason === observedReady.reason &&
      currentReady.message === observedReady.message &&
      currentReady.lastHeartbeatTime === observedReady.lastHeartbeatTime &&
      currentReady.lastTransitionTime === observedReady.lastTransitionTime;
    if (!same) {
      result.currentReady = currentReady;
      result.update = {
        node: updated,
        healthAfter: { status: updated.status, probeTimestamp: health.probeTimestamp, readyTransitionTimestamp: now, leaseRenewTime: renew },
      };
    }
  }
  return result;
}

/** Whether a node is Unknown by now: exactly when now > probeTimestamp + grace. */
export function nodeHealthExpired(probeTimestamp: number, now: number, grace = NODE_MONITOR_GRACE_PERIOD): boolean {
  return now > probeTimestamp + grace;
}
