import { describe, expect, it } from "vitest";
import type { ObjectRecord } from "../bridge/protocol";
import { RecordTracker } from "../bridge/records";
import { Cluster } from "../engine/cluster";
import type { Node } from "../engine/api/types";
import type { Action } from "../engine/kubectl/action";
import { parseAction } from "../engine/kubectl/parse";
import type { ComponentRecord } from "../bridge/protocol";
import { componentFace, componentView, proxyLine, splitProxyLine, taintParts, taintView, taintWords, taintsInFull } from "./views";

describe("a node's taints in words", () => {
  it("follows the node lifecycle controller: the control-plane taint, unreachable when a node stops, unschedulable when cordoned", () => {
    const c = new Cluster({ seed: 4 });
    const tracker = new RecordTracker(c);
    const run = (line: string) => c.execute(parseAction(line) as Action, () => {});
    const view = (node: string) => {
      const rec = tracker.snapshot().find((r): r is ObjectRecord => r.rtype === "object" && r.id === `nodes/${node}`);
      return taintParts(taintView(rec));
    };
    c.runUntil(30_000);
    expect(view("control-plane-1")).toEqual({ level: "noschedule", count: 1, text: "control-plane: NoSchedule", full: "node-role.kubernetes.io/control-plane:NoSchedule" });
    expect(view("worker-1")).toEqual({ level: "none", count: 0, text: "", full: "" });
    run("stop node worker-2");
    run("kubectl cordon worker-1");
    c.runUntil(120_000);
    // The strongest effect first, in the short words and whole (the node lists NoSchedule first).
    expect(view("worker-2")).toEqual({
      level: "noexecute",
      count: 2,
      text: "unreachable: NoExecute, NoSchedule",
      full: "node.kubernetes.io/unreachable:NoExecute, node.kubernetes.io/unreachable:NoSchedule",
    });
    expect(view("worker-1")).toEqual({ level: "noschedule", count: 1, text: "unschedulable: NoSchedule", full: "node.kubernetes.io/unschedulable:NoSchedule" });
    expect(view("worker-3")).toEqual({ level: "none", count: 0, text: "", full: "" });
  });

  it("keeps a taint's value and any other key whole, each key's effects once in the short words, the strongest key first", () => {
    const node = {
      spec: {
        taints: [
          { key: "example.com/flaky", effect: "PreferNoSchedule" },
          { key: "dedicated", value: "gpu", effect: "NoSchedule" },
          { key: "dedicated", value: "gpu", effect: "NoSchedule" },
        ],
      },
    } as unknown as Node;
    expect(taintWords(node)).toBe("dedicated=gpu: NoSchedule; example.com/flaky: PreferNoSchedule");
    expect(taintsInFull(node)).toBe("dedicated=gpu:NoSchedule, dedicated=gpu:NoSchedule, example.com/flaky:PreferNoSchedule");
    expect(taintWords(undefined)).toBe("");
    expect(taintParts(taintView({ rtype: "object", id: "nodes/x", resource: "nodes", object: node }))).toMatchObject({ level: "noschedule", count: 3 });
  });
});

describe("kube-proxy's line on the canvas", () => {
  it("counts the pods (endpoints) its rules send a Service's traffic to, following the pods; the API server's own Service is not counted", () => {
    const c = new Cluster({ seed: 1 });
    const tracker = new RecordTracker(c);
    const run = (line: string) => c.execute(parseAction(line) as Action, () => {});
    const shown = (id: string) => {
      const rec = tracker.snapshot().find((r): r is ComponentRecord => r.rtype === "component" && r.id === id);
      const face = componentFace(componentView(rec), true, id, "kube-proxy", "agent");
      return face.said === face.shown ? face.shown : `${face.shown} | ${face.said}`;
    };
    c.runUntil(1_000);
    run("kubectl create deployment web --image=nginx --replicas=3 --port=80");
    c.runUntil(60_000);
    // Only default/kubernetes so far: the plain state.
    expect(shown("kube-proxy@worker-1")).toBe("running");
    run("kubectl expose deployment web --port=80");
    c.runUntil(75_000);
    for (const w of ["worker-1", "worker-2", "worker-3"]) expect(shown(`kube-proxy@${w}`)).toBe("web: 3 | sends web's traffic to 3 pods");
    // worker-2's kubelet stops: 50 s later its node is NotReady and its pod not ready; the EndpointSlice
    // still lists it, kube-proxy sends it nothing.
    run("stop kubelet@worker-2");
    c.runUntil(145_000);
    expect(shown("kube-proxy@worker-1")).toBe("web: 2/3 | sends web's traffic to 2 of the 3 pods in web's EndpointSlices");
    run("start kubelet@worker-2");
    c.runUntil(175_000);
    expect(shown("kube-proxy@worker-1")).toBe("web: 3 | sends web's traffic to 3 pods");
    run("kubectl scale deployment web --replicas=1");
    c.runUntil(220_000);
    expect(shown("kube-proxy@worker-2")).toBe("web: 1 | sends web's traffic to 1 pod");
    run("kubectl scale deployment web --replicas=0");
    c.runUntil(260_000);
    expect(shown("kube-proxy@worker-3")).toBe("web: 0 | sends web's traffic to no pods");
    // A stopped kube-proxy says so, whatever its last rules were.
    run("stop kube-proxy@worker-3");
    c.runUntil(161_000);
    expect(shown("kube-proxy@worker-3")).toBe("stopped");
  });

  it("names one Service, counts several", () => {
    const rule = (service: string, namespace = "default", endpoints = 2, listed = endpoints) => ({ name: `${namespace}/${service}:`, namespace, service, portName: "", protocol: "TCP" as const, clusterIP: "10.96.0.10", port: 80, chain: "KUBE-SVC-X", hasEndpoints: endpoints > 0, listed, endpoints: Array.from({ length: endpoints }, (_, i) => ({ chain: `KUBE-SEP-${i}`, ip: `10.244.1.${i}`, port: 80, endpoint: `10.244.1.${i}:80`, ready: true, serving: true, terminating: false })) });
    expect(proxyLine({ services: [rule("kubernetes", "default", 1)], numEndpoints: 1 })).toBeNull();
    expect(proxyLine({ services: [rule("kubernetes", "default", 1), rule("api")], numEndpoints: 3 })).toEqual({ short: "api: 2", spoken: "sends api's traffic to 2 pods" });
    expect(proxyLine({ services: [rule("api"), rule("web"), rule("kubernetes", "other")], numEndpoints: 6 })).toEqual({ short: "3 Services", spoken: "routes 3 Services" });
    // The line has the name whole; the box cuts it to fit, never the count (splitProxyLine, the e2e test).
    expect(proxyLine({ services: [rule("checkout-frontend", "default", 12)], numEndpoints: 12 })).toEqual({ short: "checkout-frontend: 12", spoken: "sends checkout-frontend's traffic to 12 pods" });
    expect(proxyLine({ services: [rule("web", "default", 1)], numEndpoints: 1 })!.spoken).toBe("sends web's traffic to 1 pod");
    // Pods the EndpointSlices list that get no traffic (not ready, terminating): "3 of 4".
    expect(proxyLine({ services: [rule("web", "default", 3, 4)], numEndpoints: 3 })).toEqual({ short: "web: 3/4", spoken: "sends web's traffic to 3 of the 4 pods in web's EndpointSlices" });
    expect(proxyLine({ services: [rule("web", "default", 0, 1)], numEndpoints: 0 })).toEqual({ short: "web: 0/1", spoken: "sends web's traffic to no pods (0 of the 1 in web's EndpointSlices)" });
    // Two ports: both numbers from the port that reaches the most pods, never mixed.
    expect(proxyLine({ services: [rule("web", "default", 3, 3), { ...rule("web", "default", 1, 4), name: "default/web:metrics" }], numEndpoints: 4 })!.short).toBe("web: 3");
  });

  it("splits kube-proxy's line into the name the box may cut and the count it keeps", () => {
    expect(splitProxyLine("checkout-frontend: 12/13")).toEqual({ name: "checkout-frontend", count: ": 12/13" });
    expect(splitProxyLine("web: 3")).toEqual({ name: "web", count: ": 3" });
    expect(splitProxyLine("2 Services")).toBeNull();
    expect(splitProxyLine("running")).toBeNull();
  });
});
