/**
 * What the inspector shows, as plain data (pure): the events about a selection, the rows of the
 * scheduler's last decision in words, conditions as rows.
 */
import type { EventRecord, ObjectRecord, SchedulerDecisionView } from "../bridge/protocol";
import type { KObject, Node, Pod } from "../engine/api/types";
import type { ProxyRules } from "../engine/kubeproxy/rules";
import { humanDuration, parseTimestamp } from "../engine/time";
import { naturalCompare } from "../naturalCompare";

export interface ObjectRef {
  kind: string;
  namespace?: string;
  name: string;
}

export function refOf(obj: KObject): ObjectRef {
  return { kind: obj.kind, namespace: obj.metadata.namespace, name: obj.metadata.name };
}

export function sameRef(a: ObjectRef, b: ObjectRef): boolean {
  return a.kind === b.kind && a.name === b.name && (a.namespace ?? "") === (b.namespace ?? "");
}

/** The newest `limit` events about an object, newest last (as `kubectl get events -w`). */
export function eventsAbout(events: readonly EventRecord[], ref: ObjectRef, limit = 12): EventRecord[] {
  const out: EventRecord[] = [];
  for (let i = events.length - 1; i >= 0 && out.length < limit; i--) if (sameRef(events[i].object, ref)) out.push(events[i]);
  return out.reverse();
}

/** The event `source` each component reports as (events.k8s.io reportingController / source.component). */
export function eventSourceMatches(component: string, source: string): boolean {
  switch (component) {
    case "kube-scheduler":
      return source === "default-scheduler" || source === "kube-scheduler";
    case "kube-controller-manager":
      return source.endsWith("-controller") || source === "kube-controller-manager" || source === "controllermanager";
    case "kubelet":
      return source === "kubelet";
    case "kube-proxy":
      return source === "kube-proxy";
    default:
      return source === component;
  }
}

/**
 * Events a component reported. A kubelet's are only those about its own node or the pods bound to it
 * (every kubelet reports as "kubelet").
 */
export function eventsByComponent(
  events: readonly EventRecord[],
  component: string,
  machine: string,
  objects: Readonly<Record<string, ObjectRecord>>,
  limit = 12,
): EventRecord[] {
  const out: EventRecord[] = [];
  for (let i = events.length - 1; i >= 0 && out.length < limit; i--) {
    const e = events[i];
    if (!eventSourceMatches(component, e.source)) continue;
    if (component === "kubelet" || component === "kube-proxy") {
      if (e.object.kind === "Node") {
        if (e.object.name !== machine) continue;
      } else if (e.object.kind === "Pod") {
        const pod = objects[`pods/${e.object.namespace}/${e.object.name}`]?.object as Pod | undefined;
        if (pod?.spec.nodeName !== machine) continue;
      } else continue;
    }
    out.push(e);
  }
  return out.reverse();
}

/** kubectl's LAST SEEN: "12s", "3m20s". */
export function lastSeen(t: number, now: number): string {
  return humanDuration(Math.max(0, now - t));
}

/** "5m" since an RFC 3339 timestamp, or "" when there is none. */
export function ageOf(ts: string | null | undefined, now: number): string {
  if (!ts) return "";
  const t = parseTimestamp(ts);
  return Number.isNaN(t) ? "" : humanDuration(Math.max(0, now - t));
}

export interface DecisionRow {
  node: string;
  chosen: boolean;
  /** "feasible", "filtered by NodeUnschedulable: node(s) were unschedulable", "not evaluated". */
  verdict: string;
  feasible: boolean;
  /** Per score plugin (in the decision's order): the normalized score, or null. */
  scores: (number | null)[];
  total: number | null;
}

/** The scheduler's last decision as table rows in words, the chosen node first, then by total. */
export function decisionRows(d: SchedulerDecisionView): DecisionRow[] {
  const rows = d.nodes.map((n): DecisionRow => {
    const verdict =
      n.verdict === "filtered"
        ? `filtered by ${n.plugin ?? "a filter"}${n.reasons?.length ? `: ${n.reasons.join(", ")}` : ""}`
        : n.verdict === "feasible"
          ? "feasible"
          : "not evaluated";
    return {
      node: n.node,
      chosen: n.node === d.chosen,
      verdict,
      feasible: n.verdict === "feasible",
      scores: d.scorePlugins.map((p) => (n.scores && p.name in n.scores ? n.scores[p.name] : null)),
      total: n.total ?? null,
    };
  });
  const rank = (r: DecisionRow) => (r.chosen ? 0 : r.feasible ? 1 : r.verdict === "not evaluated" ? 3 : 2);
  return rows.sort((a, b) => rank(a) - rank(b) || (b.total ?? -1) - (a.total ?? -1) || naturalCompare(a.node, b.node));
}

/** One sentence: "web-7d9c-x2x4q → worker-2 (2 of 3 nodes feasible)" or the FailedScheduling message. */
export function decisionSummary(d: SchedulerDecisionView): string {
  const feasible = d.nodes.filter((n) => n.verdict === "feasible").length;
  if (!d.chosen) return `${d.pod} did not fit: ${d.message ?? "no feasible node"}`;
  return `${d.pod} → ${d.chosen} (${feasible} of ${d.nodes.length} ${d.nodes.length === 1 ? "node" : "nodes"} feasible)`;
}

/** One endpoint rule of a Service, in words: where a connection may go and how the rule picks it. */
export interface ProxyEndpointRow {
  /** "10.244.1.5:80". */
  endpoint: string;
  /** What listens there: the pod with that IP, or "kube-apiserver" for Service default/kubernetes; null if unknown. */
  target: string | null;
  node: string | null;
  /**
   * What the endpoint's rule takes: "1/3 of all" for the first of three (iptables' `--probability
   * 0.3333333333`; kube-proxy gives the k-th of n rules 1/(n−k+1)), "1/2 of the rest" for the next,
   * "all the rest" for the last, which has no probability; "all" for the only one.
   */
  match: string;
  /** "terminating" when kube-proxy falls back to serving-but-terminating endpoints (none ready). */
  note: string | null;
}

export interface ProxyServiceRow {
  /** kube-proxy's ServicePortName: "default/web", "default/kubernetes:https". */
  name: string;
  /** "10.96.0.1:443/TCP". */
  clusterIP: string;
  nodePort: number | null;
  endpoints: ProxyEndpointRow[];
  /** "Each of the 3 endpoints gets 1 in 3 new connections: …", or what happens with none. */
  summary: string;
}

/** Who has an IP: a pod (`status.podIP`) and its node, or a node (its InternalIP). */
export interface IpOwner {
  pod: string | null;
  node: string | null;
}

/** Every pod's and node's IP in the page's objects, to say what an endpoint is. */
export function ipOwners(objects: Readonly<Record<string, ObjectRecord>>): Map<string, IpOwner> {
  const m = new Map<string, IpOwner>();
  for (const id in objects) {
    if (id.startsWith("nodes/")) {
      const node = objects[id].object as Node;
      for (const a of node.status?.addresses ?? []) if (a.type === "InternalIP" && !m.has(a.address)) m.set(a.address, { pod: null, node: node.metadata.name });
    }
  }
  // Pods after nodes: a hostNetwork pod shares its node's IP and is the more precise answer.
  for (const id in objects) {
    if (!id.startsWith("pods/")) continue;
    const pod = objects[id].object as Pod;
    const ip = pod.status?.podIP;
    if (ip) m.set(ip, { pod: pod.metadata.name, node: pod.spec.nodeName ?? null });
  }
  return m;
}

/**
 * kube-proxy's rules on one node, as rows in words (src/engine/kubeproxy/rules.ts holds them as data):
 * the cluster's own Service (default/kubernetes) after the others, which are what a lesson is about.
 */
export function proxyServiceRows(rules: ProxyRules, owners: ReadonlyMap<string, IpOwner>): ProxyServiceRow[] {
  const own = (s: { namespace: string; service: string }) => s.namespace === "default" && s.service === "kubernetes";
  const services = [...rules.services.filter((s) => !own(s)), ...rules.services.filter(own)];
  return services.map((s) => {
    const n = s.endpoints.length;
    // Endpoints its EndpointSlices list that get no rule (not ready, or terminating), said apart from the ones that do.
    const k = s.listed - n;
    let left = "";
    if (k > 0 && n === 0) left = ` Its EndpointSlices list ${k === 1 ? "1 endpoint, not ready" : `${k} endpoints, none ready`}.`;
    else if (k > 0) left = ` ${k} more ${k === 1 ? "endpoint is" : "endpoints are"} listed in its EndpointSlices and get${k === 1 ? "s" : ""} none.`;
    const summary =
      (!s.hasEndpoints
        ? `No endpoint is ready: connections to ${s.clusterIP}:${s.port} are rejected (REJECT, "has no endpoints").`
        : n === 1
          ? "Every new connection goes to its one endpoint."
          : `The rules are tried in order, each taking its part of what the ones before it left, so each of the ${n} endpoints gets 1 in ${n} new connections.`) + left;
    return {
      name: s.name,
      clusterIP: `${s.clusterIP}:${s.port}/${s.protocol}`,
      nodePort: s.nodePort ?? null,
      endpoints: s.endpoints.map((e, i) => {
        const owner = owners.get(e.ip);
        return {
          endpoint: e.endpoint,
          target: owner?.pod ?? (own(s) ? "kube-apiserver" : null),
          node: e.nodeName ?? owner?.node ?? null,
          match: n === 1 ? "all" : i === 0 ? `1/${n} of all` : i < n - 1 ? `1/${n - i} of the rest` : "all the rest",
          note: e.ready ? null : e.terminating ? "terminating" : "not ready",
        };
      }),
      summary,
    };
  });
}
