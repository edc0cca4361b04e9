/**
 * The status shapes and pictograms as SVG markup: drawn by the React components (./icons.tsx) and by
 * the first picture before React is in (./prepaint.ts), so both draw the same. Each status class has
 * its own SHAPE (colour is only a second cue), and the words beside it say the same thing, so the
 * icons are hidden from screen readers.
 */
import type { NodeShape, PodShape } from "./status";

export type ShapeName = PodShape | NodeShape | "component-running" | "component-stopped" | "component-standby";
export type Pictogram = "kubectl" | "load-balancer" | "image-registry" | "control-plane" | "worker" | "unscheduled";

const check = `<path d="M5.5 10.5l3 3 6-7" fill="none" stroke="#fff" stroke-width="2.4" stroke-linecap="round" stroke-linejoin="round"/>`;
const cross = `<path d="M7 7l6 6M13 7l-6 6" stroke="#fff" stroke-width="2.2" stroke-linecap="round"/>`;

/** Each shape's inside, in a 20×20 box. */
export const SHAPES: Record<ShapeName, string> = {
  // Pods
  running: `<circle cx="10" cy="10" r="9" fill="currentColor"/>${check}`,
  starting: `<circle cx="10" cy="10" r="8" fill="none" stroke="currentColor" stroke-width="2.2"/><path d="M10 2a8 8 0 0 1 0 16z" fill="currentColor"/>`,
  pending: `<circle cx="10" cy="10" r="8" fill="none" stroke="currentColor" stroke-width="2.4" stroke-dasharray="3.2 2.4"/>`,
  terminating: `<path d="M4 2h12l-6 8 6 8H4l6-8z" fill="none" stroke="currentColor" stroke-width="2" stroke-linejoin="round"/><path d="M7 17h6l-3-4z" fill="currentColor"/>`,
  failed: `<path d="M10 1l9 9-9 9-9-9z" fill="currentColor"/>${cross}`,
  succeeded: `<rect x="2" y="2" width="16" height="16" rx="2" fill="currentColor"/>${check}`,
  unknown: `<rect x="2" y="2" width="16" height="16" rx="3" fill="none" stroke="currentColor" stroke-width="2.2"/><path d="M7.6 8a2.5 2.5 0 1 1 3.4 2.3c-.7.3-1 .8-1 1.5" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round"/><circle cx="10" cy="14.6" r="1.2" fill="currentColor"/>`,
  // Nodes
  ready: `<circle cx="10" cy="10" r="9" fill="currentColor"/>${check}`,
  notready: `<path d="M10 1l9 9-9 9-9-9z" fill="currentColor"/>${cross}`,
  disabled: `<circle cx="10" cy="10" r="8" fill="none" stroke="currentColor" stroke-width="2.4"/><path d="M4.5 15.5l11-11" stroke="currentColor" stroke-width="2.4"/>`,
  stopped: `<rect x="3" y="3" width="14" height="14" rx="1.5" fill="currentColor"/>`,
  // Components
  "component-running": `<path d="M5 3l12 7-12 7z" fill="currentColor"/>`,
  "component-stopped": `<rect x="4" y="4" width="12" height="12" rx="1" fill="currentColor"/>`,
  "component-standby": `<rect x="4" y="3" width="4" height="14" rx="1" fill="currentColor"/><rect x="12" y="3" width="4" height="14" rx="1" fill="currentColor"/>`,
};

/** Each pictogram's inside, in a 24×24 box, stroked. */
export const PICTOGRAMS: Record<Pictogram, string> = {
  // A person at a terminal.
  kubectl: `<circle cx="7" cy="6" r="3"/><path d="M2 20v-2.5A4.5 4.5 0 0 1 6.5 13h1A4.5 4.5 0 0 1 12 17.5V20"/><rect x="13" y="9" width="9" height="8" rx="1.2"/><path d="M15 12l1.6 1.3L15 14.6M18 15h2"/>`,
  "load-balancer": `<path d="M2.5 12h6M8.5 12l7-6.5M8.5 12h7M8.5 12l7 6.5"/><circle cx="18" cy="5.5" r="2.2"/><circle cx="18" cy="12" r="2.2"/><circle cx="18" cy="18.5" r="2.2"/>`,
  "image-registry": `<path d="M12 3l9 4.5-9 4.5-9-4.5z"/><path d="M3 12l9 4.5 9-4.5M3 16.5l9 4.5 9-4.5"/>`,
  "control-plane": `<rect x="3" y="3.5" width="18" height="7" rx="1.5"/><rect x="3" y="13.5" width="18" height="7" rx="1.5"/><path d="M7 7h.01M7 17h.01M11 7h6M11 17h6"/>`,
  worker: `<rect x="3" y="4" width="18" height="16" rx="2"/><path d="M7 9h10M7 13h10M7 17h4"/>`,
  unscheduled: `<circle cx="12" cy="12" r="9" stroke-dasharray="3 2.5"/><path d="M12 7v5l3 2"/>`,
};

/** The etcd leader's crown, in a 20×16 box (beside the word "leader", never alone). */
export const CROWN = `<path d="M1 4l4.5 4L10 1l4.5 7L19 4l-2 11H3z" fill="currentColor" stroke="#7c4a03" stroke-width="1" stroke-linejoin="round"/>`;

/** Scissors, in a 20×20 box: the machine's network is cut (beside the word "partitioned", never alone). */
export const CUT = `<circle cx="5" cy="5" r="3" fill="none" stroke="currentColor" stroke-width="2"/><circle cx="5" cy="15" r="3" fill="none" stroke="currentColor" stroke-width="2"/><path d="M7.5 6.5L18 16M7.5 13.5L18 4" stroke="currentColor" stroke-width="2" stroke-linecap="round"/>`;

/** The Faults menu's caret, in a 20×20 box. */
export const CARET = `<path d="M4 7l6 6 6-6" fill="none" stroke="currentColor" stroke-width="2.6" stroke-linecap="round" stroke-linejoin="round"/>`;

/** A status shape as a whole `<svg>` element. */
export function statusShapeSvg(shape: ShapeName): string {
  return `<svg class="shape shape-${shape}" viewBox="0 0 20 20" width="1em" height="1em" aria-hidden="true" focusable="false">${SHAPES[shape]}</svg>`;
}

/** A pictogram as a whole `<svg>` element. */
export function pictogramSvg(name: Pictogram): string {
  return `<svg class="pictogram" viewBox="0 0 24 24" width="1em" height="1em" aria-hidden="true" focusable="false" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round">${PICTOGRAMS[name]}</svg>`;
}
