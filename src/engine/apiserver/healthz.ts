import type { ActorId } from "../sim";
import type { KubeApiServer } from "./apiserver";

/** `GET /healthz` as the load balancer's HTTP health check sends it (kubeadm's HAProxy `option httpchk GET /healthz`). */
export interface HealthzRequest {
  kind: "healthz";
  checkId: number;
}

/** The answer: 200 "ok", or 500 when a check (etcd, informer sync) fails. */
export interface HealthzReply {
  kind: "healthz-result";
  checkId: number;
  code: number;
}

/**
 * kube-apiserver's /healthz handler (k8s.io/apiserver pkg/server/healthz): 200 when every check
 * passes, 500 otherwise; the checks, etcd's included, are the apiserver's `healthz()`.
 */
export function answerHealthz(apiserver: KubeApiServer, from: ActorId, req: HealthzRequest): void {
  const ok = apiserver.healthz();
  // The reply travels as a `health check` flow too: the canvas and the playback's pacing treat the
  // whole exchange as routine background traffic.
  apiserver.send(from, "health check", "/healthz", { kind: "healthz-result", checkId: req.checkId, code: ok ? 200 : 500 } satisfies HealthzReply);
}
