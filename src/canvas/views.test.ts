import { describe, expect, it } from "vitest";
import type { ObjectRecord } from "../bridge/protocol";
import { RecordTracker } from "../bridge/records";
import { Cluster } from "../engine/cluster";
import type { Node } from "../engine/api/types";
import type { Action } from "../engine/kubectl/action";
import { parseAction } from "../engine/kubectl/parse";
import type { ComponentRecord } from "../bridge/protocol";
import { componentFace, componentView, proxyLine, taintParts, taintView, taintWords, taintsInFull } from "./views";

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
    // Each action, how long after it to look, and what a kube-proxy's box then says.
    const steps: [line: string, afterMs: number, proxy: string, says: string][] = [
      // 50 s later worker-2 is NotReady and its pod not ready: the EndpointSlice still lists it, kube-proxy sends it nothing.
      ["stop kubelet@worker-2", 70_000, "kube-proxy@worker-1", "web: 2/3 | sends web's traffic to 2 of the 3 pods in web's EndpointSlices"],
      ["start kubelet@worker-2", 30_000, "kube-proxy@worker-1", "web: 3 | sends web's traffic to 3 pods"],
      ["kubectl scale deployment web --replicas=1", 45_000, "kube-proxy@worker-2", "web: 1 | sends web's traffic to 1 pod"],
      ["kubectl scale deployment web --replicas=0", 40_000, "kube-proxy@worker-3", "web: 0 | sends web's traffic to no pods"],
      // A stopped kube-proxy says so, whatever its last rules were.
      ["stop kube-proxy@worker-3", 1_000, "kube-proxy@worker-3", "stopped"],
    ];
    for (const [line, afterMs, proxy, says] of steps) {
      run(line);
      c.runUntil(c.now + afterMs);
      expect(shown(proxy), line).toBe(says);
    }
  });

  it("names one Service, counts several", () => {
    const rule = (service: string, namespace = "default", endpoints = 2, listed = endpoints) => ({ name: `${namespace}/${service}:`, namespace, service, portName: "", protocol: "TCP" as const, clusterIP: "10.96.0.10", port: 80, chain: "KUBE-SVC-X", hasEndpoints: endpoints > 0, listed, endpoints: Array.from({ length: endpoints }, (_, i) => ({ chain: `KUBE-SEP-${i}`, ip: `10.244.1.${i}`, port: 80, endpoint: `10.244.1.${i}:80`, ready: true, serving: true, terminating: false })) });
    expect(proxyLine({ services: [rule("kubernetes", "default", 1)], numEndpoints: 1 })).toBeNull();
    expect(proxyLine({ services: [rule("kubernetes", "default", 1), rule("api")], numEndpoints: 3 })).toEqual({ short: "api: 2", keep: ": 2", spoken: "sends api's traffic to 2 pods" });
    expect(proxyLine({ services: [rule("api"), rule("web"), rule("kubernetes", "other")], numEndpoints: 6 })).toEqual({ short: "3 Services", keep: "", spoken: "routes 3 Services" });
    // The line has the name whole; the box cuts it to fit, never the count (`keep`, the e2e test).
    expect(proxyLine({ services: [rule("checkout-frontend", "default", 12)], numEndpoints: 12 })).toEqual({ short: "checkout-frontend: 12", keep: ": 12", spoken: "sends checkout-frontend's traffic to 12 pods" });
    expect(proxyLine({ services: [rule("web", "default", 1)], numEndpoints: 1 })!.spoken).toBe("sends web's traffic to 1 pod");
    // Pods the EndpointSlices list that get no traffic (not ready, terminating): "3 of 4".
    expect(proxyLine({ services: [rule("web", "default", 3, 4)], numEndpoints: 3 })).toEqual({ short: "web: 3/4", keep: ": 3/4", spoken: "sends web's traffic to 3 of the 4 pods in web's EndpointSlices" });
    expect(proxyLine({ services: [rule("web", "default", 0, 1)], numEndpoints: 0 })).toEqual({ short: "web: 0/1", keep: ": 0/1", spoken: "sends web's traffic to no pods (0 of the 1 in web's EndpointSlices)" });
    // Two ports: both numbers from the port that reaches the most pods, never mixed.
    expect(proxyLine({ services: [rule("web", "default", 3, 3), { ...rule("web", "default", 1, 4), name: "default/web:metrics" }], numEndpoints: 4 })!.short).toBe("web: 3");
  });

  it("gives the box the end of kube-proxy's line it keeps whole (the count), and the rest it may cut", () => {
    const face = (short: string, keep: string, machineRunning = true) =>
      componentFace(`worker-1\trunning\t${short}\t\tsays\t${keep}`, machineRunning, "kube-proxy@worker-1", "kube-proxy", "agent");
    const cut = (f: { shown: string; keep: string }) => ({ name: f.shown.slice(0, f.shown.length - f.keep.length), count: f.keep });
    expect(cut(face("checkout-frontend: 12/13", ": 12/13"))).toEqual({ name: "checkout-frontend", count: ": 12/13" });
    expect(cut(face("web: 3", ": 3"))).toEqual({ name: "web", count: ": 3" });
    expect(face("2 Services", "").keep).toBe("");
    // Stopped, the box says "stopped", all of it cuttable.
    expect(face("web: 3", ": 3", false)).toMatchObject({ shown: "stopped", keep: "" });
    expect(componentFace(componentView(undefined), true, "kubelet@worker-1", "kubelet", "agent").keep).toBe("");
  });
});
