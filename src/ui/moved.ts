/**
 * What moved between two states of the cluster, in words: the narration that replaces travelling
 * tokens and gliding pods under reduced motion ("pod web-7d9c-x2x4q placed on worker-2"). Pure.
 */
import type { Node, Pod } from "../engine/api/types";
import type { ObjectRecord } from "../bridge/protocol";

type Objects = Record<string, ObjectRecord>;

function nodeReady(n: Node): string {
  const c = n.status?.conditions?.find((x) => x.type === "Ready");
  return c?.status === "True" ? "Ready" : "NotReady";
}

/** One sentence per change a watcher would see move: pods created, placed, deleted; nodes Ready or NotReady. */
export function whatMoved(prev: Objects, next: Objects): string[] {
  if (prev === next) return [];
  const out: string[] = [];
  for (const id in next) {
    const rec = next[id];
    const before = prev[id];
    if (before === rec) continue;
    if (rec.resource === "pods") {
      const pod = rec.object as Pod;
      const was = before?.object as Pod | undefined;
      const name = pod.metadata.name;
      if (!was) out.push(pod.spec.nodeName ? `pod ${name} created on ${pod.spec.nodeName}` : `pod ${name} created, waiting to be scheduled`);
      else if (pod.spec.nodeName && pod.spec.nodeName !== was.spec.nodeName) out.push(`pod ${name} placed on ${pod.spec.nodeName}`);
    } else if (rec.resource === "nodes" && before) {
      const now = nodeReady(rec.object as Node);
      if (now !== nodeReady(before.object as Node)) out.push(`${rec.object.metadata.name} is ${now}`);
    }
  }
  for (const id in prev) {
    if (!(id in next) && prev[id].resource === "pods") out.push(`pod ${prev[id].object.metadata.name} deleted`);
  }
  return out;
}

/** Several changes in one announcement: the first few, then how many more. */
export function summarize(changes: readonly string[], max = 4): string {
  if (!changes.length) return "";
  const head = changes.slice(0, max).join("; ");
  const more = changes.length - max;
  return more > 0 ? `${head}; and ${more} more change${more > 1 ? "s" : ""}.` : `${head}.`;
}
