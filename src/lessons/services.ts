import type { Lesson } from "./types";

/**
 * Lesson 8: Services. KUBERNETES.md §7.25 (ClusterIP from kubeadm's 10.96.0.0/12), §7.26
 * (EndpointSlices: ready = Ready and not terminating), §7.27 (kube-proxy's iptables mode), §1.3 (a node
 * whose kubelet stops posting status is marked Unknown after the 50 s grace and its pods Ready=False,
 * "which drops them from Service endpoints").
 *
 * Readiness: the simulated containers always pass their probes, so a pod fails readiness here the way
 * a real one does when its kubelet goes silent: we stop kubelet@worker-2, the containers keep running,
 * but after the grace period the node lifecycle controller marks its pods not ready.
 */
export const services: Lesson = {
  id: "services",
  title: "Services",
  summary: "A Service's EndpointSlices and kube-proxy's rules follow the pods as they come, fail readiness and go.",
  topology: { masters: 1, workers: 3 },
  seed: 1,
  speed: 4,
  steps: [
    {
      title: "Three web pods",
      narration:
        "We start three nginx pods listening on port 80. Each has its own IP address, and pods come and go, so clients need one stable address.",
      actions: ["kubectl create deployment web --image=nginx --replicas=3 --port=80"],
      // And worker-2's first heartbeat (its Lease, about 10 s in): step 4 stops that kubelet.
      waitFor: { all: [{ pods: { deployment: "web", status: "Running", ready: true, count: 3 } }, { lease: { namespace: "kube-node-lease", name: "worker-2" } }] },
      maxTime: 90_000,
      highlight: ["pods/default/web-*"],
    },
    {
      title: "Expose them as a Service",
      narration:
        "kubectl expose creates a Service named web that selects the pods labelled app=web. The API server gives it a stable virtual IP, its ClusterIP. The EndpointSlice controller lists the pods behind it, each marked ready or not, and kube-proxy on every node writes iptables rules that send traffic for the ClusterIP to one of those pods at random. Each kube-proxy's box shows how many pods its rules send web's traffic to (web: 3); select one to see the rules.",
      actions: ["kubectl expose deployment web --port=80"],
      waitFor: { all: [{ endpoints: { service: "web", ready: 3 } }, { proxy: { service: "web", endpoints: 3 } }] },
      maxTime: 30_000,
      highlight: ["kube-controller-manager@control-plane-1", "kube-proxy@worker-1", "kube-proxy@worker-2", "kube-proxy@worker-3"],
    },
    {
      title: "A new pod joins",
      narration: "We scale to 4. The new pod appears in the EndpointSlice as soon as it has an IP, marked not ready; once it is Ready its endpoint turns ready, and every kube-proxy adds a rule for it.",
      actions: ["kubectl scale deployment web --replicas=4"],
      waitFor: { all: [{ endpoints: { service: "web", ready: 4 } }, { proxy: { service: "web", endpoints: 4 } }] },
      maxTime: 90_000,
      highlight: ["pods/default/web-*", "kube-proxy@worker-1", "kube-proxy@worker-2", "kube-proxy@worker-3"],
    },
    {
      title: "Pods marked not ready",
      narration:
        "We stop the kubelet on worker-2. Its containers keep running, but nobody reports on them. After the 50 second grace period the node lifecycle controller marks worker-2 Unknown and its pods not Ready. The EndpointSlice controller marks their endpoints not ready, and kube-proxy stops sending traffic to them: each kube-proxy's box shows web: 3/4, three of the four pods its EndpointSlice lists.",
      actions: ["stop kubelet@worker-2"],
      waitFor: { all: [{ endpoints: { service: "web", minNotReady: 1 } }, { proxy: { service: "web", matchesEndpoints: true } }] },
      maxTime: 90_000,
      highlight: ["worker-2", "kube-controller-manager@control-plane-1", "kube-proxy@worker-1", "kube-proxy@worker-2", "kube-proxy@worker-3"],
    },
    {
      title: "Ready again",
      narration: "We start the kubelet again. It reports its pods Ready, their endpoints become ready, and kube-proxy sends them traffic again.",
      actions: ["start kubelet@worker-2"],
      waitFor: { all: [{ endpoints: { service: "web", ready: 4, notReady: 0 } }, { proxy: { service: "web", endpoints: 4 } }] },
      maxTime: 90_000,
      highlight: ["kubelet@worker-2", "kube-proxy@worker-1", "kube-proxy@worker-2", "kube-proxy@worker-3"],
    },
    {
      title: "Pods go",
      narration: "We scale down to 2. The pods being deleted are marked terminating in the EndpointSlice, which makes them not ready, and kube-proxy drops them. That happens while the kubelet is stopping their containers, not before it: a request sent just then can still reach a pod that is shutting down, which is why real apps add a preStop delay: a short pause before the container is told to stop.",
      actions: ["kubectl scale deployment web --replicas=2"],
      waitFor: { all: [{ endpoints: { service: "web", ready: 2 } }, { proxy: { service: "web", endpoints: 2 } }] },
      maxTime: 90_000,
      highlight: ["pods/default/web-*", "kube-proxy@worker-1", "kube-proxy@worker-2", "kube-proxy@worker-3"],
    },
  ],
};
