import { useMemo } from "react";
import { buildInitialView } from "./initialView";
import { formatSimClock } from "./labels";
import { StaticCluster } from "./StaticCluster";
import "./app.css";

export function App() {
  const view = useMemo(() => buildInitialView(), []);
  return (
    <div className="app">
      <header className="app-header">
        <div className="brand">
          <img className="brand-mark" src={`${import.meta.env.BASE_URL}favicon.svg`} alt="" width="36" height="36" />
          <h1>ClusterScope</h1>
          <p className="tagline">See how Kubernetes works inside.</p>
        </div>
        <p className="sim-clock">
          Sim time <time className="sim-clock-value">{formatSimClock(view.time)}</time>
        </p>
      </header>
      <main>
        <StaticCluster view={view} />
      </main>
    </div>
  );
}
