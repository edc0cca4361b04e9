import { qosClass } from "../api/qos";
import type { Container, ContainerState, ContainerStatus, Pod, PodCondition, PodPhase, PodStatus } from "../api/types";
import { rfc3339 } from "../time";
import type { RuntimePodStatus } from "./pleg";
import type { ContainerStatus as CriContainerStatus } from "./cri";

/**
 * Turning what the runtime has into a pod's API status: generateAPIPodStatus and its helpers
 * (pkg/kubelet/kubelet_pods.go, pkg/kubelet/status/generate.go), plus the pod-level runtime
 * decisions they share with SyncPod (pkg/kubelet/container/helpers.go, kuberuntime util).
 */

/** Why a container could not be started at the last sync (the kubelet's reasonCache). */
export interface StartFailure {
  reason: string;
  message: string;
}

export interface StatusInputs {
  pod: Pod;
  runtime: RuntimePodStatus;
  /** The status manager's status for the pod, or the API's when it has none. */
  old: PodStatus;
  podIsTerminal: boolean;
  hostIP: string;
  /** reasonCache entries for this pod, by container name. */
  reasons: Map<string, StartFailure>;
  /** The readiness result for a running container (no readinessProbe: ready once running). */
  ready(container: Container, containerID: string): boolean;
}

/** The pod conditions the kubelet owns (pkg/kubelet/types PodConditionsByKubelet + PodReadyToStartContainers). */
export const KUBELET_CONDITIONS = new Set<PodCondition["type"]>(["PodScheduled", "Ready", "Initialized", "ContainersReady", "PodReadyToStartContainers"]);

export function isTerminalPhase(phase: PodPhase | undefined): boolean {
  return phase === "Succeeded" || phase === "Failed";
}

/** Go's `%s` of a []string: `[a b]`. */
function goList(names: string[]): string {
  return `[${names.join(" ")}]`;
}

/**
 * runtimeutil.PodSandboxChanged: whether the pod needs a new sandbox, the attempt it would be and the
 * id of the sandbox it replaces.
 */
export function podSandboxChanged(rt: RuntimePodStatus): { changed: boolean; attempt: number; sandboxId: string } {
  if (!rt.sandboxes.length) return { changed: true, attempt: 0, sandboxId: "" };
  const s = rt.sandboxes[0];
  const ready = rt.sandboxes.filter((x) => x.state === "SANDBOX_READY").length;
  if (ready > 1 || s.state !== "SANDBOX_READY" || !s.ip) return { changed: true, attempt: s.attempt + 1, sandboxId: s.id };
  return { changed: false, attempt: s.attempt, sandboxId: s.id };
}

/** The newest runtime container with this name (PodStatus.FindContainerStatusByName). */
export function findContainer(rt: RuntimePodStatus, name: string): CriContainerStatus | undefined {
  return rt.containers.find((c) => c.name === name);
}

/** kubecontainer.ShouldContainerBeRestarted. */
export function shouldContainerBeRestarted(container: Container, pod: Pod, rt: RuntimePodStatus): boolean {
  if (pod.metadata.deletionTimestamp) return false;
  const s = findContainer(rt, container.name);
  if (!s) return true;
  if (s.state === "CONTAINER_RUNNING") return false;
  if (s.state === "CONTAINER_UNKNOWN" || s.state === "CONTAINER_CREATED") return true;
  const policy = pod.spec.restartPolicy ?? "Always";
  if (policy === "Never") return false;
  if (policy === "OnFailure" && s.exitCode === 0) return false;
  return true;
}

function timeOrNull(t: number | undefined): string {
  return (t === undefined ? null : rfc3339(t)) as unknown as string;
}

/** convertContainerStatus: one runtime container as an API container status. */
function convertContainerStatus(cs: CriContainerStatus, old: ContainerStatus | undefined): ContainerStatus {
  const cid = `containerd://${cs.id}`;
  let state: ContainerState;
  let restartCount = cs.attempt;
  switch (cs.state) {
    case "CONTAINER_RUNNING":
      state = { running: { startedAt: rfc3339(cs.startedAt!) } };
      break;
    case "CONTAINER_CREATED":
      state = { waiting: {} as { reason: string } };
      break;
    case "CONTAINER_EXITED":
      state = {
        terminated: {
          exitCode: cs.exitCode ?? 0,
          reason: cs.reason,
          startedAt: timeOrNull(cs.startedAt),
          finishedAt: timeOrNull(cs.finishedAt),
          containerID: cid,
        },
      };
      break;
    default:
      if (old?.state.running) {
        state = { terminated: { exitCode: 137, reason: "ContainerStatusUnknown", message: "The container could not be located when the pod was terminated" } as never };
        restartCount = old.restartCount + 1;
      } else state = { waiting: {} as { reason: string } };
  }
  const out: ContainerStatus = { name: cs.name, state, lastState: {}, ready: false, restartCount, image: cs.image, imageID: cs.imageRef, containerID: cid };
  // The CRI does not know the volumes' names: the mounts come from the status before (they never change).
  if (old?.volumeMounts) out.volumeMounts = old.volumeMounts;
  return out;
}

/**
 * A container's mounts in its status (convertToAPIContainerStatuses, RecursiveReadOnlyMounts): a
 * read-only mount says recursiveReadOnly Disabled (the spec's own recursiveReadOnly is not simulated).
 */
function volumeMountStatuses(c: Container): ContainerStatus["volumeMounts"] {
  if (!c.volumeMounts?.length) return undefined;
  return c.volumeMounts.map((m) => (m.readOnly ? { name: m.name, mountPath: m.mountPath, readOnly: true, recursiveReadOnly: "Disabled" as const } : { name: m.name, mountPath: m.mountPath }));
}

/** convertToAPIContainerStatuses, for the pod's regular or init containers. */
function containerStatuses(inp: StatusInputs, containers: Container[], previous: ContainerStatus[] | undefined, isInit: boolean): ContainerStatus[] {
  const { pod, runtime: rt } = inp;
  const hasInit = !!pod.spec.initContainers?.length;
  const defaultReason = hasInit ? "PodInitializing" : "ContainerCreating";
  const old = new Map((previous ?? []).map((s) => [s.name, s]));
  const statuses = new Map<string, ContainerStatus>();
  for (const c of containers) {
    let st: ContainerStatus = { name: c.name, state: { waiting: { reason: defaultReason } }, lastState: {}, ready: false, restartCount: 0, image: c.image, imageID: "" };
    const mounts = volumeMountStatuses(c);
    if (mounts) st.volumeMounts = mounts;
    const o = old.get(c.name);
    if (o) {
      if (o.state.terminated) st = structuredClone(o);
      else st = { ...st, restartCount: o.restartCount, lastState: o.lastState };
    }
    statuses.set(c.name, st);
  }
  // A container that was running and has vanished from the runtime did terminate, with an unknown code.
  for (const c of containers) {
    if (rt.containers.some((x) => x.name === c.name)) continue;
    const o = old.get(c.name);
    if (!o || o.state.terminated || !o.state.running) continue;
    const st = statuses.get(c.name)!;
    if (st.state.waiting?.reason !== defaultReason || st.lastState.terminated) continue;
    st.lastState = {
      terminated: {
        exitCode: 137,
        reason: "ContainerStatusUnknown",
        message: "The container could not be located when the pod was deleted.  The container used to be Running",
      } as never,
    };
    if (!pod.metadata.deletionTimestamp) st.restartCount += 1;
  }
  // The newest runtime container of each name gives the state, the one before it the last state.
  const seen = new Map<string, number>();
  for (const cs of rt.containers) {
    if (!statuses.has(cs.name)) continue;
    const n = seen.get(cs.name) ?? 0;
    if (n >= 2) continue;
    const conv = convertContainerStatus(cs, old.get(cs.name));
    if (n === 0) statuses.set(cs.name, conv);
    else statuses.get(cs.name)!.lastState = conv.state;
    seen.set(cs.name, n + 1);
  }
  // Containers that will be (re)started show why they are not running yet.
  for (const c of containers) {
    if (isInit) {
      const s = findContainer(rt, c.name);
      if (s && s.state === "CONTAINER_EXITED" && s.exitCode === 0) continue;
    }
    if (!shouldContainerBeRestarted(c, pod, rt)) continue;
    const r = inp.reasons.get(c.name);
    if (!r) continue;
    const st = statuses.get(c.name)!;
    if (st.state.terminated) st.lastState = st.state;
    st.state = { waiting: r.message ? { reason: r.reason, message: r.message } : { reason: r.reason } };
  }
  // Init containers in spec order (SortStatusesOfInitContainers), the others by name.
  if (isInit) return containers.map((c) => statuses.get(c.name)!);
  return [...statuses.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** getPhase (pkg/kubelet/kubelet_pods.go), for pods without init containers. */
export function getPhase(pod: Pod, statuses: ContainerStatus[], podIsTerminal: boolean): PodPhase {
  let unknown = 0;
  let running = 0;
  let waiting = 0;
  let stopped = 0;
  let succeeded = 0;
  let pendingInitialization = 0;
  let failedInitialization = 0;
  for (const c of pod.spec.initContainers ?? []) {
    const s = statuses.find((x) => x.name === c.name);
    if (!s) {
      pendingInitialization++;
      continue;
    }
    if (s.state.running) pendingInitialization++;
    else if (s.state.terminated) {
      if (s.state.terminated.exitCode !== 0) failedInitialization++;
    } else if (s.state.waiting) {
      if (s.lastState.terminated) {
        if (s.lastState.terminated.exitCode !== 0) failedInitialization++;
      } else pendingInitialization++;
    } else pendingInitialization++;
  }
  for (const c of pod.spec.containers) {
    const s = statuses.find((x) => x.name === c.name);
    if (!s) {
      unknown++;
      continue;
    }
    if (s.state.running) running++;
    else if (s.state.terminated) {
      stopped++;
      if (s.state.terminated.exitCode === 0) succeeded++;
    } else if (s.state.waiting) {
      if (s.lastState.terminated) stopped++;
      else waiting++;
    } else unknown++;
  }
  const policy = pod.spec.restartPolicy ?? "Always";
  if (failedInitialization > 0 && policy === "Never") return "Failed";
  if (pendingInitialization > 0 && running + stopped === 0) return "Pending";
  if (waiting > 0) return "Pending";
  if (running > 0 && unknown === 0) return "Running";
  if (running === 0 && stopped > 0 && unknown === 0) {
    if (podIsTerminal) return stopped === succeeded ? "Succeeded" : "Failed";
    if (policy === "Always") return "Running";
    if (stopped === succeeded) return "Succeeded";
    if (policy === "Never") return "Failed";
    return "Running";
  }
  return "Pending";
}

function condition(type: PodCondition["type"], status: PodCondition["status"], reason?: string, message?: string): PodCondition {
  const c: PodCondition = { type, status, lastProbeTime: null, lastTransitionTime: "" };
  if (reason) c.reason = reason;
  if (message) c.message = message;
  return c;
}

/** status.GenerateContainersReadyCondition. */
export function containersReadyCondition(pod: Pod, statuses: ContainerStatus[], phase: PodPhase): PodCondition {
  const unknown: string[] = [];
  const unready: string[] = [];
  for (const c of pod.spec.containers) {
    const s = statuses.find((x) => x.name === c.name);
    if (!s) unknown.push(c.name);
    else if (!s.ready) unready.push(c.name);
  }
  if (phase === "Succeeded" && !unknown.length) return condition("ContainersReady", "False", "PodCompleted");
  if (phase === "Failed") return condition("ContainersReady", "False", "PodFailed");
  const msgs: string[] = [];
  if (unknown.length) msgs.push(`containers with unknown status: ${goList(unknown)}`);
  if (unready.length) msgs.push(`containers with unready status: ${goList(unready)}`);
  if (msgs.length) return condition("ContainersReady", "False", "ContainersNotReady", msgs.join(", "));
  return condition("ContainersReady", "True");
}

/** status.GeneratePodReadyCondition (no readiness gates). */
export function podReadyCondition(pod: Pod, statuses: ContainerStatus[], phase: PodPhase): PodCondition {
  const cr = containersReadyCondition(pod, statuses, phase);
  if (cr.status !== "True") return condition("Ready", cr.status, cr.reason, cr.message);
  return condition("Ready", "True");
}

/** status.GeneratePodInitializedCondition. */
function initializedCondition(pod: Pod, statuses: ContainerStatus[]): PodCondition {
  const inits = pod.spec.initContainers ?? [];
  if (!inits.length) return condition("Initialized", "True");
  const incomplete = inits.filter((c) => {
    const s = statuses.find((x) => x.name === c.name);
    return !(s?.state.terminated && s.state.terminated.exitCode === 0);
  });
  if (!incomplete.length) return condition("Initialized", "True");
  return condition("Initialized", "False", "ContainersNotInitialized", `containers with incomplete status: ${goList(incomplete.map((c) => c.name))}`);
}

/**
 * generateAPIPodStatus: the status the kubelet wants the pod to have, from the runtime's view and
 * the previous status. Condition transition times and the start time are the status manager's job.
 */
export function generateAPIPodStatus(inp: StatusInputs): PodStatus {
  const { pod, runtime: rt, old } = inp;
  const podIPs = rt.ips.map((ip) => ({ ip }));
  const cs = containerStatuses(inp, pod.spec.containers, old.containerStatuses, false);
  const ics = pod.spec.initContainers?.length ? containerStatuses(inp, pod.spec.initContainers, old.initContainerStatuses, true) : undefined;
  let phase = getPhase(pod, [...cs, ...(ics ?? [])], inp.podIsTerminal);
  if (!isTerminalPhase(phase)) {
    if (isTerminalPhase(old.phase)) phase = old.phase;
    else if (isTerminalPhase(pod.status.phase)) phase = pod.status.phase;
  }
  let reason: string | undefined;
  let message: string | undefined;
  if (phase === old.phase) {
    reason = old.reason || pod.status.reason;
    message = old.message || pod.status.message;
  }
  if (isTerminalPhase(pod.status.phase) && phase !== pod.status.phase) phase = pod.status.phase;
  // The probe manager's UpdatePodStatus: started and ready.
  for (const s of cs) {
    const running = !!s.state.running;
    const spec = pod.spec.containers.find((c) => c.name === s.name)!;
    s.started = running;
    s.ready = running && inp.ready(spec, s.containerID ?? "");
  }
  for (const s of ics ?? []) {
    s.started = !!s.state.running;
    // An init container is "ready" once it completed.
    s.ready = !!s.state.terminated && s.state.terminated.exitCode === 0;
  }
  const conditions: PodCondition[] = (pod.status.conditions ?? []).filter((c) => !KUBELET_CONDITIONS.has(c.type));
  conditions.push(condition("PodReadyToStartContainers", podSandboxChanged(rt).changed ? "False" : "True"));
  conditions.push(initializedCondition(pod, ics ?? []));
  conditions.push(podReadyCondition(pod, cs, phase));
  conditions.push(containersReadyCondition(pod, cs, phase));
  conditions.push(condition("PodScheduled", "True"));
  const status: PodStatus = { phase, conditions };
  if (message) status.message = message;
  if (reason) status.reason = reason;
  status.hostIP = inp.hostIP;
  status.hostIPs = [{ ip: inp.hostIP }];
  // Once the sandbox is stopped the runtime has no IP for it; a terminating pod keeps the one it had
  // (SyncTerminatingPod's preserveDataFromBeforeStopping, v1.31+).
  if (podIPs.length) {
    status.podIP = podIPs[0].ip;
    status.podIPs = podIPs;
  } else if ((inp.podIsTerminal || pod.metadata.deletionTimestamp) && old.podIP) {
    status.podIP = old.podIP;
    status.podIPs = old.podIPs ?? [{ ip: old.podIP }];
  }
  if (old.startTime) status.startTime = old.startTime;
  if (ics) status.initContainerStatuses = ics;
  status.containerStatuses = cs;
  status.qosClass = pod.status.qosClass ?? qosClass(pod);
  return status;
}

/**
 * status.mergePodStatus: keeps the conditions the kubelet does not own, holds back a terminal phase
 * while containers could still run, and never reports a terminal pod ready.
 */
export function mergePodStatus(apiStatus: PodStatus, kubeletStatus: PodStatus, couldHaveRunningContainers: boolean, now: string): PodStatus {
  const conditions: PodCondition[] = (apiStatus.conditions ?? []).filter((c) => !KUBELET_CONDITIONS.has(c.type));
  for (const c of kubeletStatus.conditions ?? []) if (KUBELET_CONDITIONS.has(c.type)) conditions.push(c);
  const merged: PodStatus = { ...kubeletStatus, conditions };
  if (!isTerminalPhase(apiStatus.phase) && isTerminalPhase(kubeletStatus.phase) && couldHaveRunningContainers) {
    merged.phase = apiStatus.phase;
    if (apiStatus.reason) merged.reason = apiStatus.reason;
    else delete merged.reason;
    if (apiStatus.message) merged.message = apiStatus.message;
    else delete merged.message;
  }
  if (isTerminalPhase(merged.phase)) {
    const reason = merged.phase === "Failed" ? "PodFailed" : "PodCompleted";
    merged.conditions = merged.conditions!.map((c) =>
      (c.type === "Ready" || c.type === "ContainersReady") && c.status === "True"
        ? { type: c.type, status: "False", lastProbeTime: null, lastTransitionTime: now, reason }
        : c,
    );
  }
  // Go's field order for a PodStatus.
  return orderStatus(merged);
}

const STATUS_ORDER = [
  "phase",
  "conditions",
  "message",
  "reason",
  "nominatedNodeName",
  "hostIP",
  "hostIPs",
  "podIP",
  "podIPs",
  "startTime",
  "initContainerStatuses",
  "containerStatuses",
  "qosClass",
];

export function orderStatus(s: PodStatus): PodStatus {
  const out: Record<string, unknown> = {};
  for (const k of STATUS_ORDER) if ((s as unknown as Record<string, unknown>)[k] !== undefined) out[k] = (s as unknown as Record<string, unknown>)[k];
  for (const [k, v] of Object.entries(s)) if (!(k in out) && v !== undefined) out[k] = v;
  return out as unknown as PodStatus;
}

/** isPodStatusByKubeletEqual: equal but for the conditions' times and the conditions the kubelet does not own. */
export function podStatusByKubeletEqual(a: PodStatus, b: PodStatus, eq: (x: unknown, y: unknown) => boolean): boolean {
  for (const c of b.conditions ?? []) {
    if (!KUBELET_CONDITIONS.has(c.type)) continue;
    const o = a.conditions?.find((x) => x.type === c.type);
    if (!o || o.status !== c.status || (o.message ?? "") !== (c.message ?? "") || (o.reason ?? "") !== (c.reason ?? "")) return false;
  }
  const strip = (s: PodStatus) => ({ ...s, conditions: undefined });
  return eq(strip(a), strip(b));
}

/** Sets lastTransitionTime on the kubelet's conditions: kept while the status is unchanged, else now. */
export function updateTransitionTimes(status: PodStatus, old: PodStatus, now: string): void {
  for (const c of status.conditions ?? []) {
    if (!KUBELET_CONDITIONS.has(c.type)) continue;
    const o = old.conditions?.find((x) => x.type === c.type);
    c.lastTransitionTime = o && o.status === c.status && o.lastTransitionTime ? o.lastTransitionTime : now;
  }
}
