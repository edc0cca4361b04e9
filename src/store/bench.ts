/**
 * Bridge and store benchmark (not a test): prints JSON. Run with `npx tsx src/store/bench.ts`.
 *
 * - frame sizes (JSON.stringify length) at 1× with auto-pacing: the default start state, and 20 workers
 *   with a 300-replica deployment (while it is created, and once it runs);
 * - hydrate sizes;
 * - the time to seek back 10 min of sim time on the default cluster (a rebuild and replay);
 * - the session's tick cost (CPU ms per tick);
 * - the page's cost to apply a frame to the store (main-thread ms per frame).
 *
 * The session runs on a simulated wall clock that advances 1/60 s per tick plus the real time the tick
 * took (so the CPU budget per tick behaves as in the worker). The page acks every frame at once.
 */
import { PROTOCOL_VERSION, type LoggedAction, type WorkerMessage } from "../bridge/protocol";
import { Session, TICK_MS } from "../bridge/session";
import type { SimConnection, SimListener } from "../bridge/client";
import type { Topology } from "../engine/topology";
import { createClusterStore } from "./store";

function stats(xs: number[]) {
  const s = xs.slice().sort((a, b) => a - b);
  const q = (p: number) => (s.length ? s[Math.min(s.length - 1, Math.floor(p * s.length))] : 0);
  const round = (x: number) => Math.round(x * 1000) / 1000;
  return { n: s.length, mean: round(s.reduce((a, b) => a + b, 0) / (s.length || 1)), p50: round(q(0.5)), p95: round(q(0.95)), max: round(s[s.length - 1] ?? 0) };
}

function harness(topology: Topology, actions: LoggedAction[], time: number, speed = 1) {
  let wall = 0;
  let tickStartReal = 0;
  let inTick = false;
  let timer: (() => void) | null = null;
  const frames: number[] = [];
  const hydrates: number[] = [];
  // The page: a real store, fed structured clones (as postMessage delivers them), timed per frame.
  let listener: SimListener | null = null;
  const conn: SimConnection = { send: () => {}, subscribe: (l) => ((listener = l), () => {}), restart: () => {} };
  createClusterStore(conn, { now: () => wall });
  const applyCost: number[] = [];
  const session: Session = new Session({
    now: () => wall + (inTick ? performance.now() - tickStartReal : 0),
    post: (m: WorkerMessage) => {
      if (m.type === "frame") {
        frames.push(JSON.stringify(m).length);
        const copy = structuredClone(m);
        queueMicrotask(() => {
          const t0 = performance.now();
          listener?.(copy);
          applyCost.push(performance.now() - t0);
          session.receive({ type: "ack", seq: m.seq });
        });
      } else if (m.type === "hydrate") {
        hydrates.push(JSON.stringify(m).length);
        listener?.(structuredClone(m));
      }
    },
    setTimer: (fn) => ((timer = fn), () => (timer = null)),
  });
  session.receive({ type: "init", version: PROTOCOL_VERSION, seed: 1, topology, actions, time, play: true, speed });
  const tickCost: number[] = [];
  return {
    session,
    frames,
    hydrates,
    tickCost,
    applyCost,
    async run(ms: number, until?: () => boolean) {
      const end = wall + ms;
      while (wall < end && !(until && until())) {
        wall += TICK_MS;
        const t = timer;
        timer = null;
        inTick = true;
        tickStartReal = performance.now();
        t?.();
        const cost = performance.now() - tickStartReal;
        inTick = false;
        wall += cost;
        tickCost.push(cost);
        await Promise.resolve();
      }
    },
  };
}

const CREATE = (n: number): LoggedAction[] => [{ at: 1000, line: `kubectl create deployment web --image=nginx --replicas=${n}` }];

async function main() {
  const out: Record<string, unknown> = {};

  // Default cluster, start state, 60 s of wall time at 1×.
  {
    const h = harness({ masters: 1, workers: 3 }, CREATE(3), 900);
    await h.run(60_000);
    out.default1x = { wallS: 60, simMsReached: Math.round(h.session.time), hydrateBytes: h.hydrates[0], frameBytes: stats(h.frames), tickMs: stats(h.tickCost), storeApplyMs: stats(h.applyCost) };
  }

  // 20 workers, 300 pods: at 1× from the deployment's creation; then at steady state (hydrated at 120 s).
  {
    const topo = { masters: 1, workers: 20 };
    const h = harness(topo, CREATE(300), 900);
    await h.run(30_000);
    const creating = { wallS: 30, simMsReached: Math.round(h.session.time), frameBytes: stats(h.frames), tickMs: stats(h.tickCost), storeApplyMs: stats(h.applyCost) };
    const t0 = performance.now();
    const h2 = harness(topo, CREATE(300), 120_000);
    const initMs = performance.now() - t0;
    const pods = h2.session.cluster!.objects().filter((o) => o.kind === "Pod").length;
    await h2.run(30_000);
    const fast = harness(topo, CREATE(300), 120_000, 100);
    await fast.run(10_000);
    out.workers20pods300 = {
      pods,
      creating1x: creating,
      steady: { hydrateBytes: h2.hydrates[0], initToHydrateMs: Math.round(initMs), wallS: 30, simMsReached: Math.round(h2.session.time), frameBytes: stats(h2.frames), tickMs: stats(h2.tickCost), storeApplyMs: stats(h2.applyCost) },
      steady100x: { wallS: 10, simMsReached: Math.round(fast.session.time), frameBytes: stats(fast.frames), tickMs: stats(fast.tickCost), storeApplyMs: stats(fast.applyCost) },
    };
  }

  // Seek back 10 minutes on the default cluster (rebuild from the seed and replay), and forward again.
  {
    const actions: LoggedAction[] = [...CREATE(3), { at: 120_000, line: "stop node worker-1" }, { at: 400_000, line: "start node worker-1" }];
    const h = harness({ masters: 1, workers: 3 }, actions, 1_200_000);
    const seeks: Record<string, number> = {};
    for (const [name, t] of [
      ["from20min_back10min_to_10min", 600_000],
      ["back9min_to_60s", 60_000],
      ["forward_to_20min_live", 1_200_000],
      ["back_to_0", 0],
    ] as const) {
      const t0 = performance.now();
      h.session.receive({ type: "seek", time: t });
      seeks[name] = Math.round((performance.now() - t0) * 10) / 10;
    }
    const t0 = performance.now();
    harness({ masters: 1, workers: 3 }, actions, 600_000);
    seeks.init_at_10min = Math.round((performance.now() - t0) * 10) / 10;
    out.seekMs = seeks;
  }

  console.log(JSON.stringify(out, null, 2));
}

void main();
