/**
 * The view model the page draws: plain data, already in the words kubectl would print.
 * Built from an engine snapshot by src/bridge/snapshot.ts.
 */

export interface PodView {
  name: string;
  /** kubectl STATUS words, e.g. Running, ContainerCreating, Pending. */
  status: string;
  /** kubectl READY column, e.g. "1/1". */
  ready: string;
}

export interface ComponentView {
  /** e.g. kube-apiserver */
  name: string;
  /** e.g. kube-apiserver@control-plane-1 */
  id: string;
  running: boolean;
}

export type MachineRole = "control-plane" | "worker";

export interface MachineView {
  name: string;
  role: MachineRole;
  /** kubectl get nodes STATUS: Ready, NotReady, Ready,SchedulingDisabled */
  status: string;
  components: ComponentView[];
  pods: PodView[];
}

export interface ClusterView {
  /** Sim time in ms. */
  time: number;
  machines: MachineView[];
  /** Pods not bound to a node yet. */
  pending: PodView[];
  /** Actors outside the machines: kubectl, the load balancer, the image registry. */
  external: ComponentView[];
}
