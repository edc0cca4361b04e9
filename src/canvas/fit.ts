/**
 * Fit to view: the viewport that shows the whole cluster in a pane. Used by the live canvas for its
 * first picture (./ClusterCanvas.tsx) and by the picture drawn before React is in (./prepaint.ts), so
 * the two agree exactly.
 *
 * The arithmetic is React Flow's own (@xyflow/system 0.0.84, `getViewportForBounds` with a numeric
 * padding, which React Flow's fitView uses), written out here so that the page's entry does not pull
 * in @xyflow/system and d3 with it; fit.test.ts checks it against the original.
 */
import { union, type Rect } from "./geometry";
import type { Layout } from "./layout";

/** Room around the cluster at fit-to-view, as a fraction of its size. */
export const FIT_PADDING = 0.03;
export const MIN_ZOOM = 0.1;
export const MAX_ZOOM = 2.5;

export interface Viewport {
  x: number;
  y: number;
  zoom: number;
}

/** @xyflow/system's parsePadding for a number: the room on each side, in whole pixels. */
function padding(size: number, p: number): number {
  return Math.floor((size - size / (1 + p)) * 0.5);
}

export function fitViewport(bounds: Rect, width: number, height: number, pad = FIT_PADDING, minZoom = MIN_ZOOM, maxZoom = MAX_ZOOM): Viewport {
  const px = padding(width, pad);
  const py = padding(height, pad);
  const zoom = Math.min(Math.max(Math.min((width - 2 * px) / bounds.width, (height - 2 * py) / bounds.height), minZoom), maxZoom);
  const x = width / 2 - (bounds.x + bounds.width / 2) * zoom;
  const y = height / 2 - (bounds.y + bounds.height / 2) * zoom;
  // Where the bounds' edges land, and how far each falls short of its padding (never a positive offset).
  const left = Math.min(Math.floor(bounds.x * zoom + x) - px, 0);
  const top = Math.min(Math.floor(bounds.y * zoom + y) - py, 0);
  const right = Math.min(Math.floor(width - ((bounds.x + bounds.width) * zoom + x)) - px, 0);
  const bottom = Math.min(Math.floor(height - ((bounds.y + bounds.height) * zoom + y)) - py, 0);
  return { x: x - left + right, y: y - top + bottom, zoom };
}

/**
 * What fit to view fits (the first picture, the live canvas's first frame, "Fit to view" and every refit
 * in ./ClusterCanvas.tsx): every box React Flow holds as a node (./ClusterCanvas.tsx flowNodes), and the
 * wires' lanes below the last row of machines (`layout.bounds` has them). React Flow's own fitView
 * measured the nodes only, and the padding did not always hold the lanes: zoomed in, they were cut off
 * at the canvas's foot.
 */
export function fitBounds(layout: Layout): Rect {
  return union([layout.legend, layout.bounds]);
}
