import type { Node } from "../../api/types";
import type { ApiClient } from "../../client/apiclient";
import type { Informer } from "../../client/informer";
import type { LegacyEventRecorder } from "../../client/recorder";
import { responseError } from "../async";
import type { Controller, ControllerContext, ControllerQueue } from "../context";
import { CidrSet } from "./cidrset";

/** kubeadm's KCM flags when a pod subnet is configured: --allocate-node-cidrs=true --cluster-cidr=10.244.0.0/16. */
export const CLUSTER_CIDR = "10.244.0.0/16";
/** --node-cidr-mask-size for IPv4. */
export const NODE_CIDR_MASK_SIZE = 24;
/** range_allocator.go cidrUpdateWorkers. */
const CIDR_UPDATE_WORKERS = 30;

/**
 * The node IPAM controller with the RangeAllocator (pkg/controller/nodeipam/ipam/range_allocator.go):
 * gives every node without one a spec.podCIDR (and podCIDRs) from the cluster CIDR, 10.244.0.0/24,
 * 10.244.1.0/24, ... in the order nodes are seen, occupying the CIDRs nodes already have.
 */
export class NodeIpamController implements Controller {
  readonly name = "node-controller";
  readonly cidrs = new CidrSet(CLUSTER_CIDR, NODE_CIDR_MASK_SIZE);
  private readonly client: ApiClient;
  private readonly recorder: LegacyEventRecorder;
  readonly nodes: Informer<Node>;
  readonly queue: ControllerQueue;
  /** Nodes given a CIDR not yet seen back on the node. */
  private readonly pending = new Map<string, string>();

  constructor(ctx: ControllerContext) {
    this.client = ctx.client(this.name);
    this.recorder = ctx.recorder(this.client, "cidrAllocator");
    this.nodes = ctx.informers.informer<Node>("nodes");
    this.queue = ctx.scope.queue((name, done) => this.sync(name, done), CIDR_UPDATE_WORKERS);
    this.nodes.addHandlers({
      add: (n) => this.observe(n),
      update: (_o, n) => this.observe(n),
      delete: (n) => {
        for (const c of n.spec.podCIDRs ?? (n.spec.podCIDR ? [n.spec.podCIDR] : [])) this.cidrs.release(c);
        this.pending.delete(n.metadata.name);
      },
    });
  }

  run(): void {
    this.queue.start();
  }

  private observe(n: Node): void {
    const have = n.spec.podCIDRs ?? (n.spec.podCIDR ? [n.spec.podCIDR] : []);
    if (have.length) {
      for (const c of have) this.cidrs.occupy(c);
      this.pending.delete(n.metadata.name);
      return;
    }
    this.queue.add(n.metadata.name);
  }

  private sync(name: string, done: () => void): void {
    const node = this.nodes.get(name);
    if (!node || node.spec.podCIDR || node.spec.podCIDRs?.length) return done();
    let cidr = this.pending.get(name);
    if (!cidr) {
      cidr = this.cidrs.allocateNext();
      if (!cidr) {
        this.recorder.event({ apiVersion: "v1", kind: "Node", metadata: { name, uid: node.metadata.uid } } as Node, "Normal", "CIDRNotAvailable", `Node ${name} status is now: CIDRNotAvailable`);
        this.queue.addRateLimited(name);
        return done();
      }
      this.pending.set(name, cidr);
    }
    const podCIDR = cidr;
    // nodeutil.PatchNodeCIDRs.
    this.client.patch("nodes", undefined, name, { spec: { podCIDR, podCIDRs: [podCIDR] } }, (res) => {
      const err = responseError(res);
      if (err) this.queue.addRateLimited(name);
      else {
        this.queue.forget(name);
        this.client.owner.log(`Set node ${name} PodCIDR to [${podCIDR}]`);
      }
      done();
    });
  }
}
