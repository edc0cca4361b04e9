import type { KObject, OwnerReference } from "../../api/types";

/**
 * The garbage collector's view of ownership (pkg/controller/garbagecollector/graph.go, much reduced):
 * every object it has seen, by uid, and who depends on whom.
 */
export interface ObjectId {
  resource: string;
  namespace?: string;
  name: string;
  uid: string;
}

export function idKey(id: ObjectId): string {
  return `${id.resource}|${id.namespace ?? ""}|${id.name}|${id.uid}`;
}

export function parseIdKey(key: string): ObjectId {
  const [resource, namespace, name, uid] = key.split("|");
  return { resource, namespace: namespace || undefined, name, uid };
}

export class OwnershipGraph {
  /** uid → the object's identity, for everything observed. */
  private readonly byUid = new Map<string, ObjectId>();
  /** owner uid → keys of its dependents. */
  private readonly dependents = new Map<string, Set<string>>();
  /** dependent key → owner uids it was indexed under. */
  private readonly ownersOf = new Map<string, string[]>();

  has(uid: string): boolean {
    return this.byUid.has(uid);
  }

  /** Records an object; returns the owner references whose owner has not been observed (virtual owners). */
  observe(id: ObjectId, owners: OwnerReference[] | undefined): OwnerReference[] {
    const key = idKey(id);
    this.byUid.set(id.uid, id);
    this.unindex(key);
    const uids = (owners ?? []).map((o) => o.uid);
    this.ownersOf.set(key, uids);
    for (const u of uids) {
      let s = this.dependents.get(u);
      if (!s) this.dependents.set(u, (s = new Set()));
      s.add(key);
    }
    return (owners ?? []).filter((o) => !this.byUid.has(o.uid));
  }

  /** Whether the object is known and every one of its owners has been observed. */
  ownersObserved(key: string): boolean {
    const owners = this.ownersOf.get(key);
    return !!owners && owners.length > 0 && owners.every((u) => this.byUid.has(u));
  }

  /** Forgets an object; returns the keys of its dependents, which must now be checked. */
  remove(id: ObjectId): string[] {
    const key = idKey(id);
    if (this.byUid.get(id.uid) && idKey(this.byUid.get(id.uid)!) === key) this.byUid.delete(id.uid);
    this.unindex(key);
    const deps = [...(this.dependents.get(id.uid) ?? [])];
    return deps;
  }

  private unindex(key: string): void {
    for (const u of this.ownersOf.get(key) ?? []) {
      const s = this.dependents.get(u);
      if (!s) continue;
      s.delete(key);
      if (!s.size) this.dependents.delete(u);
    }
    this.ownersOf.delete(key);
  }

  clear(): void {
    this.byUid.clear();
    this.dependents.clear();
    this.ownersOf.clear();
  }
}

export type OwnerState = "solid" | "dangling";

/**
 * attemptToDeleteItem's decision (pkg/controller/garbagecollector/garbagecollector.go): an object whose
 * owners are all gone (dangling) is deleted with Background propagation; one solid owner keeps it. An
 * object already being deleted, or without owners, is left alone.
 */
export function gcDecision(obj: KObject, ownerStates: OwnerState[]): "delete" | "keep" {
  if (obj.metadata.deletionTimestamp) return "keep";
  if (!ownerStates.length) return "keep";
  return ownerStates.every((s) => s === "dangling") ? "delete" : "keep";
}
