import type { Container, Pod } from "../api/types";
import type { SimTime } from "../time";
import { Backoff } from "./backoff";
import { criErrorString, type CriRequest } from "./cri";
import type { CriReply } from "./criclient";
import { goDuration } from "./goduration";
import { parseImage } from "./images";
import { wait, type Effect, type Task } from "./task";

/** pkg/kubelet/kubelet.go: backOffPeriod (10 s) and MaxContainerBackOff (300 s), shared by pulls and restarts. */
export const BACKOFF_PERIOD: SimTime = 10_000;
export const MAX_CONTAINER_BACKOFF: SimTime = 300_000;

/** The errors EnsureImageExists returns; their text becomes the container's waiting reason. */
export type ImageError = "ErrImagePull" | "ImagePullBackOff" | "InvalidImageName" | "ImageInspectError" | "ErrImageNeverPull";

export interface EnsureResult {
  imageRef?: string;
  message: string;
  err?: ImageError;
}

export interface ImageHost {
  readonly now: SimTime;
  cri(req: CriRequest, ref: string): Effect<CriReply>;
  /** Records an event about a container: involvedObject.fieldPath `spec.containers{name}`. */
  containerEvent(pod: Pod, container: Container, type: "Normal" | "Warning", reason: string, message: string): void;
}

/**
 * The kubelet's image manager (pkg/kubelet/images/image_manager.go) with the serial image puller
 * (`serializeImagePulls: true` is the default): one pull at a time per node, the others wait their
 * turn, which the Pulled event's "including waiting" time shows.
 */
export class ImageManager {
  readonly backoff = new Backoff(BACKOFF_PERIOD, MAX_CONTAINER_BACKOFF);
  private readonly queue: (() => void)[] = [];
  private pulling = false;

  constructor(private readonly host: ImageHost) {}

  reset(): void {
    this.backoff.clear();
    this.queue.length = 0;
    this.pulling = false;
  }

  /** EnsureImageExists: the image is present (per its pull policy) or pulled, or why not. */
  *ensureImageExists(pod: Pod, container: Container): Task<EnsureResult> {
    const h = this.host;
    const image = container.image;
    const parsed = parseImage(image);
    if ("error" in parsed) {
      const msg = `Failed to apply default image tag "${image}": ${parsed.error}`;
      h.containerEvent(pod, container, "Warning", "InspectFailed", msg);
      return { message: msg, err: "InvalidImageName" };
    }
    const policy = container.imagePullPolicy ?? "IfNotPresent";
    if (policy !== "Always") {
      const st = yield* wait(h.cri({ op: "ImageStatus", image: parsed.full }, `images/${parsed.full}`));
      if (!st.ok) {
        // The upstream message quotes the (empty) image ref it did not get.
        const msg = `Failed to inspect image "": ${criErrorString(st.error)}`;
        h.containerEvent(pod, container, "Warning", "InspectFailed", msg);
        return { message: msg, err: "ImageInspectError" };
      }
      const info = st.result.op === "ImageStatus" ? st.result.image : null;
      if (info) {
        const msg = `Container image "${image}" already present on machine`;
        h.containerEvent(pod, container, "Normal", "Pulled", msg);
        return { imageRef: info.id, message: msg };
      }
      if (policy === "Never") {
        const msg = `Container image "${image}" is not present with pull policy of Never`;
        h.containerEvent(pod, container, "Warning", "ErrImageNeverPull", msg);
        return { message: msg, err: "ErrImageNeverPull" };
      }
    }
    const key = `${pod.metadata.uid}_${image}`;
    if (this.backoff.isInBackOffSinceUpdate(key, h.now)) {
      const msg = `Back-off pulling image "${image}"`;
      h.containerEvent(pod, container, "Normal", "BackOff", msg);
      return { message: msg, err: "ImagePullBackOff" };
    }
    h.containerEvent(pod, container, "Normal", "Pulling", `Pulling image "${image}"`);
    const startTime = h.now;
    // The serial puller: wait for the pulls queued before this one.
    yield* wait<void>((resume) => this.enqueue(resume));
    const pullStart = h.now;
    const res = yield* wait(h.cri({ op: "PullImage", image: parsed.full }, `images/${parsed.full}`));
    let size = 0;
    if (res.ok && res.result.op === "PullImage") {
      // parallelImagePuller/serialImagePuller: GetImageSize after the pull, best effort.
      const st = yield* wait(h.cri({ op: "ImageStatus", image: res.result.imageRef }, `images/${parsed.full}`));
      if (st.ok && st.result.op === "ImageStatus" && st.result.image) size = st.result.image.size;
    }
    const pullDuration = h.now - pullStart;
    this.dequeue();
    if (!res.ok) {
      const errText = criErrorString(res.error, true);
      h.containerEvent(pod, container, "Warning", "Failed", `Failed to pull image "${image}": ${errText}`);
      this.backoff.next(key, h.now, h.now);
      return { message: errText, err: "ErrImagePull" };
    }
    const total = h.now - startTime;
    h.containerEvent(
      pod,
      container,
      "Normal",
      "Pulled",
      `Successfully pulled image "${image}" in ${goDuration(pullDuration)} (${goDuration(total)} including waiting). Image size: ${size} bytes.`,
    );
    this.backoff.gc(h.now);
    return { imageRef: res.result.op === "PullImage" ? res.result.imageRef : "", message: "" };
  }

  private enqueue(start: () => void): void {
    if (!this.pulling) {
      this.pulling = true;
      start();
    } else this.queue.push(start);
  }

  private dequeue(): void {
    const next = this.queue.shift();
    if (next) next();
    else this.pulling = false;
  }
}
