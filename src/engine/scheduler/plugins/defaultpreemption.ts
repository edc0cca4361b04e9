import type { Pod } from "../../api/types";
import { Diagnosis, FitError, status, type Status } from "../framework";
import type { NodeInfo } from "../nodeinfo";
import * as noderesources from "./noderesources";
import * as nodeports from "./nodeports";

/**
 * DefaultPreemption, the PostFilter plugin (pkg/scheduler/framework/plugins/defaultpreemption/default_preemption.go,
 * pkg/scheduler/framework/preemption/preemption.go), as far as it decides the FailedScheduling message:
 *
 *  - a pod with preemptionPolicy Never: "preemption: not eligible due to preemptionPolicy=Never.";
 *  - nodes whose filter status is UnschedulableAndUnresolvable are not candidates: they count as
 *    "Preemption is not helpful for scheduling" (the absent-node status of the preemption FitError);
 *  - each Unschedulable node is dry-run: with no pods of lower priority than the incoming pod on it,
 *    "No preemption victims found for incoming pod" (SelectVictimsOnNode);
 *  - the result is "preemption: " + FitError.Error() of that diagnosis.
 *
 * Not simulated: evicting victims. When lower-priority pods exist and removing them would make the pod fit
 * (checked for NodeResourcesFit and NodePorts), upstream would preempt and nominate the node; here the
 * result reports `candidate` and the message carries no preemption part, as upstream's does on success.
 */
export const NAME = "DefaultPreemption";
export const NOT_HELPFUL = "Preemption is not helpful for scheduling";
export const NO_VICTIMS = "No preemption victims found for incoming pod";

const NOT_HELPFUL_STATUS = status("UnschedulableAndUnresolvable", NAME, NOT_HELPFUL);
const NO_VICTIMS_STATUS = status("UnschedulableAndUnresolvable", NAME, NO_VICTIMS);

export interface PostFilterResult {
  /** The PostFilter status message ("" on success). */
  message: string;
  /** A node where evicting lower-priority pods would make room (upstream would preempt there). */
  candidate: string | null;
}

export function postFilter(
  pod: Pod,
  podReq: { cpu: number; mem: number },
  podPorts: string[] | null,
  diagnosis: Diagnosis,
  allNodes: NodeInfo[],
): PostFilterResult {
  if (pod.spec.preemptionPolicy === "Never") return { message: "preemption: not eligible due to preemptionPolicy=Never.", candidate: null };
  const priority = pod.spec.priority ?? 0;
  const d = new Diagnosis();
  d.absentNodesStatus = NOT_HELPFUL_STATUS;
  for (const ni of allNodes) {
    const s = diagnosis.nodeToStatus.get(ni.name) ?? diagnosis.absentNodesStatus;
    if (!s || s.code !== "Unschedulable") continue;
    const victims = ni.pods.filter((p) => p.priority < priority);
    if (victims.length === 0) {
      d.nodeToStatus.set(ni.name, NO_VICTIMS_STATUS);
      continue;
    }
    const after = dryRun(podReq, podPorts, ni, victims, s);
    if (after === null) return { message: "", candidate: ni.name };
    d.nodeToStatus.set(ni.name, after);
  }
  return { message: "preemption: " + new FitError(allNodes.length, d).message(), candidate: null };
}

/** The node's status with the victims removed, for the plugins whose state is per node (Fit, NodePorts). */
function dryRun(podReq: { cpu: number; mem: number }, podPorts: string[] | null, ni: NodeInfo, victims: NodeInfo["pods"], s: Status): Status | null {
  if (s.plugin !== noderesources.FIT && s.plugin !== nodeports.NAME) return s;
  let cpu = ni.reqCpu;
  let mem = ni.reqMem;
  const ports = new Map(ni.usedPorts ?? []);
  for (const v of victims) {
    cpu -= v.cpu;
    mem -= v.mem;
    for (const p of v.hostPorts ?? []) {
      const n = (ports.get(p) ?? 0) - 1;
      if (n > 0) ports.set(p, n);
      else ports.delete(p);
    }
  }
  const tooMany = ni.pods.length - victims.length + 1 > ni.allowedPods;
  const zero = podReq.cpu === 0 && podReq.mem === 0;
  const fit = noderesources.fitStatus(
    tooMany,
    !zero && podReq.cpu > 0 && podReq.cpu > ni.allocCpu - cpu,
    !zero && podReq.mem > 0 && podReq.mem > ni.allocMem - mem,
  );
  if (fit) return fit;
  if (podPorts && podPorts.some((p) => ports.has(p))) return status("Unschedulable", nodeports.NAME, nodeports.ERR_REASON);
  return null;
}
