import { describe, expect, it } from "vitest";
import { Actor, Machine, Simulation, type Message } from "../sim";
import { WorkQueue } from "./workqueue";

class Owner extends Actor {
  receive(_m: Message): void {}
}

function setup(workers: number, syncMs: number) {
  const sim = new Simulation({ seed: 1 });
  const m = sim.addMachine(new Machine("m", "worker"));
  const owner = sim.addActor(new Owner(sim, m, "owner"));
  owner.start();
  const synced: string[] = [];
  let concurrent = 0;
  let maxConcurrent = 0;
  const q = new WorkQueue(
    owner,
    (key, done) => {
      synced.push(key);
      concurrent++;
      maxConcurrent = Math.max(maxConcurrent, concurrent);
      owner.after(syncMs, () => {
        concurrent--;
        done();
      });
    },
    workers,
  );
  return { sim, q, synced, owner, max: () => maxConcurrent };
}

describe("WorkQueue", () => {
  it("deduplicates keys that are waiting", () => {
    const { sim, q, synced } = setup(1, 5);
    q.add("a");
    q.add("a");
    q.add("b");
    sim.runUntil(100);
    expect(synced).toEqual(["a", "b"]);
  });

  it("never syncs one key twice at once, and re-runs a key dirtied while syncing", () => {
    const { sim, q, synced } = setup(5, 10);
    q.add("a");
    sim.runUntil(3);
    q.add("a");
    q.add("a");
    sim.runUntil(100);
    expect(synced).toEqual(["a", "a"]);
  });

  it("runs at most N syncs in parallel", () => {
    const { sim, q, synced, max } = setup(2, 10);
    for (const k of ["a", "b", "c", "d", "e"]) q.add(k);
    sim.runUntil(200);
    expect(synced).toEqual(["a", "b", "c", "d", "e"]);
    expect(max()).toBe(2);
  });

  it("stops with its owner", () => {
    const { sim, q, synced, owner } = setup(1, 10);
    q.add("a");
    owner.stop();
    sim.runUntil(100);
    expect(synced).toEqual([]);
  });
});
