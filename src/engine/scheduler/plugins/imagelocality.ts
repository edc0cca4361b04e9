import type { Pod } from "../../api/types";
import type { NodeInfo } from "../nodeinfo";
import { MAX_NODE_SCORE } from "../framework";

/**
 * ImageLocality (pkg/scheduler/framework/plugins/imagelocality/image_locality.go): favours nodes that already
 * have the pod's images. Each image present scores its size scaled by the share of nodes that have it
 * (spread = numNodes / totalNodes, to avoid piling pods onto the few nodes with an image); the sum is
 * clamped to [23 MB, 1000 MB × containers] and mapped linearly onto 0–100. Weight 1. Image names are
 * normalized as upstream ("nginx" → "nginx:latest") and matched exactly against node.status.images names.
 */
export const NAME = "ImageLocality";

const MB = 1024 * 1024;
export const MIN_THRESHOLD = 23 * MB;
export const MAX_CONTAINER_THRESHOLD = 1000 * MB;

/** normalizedImageName: add ":latest" when the name has no tag. */
export function normalizedImageName(name: string): string {
  if (name.lastIndexOf(":") <= name.lastIndexOf("/")) return name + ":latest";
  return name;
}

/** What Score needs of the pod: its images, init containers first, and how many containers it has. */
export interface ImageState {
  images: string[];
  numContainers: number;
}

export function preScore(pod: Pod): ImageState {
  const images: string[] = [];
  for (const c of pod.spec.initContainers ?? []) images.push(normalizedImageName(c.image));
  for (const c of pod.spec.containers) images.push(normalizedImageName(c.image));
  return { images, numContainers: images.length };
}

/** calculatePriority. */
export function calculatePriority(sumScores: number, numContainers: number): number {
  const maxThreshold = MAX_CONTAINER_THRESHOLD * numContainers;
  if (sumScores < MIN_THRESHOLD) sumScores = MIN_THRESHOLD;
  else if (sumScores > maxThreshold) sumScores = maxThreshold;
  return Math.trunc((MAX_NODE_SCORE * (sumScores - MIN_THRESHOLD)) / (maxThreshold - MIN_THRESHOLD));
}

/** sumImageScores with scaledImageScore: int64(float64(size) * spread) per image found. */
export function score(st: ImageState, ni: NodeInfo, totalNumNodes: number): number {
  const states = ni.imageStates;
  if (states.size === 0) return 0; // calculatePriority of a sum below the minimum threshold
  let sum = 0;
  for (let i = 0; i < st.images.length; i++) {
    const s = states.get(st.images[i]);
    if (s) sum += Math.trunc(s.size * (s.numNodes / totalNumNodes));
  }
  return calculatePriority(sum, st.numContainers);
}
