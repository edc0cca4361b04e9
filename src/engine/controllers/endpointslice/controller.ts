import type { EndpointSlice, Node, Pod, Service } from "../../api/types";
import { objectKey } from "../../api/resources";
import { mapSelectorMatches } from "../../api/labels";
import type { ApiClient } from "../../client/apiclient";
import type { Informer } from "../../client/informer";
import type { LegacyEventRecorder } from "../../client/recorder";
import { rfc3339 } from "../../time";
import { isNotFound, responseError, series, type Step } from "../async";
import type { Controller, ControllerContext, ControllerQueue, Scope } from "../context";
import { timeOf } from "../objects";
import { isPodReady, podCondition } from "../pods";
import { ItemExponentialFailureRateLimiter } from "../ratelimit";
import { CONTROLLER_NAME, MANAGED_BY_LABEL, SERVICE_NAME_LABEL, managedByController, reconcileEndpointSlices } from "./reconciler";
import { EndpointSliceTracker, TriggerTimeTracker } from "./tracker";

/** --concurrent-service-endpoint-syncs default. */
export const CONCURRENT_SERVICE_ENDPOINT_SYNCS = 5;
/** endpointSliceChangeMinSyncDelay: a slice changed by someone else resyncs its Service after this. */
const SLICE_CHANGE_MIN_SYNC_DELAY = 1_000;
/** maxRetries, and the controller's own back-off (defaultSyncBackOff 1s, maxSyncBackOff 1000s). */
const MAX_RETRIES = 15;

/**
 * The EndpointSlice controller (pkg/controller/endpointslice/endpointslice_controller.go): for every
 * Service with a selector, EndpointSlices `<service>-<5 random>` listing the selected pods.
 */
export class EndpointSliceController implements Controller {
  readonly name = "endpointslice-controller";
  private readonly scope: Scope;
  private readonly client: ApiClient;
  private readonly recorder: LegacyEventRecorder;
  readonly services: Informer<Service>;
  readonly pods: Informer<Pod>;
  readonly slices: Informer<EndpointSlice>;
  readonly nodes: Informer<Node>;
  readonly queue: ControllerQueue;
  readonly tracker = new EndpointSliceTracker();
  private readonly triggerTimes = new TriggerTimeTracker();

  constructor(ctx: ControllerContext) {
    this.scope = ctx.scope;
    this.client = ctx.client(this.name);
    this.recorder = ctx.recorder(this.client, "endpoint-slice-controller");
    this.services = ctx.informers.informer<Service>("services");
    this.pods = ctx.informers.informer<Pod>("pods");
    this.slices = ctx.informers.informer<EndpointSlice>("endpointslices");
    this.nodes = ctx.informers.informer<Node>("nodes");
    this.pods.addIndex("namespace", (p) => [p.metadata.namespace ?? ""]);
    this.slices.addIndex("service", (s) => (s.metadata.labels?.[SERVICE_NAME_LABEL] ? [`${s.metadata.namespace}/${s.metadata.labels[SERVICE_NAME_LABEL]}`] : []));
    this.queue = ctx.scope.queue((key, done) => this.sync(key, done), CONCURRENT_SERVICE_ENDPOINT_SYNCS, 1, new ItemExponentialFailureRateLimiter(1_000, 1_000_000));
    this.services.addHandlers({
      add: (s) => this.queue.add(objectKey(s)),
      update: (_o, s) => this.queue.add(objectKey(s)),
      delete: (s) => this.queue.add(objectKey(s)),
    });
    this.pods.addHandlers({
      add: (p) => this.servicesFor(p).forEach((k) => this.queue.add(k)),
      update: (o, p) => this.updatePod(o, p),
      delete: (p) => this.servicesFor(p).forEach((k) => this.queue.add(k)),
    });
    this.slices.addHandlers({
      add: (s) => {
        if (managedByController(s) && this.tracker.shouldSync(s)) this.queueForSlice(s);
      },
      update: (o, s) => {
        const managedChanged = managedByController(o) !== managedByController(s);
        if (managedChanged || (managedByController(s) && this.tracker.shouldSync(s))) this.queueForSlice(s);
      },
      delete: (s) => {
        if (managedByController(s) && this.tracker.has(s) && !this.tracker.handleDeletion(s)) this.queueForSlice(s);
      },
    });
  }

  run(): void {
    this.queue.start();
  }

  private queueForSlice(s: EndpointSlice): void {
    const svc = s.metadata.labels?.[SERVICE_NAME_LABEL];
    if (svc) this.queue.addAfter(`${s.metadata.namespace}/${svc}`, SLICE_CHANGE_MIN_SYNC_DELAY);
  }

  /** GetPodServiceMemberships: the Services in the pod's namespace whose selector matches it. */
  private servicesFor(pod: Pod): string[] {
    return this.services
      .list()
      .filter((s) => s.metadata.namespace === pod.metadata.namespace && mapSelectorMatches(s.spec.selector, pod.metadata.labels))
      .map(objectKey);
  }

  /** GetServicesToUpdateOnPodChange with podEndpointsChanged. */
  private updatePod(old: Pod, cur: Pod): void {
    if (old.metadata.resourceVersion === cur.metadata.resourceVersion) return;
    const labelsChanged = JSON.stringify(old.metadata.labels ?? {}) !== JSON.stringify(cur.metadata.labels ?? {});
    const ips = (p: Pod) => JSON.stringify((p.status?.podIPs ?? []).map((x) => x.ip));
    const podChanged =
      (old.metadata.deletionTimestamp ?? "") !== (cur.metadata.deletionTimestamp ?? "") ||
      isPodReady(old) !== isPodReady(cur) ||
      ips(old) !== ips(cur) ||
      (old.status?.podIP ?? "") !== (cur.status?.podIP ?? "");
    if (!podChanged && !labelsChanged) return;
    let keys = new Set(this.servicesFor(cur));
    if (labelsChanged) {
      // determineNeededServiceUpdates: all of both sets if the pod changed too, else the symmetric difference.
      const before = new Set(this.servicesFor(old));
      if (podChanged) keys = new Set([...keys, ...before]);
      else keys = new Set([...[...keys].filter((k) => !before.has(k)), ...[...before].filter((k) => !keys.has(k))]);
    }
    for (const k of keys) this.queue.add(k);
  }

  private sync(key: string, done: () => void): void {
    const finish = (err?: string) => {
      if (!err) this.queue.forget(key);
      else if (this.queue.numRequeues(key) < MAX_RETRIES) this.queue.addRateLimited(key);
      else this.queue.forget(key);
      done();
    };
    const svc = this.services.get(key);
    if (!svc) {
      this.triggerTimes.deleteService(key);
      this.tracker.deleteService(key);
      return finish();
    }
    if (!svc.spec.selector || !Object.keys(svc.spec.selector).length) return finish();
    const pods = this.pods.byIndex("namespace", svc.metadata.namespace ?? "").filter((p) => mapSelectorMatches(svc.spec.selector, p.metadata.labels));
    const slices = this.slices.byIndex("service", key).filter((s) => s.metadata.labels?.[MANAGED_BY_LABEL] === CONTROLLER_NAME && !s.metadata.deletionTimestamp);
    if (this.tracker.staleSlices(key, slices)) return finish("EndpointSlice informer cache is out of date");
    const trigger = this.triggerTimes.compute(
      key,
      timeOf(svc.metadata.creationTimestamp),
      pods.map((p) => ({ name: p.metadata.name, readyTransition: timeOf(podCondition(p, "Ready")?.lastTransitionTime) })),
    );
    const changes = reconcileEndpointSlices(svc, pods, slices, (n) => !!this.nodes.get(n), trigger === undefined ? undefined : rfc3339(trigger));
    const steps: Step[] = [];
    if (!svc.metadata.deletionTimestamp) {
      for (const s of changes.create)
        steps.push((next) =>
          this.client.create("endpointslices", s, (res) => {
            const err = responseError(res);
            if (err) return next(`failed to create EndpointSlice for Service ${key}: ${err}`);
            this.tracker.update(res.object as EndpointSlice);
            next();
          }),
        );
    }
    for (const s of changes.update)
      steps.push((next) =>
        this.client.update("endpointslices", s, (res) => {
          const err = responseError(res);
          if (err) return next(`failed to update ${s.metadata.name} EndpointSlice for Service ${key}: ${err}`);
          this.tracker.update(res.object as EndpointSlice);
          next();
        }),
      );
    for (const s of changes.delete)
      steps.push((next) =>
        this.client.delete("endpointslices", s.metadata.namespace, s.metadata.name, {}, (res) => {
          const err = isNotFound(res) ? undefined : responseError(res);
          if (err) return next(`failed to delete ${s.metadata.name} EndpointSlice for Service ${key}: ${err}`);
          this.tracker.expectDeletion(s);
          next();
        }),
      );
    series(steps, (err) => {
      if (err) this.recorder.event(svc, "Warning", "FailedToUpdateEndpointSlices", `Error updating Endpoint Slices for Service ${key}: ${err}`);
      finish(err);
    });
  }
}
