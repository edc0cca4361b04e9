import { useLayoutEffect, useRef } from "react";
import { simNow, useCluster } from "../store/store";
import { openedMoment } from "./presenter";

/**
 * Calls `paint(now)` on every animation frame while sim time moves, and once whenever the clock
 * changes, with the sim time (whole ms) extrapolated from the last frame. `paint` writes through
 * refs, so a running clock costs no React render. Before the simulation's first state is in (a link's
 * picture is up while it replays), the time the link opens at.
 */
export function useSimNowPainter(paint: (now: number) => void): void {
  const paintRef = useRef(paint);
  paintRef.current = paint;
  useLayoutEffect(() => {
    let frame = 0;
    const draw = () => {
      frame = 0;
      const state = useCluster.getState();
      const now = Math.floor(simNow(state, performance.now()));
      paintRef.current(state.hydrated ? now : (openedMoment().time ?? now));
      if (state.clock.rate > 0) frame = requestAnimationFrame(draw);
    };
    draw();
    const unsubscribe = useCluster.subscribe((s, prev) => {
      if (s.clock !== prev.clock && frame === 0) draw();
    });
    return () => {
      unsubscribe();
      if (frame) cancelAnimationFrame(frame);
    };
  }, []);
}
