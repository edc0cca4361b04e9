/**
 * Plain geometry for the canvas, in flow coordinates (React Flow's, before the viewport transform):
 * rectangles, polylines and a point at a fraction of a polyline's length. Pure, no DOM.
 */

export interface Point {
  x: number;
  y: number;
}

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** True when the two rectangles share some area (touching edges do not count). */
export function intersects(a: Rect, b: Rect): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/** True when `inner` lies within `outer` (edges may touch). */
export function contains(outer: Rect, inner: Rect): boolean {
  return inner.x >= outer.x && inner.y >= outer.y && inner.x + inner.width <= outer.x + outer.width && inner.y + inner.height <= outer.y + outer.height;
}

export function center(r: Rect): Point {
  return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
}

/** The smallest rectangle holding all of them (an empty rect at 0,0 for none). */
export function union(rects: readonly Rect[]): Rect {
  if (rects.length === 0) return { x: 0, y: 0, width: 0, height: 0 };
  let x1 = Infinity;
  let y1 = Infinity;
  let x2 = -Infinity;
  let y2 = -Infinity;
  for (const r of rects) {
    x1 = Math.min(x1, r.x);
    y1 = Math.min(y1, r.y);
    x2 = Math.max(x2, r.x + r.width);
    y2 = Math.max(y2, r.y + r.height);
  }
  return { x: x1, y: y1, width: x2 - x1, height: y2 - y1 };
}

/** A polyline with its cumulative lengths, ready for {@link pointAlong}. */
export interface Path {
  points: readonly Point[];
  /** cumulative[i] = length from points[0] to points[i]. */
  cumulative: readonly number[];
  length: number;
}

/** Drops consecutive duplicate points (zero-length segments). */
export function simplify(points: readonly Point[]): Point[] {
  const out: Point[] = [];
  for (const p of points) {
    const last = out[out.length - 1];
    if (!last || last.x !== p.x || last.y !== p.y) out.push(p);
  }
  return out;
}

export function makePath(points: readonly Point[]): Path {
  const pts = simplify(points);
  const cumulative = [0];
  for (let i = 1; i < pts.length; i++) {
    cumulative.push(cumulative[i - 1] + Math.hypot(pts[i].x - pts[i - 1].x, pts[i].y - pts[i - 1].y));
  }
  return { points: pts, cumulative, length: cumulative[cumulative.length - 1] ?? 0 };
}

export function reversePath(path: Path): Path {
  return makePath([...path.points].reverse());
}

/**
 * The point at fraction `p` (clamped to 0..1) of the path's length. Writes into `out` when given, so
 * the animation loop allocates nothing per token per frame.
 */
export function pointAlong(path: Path, p: number, out: Point = { x: 0, y: 0 }): Point {
  const pts = path.points;
  if (pts.length === 0) {
    out.x = 0;
    out.y = 0;
    return out;
  }
  if (pts.length === 1 || path.length === 0 || p <= 0) {
    out.x = pts[0].x;
    out.y = pts[0].y;
    return out;
  }
  if (p >= 1) {
    out.x = pts[pts.length - 1].x;
    out.y = pts[pts.length - 1].y;
    return out;
  }
  const target = p * path.length;
  const cum = path.cumulative;
  // Paths have a handful of segments: a linear scan beats a binary search here.
  let i = 1;
  while (i < cum.length - 1 && cum[i] < target) i++;
  const segLen = cum[i] - cum[i - 1];
  const t = segLen === 0 ? 0 : (target - cum[i - 1]) / segLen;
  out.x = pts[i - 1].x + (pts[i].x - pts[i - 1].x) * t;
  out.y = pts[i - 1].y + (pts[i].y - pts[i - 1].y) * t;
  return out;
}

/** SVG path data for a polyline. */
export function svgPath(points: readonly Point[]): string {
  return points.map((p, i) => `${i === 0 ? "M" : "L"}${round(p.x)} ${round(p.y)}`).join(" ");
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
