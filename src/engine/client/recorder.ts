import type { KEvent, KObject, ObjectReference } from "../api/types";
import { rfc3339, rfc3339Micro, SIM_EPOCH_UNIX_MS } from "../time";
import type { ApiClient } from "./apiclient";

export type EventType = "Normal" | "Warning";

/** Something that can record a Kubernetes Event about an object. */
export interface EventRecorder {
  event(obj: KObject, type: EventType, reason: string, message: string, action?: string): void;
}

export function objectReference(obj: KObject, fieldPath?: string): ObjectReference {
  const ref: ObjectReference = {
    kind: obj.kind,
    namespace: obj.metadata.namespace,
    name: obj.metadata.name,
    uid: obj.metadata.uid,
    apiVersion: obj.apiVersion,
    resourceVersion: obj.metadata.resourceVersion,
  };
  if (fieldPath) ref.fieldPath = fieldPath;
  return ref;
}

/** `%v.%x` of the object's name and the UnixNano timestamp, as client-go names events. */
function eventName(name: string, t: number, seq: number): string {
  // Sim time has ms resolution; the sequence fills the nanoseconds so names stay unique.
  const nanos = BigInt(SIM_EPOCH_UNIX_MS + t) * 1000000n + BigInt(seq % 1000000);
  return `${name}.${nanos.toString(16)}`;
}

/**
 * How many distinct events the recorder remembers for aggregation: the EventCorrelator's LRU caches
 * (k8s.io/client-go/tools/record/events_cache.go maxLruCacheEntries). An event seen again after the
 * entry was evicted is created anew rather than patched, as upstream.
 */
export const EVENT_CACHE_ENTRIES = 4096;

/**
 * client-go's legacy recorder (k8s.io/client-go/tools/record), used by the kubelet and
 * kube-controller-manager: POSTs core/v1 Events; a repeat of the same event (same object, reason,
 * message, source) is PATCHed with count+1 instead (the EventCorrelator's aggregation), as long as
 * it is among the last EVENT_CACHE_ENTRIES distinct events.
 */
export class LegacyEventRecorder implements EventRecorder {
  private readonly seen = new Map<string, { name: string; namespace: string; count: number; first: string }>();
  private seq = 0;

  constructor(
    private readonly client: ApiClient,
    private readonly component: string,
    private readonly host?: string,
  ) {}

  event(obj: KObject, type: EventType, reason: string, message: string, fieldPath?: string): void {
    const now = this.client.owner.now;
    const namespace = obj.metadata.namespace ?? "default";
    const key = `${obj.metadata.uid}|${reason}|${message}|${fieldPath ?? ""}`;
    const prev = this.seen.get(key);
    const ts = rfc3339(now);
    if (prev) {
      // Most recently used goes last, so the oldest is evicted first.
      this.seen.delete(key);
      this.seen.set(key, prev);
      prev.count++;
      this.client.patch("events", prev.namespace, prev.name, { count: prev.count, lastTimestamp: ts });
      return;
    }
    const name = eventName(obj.metadata.name, now, this.seq++);
    if (this.seen.size >= EVENT_CACHE_ENTRIES) this.seen.delete(this.seen.keys().next().value!);
    this.seen.set(key, { name, namespace, count: 1, first: ts });
    const ev: KEvent = {
      apiVersion: "v1",
      kind: "Event",
      metadata: { name, namespace } as KEvent["metadata"],
      involvedObject: objectReference(obj, fieldPath),
      reason,
      message,
      source: this.host ? { component: this.component, host: this.host } : { component: this.component },
      firstTimestamp: ts,
      lastTimestamp: ts,
      eventTime: null,
      count: 1,
      type,
      reportingComponent: this.component,
      reportingInstance: this.host ?? "",
    };
    this.client.create("events", ev);
  }
}

/**
 * The events.k8s.io/v1 recorder (k8s.io/client-go/tools/events) that kube-scheduler uses. Read back
 * through core/v1 such an event has `eventTime`, an `action`, an empty `source` and null timestamps.
 */
export class EventsV1Recorder implements EventRecorder {
  private seq = 0;

  constructor(
    private readonly client: ApiClient,
    private readonly reportingController: string,
    private readonly reportingInstance: string,
  ) {}

  event(obj: KObject, type: EventType, reason: string, message: string, action = ""): void {
    const now = this.client.owner.now;
    const namespace = obj.metadata.namespace ?? "default";
    const ev: KEvent = {
      apiVersion: "v1",
      kind: "Event",
      metadata: { name: eventName(obj.metadata.name, now, this.seq++), namespace } as KEvent["metadata"],
      involvedObject: objectReference(obj),
      reason,
      message,
      source: { component: "" },
      firstTimestamp: null,
      lastTimestamp: null,
      eventTime: rfc3339Micro(now),
      count: 0,
      type,
      action,
      reportingComponent: this.reportingController,
      reportingInstance: this.reportingInstance,
    };
    this.client.create("events", ev);
  }
}
