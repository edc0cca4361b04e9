import { describe, expect, it } from "vitest";
import { SchedulingQueue } from "./queue";
import { makePod } from "./testkit";

// After pkg/scheduler/backend/queue/scheduling_queue_test.go (TestPriorityQueue_*, TestBackOffFlow).

function queue() {
  let now = 0;
  const q = new SchedulingQueue(() => now);
  return { q, at: (t: number) => (now = t) };
}

describe("SchedulingQueue", () => {
  it("pops by priority, then by the time pods were queued", () => {
    const { q, at } = queue();
    q.add(makePod("low-early", { priority: 0 }));
    at(5);
    q.add(makePod("high", { priority: 100 }));
    q.add(makePod("low-late", { priority: 0 }));
    expect([q.pop()!, q.pop()!, q.pop()!].map((p) => p.pod.metadata.name)).toEqual(["high", "low-early", "low-late"]);
    expect(q.pop()).toBeUndefined();
  });

  it("backoff is 1s after the first attempt, doubling to at most 10s (TestBackOffFlow)", () => {
    const { q } = queue();
    expect([0, 1, 2, 3, 4, 5, 6].map((a) => q.backoffDuration(a))).toEqual([0, 1000, 2000, 4000, 8000, 10000, 10000]);
  });

  it("a pod that failed without rejecting plugins waits out its backoff, then is active again", () => {
    const { q, at } = queue();
    q.add(makePod("p"));
    const qpi = q.pop()!;
    at(100);
    q.requeueFailed(qpi, qpi.pod, new Set());
    expect(q.backoffLength).toBe(1);
    expect(q.nextBackoffExpiry()).toBe(1100);
    at(1099);
    expect(q.flushBackoffCompleted()).toBe(0);
    at(1100);
    expect(q.flushBackoffCompleted()).toBe(1);
    expect(q.pop()!.attempts).toBe(2);
  });

  it("an unschedulable pod waits for an event that may help; it goes to backoffQ if still backing off", () => {
    const { q, at } = queue();
    q.add(makePod("p"));
    const qpi = q.pop()!;
    q.requeueFailed(qpi, qpi.pod, new Set(["NodeResourcesFit"]));
    expect(q.unschedulableLength).toBe(1);
    expect(q.moveOnEvent(() => false)).toBe(0);
    at(500);
    expect(q.moveOnEvent((p) => p.unschedulablePlugins.has("NodeResourcesFit"))).toBe(1);
    expect(q.backoffLength).toBe(1);
    at(2000);
    q.flushBackoffCompleted();
    expect(q.activeLength).toBe(1);
  });

  it("unschedulable pods go back after 5 minutes (podMaxInUnschedulablePodsDuration)", () => {
    const { q, at } = queue();
    q.add(makePod("p"));
    const qpi = q.pop()!;
    q.requeueFailed(qpi, qpi.pod, new Set(["TaintToleration"]));
    at(5 * 60_000);
    expect(q.flushUnschedulableLeftover()).toBe(0);
    at(5 * 60_000 + 1);
    expect(q.flushUnschedulableLeftover()).toBe(1);
    expect(q.activeLength).toBe(1);
  });

  it("status-only updates keep an unschedulable pod parked; spec or label changes requeue it", () => {
    const { q, at } = queue();
    const pod = makePod("p", { labels: { a: "1" } });
    q.add(pod);
    const qpi = q.pop()!;
    q.requeueFailed(qpi, pod, new Set(["NodeAffinity"]));
    const withCondition = { ...pod, status: { ...pod.status, conditions: [{ type: "PodScheduled" as const, status: "False" as const, lastProbeTime: null, lastTransitionTime: "", reason: "Unschedulable" }] } };
    expect(q.update(pod, withCondition)).toBe(true);
    expect(q.unschedulableLength).toBe(1);
    expect(q.get("default/p")!.pod).toBe(withCondition);
    at(5000);
    const relabeled = { ...withCondition, metadata: { ...withCondition.metadata, labels: { a: "2" } } };
    q.update(withCondition, relabeled);
    expect(q.activeLength).toBe(1);
  });

  it("scheduling gates hold a pod until they are removed", () => {
    const { q } = queue();
    const gated = makePod("g");
    gated.spec.schedulingGates = [{ name: "example.com/wait" }];
    q.add(gated);
    expect(q.activeLength).toBe(0);
    expect(q.moveOnEvent(() => true)).toBe(0);
    q.update(gated, { ...gated, spec: { ...gated.spec, schedulingGates: [] } });
    expect(q.pop()!.pod.metadata.name).toBe("g");
  });

  it("delete removes a pod wherever it waits; a recreated pod replaces the old one", () => {
    const { q } = queue();
    const a = makePod("a");
    q.add(a);
    q.delete(a);
    expect(q.length).toBe(0);
    q.add(a);
    const again = makePod("a");
    q.add(again);
    expect(q.length).toBe(1);
    expect(q.pop()!.uid).toBe(again.metadata.uid);
  });
});
