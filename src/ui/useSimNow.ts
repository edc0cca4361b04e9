import { useLayoutEffect, useRef } from "react";
import { simNow, useCluster } from "../store/store";

/**
 * Calls `paint(now)` on every animation frame while sim time moves, and once whenever the clock
 * changes, with the sim time (whole ms) extrapolated from the last frame. `paint` writes through
 * refs, so a running clock costs no React render.
 */
export function useSimNowPainter(paint: (now: number) => void): void {
  const paintRef = useRef(paint);
  paintRef.current = paint;
  useLayoutEffect(() => {
    let frame = 0;
    const draw = () => {
      frame = 0;
      const state = useCluster.getState();
      paintRef.current(Math.floor(simNow(state, performance.now())));
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
