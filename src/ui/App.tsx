import { useState } from "react";
import { ClusterCanvas } from "../canvas/ClusterCanvas";
import { Inspector } from "../canvas/Inspector";
import { useCluster } from "../store/store";
import { CommandBar } from "./CommandBar";
import { ErrorBanner } from "./ErrorBanner";
import { ErrorBoundary } from "./ErrorBoundary";
import { EventsPanel } from "./EventsPanel";
import { PlaybackBar } from "./PlaybackBar";
import { SimClock } from "./SimClock";
import { Toolbar } from "./Toolbar";
import "./app.css";

/**
 * The live page, sized for a 1280×720 projector: the header with the true sim clock and the toolbar,
 * the cluster, the events (or the inspector) on the right, and the playback and command bars below.
 */
/**
 * Below this width the events start folded: at 1280×720 on a projector the cluster needs the whole
 * width to be readable (machine names ≥ 18 px at fit-to-view). One click shows them.
 */
const EVENTS_OPEN_MIN_WIDTH = 1500;

export function App() {
  const [eventsHidden, setEventsHidden] = useState(() => typeof window !== "undefined" && window.innerWidth < EVENTS_OPEN_MIN_WIDTH);
  const inspecting = useCluster((s) => s.selection !== null);
  return (
    <div className={eventsHidden && !inspecting ? "app sidebar-folded" : "app"}>
      <header className="app-header">
        <div className="brand">
          <img className="brand-mark" src={`${import.meta.env.BASE_URL}favicon.svg`} alt="" width="32" height="32" />
          <h1>ClusterScope</h1>
        </div>
        <SimClock />
        <Toolbar />
      </header>
      <ErrorBanner />
      <main className="app-main">
        <div className="canvas-area">
          <ErrorBoundary what="The cluster picture">
            <ClusterCanvas store={useCluster} />
          </ErrorBoundary>
        </div>
        {/* The inspector opens over the events, so the whole cluster stays in view; it lists the selection's own events. */}
        <div className="sidebar">
          <ErrorBoundary what="The events list">
            <EventsPanel collapsed={eventsHidden} onToggle={() => setEventsHidden((h) => !h)} />
          </ErrorBoundary>
          <ErrorBoundary what="The inspector">
            <Inspector store={useCluster} className="sidebar-inspector" />
          </ErrorBoundary>
        </div>
      </main>
      <footer className="dock">
        <PlaybackBar />
        <CommandBar />
      </footer>
    </div>
  );
}
