import { describe, expect, it } from "vitest";
import { PROTOCOL_VERSION, type ErrorMessage, type FrameMessage, type PageMessage, type WorkerMessage } from "./protocol";
import { fakeSession } from "./testkit";

const errors = (msgs: WorkerMessage[]) => msgs.filter((m): m is ErrorMessage => m.type === "error");
const lastFrame = (msgs: WorkerMessage[]) => msgs.filter((m): m is FrameMessage => m.type === "frame").at(-1)!;

describe("protocol", () => {
  it("answers a version mismatch with a plain-words error and builds nothing", () => {
    const s = fakeSession();
    s.send({ type: "init", version: PROTOCOL_VERSION + 1, seed: 1, topology: { masters: 1, workers: 3 }, actions: [] });
    expect(s.messages).toEqual([
      {
        type: "error",
        fatal: true,
        message: `The page and the simulation are different versions (the page speaks protocol ${PROTOCOL_VERSION + 1}, the simulation ${PROTOCOL_VERSION}). Reload the page to load matching versions.`,
      },
    ]);
    expect(s.session.cluster).toBeNull();
  });

  it("after a mismatched init on a running session, nothing plays until a matching init", () => {
    const s = fakeSession();
    s.init({ play: true });
    expect(s.session.isPlaying).toBe(true);
    s.send({ type: "init", version: PROTOCOL_VERSION + 1, seed: 1, topology: { masters: 1, workers: 3 }, actions: [] });
    expect(s.session.isPlaying).toBe(false);
    const t = s.session.time;
    s.run(1000);
    expect(s.session.time).toBe(t);
    s.send({ type: "play" });
    expect(s.messages.at(-1)).toMatchObject({ type: "error", fatal: false });
    s.init({ play: true });
    s.run(1000);
    expect(s.session.time).toBeGreaterThan(0);
  });

  it("handles every page message type", () => {
    // Keyed by type: adding a PageMessage type without a case here fails to compile.
    const one: { [T in PageMessage["type"]]: Extract<PageMessage, { type: T }> } = {
      init: { type: "init", version: PROTOCOL_VERSION, seed: 2, topology: { masters: 1, workers: 2 }, actions: [{ at: 1000, line: "kubectl create deployment web --image=nginx" }], time: 500 },
      command: { type: "command", id: 1, line: "stop node worker-2" },
      play: { type: "play" },
      pause: { type: "pause" },
      step: { type: "step" },
      speed: { type: "speed", speed: 4 },
      autoPace: { type: "autoPace", on: false },
      seek: { type: "seek", time: 200 },
      ack: { type: "ack", seq: 1 },
      planLesson: {
        type: "planLesson",
        id: 7,
        lesson: {
          id: "tiny",
          seed: 1,
          topology: { masters: 1, workers: 1 },
          steps: [{ title: "scale", actions: ["kubectl create deployment web --image=nginx"], waitFor: { pods: { deployment: "web", status: "Running" } }, maxTime: 60_000 }],
        },
      },
    };
    const s = fakeSession({ autoAck: false });
    const expectNew = (type: WorkerMessage["type"], fn: () => void) => {
      const n = s.messages.length;
      fn();
      const fresh = s.messages.slice(n);
      expect(fresh.map((m) => m.type)).toContain(type);
      return fresh;
    };
    expectNew("hydrate", () => s.send(one.init));
    expect(s.lastHydrate().time).toBe(500);
    // Every other message works after init; ack first, so frames are not held back.
    for (const type of Object.keys(one) as PageMessage["type"][]) {
      if (type === "init") continue;
      s.ack();
      const msg = one[type];
      switch (msg.type) {
        case "command":
          expect(expectNew("commandResult", () => s.send(msg))[0]).toMatchObject({ type: "commandResult", id: 1, ok: true, output: "worker-2 stopped" });
          break;
        case "play":
          expectNew("frame", () => s.send(msg));
          expect(lastFrame(s.messages).status.playing).toBe(true);
          break;
        case "pause":
          expectNew("frame", () => s.send(msg));
          expect(lastFrame(s.messages).status).toMatchObject({ playing: false, rate: 0 });
          break;
        case "step":
          expectNew("frame", () => s.send(msg));
          expect(lastFrame(s.messages).flowsStarted.length).toBeGreaterThan(0);
          break;
        case "speed":
          expectNew("frame", () => s.send(msg));
          expect(lastFrame(s.messages).status.speed).toBe(4);
          break;
        case "autoPace":
          expectNew("frame", () => s.send(msg));
          expect(lastFrame(s.messages).status.autoPace).toBe(false);
          break;
        case "seek":
          expectNew("hydrate", () => s.send(msg));
          expect(s.lastHydrate().time).toBe(200);
          break;
        case "planLesson": {
          const t = s.session.time;
          const [reply] = expectNew("lessonPlan", () => s.send(msg)).filter((m) => m.type === "lessonPlan");
          expect(reply).toMatchObject({ type: "lessonPlan", id: 7, plan: { lessonId: "tiny", steps: [{ met: true }] } });
          // Planned on a cluster of its own: the timeline did not move.
          expect(s.session.time).toBe(t);
          break;
        }
        case "ack": {
          // A frame held back by the missing ack goes out when the ack comes.
          s.send({ type: "play" });
          s.tick();
          s.tick();
          const seq = lastFrame(s.messages).seq;
          expectNew("frame", () => s.send({ type: "ack", seq }));
          break;
        }
      }
    }
    expect(errors(s.messages)).toEqual([]);
  });

  it("says so, without dying, for an unknown message or a message before init", () => {
    const s = fakeSession();
    s.send({ type: "play" });
    expect(errors(s.messages)).toEqual([expect.objectContaining({ fatal: false, message: expect.stringMatching(/not running/) })]);
    s.init({});
    s.send({ type: "rewind" } as unknown as PageMessage);
    expect(errors(s.messages)[1]).toMatchObject({ fatal: false, message: 'The simulation does not understand the message "rewind".' });
    s.send({ type: "play" });
    s.run(100);
    expect(lastFrame(s.messages).status.playing).toBe(true);
  });

  it("leaves out a bad line of an init action log, and says which", () => {
    const s = fakeSession();
    s.init({ actions: [{ at: 5, line: "kubectl frobnicate" }, { at: 10, line: "stop node worker-1" }] });
    expect(errors(s.messages)[0]).toMatchObject({ fatal: false, message: expect.stringContaining('"kubectl frobnicate"') });
    expect(s.lastHydrate().actions).toEqual([{ at: 10, line: "stop node worker-1" }]);
  });
});
