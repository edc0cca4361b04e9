import { describe, expect, it, vi } from "vitest";
import { create } from "zustand";
import { inlineClient } from "../bridge/inline";
import { planLesson } from "../bridge/lessonHost";
import { scriptFingerprint } from "../lessons/plans";
import { actionsThrough, lessonScript } from "../lessons/runner";
import type { Lesson } from "../lessons/types";
import { createLessonStore, lessonControlsOf, planKey } from "./lesson";
import type { ClusterStoreHook } from "./store";

const tiny: Lesson = {
  id: "tiny",
  title: "Tiny",
  summary: "A two-step lesson for the store's test.",
  topology: { masters: 1, workers: 1 },
  seed: 1,
  speed: 3,
  steps: [
    { title: "create", narration: "n", actions: ["kubectl create deployment web --image=nginx"], waitFor: { pods: { deployment: "web", status: "Running" } }, maxTime: 60_000, highlight: ["worker-1"] },
    // Two seconds on, so that it plays from its start to an end of its own.
    { title: "stop", narration: "n", actions: ["stop node worker-1"], waitFor: { all: [{ machine: "worker-1", running: false }, { elapsed: 2_000 }] }, maxTime: 5_000, highlight: ["kubelet@worker-1"] },
  ],
};

/** Just what the lesson slice uses of the cluster store. */
function fakeCluster() {
  const reset = vi.fn();
  const pause = vi.fn();
  const seek = vi.fn();
  const command = vi.fn(() => Promise.resolve({ id: 1, line: "" }));
  const fns = { reset, pause, seek, command, setSpeed: vi.fn(), play: vi.fn() };
  const store = create(() => ({ clock: { time: 0, wall: 0, rate: 0 }, playback: { playing: true, autoPace: true }, actions: [] as { at: number; line: string }[], commands: [], ...fns }));
  return { store: store as unknown as ClusterStoreHook, raw: store, ...fns };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

/** With a third step whose condition already holds where it starts (the plan ends it at its start). */
const instantEnd: Lesson = {
  ...tiny,
  id: "instant",
  steps: [...tiny.steps, { title: "still stopped", narration: "n", actions: [], waitFor: { machine: "worker-1", running: false }, maxTime: 5_000, highlight: ["worker-1"] }],
};

describe("the lesson slice", () => {
  it("a step whose condition held at its start opens done and paused there, by Next or by a link: it never plays on", () => {
    const plan = planLesson(lessonScript(instantEnd));
    const s3 = plan.steps[2];
    expect(s3.end).toBe(s3.start);
    const plans = { instant: { script: scriptFingerprint(lessonScript(instantEnd)), plan } };

    // A link to it.
    const linked = fakeCluster();
    const byLink = createLessonStore(linked.store, { lessons: [instantEnd], planner: () => inlineClient(), plans });
    byLink.getState().open("instant", 3);
    expect(byLink.getState()).toMatchObject({ index: 2, status: "done" });
    expect(linked.reset).toHaveBeenLastCalledWith(expect.objectContaining({ time: s3.start, paused: true }));

    // Next while step 2 plays on its own timeline: the live cluster goes to step 3's start and stays paused.
    const c = fakeCluster();
    const lessons = createLessonStore(c.store, { lessons: [instantEnd], planner: () => inlineClient(), plans });
    lessons.getState().open("instant", 2);
    c.raw.setState({ clock: { time: plan.steps[1].start, wall: 0, rate: 1 }, actions: actionsThrough(plan, 1).map((a) => ({ at: a.at, line: a.line })) });
    const plays = c.play.mock.calls.length;
    lessons.getState().next();
    expect(lessons.getState()).toMatchObject({ index: 2, status: "done" });
    expect(c.seek).toHaveBeenLastCalledWith(s3.start);
    expect(c.play.mock.calls.length).toBe(plays);
    // Later clocks (the worker's last frames) do not make it play or pause again.
    c.raw.setState({ clock: { time: s3.start + 500, wall: 0, rate: 1 } });
    expect(lessons.getState().status).toBe("done");
  });


  it("opens a lesson planned ahead at once, at the step a link names, without a planner", () => {
    const c = fakeCluster();
    const plan = planLesson(lessonScript(tiny));
    const planner = vi.fn(() => inlineClient());
    const lessons = createLessonStore(c.store, { lessons: [tiny], planner, plans: { tiny: { script: scriptFingerprint(lessonScript(tiny)), plan } } });
    expect(lessons.getState().open("tiny", 2)).toBe(true);
    // Synchronously: no planning step, the cluster is asked for step 2's moment straight away.
    expect(lessons.getState()).toMatchObject({ id: "tiny", index: 1, status: "playing" });
    expect(c.reset).toHaveBeenCalledTimes(1);
    expect(c.reset).toHaveBeenLastCalledWith(expect.objectContaining({ seed: 1, time: plan.steps[1].start }));
    expect(planner).not.toHaveBeenCalled();
    // A stored plan of another version of the lesson is not used: it is planned instead.
    const stale = createLessonStore(fakeCluster().store, { lessons: [tiny], planner, plans: { tiny: { script: "00000000", plan } } });
    stale.getState().open("tiny", 1);
    expect(stale.getState().status).toBe("planning");
    expect(planner).toHaveBeenCalledTimes(1);
  });

  it("opens a step at a copied link's exact moment: on the lesson's timeline it still pauses at the step's end; with the presenter's own commands it plays on", async () => {
    const plan = planLesson(lessonScript(tiny));
    const plans = { tiny: { script: scriptFingerprint(lessonScript(tiny)), plan } };
    const own = actionsThrough(plan, 0);
    const mid = plan.steps[0].start + 2_000;
    expect(mid).toBeLessThan(plan.steps[0].end);

    const c = fakeCluster();
    const lessons = createLessonStore(c.store, { lessons: [tiny], plans });
    lessons.getState().open("tiny", 1, { actions: own, time: mid, paused: false, speed: 2 });
    expect(c.reset).toHaveBeenCalledTimes(1);
    expect(c.reset).toHaveBeenLastCalledWith({ seed: 1, topology: tiny.topology, actions: own, time: mid, speed: 2, autoPace: true, paused: false });
    expect(lessons.getState()).toMatchObject({ index: 0, status: "playing" });
    // The clock reaches the link's moment, then the step's end: the step is done and paused there.
    c.raw.setState({ clock: { time: mid, wall: 0, rate: 1 } });
    c.raw.setState({ clock: { time: plan.steps[0].end, wall: 0, rate: 1 } });
    expect(lessons.getState().status).toBe("done");
    expect(c.pause).toHaveBeenCalled();
    // Next opens the planned step 2 as always; the presenter's Auto-pace, turned off meanwhile, stays off.
    c.raw.setState({ playback: { playing: false, autoPace: false } });
    lessons.getState().next();
    expect(c.reset).toHaveBeenLastCalledWith(expect.objectContaining({ time: plan.steps[1].start, actions: actionsThrough(plan, 1), autoPace: false }));
    // A link's pace= wins over the page's.
    const p = fakeCluster();
    createLessonStore(p.store, { lessons: [tiny], plans }).getState().open("tiny", 1, { autoPace: false });
    expect(p.reset).toHaveBeenLastCalledWith(expect.objectContaining({ time: plan.steps[0].start, autoPace: false }));

    // With a command of the presenter's own in the log: their timeline, which plays on past the step's end.
    const d = fakeCluster();
    const other = createLessonStore(d.store, { lessons: [tiny], plans });
    const mine = [...own, { at: mid - 1_000, line: "kubectl get pods" }];
    other.getState().open("tiny", 1, { actions: mine, time: mid, paused: true });
    expect(d.reset).toHaveBeenLastCalledWith(expect.objectContaining({ actions: mine, time: mid, paused: true }));
    d.raw.setState({ clock: { time: mid, wall: 0, rate: 1 } });
    d.raw.setState({ clock: { time: plan.steps[0].end + 1_000, wall: 0, rate: 1 } });
    expect(other.getState().status).toBe("playing");
    expect(d.pause).not.toHaveBeenCalled();

    // At or past the step's end on the lesson's timeline: the step is done, and opens paused unless the link says.
    const e = fakeCluster();
    const done = createLessonStore(e.store, { lessons: [tiny], plans });
    done.getState().open("tiny", 1, { actions: own, time: plan.steps[0].end + 500 });
    expect(done.getState().status).toBe("done");
    expect(e.reset).toHaveBeenLastCalledWith(expect.objectContaining({ time: plan.steps[0].end + 500, paused: true }));

    // Another seed runs the lesson on it, planned for it: seed 1's actions and times are not its timeline
    // (its cluster's steps come at its own times), so no pause at seed 1's step end.
    const f = fakeCluster();
    const reseeded = createLessonStore(f.store, { lessons: [tiny], plans, planner: () => inlineClient() });
    reseeded.getState().open("tiny", 1, { seed: 99, actions: own, time: mid });
    await flush();
    expect(f.reset).toHaveBeenLastCalledWith(expect.objectContaining({ seed: 99, actions: own, time: mid }));
    f.raw.setState({ clock: { time: mid, wall: 0, rate: 1 } });
    f.raw.setState({ clock: { time: plan.steps[0].end, wall: 0, rate: 1 } });
    expect(reseeded.getState().status).toBe("playing");
    expect(f.pause).not.toHaveBeenCalled();
  });

  it("a link's seed runs the lesson on that seed: planned for it, each step opened on it; its own seed again after another lesson is opened", async () => {
    const c = fakeCluster();
    const plan = planLesson(lessonScript(tiny));
    const plans = { tiny: { script: scriptFingerprint(lessonScript(tiny)), plan } };
    let asked = 0;
    const lessons = createLessonStore(c.store, {
      lessons: [tiny],
      plans,
      planner: () => {
        const client = inlineClient();
        const send = client.send.bind(client);
        client.send = (m) => {
          if (m.type === "planLesson") asked++;
          send(m);
        };
        return client;
      },
    });
    const controls = lessonControlsOf(lessons, [tiny]);
    let told = 0;
    controls.subscribe(() => told++);
    lessons.getState().open("tiny", 2, { seed: 7 });
    // No stored plan for seed 7: it is planned, then the step opens on seed 7 at that plan's times.
    expect(lessons.getState()).toMatchObject({ id: "tiny", index: 1, seed: 7, status: "planning" });
    expect(controls.planning()).toBe(true);
    // A goto while it is planned asks for no second plan; the step asked for last opens.
    const toldBefore = told;
    controls.goto(2);
    await flush();
    expect(asked).toBe(1);
    expect(controls.planning()).toBe(false);
    // Those who follow the lesson hear that its plan is done (the step's cluster comes now).
    expect(told).toBeGreaterThan(toldBefore);
    const seven = lessons.getState().plans[planKey("tiny", 7)];
    expect(seven.failure).toBeUndefined();
    expect(c.reset).toHaveBeenLastCalledWith(expect.objectContaining({ seed: 7, time: seven.steps[1].start, actions: actionsThrough(seven, 1).map((a) => ({ at: a.at, line: a.line })) }));
    // Back and Next stay on it.
    lessons.getState().prev();
    expect(c.reset).toHaveBeenLastCalledWith(expect.objectContaining({ seed: 7, time: seven.steps[0].start }));
    // The lesson's own seed in a link is the lesson as it is.
    lessons.getState().open("tiny", 1, { seed: tiny.seed });
    expect(lessons.getState().seed).toBeNull();
    expect(lessons.getState().plans.tiny).toBe(plan);
    expect(c.reset).toHaveBeenLastCalledWith(expect.objectContaining({ seed: tiny.seed, time: plan.steps[0].start }));
  });

  it("plans a lesson once, opens each step as a moment (seed, topology, actions so far, the step's start) and pauses where its condition held", async () => {
    const c = fakeCluster();
    const lessons = createLessonStore(c.store, { lessons: [tiny], planner: () => inlineClient() });
    const controls = lessonControlsOf(lessons, [tiny]);
    expect(controls.open("nope", 1)).toBe(false);
    expect(controls.open("tiny", 2)).toBe(true);
    expect(lessons.getState()).toMatchObject({ id: "tiny", index: 1 });
    await flush();
    const plan = lessons.getState().plans.tiny;
    expect(plan.failure).toBeUndefined();
    const [s1, s2] = plan.steps;
    expect(lessons.getState()).toMatchObject({ status: "playing", highlight: ["kubelet@worker-1"] });
    expect(c.reset).toHaveBeenLastCalledWith({
      seed: 1,
      topology: { masters: 1, workers: 1 },
      actions: [
        { at: s1.start, line: "kubectl create deployment web --image=nginx" },
        { at: s2.start, line: "stop node worker-1" },
      ],
      time: s2.start,
      speed: 3,
      autoPace: true,
      paused: false,
    });
    expect(controls.step()).toBe(2);
    expect(controls.stepCount()).toBe(2);

    // A stale clock (before the new timeline arrived) changes nothing; past the step's end it pauses.
    c.raw.setState({ clock: { time: s2.end + 50_000, wall: 0, rate: 1 } });
    expect(lessons.getState().status).toBe("playing");
    c.raw.setState({ clock: { time: s2.start, wall: 0, rate: 1 } });
    c.raw.setState({ clock: { time: s2.end, wall: 0, rate: 1 } });
    expect(lessons.getState().status).toBe("done");
    expect(c.pause).toHaveBeenCalled();
    // A frame exactly at the end while playing: the worker may run on before the pause reaches it, so
    // the page also seeks to the end (a link to the next step opens exactly there).
    expect(c.seek).toHaveBeenLastCalledWith(s2.end);

    // Back: the first step's start, with only its actions.
    const heard = vi.fn();
    controls.subscribe(heard);
    controls.prev();
    expect(heard).toHaveBeenCalled();
    expect(c.reset).toHaveBeenLastCalledWith(expect.objectContaining({ time: s1.start, actions: [{ at: s1.start, line: "kubectl create deployment web --image=nginx" }] }));
    // Next while the step plays on another timeline: a rebuild at the next step's start.
    c.raw.setState({ clock: { time: s1.start, wall: 0, rate: 1 } });
    controls.next();
    expect(c.reset).toHaveBeenLastCalledWith(expect.objectContaining({ time: s2.start }));
    // Next while the step plays on its own timeline: the live cluster runs on to the step's end, and the next step's actions run there.
    controls.prev();
    c.raw.setState({ clock: { time: s1.start, wall: 0, rate: 1 }, actions: [{ at: s1.start, line: "kubectl create deployment web --image=nginx" }] });
    const resets = c.reset.mock.calls.length;
    controls.next();
    expect(c.reset.mock.calls.length).toBe(resets);
    expect(c.pause).toHaveBeenCalled();
    expect(c.seek).toHaveBeenLastCalledWith(s2.start);
    expect(c.command).toHaveBeenLastCalledWith("stop node worker-1");
    expect(c.play).toHaveBeenCalled();
    expect(controls.step()).toBe(2);
    // Next on the last step finishes it: its end, paused.
    controls.next();
    expect(c.reset).toHaveBeenLastCalledWith(expect.objectContaining({ time: s2.end, paused: true }));
    expect(lessons.getState().status).toBe("done");
    controls.reset();
    expect(controls.step()).toBe(1);
    lessons.getState().close();
    expect(controls.lessonId()).toBeNull();
  });
});
