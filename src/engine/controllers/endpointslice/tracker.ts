import type { EndpointSlice } from "../../api/types";

const DELETION_EXPECTED = -1;

/**
 * endpointslice.EndpointSliceTracker: the version of every slice this controller wrote, per Service, so
 * it can tell whether its informer has caught up (StaleSlices) and whether a slice event is someone
 * else's change (ShouldSync). Upstream compares metadata.generation; here resourceVersion plays that part.
 */
export class EndpointSliceTracker {
  private readonly byService = new Map<string, Map<string, number>>();

  private serviceKey(slice: EndpointSlice): string {
    return `${slice.metadata.namespace}/${slice.metadata.labels?.["kubernetes.io/service-name"] ?? ""}`;
  }

  private versions(key: string): Map<string, number> {
    let m = this.byService.get(key);
    if (!m) this.byService.set(key, (m = new Map()));
    return m;
  }

  has(slice: EndpointSlice): boolean {
    return this.byService.get(this.serviceKey(slice))?.has(slice.metadata.uid) ?? false;
  }

  /** ShouldSync: a slice we never wrote, or a newer version than ours. */
  shouldSync(slice: EndpointSlice): boolean {
    const v = this.byService.get(this.serviceKey(slice))?.get(slice.metadata.uid);
    return v === undefined || Number(slice.metadata.resourceVersion) > v;
  }

  /** StaleSlices: the cache lacks a slice we wrote, has an older version, or still has one we deleted. */
  staleSlices(serviceKey: string, slices: EndpointSlice[]): boolean {
    const m = this.byService.get(serviceKey);
    if (!m) return false;
    const provided = new Set<string>();
    for (const s of slices) {
      provided.add(s.metadata.uid);
      const v = m.get(s.metadata.uid);
      if (v !== undefined && (v === DELETION_EXPECTED || v > Number(s.metadata.resourceVersion))) return true;
    }
    for (const [uid, v] of m) if (v !== DELETION_EXPECTED && !provided.has(uid)) return true;
    return false;
  }

  update(slice: EndpointSlice): void {
    this.versions(this.serviceKey(slice)).set(slice.metadata.uid, Number(slice.metadata.resourceVersion));
  }

  expectDeletion(slice: EndpointSlice): void {
    this.versions(this.serviceKey(slice)).set(slice.metadata.uid, DELETION_EXPECTED);
  }

  /** HandleDeletion: forget the slice; false when its deletion was not expected. */
  handleDeletion(slice: EndpointSlice): boolean {
    const m = this.byService.get(this.serviceKey(slice));
    if (!m) return true;
    const v = m.get(slice.metadata.uid);
    m.delete(slice.metadata.uid);
    return v === DELETION_EXPECTED;
  }

  deleteService(key: string): void {
    this.byService.delete(key);
  }
}

/**
 * endpointutil.TriggerTimeTracker: the earliest change (a pod's Ready transition, or the Service's
 * creation) since the last sync of a Service, for the last-change-trigger-time annotation.
 */
export class TriggerTimeTracker {
  private readonly state = new Map<string, { pods: Map<string, number>; service: number }>();

  compute(key: string, serviceCreated: number, pods: { name: string; readyTransition?: number }[]): number | undefined {
    const prev = this.state.get(key) ?? { pods: new Map<string, number>(), service: -Infinity };
    let min: number | undefined;
    const podTimes = new Map<string, number>();
    for (const p of pods) {
      if (p.readyTransition === undefined || Number.isNaN(p.readyTransition)) continue;
      podTimes.set(p.name, p.readyTransition);
      if (p.readyTransition > (prev.pods.get(p.name) ?? -Infinity)) min = min === undefined ? p.readyTransition : Math.min(min, p.readyTransition);
    }
    if (serviceCreated > prev.service) min = min === undefined ? serviceCreated : Math.min(min, serviceCreated);
    this.state.set(key, { pods: podTimes, service: serviceCreated });
    return min;
  }

  deleteService(key: string): void {
    this.state.delete(key);
  }
}
