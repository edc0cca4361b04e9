import type { Pod } from "../../api/types";
import { status, type Status } from "../framework";
import { hostPortsOf, type NodeInfo } from "../nodeinfo";

/**
 * NodePorts (pkg/scheduler/framework/plugins/nodeports/node_ports.go): a pod asking for host ports fits
 * only where none of them is taken (HostPortInfo.CheckConflict; with no hostIP every port binds
 * 0.0.0.0, so the same protocol and port conflict). Status Unschedulable. PreFilter skips pods without
 * host ports.
 */
export const NAME = "NodePorts";
export const ERR_REASON = "node(s) didn't have free ports for the requested pod ports";

const REJECT = status("Unschedulable", NAME, ERR_REASON);

export function preFilter(pod: Pod): string[] | null {
  return hostPortsOf(pod.spec.containers);
}

export function fitsPorts(wanted: string[], ni: NodeInfo): boolean {
  const used = ni.usedPorts;
  if (!used || used.size === 0) return true;
  for (let i = 0; i < wanted.length; i++) if (used.has(wanted[i])) return false;
  return true;
}

export function filter(wanted: string[], ni: NodeInfo): Status | null {
  return fitsPorts(wanted, ni) ? null : REJECT;
}
