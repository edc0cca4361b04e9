import type { Actor, Simulation } from "../sim";
import type { SimTime } from "../time";
import type { Kubelet } from "./kubelet";
import { RELIST_PERIOD } from "./pleg";

/**
 * kubeadm runs kube-apiserver, kube-controller-manager, kube-scheduler and etcd as static pods
 * (/etc/kubernetes/manifests, restartPolicy Always). When such a process exits on its own — as
 * kube-scheduler and kube-controller-manager do when they lose their leader lease
 * (`klog.FlushAndExit(klog.ExitFlushTimeout, 1)` in OnStoppedLeading: cmd/kube-scheduler/app/server.go,
 * cmd/kube-controller-manager/app/controllermanager.go) — the kubelet on its machine restarts it:
 * PLEG notices the exited container at its next relist (1 s) and the pod worker starts it again unless
 * it is in CrashLoopBackOff (10 s doubling to 300 s, forgotten after 600 s without a failure:
 * pkg/kubelet/kuberuntime/kuberuntime_manager.go doBackOff with the kubelet's container Backoff).
 * A stopped kubelet restarts nothing until it starts again.
 *
 * A user's `stop COMPONENT@NODE` is not an exit: it stays stopped until `start COMPONENT@NODE`.
 */

/** Per simulation: processes that exited on their own and wait for their machine's kubelet, with when they exited. */
const exitedBySim = new WeakMap<Simulation, Map<Actor, SimTime>>();

function exitedOf(sim: Simulation): Map<Actor, SimTime> {
  let m = exitedBySim.get(sim);
  if (!m) exitedBySim.set(sim, (m = new Map()));
  return m;
}

/** The process exits with a non-zero code; its kubelet will start it again. */
export function exitStaticPodProcess(actor: Actor): void {
  if (!actor.running) return;
  actor.log("exiting (exit code 1); the kubelet will restart the static pod");
  actor.stop();
  exitedOf(actor.sim).set(actor, actor.now);
  const kubelet = kubeletOf(actor);
  if (kubelet?.running) scheduleRestart(kubelet, actor);
}

/** A user's `stop`/`start` of the component overrides a pending restart. */
export function forgetExit(actor: Actor): void {
  exitedOf(actor.sim).delete(actor);
}

/** Called by the kubelet when it starts: its first relist finds the exited static pod containers. */
export function restartExitedStaticPods(kubelet: Kubelet): void {
  for (const a of exitedOf(kubelet.sim).keys()) if (a.machine === kubelet.machine) scheduleRestart(kubelet, a);
}

function kubeletOf(actor: Actor): Kubelet | undefined {
  return actor.machine.actor("kubelet") as Kubelet | undefined;
}

function scheduleRestart(kubelet: Kubelet, actor: Actor): void {
  const key = `static-pod/${actor.id}`;
  const exited = exitedOf(actor.sim);
  const check = () => {
    const exitedAt = exited.get(actor);
    if (exitedAt === undefined) return;
    if (actor.running || !actor.machine.running) {
      exited.delete(actor);
      return;
    }
    const backoff = kubelet.containerBackoff;
    if (backoff.isInBackOffSince(key, exitedAt, kubelet.now)) {
      // "back-off 10s restarting failed container": the pod worker retries when the window ends.
      kubelet.after(Math.max(1, exitedAt + backoff.get(key) - kubelet.now), check);
      return;
    }
    backoff.next(key, exitedAt, kubelet.now);
    exited.delete(actor);
    actor.start();
  };
  kubelet.after(RELIST_PERIOD, check);
}
