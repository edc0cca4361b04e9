import { describe, expect, it } from "vitest";
import { complete, completionNames, type CompletionNames } from "./completion";

const names: CompletionNames = {
  nodes: ["control-plane-1", "worker-1", "worker-2", "worker-3"],
  machines: ["control-plane-1", "image-registry", "kubectl", "load-balancer", "worker-1", "worker-2", "worker-3"],
  components: ["kube-scheduler@control-plane-1", "kubelet@worker-1", "kubelet@worker-2"],
  objects: { deployments: ["web"], pods: ["web-7d9c-aaaaa", "web-7d9c-bbbbb"], replicasets: ["web-7d9c"] },
};

describe("complete", () => {
  it("completes the verbs and kubectl's commands", () => {
    expect(complete("kub", names)).toEqual({ line: "kubectl ", candidates: [] });
    expect(complete("st", names)).toEqual({ line: "st", candidates: ["start", "stop"] });
    expect(complete("kubectl sc", names).line).toBe("kubectl scale ");
    expect(complete("kubectl c", names)).toEqual({ line: "kubectl c", candidates: ["cordon", "create"] });
    expect(complete("kubectl create d", names).line).toBe("kubectl create deployment ");
  });

  it("completes node names after stop node, cordon and get nodes", () => {
    expect(complete("stop node w", names)).toEqual({ line: "stop node worker-", candidates: ["worker-1", "worker-2", "worker-3"] });
    expect(complete("stop node worker-2", names).line).toBe("stop node worker-2 ");
    expect(complete("kubectl cordon c", names).line).toBe("kubectl cordon control-plane-1 ");
    expect(complete("kubectl get nodes worker-3", names).line).toBe("kubectl get nodes worker-3 ");
  });

  it("completes component targets in two steps: the component, then the node", () => {
    expect(complete("stop kube-s", names).line).toBe("stop kube-scheduler@");
    expect(complete("stop kube-scheduler@", names).line).toBe("stop kube-scheduler@control-plane-1 ");
    expect(complete("start kubelet@", names)).toEqual({ line: "start kubelet@worker-", candidates: ["kubelet@worker-1", "kubelet@worker-2"] });
    expect(complete("stop n", names).line).toBe("stop node ");
  });

  it("completes deployment and pod names by resource type, aliases included", () => {
    expect(complete("kubectl scale deployment w", names).line).toBe("kubectl scale deployment web ");
    expect(complete("kubectl scale deploy web ", names).line).toBe("kubectl scale deploy web --replicas=");
    expect(complete("kubectl delete pod web", names)).toEqual({ line: "kubectl delete pod web-7d9c-", candidates: ["web-7d9c-aaaaa", "web-7d9c-bbbbb"] });
    expect(complete("kubectl get po web-7d9c-b", names).line).toBe("kubectl get po web-7d9c-bbbbb ");
    expect(complete("kubectl get rs w", names).line).toBe("kubectl get rs web-7d9c ");
    expect(complete("kubectl get deployment/w", names).line).toBe("kubectl get deployment/web ");
  });

  it("completes flags and output formats", () => {
    expect(complete("kubectl create deployment api --i", names).line).toBe("kubectl create deployment api --image=");
    expect(complete("kubectl get pods -o w", names).line).toBe("kubectl get pods -o wide ");
    expect(complete("kubectl get pods --output=y", names).line).toBe("kubectl get pods --output=yaml ");
    expect(complete("kubectl get pods -oj", names).line).toBe("kubectl get pods -ojson ");
  });

  it("skips flags and their values when finding the resource type", () => {
    expect(complete("kubectl get -o wide pods web-7d9c-a", names).line).toBe("kubectl get -o wide pods web-7d9c-aaaaa ");
  });

  it("leaves the line alone when nothing fits", () => {
    expect(complete("kubectl get pods zzz", names)).toEqual({ line: "kubectl get pods zzz", candidates: [] });
    expect(complete("frobnicate ", names)).toEqual({ line: "frobnicate ", candidates: [] });
  });

  it("offers the verbs on an empty line", () => {
    expect(complete("", names)).toEqual({ line: "", candidates: ["heal", "kubectl", "partition", "start", "stop"] });
  });

  it("completes machines after partition, heal and stop node, the load balancer included", () => {
    expect(complete("partition w", names)).toEqual({ line: "partition worker-", candidates: ["worker-1", "worker-2", "worker-3"] });
    expect(complete("heal lo", names).line).toBe("heal load-balancer ");
    expect(complete("stop node lo", names).line).toBe("stop node load-balancer ");
    expect(complete("partition worker-1 ", names)).toEqual({ line: "partition worker-1 ", candidates: [] });
  });

  it("completes kubectl expose: its types, names and flags", () => {
    expect(complete("kubectl ex", names).line).toBe("kubectl expose ");
    expect(complete("kubectl expose dep", names).line).toBe("kubectl expose deployment ");
    expect(complete("kubectl expose deployment w", names).line).toBe("kubectl expose deployment web ");
    expect(complete("kubectl expose deployment web --ta", names).line).toBe("kubectl expose deployment web --target-port=");
  });
});

describe("completionNames", () => {
  it("reads nodes, components and object names from the records (external boxes are not nodes)", () => {
    const got = completionNames({
      machines: {
        kubectl: { rtype: "machine", id: "kubectl", role: "external", running: true, partitioned: false },
        "worker-1": { rtype: "machine", id: "worker-1", role: "worker", running: true, partitioned: false },
      },
      components: {
        kubectl: { rtype: "component", id: "kubectl", machine: "kubectl", component: "kubectl", running: true },
        "kubelet@worker-1": { rtype: "component", id: "kubelet@worker-1", machine: "worker-1", component: "kubelet", running: true },
      },
      objects: {
        "deployments/default/web": {
          rtype: "object",
          id: "deployments/default/web",
          resource: "deployments",
          object: { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "web", namespace: "default" } } as never,
        },
      },
    });
    expect(got).toEqual({ nodes: ["worker-1"], machines: ["kubectl", "worker-1"], components: ["kubelet@worker-1"], objects: { deployments: ["web"] } });
  });
});
