import { Actor, type Machine, type Message, type Simulation } from "../sim";
import { lookupImage, parseImage, type LookupFailure, type RegistryImage } from "./images";

/** What containerd asks a registry (the OCI distribution API, simplified to two round trips). */
export type RegistryRequest =
  /** Token + HEAD/GET of the manifest (and config): which digest the tag points at, and its size. */
  | { kind: "resolve"; id: number; ref: string }
  /** GET of the layer blobs containerd does not have yet. */
  | { kind: "fetch"; id: number; ref: string; bytes: number };

export type RegistryReply =
  | { kind: "resolved"; id: number; image?: RegistryImage; missing?: LookupFailure }
  | { kind: "blobs"; id: number; bytes: number };

/**
 * Resolving a reference from a node in a cloud region costs several internet round trips: a bearer
 * token from the auth endpoint, then HEAD and GET of the manifest and the config blob. At 30-80 ms
 * each that is 150-400 ms [U: typical of Docker Hub from a cloud VM]. It is also all a pull of an
 * image that is already present costs.
 */
const RESOLVE_MS = [150, 400] as const;

/**
 * Layer download throughput per pull, in MB/s: Docker Hub's CDN to a cloud VM commonly sustains a few
 * hundred Mbit/s per pull [U], so 30-50 MB/s. nginx (72 MB) then downloads in 1.4-2.4 s.
 */
const BANDWIDTH_MBPS = [30, 50] as const;

/**
 * An image registry on the internet: Docker Hub, registry.k8s.io and the others, as one actor (id
 * `image-registry`). It knows every image of the catalog and answers any other name with a
 * deterministic image, except names with `doesnotexist` in them, which are not found.
 */
export class ImageRegistry extends Actor {
  constructor(sim: Simulation, machine: Machine) {
    super(sim, machine, "image-registry", "image-registry");
  }

  receive(msg: Message): void {
    const req = msg.body as RegistryRequest;
    const from = msg.flow.from;
    if (req.kind === "resolve") {
      const ref = parseImage(req.ref);
      const found = "error" in ref ? { missing: "repository" as const } : lookupImage(ref);
      const reply: RegistryReply = "missing" in found ? { kind: "resolved", id: req.id, missing: found.missing } : { kind: "resolved", id: req.id, image: found };
      this.send(from, "response", `images/${req.ref}`, reply, this.sim.rng.between(RESOLVE_MS[0], RESOLVE_MS[1]));
      return;
    }
    const mbps = this.sim.rng.between(BANDWIDTH_MBPS[0], BANDWIDTH_MBPS[1]);
    const transferMs = Math.ceil((req.bytes / (mbps * 1_000_000)) * 1000);
    const reply: RegistryReply = { kind: "blobs", id: req.id, bytes: req.bytes };
    // The blobs travel for the whole transfer: the flow is the download.
    this.send(from, "image pull", `images/${req.ref}`, reply, transferMs);
  }
}
