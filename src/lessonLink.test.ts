import { beforeEach, describe, expect, it, vi } from "vitest";

/**
 * A lesson link (src/lessonLink.ts) opens its step from the lesson's stored plan at once, so the cluster
 * store must not first open the start state. Without a stored plan (missing or stale: the lesson's
 * script changed since `npm run plan:lessons`), the page shows the start state while the lesson is planned.
 */
const calls = vi.hoisted(() => ({ store: [] as unknown[], open: [] as unknown[], plan: null as unknown }));

vi.mock("./store/store", () => ({
  clusterStore: (opts: unknown) => {
    calls.store.push(opts);
    return {};
  },
}));
vi.mock("./store/lesson", () => ({
  lessonStore: () => ({ getState: () => ({ open: (id: string, step: number) => calls.open.push([id, step]) }) }),
}));
vi.mock("./lessons/plans", () => ({ storedPlan: () => calls.plan }));

import { openLinkedLesson } from "./lessonLink";

beforeEach(() => {
  calls.store = [];
  calls.open = [];
  calls.plan = null;
});

describe("a lesson link", () => {
  it("with a stored plan: no start state first, the step opens at once", () => {
    calls.plan = { steps: [] };
    openLinkedLesson("worker-dies", 3);
    expect(calls.store).toEqual([{ start: false }]);
    expect(calls.open).toEqual([["worker-dies", 3]]);
  });

  it("with no stored plan (or a stale one): the start state shows while the lesson is planned", () => {
    openLinkedLesson("worker-dies", 3);
    expect(calls.store).toEqual([{ start: true }]);
    expect(calls.open).toEqual([["worker-dies", 3]]);
  });

  it("to a lesson that does not exist: the start state, and a warning", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    openLinkedLesson("no-such-lesson", 2);
    expect(calls.store).toEqual([{ start: true }]);
    expect(calls.open).toEqual([]);
    expect(warn).toHaveBeenCalledWith('ClusterScope: there is no lesson "no-such-lesson"');
  });
});
