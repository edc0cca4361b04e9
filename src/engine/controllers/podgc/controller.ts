import type { Node, Pod, PodCondition } from "../../api/types";
import type { ApiClient } from "../../client/apiclient";
import type { Informer } from "../../client/informer";
import { rfc3339 } from "../../time";
import { isNotFound, parallel, responseError, series, type Step } from "../async";
import type { Controller, ControllerContext, Scope } from "../context";
import { updatePodCondition } from "../pods";
import { GC_CHECK_PERIOD, QUARANTINE_TIME, missingNodes, terminatedPodsToDelete, terminatingOnOutOfServiceNodes, unscheduledTerminating } from "./gc";

/**
 * The pod garbage collector (pkg/controller/podgc/gc_controller.go), every 20s: deletes terminated pods
 * beyond --terminated-pod-gc-threshold, terminating pods on out-of-service nodes, pods bound to a node
 * that is gone (after a 40s quarantine and a GET to be sure), and terminating pods never bound. Each is
 * first marked Failed (with a DisruptionTarget condition for orphans), then force-deleted (grace 0).
 */
export class PodGarbageCollector implements Controller {
  readonly name = "pod-garbage-collector";
  private readonly scope: Scope;
  private readonly client: ApiClient;
  readonly pods: Informer<Pod>;
  readonly nodes: Informer<Node>;
  /** The delaying node queue: node name → when its quarantine ends. */
  private readonly quarantine = new Map<string, number>();

  constructor(ctx: ControllerContext) {
    this.scope = ctx.scope;
    this.client = ctx.client(this.name);
    this.pods = ctx.informers.informer<Pod>("pods");
    this.nodes = ctx.informers.informer<Node>("nodes");
  }

  run(): void {
    this.loop();
  }

  private loop(): void {
    this.gc(() => this.scope.after(GC_CHECK_PERIOD, () => this.loop()));
  }

  private gc(done: () => void): void {
    const pods = this.pods.list();
    const nodes = new Map(this.nodes.list().map((n) => [n.metadata.name, n]));
    series(
      [
        (next) => parallel(terminatedPodsToDelete(pods).map((p) => this.markFailedAndDelete(p)), () => next()),
        (next) => series(terminatingOnOutOfServiceNodes(pods, nodes).map((p) => this.markFailedAndDelete(p)), () => next()),
        (next) => this.gcOrphaned(pods, new Set(nodes.keys()), next),
        (next) => series(unscheduledTerminating(pods).map((p) => this.markFailedAndDelete(p)), () => next()),
      ],
      () => done(),
    );
  }

  private gcOrphaned(pods: Pod[], existing: Set<string>, done: () => void): void {
    const now = this.scope.now;
    for (const name of missingNodes(pods, existing)) if (!this.quarantine.has(name)) this.quarantine.set(name, now + QUARANTINE_TIME);
    const due = [...this.quarantine].filter(([, at]) => at <= now).map(([n]) => n).sort();
    const deleted = new Set<string>();
    series(
      due.map((name) => (next) => {
        this.quarantine.delete(name);
        if (existing.has(name)) return next();
        this.client.get("nodes", undefined, name, (res) => {
          if (isNotFound(res)) deleted.add(name);
          next();
        });
      }),
      () => {
        const orphans = pods.filter((p) => p.spec.nodeName && deleted.has(p.spec.nodeName));
        for (const p of orphans) this.scope.actor.log(`Found orphaned Pod ${p.metadata.namespace}/${p.metadata.name} assigned to the Node ${p.spec.nodeName}, deleting`);
        series(
          orphans.map((p) => this.markFailedAndDelete(p, { type: "DisruptionTarget", status: "True", reason: "DeletionByPodGC", message: "PodGC: node no longer exists" })),
          () => done(),
        );
      },
    );
  }

  /** markFailedAndDeletePodWithCondition: PATCH phase Failed (+ condition) unless terminal, then DELETE with grace 0. */
  private markFailedAndDelete(pod: Pod, condition?: Omit<PodCondition, "lastTransitionTime" | "lastProbeTime">): Step {
    return (next) => {
      const del = () =>
        this.client.delete("pods", pod.metadata.namespace, pod.metadata.name, { gracePeriodSeconds: 0 }, (res) => next(isNotFound(res) ? undefined : responseError(res)));
      if (pod.status?.phase === "Succeeded" || pod.status?.phase === "Failed") return del();
      const status: Record<string, unknown> = { phase: "Failed" };
      if (condition) status.conditions = updatePodCondition(pod.status?.conditions, condition, rfc3339(this.scope.now)).conditions;
      this.client.patchStatus("pods", pod.metadata.namespace, pod.metadata.name, { status }, (res) => {
        const err = responseError(res);
        if (err) return next(isNotFound(res) ? undefined : err);
        del();
      });
    };
  }
}
