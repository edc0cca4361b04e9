import type { SimTime } from "../time";

/**
 * The Container Runtime Interface (k8s.io/cri-api runtime/v1) as messages between the kubelet and
 * containerd on the same machine (a gRPC unix socket, `/run/containerd/containerd.sock`). Every call
 * travels as a `cri` flow; the answer comes back as a `response` flow.
 */

export type SandboxState = "SANDBOX_READY" | "SANDBOX_NOTREADY";
export type ContainerState = "CONTAINER_CREATED" | "CONTAINER_RUNNING" | "CONTAINER_EXITED" | "CONTAINER_UNKNOWN";

/** PodSandboxMetadata + the labels the kubelet puts on a sandbox (io.kubernetes.pod.*). */
export interface SandboxConfig {
  podName: string;
  podNamespace: string;
  podUid: string;
  attempt: number;
}

export interface SandboxStatus extends SandboxConfig {
  id: string;
  state: SandboxState;
  createdAt: SimTime;
  /** The pod IP the CNI plugin assigned; empty once the sandbox is stopped. */
  ip: string;
}

export interface ContainerConfig {
  name: string;
  /** The image reference to run: the image ID (`sha256:...`) the pull returned. */
  image: string;
  /** What the pod spec said (`nginx`), kept as `UserSpecifiedImage`. */
  userImage: string;
  /** The restart count, as the container's attempt (io.kubernetes.container.restartCount). */
  attempt: number;
  /** The kubelet's hash of the container spec (io.kubernetes.container.hash). */
  hash: string;
  /** Seconds the kubelet waits on stop before SIGKILL (io.kubernetes.pod.terminationGracePeriod). */
  terminationGracePeriod: number;
}

export interface ContainerStatus {
  id: string;
  sandboxId: string;
  podName: string;
  podNamespace: string;
  podUid: string;
  name: string;
  attempt: number;
  hash: string;
  state: ContainerState;
  createdAt: SimTime;
  startedAt?: SimTime;
  finishedAt?: SimTime;
  exitCode?: number;
  /** `Completed`, `Error`, `OOMKilled`, or `Unknown` after a reboot. */
  reason?: string;
  /** The image as containerd reports it: its first repo tag (`docker.io/library/nginx:latest`). */
  image: string;
  /** The image's first repo digest (`docker.io/library/nginx@sha256:...`): a container's imageID. */
  imageRef: string;
}

export interface ImageInfo {
  id: string;
  repoTags: string[];
  repoDigests: string[];
  size: number;
}

export type CriRequest =
  | { op: "Version" }
  | { op: "Status" }
  | { op: "UpdateRuntimeConfig"; podCIDR: string }
  | { op: "RunPodSandbox"; config: SandboxConfig }
  | { op: "StopPodSandbox"; sandboxId: string }
  | { op: "RemovePodSandbox"; sandboxId: string }
  /** ListPodSandbox and ListContainers in one round trip: what the PLEG relists every second. */
  | { op: "ListContainers" }
  | { op: "CreateContainer"; sandboxId: string; config: ContainerConfig }
  | { op: "StartContainer"; containerId: string }
  | { op: "StopContainer"; containerId: string; timeout: number }
  | { op: "RemoveContainer"; containerId: string }
  | { op: "PullImage"; image: string }
  | { op: "ImageStatus"; image: string }
  | { op: "ListImages" };

export interface RuntimeCondition {
  type: "RuntimeReady" | "NetworkReady";
  status: boolean;
  reason: string;
  message: string;
}

export type CriResult =
  | { op: "Version"; runtimeName: string; runtimeVersion: string }
  | { op: "Status"; conditions: RuntimeCondition[] }
  | { op: "RunPodSandbox"; sandboxId: string }
  | { op: "ListContainers"; sandboxes: SandboxStatus[]; containers: ContainerStatus[] }
  | { op: "CreateContainer"; containerId: string }
  | { op: "PullImage"; imageRef: string }
  | { op: "ImageStatus"; image: ImageInfo | null }
  | { op: "ListImages"; images: ImageInfo[] }
  | { op: "ok" };

/** A gRPC status code, as the CRI error carries it. */
export type CriCode = "NotFound" | "Unknown" | "Unavailable" | "DeadlineExceeded" | "Canceled" | "FailedPrecondition";

export interface CriError {
  code: CriCode;
  /** The status message (`desc`): what containerd said. */
  message: string;
}

export type CriMessage =
  | { kind: "cri-request"; id: number; req: CriRequest }
  | { kind: "cri-response"; id: number; result?: CriResult; error?: CriError };

/**
 * How a CRI error reads in the kubelet: `rpc error: code = NotFound desc = ...`. The kubelet's remote
 * image service strips the code from Unknown errors "since they add no value"
 * (pkg/kubelet/cri/remote/remote_image.go).
 */
export function criErrorString(e: CriError, stripUnknown = false): string {
  if (stripUnknown && e.code === "Unknown") return e.message;
  return `rpc error: code = ${e.code} desc = ${e.message}`;
}
