/**
 * Status words and the shape drawn beside them. Words come from kubectl's printers (podRow, nodeRow);
 * the shape class is a second cue that does not rely on colour. Pure.
 */

/** Pod shapes: each is drawn differently (see StatusShape in icons.tsx). */
export type PodShape = "running" | "starting" | "pending" | "terminating" | "failed" | "succeeded" | "unknown";

const FAILED = new Set([
  "CrashLoopBackOff",
  "Error",
  "Failed",
  "ErrImagePull",
  "ImagePullBackOff",
  "InvalidImageName",
  "CreateContainerConfigError",
  "CreateContainerError",
  "RunContainerError",
  "OOMKilled",
  "Evicted",
  "ContainerStatusUnknown",
  "StartError",
]);

/**
 * The pod's Ready condition is False while kubectl's READY column still counts every container ready:
 * the node lifecycle controller marked it not ready (its node stopped reporting, KUBERNETES.md §1.3),
 * and Services send it no traffic. kubectl shows "Running 1/1" all the same; the chip adds the words.
 */
export function markedNotReady(pod: { status?: { conditions?: readonly { type: string; status: string }[] } }, ready: string): boolean {
  return fullyReady(ready) && (pod.status?.conditions?.some((c) => c.type === "Ready" && c.status === "False") ?? false);
}

/** READY as the chip shows it: kubectl's column, and "not Ready" when the pod was marked so ({@link markedNotReady}). */
export function readyWords(ready: string, notReady: boolean): string {
  return notReady ? `${ready} · not Ready` : ready;
}

/** The shape for a pod, from kubectl's STATUS and READY columns (and its Ready condition: {@link markedNotReady}). */
export function podShape(status: string, ready: string, notReady = false): PodShape {
  if (status === "Terminating") return "terminating";
  if (status === "Running") return fullyReady(ready) && !notReady ? "running" : "starting";
  if (status === "Completed" || status === "Succeeded") return "succeeded";
  if (status === "Pending") return "pending";
  if (status === "Unknown") return "unknown";
  const reason = status.startsWith("Init:") ? status.slice(5) : status;
  if (FAILED.has(reason)) return "failed";
  if (status === "ContainerCreating" || status === "PodInitializing" || status.startsWith("Init:")) return "starting";
  return "unknown";
}

export function fullyReady(ready: string): boolean {
  const m = /^(\d+)\/(\d+)$/.exec(ready);
  return m !== null && m[1] === m[2] && m[2] !== "0";
}

export type NodeShape = "ready" | "notready" | "disabled" | "stopped" | "unknown";

/**
 * The shape for a node: from `kubectl get nodes` STATUS ("Ready", "NotReady",
 * "Ready,SchedulingDisabled", "Unknown") and whether its machine runs.
 */
export function nodeShape(status: string, machineRunning: boolean): NodeShape {
  if (!machineRunning) return "stopped";
  const parts = status.split(",");
  if (parts[0] === "NotReady") return "notready";
  if (parts[0] !== "Ready") return "unknown";
  return parts.includes("SchedulingDisabled") ? "disabled" : "ready";
}

/** "1 pod", "3 pods", "no pods". */
export function podCount(n: number): string {
  return n === 0 ? "no pods" : n === 1 ? "1 pod" : `${n} pods`;
}

/** A machine's accessible name: "worker-2, worker node, Ready, 1 pod" (", machine stopped" when it is; ", tainted node.kubernetes.io/unreachable:NoExecute" when it has taints, ./views.ts taintsInFull). */
export function machineName(m: { name: string; role: string; status: string; pods: number; running: boolean; taints?: string }): string {
  const role = m.role === "control-plane" ? "control-plane node" : m.role === "worker" ? "worker node" : m.role;
  return `${m.name}, ${role}, ${m.status}, ${podCount(m.pods)}${m.running ? "" : ", machine stopped"}${m.taints ? `, tainted ${m.taints}` : ""}`;
}

/** "kube-scheduler on control-plane-1" for `kube-scheduler@control-plane-1`. */
export function componentTitle(id: string): string {
  const at = id.indexOf("@");
  return at < 0 ? id : `${id.slice(0, at)} on ${id.slice(at + 1)}`;
}

/** A component's state in words: "running", "stopped", "standby" (a scheduler that is not the leader). */
export function componentState(c: { running: boolean; detail?: { kind: string; active?: boolean; ready?: boolean } }): string {
  if (!c.running) return "stopped";
  const d = c.detail;
  if (d && (d.kind === "kube-scheduler" || d.kind === "kube-controller-manager") && d.active === false) return "standby";
  if (d && d.kind === "kube-apiserver" && d.ready === false) return "starting";
  return "running";
}

/** A pod's accessible name: "pod web-7d9c-x2x4q, Running, 1/1 ready, on worker-1". */
export function podName(p: { name: string; status: string; ready: string; node: string | undefined; countdown?: string; notReady?: boolean }): string {
  const where = p.node ? `on ${p.node}` : "not scheduled yet";
  return `pod ${p.name}, ${p.status}, ${p.ready} ready${p.notReady ? ", marked not Ready" : ""}, ${where}${p.countdown ? `, ${p.countdown}` : ""}`;
}

/** The last part of a generated pod name, for compact chips: "web-7d9c5b4f8-x2x4q" → "…x2x4q". */
export function shortPodName(name: string): string {
  const parts = name.split("-");
  if (parts.length < 3) return name;
  return `${parts[0]}-…${parts[parts.length - 1]}`;
}
