import { Actor, type ActorId, type Machine, type Message, type Simulation } from "../sim";
import type { SimTime } from "../time";
import type {
  ContainerConfig,
  ContainerStatus,
  CriError,
  CriMessage,
  CriRequest,
  CriResult,
  ImageInfo,
  SandboxConfig,
  SandboxStatus,
} from "./cri";
import { lookupImage, parseImage, preloadedImages, registryResolves, type ImageBehavior, type ImageRef } from "./images";
import { derivedPodCIDR, HostLocalIpam } from "./ipam";
import type { RegistryReply, RegistryRequest } from "./registry";

/** containerd's version string as `crictl version` and the node's containerRuntimeVersion show it. */
export const CONTAINERD_VERSION = "1.7.24";

/**
 * How long containerd takes for each CRI call, in ms [U: order of magnitude from containerd/kubelet
 * runtime operation metrics on a cloud VM with an SSD]:
 * - reads (Status, List*, ImageStatus) are in-memory/bolt lookups over a local socket: 1-3 ms;
 * - RunPodSandbox creates the network namespace, runs the CNI plugins (bridge + host-local + portmap,
 *   most of the time) and starts the pause container: 100-300 ms;
 * - CreateContainer prepares the overlay snapshot and OCI spec, StartContainer has runc create and
 *   start the task through the shim: 50-150 ms each;
 * - StopPodSandbox kills the pause container and runs CNI DEL: 50-150 ms; removals 10-50 ms.
 */
const READ_MS = [1, 3] as const;
const RUN_SANDBOX_MS = [100, 300] as const;
const CREATE_MS = [50, 150] as const;
const START_MS = [50, 150] as const;
const STOP_SANDBOX_MS = [50, 150] as const;
const REMOVE_MS = [10, 50] as const;
/**
 * A server (nginx, httpd, redis) that gets SIGTERM shuts down gracefully and exits 0 within 50-150 ms
 * (nginx's fast shutdown closes its listeners and its workers exit): far inside any grace period.
 */
const SIGTERM_EXIT_MS = [50, 150] as const;
/** A shell with no TTY (`sh` in busybox, alpine, ubuntu) reads EOF on stdin and exits 0 at once. */
const SHELL_EXIT_MS = [5, 30] as const;
/** Unpacking layers (gunzip + writing the snapshot) runs at 80-120 MB/s of compressed input [U]. */
const UNPACK_MBPS = [80, 120] as const;
/** A failed DNS lookup (NXDOMAIN from the node's stub resolver) comes back in 2-20 ms. */
const DNS_FAIL_MS = [2, 20] as const;

interface StoredImage extends ImageInfo {
  behavior: ImageBehavior;
}

interface Sandbox extends SandboxStatus {}

interface Container extends ContainerStatus {
  behavior: ImageBehavior;
  /** When a container whose process exits on its own will exit. */
  exitAt?: SimTime;
  /** Callbacks waiting for the container to exit (StopContainer calls). */
  waiters: (() => void)[];
}

/**
 * containerd with its CRI plugin on one machine (component `containerd`): it holds the machine's pod
 * sandboxes, containers and image store, and pulls images from the registry. Its containers run in
 * shims, so stopping containerd alone leaves them running; stopping the machine kills them, and when
 * containerd comes back after the reboot it finds their records (its metadata is on disk) and reports
 * them exited with code 255, reason `Unknown`. The image store is on disk and survives too.
 */
export class ContainerRuntime extends Actor {
  readonly images = new Map<string, StoredImage>();
  /** Tag or digest reference → image id. */
  private readonly refs = new Map<string, string>();
  readonly sandboxes = new Map<string, Sandbox>();
  readonly containers = new Map<string, Container>();
  private readonly ipam = new HostLocalIpam();
  private podCIDR = "";
  /** Bumped on every change the PLEG could observe. */
  version = 0;
  /**
   * Called on every observable change. This is a simulation shortcut for the kubelet's PLEG, which
   * relists every second: the kubelet skips the relists that could not have seen anything new.
   */
  readonly changeListeners = new Set<() => void>();
  private machineDied = false;
  private registryReqId = 1;
  private readonly registryPending = new Map<number, (r: RegistryReply) => void>();

  constructor(
    sim: Simulation,
    machine: Machine,
    readonly opts: { registry: string },
  ) {
    super(sim, machine, "containerd");
    for (const ref of preloadedImages(machine.role === "control-plane")) {
      const parsed = parseImage(ref) as ImageRef;
      const img = lookupImage(parsed);
      if (!("missing" in img)) this.addImage(parsed, img.id, img.digest, img.size, img.behavior);
    }
  }

  protected onStart(): void {
    this.registryPending.clear();
    if (this.machineDied) {
      // containerd's restart.go: a container whose task is gone is "exited" with an unknown status.
      this.machineDied = false;
      for (const c of this.containers.values()) {
        if (c.state === "CONTAINER_RUNNING" || c.state === "CONTAINER_CREATED") {
          c.state = "CONTAINER_EXITED";
          c.exitCode = 255;
          c.reason = "Unknown";
          c.finishedAt = this.now;
          c.exitAt = undefined;
        }
        c.waiters = [];
      }
      for (const s of this.sandboxes.values()) {
        s.state = "SANDBOX_NOTREADY";
        s.ip = "";
      }
      this.ipam.releaseAll();
      this.changed();
      return;
    }
    // Only the daemon restarted: the shims kept the containers running; those that exited meanwhile
    // are seen exited at the time they did.
    for (const c of this.containers.values()) {
      if (c.state === "CONTAINER_RUNNING" && c.exitAt !== undefined) {
        if (c.exitAt <= this.now) this.exit(c, 0, "Completed", c.exitAt);
        else this.scheduleExit(c);
      }
    }
    this.changed();
  }

  protected onStop(): void {
    if (!this.machine.running) this.machineDied = true;
  }

  receive(msg: Message): void {
    const body = msg.body as CriMessage | RegistryReply;
    if (body.kind === "resolved" || body.kind === "blobs") {
      const cb = this.registryPending.get(body.id);
      if (cb) {
        this.registryPending.delete(body.id);
        cb(body);
      }
      return;
    }
    if (body.kind !== "cri-request") return;
    const reply = (result?: CriResult, error?: CriError) => {
      const m: CriMessage = { kind: "cri-response", id: body.id, result, error };
      this.send(msg.flow.from, "response", msg.flow.ref, m);
    };
    this.handle(body.req, msg.flow.from, reply);
  }

  private handle(req: CriRequest, _from: ActorId, reply: (result?: CriResult, error?: CriError) => void): void {
    const rng = this.sim.rng;
    const later = (range: readonly [number, number], fn: () => void) => this.after(rng.between(range[0], range[1]), fn);
    switch (req.op) {
      case "Version":
        return later(READ_MS, () => reply({ op: "Version", runtimeName: "containerd", runtimeVersion: `v${CONTAINERD_VERSION}` }));
      case "Status":
        return later(READ_MS, () =>
          reply({
            op: "Status",
            conditions: [
              { type: "RuntimeReady", status: true, reason: "", message: "" },
              { type: "NetworkReady", status: true, reason: "", message: "" },
            ],
          }),
        );
      case "UpdateRuntimeConfig":
        this.podCIDR = req.podCIDR;
        return later(READ_MS, () => reply({ op: "ok" }));
      case "ListContainers":
        return later(READ_MS, () =>
          reply({
            op: "ListContainers",
            sandboxes: [...this.sandboxes.values()].map((s) => ({ ...s })),
            containers: [...this.containers.values()].map(({ behavior: _b, exitAt: _e, waiters: _w, ...c }) => ({ ...c })),
          }),
        );
      case "ListImages":
        return later(READ_MS, () => reply({ op: "ListImages", images: [...this.images.values()].map(imageInfo) }));
      case "ImageStatus":
        return later(READ_MS, () => {
          const img = this.findImage(req.image);
          reply({ op: "ImageStatus", image: img ? imageInfo(img) : null });
        });
      case "RunPodSandbox":
        return later(RUN_SANDBOX_MS, () => reply(...this.runSandbox(req.config)));
      case "StopPodSandbox":
        return later(STOP_SANDBOX_MS, () => {
          const s = this.sandboxes.get(req.sandboxId);
          if (s && s.state === "SANDBOX_READY") {
            // Stopping a sandbox kills what still runs in it, then tears its network down (CNI DEL).
            for (const c of this.containers.values()) if (c.sandboxId === s.id && c.state === "CONTAINER_RUNNING") this.exit(c, 137, "Error", this.now);
            s.state = "SANDBOX_NOTREADY";
            s.ip = "";
            this.ipam.release(s.id);
            this.changed();
          }
          reply({ op: "ok" });
        });
      case "RemovePodSandbox":
        return later(REMOVE_MS, () => {
          const s = this.sandboxes.get(req.sandboxId);
          if (s) {
            for (const [id, c] of this.containers) if (c.sandboxId === s.id) this.containers.delete(id);
            this.ipam.release(s.id);
            this.sandboxes.delete(s.id);
            this.changed();
          }
          reply({ op: "ok" });
        });
      case "CreateContainer":
        return later(CREATE_MS, () => reply(...this.createContainer(req.sandboxId, req.config)));
      case "StartContainer":
        return later(START_MS, () => {
          const c = this.containers.get(req.containerId);
          if (!c) return reply(undefined, { code: "NotFound", message: `an error occurred when try to find container "${req.containerId}": not found` });
          const s = this.sandboxes.get(c.sandboxId);
          if (c.state !== "CONTAINER_CREATED" || !s || s.state !== "SANDBOX_READY")
            return reply(undefined, { code: "Unknown", message: `failed to start containerd task "${c.id}": cannot start a container that has stopped: unknown` });
          c.state = "CONTAINER_RUNNING";
          c.startedAt = this.now;
          if (c.behavior === "exits") {
            c.exitAt = this.now + rng.between(SHELL_EXIT_MS[0], SHELL_EXIT_MS[1]);
            this.scheduleExit(c);
          }
          this.changed();
          reply({ op: "ok" });
        });
      case "StopContainer":
        return this.stopContainer(req.containerId, req.timeout, () => reply({ op: "ok" }));
      case "RemoveContainer":
        return later(REMOVE_MS, () => {
          const c = this.containers.get(req.containerId);
          if (c && c.state !== "CONTAINER_RUNNING") {
            this.containers.delete(c.id);
            this.changed();
          }
          reply({ op: "ok" });
        });
      case "PullImage":
        return this.pull(req.image, (imageRef, err) => (err ? reply(undefined, err) : reply({ op: "PullImage", imageRef: imageRef! })));
    }
  }

  // ---- sandboxes and containers -------------------------------------------------------------------

  private runSandbox(config: SandboxConfig): [CriResult?, CriError?] {
    if (!this.ipam.range) this.ipam.setRange(this.podCIDR || derivedPodCIDR(this.nodeIndex()));
    else if (this.podCIDR && this.podCIDR !== this.ipam.range) this.ipam.setRange(this.podCIDR);
    const id = this.newId();
    const ip = this.ipam.allocate(id);
    if (!ip) {
      return [
        undefined,
        {
          code: "Unknown",
          message: `failed to setup network for sandbox "${id}": plugin type="bridge" failed (add): failed to allocate for range 0: no IP addresses available in range set: ${this.ipam.range}`,
        },
      ];
    }
    this.sandboxes.set(id, { ...config, id, state: "SANDBOX_READY", createdAt: this.now, ip });
    this.changed();
    return [{ op: "RunPodSandbox", sandboxId: id }];
  }

  private createContainer(sandboxId: string, config: ContainerConfig): [CriResult?, CriError?] {
    const s = this.sandboxes.get(sandboxId);
    if (!s || s.state !== "SANDBOX_READY") return [undefined, { code: "NotFound", message: `failed to get sandbox "${sandboxId}": not found` }];
    const img = this.findImage(config.image);
    if (!img) return [undefined, { code: "NotFound", message: `failed to get image "${config.image}": not found` }];
    const id = this.newId();
    this.containers.set(id, {
      id,
      sandboxId,
      podName: s.podName,
      podNamespace: s.podNamespace,
      podUid: s.podUid,
      name: config.name,
      attempt: config.attempt,
      hash: config.hash,
      state: "CONTAINER_CREATED",
      createdAt: this.now,
      image: img.repoTags[0] ?? img.id,
      imageRef: img.repoDigests[0] ?? img.id,
      behavior: img.behavior,
      waiters: [],
    });
    this.changed();
    return [{ op: "CreateContainer", containerId: id }];
  }

  /**
   * StopContainer: SIGTERM, then SIGKILL once `timeout` seconds have passed. The servers we simulate
   * exit on SIGTERM well inside any timeout; the answer comes once the container has exited.
   */
  private stopContainer(id: string, timeout: number, done: () => void): void {
    const c = this.containers.get(id);
    if (!c || c.state !== "CONTAINER_RUNNING") {
      this.after(this.sim.rng.between(READ_MS[0], READ_MS[1]), done);
      return;
    }
    c.waiters.push(done);
    if (c.waiters.length > 1) return;
    const exitMs = this.sim.rng.between(SIGTERM_EXIT_MS[0], SIGTERM_EXIT_MS[1]);
    if (exitMs <= timeout * 1000) this.after(exitMs, () => this.exit(c, 0, "Completed", this.now));
    else this.after(timeout * 1000, () => this.exit(c, 137, "Error", this.now));
  }

  private scheduleExit(c: Container): void {
    const at = c.exitAt!;
    const id = c.id;
    this.after(at - this.now, () => {
      const cur = this.containers.get(id);
      if (cur && cur.state === "CONTAINER_RUNNING" && cur.exitAt === at) this.exit(cur, 0, "Completed", at);
    });
  }

  private exit(c: Container, code: number, reason: string, at: SimTime): void {
    if (c.state !== "CONTAINER_RUNNING") return;
    c.state = "CONTAINER_EXITED";
    c.exitCode = code;
    c.reason = reason;
    c.finishedAt = at;
    c.exitAt = undefined;
    const waiters = c.waiters;
    c.waiters = [];
    this.changed();
    for (const w of waiters) w();
  }

  // ---- images -------------------------------------------------------------------------------------

  private addImage(ref: ImageRef, id: string, digest: string, size: number, behavior: ImageBehavior): void {
    let img = this.images.get(id);
    if (!img) {
      img = { id, repoTags: [], repoDigests: [], size, behavior };
      this.images.set(id, img);
    }
    if (ref.tag && !img.repoTags.includes(ref.full)) img.repoTags.push(ref.full);
    const repoDigest = `${ref.repo}@${digest}`;
    if (!img.repoDigests.includes(repoDigest)) img.repoDigests.push(repoDigest);
    this.refs.set(ref.full, id);
    this.refs.set(repoDigest, id);
  }

  /** Finds an image by id (`sha256:...`), tag or digest reference, normalizing short names. */
  private findImage(name: string): StoredImage | undefined {
    if (this.images.has(name)) return this.images.get(name);
    const parsed = parseImage(name);
    if ("error" in parsed) return undefined;
    const id = this.refs.get(parsed.full);
    return id ? this.images.get(id) : undefined;
  }

  /**
   * PullImage: resolve the reference at its registry (DNS first), fetch the layers it does not have,
   * unpack them. An image whose content is already here costs only the resolve.
   */
  private pull(image: string, done: (imageRef?: string, err?: CriError) => void): void {
    const rng = this.sim.rng;
    const ref = parseImage(image);
    if ("error" in ref) return this.after(1, () => done(undefined, { code: "Unknown", message: `failed to pull and unpack image "${image}": ${ref.error}` }));
    const prefix = `failed to pull and unpack image "${ref.full}": failed to resolve reference "${ref.full}"`;
    if (!registryResolves(ref.domain)) {
      const what = ref.digest ?? ref.tag;
      const url = `https://${ref.domain}/v2/${ref.path}/manifests/${what}`;
      return this.after(rng.between(DNS_FAIL_MS[0], DNS_FAIL_MS[1]), () =>
        done(undefined, {
          code: "Unknown",
          message: `${prefix}: failed to do request: Head "${url}": dial tcp: lookup ${ref.domain} on 127.0.0.53:53: no such host`,
        }),
      );
    }
    this.askRegistry({ kind: "resolve", id: 0, ref: ref.full }, (r) => {
      if (r.kind !== "resolved") return;
      if (!r.image) {
        // Docker Hub answers an unknown repository with 401 insufficient_scope; other registries, and
        // any registry for an unknown tag, with 404 (containerd's "not found").
        if (r.missing === "repository" && ref.domain === "docker.io")
          return done(undefined, {
            code: "Unknown",
            message: `${prefix}: pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed`,
          });
        return done(undefined, { code: "NotFound", message: `${prefix}: ${ref.full}: not found` });
      }
      const img = r.image;
      if (this.images.has(img.id)) {
        this.addImage(ref, img.id, img.digest, img.size, img.behavior);
        this.changed();
        return done(img.id);
      }
      this.askRegistry({ kind: "fetch", id: 0, ref: ref.full, bytes: img.size }, () => {
        const mbps = rng.between(UNPACK_MBPS[0], UNPACK_MBPS[1]);
        this.after(Math.ceil((img.size / (mbps * 1_000_000)) * 1000), () => {
          this.addImage(ref, img.id, img.digest, img.size, img.behavior);
          this.changed();
          done(img.id);
        });
      });
    });
  }

  private askRegistry(req: RegistryRequest, cb: (r: RegistryReply) => void): void {
    const id = this.registryReqId++;
    this.registryPending.set(id, cb);
    this.send(this.opts.registry, "image pull", `images/${req.ref}`, { ...req, id });
  }

  // ---- helpers ------------------------------------------------------------------------------------

  private changed(): void {
    this.version++;
    for (const l of this.changeListeners) l();
  }

  /** A 64-hex-digit container or sandbox id, as containerd generates them (random). */
  private newId(): string {
    let s = "";
    for (let i = 0; i < 8; i++) s += this.sim.rng.uint32().toString(16).padStart(8, "0");
    return s;
  }

  /** This machine's position among the cluster's nodes, in the order they were added (joined). */
  private nodeIndex(): number {
    let i = 0;
    for (const m of this.sim.machines.values()) {
      if (m.role === "external") continue;
      if (m === this.machine) return i;
      i++;
    }
    return i;
  }
}

function imageInfo(img: StoredImage): ImageInfo {
  return { id: img.id, repoTags: [...img.repoTags], repoDigests: [...img.repoDigests], size: img.size };
}
