import { qosClass } from "../api/qos";
import type { Pod, Toleration } from "../api/types";

/**
 * The mutating admission plugins that change what we simulate (k8s.io/kubernetes plugin/pkg/admission).
 */

/** kube-apiserver `--default-not-ready-toleration-seconds` and `--default-unreachable-toleration-seconds`. */
export const DEFAULT_TOLERATION_SECONDS = 300;

export const TAINT_NOT_READY = "node.kubernetes.io/not-ready";
export const TAINT_UNREACHABLE = "node.kubernetes.io/unreachable";

/**
 * DefaultTolerationSeconds (plugin/pkg/admission/defaulttolerationseconds/admission.go): every pod that
 * does not already tolerate `not-ready:NoExecute` / `unreachable:NoExecute` gets a toleration for each,
 * with tolerationSeconds 300.
 */
export function admitDefaultTolerationSeconds(pod: Pod): Pod {
  const tolerations = pod.spec.tolerations ?? [];
  const tolerates = (key: string) =>
    tolerations.some(
      (t) => (t.effect === "NoExecute" || !t.effect) && (t.key === key || (!t.key && t.operator === "Exists")),
    );
  const added: Toleration[] = [];
  if (!tolerates(TAINT_NOT_READY))
    added.push({ key: TAINT_NOT_READY, operator: "Exists", effect: "NoExecute", tolerationSeconds: DEFAULT_TOLERATION_SECONDS });
  if (!tolerates(TAINT_UNREACHABLE))
    added.push({ key: TAINT_UNREACHABLE, operator: "Exists", effect: "NoExecute", tolerationSeconds: DEFAULT_TOLERATION_SECONDS });
  if (!added.length) return pod;
  return { ...pod, spec: { ...pod.spec, tolerations: [...tolerations, ...added] } };
}

/**
 * Priority (plugin/pkg/admission/priority/admission.go): a pod without a priorityClassName and no
 * default PriorityClass gets priority 0 and preemptionPolicy PreemptLowerPriority.
 */
export function admitPriority(pod: Pod): Pod {
  if (pod.spec.priority !== undefined) return pod;
  return { ...pod, spec: { ...pod.spec, priority: 0, preemptionPolicy: pod.spec.preemptionPolicy ?? "PreemptLowerPriority" } };
}

/**
 * ServiceAccount (plugin/pkg/admission/serviceaccount/admission.go): pods run as the namespace's
 * `default` service account unless they name one.
 */
export function admitServiceAccount(pod: Pod): Pod {
  if (pod.spec.serviceAccountName) return pod;
  return { ...pod, spec: { ...pod.spec, serviceAccountName: "default" } };
}

/** The mutating admission chain for a pod create, in kube-apiserver's plugin order. */
export function admitPodCreate(pod: Pod): Pod {
  let p = admitServiceAccount(pod);
  p = admitPriority(p);
  p = admitDefaultTolerationSeconds(p);
  return { ...p, status: { ...p.status, phase: p.status?.phase ?? "Pending", qosClass: qosClass(p) } };
}
