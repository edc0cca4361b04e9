import { status, type Status } from "../framework";
import type { NodeInfo } from "../nodeinfo";

/** NodeName (pkg/scheduler/framework/plugins/nodename/node_name.go): a pod that names a node fits only there. */
export const NAME = "NodeName";
export const ERR_REASON = "node(s) didn't match the requested node name";

const REJECT = status("UnschedulableAndUnresolvable", NAME, ERR_REASON);

export function filter(podNodeName: string, ni: NodeInfo): Status | null {
  return podNodeName === "" || podNodeName === ni.name ? null : REJECT;
}
