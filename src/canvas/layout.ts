/**
 * Where everything sits on the canvas, in flow coordinates: a pure, deterministic function of the
 * cluster's shape (control planes, workers, how many pods each holds, how many wait for a node).
 *
 * ```
 *                  ┌ control-plane-1 ──────────────────────────┐ ┌ Unscheduled ┐
 *                  │ kube-scheduler   kube-controller-manager    │ │             │
 *                  │ etcd  kube-apiserver  kube-proxy kubelet containerd        │
 *                  └──┬────────┬──────────┬────────┬─────────┬──┘ └─────────────┘
 *  kubectl ── LB ─────┴── cluster network (bus) ─────────────────────────────────
 *              │   ┌ worker-1 ───────┐ ┌ worker-2 ───────┐ ┌ worker-3 ───────┐
 *  registry ───┤   │ pods            │ │ pods            │ │ pods            │
 *              │   │ kube-proxy kubelet containerd       │ │                 │
 *              │   └──┬──────┬──────┬┘ └─────────────────┘ └─────────────────┘
 *              └──────┴ lane ┴──────┴─────────────────────────────────────────
 * ```
 *
 * Every component that talks over the network has a clear way down from its bottom edge, so its wire
 * drops straight down to a horizontal lane between machine rows; the lanes meet a vertical trunk left
 * of the machines that leads to the load balancer (and the image registry). Wires never cross a
 * machine they do not belong to, nor a component they do not join (layout.test.ts proves it for 1–5
 * control planes and 1–20 workers).
 *
 * With more than one control plane, each is drawn narrower, in three rows, so that three of them fill
 * a projector's canvas instead of a thin strip across it, and the Unscheduled area moves beside the
 * workers when that keeps the picture narrower:
 *
 * ```
 *   ┌ control-plane-2 ─────────────────────────┐
 *   │ kube-scheduler   kube-controller-manager │
 *   │ etcd              kube-apiserver         │
 *   │    kube-proxy kubelet containerd         │
 *   └──┬───────┬───────┬───────┬─────────────┬─┘
 * ```
 */
import { makePath, union, type Path, type Point, type Rect } from "./geometry";

// ---- sizes (flow px; at fit-to-view the default cluster is drawn at about 0.93×) ----------------

export const SIZES = {
  pad: 14,
  /** Machine header: name + Stop button, then status words, the heartbeat line and the taints (up to two lines). */
  headerHeight: 132,
  agentWidth: 92,
  agentHeight: 44,
  agentGap: 8,
  mainHeight: 56,
  /** Vertical room between the control plane's two rows (the scheduler's and controller-manager's wires). */
  cpRowGap: 26,
  etcdWidth: 172,
  apiserverWidth: 178,
  schedulerWidth: 196,
  controllerManagerWidth: 244,
  chipHeight: 50,
  compactChipHeight: 36,
  chipGap: 8,
  /** Pod rows a worker always has room for. */
  minPodRows: 1,
  /** More pods than this on the busiest node: two columns of narrower chips. */
  oneColumnMaxPods: 6,
  columnGap: 28,
  cpGap: 28,
  laneGap: 46,
  kubectlWidth: 118,
  externalHeight: 76,
  lbWidth: 164,
  registryWidth: 164,
  unscheduledHeader: 40,
} as const;

const S = SIZES;
/** Width inside a worker: three agents side by side. */
export const WORKER_INNER = 3 * S.agentWidth + 2 * S.agentGap;
export const WORKER_WIDTH = WORKER_INNER + 2 * S.pad;
const CP_AGENTS_X = S.etcdWidth + 10 + S.apiserverWidth + 18;
export const CP_INNER = CP_AGENTS_X + WORKER_INNER;
export const CP_WIDTH = CP_INNER + 2 * S.pad;
/** Inside a control plane drawn in three rows (more than one control plane): as wide as its top row. */
export const CP_COMPACT_INNER = S.schedulerWidth + 12 + S.controllerManagerWidth;
/** In three rows: the node agents' left edge, between etcd's wire (its middle) and the API server's (near its right edge). */
const CP_COMPACT_AGENTS_X = 110;
/** In three rows: the API server's wire leaves this far left of its right edge, right of the agents. */
const CP_COMPACT_API_DROP = 14;
/** In three rows: the room between the etcd/API server row and the agents. */
const CP_COMPACT_AGENT_GAP = 12;
const LB_X = S.kubectlWidth + 26;
const TRUNK_X = LB_X + S.lbWidth + 18;
const GROUPS_X = TRUNK_X + 22;

export type ActorId = string;

/** Node agents on every machine, left to right. */
export const AGENTS = ["kube-proxy", "kubelet", "containerd"] as const;
export const CONTROL_PLANE_COMPONENTS = ["kube-scheduler", "kube-controller-manager", "etcd", "kube-apiserver"] as const;
export const EXTERNALS = ["kubectl", "load-balancer", "image-registry"] as const;

export interface LayoutInput {
  /** Control-plane machine names in display order (see {@link naturalCompare}). */
  controlPlanes: readonly string[];
  workers: readonly string[];
  /** Pods bound to each machine. */
  podCounts: Readonly<Record<string, number>>;
  /** Pods with no node yet. */
  pending: number;
}

/** Where a machine's (or the Unscheduled area's) pod chips go: a grid of equal slots. */
export interface PodGrid {
  x: number;
  y: number;
  cols: number;
  rows: number;
  chipWidth: number;
  chipHeight: number;
  gap: number;
  /** Narrow chips: the name is shortened and the status is drawn smaller. */
  compact: boolean;
}

export interface MachineBox {
  name: string;
  role: "control-plane" | "worker";
  rect: Rect;
  pods: PodGrid;
  /** Component name → absolute rect. */
  components: Record<string, Rect>;
}

export type WireKind = "api" | "etcd" | "peer" | "local" | "image" | "user";

export interface Wire {
  id: string;
  source: ActorId;
  target: ActorId;
  kind: WireKind;
  points: Point[];
}

export interface Layout {
  bounds: Rect;
  machines: MachineBox[];
  machineByName: Record<string, MachineBox>;
  externals: Record<(typeof EXTERNALS)[number], Rect>;
  unscheduled: { rect: Rect; pods: PodGrid };
  /** Room kept free top-left (above kubectl and the load balancer) for the message legend. */
  legend: Rect;
  /**
   * Above the control planes (and the Unscheduled area): the control plane's state in words (etcd
   * quorum and leader, the leader Leases). `fontSize` grows with the control planes, so the words keep
   * their size on screen at fit-to-view.
   */
  banner: Rect & { fontSize: number };
  /** Every actor's absolute rect, by actor id (`kubelet@worker-1`, `kubectl`). */
  actors: Record<ActorId, Rect>;
  wires: Wire[];
  /** The horizontal network lanes and the trunk, for tests and the picture. */
  lanes: { busY: number; peerY: number | null; workerLaneYs: number[]; trunkX: number };
}

/** `worker-2` before `worker-10` (../naturalCompare.ts). */
export { naturalCompare } from "../naturalCompare";

/** The rect of slot `i` of a pod grid. */
export function slotRect(grid: PodGrid, i: number): Rect {
  const col = i % grid.cols;
  const row = Math.floor(i / grid.cols);
  return {
    x: grid.x + col * (grid.chipWidth + grid.gap),
    y: grid.y + row * (grid.chipHeight + grid.gap),
    width: grid.chipWidth,
    height: grid.chipHeight,
  };
}

function gridHeight(rows: number, chipHeight: number): number {
  return rows <= 0 ? 0 : rows * (chipHeight + S.chipGap) - S.chipGap;
}

function podGrid(x: number, y: number, innerWidth: number, cols: number, rows: number): PodGrid {
  const compact = cols > 1;
  return {
    x,
    y,
    cols,
    rows,
    chipWidth: (innerWidth - (cols - 1) * S.chipGap) / cols,
    chipHeight: compact ? S.compactChipHeight : S.chipHeight,
    gap: S.chipGap,
    compact,
  };
}

/** Worker grid columns: one row up to five workers, then about 2.2:1 (a projector's shape). */
export function workerColumns(workers: number): number {
  if (workers <= 5) return Math.max(1, workers);
  return Math.min(workers, Math.ceil(Math.sqrt(workers * 2.2)));
}

export function computeLayout(input: LayoutInput): Layout {
  const { controlPlanes, workers } = input;
  const count = (m: string) => input.podCounts[m] ?? 0;

  // ---- pod grids: every machine of a role gets the same room, so rows line up ----
  const maxWorkerPods = Math.max(0, ...workers.map(count));
  const workerCols = maxWorkerPods > S.oneColumnMaxPods ? 2 : 1;
  const workerChipH = workerCols > 1 ? S.compactChipHeight : S.chipHeight;
  const workerRows = Math.max(S.minPodRows, Math.ceil(maxWorkerPods / workerCols));
  const workerPodsH = gridHeight(workerRows, workerChipH);
  const workerH = S.headerHeight + workerPodsH + 12 + S.agentHeight + S.pad;

  // More than one control plane: each in three rows, narrower (see the top of this file).
  const multiCp = controlPlanes.length > 1;
  const cpInner = multiCp ? CP_COMPACT_INNER : CP_INNER;
  const cpWidth = cpInner + 2 * S.pad;
  const maxCpPods = Math.max(0, ...controlPlanes.map(count));
  const cpCols = maxCpPods > 2 * S.oneColumnMaxPods ? 3 : 2;
  const cpChipH = cpCols > 2 ? S.compactChipHeight : S.chipHeight;
  const cpRows = Math.ceil(maxCpPods / cpCols);
  const cpPodsH = cpRows > 0 ? gridHeight(cpRows, cpChipH) + 12 : 0;
  const cpAgentRowH = multiCp ? CP_COMPACT_AGENT_GAP + S.agentHeight : 0;
  const cpH = S.headerHeight + cpPodsH + S.mainHeight + S.cpRowGap + S.mainHeight + cpAgentRowH + S.pad;

  const wCols = workerColumns(workers.length);
  const wRows = workers.length === 0 ? 0 : Math.ceil(workers.length / wCols);

  // ---- the Unscheduled area: right of the control planes, as tall as their row; or, with more than
  // one control plane, right of the workers when that keeps the picture narrower ----
  const pending = Math.max(0, input.pending);
  const unscheduledBlock = (rowH: number) => {
    const normalRows = Math.max(3, Math.floor((rowH - S.unscheduledHeader - S.pad + S.chipGap) / (S.chipHeight + S.chipGap)));
    let grid: PodGrid;
    let inner: number;
    if (pending <= normalRows) {
      inner = WORKER_INNER;
      grid = podGrid(0, 0, inner, 1, normalRows);
    } else if (pending <= 2 * normalRows) {
      inner = 2 * WORKER_INNER + S.chipGap;
      grid = podGrid(0, 0, inner, 2, normalRows);
    } else {
      // Many at once (a big scale-up): compact chips, a squarish block.
      const cols = Math.max(3, Math.ceil(Math.sqrt(pending / 2)));
      const compactW = (WORKER_INNER - S.chipGap) / 2;
      inner = cols * compactW + (cols - 1) * S.chipGap;
      grid = podGrid(0, 0, inner, cols, Math.ceil(pending / cols));
    }
    return { grid, width: inner + 2 * S.pad, height: Math.max(rowH, S.unscheduledHeader + gridHeight(grid.rows, grid.chipHeight) + S.pad) };
  };
  const cpRowRight = GROUPS_X + controlPlanes.length * (cpWidth + S.cpGap) - S.cpGap;
  const workersRight = GROUPS_X + wCols * (WORKER_WIDTH + S.columnGap) - S.columnGap;
  const besideCps = unscheduledBlock(cpH);
  const besideWorkers = unscheduledBlock(workerH);
  const underneath =
    multiCp &&
    workers.length > 0 &&
    besideWorkers.height <= wRows * (workerH + S.laneGap) &&
    Math.max(cpRowRight, workersRight + S.columnGap + besideWorkers.width) < Math.max(cpRowRight + S.cpGap + besideCps.width, workersRight);
  const unsched = underneath ? besideWorkers : besideCps;
  const unschedGrid = unsched.grid;
  const unschedH = unsched.height;

  // ---- rows and lanes ----
  const topRowH = underneath ? cpH : Math.max(cpH, unschedH);
  const peerY = multiCp ? topRowH + 18 : null;
  const busY = topRowH + (multiCp ? 40 : 20);
  const workerTop = busY + 24;
  const unschedRect: Rect = underneath
    ? { x: workersRight + S.columnGap, y: workerTop, width: unsched.width, height: unschedH }
    : { x: cpRowRight + S.cpGap, y: 0, width: unsched.width, height: unschedH };
  unschedGrid.x = unschedRect.x + S.pad;
  unschedGrid.y = unschedRect.y + S.unscheduledHeader;
  const rowTop = (r: number) => workerTop + r * (workerH + S.laneGap);
  const workerLaneYs: number[] = [];
  for (let r = 0; r < wRows; r++) workerLaneYs.push(rowTop(r) + workerH + 22);

  const machines: MachineBox[] = [];
  const actors: Record<ActorId, Rect> = {};

  // ---- control planes ----
  controlPlanes.forEach((name, i) => {
    const rect: Rect = { x: GROUPS_X + i * (cpWidth + S.cpGap), y: 0, width: cpWidth, height: cpH };
    const ix = rect.x + S.pad;
    const top = rect.y + S.headerHeight + cpPodsH;
    const bottom = top + S.mainHeight + S.cpRowGap;
    const components: Record<string, Rect> = {
      "kube-scheduler": { x: ix, y: top, width: S.schedulerWidth, height: S.mainHeight },
      "kube-controller-manager": { x: ix + S.schedulerWidth + 12, y: top, width: S.controllerManagerWidth, height: S.mainHeight },
      etcd: { x: ix, y: bottom, width: S.etcdWidth, height: S.mainHeight },
      // In three rows, under the controller manager: the agents fit between etcd's wire and its own.
      "kube-apiserver": { x: multiCp ? ix + cpInner - S.apiserverWidth : ix + S.etcdWidth + 10, y: bottom, width: S.apiserverWidth, height: S.mainHeight },
    };
    AGENTS.forEach((a, k) => {
      components[a] = {
        x: ix + (multiCp ? CP_COMPACT_AGENTS_X : CP_AGENTS_X) + k * (S.agentWidth + S.agentGap),
        y: multiCp ? bottom + S.mainHeight + CP_COMPACT_AGENT_GAP : bottom + S.mainHeight - S.agentHeight,
        width: S.agentWidth,
        height: S.agentHeight,
      };
    });
    const pods = podGrid(ix, rect.y + S.headerHeight, cpInner, cpCols, cpRows);
    pods.chipHeight = cpChipH;
    pods.compact = cpCols > 2;
    machines.push({ name, role: "control-plane", rect, pods, components });
  });

  // ---- workers ----
  const laneOf = new Map<string, number>();
  workers.forEach((name, i) => {
    const r = Math.floor(i / wCols);
    laneOf.set(name, workerLaneYs[r]);
    const c = i % wCols;
    const rect: Rect = { x: GROUPS_X + c * (WORKER_WIDTH + S.columnGap), y: rowTop(r), width: WORKER_WIDTH, height: workerH };
    const ix = rect.x + S.pad;
    const components: Record<string, Rect> = {};
    AGENTS.forEach((a, k) => {
      components[a] = {
        x: ix + k * (S.agentWidth + S.agentGap),
        y: rect.y + workerH - S.pad - S.agentHeight,
        width: S.agentWidth,
        height: S.agentHeight,
      };
    });
    const pods = podGrid(ix, rect.y + S.headerHeight, WORKER_INNER, workerCols, workerRows);
    machines.push({ name, role: "worker", rect, pods, components });
  });

  for (const m of machines) for (const [c, r] of Object.entries(m.components)) actors[`${c}@${m.name}`] = r;

  // ---- outside the cluster: kubectl and the load balancer on the bus, the registry below ----
  const extTop = busY - S.externalHeight / 2;
  const externals = {
    kubectl: { x: 0, y: extTop, width: S.kubectlWidth, height: S.externalHeight },
    "load-balancer": { x: LB_X, y: extTop, width: S.lbWidth, height: S.externalHeight },
    "image-registry": { x: LB_X, y: busY + 90, width: S.registryWidth, height: S.externalHeight },
  };
  for (const [id, r] of Object.entries(externals)) actors[id] = r;

  // ---- wires ----
  const lb = externals["load-balancer"];
  const reg = externals["image-registry"];
  const lbPort: Point = { x: lb.x + lb.width, y: busY };
  const regY = reg.y + reg.height / 2;
  const bottomMid = (r: Rect): Point => ({ x: r.x + r.width / 2, y: r.y + r.height });
  const wires: Wire[] = [];
  const wire = (source: ActorId, target: ActorId, kind: WireKind, points: Point[]) =>
    wires.push({ id: `${source}->${target}`, source, target, kind, points });
  /** From a component's bottom down to its lane, along it to the trunk, up or down the trunk to `y`. */
  const toTrunk = (r: Rect, laneY: number, y: number): Point[] => {
    const b = bottomMid(r);
    return [b, { x: b.x, y: laneY }, { x: TRUNK_X, y: laneY }, { x: TRUNK_X, y }];
  };

  wire("kubectl", "load-balancer", "user", [
    { x: externals.kubectl.x + externals.kubectl.width, y: busY },
    { x: lb.x, y: busY },
  ]);

  for (const m of machines) {
    const c = (name: string) => m.components[name];
    const id = (name: string) => `${name}@${m.name}`;
    const laneY = laneOf.get(m.name) ?? busY;
    if (m.role === "control-plane") {
      const api = c("kube-apiserver");
      // In three rows the agents sit under the API server's middle: its wire leaves near its right edge.
      const apiBottom = multiCp ? { x: api.x + api.width - CP_COMPACT_API_DROP, y: api.y + api.height } : bottomMid(api);
      wire(`load-balancer`, id("kube-apiserver"), "api", [lbPort, { x: TRUNK_X, y: busY }, { x: apiBottom.x, y: busY }, apiBottom]);
      const etcd = c("etcd");
      wire(id("kube-apiserver"), id("etcd"), "etcd", [
        { x: api.x, y: api.y + api.height / 2 },
        { x: etcd.x + etcd.width, y: etcd.y + etcd.height / 2 },
      ]);
      const midY = api.y - S.cpRowGap / 2;
      for (const [comp, dx] of [
        ["kube-scheduler", -28],
        ["kube-controller-manager", 28],
      ] as const) {
        const b = bottomMid(c(comp));
        const tx = api.x + api.width / 2 + dx;
        wire(id(comp), id("kube-apiserver"), "api", [b, { x: b.x, y: midY }, { x: tx, y: midY }, { x: tx, y: api.y }]);
      }
    }
    for (const agent of ["kubelet", "kube-proxy"] as const) {
      wire(id(agent), "load-balancer", "api", [...toTrunk(c(agent), laneY, busY), lbPort]);
    }
    const kubelet = c("kubelet");
    const containerd = c("containerd");
    wire(id("kubelet"), id("containerd"), "local", [
      { x: kubelet.x + kubelet.width, y: kubelet.y + kubelet.height / 2 },
      { x: containerd.x, y: containerd.y + containerd.height / 2 },
    ]);
    wire(id("containerd"), "image-registry", "image", [...toTrunk(containerd, laneY, regY), { x: reg.x + reg.width, y: regY }]);
  }

  // etcd members talk among themselves (Raft) along their own lane.
  const cps = machines.filter((m) => m.role === "control-plane");
  if (peerY !== null) {
    for (let i = 0; i < cps.length; i++) {
      for (let j = i + 1; j < cps.length; j++) {
        const a = bottomMid(cps[i].components.etcd);
        const b = bottomMid(cps[j].components.etcd);
        wire(`etcd@${cps[i].name}`, `etcd@${cps[j].name}`, "peer", [a, { x: a.x, y: peerY }, { x: b.x, y: peerY }, b]);
      }
    }
  }

  // ---- the control plane's banner, above the top row ----
  // (Only with more than one control plane: one member's quorum and one candidate's lease say little,
  // and the default cluster keeps its size.)
  const bannerFont = bannerFontSize(controlPlanes.length);
  const bannerH = multiCp ? Math.round(BANNER_LINES * bannerFont * 1.3 + 24) : 0;
  const banner = {
    x: GROUPS_X,
    y: multiCp ? -bannerH - 24 : 0,
    width: multiCp ? (underneath ? cpRowRight : unschedRect.x + unschedRect.width) - GROUPS_X : 0,
    height: bannerH,
    fontSize: bannerFont,
  };

  const lastLane = workerLaneYs[workerLaneYs.length - 1] ?? busY;
  const bounds = union([
    ...machines.map((m) => m.rect),
    ...Object.values(externals),
    unschedRect,
    ...(multiCp ? [banner] : []),
    { x: TRUNK_X, y: busY, width: 1, height: Math.max(1, lastLane - busY + 12, reg.y + reg.height - busY) },
  ]);

  return {
    bounds,
    machines,
    machineByName: Object.fromEntries(machines.map((m) => [m.name, m])),
    externals,
    unscheduled: { rect: unschedRect, pods: unschedGrid },
    legend: { x: 0, y: banner.y, width: TRUNK_X - 14, height: Math.max(0, extTop - 14 - banner.y) },
    banner,
    actors,
    wires,
    lanes: { busY, peerY, workerLaneYs, trunkX: TRUNK_X },
  };
}

/**
 * The banner's font size in flow px: larger with more control planes, as the picture is drawn smaller
 * (about 16 px on screen at fit-to-view in a 940 px wide canvas, a 1280×720 page with a lesson open).
 */
export function bannerFontSize(controlPlanes: number): number {
  return Math.round(6 + 8.5 * Math.max(1, controlPlanes));
}

/**
 * The banner's lines: the etcd quorum (one line), then the members' roles, the scheduler's Lease and
 * the controller manager's, two lines each at most (a long one wraps: the banner is as wide as the
 * control planes).
 */
export const BANNER_LINES = 7;

/** Paths for flows: each wire both ways, keyed `from|to`. */
export function wirePaths(layout: Layout): Map<string, Path> {
  const out = new Map<string, Path>();
  for (const w of layout.wires) {
    const forward = makePath(w.points);
    out.set(`${w.source}|${w.target}`, forward);
    out.set(`${w.target}|${w.source}`, makePath([...forward.points].reverse()));
  }
  return out;
}

/**
 * The path a flow travels: the wire between its actors, else (an unexpected pair) a straight line
 * between their centres, else null (an actor the canvas does not draw).
 */
export function flowPath(layout: Layout, paths: Map<string, Path>, from: ActorId, to: ActorId): Path | null {
  const known = paths.get(`${from}|${to}`);
  if (known) return known;
  const a = layout.actors[from];
  const b = layout.actors[to];
  if (!a || !b) return null;
  const path = makePath([
    { x: a.x + a.width / 2, y: a.y + a.height / 2 },
    { x: b.x + b.width / 2, y: b.y + b.height / 2 },
  ]);
  paths.set(`${from}|${to}`, path);
  return path;
}
