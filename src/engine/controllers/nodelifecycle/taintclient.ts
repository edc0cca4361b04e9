import type { Node, Taint } from "../../api/types";
import type { ApiClient } from "../../client/apiclient";
import { rfc3339 } from "../../time";
import { isConflict, responseError } from "../async";
import type { Scope } from "../context";
import { addOrUpdateTaints, removeTaints, taintExists } from "./taints";

/** controller.UpdateTaintBackoff: 5 tries, 100ms apart with jitter 1.0 (retry.RetryOnConflict). */
const TAINT_RETRY_STEPS = 5;
const TAINT_RETRY_MS = 100;

/**
 * The taint helpers of pkg/controller/controller_utils.go and pkg/controller/util/node: read the node
 * (first from the watch cache, resourceVersion=0, then from etcd), change spec.taints, and PATCH it with
 * the resourceVersion it read, retrying on conflict.
 */
export class NodeTaintClient {
  constructor(
    private readonly client: ApiClient,
    private readonly scope: Scope,
  ) {}

  private getNode(name: string, fromCache: boolean, cb: (node: Node | undefined, err?: string) => void): void {
    this.client.request("get", "nodes", { name, ...(fromCache ? { resourceVersion: "0" } : {}) }, (res) => {
      const err = responseError(res);
      cb(err ? undefined : (res.object as Node), err);
    });
  }

  /** Read, change and PATCH spec.taints; retried on 409 Conflict. */
  private modify(name: string, change: (taints: Taint[] | undefined) => { taints: Taint[]; changed: boolean }, cb: (err?: string) => void): void {
    const attempt = (i: number): void => {
      this.getNode(name, i === 0, (node, err) => {
        if (!node) return cb(err);
        const next = change(node.spec.taints);
        if (!next.changed) return cb();
        const patch = { metadata: { resourceVersion: node.metadata.resourceVersion }, spec: { taints: next.taints.length ? next.taints : null } };
        this.client.patch("nodes", undefined, name, patch, (res) => {
          if (isConflict(res) && i + 1 < TAINT_RETRY_STEPS) {
            this.scope.after(TAINT_RETRY_MS + this.scope.actor.sim.rng.int(TAINT_RETRY_MS), () => attempt(i + 1));
            return;
          }
          cb(responseError(res));
        });
      });
    };
    attempt(0);
  }

  /** controller.AddOrUpdateTaintOnNode. */
  addOrUpdate(name: string, taints: Taint[], cb: (err?: string) => void): void {
    if (!taints.length) return cb();
    this.modify(name, (cur) => addOrUpdateTaints(cur, taints), cb);
  }

  /** controller.RemoveTaintOffNode: no API call when the node we have does not carry any of them. */
  remove(name: string, node: Node | undefined, taints: Taint[], cb: (err?: string) => void): void {
    if (!taints.length) return cb();
    if (node && !taints.some((t) => taintExists(node.spec.taints, t))) return cb();
    this.modify(name, (cur) => removeTaints(cur, taints), cb);
  }

  /** controllerutil.SwapNodeControllerTaint: add (stamped with timeAdded = now), then remove. */
  swap(node: Node, add: Taint[], remove: Taint[], cb: (ok: boolean) => void): void {
    const ts = rfc3339(this.scope.now);
    const stamped = add.map((t) => ({ ...t, timeAdded: ts }));
    this.addOrUpdate(node.metadata.name, stamped, (err) => {
      if (err) return cb(false);
      this.remove(node.metadata.name, node, remove, (err2) => cb(!err2));
    });
  }
}
