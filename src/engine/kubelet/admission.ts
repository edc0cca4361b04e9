import type { Node, Pod } from "../api/types";
import { parseMilli as milliCPU, parseValue as units } from "../api/quantity";

export type Admission = { admit: true } | { admit: false; reason: string; message: string };

interface Requests {
  cpu: number;
  memory: number;
  "ephemeral-storage": number;
}

/** A pod's effective requests: the larger of its containers' sum and its largest init container. */
export function podRequests(pod: Pod): Requests {
  const sum: Requests = { cpu: 0, memory: 0, "ephemeral-storage": 0 };
  for (const c of pod.spec.containers) add(sum, c.resources?.requests ?? c.resources?.limits);
  for (const c of pod.spec.initContainers ?? []) {
    const one: Requests = { cpu: 0, memory: 0, "ephemeral-storage": 0 };
    add(one, c.resources?.requests ?? c.resources?.limits);
    sum.cpu = Math.max(sum.cpu, one.cpu);
    sum.memory = Math.max(sum.memory, one.memory);
    sum["ephemeral-storage"] = Math.max(sum["ephemeral-storage"], one["ephemeral-storage"]);
  }
  return sum;
}

function add(into: Requests, r: Record<string, string | undefined> | undefined): void {
  into.cpu += milliCPU(r?.cpu);
  into.memory += units(r?.memory);
  into["ephemeral-storage"] += units(r?.["ephemeral-storage"]);
}

/**
 * The kubelet's admission of a pod bound to its node (pkg/kubelet/lifecycle/predicate.go with the
 * scheduler's generalFilter): the pod must fit what the node has left (pods, cpu, memory, ephemeral
 * storage, in that order) and match the node's labels. A failure names the first reason:
 * `OutOfcpu` "Node didn't have enough resource: cpu, requested: 3000, used: 0, capacity: 2000".
 */
export function canAdmitPod(pod: Pod, active: Pod[], node: Node | undefined): Admission {
  if (!node) return { admit: true };
  const alloc = node.status.allocatable ?? {};
  const used: Requests = { cpu: 0, memory: 0, "ephemeral-storage": 0 };
  for (const p of active) {
    const r = podRequests(p);
    used.cpu += r.cpu;
    used.memory += r.memory;
    used["ephemeral-storage"] += r["ephemeral-storage"];
  }
  const maxPods = units(alloc.pods ?? "110");
  if (active.length + 1 > maxPods) return insufficient("pods", 1, active.length, maxPods);
  const req = podRequests(pod);
  const capCPU = milliCPU(alloc.cpu);
  if (req.cpu > 0 && req.cpu > capCPU - used.cpu) return insufficient("cpu", req.cpu, used.cpu, capCPU);
  const capMem = units(alloc.memory);
  if (req.memory > 0 && req.memory > capMem - used.memory) return insufficient("memory", req.memory, used.memory, capMem);
  const capEph = units(alloc["ephemeral-storage"]);
  if (req["ephemeral-storage"] > 0 && req["ephemeral-storage"] > capEph - used["ephemeral-storage"])
    return insufficient("ephemeral-storage", req["ephemeral-storage"], used["ephemeral-storage"], capEph);
  const labels = node.metadata.labels ?? {};
  for (const [k, v] of Object.entries(pod.spec.nodeSelector ?? {})) {
    if (labels[k] !== v) return { admit: false, reason: "NodeAffinity", message: "Predicate NodeAffinity failed" };
  }
  return { admit: true };
}

function insufficient(resource: string, requested: number, used: number, capacity: number): Admission {
  return {
    admit: false,
    reason: `OutOf${resource}`,
    message: `Node didn't have enough resource: ${resource}, requested: ${requested}, used: ${used}, capacity: ${capacity}`,
  };
}
