import type { Service } from "../api/types";
import type { Rng } from "../prng";

/**
 * ClusterIP allocation (KUBERNETES.md §7.25): kubeadm's Service subnet 10.96.0.0/12 (the `kubernetes`
 * Service holds its first address, 10.96.0.1). Since KEP-3070 (GA v1.26) the range is split in two
 * bands: a lower band of min(max(16, size/16), 256) addresses kept for static IPs, and an upper band
 * that dynamic allocation picks from at random (falling back to the lower band when the upper is full).
 */
export const SERVICE_CIDR_BASE = (10 << 24) | (96 << 16);
export const SERVICE_CIDR_SIZE = 1 << 20;
const STATIC_BAND = Math.min(Math.max(16, SERVICE_CIDR_SIZE / 16), 256);

function ipOf(offset: number): string {
  const n = SERVICE_CIDR_BASE + offset;
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join(".");
}

/** A free address for a new Service, or undefined when the range is full. `used` holds the addresses taken. */
export function allocateClusterIP(rng: Rng, used: ReadonlySet<string>): string | undefined {
  // Upper band: offsets STATIC_BAND+1 .. size-2 (the network and broadcast addresses are never given out).
  for (let tries = 0; tries < 64; tries++) {
    const ip = ipOf(STATIC_BAND + 1 + rng.int(SERVICE_CIDR_SIZE - 2 - STATIC_BAND));
    if (!used.has(ip)) return ip;
  }
  for (let off = 1; off < SERVICE_CIDR_SIZE - 1; off++) if (!used.has(ipOf(off))) return ipOf(off);
  return undefined;
}

/** Whether a new Service needs an address: every type but headless (`clusterIP: None`) and ExternalName. */
export function needsClusterIP(svc: Service): boolean {
  const t = svc.spec.type as string;
  return t !== "ExternalName" && (svc.spec.clusterIP === undefined || svc.spec.clusterIP === "");
}
