/**
 * Every in-flight flow as a small token travelling along its wire, positioned from sim time:
 * p = (now − sendTime) / (recvTime − sendTime), now = the store's clock extrapolated to this frame.
 *
 * ONE requestAnimationFrame loop reads the cluster store and React Flow's viewport transform
 * directly (no React state, no re-render per frame) and paints all tokens on one <canvas> over the
 * pane: a few hundred tokens cost about a millisecond, where as many moving DOM elements would
 * cost a layer each. With reduced motion nothing travels; instead the receiving component is
 * highlighted for a moment when a message arrives.
 */
import { useEffect, useRef } from "react";
import { useStoreApi } from "@xyflow/react";
import type { Flow } from "../engine/sim";
import { canvasPrefs, stateNow, useCanvasApi } from "./canvasStore";
import { HEARTBEAT_KINDS, legendFor, LEGEND, type TokenShape } from "./flowKinds";
import { flowProgress, inFlight, TOKEN_BUDGET, tokenAllowance } from "./flowMath";
import { pointAlong, type Path } from "./geometry";
import { flowPath, wirePaths, type Layout } from "./layout";
import { MIN_TOKEN_SCREEN_PX, TOKEN_SHAPES } from "./tokenShapes";

/** Frame cost of the loop (for the benchmark and the dev page); updated in place. */
export const flowLayerStats = { frames: 0, totalMs: 0, maxMs: 0, lastMs: 0, tokens: 0, samples: [] as number[] };

export function resetFlowLayerStats(): void {
  Object.assign(flowLayerStats, { frames: 0, totalMs: 0, maxMs: 0, lastMs: 0, tokens: 0, samples: [] });
}

interface Token {
  flow: Flow;
  path: Path | null;
  color: string;
  shape: TokenShape;
  /** A Raft heartbeat: hidden unless "Show heartbeats" is on. */
  heartbeat: boolean;
  /** Arrival already highlighted (reduced motion). */
  arrived: boolean;
  /** Where it is on the canvas this frame (device px). */
  sx: number;
  sy: number;
}

const FLASH_MS = 450;
/** Draw order: background chatter first, the story of a request on top. */
const DRAW_ORDER: readonly TokenShape[] = [...LEGEND].reverse().map((e) => e.shape);
/** Which tokens stay when there are too many: the legend's order, the story of a request first. */
const KEEP_ORDER: readonly TokenShape[] = LEGEND.map((e) => e.shape);

export function FlowLayer({ layout, reduced }: { layout: Layout; reduced: boolean }) {
  const api = useCanvasApi();
  const flow = useStoreApi();
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const layoutRef = useRef(layout);
  layoutRef.current = layout;
  const reducedRef = useRef(reduced);
  reducedRef.current = reduced;

  useEffect(() => {
    const canvas = canvasRef.current;
    const ctx = canvas?.getContext("2d");
    if (!canvas || !ctx) return;
    const shapes = new Map<TokenShape, { path: Path2D; stroke?: number }>();
    for (const [name, def] of Object.entries(TOKEN_SHAPES)) shapes.set(name as TokenShape, { path: new Path2D(def.d), stroke: def.stroke });
    const tokens = new Map<number, Token>();
    const byShape = new Map<TokenShape, Token[]>(DRAW_ORDER.map((s) => [s, []]));
    const pt = { x: 0, y: 0 };
    let flows: Record<number, Flow> | null = null;
    let pathsFor = layoutRef.current;
    let paths = wirePaths(pathsFor);
    const flashing = new Map<string, number>();
    const nodeEls = new Map<string, HTMLElement>();
    let painted = false;
    let raf = 0;
    /** The element's CSS size, kept by a ResizeObserver (-1: not known yet). */
    const size = { w: -1, h: -1 };
    const readSize = () => {
      size.w = canvas.clientWidth;
      size.h = canvas.clientHeight;
    };
    const ro =
      typeof ResizeObserver === "undefined"
        ? null
        : new ResizeObserver(([entry]) => {
            size.w = entry.contentRect.width;
            size.h = entry.contentRect.height;
          });
    ro?.observe(canvas);

    const nodeEl = (actor: string): HTMLElement | null => {
      let el = nodeEls.get(actor);
      if (!el || !el.isConnected) {
        el = (canvas.closest(".react-flow")?.querySelector(`.react-flow__node[data-id="${CSS.escape(actor)}"]`) as HTMLElement | null) ?? undefined;
        if (!el) return null;
        nodeEls.set(actor, el);
      }
      return el;
    };
    const flash = (actor: string, wall: number) => {
      const el = nodeEl(actor);
      if (!el) return;
      el.classList.add("is-receiving");
      flashing.set(actor, wall + FLASH_MS);
    };

    const frame = () => {
      const t0 = performance.now();
      const state = api.getState();
      const now = stateNow(state, t0);
      const reducedNow = reducedRef.current;
      if (pathsFor !== layoutRef.current) {
        pathsFor = layoutRef.current;
        paths = wirePaths(pathsFor);
        for (const t of tokens.values()) t.path = flowPath(pathsFor, paths, t.flow.from, t.flow.to);
      }
      // Reconcile with the store's flows when they change (once per worker frame, not per rAF).
      if (state.flows !== flows) {
        const next = state.flows;
        for (const [id, t] of tokens) {
          // Gone, or (after a rebuild that forked the timeline) the same id now names another flow.
          if (next[id] !== t.flow) {
            if (!(id in next) && reducedNow && !t.arrived && (!t.heartbeat || canvasPrefs.getState().showHeartbeats) && now >= t.flow.recvTime - 0.5) flash(t.flow.to, t0);
            tokens.delete(id);
          }
        }
        for (const key in next) {
          const id = Number(key);
          if (tokens.has(id)) continue;
          const f = next[id];
          const entry = legendFor(f.kind);
          tokens.set(id, {
            flow: f,
            path: flowPath(pathsFor, paths, f.from, f.to),
            color: entry.color,
            shape: entry.shape,
            heartbeat: HEARTBEAT_KINDS.has(f.kind),
            arrived: false,
            sx: 0,
            sy: 0,
          });
        }
        flows = next;
      }

      // Size the backing store to the element (device pixels), from the size the observer cached:
      // reading clientWidth here would force a layout on every frame after React touched the DOM.
      const dpr = window.devicePixelRatio || 1;
      if (size.w < 0) {
        // Not measured yet: wait for the observer (it reports after the browser's own layout) rather than
        // force a layout of the whole freshly drawn cluster here. Without an observer, read it.
        if (ro) {
          raf = requestAnimationFrame(frame);
          return;
        }
        readSize();
      }
      const cw = Math.round(size.w * dpr);
      const ch = Math.round(size.h * dpr);
      if (canvas.width !== cw || canvas.height !== ch) {
        canvas.width = cw;
        canvas.height = ch;
        painted = false;
      }

      let shown = 0;
      if (reducedNow) {
        if (painted) {
          ctx.setTransform(1, 0, 0, 1, 0, 0);
          ctx.clearRect(0, 0, canvas.width, canvas.height);
          painted = false;
        }
        const heartbeats = canvasPrefs.getState().showHeartbeats;
        for (const t of tokens.values()) {
          if (!t.arrived && now >= t.flow.recvTime) {
            t.arrived = true;
            if (heartbeats || !t.heartbeat) flash(t.flow.to, t0);
          }
        }
      } else {
        const [tx, ty, zoom] = flow.getState().transform;
        const scale = Math.max(zoom, MIN_TOKEN_SCREEN_PX / 20) * dpr;
        const half = 10 * scale;
        let moving = 0;
        const heartbeats = canvasPrefs.getState().showHeartbeats;
        for (const list of byShape.values()) list.length = 0;
        // The tokens on screen, by shape.
        for (const t of tokens.values()) {
          if (t.path && (heartbeats || !t.heartbeat) && inFlight(t.flow, now)) {
            pointAlong(t.path, flowProgress(t.flow, now), pt);
            t.sx = (pt.x * zoom + tx) * dpr;
            t.sy = (pt.y * zoom + ty) * dpr;
            if (t.sx < -half || t.sy < -half || t.sx > canvas.width + half || t.sy > canvas.height + half) continue;
            byShape.get(t.shape)?.push(t);
            moving++;
          }
        }
        // Idle: nothing was drawn last frame and nothing is to be drawn now; the canvas is already clear.
        if (!moving && !painted) return finish(t0, 0);
        ctx.setTransform(1, 0, 0, 1, 0, 0);
        ctx.clearRect(0, 0, canvas.width, canvas.height);
        if (!moving) {
          painted = false;
          return finish(t0, 0);
        }
        // Too many to draw: the background chatter goes first (then drawn under the rest).
        const allowed = moving > TOKEN_BUDGET ? tokenAllowance(new Map([...byShape].map(([k, l]) => [k, l.length])), KEEP_ORDER, TOKEN_BUDGET) : null;
        for (const shapeName of DRAW_ORDER) {
          const list = byShape.get(shapeName)!;
          const n = allowed ? allowed.get(shapeName)! : list.length;
          if (!n) continue;
          const shape = shapes.get(shapeName)!;
          if (shape.stroke) ctx.lineWidth = shape.stroke;
          for (let i = 0; i < n; i++) {
            const t = list[i];
            ctx.setTransform(scale, 0, 0, scale, t.sx - half, t.sy - half);
            if (shape.stroke) {
              ctx.strokeStyle = t.color;
              ctx.stroke(shape.path);
            } else {
              ctx.fillStyle = t.color;
              ctx.fill(shape.path);
            }
            shown++;
          }
        }
        painted = true;
      }

      finish(t0, shown);
    };
    const finish = (t0: number, shown: number) => {
      if (flashing.size) {
        for (const [actor, until] of flashing) {
          if (t0 >= until) {
            nodeEls.get(actor)?.classList.remove("is-receiving");
            flashing.delete(actor);
          }
        }
      }
      const cost = performance.now() - t0;
      const s = flowLayerStats;
      s.frames++;
      s.totalMs += cost;
      s.lastMs = cost;
      s.tokens = shown;
      if (cost > s.maxMs) s.maxMs = cost;
      if (s.samples.length < 4096) s.samples.push(cost);
      raf = requestAnimationFrame(frame);
    };
    raf = requestAnimationFrame(frame);
    return () => {
      cancelAnimationFrame(raf);
      ro?.disconnect();
      for (const actor of flashing.keys()) nodeEls.get(actor)?.classList.remove("is-receiving");
    };
  }, [api, flow]);

  return <canvas ref={canvasRef} className="flow-canvas" aria-hidden="true" />;
}
