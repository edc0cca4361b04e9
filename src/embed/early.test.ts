import { describe, expect, it, vi } from "vitest";
import { MessageQueue } from "./early";

const HOST = "https://slides.example.com";
const msg = (data: unknown, origin = HOST) => ({ origin, data });

describe("the early message listener's queue", () => {
  it("keeps the calls that come before the API is ready and replays them in order, then passes later ones straight on", () => {
    const q = new MessageQueue<{ origin: string; data: unknown }>([HOST]);
    q.push(msg("slide:start"));
    q.push(msg('{"method":"next","args":[]}'));
    q.push(msg({ method: "goto", args: [3] }));
    expect(q.pending).toBe(3);
    const seen: unknown[] = [];
    q.take((m) => seen.push(m.data));
    expect(seen).toEqual(["slide:start", '{"method":"next","args":[]}', { method: "goto", args: [3] }]);
    expect(q.pending).toBe(0);
    q.push(msg("slide:stop"));
    expect(seen.at(-1)).toBe("slide:stop");
    expect(q.pending).toBe(0);
  });

  it("drops what the API would ignore: other origins, the null origin unless listed, what is not a call", () => {
    const q = new MessageQueue<{ origin: string; data: unknown }>([HOST]);
    for (const origin of ["https://evil.example", "http://slides.example.com", "null", ""]) q.push(msg("slide:start", origin));
    for (const data of ["next", { method: "eval" }, { namespace: "clusterscope", eventName: "ready" }, 42]) q.push(msg(data));
    expect(q.pending).toBe(0);
    const handler = vi.fn();
    q.take(handler);
    q.push(msg("slide:start", "https://evil.example"));
    expect(handler).not.toHaveBeenCalled();

    const withNull = new MessageQueue<{ origin: string; data: unknown }>(["null"]);
    withNull.push(msg("slide:start", "null"));
    withNull.push(msg("slide:start"));
    expect(withNull.pending).toBe(1);
    const none = new MessageQueue<{ origin: string; data: unknown }>([]);
    none.push(msg("slide:start", "null"));
    expect(none.pending).toBe(0);
  });

  it("keeps a call that comes while the queue is being replayed after those already waiting", () => {
    const q = new MessageQueue<{ origin: string; data: unknown }>([HOST]);
    q.push(msg({ method: "next" }));
    q.push(msg({ method: "prev" }));
    const seen: string[] = [];
    q.take((m) => {
      const method = (m.data as { method: string }).method;
      seen.push(method);
      if (method === "next") q.push(msg({ method: "play" }));
    });
    expect(seen).toEqual(["next", "prev", "play"]);
  });

  it("a call that throws while the queue is replayed does not stop the ones after it, nor later ones", () => {
    const q = new MessageQueue<{ origin: string; data: unknown }>([HOST]);
    q.push(msg({ method: "next" }));
    q.push(msg({ method: "prev" }));
    const seen: string[] = [];
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    q.take((m) => {
      const method = (m.data as { method: string }).method;
      seen.push(method);
      if (method === "next") throw new Error("boom");
    });
    q.push(msg({ method: "play" }));
    expect(seen).toEqual(["next", "prev", "play"]);
    expect(error).toHaveBeenCalledTimes(1);
    error.mockRestore();
  });
});
