import type { Pod, Toleration } from "../api/types";
import type { Rng } from "../prng";
import type { SchedulerCache } from "./cache";
import {
  Diagnosis,
  ERR_NO_NODES_AVAILABLE,
  FitError,
  PluginNames,
  SCORE_PLUGINS,
  status,
  type Status,
  type StatusCode,
} from "./framework";
import { podAffinityInfo, podRequests, type NodeInfo, type PodAffinityInfo, type PodRequests } from "./nodeinfo";
import * as defaultpreemption from "./plugins/defaultpreemption";
import * as imagelocality from "./plugins/imagelocality";
import * as interpodaffinity from "./plugins/interpodaffinity";
import * as nodeaffinity from "./plugins/nodeaffinity";
import * as nodename from "./plugins/nodename";
import * as nodeports from "./plugins/nodeports";
import * as noderesources from "./plugins/noderesources";
import * as nodeunschedulable from "./plugins/nodeunschedulable";
import * as podtopologyspread from "./plugins/podtopologyspread";
import * as tainttoleration from "./plugins/tainttoleration";
import { NO_OWNERS, type OwnerListers } from "./plugins/podtopologyspread";
import type { PreferredTerms } from "./selector";

export type { OwnerListers } from "./plugins/podtopologyspread";

/**
 * One scheduling cycle's algorithm (k8s.io/kubernetes pkg/scheduler/schedule_one.go `schedulePod`,
 * `findNodesThatFitPod`, `findNodesThatPassFilters`, `numFeasibleNodesToFind`, `prioritizeNodes`,
 * `selectHost`) over the default plugins, run sequentially and deterministically:
 *
 *  1. PreFilter every plugin once for the pod (parsed tolerations, requests, affinity, spread counts).
 *  2. Filter nodes in nodeTree order starting at `nextStartNodeIndex`, stopping once
 *     numFeasibleNodesToFind feasible nodes are found; the start index then advances by the number of
 *     nodes looked at, so every node gets its turn across cycles.
 *  3. None feasible: a FitError, with DefaultPreemption's verdict appended. One feasible: it wins unscored.
 *  4. Otherwise PreScore/Score/NormalizeScore each plugin, sum the weighted scores, and pick uniformly
 *     among the best (reservoir sampling with the simulation's Rng, as selectHost does with math/rand).
 */

/** minFeasibleNodesToFind. */
export const MIN_FEASIBLE_NODES_TO_FIND = 100;
/** minFeasibleNodesPercentageToFind. */
export const MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND = 5;

/**
 * numFeasibleNodesToFind: all nodes below 100; else percentageOfNodesToScore of them (0 = adaptive:
 * 50 − N/125, at least 5), and never fewer than 100.
 */
export function numFeasibleNodesToFind(percentageOfNodesToScore: number, numAllNodes: number): number {
  if (numAllNodes < MIN_FEASIBLE_NODES_TO_FIND) return numAllNodes;
  let percentage = percentageOfNodesToScore;
  if (percentage === 0) {
    percentage = 50 - Math.trunc(numAllNodes / 125);
    if (percentage < MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND) percentage = MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND;
  }
  const numNodes = Math.trunc((numAllNodes * percentage) / 100);
  if (numNodes < MIN_FEASIBLE_NODES_TO_FIND) return MIN_FEASIBLE_NODES_TO_FIND;
  return numNodes;
}

/** The per-pod state PreFilter computes once and every Filter call reads (framework.CycleState). */
export class CycleState {
  readonly ns: string;
  readonly tolerations: Toleration[] | undefined;
  readonly toleratesUnschedulable: boolean;
  readonly nodeName: string;
  readonly requests: PodRequests;
  readonly affinity: PodAffinityInfo | null;
  /** NodeAffinity PreFilter (null: Skip). */
  readonly requiredNodeAffinity: nodeaffinity.RequiredNodeAffinity | null = null;
  readonly preFilterNodeNames: Set<string> | null = null;
  /** NodePorts PreFilter (null: Skip). */
  readonly hostPorts: string[] | null;
  /** PodTopologySpread PreFilter (null: Skip). */
  readonly spread: podtopologyspread.FilterState | null = null;
  /** InterPodAffinity PreFilter (null: Skip). */
  readonly interPod: interpodaffinity.FilterState | null = null;
  /** A PreFilter rejection, if any. */
  readonly preFilterReject: Status | null = null;

  constructor(
    readonly pod: Pod,
    cache: SchedulerCache,
    listers: OwnerListers,
  ) {
    this.ns = pod.metadata.namespace ?? "default";
    this.tolerations = pod.spec.tolerations;
    this.toleratesUnschedulable = nodeunschedulable.toleratesUnschedulable(this.tolerations);
    this.nodeName = pod.spec.nodeName ?? "";
    this.requests = podRequests(pod);
    this.affinity = podAffinityInfo(pod);
    this.hostPorts = nodeports.preFilter(pod);
    // PreFilter in profile order; an UnschedulableAndUnresolvable result stops the rest.
    const na = nodeaffinity.preFilter(pod);
    this.requiredNodeAffinity = na.required && !na.required.empty ? na.required : null;
    if (na.reject) {
      this.preFilterReject = na.reject;
      return;
    }
    this.preFilterNodeNames = na.nodeNames;
    this.spread = podtopologyspread.preFilter(pod, cache, listers, this.requiredNodeAffinity);
    this.interPod = interpodaffinity.preFilter(pod, this.affinity, cache);
  }
}

/** RunFilterPlugins: the first rejecting plugin's status, or null when the node fits. */
export function runFilters(st: CycleState, ni: NodeInfo): Status | null {
  let s: Status | null;
  if ((s = nodeunschedulable.filter(st.toleratesUnschedulable, ni))) return s;
  if ((s = nodename.filter(st.nodeName, ni))) return s;
  if ((s = tainttoleration.filter(st.tolerations, ni))) return s;
  if (st.requiredNodeAffinity && (s = nodeaffinity.filter(st.requiredNodeAffinity, ni))) return s;
  if (st.hostPorts && (s = nodeports.filter(st.hostPorts, ni))) return s;
  if ((s = noderesources.filter(st.requests, ni))) return s;
  if (st.spread && (s = podtopologyspread.filter(st.spread, ni))) return s;
  if (st.interPod && (s = interpodaffinity.filter(st.interPod, ni))) return s;
  return null;
}

export type ScheduleResult =
  | { kind: "scheduled"; host: string; evaluatedNodes: number; feasibleNodes: number }
  | { kind: "unschedulable"; fitError: FitError; message: string; unschedulablePlugins: Set<string>; preemptionCandidate: string | null }
  | { kind: "noNodes"; message: string };

// Score plugin slots, in SCORE_PLUGINS order.
const S_TAINT = 0;
const S_NODE_AFFINITY = 1;
const S_FIT = 2;
const S_SPREAD = 3;
const S_INTERPOD = 4;
const S_BALANCED = 5;
const S_IMAGE = 6;
const N_SCORE = SCORE_PLUGINS.length;

/** The last cycle's full picture, for the canvas: every node's filter verdict and scores, and the choice. */
export interface SchedulingDecision {
  pod: string;
  uid: string;
  numAllNodes: number;
  numNodesToFind: number;
  evaluatedNodes: number;
  feasibleNodes: number;
  /** The chosen node, or null when the pod did not fit. */
  chosen: string | null;
  /** The FitError message when the pod did not fit. */
  message: string | null;
  /** Score plugins that ran (not skipped by PreScore), with weights; empty when one node or none was feasible. */
  scorePlugins: { name: string; weight: number }[];
  nodes: NodeDecision[];
}

export interface NodeDecision {
  node: string;
  verdict: "feasible" | "filtered" | "not evaluated";
  /** For filtered nodes: the rejecting plugin, its code and reasons. */
  plugin?: string;
  code?: StatusCode;
  reasons?: readonly string[];
  /** For scored nodes: each plugin's normalized score (0–100) before weighting. */
  scores?: Record<string, number>;
  /** Σ weight × score. */
  total?: number;
}

/** The scheduling algorithm with its state across cycles (nextStartNodeIndex) and the last decision. */
export class SchedulingAlgorithm {
  nextStartNodeIndex = 0;
  /** KubeSchedulerConfiguration.percentageOfNodesToScore; 0 = adaptive (the default). */
  percentageOfNodesToScore = 0;

  // Reused buffers: a cycle allocates nothing per node on the success path.
  private evalNodes: NodeInfo[] = [];
  private evalStatus: (Status | null)[] = [];
  private evalCount = 0;
  private feasible: NodeInfo[] = [];
  private nFeasible = 0;
  private scores: Float64Array[] = [];
  private totals = new Float64Array(0);
  private ran: boolean[] = new Array(N_SCORE).fill(false);
  private decision: {
    cycle: number;
    pod: string;
    uid: string;
    candidates: NodeInfo[];
    numAllNodes: number;
    numToFind: number;
    absent: Status | null;
    chosen: string | null;
    message: string | null;
  } | null = null;
  private cycle = 0;
  private materialized: { cycle: number; value: SchedulingDecision } | null = null;

  constructor(
    readonly cache: SchedulerCache,
    readonly rng: Rng,
    readonly listers: OwnerListers = NO_OWNERS,
  ) {}

  schedule(pod: Pod): ScheduleResult {
    this.cycle++;
    this.evalCount = 0;
    this.nFeasible = 0;
    this.ran.fill(false);
    const cache = this.cache;
    const allNodes = cache.list();
    const numAllNodes = allNodes.length;
    const podKey = `${pod.metadata.namespace ?? "default"}/${pod.metadata.name}`;
    this.decision = { cycle: this.cycle, pod: podKey, uid: pod.metadata.uid, candidates: allNodes, numAllNodes, numToFind: 0, absent: null, chosen: null, message: null };
    if (numAllNodes === 0) {
      this.decision.message = ERR_NO_NODES_AVAILABLE;
      return { kind: "noNodes", message: ERR_NO_NODES_AVAILABLE };
    }

    const st = new CycleState(pod, cache, this.listers);
    const diagnosis = new Diagnosis();
    if (st.preFilterReject) {
      diagnosis.absentNodesStatus = st.preFilterReject;
      diagnosis.preFilterMsg = st.preFilterReject.reasons.join(", ");
      diagnosis.addPluginStatus(st.preFilterReject);
      this.decision.absent = st.preFilterReject;
      this.decision.candidates = [];
      return this.fail(pod, st, diagnosis, allNodes);
    }

    let nodes = allNodes;
    if (st.preFilterNodeNames) {
      nodes = [];
      for (const name of st.preFilterNodeNames) {
        const ni = cache.nodeInfo(name);
        if (ni) nodes.push(ni);
      }
      diagnosis.absentNodesStatus = status("UnschedulableAndUnresolvable", "", `node(s) didn't satisfy plugin(s) [${nodeaffinity.NAME}]`);
      diagnosis.unschedulablePlugins.add(nodeaffinity.NAME);
      this.decision.absent = diagnosis.absentNodesStatus;
      this.decision.candidates = nodes;
    }

    // findNodesThatPassFilters.
    const n = nodes.length;
    const numToFind = numFeasibleNodesToFind(this.percentageOfNodesToScore, n);
    this.decision.numToFind = numToFind;
    this.ensure(n);
    const start = n ? this.nextStartNodeIndex % n : 0;
    for (let i = 0; i < n && this.nFeasible < numToFind; i++) {
      const ni = nodes[(start + i) % n];
      const s = runFilters(st, ni);
      this.evalNodes[this.evalCount] = ni;
      this.evalStatus[this.evalCount++] = s;
      if (s === null) this.feasible[this.nFeasible++] = ni;
      else {
        diagnosis.nodeToStatus.set(ni.name, s);
        diagnosis.addPluginStatus(s);
      }
    }
    // Always advance, so that all nodes get a chance to be looked at.
    this.nextStartNodeIndex = (this.nextStartNodeIndex + this.evalCount) % numAllNodes;

    if (this.nFeasible === 0) return this.fail(pod, st, diagnosis, allNodes);
    if (this.nFeasible === 1) {
      const host = this.feasible[0].name;
      this.decision.chosen = host;
      return { kind: "scheduled", host, evaluatedNodes: 1 + diagnosis.nodeToStatus.size, feasibleNodes: 1 };
    }
    this.prioritize(pod, st);
    const host = this.selectHost();
    this.decision.chosen = host;
    return { kind: "scheduled", host, evaluatedNodes: this.nFeasible + diagnosis.nodeToStatus.size, feasibleNodes: this.nFeasible };
  }

  private fail(pod: Pod, st: CycleState, diagnosis: Diagnosis, allNodes: NodeInfo[]): ScheduleResult {
    const pf = defaultpreemption.postFilter(pod, st.requests, st.hostPorts, diagnosis, allNodes);
    diagnosis.postFilterMsg = pf.message;
    const fitError = new FitError(allNodes.length, diagnosis);
    const message = fitError.message();
    this.decision!.message = message;
    return { kind: "unschedulable", fitError, message, unschedulablePlugins: diagnosis.unschedulablePlugins, preemptionCandidate: pf.candidate };
  }

  private ensure(n: number): void {
    if (this.totals.length >= n) return;
    const cap = Math.max(n, 16);
    this.totals = new Float64Array(cap);
    this.scores = SCORE_PLUGINS.map(() => new Float64Array(cap));
  }

  /**
   * prioritizeNodes: PreScore, Score, NormalizeScore, weights. Scores are computed in one pass over the
   * nodes (each NodeInfo is read once), then each plugin normalizes, then the weighted sum.
   */
  private prioritize(pod: Pod, st: CycleState): void {
    const nodes = this.feasible;
    const n = this.nFeasible;
    const cache = this.cache;
    // PreScore (a null state is a Skip: the plugin does not score).
    const prefer = tainttoleration.preferNoScheduleTolerations(st.tolerations);
    const pref: PreferredTerms | null = nodeaffinity.preScore(pod);
    const req = st.requests;
    const spread = podtopologyspread.preScore(pod, nodes, n, cache, this.listers, st.requiredNodeAffinity);
    const inter = interpodaffinity.preScore(pod, st.affinity, cache);
    const img = imagelocality.preScore(pod);
    const totalNodes = cache.numNodes;
    const sc = this.scores;
    const sTaint = sc[S_TAINT];
    const sAff = sc[S_NODE_AFFINITY];
    const sFit = sc[S_FIT];
    const sSpread = sc[S_SPREAD];
    const sInter = sc[S_INTERPOD];
    const sBal = sc[S_BALANCED];
    const sImg = sc[S_IMAGE];
    // Score.
    for (let i = 0; i < n; i++) {
      const ni = nodes[i];
      sTaint[i] = ni.preferTaints.length === 0 ? 0 : tainttoleration.score(prefer, ni);
      if (pref) sAff[i] = nodeaffinity.score(pref, ni);
      sFit[i] = noderesources.leastAllocatedScore(req, ni);
      if (spread) sSpread[i] = podtopologyspread.score(spread, ni);
      if (inter) sInter[i] = interpodaffinity.score(inter, ni);
      sBal[i] = noderesources.balancedAllocationScore(req, ni);
      sImg[i] = imagelocality.score(img, ni, totalNodes);
    }
    // NormalizeScore.
    tainttoleration.normalize(sTaint, n);
    if (pref) nodeaffinity.normalize(sAff, n);
    if (spread) podtopologyspread.normalize(spread, nodes, sSpread, n);
    if (inter) interpodaffinity.normalize(sInter, n);
    // Weighted sum.
    const ran = this.ran;
    ran[S_TAINT] = ran[S_FIT] = ran[S_BALANCED] = ran[S_IMAGE] = true;
    ran[S_NODE_AFFINITY] = pref !== null;
    ran[S_SPREAD] = spread !== null;
    ran[S_INTERPOD] = inter !== null;
    const w = SCORE_PLUGINS;
    const wT = w[S_TAINT].weight;
    const wA = pref ? w[S_NODE_AFFINITY].weight : 0;
    const wF = w[S_FIT].weight;
    const wS = spread ? w[S_SPREAD].weight : 0;
    const wI = inter ? w[S_INTERPOD].weight : 0;
    const wB = w[S_BALANCED].weight;
    const wM = w[S_IMAGE].weight;
    const totals = this.totals;
    for (let i = 0; i < n; i++) {
      let t = wT * sTaint[i] + wF * sFit[i] + wB * sBal[i] + wM * sImg[i];
      if (wA) t += wA * sAff[i];
      if (wS) t += wS * sSpread[i];
      if (wI) t += wI * sInter[i];
      totals[i] = t;
    }
  }

  /** selectHost: the highest total; ties broken uniformly by reservoir sampling. */
  private selectHost(): string {
    const totals = this.totals;
    let best = 0;
    let cnt = 1;
    for (let i = 1; i < this.nFeasible; i++) {
      if (totals[i] > totals[best]) {
        best = i;
        cnt = 1;
      } else if (totals[i] === totals[best]) {
        cnt++;
        if (this.rng.int(cnt) === 0) best = i;
      }
    }
    return this.feasible[best].name;
  }

  /** The last cycle's decision, built on demand (the next cycle overwrites the buffers it is built from). */
  get lastDecision(): SchedulingDecision | null {
    const d = this.decision;
    if (!d) return null;
    if (this.materialized && this.materialized.cycle === d.cycle) return this.materialized.value;
    const scored = d.chosen !== null && this.nFeasible > 1;
    const scorePlugins = scored ? SCORE_PLUGINS.filter((_, i) => this.ran[i]).map((p) => ({ ...p })) : [];
    const byNode = new Map<NodeInfo, NodeDecision>();
    for (let i = 0; i < this.evalCount; i++) {
      const ni = this.evalNodes[i];
      const s = this.evalStatus[i];
      byNode.set(ni, s ? { node: ni.name, verdict: "filtered", plugin: s.plugin, code: s.code, reasons: s.reasons } : { node: ni.name, verdict: "feasible" });
    }
    if (scored) {
      for (let i = 0; i < this.nFeasible; i++) {
        const nd = byNode.get(this.feasible[i])!;
        const scores: Record<string, number> = {};
        SCORE_PLUGINS.forEach((p, slot) => {
          if (this.ran[slot]) scores[p.name] = this.scores[slot][i];
        });
        nd.scores = scores;
        nd.total = this.totals[i];
      }
    }
    const nodes: NodeDecision[] = [];
    const candidates = new Set(d.candidates);
    for (const ni of this.cache.list()) {
      const nd = byNode.get(ni);
      if (nd) nodes.push(nd);
      else if (!candidates.has(ni) && d.absent) nodes.push({ node: ni.name, verdict: "filtered", plugin: d.absent.plugin || PluginNames.NodeAffinity, code: d.absent.code, reasons: d.absent.reasons });
      else nodes.push({ node: ni.name, verdict: "not evaluated" });
    }
    const value: SchedulingDecision = {
      pod: d.pod,
      uid: d.uid,
      numAllNodes: d.numAllNodes,
      numNodesToFind: d.numToFind,
      evaluatedNodes: this.evalCount,
      feasibleNodes: this.nFeasible,
      chosen: d.chosen,
      message: d.message,
      scorePlugins,
      nodes,
    };
    this.materialized = { cycle: d.cycle, value };
    return value;
  }
}
