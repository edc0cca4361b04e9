/**
 * DEV ONLY: a page to look at the canvas without the App shell, driven by the in-thread fake store.
 * `npx vite --port 5199`, then http://127.0.0.1:5199/src/canvas/dev/preview.html?masters=1&workers=3
 * Query: masters, workers, replicas, t (sim ms to start at), play=0, seed.
 * `window.__preview` exposes the fake cluster for scripted screenshots (dev/shots.mjs).
 */
import { StrictMode, useEffect, useState } from "react";
import { createRoot } from "react-dom/client";
import { useStore } from "zustand";
import { ClusterCanvas } from "../ClusterCanvas";
import { Inspector } from "../Inspector";
import { flowLayerStats, resetFlowLayerStats } from "../FlowLayer";
import { stateNow } from "../canvasStore";
import { createFakeCluster, type FakeCluster } from "./fakeState";
import { runSyntheticFlows } from "./syntheticFlows";

const q = new URLSearchParams(location.search);
const num = (k: string, d: number) => (q.has(k) ? Number(q.get(k)) : d);
const replicas = num("replicas", 3);
const fake = createFakeCluster({
  seed: num("seed", 1),
  topology: { masters: num("masters", 1), workers: num("workers", 3) },
  actions: replicas > 0 ? [{ at: 1_000, line: `kubectl create deployment web --image=nginx --replicas=${replicas}` }] : [],
  startAt: num("t", 0),
  play: q.get("play") !== "0",
});

declare global {
  interface Window {
    __preview: {
      fake: FakeCluster;
      stats: typeof flowLayerStats;
      resetStats: typeof resetFlowLayerStats;
      perf: (o?: Parameters<typeof runSyntheticFlows>[1]) => ReturnType<typeof runSyntheticFlows>;
    };
  }
}
window.__preview = {
  fake,
  stats: flowLayerStats,
  resetStats: resetFlowLayerStats,
  perf: (o) => {
    fake.store.getState().pause();
    return runSyntheticFlows(fake.store, o);
  },
};

function Clock() {
  const [t, setT] = useState(0);
  useEffect(() => {
    let raf = 0;
    const loop = () => {
      setT(Math.floor(stateNow(fake.store.getState())));
      raf = requestAnimationFrame(loop);
    };
    raf = requestAnimationFrame(loop);
    return () => cancelAnimationFrame(raf);
  }, []);
  const s = t / 1000;
  return <span style={{ fontVariantNumeric: "tabular-nums" }}>sim {s.toFixed(3)} s</span>;
}

function Preview() {
  const open = useStore(fake.store, (s) => s.selection !== null);
  const playing = useStore(fake.store, (s) => s.playback.playing);
  return (
    <div style={{ display: "grid", gridTemplateRows: "62px 1fr 106px", height: "100%", fontFamily: "system-ui, sans-serif" }}>
      <header style={{ display: "flex", alignItems: "center", gap: 16, padding: "0 16px", background: "#0f172a", color: "#fff", fontSize: 18 }}>
        <strong>ClusterScope</strong> <span>canvas preview (dev)</span> <Clock />
      </header>
      <main style={{ display: "grid", gridTemplateColumns: open ? "1fr 440px" : "1fr", minHeight: 0 }}>
        <ClusterCanvas store={fake.store} />
        {open && <Inspector store={fake.store} />}
      </main>
      <footer style={{ display: "flex", alignItems: "center", gap: 12, padding: "0 16px", background: "#e2e8f0", borderTop: "2px solid #94a3b8" }}>
        <button type="button" onClick={() => fake.store.getState().togglePlay()} style={{ fontSize: 16, padding: "6px 14px" }}>
          {playing ? "Pause" : "Play"}
        </button>
        <span>(stand-in for the playback bar)</span>
      </footer>
    </div>
  );
}

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <Preview />
  </StrictMode>,
);
