import { getViewportForBounds } from "@xyflow/system";
import { describe, expect, it } from "vitest";
import { FIT_PADDING, MAX_ZOOM, MIN_ZOOM, fitViewport } from "./fit";
import { computeLayout } from "./layout";

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
