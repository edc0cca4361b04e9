import { describe, expect, it } from "vitest";
import type { Pod } from "../api/types";
import { parseTimestamp } from "../time";
import { harness, simplePod } from "./testkit";

const GO_DURATION = String.raw`(\d+ms|\d+(\.\d+)?s|\d+m\d+(\.\d+)?s)`;

function pulledRe(image: string): RegExp {
  return new RegExp(`^Successfully pulled image "${image}" in ${GO_DURATION} \\(${GO_DURATION} including waiting\\)\\. Image size: \\d+ bytes\\.$`);
}

/** The pull time a Pulled message states, in ms. */
function pullMs(message: string): number {
  const m = /in (\d+ms|[\d.]+s|\d+m[\d.]+s) \(/.exec(message)!;
  const d = m[1];
  if (d.endsWith("ms")) return Number(d.slice(0, -2));
  const mm = /^(\d+)m([\d.]+)s$/.exec(d);
  return mm ? Number(mm[1]) * 60_000 + Number(mm[2]) * 1000 : Number(d.slice(0, -1)) * 1000;
}

describe("a pod bound to a node", () => {
  const h = harness(11);
  h.advance(5_000);
  // Created for a scheduler that does not exist (so kube-scheduler leaves it alone), then bound
  // through pods/binding as a scheduler would.
  h.createPod(simplePod("nginx", "nginx", { schedulerName: "test-scheduler" }));
  const bound = h.bind("nginx", "worker-1");
  h.until(() => h.pod("nginx")?.status.phase === "Running", 30_000);
  h.advance(2_000);
  const pod = h.pod("nginx")!;

  it("is bound", () => {
    expect(bound.code).toBe(201);
    expect(pod.spec.nodeName).toBe("worker-1");
  });

  it("gets the kubelet's events Pulling, Pulled, Created, Started about its container, in upstream words", () => {
    const evs = h.eventsFor("Pod", "nginx");
    expect(evs.map((e) => e.reason)).toEqual(["Pulling", "Pulled", "Created", "Started"]);
    expect(evs[0].message).toBe('Pulling image "nginx"');
    expect(evs[1].message).toMatch(pulledRe("nginx"));
    expect(evs[1].message).toContain("Image size: 72099410 bytes.");
    expect(evs[2].message).toBe("Created container: nginx");
    expect(evs[3].message).toBe("Started container nginx");
    for (const e of evs) {
      expect(e.type).toBe("Normal");
      expect(e.involvedObject).toMatchObject({ kind: "Pod", apiVersion: "v1", name: "nginx", namespace: "default", uid: pod.metadata.uid, fieldPath: "spec.containers{nginx}" });
      expect(e.source).toEqual({ component: "kubelet", host: "worker-1" });
      expect(e.reportingComponent).toBe("kubelet");
      expect(e.reportingInstance).toBe("worker-1");
    }
    // A first pull of nginx (72 MB) takes seconds; creating and starting take tens of milliseconds.
    const ms = pullMs(evs[1].message);
    expect(ms).toBeGreaterThan(1500);
    expect(ms).toBeLessThan(6000);
    const created = h.firstSeen(evs[2]);
    const started = h.firstSeen(evs[3]);
    expect(started - created).toBeGreaterThanOrEqual(50);
    expect(started - created).toBeLessThan(200);
  });

  it("goes Pending (ContainerCreating) → Running in its status", () => {
    const versions = h.history<Pod>("Pod", "nginx").map((v) => v.obj);
    const creating = versions.find((p) => p.status.containerStatuses?.[0]?.state.waiting?.reason === "ContainerCreating")!;
    expect(creating.status.phase).toBe("Pending");
    expect(creating.status.containerStatuses![0]).toMatchObject({ name: "nginx", ready: false, restartCount: 0, image: "nginx", imageID: "", started: false });
    const cond = (p: Pod, t: string) => p.status.conditions!.find((c) => c.type === t)!;
    expect(cond(creating, "Ready")).toMatchObject({ status: "False", reason: "ContainersNotReady", message: "containers with unready status: [nginx]" });
    expect(cond(creating, "ContainersReady")).toMatchObject({ status: "False", reason: "ContainersNotReady", message: "containers with unready status: [nginx]" });
    expect(cond(creating, "PodReadyToStartContainers").status).toBe("False");
    expect(cond(creating, "Initialized").status).toBe("True");
  });

  it("ends Running with the status fields the kubelet writes", () => {
    const s = pod.status;
    expect(s.phase).toBe("Running");
    expect(s.conditions!.map((c) => [c.type, c.status])).toEqual([
      ["PodReadyToStartContainers", "True"],
      ["Initialized", "True"],
      ["Ready", "True"],
      ["ContainersReady", "True"],
      ["PodScheduled", "True"],
    ]);
    for (const c of s.conditions!) {
      expect(c.lastProbeTime).toBeNull();
      expect(c.lastTransitionTime).toMatch(/^2024-12-11T\d\d:\d\d:\d\dZ$/);
    }
    expect(s.hostIP).toBe("192.168.1.1");
    expect(s.hostIPs).toEqual([{ ip: "192.168.1.1" }]);
    const cidr = h.node("worker-1")!.spec.podCIDR ?? "10.244.1.0/24";
    const prefix = cidr.split(".").slice(0, 3).join(".");
    expect(s.podIP).toBe(`${prefix}.2`);
    expect(s.podIPs).toEqual([{ ip: s.podIP }]);
    expect(s.qosClass).toBe("BestEffort");
    expect(parseTimestamp(s.startTime!)).toBeLessThanOrEqual(6_000);
    const cs = s.containerStatuses![0];
    expect(cs.name).toBe("nginx");
    expect(cs.state.running?.startedAt).toMatch(/Z$/);
    expect(cs.lastState).toEqual({});
    expect(cs.ready).toBe(true);
    expect(cs.started).toBe(true);
    expect(cs.restartCount).toBe(0);
    expect(cs.image).toBe("docker.io/library/nginx:latest");
    expect(cs.imageID).toMatch(/^docker\.io\/library\/nginx@sha256:[0-9a-f]{64}$/);
    expect(cs.containerID).toMatch(/^containerd:\/\/[0-9a-f]{64}$/);
  });

  it("pulls faster the second time on the same node (the image is there; :latest still resolves)", () => {
    h.createPod(simplePod("second", "nginx", { nodeName: "worker-1" }));
    h.until(() => h.pod("second")?.status.phase === "Running", 30_000);
    const evs = h.eventsFor("Pod", "second");
    expect(evs.map((e) => e.reason)).toEqual(["Pulling", "Pulled", "Created", "Started"]);
    const first = pullMs(h.eventsFor("Pod", "nginx")[1].message);
    const again = pullMs(evs[1].message);
    expect(again).toBeLessThan(600);
    expect(again).toBeLessThan(first / 3);
    expect(h.pod("second")!.status.podIP).not.toBe(pod.status.podIP);
  });

  it("says the image is already present for IfNotPresent pods (a tagged image)", () => {
    h.createPod(simplePod("tagged-a", "nginx:1.27", { nodeName: "worker-2" }));
    h.until(() => h.pod("tagged-a")?.status.phase === "Running", 30_000);
    h.createPod(simplePod("tagged-b", "nginx:1.27", { nodeName: "worker-2" }));
    h.until(() => h.pod("tagged-b")?.status.phase === "Running", 30_000);
    expect(h.pod("tagged-b")!.spec.containers[0].imagePullPolicy).toBe("IfNotPresent");
    const evs = h.eventsFor("Pod", "tagged-b");
    expect(evs.map((e) => e.reason)).toEqual(["Pulled", "Created", "Started"]);
    expect(evs[0].message).toBe('Container image "nginx:1.27" already present on machine');
  });

  it("reports a new image in the node's status images once the image list refreshes", () => {
    h.advance(45_000);
    const names = h.node("worker-1")!.status.images!.flatMap((i) => i.names);
    expect(names).toContain("docker.io/library/nginx:latest");
  });
});

describe("deleting a pod", () => {
  const h = harness(12);
  h.advance(5_000);
  h.createPod(simplePod("web", "nginx", { nodeName: "worker-2" }));
  h.until(() => h.pod("web")?.status.phase === "Running", 30_000);
  h.advance(1_000);
  const t0 = h.cluster.now;
  const res = h.deletePod("web");
  const gone = h.until(() => !h.pod("web"), 40_000);
  const tGone = h.cluster.now;

  it("marks it for deletion with the default 30 s grace period", () => {
    expect(res.code).toBe(200);
    expect((res.object as Pod).metadata.deletionGracePeriodSeconds).toBe(30);
  });

  it("stops its container (Killing) and the kubelet removes the object well before the grace period ends", () => {
    expect(gone).toBe(true);
    expect(tGone - t0).toBeLessThan(5_000);
    const evs = h.eventsFor("Pod", "web");
    expect(evs.map((e) => e.reason)).toEqual(["Pulling", "Pulled", "Created", "Started", "Killing"]);
    expect(evs[4].message).toBe("Stopping container web");
    expect(evs[4].involvedObject.fieldPath).toBe("spec.containers{web}");
  });

  it("posts the terminal status first: Succeeded, the container terminated with exit code 0", () => {
    const last = h.history<Pod>("Pod", "web").pop()!.obj;
    expect(last.metadata.deletionTimestamp).toBeDefined();
    expect(last.status.phase).toBe("Succeeded");
    const cs = last.status.containerStatuses![0];
    expect(cs.state.terminated).toMatchObject({ exitCode: 0, reason: "Completed" });
    expect(cs.ready).toBe(false);
    expect(last.status.conditions!.find((c) => c.type === "Ready")).toMatchObject({ status: "False", reason: "PodCompleted" });
    expect(last.status.podIP).toBeDefined();
  });

  it("leaves no running container in containerd", () => {
    const rt = h.cluster.nodes.find((n) => n.machine.name === "worker-2")!.runtime;
    expect([...rt.containers.values()].filter((c) => c.state === "CONTAINER_RUNNING")).toHaveLength(0);
    expect([...rt.sandboxes.values()].filter((s) => s.state === "SANDBOX_READY")).toHaveLength(0);
  });
});

describe("an image that cannot be pulled", () => {
  const h = harness(13);
  h.advance(5_000);
  h.createPod(simplePod("bad", "nginx:doesnotexist", { nodeName: "worker-1" }));
  h.createPod(simplePod("nohost", "registry.example.invalid/app:v1", { nodeName: "worker-2" }));
  h.createPod(simplePod("norepo", "doesnotexist", { nodeName: "worker-3" }));
  h.advance(4 * 60_000);

  it("fails with Failed, ErrImagePull, then backs off with BackOff and ImagePullBackOff", () => {
    const evs = h.eventsFor("Pod", "bad");
    const byReasonMsg = (r: string, m: string) => evs.find((e) => e.reason === r && e.message === m);
    expect(evs[0].reason).toBe("Pulling");
    expect(evs[0].message).toBe('Pulling image "nginx:doesnotexist"');
    const failed = byReasonMsg(
      "Failed",
      'Failed to pull image "nginx:doesnotexist": rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/nginx:doesnotexist": failed to resolve reference "docker.io/library/nginx:doesnotexist": docker.io/library/nginx:doesnotexist: not found',
    )!;
    expect(failed.type).toBe("Warning");
    expect(byReasonMsg("Failed", "Error: ErrImagePull")!.type).toBe("Warning");
    expect(byReasonMsg("BackOff", 'Back-off pulling image "nginx:doesnotexist"')!.type).toBe("Normal");
    expect(byReasonMsg("Failed", "Error: ImagePullBackOff")!.type).toBe("Warning");
    // Repeated events are aggregated into one Event with a count.
    expect(byReasonMsg("BackOff", 'Back-off pulling image "nginx:doesnotexist"')!.count).toBeGreaterThan(3);
  });

  it("alternates ErrImagePull and ImagePullBackOff in the container's waiting state", () => {
    const reasons = new Set(h.history<Pod>("Pod", "bad").map((v) => v.obj.status.containerStatuses?.[0]?.state.waiting?.reason));
    expect(reasons).toContain("ContainerCreating");
    expect(reasons).toContain("ErrImagePull");
    expect(reasons).toContain("ImagePullBackOff");
    const p = h.pod("bad")!;
    expect(p.status.phase).toBe("Pending");
    const w = p.status.containerStatuses![0].state.waiting!;
    if (w.reason === "ImagePullBackOff") expect(w.message).toBe('Back-off pulling image "nginx:doesnotexist"');
    else expect(w.message).toMatch(/^rpc error: code = NotFound/);
  });

  it("retries pulls with a back-off that doubles from 10 s", () => {
    const pulling = h.events.filter((e) => e.ev.involvedObject.name === "bad" && e.ev.reason === "Pulling");
    // One Event object, its count and lastTimestamp growing: read the attempts off the updates.
    const times = [...new Set(pulling.map((e) => e.t))];
    expect(times.length).toBeGreaterThanOrEqual(3);
    const gaps = times.slice(1).map((t, i) => t - times[i]);
    expect(gaps[0]).toBeGreaterThanOrEqual(10_000);
    expect(gaps[1]).toBeGreaterThanOrEqual(20_000);
    expect(gaps[1]).toBeGreaterThan(gaps[0]);
  });

  it("says no such host for an unknown registry", () => {
    const failed = h.eventsFor("Pod", "nohost").find((e) => e.reason === "Failed" && e.message.startsWith("Failed to pull"))!;
    expect(failed.message).toBe(
      'Failed to pull image "registry.example.invalid/app:v1": failed to pull and unpack image "registry.example.invalid/app:v1": failed to resolve reference "registry.example.invalid/app:v1": failed to do request: Head "https://registry.example.invalid/v2/app/manifests/v1": dial tcp: lookup registry.example.invalid on 127.0.0.53:53: no such host',
    );
  });

  it("gets Docker Hub's answer for a repository that does not exist", () => {
    const failed = h.eventsFor("Pod", "norepo").find((e) => e.reason === "Failed" && e.message.startsWith("Failed to pull"))!;
    expect(failed.message).toBe(
      'Failed to pull image "doesnotexist": failed to pull and unpack image "docker.io/library/doesnotexist:latest": failed to resolve reference "docker.io/library/doesnotexist:latest": pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed',
    );
  });

  it("deletes a pod that never started: its container is reported terminated, unknown", () => {
    h.deletePod("bad");
    expect(h.until(() => !h.pod("bad"), 30_000)).toBe(true);
    const last = h.history<Pod>("Pod", "bad").pop()!.obj;
    expect(last.status.phase).toBe("Failed");
    expect(last.status.containerStatuses![0].state.terminated).toMatchObject({ exitCode: 137, reason: "ContainerStatusUnknown" });
  });
});

describe("kubelet admission and probes", () => {
  const h = harness(14);
  h.advance(5_000);

  it("rejects a pod that does not fit the node with OutOfcpu", () => {
    h.createPod(simplePod("huge", "nginx", { nodeName: "worker-1" }, { resources: { requests: { cpu: "3" } } }));
    h.until(() => h.pod("huge")?.status.phase === "Failed", 10_000);
    const p = h.pod("huge")!;
    expect(p.status.phase).toBe("Failed");
    expect(p.status.reason).toBe("OutOfcpu");
    expect(p.status.message).toBe("Pod was rejected: Node didn't have enough resource: cpu, requested: 3000, used: 0, capacity: 2000");
    const ev = h.eventsFor("Pod", "huge")[0];
    expect(ev).toMatchObject({ type: "Warning", reason: "OutOfcpu", message: "Node didn't have enough resource: cpu, requested: 3000, used: 0, capacity: 2000" });
  });

  it("marks a container with a readiness probe ready only after its initial delay", () => {
    h.createPod(simplePod("probed", "nginx", { nodeName: "worker-2" }, { readinessProbe: { httpGet: { path: "/", port: 80 }, initialDelaySeconds: 5 } }));
    h.until(() => h.pod("probed")?.status.conditions?.find((c) => c.type === "Ready")?.status === "True", 60_000);
    const versions = h.history<Pod>("Pod", "probed");
    const running = versions.find((v) => v.obj.status.phase === "Running")!;
    expect(running.obj.status.containerStatuses![0].ready).toBe(false);
    const ready = versions.find((v) => v.obj.status.containerStatuses?.[0]?.ready)!;
    const startedAt = parseTimestamp(ready.obj.status.containerStatuses![0].state.running!.startedAt);
    expect(ready.t - startedAt).toBeGreaterThanOrEqual(5_000);
    expect(ready.t - startedAt).toBeLessThan(5_000 + 10_000 + 1_000);
  });

  it("restarts a container that exits with a doubling back-off (CrashLoopBackOff)", () => {
    h.createPod(simplePod("bb", "busybox", { nodeName: "worker-3" }));
    h.advance(3 * 60_000);
    const p = h.pod("bb")!;
    const cs = p.status.containerStatuses![0];
    expect(p.status.phase).toBe("Running");
    expect(cs.restartCount).toBeGreaterThanOrEqual(3);
    expect(cs.restartCount).toBeLessThanOrEqual(6);
    expect(cs.lastState.terminated).toMatchObject({ exitCode: 0, reason: "Completed" });
    const back = h.eventsFor("Pod", "bb").find((e) => e.reason === "BackOff")!;
    expect(back.type).toBe("Warning");
    expect(back.message).toBe(`Back-off restarting failed container bb in pod bb_default(${p.metadata.uid})`);
    const waits = h.history<Pod>("Pod", "bb").map((v) => v.obj.status.containerStatuses?.[0]?.state.waiting?.message ?? "");
    expect(waits).toContain(`back-off 10s restarting failed container=bb pod=bb_default(${p.metadata.uid})`);
    expect(waits).toContain(`back-off 20s restarting failed container=bb pod=bb_default(${p.metadata.uid})`);
  });
});

describe("init containers", () => {
  const h = harness(15);
  h.advance(5_000);
  const withInit = simplePod("app", "nginx", { nodeName: "worker-1", initContainers: [{ name: "init", image: "busybox" }] });
  const stuck = simplePod("stuck", "nginx", { nodeName: "worker-2", initContainers: [{ name: "wait", image: "nginx" }] });
  h.createPod(withInit);
  h.createPod(stuck);
  h.advance(30_000);

  it("runs the init container to completion first, then the app container", () => {
    const evs = h.eventsFor("Pod", "app");
    expect(evs.map((e) => `${e.reason} ${e.involvedObject.fieldPath}`)).toEqual([
      "Pulling spec.initContainers{init}",
      "Pulled spec.initContainers{init}",
      "Created spec.initContainers{init}",
      "Started spec.initContainers{init}",
      "Pulling spec.containers{app}",
      "Pulled spec.containers{app}",
      "Created spec.containers{app}",
      "Started spec.containers{app}",
    ]);
    const p = h.pod("app")!;
    expect(p.status.phase).toBe("Running");
    expect(p.status.initContainerStatuses![0]).toMatchObject({ name: "init", ready: true, restartCount: 0 });
    expect(p.status.initContainerStatuses![0].state.terminated).toMatchObject({ exitCode: 0, reason: "Completed" });
    expect(p.status.conditions!.find((c) => c.type === "Initialized")!.status).toBe("True");
    const waiting = h.history<Pod>("Pod", "app").map((v) => v.obj.status.containerStatuses?.[0]?.state.waiting?.reason);
    expect(waiting).toContain("PodInitializing");
  });

  it("keeps a pod whose init container never exits Pending, not initialized", () => {
    const p = h.pod("stuck")!;
    expect(p.status.phase).toBe("Pending");
    expect(p.status.initContainerStatuses![0].state.running).toBeDefined();
    expect(p.status.containerStatuses![0].state.waiting?.reason).toBe("PodInitializing");
    expect(p.status.conditions!.find((c) => c.type === "Initialized")).toMatchObject({
      status: "False",
      reason: "ContainersNotInitialized",
      message: "containers with incomplete status: [wait]",
    });
  });
});

describe("a pod that runs to completion", () => {
  const h = harness(16);
  h.advance(5_000);
  h.createPod(simplePod("job", "busybox", { nodeName: "worker-1", restartPolicy: "Never" }));
  h.advance(20_000);

  it("ends Succeeded, its container Completed, its sandbox stopped, and stays in the API", () => {
    const p = h.pod("job")!;
    expect(p.status.phase).toBe("Succeeded");
    const cs = p.status.containerStatuses![0];
    expect(cs.state.terminated).toMatchObject({ exitCode: 0, reason: "Completed" });
    expect(cs.restartCount).toBe(0);
    expect(p.status.conditions!.find((c) => c.type === "Ready")).toMatchObject({ status: "False", reason: "PodCompleted" });
    expect(p.status.conditions!.find((c) => c.type === "PodReadyToStartContainers")!.status).toBe("False");
    const rt = h.cluster.nodes.find((n) => n.machine.name === "worker-1")!.runtime;
    expect([...rt.sandboxes.values()].every((s) => s.state === "SANDBOX_NOTREADY")).toBe(true);
    expect(h.eventsFor("Pod", "job").map((e) => e.reason)).toEqual(["Pulling", "Pulled", "Created", "Started"]);
  });
});
