import type { Node } from "../api/types";
import type { ApiResponse, Verb } from "../api/wire";
import type { Resource } from "../api/resources";
import type { RequestOptions } from "../client/apiclient";
import type { SimTime } from "../time";
import type { ImageInfo } from "./cri";
import { createMergePatch, isEmptyPatch } from "./mergepatch";
import { initialNode, nodeReady, nodeStatusHasChanged, setNodeStatus, type NodeStatusContext } from "./nodestatus";
import { spawn, wait, type Effect, type Task } from "./task";

/** KubeletConfiguration defaults (k8s.io/kubelet config/v1beta1). */
export const NODE_STATUS_UPDATE_FREQUENCY: SimTime = 10_000;
export const NODE_STATUS_REPORT_FREQUENCY: SimTime = 5 * 60_000;
/** syncNodeStatus runs under wait.JitterUntil with jitter factor 0.04, sliding. */
const NODE_STATUS_JITTER = 0.04;
/** updateNodeStatus tries up to nodeStatusUpdateRetry (5) times. */
const NODE_STATUS_UPDATE_RETRY = 5;
/** fastStatusUpdateOnce polls every 100 ms for at most nodeReadyGracePeriod (120 s). */
const FAST_STATUS_PERIOD: SimTime = 100;
const NODE_READY_GRACE_PERIOD: SimTime = 120_000;
/** The heartbeat client's timeout: min(nodeStatusUpdateFrequency, nodeLeaseDuration) = 10 s. */
export const HEARTBEAT_TIMEOUT: SimTime = 10_000;
/** The labels kubelet keeps on an existing Node when it registers again (updateDefaultLabels). */
const DEFAULT_LABELS = ["kubernetes.io/hostname", "kubernetes.io/os", "kubernetes.io/arch", "beta.kubernetes.io/os", "beta.kubernetes.io/arch"];
const CMAD_ANNOTATION = "volumes.kubernetes.io/controller-managed-attach-detach";

export interface NodeStatusHost {
  readonly nodeName: string;
  readonly nodeIP: string;
  readonly controlPlane: boolean;
  readonly now: SimTime;
  readonly startedAt: SimTime;
  after(delay: SimTime, fn: () => void): void;
  jitter(d: SimTime, factor: number): SimTime;
  api(verb: Verb, resource: Resource, opts: RequestOptions, timeout?: SimTime): Effect<ApiResponse>;
  /** The Node as the kubelet's node informer has it. */
  informerNode(): Node | undefined;
  readonly machineID: string;
  readonly systemUUID: string;
  readonly bootID: string;
  images(): ImageInfo[];
  readyError(): string | null;
  nodeEvent(type: "Normal" | "Warning", reason: string, message: string): void;
  /** CRI UpdateRuntimeConfig with the node's pod CIDR. */
  setRuntimePodCIDR(cidr: string): void;
  /** Ask the runtime for its status now (updateRuntimeUp). */
  updateRuntimeUp(): void;
  log(text: string): void;
}

/**
 * The kubelet's Node: registration (registerWithAPIServer), the status loop (syncNodeStatus every
 * 10 s, posting only a change or every 5 min) and the fast loop at startup that posts Ready as soon
 * as the node is (fastStatusUpdateOnce) — pkg/kubelet/kubelet_node_status.go and kubelet.go.
 */
export class NodeStatusLoop {
  registered = false;
  private lastStatusReportTime = -Infinity;
  private lastUnschedulable = false;
  private podCIDR = "";

  constructor(private readonly host: NodeStatusHost) {}

  start(): void {
    this.registered = false;
    this.lastStatusReportTime = -Infinity;
    this.lastUnschedulable = false;
    this.podCIDR = "";
    this.loop();
    this.fastStatusUpdate();
  }

  private context(): NodeStatusContext {
    const h = this.host;
    return {
      nodeName: h.nodeName,
      nodeIP: h.nodeIP,
      now: h.now,
      machineID: h.machineID,
      systemUUID: h.systemUUID,
      bootID: h.bootID,
      images: h.images(),
      readyError: () => h.readyError(),
      lastUnschedulable: this.lastUnschedulable,
      setLastUnschedulable: (v) => (this.lastUnschedulable = v),
      recordNodeEvent: (type, reason, message) => h.nodeEvent(type, reason, message),
    };
  }

  /** syncNodeStatus under wait.JitterUntil(10 s, 0.04, sliding). */
  private loop(): void {
    spawn(this.syncNodeStatus(), () => this.host.after(this.host.jitter(NODE_STATUS_UPDATE_FREQUENCY, NODE_STATUS_JITTER), () => this.loop()));
  }

  private *syncNodeStatus(): Task {
    if (!this.registered) yield* this.registerWithAPIServer();
    for (let i = 0; i < NODE_STATUS_UPDATE_RETRY; i++) {
      if (yield* this.tryUpdateNodeStatus(i)) return;
    }
    this.host.log("Unable to update node status: update node status exceeds retry count");
  }

  /** registerWithAPIServer: POST the Node; on AlreadyExists, reconcile the existing one. Backs off 100 ms → 7 s. */
  private *registerWithAPIServer(): Task {
    const h = this.host;
    let step = 100;
    for (;;) {
      yield* wait<void>((resume) => h.after(step, () => resume()));
      step = Math.min(step * 2, 7000);
      const node = initialNode(this.context(), h.controlPlane);
      h.log(`Attempting to register node ${h.nodeName}`);
      const res = yield* wait(h.api("create", "nodes", { body: node }));
      if (res.code === 201) {
        this.registered = true;
        h.log(`Successfully registered node ${h.nodeName}`);
        return;
      }
      if (res.error?.reason !== "AlreadyExists") {
        h.log(`Unable to register node with API server: ${res.error?.message ?? res.transportError}`);
        continue;
      }
      // tryRegisterWithAPIServer: the Node exists; reconcile its default labels and annotation.
      const got = yield* wait(h.api("get", "nodes", { name: h.nodeName }));
      if (got.code !== 200 || !got.object) continue;
      const existing = got.object as Node;
      const labels = { ...(existing.metadata.labels ?? {}) };
      const annotations = { ...(existing.metadata.annotations ?? {}) };
      let changed = false;
      for (const k of DEFAULT_LABELS) {
        if (labels[k] === node.metadata.labels![k]) continue;
        labels[k] = node.metadata.labels![k];
        changed = true;
      }
      if (annotations[CMAD_ANNOTATION] !== "true") {
        annotations[CMAD_ANNOTATION] = "true";
        changed = true;
      }
      if (changed) {
        const p = yield* wait(h.api("patch", "nodes", { name: h.nodeName, body: { metadata: { labels, annotations } } }));
        if (p.code !== 200) continue;
      }
      this.registered = true;
      h.log(`Node ${h.nodeName} was previously registered`);
      return;
    }
  }

  /** updateNode: run the setters over a copy of the node; whether anything but heartbeats changed. */
  private updateNode(original: Node): { node: Node; changed: boolean } {
    // A JSON copy: the Node is plain data, and this is about twice as fast as structuredClone here.
    const node = JSON.parse(JSON.stringify(original)) as Node;
    let cidrChanged = false;
    const cidrs = node.spec.podCIDRs ?? (node.spec.podCIDR ? [node.spec.podCIDR] : []);
    if (cidrs.length) cidrChanged = this.updatePodCIDR(cidrs.join(","));
    setNodeStatus(this.context(), node);
    return { node, changed: cidrChanged || nodeStatusHasChanged(original.status, node.status) };
  }

  /** updatePodCIDR: hand a new pod CIDR to the runtime. */
  private updatePodCIDR(cidr: string): boolean {
    if (cidr === this.podCIDR) return false;
    this.podCIDR = cidr;
    this.host.setRuntimePodCIDR(cidr.split(",")[0]);
    return true;
  }

  /** tryUpdateNodeStatus: the first try reads the Node from the informer, retries GET it. */
  private *tryUpdateNodeStatus(tryNumber: number): Generator<Effect, boolean, unknown> {
    const h = this.host;
    let original: Node | undefined;
    if (tryNumber === 0) original = h.informerNode();
    else {
      const got = yield* wait(h.api("get", "nodes", { name: h.nodeName }, HEARTBEAT_TIMEOUT));
      original = got.code === 200 ? (got.object as Node) : undefined;
    }
    if (!original) return false;
    const { node, changed } = this.updateNode(original);
    if (!changed && h.now - this.lastStatusReportTime < NODE_STATUS_REPORT_FREQUENCY) return true;
    return yield* this.patchNodeStatus(original, node);
  }

  /** PatchNodeStatus: PATCH nodes/<name>/status with what changed (heartbeats included). */
  private *patchNodeStatus(original: Node, node: Node): Generator<Effect, boolean, unknown> {
    const h = this.host;
    const patch = createMergePatch(original.status, node.status);
    const res = yield* wait(h.api("patchStatus", "nodes", { name: h.nodeName, body: { status: isEmptyPatch(patch) ? {} : patch } }, HEARTBEAT_TIMEOUT));
    if (res.code !== 200) {
      h.log(`Error updating node status, will retry: ${res.error?.message ?? res.transportError}`);
      return false;
    }
    this.lastStatusReportTime = h.now;
    return true;
  }

  /** fastStatusUpdateOnce: every 100 ms until the node is Ready, post Ready as soon as it would be. */
  private fastStatusUpdate(): void {
    const h = this.host;
    h.after(FAST_STATUS_PERIOD, () => {
      if (h.now - h.startedAt >= NODE_READY_GRACE_PERIOD) return;
      const original = h.informerNode();
      if (!original || !original.status.conditions?.some((c) => c.type === "Ready")) return this.fastStatusUpdate();
      if (nodeReady(original)) return;
      h.updateRuntimeUp();
      const { node, changed } = this.updateNode(original);
      if (!changed || !nodeReady(node)) return this.fastStatusUpdate();
      h.log("Fast updating node status as it just became ready");
      spawn(this.patchNodeStatus(original, node), (ok) => {
        if (!ok) spawn(this.syncNodeStatus());
      });
    });
  }
}
