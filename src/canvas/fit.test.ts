import { getViewportForBounds } from "@xyflow/system";
import { describe, expect, it } from "vitest";
import { FIT_PADDING, MAX_ZOOM, MIN_ZOOM, SLIP_PX, STEP_MARGIN, fitBounds, fitViewport, revealPan, slipped, stepBounds, stepViewport } from "./fit";
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
  /** `r` with the margin around it, cut at the picture's edges. */
  const grown = (r: Rect, all: Rect = { x: -1e9, y: -1e9, width: 2e9, height: 2e9 }): Rect => {
    const x1 = Math.max(r.x - STEP_MARGIN, all.x);
    const y1 = Math.max(r.y - STEP_MARGIN, all.y);
    return { x: x1, y: y1, width: Math.min(r.x + r.width + STEP_MARGIN, all.x + all.width) - x1, height: Math.min(r.y + r.height + STEP_MARGIN, all.y + all.height) - y1 };
  };

  it("fits one machine, an actor or an external part, with the margin around it", () => {
    const { layout, pods } = cluster(1, 3);
    expect(stepBounds(layout, pods, ["worker-2"])).toEqual(grown(layout.machineByName["worker-2"].rect, fitBounds(layout)));
    expect(stepBounds(layout, pods, ["kubelet@worker-3"])).toEqual(grown(layout.machineByName["worker-3"].components.kubelet, fitBounds(layout)));
    expect(stepBounds(layout, pods, ["load-balancer"])).toEqual(grown(layout.externals["load-balancer"], fitBounds(layout)));
    expect(stepBounds(layout, pods, ["unscheduled"])).toEqual(grown(layout.unscheduled.rect, fitBounds(layout)));
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

  it("never reaches past the picture, and never shows less than Fit to view", () => {
    const { layout, pods } = cluster(3, 3);
    const all = fitBounds(layout);
    for (const ids of [["kubectl", "load-balancer"], ["kubectl", "etcd@control-plane-1", "etcd@control-plane-2", "etcd@control-plane-3"], ["worker-3", "unscheduled"]]) {
      const b = stepBounds(layout, pods, ids)!;
      expect(contains(all, b), ids.join()).toBe(true);
      // A pane whose foot the buttons cover: the step's parts above them, larger than at fit, or the fit.
      for (const [w, h, foot] of [[940, 555, 50], [960, 540, 50], [880, 430, 60]]) {
        const fit = fitViewport(all, w, h);
        const v = stepViewport(layout, b, w, h, foot);
        expect(v.zoom).toBeGreaterThanOrEqual(fit.zoom);
        if (v.zoom > fit.zoom) expect((b.y + b.height) * v.zoom + v.y).toBeLessThanOrEqual(h - foot + 0.5);
        else expect(v).toEqual(fit);
      }
    }
    // kubectl and the workers span the whole picture: the fit, not a zoom out.
    const wide = stepBounds(layout, pods, ["kubectl", "control-plane-1", "worker-3", "unscheduled"])!;
    expect(stepViewport(layout, wide, 1280, 555, 50)).toEqual(fitViewport(all, 1280, 555));
  });

  it("is null when nothing named is drawn", () => {
    const { layout, pods } = cluster(1, 3);
    expect(stepBounds(layout, pods, [])).toBeNull();
    expect(stepBounds(layout, pods, ["worker-9", "kubelet@worker-9", "pods/default/api-*", "nothing"])).toBeNull();
  });
});

describe("the view and the user's own moves", () => {
  it("a click that moves the picture a pixel or two is not a pan; a drag or any zoom is", () => {
    const set = { x: 100, y: 50, zoom: 0.8 };
    expect(slipped(set, { x: 102, y: 49, zoom: 0.8 })).toBe(true);
    expect(slipped(set, { x: 100 + SLIP_PX + 1, y: 50, zoom: 0.8 })).toBe(false);
    // A straight-line distance, as d3 measures a click's: 4 px across and 4 down is more than 4.
    expect(slipped(set, { x: 104, y: 54, zoom: 0.8 })).toBe(false);
    expect(slipped(set, { x: 100, y: 50, zoom: 0.81 })).toBe(false);
    expect(slipped(null, set)).toBe(false);
  });

  it("brings a focused part that is off the picture, or under the view's buttons, into view; leaves one in view alone", () => {
    const pane = { left: 0, top: 60, right: 940, bottom: 615 };
    const buttons = { left: 15, top: 568, right: 325, bottom: 600 };
    const box = (left: number, top: number, w = 90, h = 40) => ({ left, top, right: left + w, bottom: top + h });
    expect(revealPan(box(400, 300), pane, buttons)).toBeNull();
    // Off to the left and above: moved right and down, 16 px in.
    expect(revealPan(box(-200, 20), pane, buttons)).toEqual({ dx: 216, dy: 56 });
    // Off to the right: moved left until its right edge is 16 px in.
    expect(revealPan(box(900, 300), pane, buttons)).toEqual({ dx: -66, dy: 0 });
    // Under the buttons: moved up above them.
    expect(revealPan(box(20, 550), pane, buttons)).toEqual({ dx: 0, dy: -38 });
    // Beside the buttons, as low: in view, left alone (the band at the foot is free right of them).
    expect(revealPan(box(400, 560), pane, buttons)).toBeNull();
    expect(revealPan(box(20, 550), pane, null)).toBeNull();
    // Wider than the pane: its left edge stays in view.
    expect(revealPan(box(-100, 300, 2000), pane, buttons)).toEqual({ dx: 116, dy: 0 });
  });
});
