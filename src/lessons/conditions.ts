/**
 * The wait-for language (types.ts `Condition`), evaluated against the records the page draws: the
 * same maps the store holds (src/store/types.ts) and the runner builds headless from a Cluster
 * (src/bridge/lessonHost.ts). Pure functions, no engine code beyond `kubectl get pods`' STATUS column.
 */
import type { ComponentRecord, EventRecord, MachineRecord, ObjectRecord } from "../bridge/protocol";
import type { EndpointSlice, Lease, Node, Pod } from "../engine/api/types";
import { podRow } from "../engine/kubectl/printers";
import type { SimTime } from "../engine/time";
import type { Condition, NodeQuery, PodQuery, StepBaseline, StepResult } from "./types";

/** The records a condition reads: the store's three maps. */
export interface ClusterRecords {
  machines: Record<string, MachineRecord>;
  components: Record<string, ComponentRecord>;
  objects: Record<string, ObjectRecord>;
}

export interface ConditionContext extends ClusterRecords {
  now: SimTime;
  /** When the step started: only Events at or after it count, and `elapsed` counts from it. */
  stepStart: SimTime;
  /** Events (any order); those before `stepStart` are ignored. */
  events: readonly EventRecord[];
  /** The step's own action results so far. */
  results: readonly StepResult[];
  baseline: StepBaseline;
}

// ---- reading records ---------------------------------------------------------------------------------

function objectsOf<T>(objects: Record<string, ObjectRecord>, resource: string): T[] {
  const out: T[] = [];
  for (const r of Object.values(objects)) if (r.resource === resource) out.push(r.object as T);
  return out;
}

function readyStatus(node: Node): string | undefined {
  return node.status?.conditions?.find((c) => c.type === "Ready")?.status;
}

function podReady(pod: Pod): boolean {
  return pod.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True") ?? false;
}

/** The Raft status a component record carries for an etcd member (role, term, leader), if any. */
interface RaftLike {
  role?: string;
  term?: number;
  leader?: string | null;
}

function raftOf(c: ComponentRecord): RaftLike | undefined {
  const d = c.detail as unknown as (RaftLike & { raft?: RaftLike; kind?: string }) | undefined;
  if (!d || d.kind !== "etcd") return undefined;
  const r = d.raft ?? d;
  return r.role !== undefined ? r : undefined;
}

/**
 * etcd's leader: the running member that reports itself leader in the highest term. Before etcd runs
 * Raft (a single member, no role in its record), a single running member is its own leader.
 */
export function etcdLeader(records: ClusterRecords): string | null {
  const members = Object.values(records.components).filter((c) => c.component === "etcd");
  let best: { name: string; term: number } | null = null;
  let anyRaft = false;
  for (const c of members) {
    const r = raftOf(c);
    if (r) anyRaft = true;
    if (!c.running || records.machines[c.machine]?.running === false) continue;
    if (r && r.role === "leader") {
      const term = r.term ?? 0;
      if (!best || term > best.term) best = { name: c.machine, term };
    }
  }
  if (best) return best.name;
  if (!anyRaft && members.length === 1) {
    const m = members[0];
    return m.running && records.machines[m.machine]?.running !== false ? m.machine : null;
  }
  return null;
}

/**
 * The holderIdentity of every Lease in kube-system (leader election) and kube-node-lease (the
 * kubelets' heartbeats, held by their node's name), by `namespace/name`.
 */
export function leaseHolders(records: ClusterRecords): Record<string, string> {
  const out: Record<string, string> = {};
  for (const l of objectsOf<Lease>(records.objects, "leases")) {
    if (l.metadata.namespace !== "kube-system" && l.metadata.namespace !== "kube-node-lease") continue;
    out[`${l.metadata.namespace}/${l.metadata.name}`] = l.spec?.holderIdentity ?? "";
  }
  return out;
}

/** What a step remembers from its start. */
export function baselineOf(records: ClusterRecords): StepBaseline {
  return { etcdLeader: etcdLeader(records), leases: leaseHolders(records) };
}

/** The node a leader-election holderIdentity names (`control-plane-2_<uid>` → `control-plane-2`). */
export function holderNode(holder: string): string {
  const i = holder.indexOf("_");
  return i < 0 ? holder : holder.slice(0, i);
}

function matchPods(q: PodQuery, ctx: ClusterRecords & { now: SimTime }): Pod[] {
  return objectsOf<Pod>(ctx.objects, "pods").filter((p) => {
    if (q.namespace !== undefined ? p.metadata.namespace !== q.namespace : p.metadata.namespace !== "default") return false;
    if (q.deployment !== undefined && p.metadata.labels?.app !== q.deployment) return false;
    if (q.node !== undefined && p.spec.nodeName !== q.node) return false;
    if (q.notNode !== undefined && p.spec.nodeName === q.notNode) return false;
    if (q.scheduled !== undefined && !!p.spec.nodeName !== q.scheduled) return false;
    if (q.phase !== undefined && (p.status?.phase ?? "Pending") !== q.phase) return false;
    if (q.ready !== undefined && podReady(p) !== q.ready) return false;
    if (q.terminating !== undefined && !!p.metadata.deletionTimestamp !== q.terminating) return false;
    if (q.status !== undefined && podRow(p, ctx.now)[2] !== q.status) return false;
    return true;
  });
}

function counted(n: number, q: { count?: number; min?: number; max?: number }): boolean {
  if (q.count !== undefined) return n === q.count;
  if (q.min === undefined && q.max === undefined) return n >= 1;
  return (q.min === undefined || n >= q.min) && (q.max === undefined || n <= q.max);
}

function matchNodes(q: NodeQuery, ctx: ClusterRecords): Node[] {
  return objectsOf<Node>(ctx.objects, "nodes").filter((n) => q.ready === undefined || readyStatus(n) === q.ready);
}

function hasTaint(node: Node, spec: string): boolean {
  const [key, effect] = spec.split(":");
  return (node.spec?.taints ?? []).some((t) => t.key === key && (effect === undefined || t.effect === effect));
}

function endpointCounts(ctx: ClusterRecords, service: string, namespace: string): { ready: number; notReady: number } {
  const ready = new Set<string>();
  const notReady = new Set<string>();
  for (const s of objectsOf<EndpointSlice>(ctx.objects, "endpointslices")) {
    if (s.metadata.namespace !== namespace || s.metadata.labels?.["kubernetes.io/service-name"] !== service) continue;
    for (const e of s.endpoints ?? []) {
      const addr = e.addresses.join(",");
      // discovery/v1: a nil `ready` means ready.
      if (e.conditions?.ready === false) notReady.add(addr);
      else ready.add(addr);
    }
  }
  for (const a of ready) notReady.delete(a);
  return { ready: ready.size, notReady: notReady.size };
}

/** How many endpoints kube-proxy on `node` sends the Service's traffic to (its first port), or undefined if it has no rule for it. */
function proxyEndpoints(c: ComponentRecord, service: string, namespace: string): number | undefined {
  const rules = c.detail?.kind === "kube-proxy" ? c.detail.rules : undefined;
  const rule = rules?.services.find((s) => s.service === service && s.namespace === namespace);
  return rule ? rule.endpoints.length : undefined;
}

// ---- evaluation ---------------------------------------------------------------------------------------

export function evaluate(cond: Condition, ctx: ConditionContext): boolean {
  if ("all" in cond) return cond.all.every((c) => evaluate(c, ctx));
  if ("any" in cond) return cond.any.some((c) => evaluate(c, ctx));
  if ("not" in cond) return !evaluate(cond.not, ctx);
  if ("pods" in cond) return counted(matchPods(cond.pods, ctx).length, cond.pods);
  if ("nodes" in cond) return counted(matchNodes(cond.nodes, ctx).length, cond.nodes);
  if ("node" in cond) {
    const node = ctx.objects[`nodes/${cond.node}`]?.object as Node | undefined;
    if (!node) return false;
    if (cond.ready !== undefined && readyStatus(node) !== cond.ready) return false;
    if (cond.unschedulable !== undefined && !!node.spec?.unschedulable !== cond.unschedulable) return false;
    if (cond.taint !== undefined && !hasTaint(node, cond.taint)) return false;
    if (cond.noTaint !== undefined && hasTaint(node, cond.noTaint)) return false;
    return true;
  }
  if ("deployment" in cond) {
    const d = ctx.objects[`deployments/default/${cond.deployment}`]?.object as { status?: Record<string, number | undefined> } | undefined;
    if (!d) return false;
    const st = d.status ?? {};
    for (const k of ["replicas", "readyReplicas", "availableReplicas"] as const) {
      if (cond[k] !== undefined && (st[k] ?? 0) !== cond[k]) return false;
    }
    return true;
  }
  if ("event" in cond) {
    const q = cond.event;
    let n = 0;
    for (const e of ctx.events) {
      if (e.t < ctx.stepStart || e.reason !== q.reason) continue;
      if (q.type !== undefined && e.type !== q.type) continue;
      if (q.kind !== undefined && e.object.kind !== q.kind) continue;
      if (q.name !== undefined && !e.object.name.startsWith(q.name)) continue;
      if (q.message !== undefined && !e.message.includes(q.message)) continue;
      n++;
    }
    return n >= (q.count ?? 1);
  }
  if ("endpoints" in cond) {
    const q = cond.endpoints;
    const c = endpointCounts(ctx, q.service, q.namespace ?? "default");
    return (
      (q.ready === undefined || c.ready === q.ready) &&
      (q.notReady === undefined || c.notReady === q.notReady) &&
      (q.minNotReady === undefined || c.notReady >= q.minNotReady)
    );
  }
  if ("proxy" in cond) {
    const q = cond.proxy;
    const proxies = Object.values(ctx.components).filter(
      (c) => c.component === "kube-proxy" && c.running && ctx.machines[c.machine]?.running !== false && (q.node === undefined || c.machine === q.node),
    );
    const want = q.matchesEndpoints ? endpointCounts(ctx, q.service, q.namespace ?? "default").ready : q.endpoints;
    return proxies.length > 0 && proxies.every((c) => (proxyEndpoints(c, q.service, q.namespace ?? "default") ?? -1) === want);
  }
  if ("machine" in cond) return (ctx.machines[cond.machine]?.running ?? !cond.running) === cond.running;
  if ("component" in cond) {
    const c = ctx.components[cond.component];
    if (!c) return false;
    return (c.running && ctx.machines[c.machine]?.running !== false) === cond.running;
  }
  if ("etcd" in cond) {
    const leader = etcdLeader(ctx);
    const q = cond.etcd;
    if (q.hasLeader !== undefined && (leader !== null) !== q.hasLeader) return false;
    if (q.leader !== undefined && leader !== q.leader) return false;
    if (q.leaderNot !== undefined && (leader === null || leader === q.leaderNot)) return false;
    return true;
  }
  if ("etcdLeaderChanged" in cond) {
    const leader = etcdLeader(ctx);
    return leader !== null && leader !== ctx.baseline.etcdLeader;
  }
  if ("lease" in cond) {
    const q = cond.lease;
    const key = `${q.namespace ?? "kube-system"}/${q.name}`;
    const holder = leaseHolders(ctx)[key];
    if (!holder) return false;
    if (q.holderOn !== undefined && holderNode(holder) !== q.holderOn) return false;
    if (q.holderNotOn !== undefined && holderNode(holder) === q.holderNotOn) return false;
    if (q.holderRunning !== undefined && (ctx.machines[holderNode(holder)]?.running ?? false) !== q.holderRunning) return false;
    if (q.changed && holder === (ctx.baseline.leases[key] ?? "")) return false;
    return true;
  }
  if ("result" in cond) {
    const q = cond.result;
    if (ctx.results.length === 0 || ctx.results.some((r) => r.ok === undefined)) return false;
    const r = ctx.results[q.action ?? ctx.results.length - 1];
    return !!r && r.ok === q.ok && (q.includes === undefined || ((r.ok ? r.output : r.error) ?? "").includes(q.includes));
  }
  if ("elapsed" in cond) return ctx.now - ctx.stepStart >= cond.elapsed;
  return false;
}

// ---- words --------------------------------------------------------------------------------------------

function countWords(q: { count?: number; min?: number; max?: number }, noun: string): string {
  const plural = (n: number) => (n === 1 ? noun : `${noun}s`);
  if (q.count !== undefined) return q.count === 0 ? `no ${noun}s` : `${q.count} ${plural(q.count)}`;
  if (q.min !== undefined && q.max !== undefined) return `${q.min} to ${q.max} ${noun}s`;
  if (q.min !== undefined) return `at least ${q.min} ${plural(q.min)}`;
  if (q.max !== undefined) return `at most ${q.max} ${plural(q.max)}`;
  return `a ${noun}`;
}

function seconds(ms: SimTime): string {
  return ms % 60_000 === 0 ? `${ms / 60_000} min` : `${Math.round(ms / 100) / 10} s`;
}

/** The condition in plain words: "3 pods of web Running", "worker-2 Ready is Unknown". */
export function describe(cond: Condition): string {
  if ("all" in cond) return cond.all.map(describe).join(", and ");
  if ("any" in cond) return cond.any.map(describe).join(", or ");
  if ("not" in cond) return `not (${describe(cond.not)})`;
  if ("pods" in cond) {
    const q = cond.pods;
    const parts = [countWords(q, "pod")];
    if (q.deployment) parts.push(`of ${q.deployment}`);
    if (q.status) parts.push(q.status);
    else if (q.phase) parts.push(q.phase);
    if (q.ready !== undefined) parts.push(q.ready ? "and Ready" : "not Ready");
    if (q.terminating !== undefined) parts.push(q.terminating ? "Terminating" : "not being deleted");
    if (q.scheduled === false) parts.push("waiting for a node");
    else if (q.scheduled === true) parts.push("bound to a node");
    if (q.node) parts.push(`on ${q.node}`);
    if (q.notNode) parts.push(`off ${q.notNode}`);
    return parts.join(" ");
  }
  if ("nodes" in cond) return `${countWords(cond.nodes, "node")}${cond.nodes.ready ? ` with Ready ${cond.nodes.ready}` : ""}`;
  if ("node" in cond) {
    const parts: string[] = [];
    if (cond.ready) parts.push(`Ready is ${cond.ready}`);
    if (cond.unschedulable !== undefined) parts.push(cond.unschedulable ? "cordoned" : "not cordoned");
    if (cond.taint) parts.push(`has the taint ${cond.taint}`);
    if (cond.noTaint) parts.push(`has no taint ${cond.noTaint}`);
    return `${cond.node}: ${parts.join(", ") || "exists"}`;
  }
  if ("deployment" in cond) {
    const parts: string[] = [];
    if (cond.replicas !== undefined) parts.push(`${cond.replicas} replicas`);
    if (cond.readyReplicas !== undefined) parts.push(`${cond.readyReplicas} ready`);
    if (cond.availableReplicas !== undefined) parts.push(`${cond.availableReplicas} available`);
    return `deployment ${cond.deployment}: ${parts.join(", ")}`;
  }
  if ("event" in cond) {
    const q = cond.event;
    const n = q.count ?? 1;
    return `${n === 1 ? (/^[AEIOU]/.test(q.type === "Warning" ? "W" : q.reason) ? "an" : "a") : n} ${q.type === "Warning" ? "Warning " : ""}${q.reason} event${n === 1 ? "" : "s"}${q.name ? ` about ${q.name}` : ""}`;
  }
  if ("endpoints" in cond) {
    const q = cond.endpoints;
    const parts: string[] = [];
    if (q.ready !== undefined) parts.push(`${q.ready} ready`);
    if (q.notReady !== undefined) parts.push(`${q.notReady} not ready`);
    if (q.minNotReady !== undefined) parts.push(`at least ${q.minNotReady} not ready`);
    return `Service ${q.service} endpoints: ${parts.join(", ")}`;
  }
  if ("proxy" in cond) {
    const q = cond.proxy;
    const where = q.node ? `on ${q.node}` : "on every running node";
    const to = q.matchesEndpoints ? "exactly its ready endpoints" : `${q.endpoints} pod${q.endpoints === 1 ? "" : "s"}`;
    return `kube-proxy ${where} sends ${q.service} traffic to ${to}`;
  }
  if ("machine" in cond) return `${cond.machine} ${cond.running ? "running" : "stopped"}`;
  if ("component" in cond) return `${cond.component} ${cond.running ? "running" : "stopped"}`;
  if ("etcd" in cond) {
    const q = cond.etcd;
    if (q.leader) return `etcd leader is ${q.leader}`;
    if (q.leaderNot) return `etcd has a leader other than ${q.leaderNot}`;
    return q.hasLeader === false ? "etcd has no leader" : "etcd has a leader";
  }
  if ("etcdLeaderChanged" in cond) return "etcd elected a new leader";
  if ("lease" in cond) {
    const q = cond.lease;
    // Every part the condition checks: "changed hands, now held by a running machine".
    const holder = q.holderOn ? `held by ${q.holderOn}` : q.holderNotOn ? `held by a node other than ${q.holderNotOn}` : q.holderRunning ? "held by a running machine" : "";
    if (q.changed) return `${q.name} lease changed hands${holder ? `, now ${holder}` : ""}`;
    // The Lease a kubelet creates about 10 s after it starts, and renews every 10 s after.
    if (q.namespace === "kube-node-lease") return `${q.name} has a node Lease`;
    return `${q.name} lease ${holder || "held"}`;
  }
  if ("result" in cond) return cond.result.ok ? "the command succeeded" : `the command failed${cond.result.includes ? ` (${cond.result.includes})` : ""}`;
  if ("elapsed" in cond) return `${seconds(cond.elapsed)} passed`;
  return "?";
}
