import type { Cluster } from "../engine/cluster";
import type { Node, Pod } from "../engine/api/types";
import { nodeRow, podRow } from "../engine/kubectl/printers";
import type { ClusterView, ComponentView, MachineView, PodView } from "./view";

/**
 * The cluster at this moment as the page draws it, in kubectl's words: every machine with its
 * components (running or stopped) and the pods bound to it, plus the pods still waiting for a node.
 * Read from etcd, the cluster's source of truth, and from the machines themselves.
 */
export function clusterView(cluster: Cluster): ClusterView {
  const now = cluster.now;
  const objects = cluster.objects();
  const nodes = new Map<string, Node>();
  const podsByNode = new Map<string, PodView[]>();
  const pending: PodView[] = [];
  for (const o of objects) if (o.kind === "Node") nodes.set(o.metadata.name, o as Node);
  for (const o of objects) {
    if (o.kind !== "Pod") continue;
    const pod = o as Pod;
    const row = podRow(pod, now);
    const view: PodView = { name: pod.metadata.name, ready: row[1], status: row[2] };
    if (!pod.spec.nodeName) pending.push(view);
    else {
      const list = podsByNode.get(pod.spec.nodeName) ?? [];
      list.push(view);
      podsByNode.set(pod.spec.nodeName, list);
    }
  }
  const machines: MachineView[] = [];
  const external: ComponentView[] = [];
  for (const m of cluster.sim.machines.values()) {
    const components = m.actors.map((a) => ({ name: a.component, id: a.id, running: a.running }));
    if (m.role === "external") {
      external.push(...components);
      continue;
    }
    const node = nodes.get(m.name);
    const status = !m.running ? "Stopped" : node ? nodeRow(node, now)[1] : "Registering";
    machines.push({ name: m.name, role: m.role, status, components, pods: podsByNode.get(m.name) ?? [] });
  }
  return { time: now, machines, pending, external };
}
