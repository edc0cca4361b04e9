/**
 * Which machines the canvas draws and which pod goes in which slot: derived from the store's records,
 * serialisable to a string key so a selector can tell "nothing moved" with a plain comparison. Pure.
 */
import type { MachineRecord, ObjectRecord } from "../bridge/protocol";
import type { Pod } from "../engine/api/types";
import type { LayoutInput } from "./layout";
import { naturalCompare } from "./layout";

export interface Placement {
  controlPlanes: string[];
  workers: string[];
  /** Machine name → pod record ids in slot order (oldest first). */
  pods: Record<string, string[]>;
  /** Pods with no node (or a node the canvas does not draw), oldest first. */
  pending: string[];
}

export function computePlacement(machines: Readonly<Record<string, MachineRecord>>, objects: Readonly<Record<string, ObjectRecord>>): Placement {
  const controlPlanes: string[] = [];
  const workers: string[] = [];
  for (const m of Object.values(machines)) {
    if (m.role === "control-plane") controlPlanes.push(m.id);
    else if (m.role === "worker") workers.push(m.id);
  }
  controlPlanes.sort(naturalCompare);
  workers.sort(naturalCompare);
  const drawn = new Set([...controlPlanes, ...workers]);
  const byNode = new Map<string, { id: string; pod: Pod }[]>();
  const pending: { id: string; pod: Pod }[] = [];
  for (const rec of Object.values(objects)) {
    if (rec.resource !== "pods") continue;
    const pod = rec.object as Pod;
    const node = pod.spec?.nodeName;
    if (node && drawn.has(node)) {
      let list = byNode.get(node);
      if (!list) byNode.set(node, (list = []));
      list.push({ id: rec.id, pod });
    } else pending.push({ id: rec.id, pod });
  }
  const order = (a: { id: string; pod: Pod }, b: { id: string; pod: Pod }) => {
    const ta = a.pod.metadata.creationTimestamp ?? "";
    const tb = b.pod.metadata.creationTimestamp ?? "";
    return ta < tb ? -1 : ta > tb ? 1 : naturalCompare(a.id, b.id);
  };
  const pods: Record<string, string[]> = {};
  for (const m of [...controlPlanes, ...workers]) pods[m] = (byNode.get(m) ?? []).sort(order).map((p) => p.id);
  return { controlPlanes, workers, pods, pending: pending.sort(order).map((p) => p.id) };
}

let lastMachines: unknown = null;
let lastObjects: unknown = null;
let lastKey = "";

/**
 * A string that changes exactly when the placement does (for a store selector). Frames that only
 * move flows or the clock keep the record maps, so the last key is reused without any work.
 */
export function placementKey(machines: Readonly<Record<string, MachineRecord>>, objects: Readonly<Record<string, ObjectRecord>>): string {
  if (machines === lastMachines && objects === lastObjects) return lastKey;
  lastMachines = machines;
  lastObjects = objects;
  lastKey = JSON.stringify(computePlacement(machines, objects));
  return lastKey;
}

export function parsePlacement(key: string): Placement {
  return JSON.parse(key) as Placement;
}

export function layoutInput(p: Placement): LayoutInput {
  const podCounts: Record<string, number> = {};
  for (const [m, ids] of Object.entries(p.pods)) podCounts[m] = ids.length;
  return { controlPlanes: p.controlPlanes, workers: p.workers, podCounts, pending: p.pending.length };
}
