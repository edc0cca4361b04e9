import { describe, expect, it, vi } from "vitest";
import { METHODS, allowedOrigins, handleMessage, parentTargets, parseCall, revealCallForKey, targetOrigins, type EmbedApi } from "./messages";

function fakeApi() {
  let step = 1;
  const api: EmbedApi<{ step: number }> = {
    next: vi.fn(() => void step++),
    prev: vi.fn(() => void step--),
    // Six steps, as a lesson would have.
    goto: vi.fn((n: number) => n >= 1 && n <= 6 && ((step = n), true)),
    whyNoGoto: (n: number) => `goto: there is no step ${n}; the lesson "demo" has steps 1 to 6`,
    reset: vi.fn(() => void (step = 1)),
    play: vi.fn(),
    pause: vi.fn(),
    getState: () => ({ step }),
  };
  return api;
}

const HOST = "https://slides.example.com";

describe("the embed's postMessage API", () => {
  it("runs reveal.js-shaped calls from an allowed origin, as objects or JSON strings, and answers with reveal's callback", () => {
    const api = fakeApi();
    const allowed = [HOST];
    expect(handleMessage({ origin: HOST, data: { method: "next", args: [] } }, allowed, api)).toEqual({
      namespace: "clusterscope",
      eventName: "callback",
      call: "next",
      result: null,
      state: { step: 2 },
    });
    handleMessage({ origin: HOST, data: JSON.stringify({ method: "next" }) }, allowed, api);
    expect(api.next).toHaveBeenCalledTimes(2);
    expect(handleMessage({ origin: HOST, data: '{"method":"getState","args":[]}' }, allowed, api)).toMatchObject({ call: "getState", result: { step: 3 } });
    expect(handleMessage({ origin: HOST, data: { method: "goto", args: [5] } }, allowed, api)).toMatchObject({ result: true, state: { step: 5 } });
    // A bad goto changes nothing and says why, in the reply and on the console.
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    expect(handleMessage({ origin: HOST, data: { method: "goto", args: ["x"] } }, allowed, api)).toMatchObject({ result: false, error: 'goto: expected a step number (1 for the first step), got "x"', state: { step: 5 } });
    for (const bad of [true, [2], "", null, 2.5]) expect(handleMessage({ origin: HOST, data: { method: "goto", args: [bad] } }, allowed, api)).toMatchObject({ result: false, error: expect.stringMatching(/^goto: expected a step number/) });
    expect(handleMessage({ origin: HOST, data: { method: "goto", args: [] } }, allowed, api)).toMatchObject({ error: "goto: expected a step number (1 for the first step), got none" });
    expect(handleMessage({ origin: HOST, data: { method: "goto", args: [9] } }, allowed, api)).toMatchObject({ result: false, error: 'goto: there is no step 9; the lesson "demo" has steps 1 to 6', state: { step: 5 } });
    expect(warn).toHaveBeenLastCalledWith('ClusterScope: goto: there is no step 9; the lesson "demo" has steps 1 to 6');
    warn.mockRestore();
    expect(handleMessage({ origin: HOST, data: { method: "goto", args: ["4"] } }, allowed, api)).not.toHaveProperty("error");
    expect(api.getState()).toEqual({ step: 4 });
    handleMessage({ origin: HOST, data: { method: "prev" } }, allowed, api);
    handleMessage({ origin: HOST, data: { method: "reset" } }, allowed, api);
    expect(api.prev).toHaveBeenCalledOnce();
    expect(api.reset).toHaveBeenCalledOnce();
  });

  it("never answers with a top-level `method`: a reveal.js host deck would run it (its next would turn the slide)", () => {
    const api = fakeApi();
    for (const method of METHODS) {
      const reply = handleMessage({ origin: HOST, data: { method, args: [1] } }, [HOST], api);
      const posted = JSON.parse(JSON.stringify(reply)) as Record<string, unknown>;
      expect(posted).not.toHaveProperty("method");
      expect(posted.call).toBe(method);
    }
  });

  it("plays on reveal.js's slide:start and pauses on slide:stop", () => {
    const api = fakeApi();
    handleMessage({ origin: HOST, data: "slide:start" }, [HOST], api);
    handleMessage({ origin: HOST, data: "slide:stop" }, [HOST], api);
    expect(api.play).toHaveBeenCalledOnce();
    expect(api.pause).toHaveBeenCalledOnce();
  });

  it("ignores messages from origins not allowed, changing nothing", () => {
    const api = fakeApi();
    for (const origin of ["https://evil.example", "http://slides.example.com", "null", ""]) {
      expect(handleMessage({ origin, data: { method: "next" } }, [HOST], api)).toBeNull();
      expect(handleMessage({ origin, data: "slide:start" }, [HOST], api)).toBeNull();
    }
    expect(api.next).not.toHaveBeenCalled();
    expect(api.play).not.toHaveBeenCalled();
  });

  it("allows the page's own origin by default, and the null origin only when listed", () => {
    expect(allowedOrigins(undefined, "http://127.0.0.1:4173")).toEqual(["http://127.0.0.1:4173"]);
    expect(allowedOrigins(undefined, "null")).toEqual([]);
    expect(allowedOrigins(["null"], "null")).toEqual(["null"]);
    expect(allowedOrigins([HOST], "http://127.0.0.1:4173")).toEqual([HOST]);
    const api = fakeApi();
    expect(handleMessage({ origin: "null", data: { method: "next" } }, allowedOrigins(undefined, "null"), api)).toBeNull();
    expect(handleMessage({ origin: "null", data: { method: "next" } }, ["null"], api)).not.toBeNull();
  });

  it("ignores what is not a call: unknown methods, other namespaces' events, malformed JSON", () => {
    for (const data of [
      { method: "eval", args: ["x"] },
      { method: "constructor" },
      { namespace: "clusterscope", eventName: "ready", method: "next" },
      "{not json}",
      "next",
      42,
      null,
      { args: [] },
    ]) {
      expect(parseCall(data), JSON.stringify(data)).toBeNull();
    }
    expect(parseCall({ method: "goto", args: 3 })).toEqual({ method: "goto", args: [] });
  });

  it("forwards a clicker's keys to a reveal.js host as its own calls", () => {
    expect(revealCallForKey("PageDown")).toBe('{"method":"next","args":[]}');
    expect(revealCallForKey("PageUp")).toBe('{"method":"prev","args":[]}');
    expect(revealCallForKey("b")).toBe('{"method":"togglePause","args":[]}');
    expect(revealCallForKey(".")).toBe('{"method":"togglePause","args":[]}');
    expect(revealCallForKey("ArrowRight")).toBeNull();
    expect(targetOrigins(["null", HOST])).toEqual(["*", HOST]);
  });
});

describe("posting to the parent", () => {
  it("posts only to the parent's own origin when the page can tell it, and not at all when it is not allowed", () => {
    expect(parentTargets([HOST, "https://other.example"], HOST)).toEqual([HOST]);
    // A host on another origin, without origins=: nothing is posted (no error on the host's console).
    expect(parentTargets(["http://127.0.0.1:4173"], HOST)).toEqual([]);
    expect(parentTargets(["null"], "null")).toEqual(["*"]);
    expect(parentTargets([HOST], "null")).toEqual([]);
    // When it cannot tell: every allowed origin, as before.
    expect(parentTargets([HOST, "null"], null)).toEqual([HOST, "*"]);
  });
});
