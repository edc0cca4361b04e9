/**
 * What the inspector shows, as plain data (pure): the events about a selection, the rows of the
 * scheduler's last decision in words, conditions as rows.
 */
import type { EventRecord, ObjectRecord, SchedulerDecisionView } from "../bridge/protocol";
import type { KObject, Pod } from "../engine/api/types";
import { humanDuration, parseTimestamp } from "../engine/time";

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
  return rows.sort((a, b) => rank(a) - rank(b) || (b.total ?? -1) - (a.total ?? -1) || a.node.localeCompare(b.node, "en", { numeric: true }));
}

/** One sentence: "web-7d9c-x2x4q → worker-2 (2 of 3 nodes feasible)" or the FailedScheduling message. */
export function decisionSummary(d: SchedulerDecisionView): string {
  const feasible = d.nodes.filter((n) => n.verdict === "feasible").length;
  if (!d.chosen) return `${d.pod} did not fit: ${d.message ?? "no feasible node"}`;
  return `${d.pod} → ${d.chosen} (${feasible} of ${d.nodes.length} ${d.nodes.length === 1 ? "node" : "nodes"} feasible)`;
}
