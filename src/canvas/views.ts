/**
 * What the canvas's boxes say, as pure functions of the records: shared by the React nodes
 * (./nodes/*.tsx) and the first picture drawn before React is in (./prepaint.ts), so both say the same.
 */
import type { ComponentRecord, ObjectRecord } from "../bridge/protocol";
import type { Lease, Node, Taint } from "../engine/api/types";
import type { ProxyRules } from "../engine/kubeproxy/rules";
import { nodeRow } from "../engine/kubectl/printers";
import type { ClusterStore } from "../store/types";
import { etcdMembers, leaseView, memberUp, quorumView, roleWord } from "./ha";
import type { Pictogram } from "./iconMarkup";
import { componentState } from "./status";
import { heartbeat, heartbeatText } from "./timers";

/** The words `kubectl get nodes` prints in STATUS, or "Registering" before the Node object exists. */
export function nodeStatusWords(rec: ObjectRecord | undefined): string {
  const node = rec?.object as Node | undefined;
  return node ? nodeRow(node, 0)[1] : "Registering";
}

/** The strongest effect first: NoExecute evicts, NoSchedule keeps new pods off, PreferNoSchedule only asks. */
const EFFECT_ORDER: Record<string, number> = { NoExecute: 0, NoSchedule: 1, PreferNoSchedule: 2 };

/** A node's taints, the strongest effect first (a stable sort: otherwise in the node's order). */
function taintsByEffect(node: Node | undefined): Taint[] {
  return [...(node?.spec.taints ?? [])].sort((a, b) => (EFFECT_ORDER[a.effect] ?? 3) - (EFFECT_ORDER[b.effect] ?? 3));
}

/**
 * A node's taints in a few words, for its box: "unreachable: NoExecute, NoSchedule", grouped by key,
 * the strongest effect first (so a line cut short still shows it), the well-known prefixes
 * (node.kubernetes.io/, node-role.kubernetes.io/) left off; "" when it has none. A taint with a value
 * keeps it: "dedicated=gpu: NoSchedule".
 */
export function taintWords(node: Node | undefined): string {
  const groups = new Map<string, string[]>();
  for (const t of taintsByEffect(node)) {
    const key = t.key.replace(/^(node|node-role)\.kubernetes\.io\//, "") + (t.value ? `=${t.value}` : "");
    const effects = groups.get(key) ?? [];
    if (!effects.includes(t.effect)) effects.push(t.effect);
    groups.set(key, effects);
  }
  return [...groups].map(([key, effects]) => `${key}: ${effects.join(", ")}`).join("; ");
}

/** A node's taints whole, as `kubectl describe node` prints each ("node.kubernetes.io/unreachable:NoExecute"), the strongest first. */
export function taintsInFull(node: Node | undefined): string {
  return taintsByEffect(node)
    .map((t) => `${t.key}${t.value ? `=${t.value}` : ""}:${t.effect}`)
    .join(", ");
}

/**
 * What a node's taint line shows: the strongest effect ("noexecute", "noschedule", "prefer" or
 * "none"), how many taints, the short words and the taints whole:
 * "noexecute|2|unreachable: NoExecute, NoSchedule|node.kubernetes.io/unreachable:NoExecute, …" (a
 * string, so equal views compare equal; no taint key or value can hold a "|").
 */
export function taintView(rec: ObjectRecord | undefined): string {
  const node = rec?.object as Node | undefined;
  const effects = (node?.spec.taints ?? []).map((t) => t.effect);
  const level = effects.includes("NoExecute") ? "noexecute" : effects.includes("NoSchedule") ? "noschedule" : effects.length ? "prefer" : "none";
  return `${level}|${effects.length}|${taintWords(node)}|${taintsInFull(node)}`;
}

/** A taint view's parts (see taintView). */
export function taintParts(view: string): { level: string; count: number; text: string; full: string } {
  const [level, count, text, full] = view.split("|");
  return { level, count: Number(count), text, full };
}

/** What the heartbeat line shows: its level, its words and how full the bar is (a string, so equal views compare equal). */
export function heartbeatView(lease: Lease | undefined, node: Node | undefined, now: number): string {
  const h = heartbeat(lease, now, undefined, node);
  if (!h) return "none";
  const level = h.overdue ? "overdue" : h.fraction >= 0.5 ? "late" : "fresh";
  return `${level}|${Math.min(1, h.fraction) * 100}|${heartbeatText(h)}`;
}

/** The boxes outside the cluster: their title, the line under it, their pictogram. */
export const EXTERNAL_LABELS: Record<string, { title: string; sub: string; icon: Pictogram }> = {
  kubectl: { title: "kubectl", sub: "you", icon: "kubectl" },
  "load-balancer": { title: "load balancer", sub: "192.168.0.10:6443", icon: "load-balancer" },
  "image-registry": { title: "image registry", sub: "docker.io", icon: "image-registry" },
};

/** The boxes outside the cluster that are machines of their own with a Stop/Start button on the canvas. */
export const EXTERNAL_MACHINES = new Set(["load-balancer", "image-registry"]);

/** A second line of facts worth seeing at a glance, in words. */
function detailLine(rec: ComponentRecord | undefined, state: string): string {
  const d = rec?.detail;
  if (state !== "running" || !d) return state;
  switch (d.kind) {
    case "etcd":
      return d.role ? `${roleWord(d.role)} · term ${d.term ?? 0}` : `rev ${d.revision}`;
    case "kube-scheduler":
      return d.active ? "leader" : "standby";
    case "kube-controller-manager":
      return d.active ? "leader" : "standby";
    case "kube-apiserver":
      // Serving, but its /healthz fails its etcd check (no quorum, or its etcd down): the load
      // balancer takes it out of rotation.
      return !d.ready ? "starting" : d.healthy === false ? "unhealthy: etcd" : "ready";
    default:
      return state;
  }
}

/**
 * kube-proxy's line once it routes traffic for a Service of the cluster's users (the API server's own,
 * default/kubernetes, is always there and not counted): in its box, the Service and how many pods its
 * rules send the Service's traffic to ("web: 3", and "web: 3/4" when its EndpointSlices list pods that
 * get none: not ready, or terminating; the box cuts a long name short, never the count), and in words for
 * its name ("sends web's traffic to 3 pods"); "2 Services" for more. The pods are the endpoints the rules
 * go to: the ready ones, or the serving and terminating ones when none is ready. `keep` is the end of the
 * short line the box never cuts (the count). Null for none.
 */
export function proxyLine(rules: ProxyRules): { short: string; keep: string; spoken: string } | null {
  const own = rules.services.filter((r) => !(r.namespace === "default" && r.service === "kubernetes"));
  const services = new Set(own.map((r) => `${r.namespace}/${r.service}`));
  if (services.size === 0) return null;
  if (services.size > 1) return { short: `${services.size} Services`, keep: "", spoken: `routes ${services.size} Services` };
  // A Service with several ports has a rule per port: the one that reaches the most pods, both numbers from it.
  const rule = own.reduce((a, b) => (b.endpoints.length > a.endpoints.length || (b.endpoints.length === a.endpoints.length && b.listed > a.listed) ? b : a));
  const n = rule.endpoints.length;
  // Pods its EndpointSlices list that get no traffic: not ready, or terminating ("3/4").
  const listed = Math.max(n, rule.listed);
  const name = rule.service;
  const pods = (k: number) => `${k} pod${k === 1 ? "" : "s"}`;
  const spoken =
    listed === n
      ? `sends ${name}'s traffic to ${n === 0 ? "no pods" : pods(n)}`
      : n === 0
        ? `sends ${name}'s traffic to no pods (0 of the ${listed} in ${name}'s EndpointSlices)`
        : `sends ${name}'s traffic to ${n} of the ${pods(listed)} in ${name}'s EndpointSlices`;
  // The box cuts the name to fit, never the count.
  const keep = `: ${listed > n ? `${n}/${listed}` : n}`;
  return { short: `${name}${keep}`, keep, spoken };
}

/**
 * What a component node shows of its record, as one string (equal views compare equal): its machine,
 * its state and its line of facts if its machine runs.
 */
export function componentView(rec: ComponentRecord | undefined): string {
  const state = componentState({ running: rec?.running ?? true, detail: rec?.detail });
  const role = rec?.detail?.kind === "etcd" ? (rec.detail.role ?? "") : "";
  // kube-proxy's line is short in the box (its count never cut) and said in words (its name).
  const proxy = state === "running" && rec?.detail?.kind === "kube-proxy" ? proxyLine(rec.detail.rules) : null;
  return `${rec?.machine ?? ""}\t${state}\t${proxy?.short ?? detailLine(rec, state)}\t${role}\t${proxy?.spoken ?? ""}\t${proxy?.keep ?? ""}`;
}

/** What a component's box shows, from its view (componentView) and whether its machine runs. */
export interface ComponentFace {
  running: boolean;
  /** "running", "stopped", "standby", "starting". */
  state: string;
  ext: (typeof EXTERNAL_LABELS)[string] | undefined;
  title: string;
  /** etcd's Raft role while it runs ("leader", "follower", "candidate"). */
  raftRole: string | undefined;
  /** The line under the title. */
  shown: string;
  /** That line in words, for the box's name (the same but where the box's is short). */
  said: string;
  /** The end of the line the box never cuts ("": the box may cut it anywhere): kube-proxy's count, ": 3/4". */
  keep: string;
  shape: "component-running" | "component-stopped" | "component-standby";
  /** The machine it runs on, if any. */
  machine: string;
}

export function componentFace(view: string, machineRunning: boolean, id: string, component: string, size: "main" | "agent" | "external"): ComponentFace {
  const [machine, upState, upLine, role, spoken, upKeep] = view.split("\t");
  const running = upState !== "stopped" && machineRunning;
  const state = running ? upState : "stopped";
  const ext = size === "external" ? EXTERNAL_LABELS[id] : undefined;
  const title = ext?.title ?? component;
  const raftRole = component === "etcd" && running && role ? role : undefined;
  const shown = ext && running ? ext.sub : running ? upLine : state;
  const shape = state === "stopped" ? "component-stopped" : state === "standby" ? "component-standby" : "component-running";
  const said = running && !ext && spoken ? spoken : shown;
  const keep = running && !ext ? (upKeep ?? "") : "";
  return { running, state, ext, title, raftRole, shown, said, keep, shape, machine };
}

/** The leader Leases of kube-system, as the page names them. */
export const LEADER_LEASES = [
  { name: "kube-scheduler", label: "kube-scheduler" },
  { name: "kube-controller-manager", label: "kube-controller-manager" },
] as const;

/**
 * The etcd line as one string (so the banner re-renders only when its words change, not on every
 * frame that moves a member's election deadline): quorum ok flag, the quorum words, the leader and
 * term, then each member's state.
 */
export function etcdSummary(s: Pick<ClusterStore, "components" | "machines">, controlPlanes: readonly string[]): string {
  const members = etcdMembers(s.components, s.machines, controlPlanes);
  const q = quorumView(members);
  const leader = members.find((m) => memberUp(m) && m.role === "leader");
  const lead = leader ? `leader ${leader.machine} · term ${leader.term ?? 0}` : q.ok ? "no leader yet" : "no leader";
  const each = members
    .map((m) => {
      const state = !m.machineRunning ? "machine stopped" : !m.running ? "stopped" : m.partitioned ? `partitioned${m.role ? `, ${m.role}` : ""}` : (m.role ?? "running");
      return `${m.machine}: ${state}`;
    })
    .join(" · ");
  return [q.ok ? "ok" : "bad", q.text, lead, each].join("\t");
}

/** A leader Lease's line: whether it is stale, and its words (which depend on etcd's quorum). */
export function leaseLine(s: Pick<ClusterStore, "objects" | "components" | "machines">, now: number, name: string, controlPlanes: readonly string[]): string {
  const lease = s.objects[`leases/kube-system/${name}`]?.object as Lease | undefined;
  const v = leaseView(lease, now, quorumView(etcdMembers(s.components, s.machines, controlPlanes)).ok);
  return `${v.stale ? "stale" : "ok"}\t${v.text}`;
}

