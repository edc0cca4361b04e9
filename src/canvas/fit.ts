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

/** "Zoom to step" magnifies at most this much: a single pod's chip fills no screen. */
export const STEP_MAX_ZOOM = 1.6;
/** Room kept around a step's parts (flow px): their outline and a little of what is beside them. */
export const STEP_MARGIN = 24;

/** A pod's chip where ./placement.ts `podSlots` puts it: its record id (`pods/default/web-…`) and rect. */
export interface PodChip extends Rect {
  id: string;
}

/**
 * What "Zoom to step" fits (./ClusterCanvas.tsx): the parts a lesson step points at (its `highlight`,
 * src/lessons/types.ts: a machine's name, an actor id such as `etcd@control-plane-2`, `kubectl`,
 * `load-balancer`, `image-registry`, `unscheduled`, a pod's record id or a prefix ending in `*`), with
 * STEP_MARGIN around them. A step about the control plane keeps its state in words (the banner over the
 * control planes, with three of them) in view. Null when none of the parts is drawn.
 */
export function stepBounds(layout: Layout, pods: readonly PodChip[], ids: readonly string[]): Rect | null {
  const rects: Rect[] = [];
  let controlPlane = false;
  for (const id of ids) {
    if (id.startsWith("pods/")) {
      const prefix = id.endsWith("*") ? id.slice(0, -1) : null;
      for (const p of pods) if (prefix === null ? p.id === id : p.id.startsWith(prefix)) rects.push(p);
      continue;
    }
    const machine = layout.machineByName[id.includes("@") ? id.slice(id.indexOf("@") + 1) : id];
    const r =
      id === "unscheduled"
        ? layout.unscheduled.rect
        : id in layout.externals
          ? layout.externals[id as keyof Layout["externals"]]
          : id.includes("@")
            ? layout.actors[id]
            : machine?.rect;
    if (!r) continue;
    rects.push(r);
    if (machine?.role === "control-plane") controlPlane = true;
  }
  if (!rects.length) return null;
  if (controlPlane && layout.banner.height > 0) rects.push(layout.banner);
  const u = union(rects);
  // The margin stops at the picture's edges: beyond them it would only zoom out.
  const all = fitBounds(layout);
  const x1 = Math.max(u.x - STEP_MARGIN, all.x);
  const y1 = Math.max(u.y - STEP_MARGIN, all.y);
  const x2 = Math.min(u.x + u.width + STEP_MARGIN, all.x + all.width);
  const y2 = Math.min(u.y + u.height + STEP_MARGIN, all.y + all.height);
  return { x: x1, y: y1, width: x2 - x1, height: y2 - y1 };
}

/**
 * The view "Zoom to step" shows in a pane `width` × `height` whose lowest `foot` px the view's buttons
 * cover: `step` (./fit.ts stepBounds) fitted above them, magnified at most STEP_MAX_ZOOM times, or the
 * whole cluster fitted when that shows it larger (a step about parts all over the picture).
 */
export function stepViewport(layout: Layout, step: Rect, width: number, height: number, foot: number): Viewport {
  const all = fitViewport(fitBounds(layout), width, height);
  const zoomed = fitViewport(step, width, Math.max(1, height - foot), FIT_PADDING, MIN_ZOOM, STEP_MAX_ZOOM);
  return zoomed.zoom > all.zoom ? zoomed : all;
}

/** How a step's part reads in words: `kube-scheduler@control-plane-1` → "kube-scheduler on control-plane-1". */
export function partWords(id: string): string {
  if (id === "unscheduled") return "the Unscheduled area";
  if (id.startsWith("pods/")) return id.endsWith("*") ? `the ${id.split("/")[2].replace(/-\*$/, "").replace(/\*$/, "")} pods` : `pod ${id.split("/")[2]}`;
  const at = id.indexOf("@");
  return at < 0 ? id : `${id.slice(0, at)} on ${id.slice(at + 1)}`;
}

/**
 * How far (px) a click may move and still be a click: React Flow's `paneClickDistance` (d3-zoom's
 * clickDistance, a straight-line distance), and how far the view may then have panned without it
 * counting as the user's own move.
 */
export const SLIP_PX = 4;

/** Whether `v` is `placed` (the canvas's own last viewport) moved by a slipped click: same zoom, at most SLIP_PX away. */
export function slipped(placed: Viewport | null, v: Viewport): boolean {
  return !!placed && Math.abs(v.zoom - placed.zoom) < 1e-6 && Math.hypot(v.x - placed.x, v.y - placed.y) <= SLIP_PX;
}

interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/**
 * The pan (screen px) that brings `el` fully into the pane and out from under the view's buttons
 * (`buttons`, their box; null if none), with a little room; null if it is in view and not covered.
 */
export function revealPan(el: Box, pane: Box, buttons: Box | null): { dx: number; dy: number } | null {
  const room = 16;
  const covered = !!buttons && el.left < buttons.right && el.right > buttons.left && el.top < buttons.bottom && el.bottom > buttons.top;
  const bottom = covered ? buttons!.top : pane.bottom;
  const dx = el.left < pane.left ? pane.left + room - el.left : el.right > pane.right ? Math.max(pane.right - room - el.right, pane.left + room - el.left) : 0;
  const dy = el.top < pane.top ? pane.top + room - el.top : el.bottom > bottom ? Math.max(bottom - room - el.bottom, pane.top + room - el.top) : 0;
  return dx || dy ? { dx, dy } : null;
}
