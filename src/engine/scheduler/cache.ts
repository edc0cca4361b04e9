import type { Node, Pod } from "../api/types";
import { groupKey, LabelGroup, NodeInfo, PodInfo, sameForScheduling, type ImageState } from "./nodeinfo";
import { SpreadIndex } from "./spreadindex";

/**
 * The scheduler cache (k8s.io/kubernetes pkg/scheduler/backend/cache/cache.go, node_tree.go): NodeInfos for
 * every node, the pods bound or assumed on them, image states, and the node order the scheduler walks.
 *
 * There is no separate snapshot: a scheduling cycle runs in one simulated instant, so nothing changes the
 * cache while it runs (upstream snapshots because informers update the cache concurrently).
 */
interface PodState {
  pi: PodInfo;
  assumed: boolean;
}

export class SchedulerCache {
  /** Every NodeInfo by node name, imaginary ones (pods but no Node) included. */
  readonly nodeInfos = new Map<string, NodeInfo>();
  private readonly podStates = new Map<string, PodState>();
  private readonly tree = new NodeTree();
  private listCache: NodeInfo[] | null = null;
  /** cache.imageStates: image name → size and how many nodes have it. */
  readonly imageStates = new Map<string, ImageState>();
  private readonly groups = new Map<string, LabelGroup>();
  readonly spread: SpreadIndex;
  /** Nodes with pods that have (anti-)affinity / required anti-affinity (HavePodsWithAffinityList). */
  private withAffinity = 0;
  private nextNodeId = 0;
  private withRequiredAnti = 0;

  constructor() {
    this.spread = new SpreadIndex(() => this.nodeInfos.values());
  }

  /** Nodes the scheduler can choose from, in nodeTree order (zones interleaved). */
  list(): NodeInfo[] {
    return (this.listCache ??= this.tree.list());
  }

  get numNodes(): number {
    return this.tree.numNodes;
  }

  get hasPodsWithAffinity(): boolean {
    return this.withAffinity > 0;
  }

  get hasPodsWithRequiredAntiAffinity(): boolean {
    return this.withRequiredAnti > 0;
  }

  nodeInfo(name: string): NodeInfo | undefined {
    const ni = this.nodeInfos.get(name);
    return ni && ni.node ? ni : undefined;
  }

  // ---- nodes ----

  addNode(node: Node): void {
    const name = node.metadata.name;
    let ni = this.nodeInfos.get(name);
    if (ni?.node) return this.updateNode(ni.node, node);
    if (!ni) this.nodeInfos.set(name, (ni = new NodeInfo(name, this.nextNodeId++)));
    ni.setNode(node);
    this.addImages(ni, node);
    this.tree.add(ni);
    this.listCache = null;
    this.spread.attachNode(ni);
  }

  updateNode(_old: Node, node: Node): void {
    const ni = this.nodeInfos.get(node.metadata.name);
    if (!ni || !ni.node) return this.addNode(node);
    const prev = ni.node;
    const labelsChanged = !sameStringMap(prev.metadata.labels, node.metadata.labels);
    if (labelsChanged) this.spread.detachNode(ni);
    const oldZone = ni.zoneKey;
    ni.setNode(node);
    if (ni.zoneKey !== oldZone) {
      this.tree.remove(ni, oldZone);
      this.tree.add(ni);
      this.listCache = null;
    }
    if (prev.status?.images !== node.status?.images && !sameImages(prev, node)) {
      this.removeImages(ni);
      this.addImages(ni, node);
    }
    if (labelsChanged) this.spread.attachNode(ni);
  }

  removeNode(node: Node): void {
    const ni = this.nodeInfos.get(node.metadata.name);
    if (!ni || !ni.node) return;
    this.spread.detachNode(ni);
    this.tree.remove(ni, ni.zoneKey);
    this.listCache = null;
    this.removeImages(ni);
    ni.node = null;
    ni.labels = undefined;
    ni.hostnameLabel = ni.zoneLabel = undefined;
    // Pods stay accounted until their deletes arrive; an empty imaginary node is dropped.
    if (ni.pods.length === 0) this.dropNodeInfo(ni);
  }

  private addImages(ni: NodeInfo, node: Node): void {
    const states = new Map<string, ImageState>();
    for (const image of node.status?.images ?? []) {
      for (const name of image.names) {
        if (states.has(name)) continue;
        let st = this.imageStates.get(name);
        if (!st) this.imageStates.set(name, (st = { size: image.sizeBytes, numNodes: 0 }));
        st.numNodes++;
        states.set(name, st);
      }
    }
    ni.imageStates = states;
  }

  private removeImages(ni: NodeInfo): void {
    for (const [name, st] of ni.imageStates) {
      if (--st.numNodes <= 0) this.imageStates.delete(name);
    }
    ni.imageStates = new Map();
  }

  private dropNodeInfo(ni: NodeInfo): void {
    this.spread.dropNode(ni);
    this.nodeInfos.delete(ni.name);
  }

  // ---- pods ----

  isAssumed(uid: string): boolean {
    return this.podStates.get(uid)?.assumed ?? false;
  }

  /** The pod the cache holds for this uid (assumed or confirmed). */
  podInfo(uid: string): PodInfo | undefined {
    return this.podStates.get(uid)?.pi;
  }

  get podCount(): number {
    return this.podStates.size;
  }

  /** AssumePod: counts a pod on its (spec.nodeName) node before the bind is confirmed. */
  assumePod(pod: Pod): void {
    const uid = pod.metadata.uid;
    if (this.podStates.has(uid)) return;
    const pi = new PodInfo(pod);
    this.attach(pi);
    this.podStates.set(uid, { pi, assumed: true });
  }

  /** ForgetPod: the bind failed; the assumed pod leaves its node. */
  forgetPod(uid: string): void {
    const st = this.podStates.get(uid);
    if (!st || !st.assumed) return;
    this.detach(st.pi);
    this.podStates.delete(uid);
  }

  /** AddPod for a bound pod from the informer; confirms an assumed pod (moving it if it landed elsewhere). */
  addPod(pod: Pod): void {
    const uid = pod.metadata.uid;
    const st = this.podStates.get(uid);
    const pi = new PodInfo(pod);
    if (st) this.detach(st.pi);
    this.attach(pi);
    this.podStates.set(uid, { pi, assumed: false });
  }

  updatePod(_old: Pod, pod: Pod): void {
    const st = this.podStates.get(pod.metadata.uid);
    if (st && !st.assumed && sameForScheduling(st.pi.pod, pod)) {
      // Status updates (the kubelet's) change nothing the scheduler counts.
      st.pi.pod = pod;
      return;
    }
    this.addPod(pod);
  }

  removePod(pod: Pod): void {
    const uid = pod.metadata.uid;
    const st = this.podStates.get(uid);
    if (!st) return;
    this.detach(st.pi);
    this.podStates.delete(uid);
  }

  private attach(pi: PodInfo): void {
    const name = pi.nodeName;
    let ni = this.nodeInfos.get(name);
    if (!ni) this.nodeInfos.set(name, (ni = new NodeInfo(name, this.nextNodeId++)));
    const key = groupKey(pi.ns, pi.labels);
    let g = this.groups.get(key);
    if (!g) {
      this.groups.set(key, (g = new LabelGroup(key, pi.ns, pi.labels)));
      this.spread.groupAdded(g);
    }
    g.pods++;
    pi.group = g;
    const hadAff = ni.podsWithAffinity.length > 0;
    const hadAnti = ni.podsWithRequiredAntiAffinity.length > 0;
    ni.addPod(pi);
    if (!hadAff && ni.podsWithAffinity.length > 0) this.withAffinity++;
    if (!hadAnti && ni.podsWithRequiredAntiAffinity.length > 0) this.withRequiredAnti++;
    if (!pi.terminating) this.spread.liveDelta(ni, g, 1);
  }

  private detach(pi: PodInfo): void {
    const ni = this.nodeInfos.get(pi.nodeName);
    if (!ni) return;
    const hadAff = ni.podsWithAffinity.length > 0;
    const hadAnti = ni.podsWithRequiredAntiAffinity.length > 0;
    if (!ni.removePod(pi.uid)) return;
    if (hadAff && ni.podsWithAffinity.length === 0) this.withAffinity--;
    if (hadAnti && ni.podsWithRequiredAntiAffinity.length === 0) this.withRequiredAnti--;
    const g = pi.group;
    if (g) {
      if (!pi.terminating) this.spread.liveDelta(ni, g, -1);
      if (--g.pods <= 0) {
        this.groups.delete(g.key);
        this.spread.groupRemoved(g);
      }
    }
    if (!ni.node && ni.pods.length === 0) this.dropNodeInfo(ni);
  }

  /** Drops everything (the process stopped). */
  clear(): void {
    this.nodeInfos.clear();
    this.podStates.clear();
    this.tree.clear();
    this.listCache = null;
    this.imageStates.clear();
    this.groups.clear();
    this.spread.clear();
    this.withAffinity = 0;
    this.withRequiredAnti = 0;
  }
}

/**
 * nodeTree (pkg/scheduler/backend/cache/node_tree.go): nodes grouped by zone, zones in order of first
 * appearance, nodes in order of addition; list() interleaves the zones so that consecutive candidates
 * come from different zones.
 */
class NodeTree {
  private readonly zones: string[] = [];
  private readonly tree = new Map<string, NodeInfo[]>();
  numNodes = 0;

  add(ni: NodeInfo): void {
    let list = this.tree.get(ni.zoneKey);
    if (!list) {
      this.zones.push(ni.zoneKey);
      this.tree.set(ni.zoneKey, (list = []));
    }
    if (list.includes(ni)) return;
    list.push(ni);
    this.numNodes++;
  }

  remove(ni: NodeInfo, zone: string): void {
    const list = this.tree.get(zone);
    if (!list) return;
    const i = list.indexOf(ni);
    if (i < 0) return;
    list.splice(i, 1);
    this.numNodes--;
    if (list.length === 0) {
      this.tree.delete(zone);
      this.zones.splice(this.zones.indexOf(zone), 1);
    }
  }

  list(): NodeInfo[] {
    const out: NodeInfo[] = [];
    if (this.zones.length === 1) return [...this.tree.get(this.zones[0])!];
    for (let idx = 0; out.length < this.numNodes; idx++) {
      for (const z of this.zones) {
        const l = this.tree.get(z)!;
        if (idx < l.length) out.push(l[idx]);
      }
    }
    return out;
  }

  clear(): void {
    this.zones.length = 0;
    this.tree.clear();
    this.numNodes = 0;
  }
}

function sameStringMap(a: Record<string, string> | undefined, b: Record<string, string> | undefined): boolean {
  if (a === b) return true;
  const ka = a ? Object.keys(a) : [];
  const kb = b ? Object.keys(b) : [];
  if (ka.length !== kb.length) return false;
  for (const k of ka) if (a![k] !== b?.[k]) return false;
  return true;
}

function sameImages(a: Node, b: Node): boolean {
  const x = a.status?.images ?? [];
  const y = b.status?.images ?? [];
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) {
    if (x[i].sizeBytes !== y[i].sizeBytes || x[i].names.length !== y[i].names.length) return false;
    for (let j = 0; j < x[i].names.length; j++) if (x[i].names[j] !== y[i].names[j]) return false;
  }
  return true;
}

export { sameStringMap };
