/**
 * How a flow looks: every FlowKind belongs to one legend group, and each group has words, a colour
 * and a token shape of its own (so the legend reads in greyscale too). Pure data.
 */
import type { Flow, FlowKind } from "../engine/sim";

export type FlowGroup =
  | "watch event"
  | "write"
  | "bind"
  | "lease renew"
  | "status update"
  | "event"
  | "read"
  | "response"
  | "etcd"
  | "raft append"
  | "raft vote"
  | "raft heartbeat"
  | "image pull"
  | "cri"
  | "ping";

export type TokenShape =
  | "circle"
  | "square"
  | "diamond"
  | "triangle"
  | "pentagon"
  | "star"
  | "hexagon"
  | "ring"
  | "plus"
  | "chevron"
  | "bar"
  | "dot"
  | "arrow"
  | "cross"
  | "pill";

export interface LegendEntry {
  group: FlowGroup;
  /** What the legend says. */
  label: string;
  /** What it covers, in kubectl's or the component's words (shown smaller, and to screen readers). */
  detail?: string;
  /** The kinds it stands for, as the engine names them. */
  kinds: readonly FlowKind[];
  color: string;
  shape: TokenShape;
}

/** In the order the legend lists them: the story of a request first, the background chatter last. */
export const LEGEND: readonly LegendEntry[] = [
  { group: "write", label: "write", detail: "create/update/patch/delete", kinds: ["create", "update", "patch", "delete"], color: "#d9480f", shape: "square" },
  { group: "read", label: "read", detail: "get/list/watch", kinds: ["get", "list", "watch"], color: "#1971c2", shape: "hexagon" },
  { group: "watch event", label: "watch event", kinds: ["watch event"], color: "#7048e8", shape: "circle" },
  { group: "response", label: "response", kinds: ["response"], color: "#495057", shape: "ring" },
  { group: "bind", label: "bind", detail: "pod → node", kinds: ["bind"], color: "#c2255c", shape: "diamond" },
  { group: "etcd", label: "etcd", detail: "txn/range/watch", kinds: ["etcd txn", "etcd range", "etcd watch"], color: "#0c8599", shape: "plus" },
  {
    group: "raft append",
    label: "AppendEntries",
    detail: "Raft log replication, proposals, ReadIndex, snapshots",
    kinds: ["AppendEntries", "AppendEntries response", "proposal", "ReadIndex", "ReadIndex response", "snapshot"],
    color: "#364fc7",
    shape: "arrow",
  },
  { group: "raft vote", label: "RequestVote", detail: "Raft election and pre-vote", kinds: ["RequestVote", "RequestVote response", "PreVote", "PreVote response"], color: "#9c36b5", shape: "cross" },
  { group: "status update", label: "status update", kinds: ["status update"], color: "#2b8a3e", shape: "pentagon" },
  { group: "lease renew", label: "lease renew", detail: "heartbeat", kinds: ["lease renew"], color: "#e03131", shape: "triangle" },
  { group: "event", label: "event", kinds: ["event"], color: "#e67700", shape: "star" },
  { group: "image pull", label: "image pull", kinds: ["image pull"], color: "#5f3dc4", shape: "chevron" },
  { group: "cri", label: "CRI call", detail: "kubelet ↔ containerd", kinds: ["cri"], color: "#087f5b", shape: "bar" },
  { group: "ping", label: "ping", detail: "health check", kinds: ["ping", "health check"], color: "#868e96", shape: "dot" },
  { group: "raft heartbeat", label: "Raft heartbeat", detail: "etcd leader to followers every 100 ms", kinds: ["heartbeat", "heartbeat response"], color: "#74808c", shape: "pill" },
];

const BY_KIND = new Map<string, LegendEntry>();
for (const e of LEGEND) for (const k of e.kinds) BY_KIND.set(k, e);
const BY_GROUP = new Map<FlowGroup, LegendEntry>(LEGEND.map((e) => [e.group, e]));

/** The legend entry for a flow kind; unknown kinds (a newer engine) count as responses. */
export function legendFor(kind: Flow["kind"] | string): LegendEntry {
  return BY_KIND.get(kind) ?? BY_GROUP.get("response")!;
}

export function flowGroup(kind: Flow["kind"] | string): FlowGroup {
  return legendFor(kind).group;
}

/** Every FlowKind the engine declares (kept in step by the test that checks each one has a group). */
export const ALL_FLOW_KINDS: readonly FlowKind[] = [
  "create",
  "update",
  "patch",
  "delete",
  "get",
  "list",
  "watch",
  "watch event",
  "bind",
  "lease renew",
  "status update",
  "event",
  "response",
  "etcd txn",
  "etcd range",
  "etcd watch",
  "image pull",
  "cri",
  "AppendEntries",
  "AppendEntries response",
  "heartbeat",
  "heartbeat response",
  "RequestVote",
  "RequestVote response",
  "PreVote",
  "PreVote response",
  "proposal",
  "ReadIndex",
  "ReadIndex response",
  "snapshot",
  "health check",
  "ping",
];

/** Raft heartbeats (etcd-io/raft MsgHeartbeat and its response): the "Show heartbeats" toggle hides them. */
export const HEARTBEAT_KINDS: ReadonlySet<string> = new Set(["heartbeat", "heartbeat response"]);

/** The legend groups of Raft's messages between etcd members (only a cluster of several members has them). */
export const RAFT_GROUPS: ReadonlySet<FlowGroup> = new Set<FlowGroup>(["raft append", "raft vote", "raft heartbeat"]);
