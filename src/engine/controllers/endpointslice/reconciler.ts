import type { Endpoint, EndpointSlice, Pod, Service } from "../../api/types";
import { canonicalJson, clone, newControllerRef } from "../objects";
import { isPodReady, isPodTerminal } from "../pods";

/** --max-endpoints-per-slice default. */
export const MAX_ENDPOINTS_PER_SLICE = 100;
/** discovery.LabelServiceName / LabelManagedBy and this controller's name. */
export const SERVICE_NAME_LABEL = "kubernetes.io/service-name";
export const MANAGED_BY_LABEL = "endpointslice.kubernetes.io/managed-by";
export const CONTROLLER_NAME = "endpointslice-controller.k8s.io";
export const HEADLESS_LABEL = "service.kubernetes.io/headless";
/** v1.EndpointsLastChangeTriggerTime. */
export const TRIGGER_TIME_ANNOTATION = "endpoints.kubernetes.io/last-change-trigger-time";

type SlicePort = EndpointSlice["ports"][number] & { name: string };

/**
 * The EndpointSlice reconciler (staging/src/k8s.io/endpointslice/reconciler.go and utils.go) as pure
 * functions: which slices to create, update and delete so that a Service's slices list its pods.
 */

/** ShouldPodBeInEndpoints(pod, includeTerminating=true): not terminal and has an IP. */
export function shouldPodBeInEndpoints(pod: Pod): boolean {
  if (isPodTerminal(pod)) return false;
  return !!pod.status?.podIP || !!pod.status?.podIPs?.length;
}

/** The pod's IPv4 addresses (getEndpointAddresses reads status.podIPs). */
function podAddresses(pod: Pod): string[] {
  const ips = pod.status?.podIPs?.length ? pod.status.podIPs.map((p) => p.ip) : pod.status?.podIP ? [pod.status.podIP] : [];
  return ips.filter((ip) => !ip.includes(":"));
}

/**
 * podToEndpoint, conditions per discovery/v1 (KUBERNETES.md §26): serving = pod Ready, terminating =
 * deletionTimestamp set, ready = serving and not terminating (or publishNotReadyAddresses).
 */
export function podToEndpoint(pod: Pod, service: Service): Endpoint {
  const serving = isPodReady(pod);
  const terminating = !!pod.metadata.deletionTimestamp;
  const publishNotReady = !!(service.spec as { publishNotReadyAddresses?: boolean }).publishNotReadyAddresses;
  const ready = publishNotReady || (serving && !terminating);
  const ep: Endpoint = {
    addresses: podAddresses(pod),
    conditions: { ready, serving, terminating },
    targetRef: { kind: "Pod", namespace: pod.metadata.namespace, name: pod.metadata.name, uid: pod.metadata.uid },
  };
  if (pod.spec.nodeName) ep.nodeName = pod.spec.nodeName;
  return ep;
}

/** podutil.FindPort: a numeric targetPort as is, a named one looked up among the containers' ports. */
function findPort(pod: Pod, target: number | string, protocol: string): number | undefined {
  if (typeof target === "number") return target;
  if (/^\d+$/.test(target)) return Number(target);
  for (const c of pod.spec.containers) for (const p of c.ports ?? []) if (p.name === target && (p.protocol ?? "TCP") === protocol) return p.containerPort;
  return undefined;
}

/** getEndpointPorts: one slice port per Service port the pod has. */
export function endpointPorts(service: Service, pod: Pod): SlicePort[] {
  const out: SlicePort[] = [];
  for (const sp of service.spec.ports ?? []) {
    const port = findPort(pod, sp.targetPort ?? sp.port, sp.protocol ?? "TCP");
    if (port === undefined) continue;
    out.push({ name: sp.name ?? "", port, protocol: sp.protocol ?? "TCP" });
  }
  return out;
}

/** endpointutil.NewPortMapKey: the same set of ports, in any order, gives the same key. */
function portMapKey(ports: EndpointSlice["ports"] | undefined): string {
  // Each port's JSON, in code-unit order (the same in every browser locale, unlike localeCompare).
  const each = [...(ports ?? [])].map((p) => canonicalJson({ name: p.name ?? "", port: p.port, protocol: p.protocol }));
  return `[${each.sort().join(",")}]`;
}

/** The endpoint's identity in an EndpointSet (endpointHash: addresses, hostname, targetRef namespace/name). */
function endpointKey(ep: Endpoint): string {
  return canonicalJson({ a: [...ep.addresses].sort(), ns: ep.targetRef?.namespace ?? "", n: ep.targetRef?.name ?? "" });
}

/** EndpointsEqualBeyondHash. */
function endpointsEqual(a: Endpoint, b: Endpoint): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

function isServiceIPSet(svc: Service): boolean {
  return !!svc.spec.clusterIP && svc.spec.clusterIP !== "None";
}

const RESERVED_LABELS = new Set([SERVICE_NAME_LABEL, MANAGED_BY_LABEL, HEADLESS_LABEL]);

/** setEndpointSliceLabels: the Service's labels, the headless label, service-name and managed-by. */
export function sliceLabels(slice: EndpointSlice | undefined, svc: Service): { labels: Record<string, string>; changed: boolean } {
  const epLabels: Record<string, string> = {};
  for (const [k, v] of Object.entries(slice?.metadata.labels ?? {})) if (!RESERVED_LABELS.has(k)) epLabels[k] = v;
  const svcLabels: Record<string, string> = {};
  for (const [k, v] of Object.entries(svc.metadata.labels ?? {})) if (!RESERVED_LABELS.has(k)) svcLabels[k] = v;
  let changed = false;
  for (const [k, v] of Object.entries(epLabels)) {
    if (svcLabels[k] !== v) {
      changed = true;
      break;
    }
  }
  if (!isServiceIPSet(svc)) svcLabels[HEADLESS_LABEL] = "";
  svcLabels[SERVICE_NAME_LABEL] = svc.metadata.name;
  svcLabels[MANAGED_BY_LABEL] = CONTROLLER_NAME;
  return { labels: svcLabels, changed };
}

/** newEndpointSlice: generateName `<service>-`, owned by the Service. */
export function newEndpointSlice(svc: Service, ports: EndpointSlice["ports"]): EndpointSlice {
  const slice = {
    apiVersion: "discovery.k8s.io/v1",
    kind: "EndpointSlice",
    metadata: { generateName: `${svc.metadata.name}-`, namespace: svc.metadata.namespace, ownerReferences: [newControllerRef(svc)], labels: {} as Record<string, string> },
    addressType: "IPv4",
    endpoints: [],
    ports: clone(ports),
  } as unknown as EndpointSlice;
  slice.metadata.labels = sliceLabels(slice, svc).labels;
  return slice;
}

export interface SliceChanges {
  create: EndpointSlice[];
  update: EndpointSlice[];
  delete: EndpointSlice[];
}

/**
 * reconcileByPortMapping for one set of ports: keep endpoints that are still wanted (updating those that
 * changed), drop the rest (a slice left empty is deleted), fill slices being updated, then put what is
 * left into the closest-to-full unchanged slice that fits, or into new slices of at most `max`.
 */
function reconcileByPortMapping(svc: Service, existing: EndpointSlice[], desired: Map<string, Endpoint>, ports: EndpointSlice["ports"], max: number): SliceChanges {
  const byName = new Map<string, EndpointSlice>();
  const unchanged: string[] = [];
  const toUpdate: string[] = [];
  const toDelete: string[] = [];
  for (const slice of existing) {
    byName.set(slice.metadata.name, slice);
    const kept: Endpoint[] = [];
    let endpointUpdated = false;
    for (const ep of slice.endpoints ?? []) {
      const k = endpointKey(ep);
      const want = desired.get(k);
      if (!want) continue;
      kept.push(want);
      if (!endpointsEqual(want, ep)) endpointUpdated = true;
      desired.delete(k);
    }
    const { labels, changed: labelsChanged } = sliceLabels(slice, svc);
    if (endpointUpdated || (slice.endpoints ?? []).length !== kept.length) {
      if (!kept.length) toDelete.push(slice.metadata.name);
      else {
        const copy = clone(slice);
        copy.endpoints = kept;
        copy.metadata.labels = labels;
        byName.set(copy.metadata.name, copy);
        toUpdate.push(copy.metadata.name);
      }
    } else if (labelsChanged) {
      const copy = clone(slice);
      copy.metadata.labels = labels;
      byName.set(copy.metadata.name, copy);
      toUpdate.push(copy.metadata.name);
    } else unchanged.push(slice.metadata.name);
  }
  const pop = (): Endpoint => {
    const [k, v] = desired.entries().next().value as [string, Endpoint];
    desired.delete(k);
    return v;
  };
  if (desired.size && toUpdate.length) {
    const slices = toUpdate.map((n) => byName.get(n)!).sort((a, b) => b.endpoints.length - a.endpoints.length);
    for (const s of slices) while (desired.size && s.endpoints.length < max) s.endpoints.push(pop());
  }
  const create: EndpointSlice[] = [];
  while (desired.size) {
    let fill: EndpointSlice | undefined;
    if (desired.size < max && unchanged.length) {
      let closest = max;
      for (const n of unchanged) {
        const s = byName.get(n)!;
        const diff = max - (desired.size + s.endpoints.length);
        if (diff >= 0 && diff < closest) {
          closest = diff;
          fill = s;
          if (diff === 0) break;
        }
      }
    }
    if (!fill) fill = newEndpointSlice(svc, ports);
    else {
      fill = clone(fill);
      byName.set(fill.metadata.name, fill);
    }
    while (desired.size && fill.endpoints.length < max) fill.endpoints.push(pop());
    if (fill.metadata.name) {
      if (!toUpdate.includes(fill.metadata.name)) toUpdate.push(fill.metadata.name);
      const i = unchanged.indexOf(fill.metadata.name);
      if (i >= 0) unchanged.splice(i, 1);
    } else create.push(fill);
  }
  return { create, update: toUpdate.map((n) => byName.get(n)!), delete: toDelete.map((n) => byName.get(n)!) };
}

/** placeholderSliceCompare: the empty slice a Service without endpoints keeps. */
function isPlaceholder(slice: EndpointSlice, placeholder: EndpointSlice): boolean {
  return (
    slice.metadata.namespace === placeholder.metadata.namespace &&
    canonicalJson(slice.metadata.labels ?? {}) === canonicalJson(placeholder.metadata.labels ?? {}) &&
    canonicalJson(slice.metadata.ownerReferences ?? []) === canonicalJson(placeholder.metadata.ownerReferences ?? []) &&
    slice.addressType === placeholder.addressType &&
    !(slice.endpoints ?? []).length &&
    !(slice.ports ?? []).length
  );
}

/**
 * Reconcile (one address type, IPv4): the pods the Service selects become endpoints grouped by their
 * port mapping, at most `max` per slice; a Service with no endpoints keeps one empty placeholder
 * slice. Deleted slices are reused for new ones where possible (finalize). Pods on a node that does not
 * exist are skipped. `triggerTime` (RFC 3339) goes into the last-change-trigger-time annotation.
 */
export function reconcileEndpointSlices(svc: Service, pods: Pod[], existing: EndpointSlice[], nodeExists: (name: string) => boolean, triggerTime?: string, max = MAX_ENDPOINTS_PER_SLICE): SliceChanges {
  const existingByPorts = new Map<string, EndpointSlice[]>();
  for (const s of existing) {
    const k = portMapKey(s.ports);
    if (!existingByPorts.has(k)) existingByPorts.set(k, []);
    existingByPorts.get(k)!.push(s);
  }
  const desiredByPorts = new Map<string, Map<string, Endpoint>>();
  const portsByKey = new Map<string, EndpointSlice["ports"]>();
  const sorted = [...pods].sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0));
  for (const pod of sorted) {
    if (!shouldPodBeInEndpoints(pod)) continue;
    const ports = endpointPorts(svc, pod);
    const k = portMapKey(ports);
    if (!desiredByPorts.has(k)) desiredByPorts.set(k, new Map());
    if (!portsByKey.has(k)) portsByKey.set(k, ports);
    if (pod.spec.nodeName && !nodeExists(pod.spec.nodeName) && !(svc.spec as { publishNotReadyAddresses?: boolean }).publishNotReadyAddresses) continue;
    const ep = podToEndpoint(pod, svc);
    if (ep.addresses.length) desiredByPorts.get(k)!.set(endpointKey(ep), ep);
  }
  const out: SliceChanges = { create: [], update: [], delete: [] };
  for (const [k, desired] of desiredByPorts) {
    const r = reconcileByPortMapping(svc, existingByPorts.get(k) ?? [], desired, portsByKey.get(k)!, max);
    out.create.push(...r.create);
    out.update.push(...r.update);
    out.delete.push(...r.delete);
  }
  for (const [k, slices] of existingByPorts) if (!desiredByPorts.has(k)) out.delete.push(...slices);
  if (existing.length === out.delete.length && out.create.length < 1) {
    const placeholder = newEndpointSlice(svc, []);
    if (out.delete.length === 1 && isPlaceholder(out.delete[0], placeholder)) out.delete = [];
    else out.create.push(placeholder);
  }
  // finalize: reuse a slice about to be deleted for one about to be created.
  while (out.delete.length && out.create.length) {
    const del = out.delete.shift()!;
    const cr = out.create.shift()!;
    out.update.push({ ...cr, metadata: { ...cr.metadata, name: del.metadata.name } });
  }
  // addTriggerTimeAnnotation: set it when something triggered this sync, clear it otherwise.
  for (const s of [...out.create, ...out.update]) {
    const ann = { ...(s.metadata.annotations ?? {}) };
    if (triggerTime) ann[TRIGGER_TIME_ANNOTATION] = triggerTime;
    else delete ann[TRIGGER_TIME_ANNOTATION];
    if (Object.keys(ann).length) s.metadata.annotations = ann;
    else delete s.metadata.annotations;
  }
  return out;
}

/** Whether a slice is this controller's. */
export function managedByController(slice: EndpointSlice): boolean {
  return slice.metadata.labels?.[MANAGED_BY_LABEL] === CONTROLLER_NAME;
}

/** Split `n` endpoints into slices of at most `max`: how many slices (for a quick check). */
export function sliceCount(n: number, max = MAX_ENDPOINTS_PER_SLICE): number {
  return n === 0 ? 1 : Math.ceil(n / max);
}

