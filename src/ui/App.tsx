import { useCallback, useState, type ReactNode } from "react";
import { ClusterCanvas } from "../canvas/ClusterCanvas";
import { Inspector } from "../canvas/Inspector";
import { appSettings, useSettings, useSingleKey } from "../store/settings";
import { useCluster } from "../store/store";
import { CommandBar } from "./CommandBar";
import { DisplayDialog } from "./DisplayDialog";
import { ErrorBanner } from "./ErrorBanner";
import { ErrorBoundary } from "./ErrorBoundary";
import { EventsPanel } from "./EventsPanel";
import { HelpDialog } from "./HelpDialog";
import { LessonAnnouncer, LessonHighlight, LessonPanel, LessonsButton, useLessonOpen, useStepParts } from "./LessonPanel";
import { LinkNotice } from "./LinkNotice";
import { MomentWaiting } from "./MomentWaiting";
import { useReducedMotionSetting } from "../store/settings";
import { MotionNarrator } from "./MotionNarrator";
import { PlaybackBar } from "./PlaybackBar";
import { usePresenterKeys } from "./PresenterKeys";
import { SimClock } from "./SimClock";
import { StepBar } from "./StepBar";
import { Toolbar } from "./Toolbar";
import { usePresentationAttributes } from "./usePresentation";
import logoUrl from "./logo.svg";
import "./app.css";
import "./themes.css";
import { ZoomAnnouncer } from "./ZoomAnnouncer";

/**
 * Below this width the events start folded: at 1280×720 on a projector the cluster needs the whole
 * width to be readable (machine names ≥ 18 px at fit-to-view). One click shows them.
 */
const EVENTS_OPEN_MIN_WIDTH = 1500;

type Open = null | "present" | "help";

/**
 * The live page, sized for a 1280×720 projector: the header with the true sim clock, the toolbar and
 * "Present", the cluster, the events (or the inspector) on the right, and the playback and command
 * bars below. With `?embed=1` (slides): just the cluster and, unless `controls=0`, the step bar.
 */
export function App() {
  const [open, setOpen] = useState<Open>(null);
  const showHelp = useCallback(() => setOpen("help"), []);
  const embed = useSettings((s) => s.embed);
  const controls = useSettings((s) => s.controls);
  usePresentationAttributes();
  usePresenterKeys(showHelp);

  const dialogs = (
    <>
      {open === "present" && <DisplayDialog onClose={() => setOpen(null)} onHelp={showHelp} />}
      {open === "help" && <HelpDialog onClose={() => setOpen(null)} />}
    </>
  );

  if (embed) {
    return (
      <div className="app app-embed">
        <ErrorBanner />
        <main className="app-main">
          <CanvasArea />
        </main>
        {controls && <StepBar onHelp={showHelp} />}
        {/* No lesson panel here: its narration is still read out, step by step. */}
        <LessonAnnouncer />
        {dialogs}
      </div>
    );
  }
  return <FullPage onPresent={() => setOpen("present")} dialogs={dialogs} />;
}

/** The cluster picture with what narrates and outlines it: the same in embed mode and on the full page. */
function CanvasArea() {
  // Under reduced motion the words of what moved take a strip under the picture, never over it.
  const reduced = useReducedMotionSetting();
  const stepParts = useStepParts();
  const stepZoom = useSettings((s) => s.stepZoom);
  const stepZoomKey = useSingleKey("Z");
  return (
    <div className={reduced ? "canvas-area with-narration" : "canvas-area"}>
      <ErrorBoundary what="The cluster picture">
        <ClusterCanvas store={useCluster} stepParts={stepParts} stepZoom={stepZoom} onStepZoom={appSettings().getState().setStepZoom} stepZoomKey={stepZoomKey} />
      </ErrorBoundary>
      <MotionNarrator />
      <ZoomAnnouncer parts={stepParts} />
      <LessonHighlight />
      <LinkNotice />
      <MomentWaiting />
    </div>
  );
}

function FullPage({ onPresent, dialogs }: { onPresent: () => void; dialogs: ReactNode }) {
  const [eventsHidden, setEventsHidden] = useState(() => typeof window !== "undefined" && window.innerWidth < EVENTS_OPEN_MIN_WIDTH);
  const inspecting = useCluster((s) => s.selection !== null);
  const lessonOpen = useLessonOpen();
  return (
    <div className={`app${eventsHidden && !inspecting ? " sidebar-folded" : ""}${lessonOpen ? " with-lesson" : ""}`}>
      <header className="app-header">
        <div className="brand">
          <img className="brand-mark" src={logoUrl} alt="" width="32" height="32" />
          <h1>ClusterScope</h1>
        </div>
        <SimClock />
        <Toolbar />
        <LessonsButton />
        {/* Copy link, Export PNG, the keys (also "?") and the display settings are in "Present". */}
        <button type="button" className="btn present-button" onClick={onPresent} aria-haspopup="dialog">
          Present
        </button>
      </header>
      <ErrorBanner />
      <main className="app-main">
        <CanvasArea />
        {/* The inspector opens over the events, so the whole cluster stays in view; it lists the selection's own events. */}
        <div className="sidebar">
          <ErrorBoundary what="The events list">
            <EventsPanel collapsed={eventsHidden} onToggle={() => setEventsHidden((h) => !h)} />
          </ErrorBoundary>
          <ErrorBoundary what="The lesson">
            <LessonPanel />
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
      <LessonAnnouncer />
      {dialogs}
    </div>
  );
}
