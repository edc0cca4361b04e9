/**
 * Names only the running cluster knows, in a lesson's action lines (types.ts LessonStep.actions):
 * `{pod:web}`, `{pod:web@worker-2}`, `{etcd-leader}`, `{etcd-follower}`, `{lease-holder:NAME}`,
 * `{stopped-node}`, `{stopped-etcd}`. The runner resolves them when the step starts, so the plan (and
 * the page's action log) holds plain action-language lines.
 */
import type { Pod } from "../engine/api/types";
import { etcdLeader, holderNode, leaseHolders, type ClusterRecords } from "./conditions";
import { naturalCompare } from "../naturalCompare";

const PLACEHOLDER = /\{([a-z-]+)(?::([^}]*))?\}/g;

/** `web-2` before `web-10`. */
const byName = naturalCompare;

function resolveOne(kind: string, arg: string | undefined, r: ClusterRecords): string | undefined {
  switch (kind) {
    case "pod": {
      const [deployment, node] = (arg ?? "").split("@");
      const pods = Object.values(r.objects)
        .filter((o) => o.resource === "pods")
        .map((o) => o.object as Pod)
        .filter((p) => p.metadata.namespace === "default" && p.metadata.labels?.app === deployment && !p.metadata.deletionTimestamp)
        .filter((p) => node === undefined || p.spec.nodeName === node)
        .map((p) => p.metadata.name)
        .sort(byName);
      return pods[0];
    }
    case "etcd-leader":
      return etcdLeader(r) ?? undefined;
    case "etcd-follower": {
      const leader = etcdLeader(r);
      return Object.values(r.components)
        .filter((c) => c.component === "etcd" && c.running && r.machines[c.machine]?.running !== false && c.machine !== leader)
        .map((c) => c.machine)
        .sort(byName)[0];
    }
    case "lease-holder": {
      const holder = leaseHolders(r)[`kube-system/${arg ?? ""}`];
      return holder ? holderNode(holder) : undefined;
    }
    case "stopped-node":
      return Object.values(r.machines)
        .filter((m) => m.role !== "external" && !m.running)
        .map((m) => m.id)
        .sort(byName)[0];
    case "stopped-etcd":
      return Object.values(r.components)
        .filter((c) => c.component === "etcd" && (!c.running || r.machines[c.machine]?.running === false))
        .map((c) => c.machine)
        .sort(byName)[0];
    default:
      return undefined;
  }
}

/** The line with its placeholders filled in from the records now, or the error naming the one that could not be. */
export function resolvePlaceholders(line: string, records: ClusterRecords): { line: string } | { error: string } {
  let error: string | undefined;
  const out = line.replace(PLACEHOLDER, (whole, kind: string, arg: string | undefined) => {
    const v = resolveOne(kind, arg, records);
    if (v === undefined && error === undefined) error = `error: the lesson's ${whole} names nothing in the cluster now`;
    return v ?? whole;
  });
  return error ? { error } : { line: out };
}
