/**
 * The scheduling framework's vocabulary (k8s.io/kubernetes pkg/scheduler/framework/interface.go, types.go):
 * statuses, plugin names and score weights of the v1.32 default profile, score normalization, FitError.
 */

/** framework.MaxNodeScore. */
export const MAX_NODE_SCORE = 100;

/**
 * framework.Code values a Filter/PreFilter can return. `Unschedulable` may be resolved by preemption;
 * `UnschedulableAndUnresolvable` may not (preemption skips such nodes).
 */
export type StatusCode = "Unschedulable" | "UnschedulableAndUnresolvable" | "Error";

/** A rejection (success is `null`): the code, the reasons (Status.Reasons()) and the plugin that rejected. */
export interface Status {
  readonly code: StatusCode;
  readonly reasons: readonly string[];
  readonly plugin: string;
}

export function status(code: StatusCode, plugin: string, ...reasons: string[]): Status {
  return Object.freeze({ code, reasons: Object.freeze(reasons), plugin });
}

export function isRejected(s: Status): boolean {
  return s.code === "Unschedulable" || s.code === "UnschedulableAndUnresolvable";
}

/** Plugin names (pkg/scheduler/framework/plugins/names/names.go). */
export const PluginNames = {
  PrioritySort: "PrioritySort",
  SchedulingGates: "SchedulingGates",
  NodeUnschedulable: "NodeUnschedulable",
  NodeName: "NodeName",
  TaintToleration: "TaintToleration",
  NodeAffinity: "NodeAffinity",
  NodePorts: "NodePorts",
  NodeResourcesFit: "NodeResourcesFit",
  PodTopologySpread: "PodTopologySpread",
  InterPodAffinity: "InterPodAffinity",
  DefaultPreemption: "DefaultPreemption",
  NodeResourcesBalancedAllocation: "NodeResourcesBalancedAllocation",
  ImageLocality: "ImageLocality",
  DefaultBinder: "DefaultBinder",
} as const;

/** Filter plugins in the order the v1.32 default profile runs them (volume plugins omitted: no volumes here). */
export const FILTER_PLUGINS = [
  PluginNames.NodeUnschedulable,
  PluginNames.NodeName,
  PluginNames.TaintToleration,
  PluginNames.NodeAffinity,
  PluginNames.NodePorts,
  PluginNames.NodeResourcesFit,
  PluginNames.PodTopologySpread,
  PluginNames.InterPodAffinity,
] as const;

/**
 * Score plugins with their weights, in profile order (pkg/scheduler/apis/config/v1/default_plugins.go:
 * TaintToleration 3, NodeAffinity 2, NodeResourcesFit 1, PodTopologySpread 2, InterPodAffinity 2,
 * NodeResourcesBalancedAllocation 1, ImageLocality 1).
 */
export const SCORE_PLUGINS: readonly { name: string; weight: number }[] = [
  { name: PluginNames.TaintToleration, weight: 3 },
  { name: PluginNames.NodeAffinity, weight: 2 },
  { name: PluginNames.NodeResourcesFit, weight: 1 },
  { name: PluginNames.PodTopologySpread, weight: 2 },
  { name: PluginNames.InterPodAffinity, weight: 2 },
  { name: PluginNames.NodeResourcesBalancedAllocation, weight: 1 },
  { name: PluginNames.ImageLocality, weight: 1 },
];

/**
 * helper.DefaultNormalizeScore (pkg/scheduler/framework/plugins/helper/normalize_score.go): scales scores so
 * the highest becomes maxPriority (integer division), optionally reversed; all-zero scores become
 * maxPriority when reversed and stay 0 otherwise.
 */
export function defaultNormalizeScore(maxPriority: number, reverse: boolean, scores: Float64Array, n: number): void {
  let maxCount = 0;
  for (let i = 0; i < n; i++) if (scores[i] > maxCount) maxCount = scores[i];
  if (maxCount === 0) {
    if (reverse) for (let i = 0; i < n; i++) scores[i] = maxPriority;
    return;
  }
  for (let i = 0; i < n; i++) {
    let s = Math.trunc((maxPriority * scores[i]) / maxCount);
    if (reverse) s = maxPriority - s;
    scores[i] = s;
  }
}

/** validation.NoteLengthLimit: an event's note is cut to this many bytes (truncateMessage in schedule_one.go). */
export const NOTE_LENGTH_LIMIT = 1024;

export function truncateMessage(message: string): string {
  if (message.length <= NOTE_LENGTH_LIMIT) return message;
  const suffix = " ...";
  return message.slice(0, NOTE_LENGTH_LIMIT - suffix.length) + suffix;
}

/** The statuses of a failed cycle: framework.Diagnosis with framework.NodeToStatus. */
export class Diagnosis {
  /** Explicit per-node statuses, in evaluation order. */
  readonly nodeToStatus = new Map<string, Status>();
  /** NodeToStatus.AbsentNodesStatus: the status of every node not in nodeToStatus (PreFilter rejections, PreFilterResult). */
  absentNodesStatus: Status | null = null;
  readonly unschedulablePlugins = new Set<string>();
  preFilterMsg = "";
  postFilterMsg = "";

  /** Diagnosis.AddPluginStatus. */
  addPluginStatus(s: Status): void {
    if (s.plugin && isRejected(s)) this.unschedulablePlugins.add(s.plugin);
  }
}

/** framework.NoNodeAvailableMsg. */
export const NO_NODE_AVAILABLE_MSG = "0/%v nodes are available";

/**
 * framework.FitError. `message()` is FitError.Error() as of v1.32:
 *   "0/N nodes are available:" [+ " <PreFilterMsg>."] or [+ " <count> <reason>, ... ."] [+ " <PostFilterMsg>"]
 * with the "<count> <reason>" strings sorted as strings. The PostFilter (preemption) message is appended
 * with a space and no extra period: it is itself a FitError message ending in ".". (Releases before
 * v1.28 appended " %v." and so ended in ".."; kubernetes/kubernetes#117588 removed the doubled period.
 * The report of the doubled period, kubernetes/kubernetes#123301, was closed as "already resolved in
 * 1.30". shared/KUBERNETES.md §5.19 still says real messages end in "..", from a v1.26 example.)
 */
export class FitError {
  constructor(
    readonly numAllNodes: number,
    readonly diagnosis: Diagnosis,
  ) {}

  message(): string {
    const d = this.diagnosis;
    let msg = `0/${this.numAllNodes} nodes are available:`;
    if (d.preFilterMsg !== "") {
      msg += ` ${d.preFilterMsg}.`;
    } else {
      const reasons = new Map<string, number>();
      for (const s of d.nodeToStatus.values()) for (const r of s.reasons) reasons.set(r, (reasons.get(r) ?? 0) + 1);
      const absent = this.numAllNodes - d.nodeToStatus.size;
      if (absent > 0 && d.absentNodesStatus) {
        for (const r of d.absentNodesStatus.reasons) reasons.set(r, (reasons.get(r) ?? 0) + absent);
      }
      const parts: string[] = [];
      for (const [r, n] of reasons) parts.push(`${n} ${r}`);
      if (parts.length) msg += ` ${sortStrings(parts).join(", ")}.`;
    }
    if (d.postFilterMsg !== "") msg += ` ${d.postFilterMsg}`;
    return msg;
  }
}

/** Go's sort.Strings: byte-wise (UTF-16 code unit order equals byte order for the ASCII reasons). */
export function sortStrings(a: string[]): string[] {
  return a.sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
}

/** ErrNoNodesAvailable (schedule_one.go). */
export const ERR_NO_NODES_AVAILABLE = "no nodes available to schedule pods";
