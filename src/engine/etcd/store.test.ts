import { describe, expect, it } from "vitest";
import { MvccStore } from "./store";
import type { KObject } from "../api/types";

const obj = (name: string): KObject => ({ apiVersion: "v1", kind: "Pod", metadata: { name, namespace: "default", uid: name, resourceVersion: "", creationTimestamp: "" } });

describe("MvccStore", () => {
  it("bumps one revision per transaction and stamps resourceVersion", () => {
    const s = new MvccStore();
    expect(s.revision).toBe(1);
    const r = s.txn([{ op: "put", key: "/registry/pods/default/a", value: obj("a") }]);
    expect(r.result.revision).toBe(2);
    expect(s.get("/registry/pods/default/a")!.value.metadata.resourceVersion).toBe("2");
    s.txn([
      { op: "put", key: "/registry/pods/default/b", value: obj("b") },
      { op: "put", key: "/registry/pods/default/c", value: obj("c") },
    ]);
    expect(s.revision).toBe(3);
    expect(s.get("/registry/pods/default/c")!.createRevision).toBe(3);
  });

  it("fails a compare on a stale mod revision and changes nothing", () => {
    const s = new MvccStore();
    s.txn([{ op: "put", key: "k", value: obj("a") }]);
    const stale = s.txn([{ op: "put", key: "k", value: obj("a2"), ifModRevision: 1 }]);
    expect(stale.result.succeeded).toBe(false);
    expect(stale.result.current!.modRevision).toBe(2);
    expect(s.revision).toBe(2);
    const ok = s.txn([{ op: "put", key: "k", value: obj("a3"), ifModRevision: 2 }]);
    expect(ok.result.succeeded).toBe(true);
    expect(s.get("k")!.version).toBe(2);
  });

  it("treats ifModRevision 0 as create-only", () => {
    const s = new MvccStore();
    expect(s.txn([{ op: "put", key: "k", value: obj("a"), ifModRevision: 0 }]).result.succeeded).toBe(true);
    expect(s.txn([{ op: "put", key: "k", value: obj("a"), ifModRevision: 0 }]).result.succeeded).toBe(false);
  });

  it("reports deletes to listeners with the previous value", () => {
    const s = new MvccStore();
    const seen: string[] = [];
    s.listeners.push((changes) => changes.forEach((c) => seen.push(`${c.type} ${c.kv.key} ${c.prevKv?.value.metadata.name ?? "-"}`)));
    s.txn([{ op: "put", key: "k", value: obj("a") }]);
    s.txn([{ op: "delete", key: "k" }]);
    expect(seen).toEqual(["PUT k -", "DELETE k a"]);
    expect(s.get("k")).toBeUndefined();
  });

  it("ranges by prefix in key order", () => {
    const s = new MvccStore();
    for (const n of ["c", "a", "b"]) s.txn([{ op: "put", key: `/registry/pods/default/${n}`, value: obj(n) }]);
    s.txn([{ op: "put", key: "/registry/minions/w1", value: obj("w1") }]);
    expect(s.range("/registry/pods/").map((kv) => kv.value.metadata.name)).toEqual(["a", "b", "c"]);
  });
});
