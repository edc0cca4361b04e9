import type { ReactNode } from "react";
import type { StatusKind } from "./statusKind";

/** A status shape; it decorates words that say the same thing, so it is hidden from screen readers. */
export function StatusIcon({ kind }: { kind: StatusKind }) {
  return (
    <svg className={`status-icon status-${kind}`} viewBox="0 0 20 20" width="1em" height="1em" aria-hidden="true">
      {SHAPES[kind]}
    </svg>
  );
}

const SHAPES: Record<StatusKind, ReactNode> = {
  // Filled circle with a check mark.
  ok: (
    <>
      <circle cx="10" cy="10" r="9" fill="currentColor" />
      <path d="M5.5 10.5l3 3 6-7" fill="none" stroke="#fff" strokeWidth="2.4" strokeLinecap="round" strokeLinejoin="round" />
    </>
  ),
  // Half-filled circle: on its way.
  progress: (
    <>
      <circle cx="10" cy="10" r="8" fill="none" stroke="currentColor" strokeWidth="2.2" />
      <path d="M10 2a8 8 0 0 1 0 16z" fill="currentColor" />
    </>
  ),
  // Hollow dashed circle: waiting for something to happen.
  waiting: <circle cx="10" cy="10" r="8" fill="none" stroke="currentColor" strokeWidth="2.4" strokeDasharray="3.2 2.4" />,
  // Diamond with a cross.
  bad: (
    <>
      <path d="M10 1l9 9-9 9-9-9z" fill="currentColor" />
      <path d="M7 7l6 6M13 7l-6 6" stroke="#fff" strokeWidth="2.2" strokeLinecap="round" />
    </>
  ),
  // Circle with a bar: no new pods here.
  disabled: (
    <>
      <circle cx="10" cy="10" r="8" fill="none" stroke="currentColor" strokeWidth="2.4" />
      <path d="M4.5 15.5l11-11" stroke="currentColor" strokeWidth="2.4" />
    </>
  ),
  // Square with a question mark.
  unknown: (
    <>
      <rect x="2" y="2" width="16" height="16" rx="3" fill="none" stroke="currentColor" strokeWidth="2.2" />
      <path d="M7.6 8a2.5 2.5 0 1 1 3.4 2.3c-.7.3-1 .8-1 1.5" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
      <circle cx="10" cy="14.6" r="1.2" fill="currentColor" />
    </>
  ),
};
