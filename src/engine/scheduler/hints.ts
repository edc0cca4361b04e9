import type { Node, Pod } from "../api/types";
import { PluginNames } from "./framework";
import { podAffinityInfo, podRequests, type PodAffinityInfo } from "./nodeinfo";
import * as interpodaffinity from "./plugins/interpodaffinity";
import * as nodeaffinity from "./plugins/nodeaffinity";
import * as nodeports from "./plugins/nodeports";
import * as noderesources from "./plugins/noderesources";
import * as nodeunschedulable from "./plugins/nodeunschedulable";
import * as podtopologyspread from "./plugins/podtopologyspread";
import * as tainttoleration from "./plugins/tainttoleration";
import type { QueuedPodInfo } from "./queue";
import { sameStringMap } from "./cache";

/**
 * Cluster events and queueing hints (SchedulerQueueingHints, on by default in v1.32): when something
 * changes, an unschedulable pod is retried only if a plugin that rejected it says the change may help
 * (each plugin's EventsToRegister + QueueingHintFn, simplified to the questions below). A pod with no
 * rejecting plugin on record is retried on any event.
 */
export type ClusterEvent =
  | { type: "NodeAdd"; node: Node }
  | { type: "NodeUpdate"; oldNode: Node; node: Node; changes: NodeChanges }
  | { type: "AssignedPodAdd"; pod: Pod }
  | { type: "AssignedPodUpdate"; oldPod: Pod; pod: Pod }
  | { type: "AssignedPodDelete"; pod: Pod };

/** framework.NodeSchedulingPropertiesChange, reduced to the action types plugins register for. */
export interface NodeChanges {
  /** UpdateNodeAllocatable. */
  allocatable: boolean;
  /** UpdateNodeLabel. */
  labels: boolean;
  /** UpdateNodeTaint (spec.taints or spec.unschedulable). */
  taints: boolean;
}

export function nodeChanges(oldNode: Node, node: Node): NodeChanges {
  const oa = oldNode.status?.allocatable ?? {};
  const na = node.status?.allocatable ?? {};
  return {
    allocatable: oa.cpu !== na.cpu || oa.memory !== na.memory || oa.pods !== na.pods || oa["ephemeral-storage"] !== na["ephemeral-storage"],
    labels: !sameStringMap(oldNode.metadata.labels, node.metadata.labels),
    taints:
      !!oldNode.spec.unschedulable !== !!node.spec.unschedulable ||
      (oldNode.spec.taints !== node.spec.taints && JSON.stringify(oldNode.spec.taints ?? []) !== JSON.stringify(node.spec.taints ?? [])),
  };
}

/** Whether any event type a plugin cares about happened. */
export function isRelevantNodeUpdate(c: NodeChanges): boolean {
  return c.allocatable || c.labels || c.taints;
}

interface Derived {
  requests: { cpu: number; mem: number };
  ports: string[] | null;
  affinity: PodAffinityInfo | null;
}

function derived(qpi: QueuedPodInfo): Derived {
  const cached = qpi.hintCache as { pod: Pod; d: Derived } | undefined;
  if (cached && cached.pod === qpi.pod) return cached.d;
  const d: Derived = { requests: podRequests(qpi.pod), ports: nodeports.preFilter(qpi.pod), affinity: podAffinityInfo(qpi.pod) };
  qpi.hintCache = { pod: qpi.pod, d };
  return d;
}

/** isPodWorthRequeuing: does any plugin that rejected this pod think the event may make it schedulable? */
export function isPodWorthRequeuing(qpi: QueuedPodInfo, ev: ClusterEvent): boolean {
  if (qpi.unschedulablePlugins.size === 0) return true;
  for (const plugin of qpi.unschedulablePlugins) if (pluginHint(plugin, qpi, ev)) return true;
  return false;
}

function pluginHint(plugin: string, qpi: QueuedPodInfo, ev: ClusterEvent): boolean {
  const pod = qpi.pod;
  switch (plugin) {
    case PluginNames.NodeUnschedulable:
      if (ev.type === "NodeAdd") return nodeunschedulable.nodeChangeMakesSchedulable(null, ev.node);
      if (ev.type === "NodeUpdate" && ev.changes.taints) return nodeunschedulable.nodeChangeMakesSchedulable(ev.oldNode, ev.node);
      return false;
    case PluginNames.NodeName:
      return ev.type === "NodeAdd" && ev.node.metadata.name === pod.spec.nodeName;
    case PluginNames.TaintToleration:
      if (ev.type === "NodeAdd") return tainttoleration.nodeChangeMakesSchedulable(pod.spec.tolerations, null, ev.node);
      if (ev.type === "NodeUpdate" && ev.changes.taints) return tainttoleration.nodeChangeMakesSchedulable(pod.spec.tolerations, ev.oldNode, ev.node);
      return false;
    case PluginNames.NodeAffinity:
      if (ev.type === "NodeAdd") return nodeaffinity.nodeChangeMakesSchedulable(pod, null, ev.node);
      if (ev.type === "NodeUpdate" && ev.changes.labels) return nodeaffinity.nodeChangeMakesSchedulable(pod, ev.oldNode, ev.node);
      return false;
    case PluginNames.NodePorts: {
      if (ev.type === "NodeAdd") return true;
      if (ev.type === "AssignedPodDelete") {
        const want = derived(qpi).ports;
        const freed = nodeports.preFilter(ev.pod);
        return !!want && !!freed && freed.some((p) => want.includes(p));
      }
      return false;
    }
    case PluginNames.NodeResourcesFit: {
      const req = derived(qpi).requests;
      if (ev.type === "NodeAdd") return noderesources.nodeChangeMakesSchedulable(req, null, ev.node);
      if (ev.type === "NodeUpdate" && ev.changes.allocatable) return noderesources.nodeChangeMakesSchedulable(req, ev.oldNode, ev.node);
      if (ev.type === "AssignedPodDelete") return !!ev.pod.spec.nodeName;
      return false;
    }
    case PluginNames.PodTopologySpread:
      if (ev.type === "NodeAdd") return podtopologyspread.nodeChangeMakesSchedulable(pod, null, ev.node);
      if (ev.type === "NodeUpdate" && (ev.changes.labels || ev.changes.taints)) return podtopologyspread.nodeChangeMakesSchedulable(pod, ev.oldNode, ev.node);
      if (ev.type === "AssignedPodAdd" || ev.type === "AssignedPodDelete") return podtopologyspread.podChangeMakesSchedulable(pod, ev.pod);
      if (ev.type === "AssignedPodUpdate") {
        return !sameStringMap(ev.oldPod.metadata.labels, ev.pod.metadata.labels) && (podtopologyspread.podChangeMakesSchedulable(pod, ev.pod) || podtopologyspread.podChangeMakesSchedulable(pod, ev.oldPod));
      }
      return false;
    case PluginNames.InterPodAffinity: {
      const info = derived(qpi).affinity;
      if (ev.type === "NodeAdd") return interpodaffinity.nodeChangeMakesSchedulable(info, null, ev.node);
      if (ev.type === "NodeUpdate" && ev.changes.labels) return interpodaffinity.nodeChangeMakesSchedulable(info, ev.oldNode, ev.node);
      if (ev.type === "AssignedPodAdd") return interpodaffinity.podAddedMakesSchedulable(info, ev.pod);
      if (ev.type === "AssignedPodUpdate") {
        if (sameStringMap(ev.oldPod.metadata.labels, ev.pod.metadata.labels)) return false;
        return interpodaffinity.podAddedMakesSchedulable(info, ev.pod) || interpodaffinity.podDeletedMakesSchedulable(pod, info, ev.oldPod, podAffinityInfo(ev.oldPod));
      }
      if (ev.type === "AssignedPodDelete") return interpodaffinity.podDeletedMakesSchedulable(pod, info, ev.pod, podAffinityInfo(ev.pod));
      return false;
    }
    default:
      // Unknown plugins (none here) are retried on any event.
      return true;
  }
}
