import { getViewportForBounds } from "@xyflow/system";
import { describe, expect, it } from "vitest";
import { FIT_PADDING, MAX_ZOOM, MIN_ZOOM, STEP_MARGIN, fitBounds, fitViewport, stepBounds } from "./fit";
import { contains, type Rect } from "./geometry";
import { computeLayout } from "./layout";
import { podSlots, type Placement } from "./placement";

describe("fitViewport", () => {
  it("is React Flow's getViewportForBounds, for the cluster's shapes and many pane sizes", () => {
    let checked = 0;
    for (const [cps, ws] of [[1, 1], [1, 3], [3, 5], [5, 20], [1, 20]] as const) {
      const { bounds } = computeLayout({
        controlPlanes: Array.from({ length: cps }, (_, i) => `control-plane-${i + 1}`),
        workers: Array.from({ length: ws }, (_, i) => `worker-${i + 1}`),
        podCounts: { "worker-1": 7 },
        pending: 2,
      });
      for (const [w, h] of [[1232, 555], [1280, 720], [1024, 523], [300, 900], [1921, 1081], [800, 200], [40, 30]]) {
        expect(fitViewport(bounds, w, h)).toEqual(getViewportForBounds(bounds, w, h, MIN_ZOOM, MAX_ZOOM, FIT_PADDING));
        checked++;
      }
    }
    // Clamped at both ends, and an off-centre box.
    for (const b of [{ x: -50, y: 20, width: 10, height: 10 }, { x: 100, y: -300, width: 90_000, height: 40 }]) {
      expect(fitViewport(b, 640, 480)).toEqual(getViewportForBounds(b, 640, 480, MIN_ZOOM, MAX_ZOOM, FIT_PADDING));
      checked++;
    }
    expect(checked).toBe(37);
  });
});

describe("stepBounds (Zoom to step)", () => {
  const cluster = (cps: number, ws: number) => {
    const placement: Placement = {
      controlPlanes: Array.from({ length: cps }, (_, i) => `control-plane-${i + 1}`),
      workers: Array.from({ length: ws }, (_, i) => `worker-${i + 1}`),
      pods: { "worker-1": ["pods/default/web-a"], "worker-3": ["pods/default/web-b", "pods/kube-system/dns-c"] },
      pending: ["pods/default/web-d"],
    };
    const layout = computeLayout({ controlPlanes: placement.controlPlanes, workers: placement.workers, podCounts: { "worker-1": 1, "worker-3": 2 }, pending: 1 });
    return { layout, pods: podSlots(placement, layout) };
  };
  const grown = (r: Rect): Rect => ({ x: r.x - STEP_MARGIN, y: r.y - STEP_MARGIN, width: r.width + 2 * STEP_MARGIN, height: r.height + 2 * STEP_MARGIN });

  it("fits one machine, an actor or an external part, with the margin around it", () => {
    const { layout, pods } = cluster(1, 3);
    expect(stepBounds(layout, pods, ["worker-2"])).toEqual(grown(layout.machineByName["worker-2"].rect));
    expect(stepBounds(layout, pods, ["kubelet@worker-3"])).toEqual(grown(layout.machineByName["worker-3"].components.kubelet));
    expect(stepBounds(layout, pods, ["load-balancer"])).toEqual(grown(layout.externals["load-balancer"]));
    expect(stepBounds(layout, pods, ["unscheduled"])).toEqual(grown(layout.unscheduled.rect));
  });

  it("holds every part named, pods by id or by prefix, and nothing else of the picture", () => {
    const { layout, pods } = cluster(1, 3);
    const b = stepBounds(layout, pods, ["kube-scheduler@control-plane-1", "pods/default/web-*"])!;
    for (const id of ["pods/default/web-a", "pods/default/web-b", "pods/default/web-d"]) expect(contains(b, pods.find((p) => p.id === id)!), id).toBe(true);
    expect(contains(b, layout.actors["kube-scheduler@control-plane-1"])).toBe(true);
    // Smaller than the whole picture, so it magnifies.
    const all = fitBounds(layout);
    expect(b.width * b.height).toBeLessThan(all.width * all.height);
    // One pod by its id: its chip only.
    const one = stepBounds(layout, pods, ["pods/kube-system/dns-c"])!;
    expect(one).toEqual(grown(pods.find((p) => p.id === "pods/kube-system/dns-c")!));
  });

  it("keeps the control plane's state in words in view for a step about the control plane, with three of them", () => {
    const { layout, pods } = cluster(3, 3);
    expect(layout.banner.height).toBeGreaterThan(0);
    const etcd = stepBounds(layout, pods, ["etcd@control-plane-1", "etcd@control-plane-2", "etcd@control-plane-3"])!;
    expect(contains(etcd, layout.banner)).toBe(true);
    // A step about workers only does not reach up to it.
    const workers = stepBounds(layout, pods, ["worker-2", "worker-3"])!;
    expect(contains(workers, layout.banner)).toBe(false);
    expect(workers).toEqual(grown({ x: layout.machineByName["worker-2"].rect.x, y: layout.machineByName["worker-2"].rect.y, width: layout.machineByName["worker-3"].rect.x + layout.machineByName["worker-3"].rect.width - layout.machineByName["worker-2"].rect.x, height: Math.max(layout.machineByName["worker-2"].rect.height, layout.machineByName["worker-3"].rect.height) }));
  });

  it("is null when nothing named is drawn", () => {
    const { layout, pods } = cluster(1, 3);
    expect(stepBounds(layout, pods, [])).toBeNull();
    expect(stepBounds(layout, pods, ["worker-9", "kubelet@worker-9", "pods/default/api-*", "nothing"])).toBeNull();
  });
});
