import type { Container, Node, Pod, PodAffinityTerm, Taint } from "../api/types";
import { parseCpu, parseMemory, parseValue } from "../api/quantity";
import { labelValue, Selector, type Labels } from "./selector";

/**
 * The scheduler's view of pods and nodes, kept incrementally (k8s.io/kubernetes pkg/scheduler/framework/types.go
 * `PodInfo`, `NodeInfo`, `Resource`, `HostPortInfo`, `ImageStateSummary`). Everything a Filter or Score plugin
 * reads per node is a field here, updated when a pod is added or removed, never recomputed per cycle.
 */

export const LABEL_HOSTNAME = "kubernetes.io/hostname";
export const LABEL_TOPOLOGY_ZONE = "topology.kubernetes.io/zone";

/** schedutil.DefaultMilliCPURequest: what a container without a CPU request counts as when scoring (0.1 core). */
export const DEFAULT_MILLI_CPU_REQUEST = 100;
/** schedutil.DefaultMemoryRequest: what a container without a memory request counts as when scoring (200 MB). */
export const DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024;

/** A processed PodAffinityTerm (framework.AffinityTerm): namespaces default to the pod's own. */
export interface AffinityTerm {
  namespaces: readonly string[];
  selector: Selector;
  topologyKey: string;
}

export interface WeightedAffinityTerm {
  term: AffinityTerm;
  weight: number;
}

/** AffinityTerm.Matches with no namespaceSelector (this API subset has none). */
export function termMatches(t: AffinityTerm, ns: string, labels: Labels): boolean {
  return t.namespaces.includes(ns) && t.selector.matches(labels);
}

export interface PodAffinityInfo {
  requiredAffinity: AffinityTerm[];
  requiredAntiAffinity: AffinityTerm[];
  preferredAffinity: WeightedAffinityTerm[];
  preferredAntiAffinity: WeightedAffinityTerm[];
}

/** The resource requests of a pod (resourcehelper.PodRequests): containers summed, init containers maxed in. */
export interface PodRequests {
  cpu: number;
  mem: number;
  /** With DefaultMilliCPURequest/DefaultMemoryRequest for containers that request nothing (NonMissingContainerRequests). */
  nonZeroCpu: number;
  nonZeroMem: number;
}

export function podRequests(pod: Pod): PodRequests {
  let cpu = 0;
  let mem = 0;
  let nzCpu = 0;
  let nzMem = 0;
  for (const c of pod.spec.containers) {
    const r = c.resources?.requests;
    const hasCpu = r !== undefined && r.cpu !== undefined;
    const hasMem = r !== undefined && r.memory !== undefined;
    const cc = hasCpu ? parseCpu(r!.cpu) : 0;
    const cm = hasMem ? parseMemory(r!.memory) : 0;
    cpu += cc;
    mem += cm;
    nzCpu += hasCpu ? cc : DEFAULT_MILLI_CPU_REQUEST;
    nzMem += hasMem ? cm : DEFAULT_MEMORY_REQUEST;
  }
  const init = pod.spec.initContainers;
  if (init) {
    for (const c of init) {
      const r = c.resources?.requests;
      const hasCpu = r !== undefined && r.cpu !== undefined;
      const hasMem = r !== undefined && r.memory !== undefined;
      const cc = hasCpu ? parseCpu(r!.cpu) : 0;
      const cm = hasMem ? parseMemory(r!.memory) : 0;
      if (cc > cpu) cpu = cc;
      if (cm > mem) mem = cm;
      const nc = hasCpu ? cc : DEFAULT_MILLI_CPU_REQUEST;
      const nm = hasMem ? cm : DEFAULT_MEMORY_REQUEST;
      if (nc > nzCpu) nzCpu = nc;
      if (nm > nzMem) nzMem = nm;
    }
  }
  return { cpu, mem, nonZeroCpu: nzCpu, nonZeroMem: nzMem };
}

/** HostPortInfo keys ("TCP/8080") of the container ports that ask for a host port (hostIP is always 0.0.0.0 here). */
export function hostPortsOf(containers: Container[]): string[] | null {
  let out: string[] | null = null;
  for (const c of containers) {
    if (!c.ports) continue;
    for (const p of c.ports) {
      if (!p.hostPort || p.hostPort <= 0) continue;
      (out ??= []).push(`${p.protocol ?? "TCP"}/${p.hostPort}`);
    }
  }
  return out;
}

function affinityTerms(pod: Pod, terms: PodAffinityTerm[] | undefined): AffinityTerm[] {
  if (!terms || terms.length === 0) return [];
  const ns = pod.metadata.namespace ?? "default";
  return terms.map((t) => ({
    namespaces: t.namespaces && t.namespaces.length ? t.namespaces : [ns],
    selector: Selector.fromLabelSelector(t.labelSelector),
    topologyKey: t.topologyKey,
  }));
}

function weightedTerms(pod: Pod, terms: { weight: number; podAffinityTerm: PodAffinityTerm }[] | undefined): WeightedAffinityTerm[] {
  if (!terms || terms.length === 0) return [];
  return terms.map((t) => ({ term: affinityTerms(pod, [t.podAffinityTerm])[0], weight: t.weight }));
}

/** framework.NewPodInfo: the parsed inter-pod (anti-)affinity terms, or null when the pod has none. */
export function podAffinityInfo(pod: Pod): PodAffinityInfo | null {
  const a = pod.spec.affinity;
  if (!a || (!a.podAffinity && !a.podAntiAffinity)) return null;
  return {
    requiredAffinity: affinityTerms(pod, a.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution),
    requiredAntiAffinity: affinityTerms(pod, a.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution),
    preferredAffinity: weightedTerms(pod, a.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution),
    preferredAntiAffinity: weightedTerms(pod, a.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution),
  };
}

/**
 * All pods on all nodes with the same namespace and labels share one group. Nodes count their pods per
 * group, so "how many pods on this node match selector S" costs one check per distinct label set
 * (replicas of one ReplicaSet share theirs) instead of one per pod.
 */
export class LabelGroup {
  /** Pods in this group across the cluster. */
  pods = 0;
  /** The tracked spreading selectors (spreadindex.ts) that match this group. */
  readonly matchers: unknown[] = [];

  constructor(
    readonly key: string,
    readonly ns: string,
    readonly labels: Labels,
  ) {}
}

export function groupKey(ns: string, labels: Labels): string {
  if (!labels) return ns;
  const keys = Object.keys(labels);
  if (keys.length === 0) return ns;
  if (keys.length > 1) keys.sort();
  let s = ns;
  for (const k of keys) s += "\u0000" + k + "=" + labels[k];
  return s;
}

/** Per node and label group: all pods, and those not terminating (PodTopologySpread skips terminating pods). */
export interface GroupCount {
  all: number;
  live: number;
}

/** framework.PodInfo plus what accounting needs, computed once per pod object. */
export class PodInfo {
  readonly uid: string;
  readonly ns: string;
  readonly name: string;
  readonly nodeName: string;
  readonly cpu: number;
  readonly mem: number;
  readonly nonZeroCpu: number;
  readonly nonZeroMem: number;
  readonly hostPorts: string[] | null;
  readonly terminating: boolean;
  readonly priority: number;
  readonly affinity: PodAffinityInfo | null;
  /** Set by the cache when the pod is on a node. */
  group: LabelGroup | null = null;

  constructor(public pod: Pod) {
    const m = pod.metadata;
    this.uid = m.uid;
    this.ns = m.namespace ?? "default";
    this.name = m.name;
    this.nodeName = pod.spec.nodeName ?? "";
    const r = podRequests(pod);
    this.cpu = r.cpu;
    this.mem = r.mem;
    this.nonZeroCpu = r.nonZeroCpu;
    this.nonZeroMem = r.nonZeroMem;
    this.hostPorts = hostPortsOf(pod.spec.containers);
    this.terminating = !!m.deletionTimestamp;
    this.priority = pod.spec.priority ?? 0;
    this.affinity = podAffinityInfo(pod);
  }

  get labels(): Labels {
    return this.pod.metadata.labels;
  }

  /** podWithAffinity: the pod has a podAffinity or podAntiAffinity section. */
  get hasAffinity(): boolean {
    return this.affinity !== null;
  }

  get hasRequiredAntiAffinity(): boolean {
    return this.affinity !== null && this.affinity.requiredAntiAffinity.length > 0;
  }
}

/**
 * Whether a new version of a pod leaves everything PodInfo derives unchanged (node, requests, host ports,
 * affinity, priority, labels, terminating): then the cache just swaps the object. Cheap reference checks
 * first; the API server copies containers but keeps their `resources` objects.
 */
export function sameForScheduling(a: Pod, b: Pod): boolean {
  if ((a.spec.nodeName ?? "") !== (b.spec.nodeName ?? "")) return false;
  if (!a.metadata.deletionTimestamp !== !b.metadata.deletionTimestamp) return false;
  if (a.metadata.labels !== b.metadata.labels && !sameLabels(a.metadata.labels, b.metadata.labels)) return false;
  const x = a.spec;
  const y = b.spec;
  if (x === y) return true;
  if (x.affinity !== y.affinity || x.priority !== y.priority) return false;
  return sameContainers(x.containers, y.containers) && sameContainers(x.initContainers ?? [], y.initContainers ?? []);
}

function sameLabels(a: Labels, b: Labels): boolean {
  const ka = a ? Object.keys(a) : [];
  if (ka.length !== (b ? Object.keys(b).length : 0)) return false;
  for (const k of ka) if (a![k] !== b![k]) return false;
  return true;
}

function sameContainers(a: Container[], b: Container[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const c = a[i];
    const d = b[i];
    if (c === d) continue;
    const rc = c.resources?.requests;
    const rd = d.resources?.requests;
    if (rc !== rd && (rc?.cpu !== rd?.cpu || rc?.memory !== rd?.memory)) return false;
    const pc = c.ports ?? [];
    const pd = d.ports ?? [];
    if (pc.length !== pd.length) return false;
    for (let j = 0; j < pc.length; j++) if (pc[j].hostPort !== pd[j].hostPort || (pc[j].protocol ?? "TCP") !== (pd[j].protocol ?? "TCP")) return false;
  }
  return true;
}

/** framework.ImageStateSummary: shared by every node that has the image. */
export interface ImageState {
  size: number;
  numNodes: number;
}

/**
 * framework.NodeInfo. A NodeInfo can exist without its Node (pods bound to a node the cache has not seen,
 * or a deleted node whose pods are still around); such "imaginary" nodes are never scheduling candidates.
 */
export class NodeInfo {
  node: Node | null = null;
  labels: Labels = undefined;
  /** NoSchedule and NoExecute taints: what the TaintToleration filter checks. */
  filterTaints: Taint[] = [];
  /** PreferNoSchedule taints: what TaintToleration scores. */
  preferTaints: Taint[] = [];
  unschedulable = false;
  /** node.status.allocatable: cpu in millicores, memory in bytes, pods. */
  allocCpu = 0;
  allocMem = 0;
  allowedPods = 0;

  /** Pods on the node, assumed ones included (order as upstream: appended, removed by swap). */
  readonly pods: PodInfo[] = [];
  private readonly podIndex = new Map<string, number>();
  /** Requested resources of the pods (Requested) and with the non-zero defaults (NonZeroRequested). */
  reqCpu = 0;
  reqMem = 0;
  nonZeroCpu = 0;
  nonZeroMem = 0;
  /** HostPortInfo: "TCP/80" → how many pods hold it. */
  usedPorts: Map<string, number> | null = null;
  /** Image name → state, one entry per name in node.status.images. */
  imageStates = new Map<string, ImageState>();
  readonly groups = new Map<LabelGroup, GroupCount>();
  readonly podsWithAffinity: PodInfo[] = [];
  readonly podsWithRequiredAntiAffinity: PodInfo[] = [];
  /** nodeTree zone key (utilnode.GetZoneKey). */
  zoneKey = "";
  /** The kubernetes.io/hostname and topology.kubernetes.io/zone labels, read on every spreading score. */
  hostnameLabel: string | undefined = undefined;
  zoneLabel: string | undefined = undefined;

  constructor(
    readonly name: string,
    /** Dense per-cache id: indexes per-node arrays (spreadindex.ts). */
    readonly id = 0,
  ) {}

  /** labelValue(this.labels, key), with the two default topology keys cached. */
  label(key: string): string | undefined {
    if (key === LABEL_HOSTNAME) return this.hostnameLabel;
    if (key === LABEL_TOPOLOGY_ZONE) return this.zoneLabel;
    return labelValue(this.labels, key);
  }

  /** Takes a Node's scheduling-relevant fields. */
  setNode(node: Node): void {
    this.node = node;
    this.labels = node.metadata.labels;
    const taints = node.spec.taints ?? [];
    this.filterTaints = taints.filter((t) => t.effect === "NoSchedule" || t.effect === "NoExecute");
    this.preferTaints = taints.filter((t) => t.effect === "PreferNoSchedule");
    this.unschedulable = !!node.spec.unschedulable;
    const alloc = node.status?.allocatable ?? {};
    this.allocCpu = parseCpu(alloc.cpu);
    this.allocMem = parseMemory(alloc.memory);
    this.allowedPods = parseValue(alloc.pods);
    this.zoneKey = zoneKey(node);
    this.hostnameLabel = labelValue(this.labels, LABEL_HOSTNAME);
    this.zoneLabel = labelValue(this.labels, LABEL_TOPOLOGY_ZONE);
  }

  hasPod(uid: string): boolean {
    return this.podIndex.has(uid);
  }

  podByUid(uid: string): PodInfo | undefined {
    const i = this.podIndex.get(uid);
    return i === undefined ? undefined : this.pods[i];
  }

  addPod(pi: PodInfo): void {
    this.podIndex.set(pi.uid, this.pods.length);
    this.pods.push(pi);
    this.reqCpu += pi.cpu;
    this.reqMem += pi.mem;
    this.nonZeroCpu += pi.nonZeroCpu;
    this.nonZeroMem += pi.nonZeroMem;
    if (pi.hostPorts) {
      const used = (this.usedPorts ??= new Map());
      for (const p of pi.hostPorts) used.set(p, (used.get(p) ?? 0) + 1);
    }
    if (pi.group) {
      let gc = this.groups.get(pi.group);
      if (!gc) this.groups.set(pi.group, (gc = { all: 0, live: 0 }));
      gc.all++;
      if (!pi.terminating) gc.live++;
    }
    if (pi.hasAffinity) this.podsWithAffinity.push(pi);
    if (pi.hasRequiredAntiAffinity) this.podsWithRequiredAntiAffinity.push(pi);
  }

  /** Removes the pod with this uid; returns it, or undefined if it is not here. */
  removePod(uid: string): PodInfo | undefined {
    const i = this.podIndex.get(uid);
    if (i === undefined) return undefined;
    const pi = this.pods[i];
    const last = this.pods.pop()!;
    if (last !== pi) {
      this.pods[i] = last;
      this.podIndex.set(last.uid, i);
    }
    this.podIndex.delete(uid);
    this.reqCpu -= pi.cpu;
    this.reqMem -= pi.mem;
    this.nonZeroCpu -= pi.nonZeroCpu;
    this.nonZeroMem -= pi.nonZeroMem;
    if (pi.hostPorts && this.usedPorts) {
      for (const p of pi.hostPorts) {
        const n = (this.usedPorts.get(p) ?? 0) - 1;
        if (n > 0) this.usedPorts.set(p, n);
        else this.usedPorts.delete(p);
      }
    }
    if (pi.group) {
      const gc = this.groups.get(pi.group);
      if (gc) {
        gc.all--;
        if (!pi.terminating) gc.live--;
        if (gc.all <= 0) this.groups.delete(pi.group);
      }
    }
    if (pi.hasAffinity) removeFrom(this.podsWithAffinity, pi);
    if (pi.hasRequiredAntiAffinity) removeFrom(this.podsWithRequiredAntiAffinity, pi);
    return pi;
  }
}

function removeFrom(list: PodInfo[], pi: PodInfo): void {
  const i = list.indexOf(pi);
  if (i < 0) return;
  list[i] = list[list.length - 1];
  list.pop();
}

/** k8s.io/kubernetes/pkg/util/node GetZoneKey: region and zone (beta labels first), "" when neither is set. */
export function zoneKey(node: Node): string {
  const l = node.metadata.labels;
  if (!l) return "";
  const zone = labelValue(l, "failure-domain.beta.kubernetes.io/zone") ?? labelValue(l, "topology.kubernetes.io/zone") ?? "";
  const region = labelValue(l, "failure-domain.beta.kubernetes.io/region") ?? labelValue(l, "topology.kubernetes.io/region") ?? "";
  if (region === "" && zone === "") return "";
  return region + ":\u0000:" + zone;
}
