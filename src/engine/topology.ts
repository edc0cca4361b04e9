/** How many control-plane nodes and workers a cluster has. */
export interface Topology {
  masters: number;
  workers: number;
}

export const DEFAULT_TOPOLOGY: Topology = { masters: 1, workers: 3 };

/** The most machines of each kind the simulation builds (Kubernetes' own limit is 5,000 nodes). */
export const MAX_MASTERS = 7;
export const MAX_WORKERS = 5000;

/** Parses `masters=3,workers=5` (either part may be left out; the default fills it). */
export function parseTopology(text: string): Topology | { error: string } {
  const t: Topology = { ...DEFAULT_TOPOLOGY };
  for (const part of text.split(",")) {
    const m = /^\s*(masters|workers)=(\d+)\s*$/.exec(part);
    if (!m) return { error: `error: invalid topology "${text}": expected masters=M,workers=W` };
    t[m[1] as keyof Topology] = Number(m[2]);
  }
  if (t.masters < 1 || t.masters > MAX_MASTERS) return { error: `error: invalid topology "${text}": masters must be between 1 and ${MAX_MASTERS}` };
  if (t.workers < 0 || t.workers > MAX_WORKERS) return { error: `error: invalid topology "${text}": workers must be between 0 and ${MAX_WORKERS}` };
  return t;
}

export function controlPlaneName(i: number): string {
  return `control-plane-${i}`;
}

export function workerName(i: number): string {
  return `worker-${i}`;
}

/** Machine IPs: the control-plane endpoint (the load balancer) is 192.168.0.10, control planes .11–, workers from 192.168.1.1. */
export const LB_IP = "192.168.0.10";

export function controlPlaneIP(i: number): string {
  return `192.168.0.${10 + i}`;
}

export function workerIP(i: number): string {
  return `192.168.${1 + Math.floor((i - 1) / 250)}.${((i - 1) % 250) + 1}`;
}
