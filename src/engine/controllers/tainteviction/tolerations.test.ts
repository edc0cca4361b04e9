import { describe, expect, it } from "vitest";
import type { Taint, Toleration } from "../../api/types";
import { getMinTolerationTime, taintEvictionTime, toleratesTaint } from "./tolerations";

const unreachable: Taint = { key: "node.kubernetes.io/unreachable", effect: "NoExecute" };
const notReady: Taint = { key: "node.kubernetes.io/not-ready", effect: "NoExecute" };
const defaults: Toleration[] = [
  { key: "node.kubernetes.io/not-ready", operator: "Exists", effect: "NoExecute", tolerationSeconds: 300 },
  { key: "node.kubernetes.io/unreachable", operator: "Exists", effect: "NoExecute", tolerationSeconds: 300 },
];

describe("taint eviction time", () => {
  it("is taint time + 300s with the DefaultTolerationSeconds tolerations", () => {
    expect(taintEvictionTime([unreachable], defaults, 1000)).toEqual({ kind: "at", time: 301_000 });
  });
  it("takes the smallest matching tolerationSeconds", () => {
    const t: Toleration[] = [...defaults, { key: "node.kubernetes.io/unreachable", operator: "Exists", effect: "NoExecute", tolerationSeconds: 30 }];
    expect(taintEvictionTime([unreachable], [t[2], t[1]], 0)).toEqual({ kind: "at", time: 30_000 });
    expect(getMinTolerationTime([{ tolerationSeconds: 60 }, { tolerationSeconds: 20 }])).toBe(20_000);
  });
  it("deletes at once a pod that does not tolerate a taint", () => {
    expect(taintEvictionTime([unreachable], [], 0)).toEqual({ kind: "now" });
    expect(taintEvictionTime([unreachable, { key: "custom", effect: "NoExecute" }], defaults, 0)).toEqual({ kind: "now" });
  });
  it("never evicts a pod tolerating forever, nor without taints", () => {
    expect(taintEvictionTime([unreachable, notReady], [{ operator: "Exists" }], 0)).toEqual({ kind: "never" });
    expect(taintEvictionTime([], defaults, 0)).toEqual({ kind: "never" });
  });
  it("treats tolerationSeconds ≤ 0 as immediate", () => {
    expect(taintEvictionTime([unreachable], [{ key: unreachable.key, operator: "Exists", tolerationSeconds: 0 }], 5)).toEqual({ kind: "at", time: 5 });
  });
  it("matches as Toleration.ToleratesTaint does", () => {
    expect(toleratesTaint({ key: "a", operator: "Equal", value: "x" }, { key: "a", value: "x", effect: "NoSchedule" })).toBe(true);
    expect(toleratesTaint({ key: "a", value: "y" }, { key: "a", value: "x", effect: "NoSchedule" })).toBe(false);
    expect(toleratesTaint({ operator: "Exists", effect: "NoSchedule" }, unreachable)).toBe(false);
  });
});
