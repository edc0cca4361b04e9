import type { ReactNode } from "react";

/** Small pictograms for the actors outside the machines and for the machines themselves. */
export type ActorIconName = "kubectl" | "load-balancer" | "image-registry" | "control-plane" | "worker" | "generic";

export function ActorIcon({ name }: { name: ActorIconName }) {
  return (
    <svg className="actor-icon" viewBox="0 0 24 24" width="1em" height="1em" aria-hidden="true" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round">
      {PICTOGRAMS[name]}
    </svg>
  );
}

/** Picks the pictogram for an external actor by its name. */
export function iconForActor(name: string): ActorIconName {
  if (name === "kubectl" || name === "load-balancer" || name === "image-registry") return name;
  return "generic";
}

const PICTOGRAMS: Record<ActorIconName, ReactNode> = {
  // A terminal with a prompt.
  kubectl: (
    <>
      <rect x="2.5" y="4" width="19" height="16" rx="2" />
      <path d="M6.5 10l3 2.5-3 2.5M12 16h5" />
    </>
  ),
  // One line in, three lines out.
  "load-balancer": (
    <>
      <path d="M2.5 12h6M8.5 12l7-6.5M8.5 12h7M8.5 12l7 6.5" />
      <circle cx="18" cy="5.5" r="2.2" />
      <circle cx="18" cy="12" r="2.2" />
      <circle cx="18" cy="18.5" r="2.2" />
    </>
  ),
  // Stacked image layers.
  "image-registry": (
    <>
      <path d="M12 3l9 4.5-9 4.5-9-4.5z" />
      <path d="M3 12l9 4.5 9-4.5M3 16.5l9 4.5 9-4.5" />
    </>
  ),
  // A rack of two servers: a control-plane machine.
  "control-plane": (
    <>
      <rect x="3" y="3.5" width="18" height="7" rx="1.5" />
      <rect x="3" y="13.5" width="18" height="7" rx="1.5" />
      <path d="M7 7h.01M7 17h.01M11 7h6M11 17h6" />
    </>
  ),
  // A single server box.
  worker: (
    <>
      <rect x="3" y="4" width="18" height="16" rx="2" />
      <path d="M7 9h10M7 13h10M7 17h4" />
    </>
  ),
  generic: <circle cx="12" cy="12" r="8" />,
};
