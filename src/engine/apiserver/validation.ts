import { resourceInfo, type Resource } from "../api/resources";
import type { Deployment, KObject, Pod, ReplicaSet } from "../api/types";

/**
 * Validation as kube-apiserver reports it (pkg/apis/core/validation, pkg/apis/apps/validation): a list
 * of field errors, turned into a 422 `Invalid` with the message
 * `Deployment.apps "Web" is invalid: metadata.name: Invalid value: "Web": a lowercase RFC 1123 subdomain ...`.
 */

const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const SUBDOMAIN_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

export function validate(resource: Resource, obj: KObject): string[] {
  const errs: string[] = [];
  const name = obj.metadata.name;
  if (!DNS1123_SUBDOMAIN.test(name) || name.length > 253) errs.push(`metadata.name: Invalid value: "${name}": ${SUBDOMAIN_MSG}`);
  if (resource === "pods") validatePodSpecContainers((obj as Pod).spec.containers, "spec", errs);
  if (resource === "deployments" || resource === "replicasets") {
    const spec = (obj as Deployment | ReplicaSet).spec;
    if (spec.replicas < 0) errs.push(`spec.replicas: Invalid value: ${spec.replicas}: must be greater than or equal to 0`);
    validatePodSpecContainers(spec.template.spec.containers, "spec.template.spec", errs);
  }
  return errs;
}

function validatePodSpecContainers(containers: Pod["spec"]["containers"], path: string, errs: string[]): void {
  if (!containers?.length) errs.push(`${path}.containers: Required value`);
  containers?.forEach((c, i) => {
    if (!c.image) errs.push(`${path}.containers[${i}].image: Required value`);
  });
}

/** `Deployment.apps "web" is invalid: <errors joined by ", ">` as StatusError prints. */
export function invalidMessage(resource: Resource, name: string, errs: string[]): string {
  const info = resourceInfo(resource);
  const group = info.apiVersion.includes("/") ? "." + info.apiVersion.split("/")[0] : "";
  const fieldErrs = errs.length === 1 ? errs[0] : `[${errs.join(", ")}]`;
  return `${info.kind}${group} "${name}" is invalid: ${fieldErrs}`;
}
