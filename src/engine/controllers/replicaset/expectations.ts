import type { SimTime } from "../../time";

/** controller.ExpectationsTimeout: expectations older than this are treated as satisfied. */
export const EXPECTATIONS_TIMEOUT: SimTime = 5 * 60 * 1000;

interface Expectation {
  add: number;
  del: number;
  timestamp: SimTime;
  /** UIDTrackingControllerExpectations: the pod keys whose deletion is awaited. */
  deleteKeys: Set<string>;
}

/**
 * controller.UIDTrackingControllerExpectations (pkg/controller/controller_utils.go): how many pod
 * creations and deletions a ReplicaSet is still waiting to see in its informer. Until they are seen
 * (or 5 minutes pass) the controller does not count pods again, so it never creates twice while the
 * watch catches up. A deletion counts only for a pod it asked to delete.
 */
export class ControllerExpectations {
  private readonly store = new Map<string, Expectation>();

  /** SatisfiedExpectations: no record (a new controller), all seen, or expired. */
  satisfied(key: string, now: SimTime): boolean {
    const e = this.store.get(key);
    if (!e) return true;
    if (e.add <= 0 && e.del <= 0) return true;
    return now - e.timestamp > EXPECTATIONS_TIMEOUT;
  }

  expectCreations(key: string, adds: number, now: SimTime): void {
    this.store.set(key, { add: adds, del: 0, timestamp: now, deleteKeys: new Set() });
  }

  expectDeletions(key: string, podKeys: string[], now: SimTime): void {
    const keys = new Set(podKeys);
    this.store.set(key, { add: 0, del: keys.size, timestamp: now, deleteKeys: keys });
  }

  creationObserved(key: string): void {
    const e = this.store.get(key);
    if (e) e.add--;
  }

  deletionObserved(key: string, podKey: string): void {
    const e = this.store.get(key);
    if (e && e.deleteKeys.delete(podKey)) e.del--;
  }

  delete(key: string): void {
    this.store.delete(key);
  }

  get(key: string): { add: number; del: number } | undefined {
    const e = this.store.get(key);
    return e ? { add: e.add, del: e.del } : undefined;
  }

  clear(): void {
    this.store.clear();
  }
}
