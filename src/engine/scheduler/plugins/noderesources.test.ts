import { describe, expect, it } from "vitest";
import type { Container } from "../../api/types";
import { podRequests } from "../nodeinfo";
import { cacheWith, makeNode, makePod } from "../testkit";
import * as nr from "./noderesources";

// Mirrors pkg/scheduler/framework/plugins/noderesources/{fit,least_allocated,balanced_allocation}_test.go.

const c = (cpu: string, memory: string): Container => ({ name: "c", image: "x", resources: { requests: { cpu, memory } } });
const cpuOnly = [c("1000m", "0"), c("2000m", "0")];
const cpuAndMemory = [c("1000m", "2000"), c("2000m", "3000")];

function nodesWith(spec: { name: string; cpu: string; mem: string }[], pods: { node: string; containers: Container[] }[]) {
  const cache = cacheWith(
    spec.map((s) => makeNode(s.name, { cpu: s.cpu, memory: s.mem })),
    pods.map((p, i) => makePod(`e${i}`, { nodeName: p.node, containers: p.containers })),
  );
  return cache.list();
}

describe("NodeResourcesFit filter (TestEnoughRequests)", () => {
  const node = (usedCpu: string, usedMem: string, pods = "32") =>
    nodesWith([{ name: "n", cpu: "10m", mem: "20" }], [{ node: "n", containers: [c(usedCpu, usedMem)] }]).map((ni) => {
      ni.allowedPods = Number(pods);
      return ni;
    })[0];
  const fit = (podContainers: Container[], ni: ReturnType<typeof node>, init?: Container[]) =>
    nr.filter(podRequests(makePod("p", { containers: podContainers, initContainers: init })), ni);

  it("no resources requested always fits", () => {
    expect(fit([], node("10m", "20"))).toBeNull();
  });

  it("too many resources fails with both reasons, in order", () => {
    const s = fit([c("1m", "1")], node("10m", "20"));
    expect(s?.code).toBe("Unschedulable");
    expect(s?.reasons).toEqual(["Insufficient cpu", "Insufficient memory"]);
  });

  it("too many resources fails due to an init container's cpu", () => {
    expect(fit([c("1m", "1")], node("8m", "19"), [c("3m", "1")])?.reasons).toEqual(["Insufficient cpu"]);
  });

  it("equal edge case fits", () => {
    expect(fit([c("5m", "19")], node("5m", "1"))).toBeNull();
  });

  it("one resource memory fits, cpu does not", () => {
    expect(fit([c("2m", "1")], node("9m", "5"))?.reasons).toEqual(["Insufficient cpu"]);
  });

  it("one resource cpu fits, memory does not", () => {
    expect(fit([c("1m", "2")], node("5m", "19"))?.reasons).toEqual(["Insufficient memory"]);
  });

  it("too many pods comes first", () => {
    expect(fit([c("1m", "1")], node("10m", "20", "1"))?.reasons).toEqual(["Too many pods", "Insufficient cpu", "Insufficient memory"]);
    expect(fit([], node("1m", "1", "1"))?.reasons).toEqual(["Too many pods"]);
  });
});

describe("NodeResourcesFit score, LeastAllocated (TestLeastAllocatedScoringStrategy)", () => {
  const score = (podContainers: Container[], nodes: ReturnType<typeof nodesWith>) =>
    nodes.map((ni) => nr.leastAllocatedScore(podRequests(makePod("p", { containers: podContainers })), ni));

  it("nothing scheduled, nothing requested", () => {
    expect(score([], nodesWith([{ name: "a", cpu: "4000m", mem: "10000" }, { name: "b", cpu: "4000m", mem: "10000" }], []))).toEqual([100, 100]);
  });

  it("nothing scheduled, resources requested, differently sized nodes", () => {
    // a: cpu (4000-3000)/4000 = 25, memory (10000-5000)/10000 = 50 → 37; b: cpu 50, memory 50 → 50.
    expect(score(cpuAndMemory, nodesWith([{ name: "a", cpu: "4000m", mem: "10000" }, { name: "b", cpu: "6000m", mem: "10000" }], []))).toEqual([37, 50]);
  });

  it("resources requested, pods scheduled with resources, differently sized nodes", () => {
    // a: cpu (10000-6000)/10000 = 40, memory (20000-5000)/20000 = 75 → 57; b: cpu 40, memory (50000-10000)/50000 = 80 → 60.
    const nodes = nodesWith(
      [{ name: "a", cpu: "10000m", mem: "20000" }, { name: "b", cpu: "10000m", mem: "50000" }],
      [{ node: "a", containers: cpuOnly }, { node: "b", containers: cpuAndMemory }],
    );
    expect(score(cpuAndMemory, nodes)).toEqual([57, 60]);
  });

  it("requested resources exceed node capacity score 0 for that resource", () => {
    // a: cpu 6000 > 4000 → 0, memory (10000-5000)/10000 = 50 → 25.
    expect(score(cpuAndMemory, nodesWith([{ name: "a", cpu: "4000m", mem: "10000" }], [{ node: "a", containers: cpuOnly }]))).toEqual([25]);
  });

  it("containers without requests count as 100m / 200MB", () => {
    const ni = nodesWith([{ name: "a", cpu: "1000m", mem: "1Gi" }], [])[0];
    // cpu (1000-100)/1000 = 90, memory (1024Mi-200Mi)/1024Mi = 80.47 → 80 → (90+80)/2 = 85.
    expect(nr.leastAllocatedScore(podRequests(makePod("p")), ni)).toBe(85);
  });

  it("zero allocatable scores 0", () => {
    expect(score(cpuAndMemory, nodesWith([{ name: "a", cpu: "0", mem: "0" }], []))).toEqual([0]);
  });
});

describe("NodeResourcesBalancedAllocation score (TestNodeResourcesBalancedAllocation)", () => {
  const score = (podContainers: Container[], nodes: ReturnType<typeof nodesWith>) =>
    nodes.map((ni) => nr.balancedAllocationScore(podRequests(makePod("p", { containers: podContainers })), ni));

  it("nothing scheduled, nothing requested", () => {
    expect(score([], nodesWith([{ name: "a", cpu: "4000m", mem: "10000" }, { name: "b", cpu: "4000m", mem: "10000" }], []))).toEqual([100, 100]);
  });

  it("nothing scheduled, resources requested, differently sized nodes", () => {
    // a: cpu 0.75, memory 0.5 → std 0.125 → 87; b: 0.5, 0.5 → 100.
    expect(score(cpuAndMemory, nodesWith([{ name: "a", cpu: "4000m", mem: "10000" }, { name: "b", cpu: "6000m", mem: "10000" }], []))).toEqual([87, 100]);
  });

  it("resources requested, pods scheduled with resources", () => {
    // a: cpu 0.6, memory 0.25 → std 0.175 → 82; b: cpu 0.6, memory 0.5 → 0.05 → 95.
    const nodes = nodesWith(
      [{ name: "a", cpu: "10000m", mem: "20000" }, { name: "b", cpu: "10000m", mem: "20000" }],
      [{ node: "a", containers: cpuOnly }, { node: "b", containers: cpuAndMemory }],
    );
    expect(score(cpuAndMemory, nodes)).toEqual([82, 95]);
  });

  it("resources requested, pods scheduled with resources, differently sized nodes", () => {
    // b: cpu 0.6, memory 10000/50000 = 0.2 → std 0.2 → 80.
    const nodes = nodesWith(
      [{ name: "a", cpu: "10000m", mem: "20000" }, { name: "b", cpu: "10000m", mem: "50000" }],
      [{ node: "a", containers: cpuOnly }, { node: "b", containers: cpuAndMemory }],
    );
    expect(score(cpuAndMemory, nodes)).toEqual([82, 80]);
  });

  it("requested resources exceed capacity: fractions capped at 1", () => {
    // a: cpu 6000/4000 → 1, memory 0 → std 0.5 → 50; b: cpu 1, memory 5000/10000 → std 0.25 → 75.
    const nodes = nodesWith(
      [{ name: "a", cpu: "4000m", mem: "10000" }, { name: "b", cpu: "4000m", mem: "10000" }],
      [{ node: "a", containers: cpuOnly }, { node: "b", containers: cpuAndMemory }],
    );
    expect(score(cpuOnly, nodes)).toEqual([50, 75]);
  });

  it("zero node resources score 100 (no fractions, std 0)", () => {
    expect(score([], nodesWith([{ name: "a", cpu: "0", mem: "0" }], []))).toEqual([100]);
  });
});
