import type { Node, NodeCondition, NodeStatus, ResourceList, Taint } from "../api/types";
import { rfc3339, type SimTime } from "../time";
import type { ImageInfo } from "./cri";
import { CONTAINERD_VERSION } from "./runtime";
import { jsonEqual } from "./mergepatch";

/**
 * The kubelet's view of its Node: the object it registers and the status setters it runs every
 * `nodeStatusUpdateFrequency` (k8s.io/kubernetes pkg/kubelet/kubelet_node_status.go and
 * pkg/kubelet/nodestatus/setters.go).
 */

export const KUBELET_VERSION = "v1.32.0";
export const KUBELET_PORT = 10250;
/** KubeletConfiguration.nodeStatusMaxImages. */
const NODE_STATUS_MAX_IMAGES = 50;
/** nodestatus.MaxNamesPerImageInNodeStatus. */
const MAX_NAMES_PER_IMAGE = 5;

/**
 * The machine every node is: 2 vCPU and 4 GiB of RAM (the kernel reports 4015852 KiB of it), a 50 GB
 * root disk (a 48 GiB ext4 filesystem), no huge pages. Ubuntu 24.04.1 with its December 2024 kernel.
 */
const MEMORY_KI = 4_015_852;
const EPHEMERAL_KI = 50_620_216;
export const OS_IMAGE = "Ubuntu 24.04.1 LTS";
export const KERNEL_VERSION = "6.8.0-51-generic";

/**
 * Capacity as cAdvisor reports it, with the keys in the order Go's encoder writes a map (sorted).
 * Huge page sizes are part of every Linux node's capacity even when none are configured.
 */
export function nodeCapacity(): ResourceList {
  return {
    cpu: "2",
    "ephemeral-storage": `${EPHEMERAL_KI}Ki`,
    "hugepages-1Gi": "0",
    "hugepages-2Mi": "0",
    memory: `${MEMORY_KI}Ki`,
    pods: "110",
  } as ResourceList;
}

/**
 * Allocatable = capacity − kube-reserved − system-reserved − hard eviction thresholds
 * (pkg/kubelet/cm/node_container_manager_linux.go GetNodeAllocatableReservation). The kubelet's
 * defaults reserve nothing and evict at memory.available<100Mi and nodefs.available<10%, so
 * memory loses 100Mi and ephemeral storage 10% (a percentage gives a plain byte count).
 */
export function nodeAllocatable(): ResourceList {
  const storageBytes = EPHEMERAL_KI * 1024;
  return {
    cpu: "2",
    "ephemeral-storage": String(storageBytes - Math.trunc(storageBytes * 0.1)),
    "hugepages-1Gi": "0",
    "hugepages-2Mi": "0",
    memory: `${MEMORY_KI - 100 * 1024}Ki`,
    pods: "110",
  } as ResourceList;
}

/** What the setters need from the kubelet. */
export interface NodeStatusContext {
  nodeName: string;
  nodeIP: string;
  now: SimTime;
  machineID: string;
  systemUUID: string;
  bootID: string;
  /** The image list the image manager last read from the runtime. */
  images: ImageInfo[];
  /** The Ready condition's error text (runtime, network, PLEG), or null when ready. */
  readyError(): string | null;
  /** Whether `spec.unschedulable` was last seen set (recordNodeSchedulableEvent's memory). */
  lastUnschedulable: boolean;
  setLastUnschedulable(v: boolean): void;
  recordNodeEvent(type: "Normal" | "Warning", reason: string, message: string): void;
}

/** kubelet.recordNodeStatusEvent: "Node worker-1 status is now: NodeReady". */
function recordStatusEvent(ctx: NodeStatusContext, type: "Normal" | "Warning", event: string): void {
  ctx.recordNodeEvent(type, event, `Node ${ctx.nodeName} status is now: ${event}`);
}

/**
 * initialNode: the Node the kubelet POSTs when it registers, with kubeadm's additions for a
 * control-plane node (the node-role label, the exclude-from-external-load-balancers label and the
 * NoSchedule taint, which `kubeadm init`'s mark-control-plane phase writes right after) and the CRI
 * socket annotation kubeadm records.
 */
export function initialNode(ctx: NodeStatusContext, controlPlane: boolean): Node {
  const labels: Record<string, string> = {
    "beta.kubernetes.io/arch": "amd64",
    "beta.kubernetes.io/os": "linux",
    "kubernetes.io/arch": "amd64",
    "kubernetes.io/hostname": ctx.nodeName,
    "kubernetes.io/os": "linux",
  };
  if (controlPlane) {
    labels["node-role.kubernetes.io/control-plane"] = "";
    labels["node.kubernetes.io/exclude-from-external-load-balancers"] = "";
  }
  const taints: Taint[] = controlPlane ? [{ key: "node-role.kubernetes.io/control-plane", effect: "NoSchedule" }] : [];
  const node = {
    apiVersion: "v1",
    kind: "Node",
    metadata: {
      name: ctx.nodeName,
      labels,
      annotations: {
        "kubeadm.alpha.kubernetes.io/cri-socket": "unix:///var/run/containerd/containerd.sock",
        "volumes.kubernetes.io/controller-managed-attach-detach": "true",
      },
    },
    spec: taints.length ? { taints } : {},
    status: { capacity: {}, allocatable: {}, conditions: [], addresses: [], nodeInfo: {} },
  } as unknown as Node;
  setNodeStatus(ctx, node);
  return node;
}

/** Runs every setter over `node` (a private copy) in kubelet's defaultNodeStatusFuncs order. */
export function setNodeStatus(ctx: NodeStatusContext, node: Node): void {
  const s = node.status;
  // NodeAddress
  s.addresses = [
    { type: "InternalIP", address: ctx.nodeIP },
    { type: "Hostname", address: ctx.nodeName },
  ];
  // MachineInfo
  s.capacity = nodeCapacity();
  s.allocatable = nodeAllocatable();
  const prevBoot = s.nodeInfo?.bootID ?? "";
  if (prevBoot !== "" && prevBoot !== ctx.bootID) {
    ctx.recordNodeEvent("Warning", "Rebooted", `Node ${ctx.nodeName} has been rebooted, boot id: ${ctx.bootID}`);
  }
  // MachineInfo, VersionInfo and GoRuntime fill nodeInfo (keys in Go's field order).
  s.nodeInfo = {
    machineID: ctx.machineID,
    systemUUID: ctx.systemUUID,
    bootID: ctx.bootID,
    kernelVersion: KERNEL_VERSION,
    osImage: OS_IMAGE,
    containerRuntimeVersion: `containerd://${CONTAINERD_VERSION}`,
    kubeletVersion: KUBELET_VERSION,
    // DisableNodeKubeProxyVersion is deprecated and off by default in v1.32, so the field is still set.
    kubeProxyVersion: KUBELET_VERSION,
    operatingSystem: "linux",
    architecture: "amd64",
  };
  // DaemonEndpoints
  s.daemonEndpoints = { kubeletEndpoint: { Port: KUBELET_PORT } };
  // Images: largest first, at most 50, up to five names each (digests first, then tags).
  const imgs = [...ctx.images].sort((a, b) => b.size - a.size).slice(0, NODE_STATUS_MAX_IMAGES);
  s.images = imgs.map((i) => ({ names: [...i.repoDigests, ...i.repoTags].slice(0, MAX_NAMES_PER_IMAGE), sizeBytes: i.size }));
  // Pressure conditions: the simulated nodes never run short of memory, disk or PIDs.
  pressureCondition(ctx, s, "MemoryPressure", "KubeletHasSufficientMemory", "kubelet has sufficient memory available", "NodeHasSufficientMemory");
  pressureCondition(ctx, s, "DiskPressure", "KubeletHasNoDiskPressure", "kubelet has no disk pressure", "NodeHasNoDiskPressure");
  pressureCondition(ctx, s, "PIDPressure", "KubeletHasSufficientPID", "kubelet has sufficient PID available", "NodeHasSufficientPID");
  readyCondition(ctx, s);
  // recordNodeSchedulableEvent
  const unschedulable = !!node.spec.unschedulable;
  if (unschedulable !== ctx.lastUnschedulable) {
    recordStatusEvent(ctx, "Normal", unschedulable ? "NodeNotSchedulable" : "NodeSchedulable");
    ctx.setLastUnschedulable(unschedulable);
  }
}

/**
 * MemoryPressureCondition and its siblings: a missing condition starts as Unknown; every run updates
 * the heartbeat; a change of status sets lastTransitionTime and records `NodeHasSufficientMemory`.
 */
function pressureCondition(ctx: NodeStatusContext, s: NodeStatus, type: NodeCondition["type"], reason: string, message: string, event: string): void {
  const now = rfc3339(ctx.now);
  let c = s.conditions.find((x) => x.type === type);
  const isNew = !c;
  if (!c) c = { type, status: "Unknown", lastHeartbeatTime: now, lastTransitionTime: now, reason: "", message: "" };
  c.lastHeartbeatTime = now;
  if (c.status !== "False") {
    c.status = "False";
    c.reason = reason;
    c.message = message;
    c.lastTransitionTime = now;
    recordStatusEvent(ctx, "Normal", event);
  }
  if (isNew) s.conditions.push(c);
}

/** ReadyCondition: KubeletReady, or KubeletNotReady with the runtime's errors; an event on change. */
function readyCondition(ctx: NodeStatusContext, s: NodeStatus): void {
  const now = rfc3339(ctx.now);
  const err = ctx.readyError();
  const next: NodeCondition = err
    ? { type: "Ready", status: "False", lastHeartbeatTime: now, lastTransitionTime: now, reason: "KubeletNotReady", message: err }
    : { type: "Ready", status: "True", lastHeartbeatTime: now, lastTransitionTime: now, reason: "KubeletReady", message: "kubelet is posting ready status" };
  const i = s.conditions.findIndex((c) => c.type === "Ready");
  if (i < 0) {
    s.conditions.push(next);
    return;
  }
  const old = s.conditions[i];
  if (old.status === next.status) next.lastTransitionTime = old.lastTransitionTime;
  else recordStatusEvent(ctx, "Normal", next.status === "True" ? "NodeReady" : "NodeNotReady");
  // Go's struct field order, as the API server stores it.
  s.conditions[i] = {
    type: next.type,
    status: next.status,
    lastHeartbeatTime: next.lastHeartbeatTime,
    lastTransitionTime: next.lastTransitionTime,
    reason: next.reason,
    message: next.message,
  };
}

/** nodeStatusHasChanged: any difference except the conditions' heartbeat times. */
export function nodeStatusHasChanged(a: NodeStatus, b: NodeStatus): boolean {
  const strip = (s: NodeStatus) => ({
    ...s,
    conditions: [...(s.conditions ?? [])].sort((x, y) => (x.type < y.type ? -1 : x.type > y.type ? 1 : 0)).map((c) => ({ ...c, lastHeartbeatTime: "" })),
  });
  return !jsonEqual(strip(a), strip(b));
}

export function nodeReady(node: Node | undefined): boolean {
  return node?.status?.conditions?.find((c) => c.type === "Ready")?.status === "True";
}
