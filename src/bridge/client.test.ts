import { afterEach, describe, expect, it } from "vitest";
import { SimClient } from "./client";
import { inlineClient } from "./inline";
import { PROTOCOL_VERSION, type PageMessage, type WorkerMessage } from "./protocol";
import { FakeWorker } from "./testkit";

const g = globalThis as { Worker?: unknown };
afterEach(() => {
  delete g.Worker;
});

describe("SimClient", () => {
  it("runs the session in-thread where there is no Worker, behind the same interface", () => {
    expect(typeof g.Worker).toBe("undefined");
    const client = inlineClient({ now: () => 0, setTimer: () => () => {} });
    expect(client.mode).toBe("inline");
    const got: WorkerMessage[] = [];
    client.subscribe((m) => {
      got.push(m);
      // Re-entrant sends (an ack from inside a listener) wait their turn instead of nesting.
      if (m.type === "frame") client.send({ type: "ack", seq: m.seq });
    });
    client.send({ type: "init", version: PROTOCOL_VERSION, seed: 1, topology: { masters: 1, workers: 1 }, actions: [], time: 900 });
    client.send({ type: "step" });
    expect(got.map((m) => m.type)).toEqual(["hydrate", "frame"]);
    client.dispose();
    client.send({ type: "step" });
    expect(got.length).toBe(2);
  });

  it("says what is missing when there is no Worker and no inline session", () => {
    expect(typeof g.Worker).toBe("undefined");
    expect(() => new SimClient()).toThrow(/no Worker here, and no inline session/);
  });

  it("starts a module worker, forwards messages both ways, and reports a crash in plain words", () => {
    g.Worker = FakeWorker;
    const client = new SimClient();
    expect(client.mode).toBe("worker");
    const w = FakeWorker.last!;
    expect(w.opts).toEqual({ type: "module" });
    expect(w.url!.pathname.endsWith("/bridge/worker.ts")).toBe(true);
    const got: WorkerMessage[] = [];
    client.subscribe((m) => got.push(m));
    const msg: PageMessage = { type: "play" };
    expect(client.lastRequest()).toBe(0);
    client.send(msg);
    // Numbered, so that the page knows when the simulation has answered it (protocol.ts, PageMessage); acks are not.
    expect(w.posted).toEqual([{ ...msg, req: 1 }]);
    expect(client.lastRequest()).toBe(1);
    client.send({ type: "ack", seq: 4 });
    expect(w.posted.at(-1)).toEqual({ type: "ack", seq: 4 });
    expect(client.lastRequest()).toBe(1);
    w.posted.length = 0;
    w.onmessage!({ data: { type: "commandResult", id: 1, line: "x", t: 0, ok: true } } as MessageEvent);
    w.onerror!({ message: "Uncaught RangeError: too deep", preventDefault() {} } as ErrorEvent);
    expect(got).toEqual([
      { type: "commandResult", id: 1, line: "x", t: 0, ok: true },
      { type: "error", fatal: true, message: "The simulation crashed: Uncaught RangeError: too deep." },
    ]);
    // Restart: the crashed worker is terminated and a fresh one takes its place.
    client.restart();
    expect(w.terminated).toBe(true);
    expect(FakeWorker.last).not.toBe(w);
    client.dispose();
    expect(FakeWorker.last!.terminated).toBe(true);
  });

  it("takes over the worker index.html started early, once; one that failed to load is replaced", () => {
    g.Worker = FakeWorker;
    const early = new FakeWorker(new URL("http://x/assets/worker-abc.js"), { type: "module" });
    const gw = globalThis as { __clusterscopeWorker?: unknown };
    gw.__clusterscopeWorker = early;
    const first = new SimClient();
    expect(FakeWorker.last).toBe(early);
    expect(gw.__clusterscopeWorker).toBeUndefined();
    first.send({ type: "play" });
    expect(early.posted).toEqual([{ type: "play", req: 1 }]);
    const got: WorkerMessage[] = [];
    first.subscribe((m) => got.push(m));
    early.onmessage!({ data: { type: "commandResult", id: 2, line: "y", t: 0, ok: true } } as MessageEvent);
    expect(got).toHaveLength(1);
    // The next client (the lesson planner) starts its own.
    const second = new SimClient();
    expect(FakeWorker.last).not.toBe(early);
    second.dispose();
    first.dispose();

    const failed = Object.assign(new FakeWorker(new URL("http://x/assets/worker-abc.js"), { type: "module" }), { clusterscopeFailed: true });
    gw.__clusterscopeWorker = failed;
    const third = new SimClient();
    expect(failed.terminated).toBe(true);
    expect(FakeWorker.last).not.toBe(failed);
    third.dispose();
  });
});
