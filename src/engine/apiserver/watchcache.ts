import { objectKey, RESOURCES, type Resource } from "../api/resources";
import type { KObject } from "../api/types";
import type { WatchEventType } from "../api/wire";

export interface CacheEvent {
  rv: number;
  type: Exclude<WatchEventType, "BOOKMARK" | "ERROR">;
  object: KObject;
  prev?: KObject;
}

/** How many past events per resource a watch can resume from before it gets 410 Gone and must relist. */
const HISTORY = 5000;

/** One resource's slice of kube-apiserver's watch cache (k8s.io/apiserver pkg/storage/cacher). */
export class ResourceCache {
  readonly objects = new Map<string, KObject>();
  private history: CacheEvent[] = [];
  /** The oldest revision a watch may start from. */
  floor = 0;

  apply(ev: CacheEvent): void {
    const key = objectKey(ev.object);
    if (ev.type === "DELETED") this.objects.delete(key);
    else this.objects.set(key, ev.object);
    this.history.push(ev);
    if (this.history.length > HISTORY * 2) {
      const drop = this.history.length - HISTORY;
      this.floor = this.history[drop - 1].rv;
      this.history = this.history.slice(drop);
    }
  }

  /** Events after `rv`, or undefined when `rv` is older than the history kept (410 Gone). */
  since(rv: number): CacheEvent[] | undefined {
    if (rv < this.floor) return undefined;
    let lo = 0;
    let hi = this.history.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.history[mid].rv <= rv) lo = mid + 1;
      else hi = mid;
    }
    return this.history.slice(lo);
  }
}

/** Which resource an etcd key belongs to. */
export function resourceOfKey(key: string): Resource | undefined {
  for (const r of RESOURCES) if (key.startsWith(r.etcdPrefix)) return r.resource as Resource;
  return undefined;
}
