import type { Pod } from "./types";

/**
 * A pod's QoS class (v1qos.GetPodQOS, pkg/apis/core/helper/qos/qos.go): BestEffort with no requests
 * or limits at all, Guaranteed when every container limits cpu and memory and requests what it
 * limits, Burstable otherwise. The API server sets it on create; the kubelet reads it back.
 */
export function qosClass(pod: Pod): "Guaranteed" | "Burstable" | "BestEffort" {
  const cs = pod.spec.containers;
  const any = cs.some((c) => Object.keys(c.resources?.requests ?? {}).length || Object.keys(c.resources?.limits ?? {}).length);
  if (!any) return "BestEffort";
  const guaranteed = cs.every((c) => {
    const l = c.resources?.limits ?? {};
    const r = c.resources?.requests ?? {};
    return l.cpu && l.memory && (r.cpu ?? l.cpu) === l.cpu && (r.memory ?? l.memory) === l.memory;
  });
  return guaranteed ? "Guaranteed" : "Burstable";
}
