import { Cluster } from "../cluster";
import type { KEvent, KObject, Pod } from "../api/types";
import type { ActionResult } from "../kubectl/action";
import { parseAction } from "../kubectl/parse";
import type { Topology } from "../topology";

/** Drives a cluster with action lines, as the CLI does, recording events and results. */
export function driver(seed: number, topology?: Topology) {
  const cluster = new Cluster({ seed, topology });
  const events: { t: number; ev: KEvent }[] = [];
  cluster.onEvent((ev, t) => events.push({ t, ev }));
  const results: { t: number; line: string; result: ActionResult }[] = [];
  return {
    cluster,
    events,
    results,
    /** Runs `line` now and the simulation until its result comes back (at most 60 s of sim time). */
    run(line: string): ActionResult {
      const action = parseAction(line);
      if ("error" in action) return { ok: false, error: action.error };
      let out: ActionResult | undefined;
      cluster.execute(action, (r) => (out = r));
      // A read with no etcd quorum waits out the API server's 60 s request timeout: a little more.
      const limit = cluster.now + 90_000;
      while (!out && cluster.now < limit) cluster.runUntil(cluster.now + 10);
      if (!out) throw new Error(`no result for ${line}`);
      results.push({ t: cluster.now, line, result: out });
      return out;
    },
    advance(ms: number): void {
      cluster.runUntil(cluster.now + ms);
    },
    objects<T extends KObject>(kind: string): T[] {
      return cluster.objects().filter((o) => o.kind === kind) as T[];
    },
    pods(): Pod[] {
      return cluster.objects().filter((o): o is Pod => o.kind === "Pod");
    },
    eventsFor(kind: string, name: string): KEvent[] {
      return events.filter((e) => e.ev.involvedObject.kind === kind && e.ev.involvedObject.name === name).map((e) => e.ev);
    },
  };
}
