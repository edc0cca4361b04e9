import { base32, sha256 } from "./sha256";

/**
 * kube-proxy's iptables chain names (pkg/proxy/iptables/proxier.go): the first 16 base32 characters of
 * a SHA-256 over the service port name and protocol (and, for an endpoint, "ip:port").
 */
function hash16(text: string): string {
  let h = hashes.get(text);
  if (h === undefined) {
    h = base32(sha256(text)).slice(0, 16);
    // Every kube-proxy re-hashes the same few names on every sync: remembered (a pure function).
    if (hashes.size >= HASH_MEMO_MAX) hashes.clear();
    hashes.set(text, h);
  }
  return h;
}
const hashes = new Map<string, string>();
const HASH_MEMO_MAX = 100_000;

/** portProtoHash. */
export function portProtoHash(servicePortName: string, protocol: string): string {
  return hash16(servicePortName + protocol);
}

/** KUBE-SVC-…: the service port's cluster-policy chain. */
export function serviceChainName(servicePortName: string, protocol: string): string {
  return `KUBE-SVC-${portProtoHash(servicePortName, protocol)}`;
}

/** KUBE-EXT-…: the external (NodePort) chain. */
export function externalChainName(servicePortName: string, protocol: string): string {
  return `KUBE-EXT-${portProtoHash(servicePortName, protocol)}`;
}

/** KUBE-SEP-…: one endpoint of a service port. */
export function endpointChainName(servicePortName: string, protocol: string, endpoint: string): string {
  return `KUBE-SEP-${hash16(servicePortName + protocol + endpoint)}`;
}

/** ServicePortName.String(): `namespace/name` plus `:port-name` when the port is named. */
export function servicePortName(namespace: string, name: string, portName: string | undefined): string {
  return `${namespace}/${name}${portName ? `:${portName}` : ""}`;
}
