import type { PodView } from "./clusterView";

/**
 * The shape a status is drawn with, next to its words. Colour is only a second cue: every kind has
 * its own icon, so the picture reads in greyscale and on a washed-out projector.
 */
export type StatusKind = "ok" | "progress" | "waiting" | "bad" | "disabled" | "unknown";

const BAD_POD_STATUSES = new Set([
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
]);

const PROGRESS_POD_STATUSES = new Set(["ContainerCreating", "PodInitializing", "Terminating"]);

/** Shape for a node STATUS as `kubectl get nodes` prints it ("Ready", "NotReady", "Ready,SchedulingDisabled"). */
export function nodeStatusKind(status: string): StatusKind {
  const parts = status.split(",");
  if (parts[0] === "NotReady") return "bad";
  if (parts[0] !== "Ready") return "unknown";
  return parts.includes("SchedulingDisabled") ? "disabled" : "ok";
}

/** Shape for a pod, from its STATUS words and its READY column. */
export function podStatusKind(pod: Pick<PodView, "status" | "ready">): StatusKind {
  const { status } = pod;
  if (status === "Running") return isFullyReady(pod.ready) ? "ok" : "progress";
  if (status === "Completed" || status === "Succeeded") return "ok";
  if (status === "Pending") return "waiting";
  // Init containers show as "Init:0/1" while they run and "Init:CrashLoopBackOff" when they fail.
  const reason = status.startsWith("Init:") ? status.slice("Init:".length) : status;
  if (BAD_POD_STATUSES.has(reason)) return "bad";
  if (PROGRESS_POD_STATUSES.has(status) || status !== reason) return "progress";
  return "unknown";
}

/** "1/1" and "2/2" are ready; "0/1" is not; anything unparsable is not. */
export function isFullyReady(ready: string): boolean {
  const match = /^(\d+)\/(\d+)$/.exec(ready);
  return match !== null && match[1] === match[2] && match[2] !== "0";
}
