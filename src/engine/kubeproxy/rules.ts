import type { EndpointSlice, Service } from "../api/types";
import { endpointChainName, externalChainName, serviceChainName, servicePortName } from "./chains";

/**
 * The rule table kube-proxy's iptables mode keeps on a node (pkg/proxy/iptables/proxier.go
 * syncProxyRules), as plain data for the canvas: per service port a KUBE-SVC chain that picks one
 * KUBE-SEP chain per endpoint with probability 1/n, 1/(n−1), ... so each endpoint gets an equal share.
 */

export interface ProxyEndpointRule {
  /** KUBE-SEP-…. */
  chain: string;
  ip: string;
  port: number;
  /** "ip:port", as the DNAT target. */
  endpoint: string;
  /** iptables --probability for this rule ("%0.10f"); undefined for the last one, which always matches. */
  probability?: string;
  nodeName?: string;
  ready: boolean;
  serving: boolean;
  terminating: boolean;
}

export interface ProxyServiceRule {
  /** `namespace/name:port-name`. */
  name: string;
  namespace: string;
  service: string;
  portName: string;
  protocol: "TCP" | "UDP" | "SCTP";
  clusterIP: string;
  port: number;
  nodePort?: number;
  /** KUBE-SVC-…. */
  chain: string;
  /** KUBE-EXT-… for NodePort services. */
  externalChain?: string;
  /** The endpoints traffic goes to: the ready ones, or the serving-and-terminating ones when none is ready. */
  endpoints: ProxyEndpointRule[];
  /** How many endpoints the Service's EndpointSlices list for this port, ready or not (the canvas: "3 of 4"). */
  listed: number;
  /** False means a REJECT rule in the filter table ("has no endpoints"). */
  hasEndpoints: boolean;
}

export interface ProxyRules {
  services: ProxyServiceRule[];
  /** Total endpoint chains (KUBE-SEP). */
  numEndpoints: number;
}

/** kube-proxy's cluster CIDR (kubeadm passes the pod subnet): traffic from outside it is masqueraded. */
export const PROXY_CLUSTER_CIDR = "10.244.0.0/16";

/** computeProbability: fmt.Sprintf("%0.10f", 1/n). */
export function probability(n: number): string {
  return (1 / n).toFixed(10);
}

interface SliceEndpoint {
  ip: string;
  port: number;
  nodeName?: string;
  ready: boolean;
  serving: boolean;
  terminating: boolean;
}

/**
 * Builds the rules from the Services and EndpointSlices kube-proxy sees. Endpoints of a service port are
 * collected from every slice of the Service (EndpointSliceCache), de-duplicated by "ip:port" and sorted
 * by it (byEndpoint). A missing `ready` counts as ready, as the cache reads it.
 */
export function buildProxyRules(services: Service[], slices: EndpointSlice[]): ProxyRules {
  const bySvc = new Map<string, EndpointSlice[]>();
  for (const s of slices) {
    const svc = s.metadata.labels?.["kubernetes.io/service-name"];
    if (!svc || s.addressType !== "IPv4") continue;
    const k = `${s.metadata.namespace}/${svc}`;
    if (!bySvc.has(k)) bySvc.set(k, []);
    bySvc.get(k)!.push(s);
  }
  const out: ProxyServiceRule[] = [];
  let numEndpoints = 0;
  // Byte order, as Go compares strings (and the same in every browser locale, unlike localeCompare).
  const sortedServices = [...services].sort((a, b) => compareBytes(key(a), key(b)));
  for (const svc of sortedServices) {
    const clusterIP = svc.spec.clusterIP;
    if (!clusterIP || clusterIP === "None") continue;
    for (const sp of svc.spec.ports ?? []) {
      const ns = svc.metadata.namespace ?? "default";
      const name = servicePortName(ns, svc.metadata.name, sp.name);
      const proto = (sp.protocol ?? "TCP").toLowerCase();
      const all = new Map<string, SliceEndpoint>();
      for (const slice of bySvc.get(`${ns}/${svc.metadata.name}`) ?? []) {
        const port = (slice.ports ?? []).find((p) => (p.name ?? "") === (sp.name ?? "") && (p.protocol ?? "TCP") === (sp.protocol ?? "TCP"));
        if (!port) continue;
        for (const ep of slice.endpoints ?? []) {
          const ip = ep.addresses[0];
          if (!ip) continue;
          // pkg/proxy/endpointslicecache.go addEndpoints: a missing ready or serving counts as true.
          const e: SliceEndpoint = {
            ip,
            port: port.port,
            nodeName: ep.nodeName,
            ready: ep.conditions?.ready ?? true,
            serving: ep.conditions?.serving ?? true,
            terminating: ep.conditions?.terminating ?? false,
          };
          all.set(`${ip}:${port.port}`, e);
        }
      }
      const eps = [...all.values()].sort((a, b) => (`${a.ip}:${a.port}` < `${b.ip}:${b.port}` ? -1 : `${a.ip}:${a.port}` > `${b.ip}:${b.port}` ? 1 : 0));
      // CategorizeEndpoints for cluster traffic: ready endpoints, else serving-and-terminating ones.
      let chosen = eps.filter((e) => e.ready);
      if (!chosen.length) chosen = eps.filter((e) => e.serving && e.terminating);
      const n = chosen.length;
      const endpoints: ProxyEndpointRule[] = chosen.map((e, i) => {
        const endpoint = `${e.ip}:${e.port}`;
        const r: ProxyEndpointRule = { chain: endpointChainName(name, proto, endpoint), ip: e.ip, port: e.port, endpoint, ready: e.ready, serving: e.serving, terminating: e.terminating };
        if (e.nodeName) r.nodeName = e.nodeName;
        if (i < n - 1) r.probability = probability(n - i);
        return r;
      });
      numEndpoints += endpoints.length;
      const rule: ProxyServiceRule = {
        name,
        namespace: ns,
        service: svc.metadata.name,
        portName: sp.name ?? "",
        protocol: sp.protocol ?? "TCP",
        clusterIP,
        port: sp.port,
        chain: serviceChainName(name, proto),
        endpoints,
        listed: eps.length,
        hasEndpoints: n > 0,
      };
      if ((svc.spec.type === "NodePort" || svc.spec.type === "LoadBalancer") && sp.nodePort) {
        rule.nodePort = sp.nodePort;
        rule.externalChain = externalChainName(name, proto);
      }
      out.push(rule);
    }
  }
  return { services: out, numEndpoints };
}

function key(s: Service): string {
  return `${s.metadata.namespace}/${s.metadata.name}`;
}

/**
 * The iptables-restore lines kube-proxy writes for these rules (nat table, plus the filter table's
 * REJECT for service ports without endpoints), in its own argument order.
 */
export function iptablesRestoreLines(rules: ProxyRules, clusterCIDR = PROXY_CLUSTER_CIDR): { filter: string[]; nat: string[] } {
  const filter: string[] = [];
  const nat: string[] = [];
  for (const s of rules.services) {
    const p = s.protocol.toLowerCase();
    if (!s.hasEndpoints) {
      filter.push(`-A KUBE-SERVICES -m comment --comment "${s.name} has no endpoints" -m ${p} -p ${p} -d ${s.clusterIP} --dport ${s.port} -j REJECT`);
      if (s.nodePort) filter.push(`-A KUBE-EXTERNAL-SERVICES -m comment --comment "${s.name} has no endpoints" -m addrtype --dst-type LOCAL -m ${p} -p ${p} --dport ${s.nodePort} -j REJECT`);
      continue;
    }
    nat.push(`-A KUBE-SERVICES -m comment --comment "${s.name} cluster IP" -m ${p} -p ${p} -d ${s.clusterIP} --dport ${s.port} -j ${s.chain}`);
    if (s.nodePort && s.externalChain) {
      nat.push(`-A KUBE-NODEPORTS -m comment --comment ${s.name} -m ${p} -p ${p} --dport ${s.nodePort} -j ${s.externalChain}`);
      nat.push(`-A ${s.externalChain} -m comment --comment "masquerade traffic for ${s.name} external destinations" -j KUBE-MARK-MASQ`);
      nat.push(`-A ${s.externalChain} -j ${s.chain}`);
    }
    nat.push(`-A ${s.chain} -m comment --comment "${s.name} cluster IP" -m ${p} -p ${p} -d ${s.clusterIP} --dport ${s.port} ! -s ${clusterCIDR} -j KUBE-MARK-MASQ`);
    for (const e of s.endpoints) {
      const prob = e.probability ? ` -m statistic --mode random --probability ${e.probability}` : "";
      nat.push(`-A ${s.chain} -m comment --comment "${s.name} -> ${e.endpoint}"${prob} -j ${e.chain}`);
    }
    for (const e of s.endpoints) {
      nat.push(`-A ${e.chain} -m comment --comment ${s.name} -s ${e.ip} -j KUBE-MARK-MASQ`);
      nat.push(`-A ${e.chain} -m comment --comment ${s.name} -m ${p} -p ${p} -j DNAT --to-destination ${e.endpoint}`);
    }
  }
  nat.push("-A KUBE-SERVICES -m comment --comment \"kubernetes service nodeports; NOTE: this must be the last rule in this chain\" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS");
  return { filter, nat };
}

function compareBytes(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
