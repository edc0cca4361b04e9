import { qosClass } from "../api/qos";
import type { Container, Pod, Toleration, Volume } from "../api/types";

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

/** DefaultAPITokenMountPath (plugin/pkg/admission/serviceaccount/admission.go). */
export const API_TOKEN_MOUNT_PATH = "/var/run/secrets/kubernetes.io/serviceaccount";
/** ServiceAccountVolumeName: the projected token volume is `kube-api-access-` and 5 random characters. */
export const API_ACCESS_VOLUME_PREFIX = "kube-api-access-";
/** The characters of apimachinery's rand.String (names.SimpleNameGenerator): no vowels, no 0, 1, 3. */
const NAME_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

/**
 * The token volume's 5 characters. Upstream they are random; here they are read from the pod's uid
 * (itself drawn from the seeded PRNG), so that adding the volume draws nothing more from the PRNG and
 * every other name stays what it was.
 */
export function apiAccessSuffix(uid: string): string {
  const hex = uid.replace(/-/g, "");
  let out = "";
  for (let i = 0; i < 5; i++) out += NAME_ALPHABET[parseInt(hex.slice(i * 4, i * 4 + 4) || "0", 16) % NAME_ALPHABET.length];
  return out;
}

/** TokenVolumeSource (plugin/pkg/admission/serviceaccount/admission.go): the token, the cluster's CA, the namespace. */
function tokenVolume(name: string): Volume {
  return {
    name,
    projected: {
      // corev1.ProjectedVolumeSourceDefaultMode, 0644, set explicitly (k/k#104464).
      defaultMode: 420,
      sources: [
        // serviceaccount.WarnOnlyBoundTokenExpirationSeconds: 1 h and 7 s.
        { serviceAccountToken: { expirationSeconds: 3607, path: "token" } },
        { configMap: { name: "kube-root-ca.crt", items: [{ key: "ca.crt", path: "ca.crt" }] } },
        { downwardAPI: { items: [{ path: "namespace", fieldRef: { apiVersion: "v1", fieldPath: "metadata.namespace" } }] } },
      ],
    },
  };
}

/**
 * ServiceAccount (plugin/pkg/admission/serviceaccount/admission.go): pods run as the namespace's
 * `default` service account unless they name one, and (unless automountServiceAccountToken is false)
 * every container that has nothing mounted at /var/run/secrets/kubernetes.io/serviceaccount mounts a
 * projected `kube-api-access-xxxxx` volume there, read-only (mountServiceAccountToken). The v1 API
 * mirrors the account's name into the deprecated `serviceAccount`.
 */
export function admitServiceAccount(pod: Pod): Pod {
  const account = pod.spec.serviceAccountName || "default";
  const spec = { ...pod.spec, serviceAccountName: account, serviceAccount: account };
  if (spec.automountServiceAccountToken === false) return { ...pod, spec };
  const existing = spec.volumes?.find((v) => v.name.startsWith(API_ACCESS_VOLUME_PREFIX));
  const name = existing?.name ?? API_ACCESS_VOLUME_PREFIX + apiAccessSuffix(pod.metadata.uid ?? "");
  let needsVolume = false;
  const mount = (c: Container): Container => {
    if (c.volumeMounts?.some((m) => m.mountPath === API_TOKEN_MOUNT_PATH)) return c;
    needsVolume = true;
    return { ...c, volumeMounts: [...(c.volumeMounts ?? []), { name, readOnly: true, mountPath: API_TOKEN_MOUNT_PATH }] };
  };
  if (spec.initContainers) spec.initContainers = spec.initContainers.map(mount);
  spec.containers = spec.containers.map(mount);
  if (needsVolume && !existing) spec.volumes = [...(spec.volumes ?? []), tokenVolume(name)];
  return { ...pod, spec };
}

/** The mutating admission chain for a pod create, in kube-apiserver's plugin order. */
export function admitPodCreate(pod: Pod): Pod {
  let p = admitServiceAccount(pod);
  p = admitPriority(p);
  p = admitDefaultTolerationSeconds(p);
  return { ...p, status: { ...p.status, phase: p.status?.phase ?? "Pending", qosClass: qosClass(p) } };
}
