import { describe, expect, it } from "vitest";
import type { EndpointSlice, Service } from "../api/types";
import { rfc3339 } from "../time";
import { buildProxyRules, iptablesRestoreLines, probability } from "./rules";
import { endpointChainName, serviceChainName } from "./chains";

const meta = (name: string, labels?: Record<string, string>) => ({ name, namespace: "default", uid: name, resourceVersion: "1", creationTimestamp: rfc3339(0), ...(labels ? { labels } : {}) });

function svc(name: string, clusterIP: string, ports: Service["spec"]["ports"], type: Service["spec"]["type"] = "ClusterIP"): Service {
  return { apiVersion: "v1", kind: "Service", metadata: meta(name), spec: { selector: { app: name }, ports, type, clusterIP, clusterIPs: [clusterIP] }, status: { loadBalancer: {} } };
}

function slice(name: string, service: string, ports: EndpointSlice["ports"], eps: [string, boolean?, boolean?, boolean?][]): EndpointSlice {
  return {
    apiVersion: "discovery.k8s.io/v1",
    kind: "EndpointSlice",
    metadata: meta(name, { "kubernetes.io/service-name": service }),
    addressType: "IPv4",
    ports,
    endpoints: eps.map(([ip, ready = true, serving = ready, terminating = false]) => ({ addresses: [ip], conditions: { ready, serving, terminating }, nodeName: "worker-1" })),
  };
}

describe("kube-proxy chain names", () => {
  it("match real clusters' names (sha256 + base32 of the service port name and protocol)", () => {
    expect(serviceChainName("default/kubernetes:https", "tcp")).toBe("KUBE-SVC-NPX46M4PTMTKRN6Y");
    expect(serviceChainName("kube-system/kube-dns:dns", "udp")).toBe("KUBE-SVC-TCOU7JCQXEZGVUNU");
    expect(endpointChainName("default/web:http", "tcp", "10.244.1.5:8080")).toMatch(/^KUBE-SEP-[A-Z2-7]{16}$/);
  });
});

describe("buildProxyRules", () => {
  const web = svc("web", "10.96.0.20", [{ name: "http", protocol: "TCP", port: 80, targetPort: 8080 }]);

  it("sends a service port to one KUBE-SEP per ready endpoint with probabilities 1/n, 1/(n-1), ...", () => {
    const r = buildProxyRules([web], [slice("web-abcde", "web", [{ name: "http", port: 8080, protocol: "TCP" }], [["10.244.2.7"], ["10.244.1.5"], ["10.244.3.9"], ["10.244.1.6", false]])]);
    const s = r.services[0];
    expect(s.name).toBe("default/web:http");
    expect(s.chain).toBe(serviceChainName("default/web:http", "tcp"));
    expect(s.endpoints.map((e) => [e.endpoint, e.probability])).toEqual([
      ["10.244.1.5:8080", "0.3333333333"],
      ["10.244.2.7:8080", "0.5000000000"],
      ["10.244.3.9:8080", undefined],
    ]);
    expect(r.numEndpoints).toBe(3);
    expect(probability(3)).toBe("0.3333333333");
  });

  it("falls back to serving-and-terminating endpoints when none is ready, else rejects", () => {
    const terminating = buildProxyRules([web], [slice("s", "web", [{ name: "http", port: 8080, protocol: "TCP" }], [["10.244.1.5", false, true, true]])]);
    expect(terminating.services[0].endpoints.map((e) => e.endpoint)).toEqual(["10.244.1.5:8080"]);
    const none = buildProxyRules([web], [slice("s", "web", [{ name: "http", port: 8080, protocol: "TCP" }], [["10.244.1.5", false]])]);
    expect(none.services[0].hasEndpoints).toBe(false);
    expect(iptablesRestoreLines(none).filter).toEqual(['-A KUBE-SERVICES -m comment --comment "default/web:http has no endpoints" -m tcp -p tcp -d 10.96.0.20 --dport 80 -j REJECT']);
  });

  it("counts every endpoint its slices list (listed), once, ready or not, apart from those the rules go to", () => {
    const port = [{ name: "http", port: 8080, protocol: "TCP" as const }];
    // Three ready, one not ready, one terminating but serving, one terminating and not serving; one IP in two slices.
    const r = buildProxyRules(
      [web],
      [
        slice("a", "web", port, [["10.244.1.1"], ["10.244.1.2"], ["10.244.1.3", false]]),
        slice("b", "web", port, [["10.244.1.2"], ["10.244.2.1"], ["10.244.2.2", false, true, true], ["10.244.2.3", false, false, true]]),
      ],
    ).services[0];
    expect(r.endpoints.map((e) => e.ip)).toEqual(["10.244.1.1", "10.244.1.2", "10.244.2.1"]);
    expect(r.listed).toBe(6);
    // None ready: the serving-and-terminating one gets the traffic, and all are still listed.
    const fallback = buildProxyRules([web], [slice("a", "web", port, [["10.244.1.3", false], ["10.244.2.2", false, true, true]])]).services[0];
    expect([fallback.endpoints.map((e) => e.ip), fallback.listed]).toEqual([["10.244.2.2"], 2]);
    // Each port counts its own: a slice without the port lists nothing for it.
    const two = svc("web", "10.96.0.20", [{ name: "http", protocol: "TCP", port: 80, targetPort: 8080 }, { name: "metrics", protocol: "TCP", port: 9090, targetPort: 9090 }]);
    const rules = buildProxyRules([two], [slice("a", "web", port, [["10.244.1.1"], ["10.244.1.2", false]]), slice("b", "web", [{ name: "metrics", port: 9090, protocol: "TCP" }], [["10.244.1.1"]])]).services;
    expect(rules.map((s) => [s.portName, s.endpoints.length, s.listed])).toEqual([["http", 1, 2], ["metrics", 1, 1]]);
  });

  it("reads a missing serving condition as serving, as EndpointSliceCache does (a terminating endpoint then still gets a rule)", () => {
    const s = slice("s", "web", [{ name: "http", port: 8080, protocol: "TCP" }], [["10.244.1.5", false, true, true]]);
    delete s.endpoints[0].conditions!.serving;
    expect(buildProxyRules([web], [s]).services[0].endpoints.map((e) => [e.endpoint, e.serving, e.terminating])).toEqual([["10.244.1.5:8080", true, true]]);
  });

  it("merges slices, skips headless services, and writes iptables-restore lines", () => {
    const headless = { ...svc("db", "None", [{ protocol: "TCP", port: 5432, targetPort: 5432 }]) };
    const slices = [slice("web-1", "web", [{ name: "http", port: 8080, protocol: "TCP" }], [["10.244.1.5"]]), slice("web-2", "web", [{ name: "http", port: 8080, protocol: "TCP" }], [["10.244.2.5"]])];
    const r = buildProxyRules([web, headless], slices);
    expect(r.services.map((s) => s.name)).toEqual(["default/web:http"]);
    const { nat } = iptablesRestoreLines(r);
    const c = r.services[0].chain;
    expect(nat).toContain(`-A KUBE-SERVICES -m comment --comment "default/web:http cluster IP" -m tcp -p tcp -d 10.96.0.20 --dport 80 -j ${c}`);
    expect(nat).toContain(`-A ${c} -m comment --comment "default/web:http -> 10.244.1.5:8080" -m statistic --mode random --probability 0.5000000000 -j ${r.services[0].endpoints[0].chain}`);
    expect(nat).toContain(`-A ${r.services[0].endpoints[1].chain} -m comment --comment default/web:http -m tcp -p tcp -j DNAT --to-destination 10.244.2.5:8080`);
  });

  it("adds a KUBE-EXT chain for NodePort services", () => {
    const np = svc("np", "10.96.0.30", [{ protocol: "TCP", port: 80, targetPort: 80, nodePort: 30080 }], "NodePort");
    const r = buildProxyRules([np], [slice("np-1", "np", [{ name: "", port: 80, protocol: "TCP" }], [["10.244.1.9"]])]);
    expect(r.services[0]).toMatchObject({ name: "default/np", nodePort: 30080 });
    expect(r.services[0].externalChain).toMatch(/^KUBE-EXT-/);
  });
});
