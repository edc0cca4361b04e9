import type { Node } from "../../api/types";
import { MAX_NODE_SCORE, status, type Status } from "../framework";
import type { NodeInfo, PodRequests } from "../nodeinfo";
import { parseCpu, parseMemory, parseValue } from "../../api/quantity";

/**
 * NodeResourcesFit and NodeResourcesBalancedAllocation (pkg/scheduler/framework/plugins/noderesources/
 * fit.go, least_allocated.go, balanced_allocation.go, resource_allocation.go), for cpu, memory and pods.
 *
 * Fit filter (fitsRequest): "Too many pods" when pods+1 > allocatable pods; then, unless the pod requests
 * nothing, "Insufficient cpu" / "Insufficient memory" when the request exceeds allocatable − requested.
 * All reasons are kept, in that order, in one Unschedulable status.
 * Fit score (LeastAllocated, cpu:memory weights 1:1): per resource (allocatable − requested)·100/allocatable
 * with requested = the node's NonZeroRequested + the pod's non-zero request; the weighted average,
 * integer division. Weight 1.
 * BalancedAllocation score: fractions requested/allocatable (Requested, not NonZero; capped at 1),
 * std = |f_cpu − f_mem| / 2, score = trunc((1 − std)·100). Weight 1.
 */
export const FIT = "NodeResourcesFit";
export const BALANCED = "NodeResourcesBalancedAllocation";

export const REASON_TOO_MANY_PODS = "Too many pods";
export const REASON_INSUFFICIENT_CPU = "Insufficient cpu";
export const REASON_INSUFFICIENT_MEMORY = "Insufficient memory";

// One frozen status per combination of failures: a failing node costs no allocation.
const FIT_STATUSES: (Status | null)[] = [];
for (let i = 0; i < 8; i++) {
  const reasons: string[] = [];
  if (i & 4) reasons.push(REASON_TOO_MANY_PODS);
  if (i & 2) reasons.push(REASON_INSUFFICIENT_CPU);
  if (i & 1) reasons.push(REASON_INSUFFICIENT_MEMORY);
  FIT_STATUSES.push(i === 0 ? null : status("Unschedulable", FIT, ...reasons));
}

export function fitStatus(tooMany: boolean, cpu: boolean, mem: boolean): Status | null {
  return FIT_STATUSES[(tooMany ? 4 : 0) | (cpu ? 2 : 0) | (mem ? 1 : 0)];
}

/** fitsRequest: the failure bits (4 pods, 2 cpu, 1 memory). */
export function insufficient(req: { cpu: number; mem: number }, ni: NodeInfo): number {
  let bits = ni.pods.length + 1 > ni.allowedPods ? 4 : 0;
  if (req.cpu === 0 && req.mem === 0) return bits;
  if (req.cpu > 0 && req.cpu > ni.allocCpu - ni.reqCpu) bits |= 2;
  if (req.mem > 0 && req.mem > ni.allocMem - ni.reqMem) bits |= 1;
  return bits;
}

export function filter(req: { cpu: number; mem: number }, ni: NodeInfo): Status | null {
  return FIT_STATUSES[insufficient(req, ni)];
}

/** leastRequestedScore. */
export function leastRequestedScore(requested: number, capacity: number): number {
  if (capacity === 0) return 0;
  if (requested > capacity) return 0;
  return Math.trunc(((capacity - requested) * MAX_NODE_SCORE) / capacity);
}

/** Fit's Score with the LeastAllocated strategy, resources cpu and memory weighted 1:1. */
export function leastAllocatedScore(req: PodRequests, ni: NodeInfo): number {
  let nodeScore = 0;
  let weightSum = 0;
  if (ni.allocCpu !== 0) {
    nodeScore += leastRequestedScore(ni.nonZeroCpu + req.nonZeroCpu, ni.allocCpu);
    weightSum += 1;
  }
  if (ni.allocMem !== 0) {
    nodeScore += leastRequestedScore(ni.nonZeroMem + req.nonZeroMem, ni.allocMem);
    weightSum += 1;
  }
  if (weightSum === 0) return 0;
  return Math.trunc(nodeScore / weightSum);
}

/** balancedResourceScorer with Requested (useRequested: true) and the pod's own requests. */
export function balancedAllocationScore(req: PodRequests, ni: NodeInfo): number {
  let f0 = -1;
  let f1 = -1;
  if (ni.allocCpu !== 0) f0 = Math.min(1, (ni.reqCpu + req.cpu) / ni.allocCpu);
  if (ni.allocMem !== 0) f1 = Math.min(1, (ni.reqMem + req.mem) / ni.allocMem);
  // With fewer than two resources the standard deviation is 0.
  const std = f0 >= 0 && f1 >= 0 ? Math.abs((f0 - f1) / 2) : 0;
  return Math.trunc((1 - std) * MAX_NODE_SCORE);
}

/** Queueing hint isFit: would the pod fit this node if it were empty? */
export function fitsEmptyNode(req: { cpu: number; mem: number }, node: Node): boolean {
  const a = node.status?.allocatable ?? {};
  if (1 > parseValue(a.pods)) return false;
  if (req.cpu === 0 && req.mem === 0) return true;
  if (req.cpu > 0 && req.cpu > parseCpu(a.cpu)) return false;
  if (req.mem > 0 && req.mem > parseMemory(a.memory)) return false;
  return true;
}

/** Queueing hint haveAnyRequestedResourcesIncreased. */
export function requestedResourcesIncreased(req: { cpu: number; mem: number }, oldNode: Node, newNode: Node): boolean {
  const a = oldNode.status?.allocatable ?? {};
  const b = newNode.status?.allocatable ?? {};
  if (parseValue(b.pods) > parseValue(a.pods)) return true;
  if (req.cpu === 0 && req.mem === 0) return false;
  if (req.cpu > 0 && parseCpu(b.cpu) > parseCpu(a.cpu)) return true;
  if (req.mem > 0 && parseMemory(b.memory) > parseMemory(a.memory)) return true;
  return false;
}

/** Queueing hint for a Node event: added and fits when empty, or updated with more of what the pod requests. */
export function nodeChangeMakesSchedulable(req: { cpu: number; mem: number }, oldNode: Node | null, newNode: Node): boolean {
  if (!fitsEmptyNode(req, newNode)) return false;
  if (!oldNode) return true;
  return requestedResourcesIncreased(req, oldNode, newNode);
}
