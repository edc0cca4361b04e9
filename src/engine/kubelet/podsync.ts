import type { Container, Pod } from "../api/types";
import { fnv32a } from "../prng";
import type { SimTime } from "../time";
import type { Backoff } from "./backoff";
import { criErrorString, type ContainerStatus as CriContainerStatus, type CriRequest } from "./cri";
import type { CriReply } from "./criclient";
import { goDuration } from "./goduration";
import type { ImageManager } from "./imagemanager";
import { emptyPodStatus, type RuntimePodStatus } from "./pleg";
import { findContainer, generateAPIPodStatus, isTerminalPhase, podSandboxChanged, shouldContainerBeRestarted, type StartFailure } from "./podstatus";
import type { ProbeManager } from "./prober";
import type { StatusManager } from "./statusmanager";
import { all, run, wait, type Effect, type Task } from "./task";

/**
 * The kubelet's pod sync functions (pkg/kubelet/kubelet.go SyncPod, SyncTerminatingPod,
 * SyncTerminatedPod) and the runtime manager under them (pkg/kubelet/kuberuntime
 * kuberuntime_manager.go SyncPod/computePodActions, kuberuntime_container.go startContainer and
 * killContainer): what actually creates sandboxes, pulls images and starts and stops containers.
 */

/** kuberuntime minimumGracePeriodInSeconds: containers always get at least 2 s to stop. */
const MIN_GRACE_SECONDS = 2;

export interface SyncHost {
  readonly now: SimTime;
  readonly hostIP: string;
  cri(req: CriRequest, ref: string): Effect<CriReply>;
  podEvent(pod: Pod, type: "Normal" | "Warning", reason: string, message: string): void;
  containerEvent(pod: Pod, container: Container, type: "Normal" | "Warning", reason: string, message: string): void;
  readonly statusManager: StatusManager;
  readonly imageManager: ImageManager;
  readonly probes: ProbeManager;
  /** The container restart back-off (CrashLoopBackOff). */
  readonly containerBackoff: Backoff;
  /** reasonCache: the last start failure of each container of each pod. */
  reasons(uid: string): Map<string, StartFailure>;
  /**
   * The restart count the pod's log directory implies (/var/log/pods/<ns>_<pod>_<uid>/<c>/<n>.log,
   * on disk): calcRestartCountByLogDir's fallback when the runtime lost the containers.
   */
  logDirRestartCount(uid: string, name: string): number | undefined;
  recordLogDir(uid: string, name: string, restartCount: number): void;
}

/** One step of a runtime sync: kubecontainer.SyncResult. */
interface SyncResult {
  action: "KillContainer" | "KillPodSandbox" | "CreatePodSandbox" | "ConfigPodSandbox" | "StartContainer";
  target: string;
  error?: string;
  message?: string;
}

export interface SyncOutcome {
  isTerminal: boolean;
  err?: string;
}

function podRef(pod: Pod): string {
  return `pods/${pod.metadata.namespace}/${pod.metadata.name}`;
}

/** format.Pod: `name_namespace(uid)`. */
function formatPod(pod: Pod): string {
  return `${pod.metadata.name}_${pod.metadata.namespace}(${pod.metadata.uid})`;
}

/** The kubelet's hash of a container spec, kept as a container label to notice a changed spec. */
export function containerHash(c: Container): string {
  return fnv32a(JSON.stringify({ name: c.name, image: c.image, ports: c.ports ?? [] })).toString(16);
}

function statusInputs(h: SyncHost, pod: Pod, rt: RuntimePodStatus, podIsTerminal: boolean) {
  return {
    pod,
    runtime: rt,
    old: h.statusManager.getPodStatus(pod.metadata.uid) ?? pod.status,
    podIsTerminal,
    hostIP: h.hostIP,
    reasons: h.reasons(pod.metadata.uid),
    ready: (c: Container, id: string) => h.probes.ready(pod, c, id),
  };
}

/** kubelet.SyncPod: post the pod's status, then bring its sandbox and containers to what it specifies. */
export function* syncPod(h: SyncHost, pod: Pod, rt: RuntimePodStatus): Task<SyncOutcome> {
  const status = generateAPIPodStatus(statusInputs(h, pod, rt, false));
  if (isTerminalPhase(status.phase)) {
    h.statusManager.setPodStatus(pod, status);
    return { isTerminal: true };
  }
  h.statusManager.setPodStatus(pod, status);
  h.probes.addPod(pod);
  const results = yield* runtimeSyncPod(h, pod, rt);
  const reasons = h.reasons(pod.metadata.uid);
  for (const r of results) {
    if (r.action !== "StartContainer") continue;
    if (r.error) reasons.set(r.target, { reason: r.error, message: r.message ?? "" });
    else reasons.delete(r.target);
  }
  const failed = results.filter((r) => r.error);
  // The v1.32 check meant to swallow back-off errors never does (a ConfigPodSandbox result without
  // error is always there, kubernetes#123602): any failure makes the worker retry in 10-15 s.
  if (failed.length) return { isTerminal: false, err: failed.map((r) => `failed to "${r.action}" for "${r.target}" with ${r.error}: "${r.message ?? ""}"`).join(", ") };
  return { isTerminal: false };
}

interface PodActions {
  killPod: boolean;
  createSandbox: boolean;
  sandboxId: string;
  attempt: number;
  containersToStart: Container[];
  containersToKill: { container: Container; id: string; message: string }[];
  /** The init container to run next, while initialization is not done. */
  nextInit?: Container;
}

/** isInitContainerFailed. */
function initFailed(s: CriContainerStatus): boolean {
  return (s.state === "CONTAINER_EXITED" && s.exitCode !== 0) || s.state === "CONTAINER_UNKNOWN";
}

/** findNextInitContainerToRun: the failed init container to retry, or the next one, or done. */
function nextInitContainer(pod: Pod, rt: RuntimePodStatus): { last?: CriContainerStatus; next?: Container; done: boolean } {
  const inits = pod.spec.initContainers ?? [];
  if (!inits.length) return { done: true };
  // A running regular container means initialization completed before (its records may be gone).
  if (pod.spec.containers.some((c) => findContainer(rt, c.name)?.state === "CONTAINER_RUNNING")) return { done: true };
  for (let i = inits.length - 1; i >= 0; i--) {
    const s = findContainer(rt, inits[i].name);
    if (s && initFailed(s)) return { last: s, next: inits[i], done: false };
  }
  for (let i = inits.length - 1; i >= 0; i--) {
    const s = findContainer(rt, inits[i].name);
    if (!s) continue;
    if (s.state === "CONTAINER_RUNNING") return { done: false };
    if (s.state === "CONTAINER_EXITED") return i === inits.length - 1 ? { done: true } : { next: inits[i + 1], done: false };
  }
  return { next: inits[0], done: false };
}

/** computePodActions (regular containers). */
function computePodActions(pod: Pod, rt: RuntimePodStatus): PodActions {
  const sc = podSandboxChanged(rt);
  const policy = pod.spec.restartPolicy ?? "Always";
  const actions: PodActions = { killPod: sc.changed, createSandbox: sc.changed, sandboxId: sc.sandboxId, attempt: sc.attempt, containersToStart: [], containersToKill: [] };
  if (sc.changed) {
    if (policy === "Never" && sc.attempt !== 0 && rt.containers.length) {
      actions.createSandbox = false;
      return actions;
    }
    actions.containersToStart = pod.spec.containers.filter((c) => {
      if (policy !== "OnFailure") return true;
      const s = findContainer(rt, c.name);
      return !(s && s.state === "CONTAINER_EXITED" && s.exitCode === 0);
    });
    if (!actions.containersToStart.length) actions.createSandbox = false;
    else if (pod.spec.initContainers?.length) {
      // A new sandbox starts over from the first init container.
      actions.nextInit = pod.spec.initContainers[0];
      actions.containersToStart = [];
    }
    return actions;
  }
  const init = nextInitContainer(pod, rt);
  if (!init.done) {
    if (init.next) {
      if (init.last && policy === "Never") actions.killPod = true;
      else actions.nextInit = init.next;
    }
    // Initialization failed or still in progress: the other containers wait.
    return actions;
  }
  let keep = 0;
  for (const c of pod.spec.containers) {
    const s = findContainer(rt, c.name);
    if (!s || s.state !== "CONTAINER_RUNNING") {
      if (shouldContainerBeRestarted(c, pod, rt)) {
        actions.containersToStart.push(c);
        if (s && s.state === "CONTAINER_UNKNOWN") actions.containersToKill.push({ container: c, id: s.id, message: `Container ${c.name} is in unknown state, will be restarted` });
      }
      continue;
    }
    if (s.hash !== containerHash(c)) {
      // The spec changed (a new image): restart regardless of the restart policy.
      actions.containersToKill.push({ container: c, id: s.id, message: `Container ${c.name} definition changed, will be restarted` });
      actions.containersToStart.push(c);
      continue;
    }
    keep++;
  }
  if (keep === 0 && !actions.containersToStart.length) actions.killPod = true;
  return actions;
}

/** kubeGenericRuntimeManager.SyncPod. */
function* runtimeSyncPod(h: SyncHost, pod: Pod, rt: RuntimePodStatus): Task<SyncResult[]> {
  const results: SyncResult[] = [];
  const a = computePodActions(pod, rt);
  if (a.createSandbox && a.sandboxId) h.podEvent(pod, "Normal", "SandboxChanged", "Pod sandbox changed, it will be killed and re-created.");
  if (a.killPod) {
    results.push(...(yield* killPodWithSyncResult(h, pod, rt, undefined)));
    if (!a.createSandbox) return results;
  } else {
    for (const k of a.containersToKill) results.push(yield* killContainer(h, pod, k.container, k.id, k.message, undefined));
  }
  let sandboxId = a.sandboxId;
  if (a.createSandbox) {
    const res = yield* wait(
      h.cri({ op: "RunPodSandbox", config: { podName: pod.metadata.name, podNamespace: pod.metadata.namespace ?? "default", podUid: pod.metadata.uid, attempt: a.attempt } }, podRef(pod)),
    );
    if (!res.ok || res.result.op !== "RunPodSandbox") {
      const msg = res.ok ? "unexpected reply" : criErrorString(res.error);
      h.podEvent(pod, "Warning", "FailedCreatePodSandBox", `Failed to create pod sandbox: ${msg}`);
      results.push({ action: "CreatePodSandbox", target: pod.metadata.uid, error: "CreatePodSandboxError", message: `Failed to create sandbox for pod "${formatPod(pod)}": ${msg}` });
      return results;
    }
    sandboxId = res.result.sandboxId;
  }
  results.push({ action: "ConfigPodSandbox", target: pod.metadata.uid });
  if (a.nextInit) {
    const c = a.nextInit;
    const r: SyncResult = { action: "StartContainer", target: c.name };
    results.push(r);
    const back = doBackOff(h, pod, c, rt);
    if (back) {
      r.error = "CrashLoopBackOff";
      r.message = back;
      return results;
    }
    const started = yield* startContainer(h, sandboxId, pod, c, rt);
    if (started) {
      r.error = started.err;
      r.message = started.message;
    }
    return results;
  }
  for (const c of a.containersToStart) {
    const r: SyncResult = { action: "StartContainer", target: c.name };
    results.push(r);
    const back = doBackOff(h, pod, c, rt);
    if (back) {
      r.error = "CrashLoopBackOff";
      r.message = back;
      continue;
    }
    const started = yield* startContainer(h, sandboxId, pod, c, rt);
    if (started) {
      r.error = started.err;
      r.message = started.message;
    }
  }
  return results;
}

/** doBackOff: whether the container is in its restart back-off, with the waiting message if so. */
function doBackOff(h: SyncHost, pod: Pod, c: Container, rt: RuntimePodStatus): string | undefined {
  const exited = rt.containers.find((x) => x.name === c.name && x.state === "CONTAINER_EXITED");
  if (!exited) return undefined;
  const ts = exited.finishedAt ?? h.now;
  const key = `${pod.metadata.name}_${pod.metadata.namespace}_${pod.metadata.uid}_${c.name}_${containerHash(c)}`;
  if (h.containerBackoff.isInBackOffSince(key, ts, h.now)) {
    h.containerEvent(pod, c, "Warning", "BackOff", `Back-off restarting failed container ${c.name} in pod ${formatPod(pod)}`);
    return `back-off ${goDuration(h.containerBackoff.get(key))} restarting failed container=${c.name} pod=${formatPod(pod)}`;
  }
  h.containerBackoff.next(key, ts, h.now);
  return undefined;
}

/** startContainer: pull, create, start, with the events the kubelet records for each step. */
function* startContainer(h: SyncHost, sandboxId: string, pod: Pod, c: Container, rt: RuntimePodStatus): Task<{ err: string; message: string } | undefined> {
  const img = yield* h.imageManager.ensureImageExists(pod, c);
  if (img.err) {
    h.containerEvent(pod, c, "Warning", "Failed", `Error: ${img.err}`);
    return { err: img.err, message: img.message };
  }
  const prev = findContainer(rt, c.name);
  const uid = pod.metadata.uid;
  const restartCount = prev ? prev.attempt + 1 : (h.logDirRestartCount(uid, c.name) ?? -1) + 1;
  const grace = pod.metadata.deletionGracePeriodSeconds ?? pod.spec.terminationGracePeriodSeconds ?? 30;
  const created = yield* wait(
    h.cri(
      { op: "CreateContainer", sandboxId, config: { name: c.name, image: img.imageRef!, userImage: c.image, attempt: restartCount, hash: containerHash(c), terminationGracePeriod: grace } },
      podRef(pod),
    ),
  );
  if (!created.ok || created.result.op !== "CreateContainer") {
    const msg = created.ok ? "unexpected reply" : created.error.message;
    h.containerEvent(pod, c, "Warning", "Failed", `Error: ${msg}`);
    return { err: "CreateContainerError", message: msg };
  }
  h.recordLogDir(uid, c.name, restartCount);
  // With the colon from v1.32 (pkg/kubelet/kuberuntime/kuberuntime_container.go, startContainer: "Created
  // container: %v"); v1.31 and before said "Created container nginx" (newrelic/nri-kube-events#463 notes the change).
  h.containerEvent(pod, c, "Normal", "Created", `Created container: ${c.name}`);
  const started = yield* wait(h.cri({ op: "StartContainer", containerId: created.result.containerId }, podRef(pod)));
  if (!started.ok) {
    h.containerEvent(pod, c, "Warning", "Failed", `Error: ${started.error.message}`);
    return { err: "RunContainerError", message: started.error.message };
  }
  h.containerEvent(pod, c, "Normal", "Started", `Started container ${c.name}`);
  return undefined;
}

/**
 * killContainer: record `Killing`, then StopContainer with the grace period (the pod's deletion grace
 * period, else its terminationGracePeriodSeconds, at least 2 s; an override wins).
 */
function* killContainer(h: SyncHost, pod: Pod, c: Container, id: string, message: string, override: number | undefined): Task<SyncResult> {
  let grace = pod.metadata.deletionGracePeriodSeconds ?? pod.spec.terminationGracePeriodSeconds ?? MIN_GRACE_SECONDS;
  h.containerEvent(pod, c, "Normal", "Killing", message || `Stopping container ${c.name}`);
  if (grace < MIN_GRACE_SECONDS) grace = MIN_GRACE_SECONDS;
  if (override !== undefined) grace = override;
  const res = yield* wait(h.cri({ op: "StopContainer", containerId: id, timeout: grace }, podRef(pod)));
  if (!res.ok) return { action: "KillContainer", target: c.name, error: "KillContainerError", message: criErrorString(res.error) };
  return { action: "KillContainer", target: c.name };
}

/** The container spec for a runtime container (a stand-in when the pod no longer lists it). */
function specFor(pod: Pod, cs: CriContainerStatus): Container {
  return pod.spec.containers.find((c) => c.name === cs.name) ?? { name: cs.name, image: cs.image };
}

/** killPodWithSyncResult: stop the running containers in parallel, then every sandbox. */
function* killPodWithSyncResult(h: SyncHost, pod: Pod, rt: RuntimePodStatus, override: number | undefined): Task<SyncResult[]> {
  const running = rt.containers.filter((c) => c.state === "CONTAINER_RUNNING");
  const results = yield* wait(all(running.map((cs) => run(killContainer(h, pod, specFor(pod, cs), cs.id, "", override)))));
  for (const s of rt.sandboxes) {
    const r = yield* wait(h.cri({ op: "StopPodSandbox", sandboxId: s.id }, podRef(pod)));
    if (!r.ok && r.error.code !== "NotFound") results.push({ action: "KillPodSandbox", target: pod.metadata.uid, error: "KillPodSandboxError", message: r.error.message });
  }
  return results;
}

/** GetPodStatus straight from the runtime (not the PLEG cache). */
function* runtimePodStatus(h: SyncHost, pod: Pod): Task<RuntimePodStatus | undefined> {
  const res = yield* wait(h.cri({ op: "ListContainers" }, podRef(pod)));
  if (!res.ok || res.result.op !== "ListContainers") return undefined;
  const uid = pod.metadata.uid;
  const st = emptyPodStatus(uid, pod.metadata.name, pod.metadata.namespace ?? "default");
  st.sandboxes = res.result.sandboxes.filter((s) => s.podUid === uid).sort((a, b) => b.createdAt - a.createdAt);
  st.containers = res.result.containers.filter((c) => c.podUid === uid).sort((a, b) => b.createdAt - a.createdAt);
  const s = st.sandboxes[0];
  st.ips = s && s.state === "SANDBOX_READY" && s.ip ? [s.ip] : [];
  return st;
}

/**
 * SyncTerminatingPod: stop everything the pod runs with its grace period, then record the final
 * container states (the exit codes) while they are still known.
 */
export function* syncTerminatingPod(h: SyncHost, pod: Pod, rt: RuntimePodStatus, gracePeriod: number): Task<string | undefined> {
  h.statusManager.setPodStatus(pod, generateAPIPodStatus(statusInputs(h, pod, rt, false)));
  const results = yield* killPodWithSyncResult(h, pod, rt, gracePeriod);
  const failed = results.find((r) => r.error);
  if (failed) {
    h.podEvent(pod, "Warning", "FailedKillPod", `error killing pod: ${failed.message}`);
    return failed.message;
  }
  h.probes.removePod(pod.metadata.uid);
  const stopped = yield* runtimePodStatus(h, pod);
  if (!stopped) return "Unable to read pod status prior to final pod termination";
  const still = stopped.containers.filter((c) => c.state === "CONTAINER_RUNNING");
  if (still.length) return `detected running containers after a successful KillPod, CRI violation: ${still.map((c) => `containerd://${c.id}`).join(" ")}`;
  h.statusManager.setPodStatus(pod, generateAPIPodStatus(statusInputs(h, pod, stopped, true)));
  return undefined;
}

/** SyncTerminatedPod: the final status, then the status manager may finish the pod (and delete it). */
export function* syncTerminatedPod(h: SyncHost, pod: Pod, rt: RuntimePodStatus): Task<string | undefined> {
  h.statusManager.setPodStatus(pod, generateAPIPodStatus(statusInputs(h, pod, rt, true)));
  h.statusManager.terminatePod(pod);
  return undefined;
}

/**
 * SyncTerminatingRuntimePod: containers the runtime has for a pod the kubelet no longer knows (it was
 * deleted while the kubelet was down) are stopped with a 1 s grace period.
 */
export function* syncTerminatingRuntimePod(h: SyncHost, rt: RuntimePodStatus): Task<void> {
  const pod = {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: rt.name, namespace: rt.namespace, uid: rt.uid },
    spec: { containers: [] },
    status: { phase: "Running" },
  } as unknown as Pod;
  yield* killPodWithSyncResult(h, pod, rt, 1);
}

export { shouldContainerBeRestarted };
