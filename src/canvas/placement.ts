/**
 * Which machines the canvas draws and which pod goes in which slot: derived from the store's records,
 * serialisable to a string key so a selector can tell "nothing moved" with a plain comparison. Pure.
 */
import type { MachineRecord, ObjectRecord } from "../bridge/protocol";
import type { Pod } from "../engine/api/types";
import type { Layout, LayoutInput } from "./layout";
import { naturalCompare, slotRect } from "./layout";
import { changedIds } from "../store/apply";

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
let lastObjects: object | null = null;
let lastKey = "";
/** What the last key was computed from, per pod in the objects map's order: its id, node and creation time. */
let lastPods: PodPlace[] = [];

interface PodPlace {
  rec: ObjectRecord;
  node: string | undefined;
  created: string | undefined;
}

function podPlace(rec: ObjectRecord): PodPlace {
  const pod = rec.object as Pod;
  return { rec, node: pod.spec?.nodeName, created: pod.metadata.creationTimestamp };
}

/**
 * Whether the pods of `objects` sit where they sat in `prev` (same ids in the same order, same node,
 * same creation time): most frames change leases, nodes, events or a pod's status, and move no pod.
 * A pod record that changed but kept its place is remembered, so the next frame compares identities.
 */
function samePods(objects: Readonly<Record<string, ObjectRecord>>, prev: PodPlace[]): boolean {
  let i = 0;
  for (const id in objects) {
    const rec = objects[id];
    if (rec.resource !== "pods") continue;
    const p = prev[i];
    if (!p) return false;
    if (p.rec !== rec) {
      if (p.rec.id !== rec.id) return false;
      const now = podPlace(rec);
      if (now.node !== p.node || now.created !== p.created) return false;
      prev[i] = now;
    }
    i++;
  }
  return i === prev.length;
}

function podsOf(objects: Readonly<Record<string, ObjectRecord>>): PodPlace[] {
  const out: PodPlace[] = [];
  for (const id in objects) if (objects[id].resource === "pods") out.push(podPlace(objects[id]));
  return out;
}

/**
 * A string that changes exactly when the placement does (for a store selector). Frames that only
 * move flows or the clock keep the record maps, so the last key is reused without any work; a frame
 * applied to the last map that changed no pod (src/store/apply.ts `changedIds`) reuses it without a
 * pass over the map either; other changes to objects that leave every pod where it was reuse it after
 * one pass.
 */
export function placementKey(machines: Readonly<Record<string, MachineRecord>>, objects: Readonly<Record<string, ObjectRecord>>): string {
  if (machines === lastMachines && objects === lastObjects) return lastKey;
  const sameMachines = machines === lastMachines;
  // One frame's diff on the last map (src/store/apply.ts): when it changed no pod, no pass over the map.
  const ids = lastObjects === null ? undefined : changedIds(lastObjects, objects);
  lastObjects = objects;
  if (sameMachines && ids && !ids.some((id) => id.startsWith("pods/"))) return lastKey;
  if (sameMachines && samePods(objects, lastPods)) return lastKey;
  lastMachines = machines;
  lastPods = podsOf(objects);
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

/** Where a pod's chip goes: its machine (null: Unscheduled) and its slot, in flow coordinates. */
export interface Slot {
  id: string;
  node: string | null;
  x: number;
  y: number;
  width: number;
  height: number;
  compact: boolean;
}

export function podSlots(placement: Placement, layout: Layout): Slot[] {
  const out: Slot[] = [];
  for (const [machine, ids] of Object.entries(placement.pods)) {
    const box = layout.machineByName[machine];
    if (!box) continue;
    ids.forEach((id, i) => {
      const r = slotRect(box.pods, i);
      out.push({ id, node: machine, ...r, compact: box.pods.compact });
    });
  }
  const grid = layout.unscheduled.pods;
  placement.pending.forEach((id, i) => {
    const r = slotRect(grid, i);
    out.push({ id, node: null, ...r, compact: grid.compact });
  });
  // A stable DOM order (by id) so a chip that changes slot is moved, not re-mounted.
  return out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
