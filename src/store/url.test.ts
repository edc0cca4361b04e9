import { describe, expect, it } from "vitest";
import { formatLinkTime, ignoredWarning, linkQuery, parseUrlMoment } from "./url";

describe("parseUrlMoment", () => {
  it("reads nothing from an empty query", () => {
    expect(parseUrlMoment("")).toEqual({ bench: false, ignored: [] });
    expect(parseUrlMoment("?")).toEqual({ bench: false, ignored: [] });
    expect(ignoredWarning(parseUrlMoment(""))).toBeNull();
  });

  it("reads seed, topology, timed actions (in time order) and speed", () => {
    const m = parseUrlMoment(
      "?seed=7&topology=masters=3,workers=5&do=30s%20stop%20node%20worker-2&do=1s%20kubectl%20create%20deployment%20web%20--image%3Dnginx%20--replicas%3D3&speed=2.5",
    );
    expect(m).toEqual({
      seed: 7,
      topology: { masters: 3, workers: 5 },
      actions: [
        { at: 1000, line: "kubectl create deployment web --image=nginx --replicas=3" },
        { at: 30_000, line: "stop node worker-2" },
      ],
      speed: 2.5,
      bench: false,
      ignored: [],
    });
  });

  it("fills a topology's missing part with the default, and keeps same-time actions in order", () => {
    expect(parseUrlMoment("topology=workers=20").topology).toEqual({ masters: 1, workers: 20 });
    // `+` is a space in a query string; a bare number is seconds.
    expect(parseUrlMoment("do=5+stop+node+worker-1&do=5s+start+node+worker-1").actions).toEqual([
      { at: 5000, line: "stop node worker-1" },
      { at: 5000, line: "start node worker-1" },
    ]);
  });

  it("reads bench=1 only", () => {
    expect(parseUrlMoment("bench=1").bench).toBe(true);
    expect(parseUrlMoment("bench=yes").bench).toBe(false);
  });

  it("ignores each invalid parameter, names it, and keeps the valid ones", () => {
    const m = parseUrlMoment(
      "seed=-1&topology=masters=0&do=soon%20stop%20node%20worker-1&do=1m%20kubectl%20frobnicate&do=2s%20stop%20node%20worker-1&speed=1000",
    );
    expect(m.seed).toBeUndefined();
    expect(m.topology).toBeUndefined();
    expect(m.speed).toBeUndefined();
    expect(m.actions).toEqual([{ at: 2000, line: "stop node worker-1" }]);
    expect(m.ignored).toEqual([
      'seed="-1" (expected a whole number from 0 to 4294967295)',
      'topology="masters=0" (invalid topology "masters=0": masters must be between 1 and 7)',
      expect.stringMatching(/^do="soon stop node worker-1" \(invalid time "soon"/),
      expect.stringMatching(/^do="1m kubectl frobnicate" \(/),
      'speed="1000" (expected a number from 0.1 to 100)',
    ]);
    const warning = ignoredWarning(m)!;
    expect(warning.split("\n")).toHaveLength(1);
    expect(warning).toMatch(/^ClusterScope: ignored URL parameters: seed="-1"/);
  });

  it("rejects seeds and speeds that are not plain numbers", () => {
    for (const seed of ["", "1.5", "1e3", "0x10", "4294967296", "abc"]) expect(parseUrlMoment(`seed=${seed}`).seed, seed).toBeUndefined();
    expect(parseUrlMoment("seed=4294967295").seed).toBe(4294967295);
    expect(parseUrlMoment("seed=0").seed).toBe(0);
    for (const speed of ["", "0", "0.05", "fast", "Infinity", "NaN", "-1", "101"]) expect(parseUrlMoment(`speed=${speed}`).speed, speed).toBeUndefined();
    expect(parseUrlMoment("speed=0.1").speed).toBe(0.1);
    expect(parseUrlMoment("speed=100").speed).toBe(100);
  });

  it("leaves the action log unset when every do is invalid (the start state's stays)", () => {
    const m = parseUrlMoment("do=&do=1s");
    expect(m.actions).toBeUndefined();
    expect(m.ignored).toHaveLength(2);
  });
});

describe("links to a moment", () => {
  it("reads the time, the lesson and step, and how to show it", () => {
    const m = parseUrlMoment("?lesson=worker-dies&step=3&seed=7&speed=4&theme=dark&embed=1&controls=0&t=83.456&paused=1&text=large&motion=reduced&keys=0&origins=https://Slides.example.com:443,null");
    expect(m).toMatchObject({
      lesson: "worker-dies",
      step: 3,
      seed: 7,
      speed: 4,
      theme: "dark",
      embed: true,
      controls: false,
      time: 83_456,
      paused: true,
      largeText: true,
      reducedMotion: true,
      singleKeys: false,
      origins: ["https://slides.example.com", "null"],
      ignored: [],
    });
    expect(parseUrlMoment("keys=1").singleKeys).toBe(true);
    expect(parseUrlMoment("").singleKeys).toBeUndefined();
    expect(parseUrlMoment("theme=high-contrast").theme).toBe("contrast");
    expect(parseUrlMoment("t=1m30s").time).toBe(90_000);
  });

  it("ignores bad values and names them", () => {
    const m = parseUrlMoment("t=soon&step=0&theme=pink&lesson=../x&origins=javascript:alert(1)&keys=off&pace=off");
    expect(m.time).toBeUndefined();
    expect(m.step).toBeUndefined();
    expect(m.theme).toBeUndefined();
    expect(m.lesson).toBeUndefined();
    expect(m.origins).toEqual([]);
    expect(m.singleKeys).toBeUndefined();
    expect(m.autoPace).toBeUndefined();
    expect(m.ignored).toHaveLength(7);
    expect(m.ignored).toContain('pace="off" (expected 0 (Auto-pace off) or 1 (on))');
    expect(parseUrlMoment("pace=0").autoPace).toBe(false);
    expect(parseUrlMoment("pace=1").autoPace).toBe(true);
  });

  it("a yes-or-no parameter is 1, 0 or bare; a step needs a lesson; a parameter given twice keeps its first value; the others are named", () => {
    const m = parseUrlMoment("embed=yes&controls=maybe&paused=true&step=3&speed=4&speed=5");
    expect(m.embed).toBeUndefined();
    expect(m.controls).toBeUndefined();
    expect(m.paused).toBeUndefined();
    expect(m.step).toBeUndefined();
    expect(m.speed).toBe(4);
    expect(m.ignored).toEqual([
      'speed="5" (given 2 times; the first, "4", is used)',
      'paused="true" (expected 1 (open paused) or 0)',
      'step="3" (a step of a lesson: give lesson= too)',
      'embed="yes" (expected 1 (embed mode) or 0)',
      'controls="maybe" (expected 1 (the step bar) or 0)',
    ]);
    expect(parseUrlMoment("embed&paused&controls=0")).toMatchObject({ embed: true, paused: true, controls: false, ignored: [] });
    expect(parseUrlMoment("embed=0&paused=0")).toMatchObject({ embed: false, paused: false, ignored: [] });
    expect(parseUrlMoment("do=1s+stop+node+worker-1&do=2s+start+node+worker-1").ignored).toEqual([]);
  });

  it("writes a link that reads back to the same moment, exactly", () => {
    const moment = {
      seed: 7,
      topology: { masters: 3, workers: 5 },
      actions: [
        { at: 1000, line: "kubectl create deployment web --image=nginx --replicas=3" },
        { at: 42_317, line: "stop node worker-2" },
      ],
      time: 83_456,
      speed: 4,
      autoPace: false,
      paused: true,
      lesson: { id: "worker-dies", step: 3 },
      theme: "dark" as const,
      singleKeys: false,
      embed: true,
      controls: false,
      origins: ["https://slides.example.com"],
      stepZoom: true,
    };
    const q = linkQuery(moment);
    expect(q).toMatch(/^\?lesson=worker-dies&step=3&seed=7&/);
    expect(parseUrlMoment(q)).toMatchObject({
      seed: 7,
      topology: { masters: 3, workers: 5 },
      actions: moment.actions,
      time: 83_456,
      speed: 4,
      autoPace: false,
      paused: true,
      lesson: "worker-dies",
      step: 3,
      theme: "dark",
      singleKeys: false,
      embed: true,
      controls: false,
      origins: ["https://slides.example.com"],
      stepZoom: true,
      ignored: [],
    });
    // Zoom to step is a lesson's: a link outside one does not carry it.
    expect(linkQuery({ ...moment, lesson: null })).not.toContain("zoom=");
    expect(linkQuery({ ...moment, stepZoom: false })).not.toContain("zoom=");
    expect(parseUrlMoment(linkQuery({ ...moment, singleKeys: true })).singleKeys).toBeUndefined();
    // Auto-pace on is the default: not written.
    expect(linkQuery({ ...moment, autoPace: true })).not.toContain("pace=");
    expect(formatLinkTime(90_000)).toBe("90s");
    expect(formatLinkTime(83_456.7)).toBe("83457ms");
  });

  it("zoom=step zooms a lesson to its steps' parts; zoom=fit is the whole cluster; anything else, or step without a lesson, is named", () => {
    expect(parseUrlMoment("?lesson=worker-dies&zoom=step")).toMatchObject({ lesson: "worker-dies", stepZoom: true, ignored: [] });
    expect(parseUrlMoment("?lesson=worker-dies&zoom=fit")).toMatchObject({ stepZoom: false, ignored: [] });
    expect(parseUrlMoment("?zoom=fit")).toMatchObject({ stepZoom: false, ignored: [] });
    const bad = parseUrlMoment("?lesson=worker-dies&zoom=2");
    expect(bad.stepZoom).toBeUndefined();
    expect(bad.ignored).toEqual([`zoom="2" (expected step (zoom to the lesson step's parts) or fit)`]);
    const alone = parseUrlMoment("?zoom=step");
    expect(alone.stepZoom).toBeUndefined();
    expect(alone.ignored).toEqual([`zoom="step" (zooms to a lesson step's parts: give lesson= too)`]);
    // A lesson id that does not read is named for itself, not as a missing lesson.
    const badLesson = parseUrlMoment("?lesson=Bad_Id&zoom=step");
    expect(badLesson.ignored).toEqual([`lesson="Bad_Id" (expected a lesson id such as worker-dies)`]);
    expect(badLesson.stepZoom).toBeUndefined();
  });

  it("keeps an empty action log empty (do=none), not the start state's", () => {
    const q = linkQuery({ seed: 1, topology: { masters: 1, workers: 3 }, actions: [], time: 0, speed: 1, paused: false });
    expect(parseUrlMoment(q).actions).toEqual([]);
  });
});
