import type { Container, Deployment, KObject, Pod, PodSpec, PodTemplateSpec, ReplicaSet, Service } from "../api/types";

/**
 * Defaulting as kube-apiserver applies it while decoding a request (k8s.io/kubernetes
 * pkg/apis/core/v1/defaults.go, pkg/apis/apps/v1/defaults.go). Each function returns a new object.
 */

/** SetDefaults_Container + the image pull policy rule: `Always` for `:latest` or no tag, else `IfNotPresent`. */
export function defaultContainer(c: Container): Container {
  const lastPart = c.image.split("/").pop() ?? c.image;
  const hasDigest = c.image.includes("@");
  const tag = lastPart.includes(":") ? lastPart.split(":").pop() : undefined;
  const pullPolicy = hasDigest ? "IfNotPresent" : !tag || tag === "latest" ? "Always" : "IfNotPresent";
  return {
    ...c,
    ports: c.ports?.map((p) => ({ protocol: "TCP" as const, ...p })),
    resources: c.resources ?? {},
    terminationMessagePath: c.terminationMessagePath ?? "/dev/termination-log",
    terminationMessagePolicy: c.terminationMessagePolicy ?? "File",
    imagePullPolicy: c.imagePullPolicy ?? pullPolicy,
  };
}

/** SetDefaults_PodSpec (pkg/apis/core/v1/defaults.go): restartPolicy, grace period 30s, DNS, scheduler. */
export function defaultPodSpec(spec: PodSpec): PodSpec {
  return {
    ...spec,
    containers: spec.containers.map(defaultContainer),
    initContainers: spec.initContainers?.map(defaultContainer),
    restartPolicy: spec.restartPolicy ?? "Always",
    terminationGracePeriodSeconds: spec.terminationGracePeriodSeconds ?? 30,
    dnsPolicy: spec.dnsPolicy ?? "ClusterFirst",
    securityContext: spec.securityContext ?? {},
    schedulerName: spec.schedulerName ?? "default-scheduler",
    enableServiceLinks: spec.enableServiceLinks ?? true,
  };
}

function defaultTemplate(t: PodTemplateSpec): PodTemplateSpec {
  return { metadata: { creationTimestamp: null, ...t.metadata }, spec: defaultPodSpec(t.spec) };
}

/**
 * SetDefaults_Deployment (pkg/apis/apps/v1/defaults.go): replicas 1, RollingUpdate with 25%/25%,
 * revisionHistoryLimit 10, progressDeadlineSeconds 600.
 */
export function defaultDeployment(d: Deployment): Deployment {
  // SetDefaults_Deployment: an empty strategy (kubectl create deployment sends `strategy: {}`) is RollingUpdate.
  const strategy = { ...(d.spec.strategy ?? {}), type: d.spec.strategy?.type || "RollingUpdate" } as Deployment["spec"]["strategy"];
  return {
    ...d,
    spec: {
      ...d.spec,
      replicas: d.spec.replicas ?? 1,
      template: defaultTemplate(d.spec.template),
      strategy:
        strategy.type === "RollingUpdate"
          ? { type: "RollingUpdate", rollingUpdate: { maxSurge: "25%", maxUnavailable: "25%", ...strategy.rollingUpdate } }
          : strategy,
      revisionHistoryLimit: d.spec.revisionHistoryLimit ?? 10,
      progressDeadlineSeconds: d.spec.progressDeadlineSeconds ?? 600,
    },
    status: d.status ?? {},
  };
}

export function defaultReplicaSet(rs: ReplicaSet): ReplicaSet {
  return {
    ...rs,
    spec: { ...rs.spec, replicas: rs.spec.replicas ?? 1, template: defaultTemplate(rs.spec.template) },
    status: rs.status ?? { replicas: 0 },
  };
}

export function defaultPod(p: Pod): Pod {
  return {
    ...p,
    spec: defaultPodSpec(p.spec),
    status: p.status ?? { phase: "Pending" },
  };
}

export function defaultService(s: Service): Service {
  return {
    ...s,
    spec: {
      ...s.spec,
      type: s.spec.type ?? "ClusterIP",
      sessionAffinity: s.spec.sessionAffinity ?? "None",
      ports: s.spec.ports.map((p) => ({ ...p, protocol: p.protocol ?? "TCP", targetPort: p.targetPort ?? p.port })),
      ipFamilies: ["IPv4"],
      ipFamilyPolicy: "SingleStack",
      internalTrafficPolicy: "Cluster",
    },
    status: s.status ?? { loadBalancer: {} },
  };
}

/** Applies the defaulting that belongs to an object's kind. */
export function applyDefaults(obj: KObject): KObject {
  switch (obj.kind) {
    case "Pod":
      return defaultPod(obj as Pod);
    case "Deployment":
      return defaultDeployment(obj as Deployment);
    case "ReplicaSet":
      return defaultReplicaSet(obj as ReplicaSet);
    case "Service":
      return defaultService(obj as Service);
    default:
      return obj;
  }
}
