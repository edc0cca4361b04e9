/**
 * The cluster drawn with React Flow: machines as groups holding their components, kubectl, the load
 * balancer and the image registry outside, an "Unscheduled" area, the real wires between them; pods
 * as chips (PodLayer) and every message as a travelling token (FlowLayer).
 *
 * Mount: `<ClusterCanvas store={useCluster} />` in a box with a size, and `<Inspector store={useCluster} />`
 * beside it (any `StoreApi<ClusterStore>` works: the real store, or the dev/test stand-in).
 */
import { memo, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";
import { Panel, ReactFlow, ReactFlowProvider, useReactFlow, type Edge, type Node } from "@xyflow/react";
import { useReducedMotion } from "motion/react";
import { useReducedMotionSetting } from "../store/settings";
import "@xyflow/react/dist/base.css";
import "./canvas.css";
import { CanvasStoreProvider, useCanvas, type ClusterStoreApi } from "./canvasStore";
import { FIT_PADDING, MAX_ZOOM, MIN_ZOOM, fitBounds, fitViewport, partWords, revealPan, SLIP_PX, slipped, stepBounds, stepViewport, type Viewport } from "./fit";
import { union, type Rect } from "./geometry";
import { FlowLayer } from "./FlowLayer";
import { AGENTS, computeLayout, type Layout } from "./layout";
import { layoutInput, parsePlacement, placementKey, podSlots, type Placement } from "./placement";
import { PodLayer } from "./PodLayer";
import { WireEdge, type WireFlowEdge } from "./WireEdge";
import { ComponentNode, type ComponentFlowNode } from "./nodes/ComponentNode";
import { MachineNode, type MachineFlowNode } from "./nodes/MachineNode";
import { UnscheduledNode, type UnscheduledFlowNode } from "./nodes/UnscheduledNode";
import { LegendNode, type LegendFlowNode } from "./nodes/LegendNode";
import { HaBannerNode, type HaBannerFlowNode } from "./nodes/HaBannerNode";

const nodeTypes = { machine: MachineNode, component: ComponentNode, unscheduled: UnscheduledNode, legend: LegendNode, haBanner: HaBannerNode };
const edgeTypes = { wire: WireEdge };
/**
 * Nodes select themselves (click, Enter) through the store; React Flow still needs a click handler,
 * or it turns pointer events off on nodes that are neither selectable nor draggable.
 */
const keepPointerEvents = () => {};

export { FIT_PADDING } from "./fit";

export interface ClusterCanvasProps {
  store: ClusterStoreApi;
  /** Show the message legend open at first (default true; its toggle hides it). */
  legendOpen?: boolean;
  className?: string;
  /**
   * The parts the open lesson step points at (its `highlight`; null or empty: none). "Zoom to step"
   * then fits them instead of the whole cluster, and follows from step to step.
   */
  stepParts?: readonly string[] | null;
  /** Whether "Zoom to step" is on, and what turns it on and off; without them the canvas keeps its own. */
  stepZoom?: boolean;
  onStepZoom?: (on: boolean) => void;
  /** The page's key for the toggle (`Z`; none while single-key shortcuts are off), named on the button. */
  stepZoomKey?: string;
}

export function ClusterCanvas({ store, legendOpen = true, className, stepParts = null, stepZoom, onStepZoom, stepZoomKey }: ClusterCanvasProps) {
  return (
    <CanvasStoreProvider store={store}>
      <ReactFlowProvider>
        <CanvasInner legendOpen={legendOpen} className={className} stepParts={stepParts?.length ? stepParts : null} stepZoom={stepZoom} onStepZoom={onStepZoom} stepZoomKey={stepZoomKey} />
      </ReactFlowProvider>
    </CanvasStoreProvider>
  );
}

type CanvasNode = MachineFlowNode | ComponentFlowNode | UnscheduledFlowNode | LegendFlowNode | HaBannerFlowNode;

export function flowNodes(layout: Layout, placement: Placement, legendOpen = true): CanvasNode[] {
  const fixed = { draggable: false, selectable: false, focusable: false, connectable: false } as const;
  const lg = layout.legend;
  const nodes: CanvasNode[] = [
    { id: "legend", type: "legend", position: { x: lg.x, y: lg.y }, width: lg.width, height: lg.height, data: { defaultOpen: legendOpen, raft: layout.machines.filter((m) => m.role === "control-plane").length > 1 }, ...fixed },
  ];
  const bn = layout.banner;
  if (bn.height > 0) {
    nodes.push({
      id: "ha-banner",
      type: "haBanner",
      position: { x: bn.x, y: bn.y },
      width: bn.width,
      height: bn.height,
      data: { controlPlanes: placement.controlPlanes, fontSize: bn.fontSize },
      ...fixed,
    });
  }
  for (const m of layout.machines) {
    const parent = `machine:${m.name}`;
    nodes.push({
      id: parent,
      type: "machine",
      position: { x: m.rect.x, y: m.rect.y },
      width: m.rect.width,
      height: m.rect.height,
      data: { name: m.name, role: m.role, pods: placement.pods[m.name]?.length ?? 0 },
      ...fixed,
    });
    for (const [component, r] of Object.entries(m.components)) {
      const id = `${component}@${m.name}`;
      const main = m.role === "control-plane" && !(AGENTS as readonly string[]).includes(component);
      nodes.push({
        id,
        type: "component",
        parentId: parent,
        position: { x: r.x - m.rect.x, y: r.y - m.rect.y },
        width: r.width,
        height: r.height,
        data: { id, component, size: main ? "main" : "agent" },
        ...fixed,
      });
    }
  }
  for (const [id, r] of Object.entries(layout.externals)) {
    nodes.push({ id, type: "component", position: { x: r.x, y: r.y }, width: r.width, height: r.height, data: { id, component: id, size: "external" }, ...fixed });
  }
  const u = layout.unscheduled.rect;
  nodes.push({ id: "unscheduled", type: "unscheduled", position: { x: u.x, y: u.y }, width: u.width, height: u.height, data: { pending: placement.pending.length }, ...fixed });
  return nodes;
}

export function flowEdges(layout: Layout): WireFlowEdge[] {
  return layout.wires.map((w) => ({
    id: w.id,
    source: w.source,
    target: w.target,
    type: "wire",
    data: { points: w.points, kind: w.kind },
    selectable: false,
    focusable: false,
    // A wire is drawing, not content: screen readers heard 20-odd "Edge from kubelet@worker-1 to
    // load-balancer" images. The components' names and words carry what the wires show.
    domAttributes: { "aria-hidden": "true" },
  }));
}

function CanvasInner({
  legendOpen,
  className,
  stepParts,
  stepZoomKey,
  ...zoomProps
}: {
  legendOpen: boolean;
  className?: string;
  stepParts: readonly string[] | null;
  stepZoom?: boolean;
  onStepZoom?: (on: boolean) => void;
  stepZoomKey?: string;
}) {
  const key = useCanvas((s) => placementKey(s.machines, s.objects));
  const placement = useMemo(() => parsePlacement(key), [key]);
  const layout = useMemo(() => computeLayout(layoutInput(placement)), [placement]);
  // Keep each node's `data` object when its content is unchanged, so memoized nodes skip re-rendering.
  const dataCache = useRef(new Map<string, Record<string, unknown>>());
  // Nothing until the cluster's state is in: React Flow's first fit (the `fitView` prop waits for its
  // first nodes) is then the cluster's, drawn in place at once, not the legend's alone and a zoom to
  // the cluster after it.
  const ready = layout.machines.length > 0;
  const nodes = useMemo(() => {
    if (!ready) return [];
    const out = flowNodes(layout, placement, legendOpen) as Node[];
    const cache = dataCache.current;
    for (const n of out) {
      const prev = cache.get(n.id);
      if (prev && shallowEqual(prev, n.data)) n.data = prev;
      else cache.set(n.id, n.data);
    }
    return out;
  }, [ready, layout, placement, legendOpen]);
  const edges = useMemo(() => (ready ? (flowEdges(layout) as Edge[]) : []), [ready, layout]);
  // The system's setting, or the page's "Reduce motion" toggle (src/store/settings.ts): no travelling tokens.
  const reducedSetting = useReducedMotionSetting();
  const reduced = (useReducedMotion() ?? false) || reducedSetting;
  const flow = useReactFlow();
  const boxRef = useRef<HTMLDivElement>(null);
  // The view follows the picture (fit to view: "all") until someone pans or zooms; "Fit to view" resumes
  // it. "Zoom to step" follows the open lesson step's parts instead ("step"), from step to step.
  const [ownStepZoom, setOwnStepZoom] = useState(false);
  const stepZoom = zoomProps.stepZoom ?? ownStepZoom;
  const setStepZoom = zoomProps.onStepZoom ?? setOwnStepZoom;
  // On from the start (a link's `zoom=step`): the first frame is still the whole cluster, as the first
  // picture drawn before the UI was (src/prepaint.ts), and the view then zooms to the step.
  const following = useRef<"all" | "step" | null>(stepZoom ? "step" : "all");
  const layoutRef = useRef(layout);
  layoutRef.current = layout;
  // The step's parts as drawn now (null: none drawn, or not zoomed to them). Within one step the area
  // only grows: pods that are pending, then placed, widen the view once rather than swing it in and out.
  const grown = useRef<{ parts: readonly string[]; rect: Rect } | null>(null);
  const stepRect = useMemo(() => {
    const now = stepZoom && stepParts && ready ? stepBounds(layout, podSlots(placement, layout), stepParts) : null;
    const before = grown.current && grown.current.parts === stepParts ? grown.current.rect : null;
    const rect = now && before ? union([now, before]) : now;
    grown.current = rect && stepParts ? { parts: stepParts, rect } : null;
    return rect;
  }, [stepZoom, stepParts, ready, layout, placement]);
  const stepRectRef = useRef(stepRect);
  stepRectRef.current = stepRect;
  /** `l` fitted to the pane as it is now (./fit.ts fitBounds), or null while the pane has no size. */
  const fittedNow = (l: Layout): Viewport | null => {
    const box = boxRef.current?.getBoundingClientRect();
    return box && box.width > 0 && box.height > 0 ? fitViewport(fitBounds(l), box.width, box.height) : null;
  };
  /**
   * The viewport the canvas itself last moved to (its first fit, then every move with no event, in
   * onMove below): a pan of a few pixels from it is a click that slipped.
   */
  const placed = useRef<Viewport | null>(null);
  // What the first frame is fitted to, so a refit never shifts a fitted picture; or the step's parts,
  // above the view's buttons, magnified at most STEP_MAX_ZOOM times (./fit.ts stepViewport; a step whose
  // parts are not drawn: the whole cluster).
  const fit = useCallback(
    (animate: boolean) => {
      const box = boxRef.current?.getBoundingClientRect();
      const step = following.current === "step" ? stepRectRef.current : null;
      const buttons = step && box ? buttonsBox(boxRef.current!) : null;
      const foot = buttons ? Math.max(0, box!.bottom - buttons.top) : 0;
      const fitted = step && box && box.width > 0 && box.height > 0 ? stepViewport(layoutRef.current, step, box.width, box.height, foot) : fittedNow(layoutRef.current);
      if (fitted) void flow.setViewport(fitted, { duration: animate && !reduced ? 300 : 0 });
    },
    [flow, reduced],
  );
  // The effects below refit when the picture or the pane changes, not when `fit` is made anew (React
  // Flow's instance is, once after mount: a refit then moved a fitted picture by a pixel or two).
  const fitRef = useRef(fit);
  fitRef.current = fit;
  // The first picture, fitted before it is painted. React Flow is mounted once the pane's size is
  // known (a layout effect, so still before the first paint): when the cluster's state is already in,
  // its first viewport is the fitted one. React Flow's own first fit (the fitView prop) comes a frame
  // later, and before that frame a viewport set from outside is ignored (its zoom handler is not
  // ready), so the picture showed at 100% from the top left corner.
  const [initialViewport, setInitialViewport] = useState<Viewport | null>();
  const failed = useCanvas((s) => s.error !== null);
  const firstFit = useRef(true);
  useLayoutEffect(() => {
    const fitted = ready && firstFit.current ? fittedNow(layout) : null;
    if (fitted) {
      firstFit.current = false;
      placed.current = fitted;
    }
    // At mount React Flow takes it as its default viewport (null: it fits on its own); a state that comes
    // later is fitted before it is painted. Before the state is in (the page drew a link's picture and
    // loaded the UI while the simulation replays), React Flow is not mounted yet: mounted with nothing to
    // fit, it would fit the cluster on its own when it came, a frame after this fit, and a little
    // differently from the picture. A pane with no size (a display:none frame) gets React Flow's fit, and
    // so does a simulation that failed before its first state (the view's buttons and Export PNG need it).
    if (initialViewport === undefined) {
      const box = boxRef.current?.getBoundingClientRect();
      if (ready || failed || !box || box.width <= 0 || box.height <= 0) setInitialViewport(fitted);
    } else if (fitted) void flow.setViewport(fitted);
  }, [ready, failed, layout, flow, initialViewport]);
  const b = layout.bounds;
  const boundsKey = `${b.width}x${b.height}`;
  const firstBounds = useRef(true);
  useEffect(() => {
    if (!ready) return;
    // The first picture is fitted above, without animation.
    if (firstBounds.current) {
      firstBounds.current = false;
      return;
    }
    if (!following.current) return;
    // After React Flow has the new nodes.
    const t = setTimeout(() => fitRef.current(true), 30);
    return () => clearTimeout(t);
  }, [ready, boundsKey]);
  // Zoomed to the step: to its parts as it is turned on and as each step opens; within a step, wider as
  // its parts spread (pods placed, or replaced on another machine), once they have stayed put for
  // STEP_SETTLE_MS, so pods pending for a moment and then placed do not swing the view in and out. No
  // lesson open (or none yet): the whole cluster, the toggle kept. The toggle is the view's button or
  // the Z key (src/ui/PresenterKeys.tsx): turned on, the view follows the step whatever it did before;
  // turned off while following it, back to the whole cluster. (A pan, Fit to view or 100% turn it off
  // and say themselves where the view goes.)
  const stepKey = stepRect ? `${stepRect.x},${stepRect.y},${stepRect.width},${stepRect.height}` : "";
  const lastStep = useRef<{ parts: readonly string[] | null; on: boolean }>({ parts: null, on: stepZoom });
  useEffect(() => {
    const turned = lastStep.current.on !== stepZoom;
    const fresh = lastStep.current.parts !== stepParts || turned;
    lastStep.current = { parts: stepParts, on: stepZoom };
    if (!stepZoom) {
      if (!turned || following.current !== "step") return;
      following.current = "all";
      if (!ready) return;
      const t = setTimeout(() => fitRef.current(true), 30);
      return () => clearTimeout(t);
    }
    if (turned || following.current === "all") following.current = "step";
    if (!ready || !following.current) return;
    const t = setTimeout(() => fitRef.current(true), fresh ? 30 : STEP_SETTLE_MS);
    return () => clearTimeout(t);
  }, [stepZoom, ready, stepParts, stepKey]);
  useEffect(() => {
    const el = boxRef.current;
    if (!el || typeof ResizeObserver === "undefined") return;
    // From the size it was last fitted at (its first size): the pane settling by a pixel as the page lays
    // out is not a resize, and a refit for it would shift the fitted picture.
    let at: { w: number; h: number } | null = null;
    const ro = new ResizeObserver(([entry]) => {
      const { width: w, height: h } = entry.contentRect;
      if (at && Math.abs(w - at.w) <= 1.5 && Math.abs(h - at.h) <= 1.5) return;
      if (at && following.current) fitRef.current(false);
      at = { w, h };
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  // A part that takes the keyboard focus out of the visible picture, or under the view's buttons (zoomed
  // in, or at 100%), is brought into view (WCAG 2.4.11): the view pans to it, and a pan is the user's own
  // (Zoom to step goes off). Only the keyboard's focus: a click's is on a part the pointer can see.
  const onFocus = (e: React.FocusEvent) => {
    const el = e.target as HTMLElement;
    const pane = boxRef.current;
    if (!pane || !el.closest(".react-flow__viewport") || !el.matches(":focus-visible")) return;
    const to = revealPan(el.getBoundingClientRect(), pane.getBoundingClientRect(), buttonsBox(pane));
    if (!to) return;
    const v = flow.getViewport();
    following.current = null;
    setStepZoom(false);
    void flow.setViewport({ x: v.x + to.dx, y: v.y + to.dy, zoom: v.zoom }, { duration: reduced ? 0 : 200 });
  };

  // The view's buttons (memoized: the same handlers from render to render).
  const onFit = useCallback(() => {
    following.current = "all";
    setStepZoom(false);
    fit(true);
  }, [setStepZoom, fit]);
  const onActualSize = useCallback(() => {
    following.current = null;
    setStepZoom(false);
    void flow.zoomTo(1, { duration: reduced ? 0 : 300 });
  }, [setStepZoom, flow, reduced]);
  // On: follows the step's parts; off: the whole cluster (the effect above does both).
  const onStep = useCallback(() => setStepZoom(!stepZoom), [setStepZoom, stepZoom]);
  const stepButton = useMemo(() => (stepParts ? { on: stepZoom, parts: stepParts, key: stepZoomKey } : null), [stepParts, stepZoom, stepZoomKey]);

  return (
    <div ref={boxRef} className={`cluster-canvas${reduced ? " reduced-motion" : ""}${className ? ` ${className}` : ""}`} role="region" aria-label="Cluster diagram" onFocus={onFocus}>
      {initialViewport !== undefined && (
        <ReactFlow
          defaultViewport={initialViewport ?? undefined}
          nodes={nodes}
          edges={edges}
          nodeTypes={nodeTypes}
          edgeTypes={edgeTypes}
          // The first fit is the layout effects' above; React Flow's own is only asked for when the pane had
          // no size at mount (a display:none frame), as it would refit a fitted picture by a sub-pixel.
          fitView={initialViewport === null}
          fitViewOptions={{ padding: FIT_PADDING }}
          minZoom={MIN_ZOOM}
          maxZoom={MAX_ZOOM}
          nodesDraggable={false}
          nodesConnectable={false}
          elementsSelectable={false}
          zoomOnDoubleClick={false}
          // A click that moves a few pixels (a trackpad, a presenter's remote mouse) is still a click.
          paneClickDistance={SLIP_PX}
          onNodeClick={keepPointerEvents}
          onMove={(event, viewport) => {
            // The canvas's own moves (no event: a fit, 100%, React Flow's own first fit) are where it was placed.
            if (!event) {
              placed.current = viewport;
              return;
            }
            // A user's pan or zoom; not a click that moved a pixel or two.
            if (slipped(placed.current, viewport)) return;
            following.current = null;
            setStepZoom(false);
          }}
          onlyRenderVisibleElements={false}
          ariaLabelConfig={{ "node.a11yDescription.default": "", "node.a11yDescription.keyboardDisabled": "" }}
        >
          <PodLayer placement={placement} layout={layout} reduced={reduced} />
          <FlowLayer layout={layout} reduced={reduced} />
          <Panel position="bottom-left">
            <ViewControls onFit={onFit} onActualSize={onActualSize} step={stepButton} onStep={onStep} />
          </Panel>
        </ReactFlow>
      )}
    </div>
  );
}

/** How long (ms) a step's parts stay put before Zoom to step widens to them (see the effect above). */
const STEP_SETTLE_MS = 800;

/** The box of the view's buttons (Fit to view, 100%, Zoom to step) over the pane's foot; null while not laid out. */
function buttonsBox(pane: HTMLElement): DOMRect | null {
  const box = pane.querySelector(".view-controls")?.getBoundingClientRect();
  return box && box.height > 0 ? box : null;
}

function shallowEqual(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => Object.is(a[k], b[k]));
}

/**
 * "Fit to view" (and keep fitting as the picture or the pane changes), "100%", and in a lesson step that
 * points at parts of the cluster, "Zoom to step": a toggle that fits those parts, step after step (on a
 * projector, the whole cluster's words are small).
 */
const ViewControls = memo(function ViewControls({
  onFit,
  onActualSize,
  step,
  onStep,
}: {
  onFit: () => void;
  onActualSize: () => void;
  step: { on: boolean; parts: readonly string[]; key?: string } | null;
  onStep: () => void;
}) {
  return (
    <div className="view-controls" role="group" aria-label="View">
      <button type="button" className="nodrag nopan" onClick={onFit}>
        Fit to view
      </button>
      <button type="button" className="nodrag nopan" onClick={onActualSize}>
        100%
      </button>
      {step && (
        <button
          type="button"
          className="nodrag nopan step-zoom"
          aria-pressed={step.on}
          aria-keyshortcuts={step.key}
          onClick={onStep}
          title={`Zoom to ${step.parts.map(partWords).join(", ")}${step.key ? ` (${step.key})` : ""}`}
        >
          {step.on && <span aria-hidden="true">✓ </span>}Zoom to step
        </button>
      )}
    </div>
  );
});
