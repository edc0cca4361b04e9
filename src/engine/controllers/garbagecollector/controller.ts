import type { KObject, OwnerReference } from "../../api/types";
import { resourceForKind, type Resource } from "../../api/resources";
import type { ApiClient } from "../../client/apiclient";
import { isNotFound, responseError } from "../async";
import type { Controller, ControllerContext, ControllerQueue } from "../context";
import { gcDecision, idKey, OwnershipGraph, parseIdKey, type ObjectId, type OwnerState } from "./graph";

/** --concurrent-gc-syncs default. */
export const CONCURRENT_GC_SYNCS = 20;

/** The resources whose objects own or are owned in this simulation (the GC monitors every deletable resource). */
const MONITORED: Resource[] = ["deployments", "replicasets", "pods", "services", "endpointslices", "nodes", "leases"];

/**
 * The garbage collector (pkg/controller/garbagecollector): deletes objects whose owners are all gone,
 * with Background propagation, so deleting a Deployment removes its ReplicaSets and then their Pods.
 * The graph builder reacts to informer events: an owner's deletion queues its dependents; an object
 * whose owner was never observed is queued too (the "virtual node" case). For a queued object it GETs
 * the object and each owner from the API server (live reads, as isDangling does), remembers absent
 * owners, and DELETEs the object with a uid precondition once no owner is left.
 */
export class GarbageCollector implements Controller {
  readonly name = "generic-garbage-collector";
  readonly queue: ControllerQueue;
  readonly graph = new OwnershipGraph();
  /** absentOwnerCache: owners known not to exist (kind/namespace/name/uid). */
  private readonly absentOwners = new Set<string>();
  private readonly client: ApiClient;

  constructor(ctx: ControllerContext) {
    this.client = ctx.client(this.name);
    this.queue = ctx.scope.queue((key, done) => this.attemptToDelete(key, done), CONCURRENT_GC_SYNCS);
    for (const resource of MONITORED) {
      const inf = ctx.informers.informer<KObject>(resource);
      inf.addHandlers({
        add: (o) => this.observe(resource, o),
        update: (_old, o) => this.observe(resource, o),
        delete: (o) => {
          for (const dep of this.graph.remove(idOf(resource, o))) this.queue.add(dep);
        },
      });
    }
  }

  run(): void {
    this.queue.start();
  }

  private observe(resource: Resource, o: KObject): void {
    const virtual = this.graph.observe(idOf(resource, o), o.metadata.ownerReferences);
    if (virtual.length) this.queue.add(idKey(idOf(resource, o)));
  }

  private attemptToDelete(key: string, done: () => void): void {
    const id = parseIdKey(key);
    // Every owner has been observed by now (the graph caught up, e.g. after the initial lists): nothing to do.
    if (this.graph.ownersObserved(key)) {
      this.queue.forget(key);
      return done();
    }
    const finish = (err?: string) => {
      if (err) this.queue.addRateLimited(key);
      else this.queue.forget(key);
      done();
    };
    // GET the latest version of the item; gone or replaced means nothing to do.
    this.client.get(id.resource as Resource, id.namespace, id.name, (res) => {
      if (isNotFound(res)) return finish();
      const err = responseError(res);
      if (err) return finish(err);
      const latest = res.object!;
      if (latest.metadata.uid !== id.uid) return finish();
      const owners = latest.metadata.ownerReferences ?? [];
      if (latest.metadata.deletionTimestamp || !owners.length) return finish();
      this.classify(latest, owners, 0, [], (states, classifyErr) => {
        if (classifyErr) return finish(classifyErr);
        if (gcDecision(latest, states) !== "delete") return finish();
        this.client.delete(id.resource as Resource, id.namespace, id.name, { propagationPolicy: "Background", preconditionUid: id.uid }, (del) => {
          finish(isNotFound(del) || del.code === 409 ? undefined : responseError(del));
        });
      });
    });
  }

  /** classifyReferences: is each owner still there (same uid), one live GET at a time? */
  private classify(item: KObject, refs: OwnerReference[], i: number, states: OwnerState[], done: (states: OwnerState[], err?: string) => void): void {
    if (i >= refs.length) return done(states);
    const ref = refs[i];
    const info = resourceForKind(ref.kind);
    const namespace = info?.namespaced ? item.metadata.namespace : undefined;
    const absentKey = `${ref.kind}|${namespace ?? ""}|${ref.name}|${ref.uid}`;
    if (!info) return this.classify(item, refs, i + 1, [...states, "solid"], done);
    if (this.absentOwners.has(absentKey)) return this.classify(item, refs, i + 1, [...states, "dangling"], done);
    this.client.get(info.resource as Resource, namespace, ref.name, (res) => {
      if (isNotFound(res)) {
        this.absentOwners.add(absentKey);
        return this.classify(item, refs, i + 1, [...states, "dangling"], done);
      }
      const err = responseError(res);
      if (err) return done(states, err);
      if (res.object!.metadata.uid !== ref.uid) {
        this.absentOwners.add(absentKey);
        return this.classify(item, refs, i + 1, [...states, "dangling"], done);
      }
      this.classify(item, refs, i + 1, [...states, "solid"], done);
    });
  }
}

function idOf(resource: Resource, o: KObject): ObjectId {
  return { resource, namespace: o.metadata.namespace, name: o.metadata.name, uid: o.metadata.uid };
}

