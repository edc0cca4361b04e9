import { useEffect, useRef, type KeyboardEvent } from "react";
import { scrubTarget } from "./keyboard";
import * as presenter from "./presenter";
import { formatSimClock } from "./labels";
import { SPEED_STOPS, formatSpeed, nudgeSpeed, speedToStop, stopToSpeed } from "./speed";
import { simNow, useCluster } from "../store/store";
import { useSingleKey } from "../store/settings";
import { useSimNowPainter } from "./useSimNow";
import { TIMELINE_STEP_MS, afterClock, stepBase, type PendingSeek } from "./timeline";

/**
 * Playback controls: play/pause (Space outside a lesson and a control, src/ui/PresenterKeys.tsx), back
 * a step and step to the next message (← and →), speed
 * on a log scale, auto-pacing, and the timeline from 0 to the furthest time reached.
 */
export function PlaybackBar() {
  const playing = useCluster((s) => s.playback.playing);
  const speed = useCluster((s) => s.playback.speed);
  const autoPace = useCluster((s) => s.playback.autoPace);
  const togglePlay = useCluster((s) => s.togglePlay);
  const setSpeed = useCluster((s) => s.setSpeed);
  const setAutoPace = useCluster((s) => s.setAutoPace);

  const spaceKey = useSingleKey("Space");
  return (
    <section className="playback" aria-label="Playback">
      <button type="button" className="btn btn-primary play-button" onClick={togglePlay} aria-keyshortcuts={spaceKey}>
        <PlayIcon playing={playing} />
        {playing ? "Pause" : "Play"}
      </button>
      <button type="button" className="btn" onClick={presenter.prev} aria-keyshortcuts="ArrowLeft PageUp" aria-label="Back a step" title="Back a step (←)">
        <StepIcon back />
        Back
      </button>
      <button type="button" className="btn" onClick={presenter.next} aria-keyshortcuts="ArrowRight PageDown">
        <StepIcon />
        Step to next message
      </button>

      <div className="speed" role="group" aria-label="Speed">
        <span className="control-label" aria-hidden="true">
          Speed
        </span>
        <button type="button" className="btn btn-icon" aria-label="Slower" title="Slower" onClick={() => setSpeed(nudgeSpeed(speed, -1))} disabled={speedToStop(speed) === 0}>
          −
        </button>
        <input
          type="range"
          className="speed-slider"
          aria-label="Speed"
          min={0}
          max={SPEED_STOPS.length - 1}
          step={1}
          value={speedToStop(speed)}
          aria-valuetext={formatSpeed(speed)}
          onChange={(e) => setSpeed(stopToSpeed(Number(e.currentTarget.value)))}
        />
        <button
          type="button"
          className="btn btn-icon"
          aria-label="Faster"
          title="Faster"
          onClick={() => setSpeed(nudgeSpeed(speed, 1))}
          disabled={speedToStop(speed) === SPEED_STOPS.length - 1}
        >
          +
        </button>
        <output className="speed-value" aria-hidden="true">
          {formatSpeed(speed)}
        </output>
      </div>

      <label className="toggle">
        <input type="checkbox" checked={autoPace} onChange={(e) => setAutoPace(e.currentTarget.checked)} aria-describedby="auto-pace-hint" />
        Auto-pace
        <span id="auto-pace-hint" className="visually-hidden">
          Slow down while messages are in flight, fast-forward through quiet waits.
        </span>
      </label>

      <Timeline />
    </section>
  );
}

/**
 * The timeline scrubber, 0 to the furthest sim time reached. It follows the sim clock through a ref
 * (no render per frame). Keys: ←/→ one second, Shift ten, Home/End the ends (PageUp/PageDown step the
 * lesson, as a clicker's keys do everywhere: src/ui/keyboard.ts). Dragging seeks as it goes; the store sends one seek at a time and only the latest waiting one.
 * A key pressed again before the last seek shows on the clock steps from that seek's target
 * (src/ui/timeline.ts), so quick presses add up.
 */
function Timeline() {
  const inputRef = useRef<HTMLInputElement>(null);
  const labelRef = useRef<HTMLSpanElement>(null);
  const dragging = useRef(false);
  // The last seek asked for until the clock shows it.
  const pending = useRef<PendingSeek | null>(null);
  useEffect(
    () =>
      useCluster.subscribe((s, prev) => {
        if (s.clock !== prev.clock) pending.current = afterClock(pending.current, s.clock.time);
      }),
    [],
  );
  // A drag ends on any pointerup or pointercancel, let go on the slider or outside it.
  useEffect(() => {
    const release = () => (dragging.current = false);
    window.addEventListener("pointerup", release);
    window.addEventListener("pointercancel", release);
    return () => {
      window.removeEventListener("pointerup", release);
      window.removeEventListener("pointercancel", release);
    };
  }, []);
  const seekTo = (target: number) => {
    const state = useCluster.getState();
    pending.current = { target, from: state.clock.time, wall: performance.now() };
    state.seek(target);
  };

  // What was last written: the painter runs every animation frame, and the page repaints only when
  // something it shows changes (the thumb moves a pixel, the label or the spoken value changes a second).
  const shown = useRef({ label: "", max: "", value: "", valueText: "" });
  useSimNowPainter((now) => {
    const end = Math.max(useCluster.getState().playback.horizon, now);
    const last = shown.current;
    const label = `${formatClockShort(now)} / ${formatClockShort(end)}`;
    if (labelRef.current && label !== last.label) labelRef.current.textContent = last.label = label;
    const input = inputRef.current;
    // While dragging, the thumb is the reader's: the clock catches up when the seek lands.
    if (input && !dragging.current) {
      const max = String(Math.max(1, end));
      // Moved in steps of 1/500 of its range (about a pixel at 1280 px wide), whole slider steps: the
      // thumb then repaints a few times a second at 1×, not on every frame.
      const grain = TIMELINE_STEP_MS * Math.max(1, Math.floor(end / 500 / TIMELINE_STEP_MS));
      const value = String(Math.min(end, Math.round(now / grain) * grain));
      const valueText = `${formatClockShort(now)} of ${formatClockShort(end)}`;
      if (max !== last.max) input.max = last.max = max;
      if (value !== last.value) input.value = last.value = value;
      if (valueText !== last.valueText) input.setAttribute("aria-valuetext", (last.valueText = valueText));
    }
  });

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    const state = useCluster.getState();
    const wall = performance.now();
    const from = stepBase(pending.current, Math.floor(simNow(state, wall)), wall);
    const target = scrubTarget(e.key, e.shiftKey, from, state.playback.horizon);
    if (target === null) return;
    e.preventDefault();
    seekTo(target);
  };

  return (
    <div className="timeline">
      <input
        ref={inputRef}
        type="range"
        className="timeline-slider"
        aria-label="Timeline"
        aria-describedby="timeline-hint"
        min={0}
        // A screen reader's swipe moves a tenth of a second; the keys above move whole seconds.
        step={TIMELINE_STEP_MS}
        defaultValue={0}
        onKeyDown={onKeyDown}
        // Let go anywhere, the window's pointerup above ends the drag.
        onPointerDown={() => (dragging.current = true)}
        onChange={(e) => {
          // The thumb is where the reader put it: the painter writes it again when the clock moves away.
          shown.current.value = e.currentTarget.value;
          seekTo(Number(e.currentTarget.value));
        }}
      />
      <span ref={labelRef} className="timeline-value" aria-hidden="true" />
      <span id="timeline-hint" className="visually-hidden">
        Arrow keys move one second, with Shift ten seconds; Home and End go to the start and the furthest time reached.
      </span>
    </div>
  );
}

/** h:mm:ss, for the compact timeline label. */
function formatClockShort(ms: number): string {
  return formatSimClock(ms).replace(/\.\d{3}$/, "");
}

function PlayIcon({ playing }: { playing: boolean }) {
  return (
    <svg className="btn-glyph" viewBox="0 0 20 20" width="1em" height="1em" aria-hidden="true">
      {playing ? (
        <path d="M5 3h3.5v14H5zM11.5 3H15v14h-3.5z" fill="currentColor" />
      ) : (
        <path d="M5 2.5l12 7.5-12 7.5z" fill="currentColor" />
      )}
    </svg>
  );
}

function StepIcon({ back = false }: { back?: boolean }) {
  return (
    <svg className="btn-glyph" viewBox="0 0 20 20" width="1em" height="1em" aria-hidden="true" style={back ? { transform: "scaleX(-1)" } : undefined}>
      <path d="M3 3l9 7-9 7zM13.5 3H17v14h-3.5z" fill="currentColor" />
    </svg>
  );
}
