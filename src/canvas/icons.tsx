/**
 * Status shapes and pictograms. Each status class has its own SHAPE (colour is only a second cue),
 * and the words beside it say the same thing, so the icons are hidden from screen readers.
 */
import type { ReactNode } from "react";
import type { NodeShape, PodShape } from "./status";

type ShapeName = PodShape | NodeShape | "component-running" | "component-stopped" | "component-standby";

export function StatusShape({ shape, className }: { shape: ShapeName; className?: string }) {
  return (
    <svg className={`shape shape-${shape}${className ? ` ${className}` : ""}`} viewBox="0 0 20 20" width="1em" height="1em" aria-hidden="true" focusable="false">
      {SHAPES[shape]}
    </svg>
  );
}

const check = <path d="M5.5 10.5l3 3 6-7" fill="none" stroke="#fff" strokeWidth="2.4" strokeLinecap="round" strokeLinejoin="round" />;
const cross = <path d="M7 7l6 6M13 7l-6 6" stroke="#fff" strokeWidth="2.2" strokeLinecap="round" />;

const SHAPES: Record<ShapeName, ReactNode> = {
  // Pods
  running: (
    <>
      <circle cx="10" cy="10" r="9" fill="currentColor" />
      {check}
    </>
  ),
  starting: (
    <>
      <circle cx="10" cy="10" r="8" fill="none" stroke="currentColor" strokeWidth="2.2" />
      <path d="M10 2a8 8 0 0 1 0 16z" fill="currentColor" />
    </>
  ),
  pending: <circle cx="10" cy="10" r="8" fill="none" stroke="currentColor" strokeWidth="2.4" strokeDasharray="3.2 2.4" />,
  terminating: (
    <>
      <path d="M4 2h12l-6 8 6 8H4l6-8z" fill="none" stroke="currentColor" strokeWidth="2" strokeLinejoin="round" />
      <path d="M7 17h6l-3-4z" fill="currentColor" />
    </>
  ),
  failed: (
    <>
      <path d="M10 1l9 9-9 9-9-9z" fill="currentColor" />
      {cross}
    </>
  ),
  succeeded: (
    <>
      <rect x="2" y="2" width="16" height="16" rx="2" fill="currentColor" />
      {check}
    </>
  ),
  unknown: (
    <>
      <rect x="2" y="2" width="16" height="16" rx="3" fill="none" stroke="currentColor" strokeWidth="2.2" />
      <path d="M7.6 8a2.5 2.5 0 1 1 3.4 2.3c-.7.3-1 .8-1 1.5" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
      <circle cx="10" cy="14.6" r="1.2" fill="currentColor" />
    </>
  ),
  // Nodes
  ready: (
    <>
      <circle cx="10" cy="10" r="9" fill="currentColor" />
      {check}
    </>
  ),
  notready: (
    <>
      <path d="M10 1l9 9-9 9-9-9z" fill="currentColor" />
      {cross}
    </>
  ),
  disabled: (
    <>
      <circle cx="10" cy="10" r="8" fill="none" stroke="currentColor" strokeWidth="2.4" />
      <path d="M4.5 15.5l11-11" stroke="currentColor" strokeWidth="2.4" />
    </>
  ),
  stopped: <rect x="3" y="3" width="14" height="14" rx="1.5" fill="currentColor" />,
  // Components
  "component-running": <path d="M5 3l12 7-12 7z" fill="currentColor" />,
  "component-stopped": <rect x="4" y="4" width="12" height="12" rx="1" fill="currentColor" />,
  "component-standby": (
    <>
      <rect x="4" y="3" width="4" height="14" rx="1" fill="currentColor" />
      <rect x="12" y="3" width="4" height="14" rx="1" fill="currentColor" />
    </>
  ),
};

export type Pictogram = "kubectl" | "load-balancer" | "image-registry" | "control-plane" | "worker" | "unscheduled";

export function PictogramIcon({ name }: { name: Pictogram }) {
  return (
    <svg className="pictogram" viewBox="0 0 24 24" width="1em" height="1em" aria-hidden="true" focusable="false" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round">
      {PICTOGRAMS[name]}
    </svg>
  );
}

const PICTOGRAMS: Record<Pictogram, ReactNode> = {
  // A person at a terminal.
  kubectl: (
    <>
      <circle cx="7" cy="6" r="3" />
      <path d="M2 20v-2.5A4.5 4.5 0 0 1 6.5 13h1A4.5 4.5 0 0 1 12 17.5V20" />
      <rect x="13" y="9" width="9" height="8" rx="1.2" />
      <path d="M15 12l1.6 1.3L15 14.6M18 15h2" />
    </>
  ),
  "load-balancer": (
    <>
      <path d="M2.5 12h6M8.5 12l7-6.5M8.5 12h7M8.5 12l7 6.5" />
      <circle cx="18" cy="5.5" r="2.2" />
      <circle cx="18" cy="12" r="2.2" />
      <circle cx="18" cy="18.5" r="2.2" />
    </>
  ),
  "image-registry": (
    <>
      <path d="M12 3l9 4.5-9 4.5-9-4.5z" />
      <path d="M3 12l9 4.5 9-4.5M3 16.5l9 4.5 9-4.5" />
    </>
  ),
  "control-plane": (
    <>
      <rect x="3" y="3.5" width="18" height="7" rx="1.5" />
      <rect x="3" y="13.5" width="18" height="7" rx="1.5" />
      <path d="M7 7h.01M7 17h.01M11 7h6M11 17h6" />
    </>
  ),
  worker: (
    <>
      <rect x="3" y="4" width="18" height="16" rx="2" />
      <path d="M7 9h10M7 13h10M7 17h4" />
    </>
  ),
  unscheduled: (
    <>
      <circle cx="12" cy="12" r="9" strokeDasharray="3 2.5" />
      <path d="M12 7v5l3 2" />
    </>
  ),
};
