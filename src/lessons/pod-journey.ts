import type { Lesson } from "./types";

/**
 * Lesson 1: one `kubectl create deployment`, followed from kubectl to a running container.
 * KUBERNETES.md §4.15 (object flow and defaults), §5.17 and §5.19 (filter, score, Scheduled),
 * §6.21–22 (ContainerCreating, Pulling/Pulled/Created/Started).
 */
export const podJourney: Lesson = {
  id: "pod-journey",
  title: "The journey of a pod",
  summary: "Follow one kubectl command through the API server, etcd, the controllers, the scheduler and the kubelet to running containers.",
  topology: { masters: 1, workers: 3 },
  seed: 1,
  speed: 1,
  steps: [
    {
      title: "kubectl asks the API server",
      narration:
        "We ask for a Deployment named web with three copies of the nginx web server. kubectl sends the request through the load balancer to the kube-apiserver. The API server checks it, fills in the defaults (for example a rolling update with 25% surge), and stores it in etcd. kubectl prints \"created\" only after etcd has saved it.",
      actions: ["kubectl create deployment web --image=nginx --replicas=3"],
      waitFor: { result: { ok: true } },
      maxTime: 10_000,
      highlight: ["kubectl", "load-balancer", "kube-apiserver@control-plane-1", "etcd@control-plane-1"],
    },
    {
      title: "The Deployment controller creates a ReplicaSet",
      narration:
        "Nobody calls the controllers. The kube-controller-manager watches Deployments through the API server and is told about the new one. Its Deployment controller sees that web has no ReplicaSet yet and creates one, named web- plus a hash of the pod template. It records the event ScalingReplicaSet: \"Scaled up replica set ... from 0 to 3\".",
      actions: [],
      waitFor: { event: { reason: "ScalingReplicaSet" } },
      maxTime: 10_000,
      highlight: ["kube-controller-manager@control-plane-1", "kube-apiserver@control-plane-1"],
    },
    {
      title: "The ReplicaSet controller creates pods",
      narration:
        "The ReplicaSet controller, in the same process, sees a ReplicaSet that wants 3 pods and has none. It creates three Pod objects (event SuccessfulCreate). A new pod has no node yet: it appears in the Unscheduled area. The scheduler is watching and picks each one up within milliseconds, so some may already be on their way to a worker when we pause here.",
      actions: [],
      waitFor: { all: [{ event: { reason: "SuccessfulCreate", count: 3 } }, { pods: { deployment: "web", count: 3 } }] },
      maxTime: 10_000,
      highlight: ["kube-controller-manager@control-plane-1", "unscheduled"],
    },
    {
      title: "The scheduler filters and scores",
      narration:
        "The kube-scheduler watches for pods without a node. For each pod it first filters out nodes that cannot take it: control-plane-1 carries the control-plane taint, which these pods do not tolerate. Then it scores the nodes that are left (spreading pods, balancing resources, preferring nodes that already have the image) and binds the pod to the best one. Event: Scheduled, \"Successfully assigned ...\". It takes a few milliseconds, so this step is done as soon as it opens: go Back a step to watch the pods leave the Unscheduled area again, slowed down, and select the scheduler to see its last decision.",
      actions: [],
      waitFor: { pods: { deployment: "web", scheduled: true, count: 3 } },
      maxTime: 30_000,
      highlight: ["kube-scheduler@control-plane-1", "unscheduled"],
    },
    {
      title: "The kubelet pulls the image",
      narration:
        "Each worker's kubelet watches for pods bound to its node. It asks the container runtime, containerd, for a pod sandbox (the pod's own network space), then pulls the nginx image from the registry. The pod shows ContainerCreating; the events say Pulling and then Pulled.",
      actions: [],
      waitFor: { event: { reason: "Pulled", count: 3 } },
      maxTime: 60_000,
      highlight: ["kubelet@worker-1", "kubelet@worker-2", "kubelet@worker-3", "image-registry"],
    },
    {
      title: "The runtime starts the containers",
      narration:
        "The kubelet has containerd create and start each container, and records the events Created and Started. The kubelet reports the pod's status back to the API server: phase Running, and Ready once its containers are ready. The Deployment now has the three pods we asked for.",
      actions: [],
      waitFor: { pods: { deployment: "web", status: "Running", ready: true, count: 3 } },
      maxTime: 60_000,
      highlight: ["containerd@worker-1", "containerd@worker-2", "containerd@worker-3", "pods/default/web-*"],
    },
  ],
};
