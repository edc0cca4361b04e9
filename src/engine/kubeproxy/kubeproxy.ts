import { Actor, type Machine, type Message, type Simulation } from "../sim";
import { ApiClient } from "../client/apiclient";
import { InformerFactory, type Informer } from "../client/informer";
import type { EndpointSlice, LabelSelector, Node, Service } from "../api/types";
import type { SimTime } from "../time";
import { BoundedFrequencyRunner } from "./runner";
import { buildProxyRules, iptablesRestoreLines, type ProxyRules } from "./rules";

/** kube-proxy's User-Agent. */
export const KUBE_PROXY_USER_AGENT = "kube-proxy/v1.32.0 (linux/amd64) kubernetes/70d3cc9";
/** kubeadm's kube-proxy DaemonSet authenticates as the kube-proxy service account (ClusterRoleBinding to system:node-proxier). */
export const KUBE_PROXY_USER = "system:kube-proxy";
/** KubeProxyConfiguration iptables.minSyncPeriod default (v1alpha1 defaults). */
export const IPTABLES_MIN_SYNC_PERIOD: SimTime = 1_000;
/** iptables.syncPeriod default: the canary check interval (ipt.Monitor); rules are only rewritten if the canary is gone. */
export const IPTABLES_SYNC_PERIOD: SimTime = 30_000;
/** The runner's maxInterval ("time.Hour is arbitrary") and proxyutil.FullSyncPeriod. */
const MAX_SYNC_INTERVAL: SimTime = 60 * 60_000;
/** burstSyncs. */
const BURST_SYNCS = 2;

/**
 * The informers' label selector (cmd/kube-proxy/app/server.go): skip Services that ask for another proxy
 * (service.kubernetes.io/service-proxy-name) and headless ones.
 */
const PROXY_SELECTOR: LabelSelector = {
  matchExpressions: [
    { key: "service.kubernetes.io/service-proxy-name", operator: "DoesNotExist" },
    { key: "service.kubernetes.io/headless", operator: "DoesNotExist" },
  ],
};

/**
 * kube-proxy in iptables mode (the Linux default): watches Services and EndpointSlices through the
 * load balancer and keeps this node's rule table (`rules`). Changes are applied through a
 * BoundedFrequencyRunner: at once, but at most 2 syncs in a burst and then one per second
 * (--iptables-min-sync-period 1s), and a full resync every hour. The rules stay in the node's kernel
 * when kube-proxy stops; a restarted kube-proxy relists and rewrites them.
 */
export class KubeProxy extends Actor {
  client: ApiClient;
  private informers: InformerFactory | null = null;
  private services: Informer<Service> | null = null;
  private slices: Informer<EndpointSlice> | null = null;
  private runner: BoundedFrequencyRunner | null = null;
  private initialized = false;
  /** This node's rules as the last sync wrote them. */
  rules: ProxyRules = { services: [], numEndpoints: 0 };
  /** When the rules were last written (sim ms), or -1 before the first sync. */
  lastSync: SimTime = -1;
  /** How many times the rules were written. */
  syncs = 0;

  constructor(
    sim: Simulation,
    machine: Machine,
    readonly opts: { endpoint: string },
  ) {
    super(sim, machine, "kube-proxy");
    this.client = this.newClient();
  }

  private newClient(): ApiClient {
    return new ApiClient(this, { endpoint: this.opts.endpoint, user: KUBE_PROXY_USER, userAgent: KUBE_PROXY_USER_AGENT });
  }

  receive(msg: Message): void {
    this.client.handle(msg);
  }

  protected onStart(): void {
    this.client = this.newClient();
    this.initialized = false;
    const f = (this.informers = new InformerFactory(this.client));
    const services = (this.services = f.informer<Service>("services", { labelSelector: PROXY_SELECTOR }));
    const slices = (this.slices = f.informer<EndpointSlice>("endpointslices", { labelSelector: PROXY_SELECTOR }));
    // The node informer for this node only (its labels and podCIDR).
    f.informer<Node>("nodes", { fieldSelector: { "metadata.name": this.machine.name } });
    const runner = (this.runner = new BoundedFrequencyRunner(this, () => this.syncProxyRules(), IPTABLES_MIN_SYNC_PERIOD, MAX_SYNC_INTERVAL, BURST_SYNCS));
    const changed = () => {
      if (this.initialized) runner.run();
    };
    services.addHandlers({ add: changed, update: (o, n) => o.metadata.resourceVersion !== n.metadata.resourceVersion && changed(), delete: changed });
    slices.addHandlers({ add: changed, update: (o, n) => o.metadata.resourceVersion !== n.metadata.resourceVersion && changed(), delete: changed });
    f.start();
    // OnServiceSynced / OnEndpointSlicesSynced: the first sync waits for both caches.
    let pending = 2;
    const synced = () => {
      if (--pending > 0) return;
      this.initialized = true;
      this.syncProxyRules();
      runner.start();
    };
    services.onSynced(synced);
    slices.onSynced(synced);
  }

  protected onStop(): void {
    this.informers?.stop();
    this.informers = null;
    this.services = this.slices = null;
    this.runner = null;
    this.client.reset();
  }

  /** The rules as the iptables-restore input kube-proxy last wrote (filter and nat tables), for an inspector. */
  iptables(): { filter: string[]; nat: string[] } {
    return iptablesRestoreLines(this.rules);
  }

  /** syncProxyRules: rebuild the table from the caches and write it (iptables-restore). */
  private syncProxyRules(): void {
    if (!this.initialized || !this.services || !this.slices) return;
    this.rules = buildProxyRules(this.services.list(), this.slices.list());
    this.lastSync = this.now;
    this.syncs++;
    const rules = this.rules;
    this.log(() => `Syncing iptables rules: numServices=${rules.services.length} numEndpoints=${rules.numEndpoints}`);
  }
}
