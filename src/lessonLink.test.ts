import { useLinkNotices } from "./store/linkNotices";
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
  lessonStore: () => ({ getState: () => ({ open: (id: string, step: number, at?: unknown) => calls.open.push(at === undefined ? [id, step] : [id, step, at]) }) }),
}));
vi.mock("./lessons/plans", () => ({ storedPlan: () => calls.plan }));

import { lessonIgnored, openLinkedLesson } from "./lessonLink";
import { parseUrlMoment } from "./store/url";

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

  it("copied in a lesson: the step opens at the link's exact moment (its action log, time, pause)", () => {
    calls.plan = { steps: [] };
    openLinkedLesson("worker-dies", 3, "?lesson=worker-dies&step=3&seed=1&topology=masters%3D1%2Cworkers%3D3&do=1s+kubectl+create+deployment+web+--image%3Dnginx+--replicas%3D3&do=95s+kubectl+get+pods&t=97500ms&speed=4&paused=1");
    expect(calls.open).toEqual([
      [
        "worker-dies",
        3,
        {
          seed: 1,
          topology: { masters: 1, workers: 3 },
          actions: [
            { at: 1000, line: "kubectl create deployment web --image=nginx --replicas=3" },
            { at: 95_000, line: "kubectl get pods" },
          ],
          time: 97_500,
          speed: 4,
          paused: true,
        },
      ],
    ]);
  });

  it("written by hand: speed=, pace= and paused= apply to the step's start; seed= runs the lesson on that seed (the issue's example link)", () => {
    calls.plan = { steps: [] };
    openLinkedLesson("worker-dies", 3, "?lesson=worker-dies&step=3&seed=7&speed=4&theme=dark&embed=1&controls=0");
    expect(calls.open).toEqual([["worker-dies", 3, { seed: 7, speed: 4 }]]);
    // Its plan is made first (there is none stored for seed 7): the start state shows meanwhile.
    expect(calls.store).toEqual([{ start: true }]);
    expect(useLinkNotices.getState().notices).toEqual([]);
    openLinkedLesson("worker-dies", 2, "?lesson=worker-dies&step=2&pace=0");
    expect(calls.open[1]).toEqual(["worker-dies", 2, { autoPace: false }]);
    // The lesson's own seed: its stored plan, at once.
    openLinkedLesson("worker-dies", 2, "?lesson=worker-dies&step=2&seed=1");
    expect(calls.store[2]).toEqual({ start: false });
    expect(calls.open[2]).toEqual(["worker-dies", 2, { seed: 1 }]);
  });

  it("to a lesson that does not exist: the start state, and a warning", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    warn.mockClear();
    openLinkedLesson("no-such-lesson", 2);
    expect(calls.store).toEqual([{ start: true }]);
    expect(calls.open).toEqual([]);
    expect(warn.mock.calls[0][0]).toMatch(/^ClusterScope: there is no lesson "no-such-lesson" \(the lessons: pod-journey, /);
    // And on the screen.
    expect(useLinkNotices.getState().notices).toContainEqual(expect.stringMatching(/^there is no lesson "no-such-lesson"/));
    useLinkNotices.getState().dismiss();
  });
});

describe("a lesson link's parameters", () => {
  it("names a topology it does not use, once, in the console; with a moment (do= or t=) it is used", () => {
    expect(lessonIgnored(parseUrlMoment("?lesson=worker-dies&step=3&topology=masters%3D3%2Cworkers%3D2"))).toEqual([
      "topology=masters=3,workers=2 (a lesson's step opens on the lesson's own machines; with do= or t= too, at that moment)",
    ]);
    expect(lessonIgnored(parseUrlMoment("?lesson=worker-dies&step=3&seed=7&speed=4"))).toEqual([]);
    expect(lessonIgnored(parseUrlMoment("?lesson=worker-dies&step=3&topology=masters%3D3%2Cworkers%3D2&t=80s"))).toEqual([]);
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    warn.mockClear();
    calls.plan = {};
    openLinkedLesson("worker-dies", 3, "?lesson=worker-dies&step=3&topology=masters%3D3%2Cworkers%3D2");
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0][0]).toMatch(/^ClusterScope: ignored URL parameter: topology=masters=3,workers=2 \(/);
    // The step still opens, at its planned start.
    expect(calls.open).toEqual([["worker-dies", 3]]);
    useLinkNotices.getState().dismiss();
    warn.mockRestore();
  });
});
