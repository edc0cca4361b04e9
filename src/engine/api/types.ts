/**
 * API objects in their Kubernetes shapes (k8s.io/api core/v1, apps/v1, coordination.k8s.io/v1,
 * discovery.k8s.io/v1, events). Only the fields the simulation uses are typed, but every field that is
 * present is spelled and nested as upstream, so `kubectl` could read these objects unchanged.
 *
 * Objects are immutable values: whoever changes one makes a new copy. Informer caches and the watch
 * cache share references.
 */

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

export interface ObjectMeta {
  name: string;
  generateName?: string;
  namespace?: string;
  uid: string;
  resourceVersion: string;
  generation?: number;
  creationTimestamp: string;
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  finalizers?: string[];
}

/** What a client sends: the server fills uid, resourceVersion and creationTimestamp. */
export type NewObjectMeta = Partial<ObjectMeta> & ({ name: string } | { generateName: string });

export interface KObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
}

export interface LabelSelectorRequirement {
  key: string;
  operator: "In" | "NotIn" | "Exists" | "DoesNotExist";
  values?: string[];
}

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: LabelSelectorRequirement[];
}

export type ResourceList = Partial<Record<"cpu" | "memory" | "pods" | "ephemeral-storage", string>>;

export interface ContainerPort {
  containerPort: number;
  hostPort?: number;
  protocol?: "TCP" | "UDP" | "SCTP";
  name?: string;
}

export interface Probe {
  httpGet?: { path: string; port: number | string };
  tcpSocket?: { port: number | string };
  initialDelaySeconds?: number;
  periodSeconds?: number;
  timeoutSeconds?: number;
  successThreshold?: number;
  failureThreshold?: number;
}

export interface Container {
  name: string;
  image: string;
  ports?: ContainerPort[];
  resources?: { requests?: ResourceList; limits?: ResourceList };
  readinessProbe?: Probe;
  livenessProbe?: Probe;
  terminationMessagePath?: string;
  terminationMessagePolicy?: string;
  imagePullPolicy?: "Always" | "IfNotPresent" | "Never";
  volumeMounts?: VolumeMount[];
}

export interface VolumeMount {
  name: string;
  mountPath: string;
  readOnly?: boolean;
}

/** The volumes the simulation knows: the service account token's projected volume (src/engine/apiserver/admission.ts). */
export interface Volume {
  name: string;
  projected?: {
    defaultMode?: number;
    sources: (
      | { serviceAccountToken: { expirationSeconds: number; path: string } }
      | { configMap: { name: string; items: { key: string; path: string }[] } }
      | { downwardAPI: { items: { path: string; fieldRef: { apiVersion: string; fieldPath: string } }[] } }
    )[];
  };
}

export interface Toleration {
  key?: string;
  operator?: "Exists" | "Equal";
  value?: string;
  effect?: TaintEffect;
  tolerationSeconds?: number;
}

export type TaintEffect = "NoSchedule" | "PreferNoSchedule" | "NoExecute";

export interface Taint {
  key: string;
  value?: string;
  effect: TaintEffect;
  timeAdded?: string;
}

export interface NodeSelectorRequirement {
  key: string;
  operator: "In" | "NotIn" | "Exists" | "DoesNotExist" | "Gt" | "Lt";
  values?: string[];
}

export interface NodeSelectorTerm {
  matchExpressions?: NodeSelectorRequirement[];
  matchFields?: NodeSelectorRequirement[];
}

export interface PodAffinityTerm {
  labelSelector?: LabelSelector;
  topologyKey: string;
  namespaces?: string[];
}

export interface Affinity {
  nodeAffinity?: {
    requiredDuringSchedulingIgnoredDuringExecution?: { nodeSelectorTerms: NodeSelectorTerm[] };
    preferredDuringSchedulingIgnoredDuringExecution?: { weight: number; preference: NodeSelectorTerm }[];
  };
  podAffinity?: {
    requiredDuringSchedulingIgnoredDuringExecution?: PodAffinityTerm[];
    preferredDuringSchedulingIgnoredDuringExecution?: { weight: number; podAffinityTerm: PodAffinityTerm }[];
  };
  podAntiAffinity?: {
    requiredDuringSchedulingIgnoredDuringExecution?: PodAffinityTerm[];
    preferredDuringSchedulingIgnoredDuringExecution?: { weight: number; podAffinityTerm: PodAffinityTerm }[];
  };
}

export interface TopologySpreadConstraint {
  maxSkew: number;
  topologyKey: string;
  whenUnsatisfiable: "DoNotSchedule" | "ScheduleAnyway";
  labelSelector?: LabelSelector;
}

export interface PodSpec {
  containers: Container[];
  initContainers?: Container[];
  nodeName?: string;
  nodeSelector?: Record<string, string>;
  affinity?: Affinity;
  tolerations?: Toleration[];
  topologySpreadConstraints?: TopologySpreadConstraint[];
  schedulerName?: string;
  restartPolicy?: "Always" | "OnFailure" | "Never";
  terminationGracePeriodSeconds?: number;
  dnsPolicy?: string;
  securityContext?: Record<string, unknown>;
  priority?: number;
  preemptionPolicy?: string;
  enableServiceLinks?: boolean;
  serviceAccountName?: string;
  /** Deprecated mirror of serviceAccountName, which the API server fills in (Convert_core_PodSpec_To_v1_PodSpec). */
  serviceAccount?: string;
  automountServiceAccountToken?: boolean;
  volumes?: Volume[];
  schedulingGates?: { name: string }[];
}

export type ConditionStatus = "True" | "False" | "Unknown";

export interface PodCondition {
  type: "PodScheduled" | "PodReadyToStartContainers" | "Initialized" | "ContainersReady" | "Ready" | "DisruptionTarget";
  status: ConditionStatus;
  lastProbeTime: string | null;
  lastTransitionTime: string;
  reason?: string;
  message?: string;
}

export interface ContainerState {
  waiting?: { reason: string; message?: string };
  running?: { startedAt: string };
  terminated?: {
    exitCode: number;
    reason?: string;
    signal?: number;
    startedAt?: string;
    finishedAt?: string;
    containerID?: string;
  };
}

export interface ContainerStatus {
  name: string;
  state: ContainerState;
  lastState: ContainerState;
  ready: boolean;
  restartCount: number;
  image: string;
  imageID: string;
  containerID?: string;
  started?: boolean;
  /** The container's mounts as the kubelet reports them (RecursiveReadOnlyMounts, beta and on since v1.31). */
  volumeMounts?: (VolumeMount & { recursiveReadOnly?: "Disabled" | "IfPossible" | "Enabled" })[];
}

export type PodPhase = "Pending" | "Running" | "Succeeded" | "Failed" | "Unknown";

export interface PodStatus {
  phase: PodPhase;
  conditions?: PodCondition[];
  hostIP?: string;
  hostIPs?: { ip: string }[];
  podIP?: string;
  podIPs?: { ip: string }[];
  startTime?: string;
  containerStatuses?: ContainerStatus[];
  initContainerStatuses?: ContainerStatus[];
  qosClass?: "Guaranteed" | "Burstable" | "BestEffort";
  reason?: string;
  message?: string;
  nominatedNodeName?: string;
}

export interface Pod extends KObject {
  apiVersion: "v1";
  kind: "Pod";
  spec: PodSpec;
  status: PodStatus;
}

export interface PodTemplateSpec {
  metadata: { labels?: Record<string, string>; annotations?: Record<string, string>; creationTimestamp?: null };
  spec: PodSpec;
}

export interface NodeCondition {
  type: "Ready" | "MemoryPressure" | "DiskPressure" | "PIDPressure" | "NetworkUnavailable";
  status: ConditionStatus;
  lastHeartbeatTime: string;
  lastTransitionTime: string;
  reason: string;
  message: string;
}

export interface NodeSpec {
  podCIDR?: string;
  podCIDRs?: string[];
  taints?: Taint[];
  unschedulable?: boolean;
}

export interface NodeStatus {
  capacity: ResourceList;
  allocatable: ResourceList;
  conditions: NodeCondition[];
  addresses: { type: "InternalIP" | "Hostname"; address: string }[];
  daemonEndpoints?: { kubeletEndpoint: { Port: number } };
  nodeInfo: {
    machineID: string;
    systemUUID: string;
    bootID: string;
    kernelVersion: string;
    osImage: string;
    containerRuntimeVersion: string;
    kubeletVersion: string;
    kubeProxyVersion: string;
    operatingSystem: string;
    architecture: string;
  };
  images?: { names: string[]; sizeBytes: number }[];
}

export interface Node extends KObject {
  apiVersion: "v1";
  kind: "Node";
  spec: NodeSpec;
  status: NodeStatus;
}

export interface DeploymentSpec {
  replicas: number;
  selector: LabelSelector;
  template: PodTemplateSpec;
  strategy: {
    type: "RollingUpdate" | "Recreate";
    rollingUpdate?: { maxSurge: number | string; maxUnavailable: number | string };
  };
  revisionHistoryLimit: number;
  progressDeadlineSeconds: number;
  minReadySeconds?: number;
  paused?: boolean;
}

export interface DeploymentCondition {
  type: "Available" | "Progressing" | "ReplicaFailure";
  status: ConditionStatus;
  lastUpdateTime: string;
  lastTransitionTime: string;
  reason: string;
  message: string;
}

export interface DeploymentStatus {
  observedGeneration?: number;
  replicas?: number;
  updatedReplicas?: number;
  readyReplicas?: number;
  availableReplicas?: number;
  unavailableReplicas?: number;
  conditions?: DeploymentCondition[];
  collisionCount?: number;
}

export interface Deployment extends KObject {
  apiVersion: "apps/v1";
  kind: "Deployment";
  spec: DeploymentSpec;
  status: DeploymentStatus;
}

export interface ReplicaSet extends KObject {
  apiVersion: "apps/v1";
  kind: "ReplicaSet";
  spec: { replicas: number; selector: LabelSelector; template: PodTemplateSpec; minReadySeconds?: number };
  status: {
    replicas: number;
    fullyLabeledReplicas?: number;
    readyReplicas?: number;
    availableReplicas?: number;
    observedGeneration?: number;
  };
}

export interface Lease extends KObject {
  apiVersion: "coordination.k8s.io/v1";
  kind: "Lease";
  spec: {
    holderIdentity?: string;
    leaseDurationSeconds?: number;
    acquireTime?: string;
    renewTime?: string;
    leaseTransitions?: number;
  };
}

export interface ObjectReference {
  apiVersion?: string;
  kind: string;
  namespace?: string;
  name: string;
  uid?: string;
  resourceVersion?: string;
  fieldPath?: string;
}

/** core/v1 Event, what `kubectl get events` lists. */
export interface KEvent extends KObject {
  apiVersion: "v1";
  kind: "Event";
  involvedObject: ObjectReference;
  reason: string;
  message: string;
  source: { component: string; host?: string };
  firstTimestamp: string | null;
  lastTimestamp: string | null;
  eventTime?: string | null;
  count: number;
  type: "Normal" | "Warning";
  reportingComponent: string;
  reportingInstance: string;
  action?: string;
}

export interface ServicePort {
  name?: string;
  protocol: "TCP" | "UDP" | "SCTP";
  port: number;
  targetPort: number | string;
  nodePort?: number;
}

export interface Service extends KObject {
  apiVersion: "v1";
  kind: "Service";
  spec: {
    selector?: Record<string, string>;
    ports: ServicePort[];
    type: "ClusterIP" | "NodePort" | "LoadBalancer";
    clusterIP?: string;
    clusterIPs?: string[];
    sessionAffinity?: string;
    ipFamilies?: string[];
    ipFamilyPolicy?: string;
    internalTrafficPolicy?: string;
  };
  status: { loadBalancer: Record<string, unknown> };
}

export interface Endpoint {
  addresses: string[];
  conditions: { ready?: boolean; serving?: boolean; terminating?: boolean };
  nodeName?: string;
  targetRef?: ObjectReference;
}

export interface EndpointSlice extends KObject {
  apiVersion: "discovery.k8s.io/v1";
  kind: "EndpointSlice";
  addressType: "IPv4" | "IPv6" | "FQDN";
  endpoints: Endpoint[];
  ports: { name?: string; port: number; protocol: "TCP" | "UDP" | "SCTP" }[];
}

export interface Namespace extends KObject {
  apiVersion: "v1";
  kind: "Namespace";
  spec: { finalizers?: string[] };
  status: { phase: "Active" | "Terminating" };
}

export type AnyObject =
  | Pod
  | Node
  | Deployment
  | ReplicaSet
  | Lease
  | KEvent
  | Service
  | EndpointSlice
  | Namespace;
