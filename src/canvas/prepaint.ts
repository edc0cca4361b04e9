/**
 * The first picture: the cluster's state drawn as plain markup, before React and React Flow are in.
 *
 * Why: on a first visit the page's UI code (React, React Flow, motion: about 570 kB) takes longer to
 * start than the simulation takes to send its first state. This draws that state at once, with the
 * same layout (./layout.ts), the same fit (./fit.ts), the same words (./views.ts, ./status.ts, the
 * kubectl printers), the same icons (./iconMarkup.ts) and the same class names and style sheets as
 * the live canvas, so the picture is the live canvas's first frame without its controls. The page
 * (src/prepaint.ts) lays it over the canvas's place until the live canvas has drawn.
 *
 * Pure: a function of the records and the pane's size, returning a string of HTML. The etcd followers'
 * election-timer rings are not drawn: they come with the live canvas.
 *
 * In two steps: `pictureFacts` reads from the records what the picture says (the placement, and each
 * box's words as ./views.ts and the kubectl printers make them), and `pictureMarkup` draws those facts
 * at a pane's size. A link can carry the facts (./linkPicture.ts), so they are checked before they are
 * drawn (`checkFacts`), and every text in them is escaped.
 */
import type { ComponentRecord, MachineRecord, ObjectRecord } from "../bridge/protocol";
import type { Lease, Node, Pod } from "../engine/api/types";
import { podRow } from "../engine/kubectl/printers";
import { fitBounds, fitViewport } from "./fit";
import { svgPath } from "./geometry";
import { CARET, CROWN, CUT, pictogramSvg, statusShapeSvg, type Pictogram } from "./iconMarkup";
import { AGENTS, computeLayout, type Layout } from "./layout";
import { computePlacement, layoutInput, podSlots, type Placement, type Slot } from "./placement";
import { markedNotReady, nodeShape, podCount, podShape, readyWords, shortPodName } from "./status";
import { LEGEND, RAFT_GROUPS } from "./flowKinds";
import { evictionText, tolerationCountdown } from "./timers";
import { TOKEN_SHAPES } from "./tokenShapes";
import { EXTERNAL_MACHINES, LEADER_LEASES, componentFace, componentView, etcdSummary, heartbeatView, leaseLine, nodeStatusWords, taintParts, taintView } from "./views";

/** The records the picture is drawn from (a ClusterState has them). */
export interface PrepaintState {
  machines: Readonly<Record<string, MachineRecord>>;
  components: Readonly<Record<string, ComponentRecord>>;
  objects: Readonly<Record<string, ObjectRecord>>;
  /** Sim time of the state (ms). */
  time: number;
  /** A lesson's link: the view's "Zoom to step" button is there too, pressed or not (src/canvas/ClusterCanvas.tsx). */
  stepZoom?: boolean;
}

const AGENT_NAMES: ReadonlySet<string> = new Set(AGENTS);

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" };
/** Text or an attribute value, escaped for HTML. */
export function esc(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ESCAPES[c]);
}

/** A React Flow node's wrapper, as React Flow renders it (position, size and stacking). */
function flowNode(type: string, id: string, x: number, y: number, width: number, height: number, z: number, inner: string): string {
  return `<div class="react-flow__node react-flow__node-${type}" data-id="${esc(id)}" style="z-index:${z};transform:translate(${x}px,${y}px);width:${width}px;height:${height}px">${inner}</div>`;
}

/** A Stop/Start button's look (./nodes/MachineNode.tsx PowerButton). The picture is inert: it acts on nothing. */
function powerButton(running: boolean, extra = ""): string {
  return `<button type="button" tabindex="-1" class="power-button ${running ? "power-stop" : "power-start"}${extra}">${statusShapeSvg(running ? "component-stopped" : "component-running")}${running ? "Stop" : "Start"}</button>`;
}

function machineMarkup(name: string, role: "control-plane" | "worker", pods: number, f: PictureFacts): string {
  const [running, partitioned] = f.machines[name] ?? [true, false];
  // Every drawn machine has its node's words (pictureFacts, checkFacts).
  const node = f.nodes[name];
  const status = node.status;
  const shape = nodeShape(status, running);
  let heartbeat: string;
  if (node.heartbeat === "none") heartbeat = `<div class="heartbeat heartbeat-none">no heartbeat yet</div>`;
  else {
    const [level, width, text] = node.heartbeat.split("|");
    heartbeat = `<div class="heartbeat heartbeat-${level}"><span class="heartbeat-text">${esc(text)}</span><span class="heartbeat-bar"><span class="heartbeat-fill" style="transform:scaleX(${Number(width) / 100})"></span></span></div>`;
  }
  return (
    `<div class="machine machine-${role}${running ? "" : " is-stopped"}${partitioned ? " is-partitioned" : ""}" data-status="${nodeShape(status, true)}">` +
    `<div class="machine-title-row"><button type="button" tabindex="-1" class="machine-title">${pictogramSvg(role)}<span class="machine-name">${esc(name)}</span></button>` +
    powerButton(running) +
    `<button type="button" tabindex="-1" class="faults-button">Faults<svg class="caret" viewBox="0 0 20 20" width="0.8em" height="0.8em" aria-hidden="true" focusable="false">${CARET}</svg></button></div>` +
    `<div class="machine-status">${statusShapeSvg(shape === "stopped" ? nodeShape(status, true) : shape)}<span class="machine-status-words">${esc(status)}</span><span class="machine-pods">· ${podCount(pods)}</span>` +
    (running ? "" : `<span class="stopped-badge">${statusShapeSvg("stopped")} stopped</span>`) +
    (partitioned ? `<span class="partitioned-badge"><svg class="cut-icon" viewBox="0 0 20 20" width="1em" height="1em" aria-hidden="true" focusable="false">${CUT}</svg> partitioned</span>` : "") +
    `</div>` +
    (partitioned ? `<div class="partition-cut"><span>network cut</span></div>` : "") +
    heartbeat +
    taintMarkup(taintParts(node.taints)) +
    `</div>`
  );
}

/** The node's taint line (./nodes/MachineNode.tsx TaintLine). */
function taintMarkup({ level, count, text }: { level: string; count: number; text: string }): string {
  const words = text ? `<span class="taints-label">${count === 1 ? "taint" : "taints"}</span> ${esc(text)}` : "no taints";
  return `<div class="machine-taints taints-${level}">${words}</div>`;
}

function componentMarkup(id: string, component: string, size: "main" | "agent" | "external", f: PictureFacts): string {
  const view = f.components[id] ?? componentView(undefined);
  const machineRunning = f.machines[view.slice(0, view.indexOf("\t")) || id]?.[0] ?? true;
  const { running, ext, title, raftRole, shown, keep, shape } = componentFace(view, machineRunning, id, component, size);
  const mark = raftRole === "leader" ? `<svg class="crown-icon" viewBox="0 0 20 16" width="1em" height="0.8em" aria-hidden="true" focusable="false">${CROWN}</svg>` : raftRole ? "" : statusShapeSvg(shape);
  const cls = `component component-${size} component-${component}${running ? "" : " is-stopped"}`;
  const icon = ext ? `<span class="component-icon">${pictogramSvg(ext.icon as Pictogram)}</span>` : "";
  // A line with an end the box never cuts in two parts, as ./nodes/ComponentNode.tsx StateText draws it.
  const line = keep
    ? `<span class="component-state-text component-state-split"><span class="component-state-name">${esc(shown.slice(0, -keep.length))}</span><span class="component-state-count">${esc(keep)}</span></span>`
    : `<span class="component-state-text">${esc(shown)}</span>`;
  const text = `<span class="component-text"><span class="component-label">${esc(title)}</span> <span class="component-state">${mark}${line}</span></span>`;
  if (ext && EXTERNAL_MACHINES.has(id)) {
    return `<div class="${cls} external-machine" data-actor="${esc(id)}"><div class="external-top">${icon}${powerButton(machineRunning, " external-power")}</div><div class="external-select">${text}</div></div>`;
  }
  return `<div class="${cls}" data-actor="${esc(id)}"${raftRole ? ` data-raft-role="${esc(raftRole)}"` : ""}>${icon}${text}</div>`;
}

function podMarkup({ id, node, compact, ...r }: Slot, f: PictureFacts): string {
  const pod = f.pods[id];
  if (!pod) return "";
  const { name, status, ready, notReady, countdown } = pod;
  const shape = podShape(status, ready, notReady);
  return (
    `<button type="button" tabindex="-1" class="pod-chip pod-${shape}${compact ? " is-compact" : ""}${node ? "" : " is-pending"}" style="width:${r.width}px;height:${r.height}px;transform:translateX(${r.x}px) translateY(${r.y}px)">` +
    `<span class="pod-name">${esc(compact ? shortPodName(name) : name)}</span> <span class="pod-status">${statusShapeSvg(shape)}<span class="pod-status-words">${esc(status)}</span>` +
    (compact ? "" : ` <span class="pod-ready">${esc(readyWords(ready, notReady))}</span>`) +
    `</span>${countdown ? `<span class="pod-countdown">${esc(countdown)}</span>` : ""}</button>`
  );
}

/** The message legend, open (./Legend.tsx): each token's shape in its colour, and its words. */
function legendMarkup(raft: boolean): string {
  const items = LEGEND.filter((e) => raft || !RAFT_GROUPS.has(e.group)).map((e) => {
    const shape = TOKEN_SHAPES[e.shape];
    const paint = shape.stroke ? `fill="none" stroke="${e.color}" stroke-width="${shape.stroke}"` : `fill="${e.color}" stroke="none"`;
    return `<li class="legend-item"><svg class="legend-token" viewBox="-1 -1 22 22" width="16" height="16" aria-hidden="true" focusable="false"><path d="${shape.d}" ${paint}></path></svg><span>${esc(e.label)}</span></li>`;
  });
  // "Show heartbeats" as it starts (on: src/canvas/canvasStore.tsx canvasPrefs).
  const heartbeats = raft
    ? `<button type="button" tabindex="-1" class="legend-heartbeats"><svg class="legend-check" viewBox="0 0 20 20" width="1.2em" height="1.2em" aria-hidden="true" focusable="false"><rect x="1.5" y="1.5" width="17" height="17" rx="3" fill="currentColor" stroke="currentColor" stroke-width="2.5"></rect><path class="legend-tick" d="M5.5 10.5l3 3 6-7" fill="none" stroke-width="2.6" stroke-linecap="round" stroke-linejoin="round"></path></svg>Show heartbeats</button>`
    : "";
  return (
    `<div class="legend-node"><section class="flow-legend"><div class="legend-head"><span class="legend-title">Messages</span><button type="button" tabindex="-1" class="legend-toggle">Hide legend</button></div>` +
    `<ul class="legend-list">${items.join("")}</ul>${heartbeats}<p class="legend-note">write = create/update/patch/delete · read = get/list/watch</p></section></div>`
  );
}

/** The control plane's state in words, above several control planes (./nodes/HaBannerNode.tsx). */
function bannerMarkup(banner: PictureFacts["banner"], fontSize: number): string {
  if (!banner) return "";
  const [ok, quorumText, leaderText, membersText] = banner.etcd.split("\t");
  const leases = LEADER_LEASES.map((l, i) => {
    const [state, text] = (banner.leases[i] ?? "").split("\t");
    return `<p class="ha-line ha-lease ha-lease-${state}" data-lease="${l.name}"><span class="ha-key">${l.label} leader:</span> ${esc(text ?? "")}</p>`;
  });
  return (
    `<section class="ha-banner" style="font-size:${fontSize}px"><p class="ha-line ha-quorum ha-${ok}">${statusShapeSvg(ok === "ok" ? "ready" : "notready")}<span class="ha-key">etcd:</span><span class="ha-quorum-words">${esc(quorumText ?? "")}</span><span class="ha-leader"> · ${esc(leaderText ?? "")}</span></p>` +
    `<p class="ha-line ha-members"><span class="ha-key">members:</span> ${esc(membersText ?? "")}</p>${leases.join("")}</section>`
  );
}

function wiresMarkup(layout: Layout): string {
  // React Flow stacks an edge with its higher node: wires to a component inside a machine are drawn
  // above the machine's box (z 1), the others under everything (z 0).
  const low: string[] = [];
  const high: string[] = [];
  for (const w of layout.wires) {
    const path = `<g class="react-flow__edge react-flow__edge-wire"><path class="wire wire-${w.kind}" d="${svgPath(w.points)}" fill="none"></path></g>`;
    (w.source.includes("@") || w.target.includes("@") ? high : low).push(path);
  }
  return `<div class="react-flow__edges"><svg style="z-index:0">${low.join("")}</svg><svg style="z-index:1">${high.join("")}</svg></div>`;
}

/** The cluster's layout for these records, or null before any machine is known. */
export function prepaintLayout(s: PrepaintState): { layout: Layout; placement: Placement } | null {
  return layoutOf(computePlacement(s.machines, s.objects));
}

function layoutOf(placement: Placement): { layout: Layout; placement: Placement } | null {
  const layout = computeLayout(layoutInput(placement));
  return layout.machines.length ? { layout, placement } : null;
}

/**
 * What the picture says, read from the records: where each pod sits, and each box's words. Plain data
 * (strings, numbers, booleans), so a link can carry it. Every view string is the one the live canvas
 * draws from (./views.ts, ./status.ts, the kubectl printers).
 */
export interface PictureFacts {
  placement: Placement;
  /** Every machine (the ones outside the cluster too): [running, partitioned]. */
  machines: Record<string, [boolean, boolean]>;
  /** Each drawn node: kubectl's STATUS, its heartbeat view (`heartbeatView`) and taint view (`taintView`). */
  nodes: Record<string, { status: string; heartbeat: string; taints: string }>;
  /** Each drawn component's view (`componentView`), by actor id. */
  components: Record<string, string>;
  /** Each placed pod: its name, kubectl's STATUS and READY, whether it was marked not Ready, its eviction countdown ("" for none). */
  pods: Record<string, { name: string; status: string; ready: string; notReady: boolean; countdown: string }>;
  /** With several control planes: the banner's etcd line (`etcdSummary`) and its leader Lease lines (`leaseLine`, in LEADER_LEASES order). */
  banner: { etcd: string; leases: string[] } | null;
}

/** The facts of the picture of `s` (see PictureFacts); null before any machine is known. */
export function pictureFacts(s: PrepaintState): PictureFacts | null {
  const laid = prepaintLayout(s);
  if (!laid) return null;
  const { layout, placement } = laid;
  const machines: PictureFacts["machines"] = {};
  for (const [name, m] of Object.entries(s.machines)) machines[name] = [m.running, m.partitioned];
  const nodes: PictureFacts["nodes"] = {};
  const components: PictureFacts["components"] = {};
  for (const m of layout.machines) {
    const node = s.objects[`nodes/${m.name}`];
    nodes[m.name] = {
      status: nodeStatusWords(node),
      heartbeat: heartbeatView(s.objects[`leases/kube-node-lease/${m.name}`]?.object as Lease | undefined, node?.object as Node | undefined, s.time),
      taints: taintView(node),
    };
    for (const component of Object.keys(m.components)) components[`${component}@${m.name}`] = componentView(s.components[`${component}@${m.name}`]);
  }
  for (const id of Object.keys(layout.externals)) components[id] = componentView(s.components[id]);
  const pods: PictureFacts["pods"] = {};
  for (const ids of [...Object.values(placement.pods), placement.pending]) {
    for (const id of ids) {
      const pod = s.objects[id]?.object as Pod | undefined;
      if (!pod) continue;
      const [, ready, status] = podRow(pod, 0);
      let countdown = "";
      const nodeName = pod.spec?.nodeName;
      const nodeObj = nodeName && placement.pods[nodeName] ? (s.objects[`nodes/${nodeName}`]?.object as Node | undefined) : undefined;
      if (nodeObj?.spec.taints?.some((t) => t.effect === "NoExecute")) {
        const e = tolerationCountdown(pod, nodeObj, s.time);
        if (e) countdown = evictionText(e);
      }
      pods[id] = { name: pod.metadata.name, status, ready, notReady: markedNotReady(pod, ready), countdown };
    }
  }
  const banner =
    layout.banner.height > 0
      ? { etcd: etcdSummary(s, placement.controlPlanes), leases: LEADER_LEASES.map((l) => leaseLine(s, s.time, l.name, placement.controlPlanes)) }
      : null;
  return { placement, machines, nodes, components, pods, banner };
}

/** "Zoom to step" as the live canvas draws it in a lesson (the picture comes first; the view zooms after it). */
function stepZoomButton(on: boolean | undefined): string {
  if (on === undefined) return "";
  return `<button type="button" tabindex="-1" class="step-zoom" aria-pressed="${on}">${on ? '<span aria-hidden="true">✓ </span>' : ""}Zoom to step</button>`;
}

/**
 * The picture's markup for a pane of `width` × `height` CSS px: React Flow's wrapper, viewport (fitted
 * as the live canvas fits its first picture), wires, machines, components, the Unscheduled area and
 * the pods. Empty before any machine is known.
 */
export function prepaintMarkup(s: PrepaintState, width: number, height: number): string {
  const facts = pictureFacts(s);
  return facts ? pictureMarkup(facts, width, height, s.stepZoom) : "";
}

/** The picture of `facts` (see prepaintMarkup); `stepZoom`: a lesson's "Zoom to step" button, pressed or not. */
export function pictureMarkup(f: PictureFacts, width: number, height: number, stepZoom?: boolean): string {
  const laid = layoutOf(f.placement);
  if (!laid) return "";
  const { layout, placement } = laid;
  const vp = fitViewport(fitBounds(layout), width, height);
  const lg = layout.legend;
  const nodes: string[] = [flowNode("legend", "legend", lg.x, lg.y, lg.width, lg.height, 0, legendMarkup(layout.machines.filter((m) => m.role === "control-plane").length > 1))];
  const bn = layout.banner;
  if (bn.height > 0) nodes.push(flowNode("haBanner", "ha-banner", bn.x, bn.y, bn.width, bn.height, 0, bannerMarkup(f.banner, bn.fontSize)));
  for (const m of layout.machines) {
    nodes.push(flowNode("machine", `machine:${m.name}`, m.rect.x, m.rect.y, m.rect.width, m.rect.height, 0, machineMarkup(m.name, m.role, placement.pods[m.name]?.length ?? 0, f)));
    for (const [component, r] of Object.entries(m.components)) {
      const id = `${component}@${m.name}`;
      const size = m.role === "control-plane" && !AGENT_NAMES.has(component) ? "main" : "agent";
      nodes.push(flowNode("component", id, r.x, r.y, r.width, r.height, 1, componentMarkup(id, component, size, f)));
    }
  }
  for (const [id, r] of Object.entries(layout.externals)) nodes.push(flowNode("component", id, r.x, r.y, r.width, r.height, 0, componentMarkup(id, id, "external", f)));
  const u = layout.unscheduled.rect;
  const pending = placement.pending.length;
  nodes.push(
    flowNode(
      "unscheduled",
      "unscheduled",
      u.x,
      u.y,
      u.width,
      u.height,
      0,
      `<div class="unscheduled${pending > 0 ? " has-pending" : ""}"><div class="unscheduled-title">${pictogramSvg("unscheduled")}<span>Unscheduled</span><span class="unscheduled-count">${pending === 0 ? "none waiting" : `${pending} waiting for a node`}</span></div></div>`,
    ),
  );
  const pods = podSlots(placement, layout).map((slot) => podMarkup(slot, f));
  return (
    `<div class="react-flow" style="width:100%;height:100%;overflow:hidden;position:relative;z-index:0">` +
    `<div class="react-flow__renderer" style="position:absolute;width:100%;height:100%;top:0;left:0">` +
    `<div class="react-flow__viewport xyflow__viewport react-flow__container" style="transform:translate(${vp.x}px,${vp.y}px) scale(${vp.zoom})">` +
    wiresMarkup(layout) +
    `<div class="react-flow__nodes" style="position:absolute;width:100%;height:100%;top:0;left:0">${nodes.join("")}</div>` +
    `<div class="react-flow__viewport-portal"><div class="pod-layer">${pods.join("")}</div></div>` +
    `</div></div>` +
    // The view's buttons and React Flow's attribution, where React Flow puts them (screen space).
    `<div class="react-flow__panel bottom left"><div class="view-controls"><button type="button" tabindex="-1">Fit to view</button><button type="button" tabindex="-1">100%</button>${stepZoomButton(stepZoom)}</div></div>` +
    `<div class="react-flow__panel react-flow__attribution bottom right"><a tabindex="-1">React Flow</a></div>` +
    `</div>`
  );
}
