/**
 * DEV ONLY: measures the canvas under load without the engine's cost. Freezes the fake cluster
 * (e.g. 20 workers, 300 pods) and feeds the store synthetic "worker frames" (at `frameHz`) that keep
 * about `inFlight` flows on the real wires, with the sim clock moving at `rate`. Reports the
 * requestAnimationFrame deltas, the FlowLayer loop's own cost per frame, and the main-thread time each
 * frame's store update costs (setState plus React's synchronous re-render, which runs in a microtask).
 */
import type { StoreApi } from "zustand/vanilla";
import type { Flow } from "../../engine/sim";
import type { ClusterStore } from "../../store/types";
import { ALL_FLOW_KINDS } from "../flowKinds";
import { flowLayerStats, resetFlowLayerStats } from "../FlowLayer";
import { stateNow } from "../canvasStore";

export interface PerfOptions {
  inFlight?: number;
  /** Sim ms per wall ms (0.004: a 2–4 ms message takes 0.5–1 s). */
  rate?: number;
  frameHz?: number;
  seconds?: number;
}

export interface PerfResult {
  seconds: number;
  frames: number;
  rafDeltaMs: { p50: number; p95: number; p99: number; max: number };
  flowLoopMs: { p50: number; p95: number; max: number; mean: number };
  storeUpdateMs: { p50: number; p95: number; max: number; count: number };
  tokensShown: number;
  pods: number;
  flowsInStore: number;
}

const pct = (xs: number[], p: number) => {
  if (!xs.length) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return +s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))].toFixed(2);
};

function wirePairs(store: StoreApi<ClusterStore>): [string, string][] {
  const comps = Object.values(store.getState().components);
  const pairs: [string, string][] = [["kubectl", "load-balancer"]];
  for (const c of comps) {
    const m = c.machine;
    switch (c.component) {
      case "kubelet":
        pairs.push([c.id, "load-balancer"], [c.id, `containerd@${m}`]);
        break;
      case "kube-proxy":
        pairs.push([c.id, "load-balancer"]);
        break;
      case "containerd":
        pairs.push([c.id, "image-registry"]);
        break;
      case "kube-apiserver":
        pairs.push(["load-balancer", c.id], [c.id, `etcd@${m}`]);
        break;
      case "kube-scheduler":
      case "kube-controller-manager":
        pairs.push([c.id, `kube-apiserver@${m}`]);
        break;
    }
  }
  return pairs;
}

export function runSyntheticFlows(store: StoreApi<ClusterStore>, options: PerfOptions = {}): Promise<PerfResult> {
  const inFlight = options.inFlight ?? 300;
  const rate = options.rate ?? 0.004;
  const frameHz = options.frameHz ?? 30;
  const seconds = options.seconds ?? 10;
  const pairs = wirePairs(store);
  let seed = 12345;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  let nextId = 1_000_000_000;
  const storeMs: number[] = [];
  const deltas: number[] = [];

  // Start the clock moving from the store's time.
  store.setState({ clock: { time: store.getState().clock.time, wall: performance.now(), rate }, flows: {} });

  const tick = () => {
    const wall = performance.now();
    const s = store.getState();
    const now = stateNow(s, wall);
    const flows: Record<number, Flow> = {};
    let n = 0;
    for (const f of Object.values(s.flows)) {
      if (f.recvTime > now) {
        flows[f.id] = f;
        n++;
      }
    }
    while (n < inFlight) {
      const [from, to] = pairs[Math.floor(rnd() * pairs.length)];
      const back = rnd() < 0.5;
      const dur = 2 + rnd() * 2;
      const sendTime = now - rnd() * dur * (n < inFlight / 2 ? 1 : 0.2);
      const id = nextId++;
      flows[id] = { id, from: back ? to : from, to: back ? from : to, kind: ALL_FLOW_KINDS[Math.floor(rnd() * ALL_FLOW_KINDS.length)], ref: "synthetic", sendTime, recvTime: sendTime + dur };
      n++;
    }
    const t0 = performance.now();
    store.setState({ flows, clock: { time: now, wall, rate } });
    queueMicrotask(() => storeMs.push(performance.now() - t0));
  };

  return new Promise((resolve) => {
    resetFlowLayerStats();
    const timer = setInterval(tick, 1000 / frameHz);
    let last = performance.now();
    const start = last;
    const raf = (t: number) => {
      deltas.push(t - last);
      last = t;
      if (t - start < seconds * 1000) requestAnimationFrame(raf);
      else {
        clearInterval(timer);
        const loop = flowLayerStats.samples;
        resolve({
          seconds,
          frames: deltas.length,
          rafDeltaMs: { p50: pct(deltas, 50), p95: pct(deltas, 95), p99: pct(deltas, 99), max: +Math.max(...deltas).toFixed(2) },
          flowLoopMs: { p50: pct(loop, 50), p95: pct(loop, 95), max: +flowLayerStats.maxMs.toFixed(2), mean: +(flowLayerStats.totalMs / Math.max(1, flowLayerStats.frames)).toFixed(3) },
          storeUpdateMs: { p50: pct(storeMs, 50), p95: pct(storeMs, 95), max: +Math.max(...storeMs).toFixed(2), count: storeMs.length },
          tokensShown: flowLayerStats.tokens,
          pods: Object.values(store.getState().objects).filter((o) => o.resource === "pods").length,
          flowsInStore: Object.keys(store.getState().flows).length,
        });
      }
    };
    requestAnimationFrame(raf);
  });
}
