import { describe, expect, it } from "vitest";
import { Actor, Machine, Simulation, type Message } from "../sim";
import { BoundedFrequencyRunner } from "./runner";

class Host extends Actor {
  receive(_m: Message): void {}
}

describe("BoundedFrequencyRunner (min 1s, burst 2, max 1h)", () => {
  it("runs at once twice, then at most once a second, and coalesces requests", () => {
    const sim = new Simulation({ seed: 1 });
    const host = sim.addActor(new Host(sim, sim.addMachine(new Machine("m", "worker")), "host"));
    host.start();
    const runs: number[] = [];
    const r = new BoundedFrequencyRunner(host, () => runs.push(sim.now), 1000, 3_600_000, 2);
    r.start();
    for (const t of [0, 10, 20, 30, 40, 2500]) sim.schedule(t, null, () => r.run());
    sim.runUntil(5000);
    // The deferred run waits minInterval after the last run (10ms), as tryRun computes nextPossible.
    expect(runs).toEqual([0, 10, 1010, 2500]);
  });

  it("runs every hour with no requests", () => {
    const sim = new Simulation({ seed: 1 });
    const host = sim.addActor(new Host(sim, sim.addMachine(new Machine("m", "worker")), "host"));
    host.start();
    const runs: number[] = [];
    new BoundedFrequencyRunner(host, () => runs.push(sim.now), 1000, 3_600_000, 2).start();
    sim.runUntil(2 * 3_600_000);
    expect(runs).toEqual([3_600_000, 7_200_000]);
  });
});
