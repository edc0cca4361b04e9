import { describe, expect, it } from "vitest";
import type { MachineRecord } from "../bridge/protocol";
import { applyRecordDiff, changedIds } from "./apply";

const machine = (id: string, running = true): MachineRecord => ({ rtype: "machine", id, role: "worker", running, partitioned: false });

describe("changedIds", () => {
  it("names the ids one diff changed, only against the map it replaced", () => {
    const s0 = { machines: { a: machine("a"), b: machine("b") }, components: {}, objects: {} };
    const s1 = applyRecordDiff(s0, { added: [machine("c")], updated: [machine("a", false), machine("b")], removed: [] });
    expect(changedIds(s0.machines, s1.machines)).toEqual(["c", "a"]);
    // Unchanged slices keep their identity and say nothing.
    expect(s1.objects).toBe(s0.objects);
    const s2 = applyRecordDiff(s1, { added: [], updated: [], removed: ["b"] });
    expect(changedIds(s1.machines, s2.machines)).toEqual(["b"]);
    // Two diffs apart: unknown.
    expect(changedIds(s0.machines, s2.machines)).toBeUndefined();
  });
});
