import { describe, expect, it } from "vitest";
import { cacheWith, makeNode, makePod } from "../testkit";
import * as il from "./imagelocality";

// Mirrors pkg/scheduler/framework/plugins/imagelocality/image_locality_test.go (v1.32: the max threshold
// is 1000 MB per container).

const mb = 1024 * 1024;
const node403002000 = [
  { names: ["gcr.io/40:latest", "gcr.io/40:v1", "gcr.io/40:v1"], sizeBytes: 40 * mb },
  { names: ["gcr.io/300:latest", "gcr.io/300:v1"], sizeBytes: 300 * mb },
  { names: ["gcr.io/2000:latest"], sizeBytes: 2000 * mb },
];
const node25010 = [
  { names: ["gcr.io/250:latest"], sizeBytes: 250 * mb },
  { names: ["gcr.io/10:latest", "gcr.io/10:v1"], sizeBytes: 10 * mb },
];

function scores(images: string[], nodeImages: (typeof node25010 | undefined)[]): number[] {
  const cache = cacheWith(nodeImages.map((imgs, i) => makeNode(`machine${i + 1}`, { images: imgs })));
  const pod = makePod("p", { containers: images.map((image, i) => ({ name: `c${i}`, image })) });
  const st = il.preScore(pod);
  return cache.list().map((ni) => il.score(st, ni, cache.numNodes));
}

describe("ImageLocality (TestImageLocalityPriority)", () => {
  it("two images spread on two nodes, prefer the larger image one", () => {
    // machine1: 40MB·1/2 = 20MB < 23MB → 0; machine2: 250MB·1/2 = 125MB → 100·(125−23)/(2000−23) = 5.
    expect(scores(["gcr.io/40", "gcr.io/250"], [node403002000, node25010])).toEqual([0, 5]);
  });

  it("two images on one node, prefer this node", () => {
    // machine1: (40+300)/2 = 170MB → 100·(170−23)/1977 = 7.
    expect(scores(["gcr.io/40", "gcr.io/300"], [node403002000, node25010])).toEqual([7, 0]);
  });

  it("if exceed limit, use limit", () => {
    // machine1: 2000MB/2 = 1000MB → 49; machine2: 10MB/2 → 0.
    expect(scores(["gcr.io/10", "gcr.io/2000"], [node403002000, node25010])).toEqual([49, 0]);
  });

  it("if exceed limit, use limit (with node which has no images present)", () => {
    // machine1: 2000MB/3 → 100·(666.7−23)/1977 = 32.
    expect(scores(["gcr.io/10", "gcr.io/2000"], [node403002000, node25010, undefined])).toEqual([32, 0, 0]);
  });

  it("a single big image reaches 100", () => {
    expect(scores(["gcr.io/2000"], [node403002000])).toEqual([100]);
  });

  it("normalizedImageName (TestNormalizedImageName)", () => {
    expect(il.normalizedImageName("root")).toBe("root:latest");
    expect(il.normalizedImageName("gcr.io:5000/root")).toBe("gcr.io:5000/root:latest");
    expect(il.normalizedImageName("root:tag")).toBe("root:tag");
    expect(il.normalizedImageName("root@sha256:abc")).toBe("root@sha256:abc");
  });
});
