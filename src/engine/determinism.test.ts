import { describe, expect, it } from "vitest";
import { driver } from "./testing/driver";

function transcript(seed: number): string {
  const d = driver(seed);
  const flows: string[] = [];
  d.cluster.sim.observer = {
    flowStarted: (f) => flows.push(`${f.id} ${f.sendTime}->${f.recvTime} ${f.from}->${f.to} ${f.kind} ${f.ref}`),
    flowEnded: () => {},
  };
  d.advance(20_000);
  d.run("kubectl create deployment web --image=nginx --replicas=4");
  d.advance(15_000);
  d.run("kubectl scale deployment web --replicas=2");
  d.run("stop node worker-1");
  d.advance(20_000);
  d.run("kubectl get pods -o wide");
  const events = d.events.map((e) => `${e.t} ${e.ev.reason} ${e.ev.involvedObject.name} ${e.ev.message}`);
  const results = d.results.map((r) => `${r.t} ${r.line} ${JSON.stringify(r.result)}`);
  return [...events, ...results, ...flows, JSON.stringify(d.cluster.objects())].join("\n");
}

describe("determinism", () => {
  it("gives a byte-identical event stream, flow stream and final state for the same seed and actions", () => {
    expect(transcript(11)).toBe(transcript(11));
  });

  it("differs for another seed (names, latencies)", () => {
    expect(transcript(11)).not.toBe(transcript(12));
  });
});
