import { useEffect, useState } from "react";
import { useReducedMotionSetting } from "../store/settings";
import { useCluster } from "../store/store";
import { summarize, whatMoved } from "./moved";

/** At most one announcement this often (wall ms): a screen reader must finish a sentence. */
const ANNOUNCE_EVERY_MS = 1500;

/**
 * Under reduced motion nothing travels: this says what moved instead, in a polite live region and in
 * a caption over the canvas ("pod web-7d9c-x2x4q placed on worker-2").
 */
export function MotionNarrator() {
  const reduced = useReducedMotionSetting();
  const [text, setText] = useState("");
  useEffect(() => {
    if (!reduced) {
      setText("");
      return;
    }
    let pending: string[] = [];
    let last = 0;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const flush = () => {
      timer = null;
      if (!pending.length) return;
      setText(summarize(pending));
      pending = [];
      last = performance.now();
    };
    const unsub = useCluster.subscribe((s, prev) => {
      // A rebuilt timeline (reset, seek) is not a move.
      if (!prev.hydrated || s.objects === prev.objects || s.clock.time < prev.clock.time) return;
      const moved = whatMoved(prev.objects, s.objects);
      if (!moved.length) return;
      pending.push(...moved);
      if (!timer) timer = setTimeout(flush, Math.max(0, last + ANNOUNCE_EVERY_MS - performance.now()));
    });
    return () => {
      unsub();
      if (timer) clearTimeout(timer);
    };
  }, [reduced]);
  if (!reduced) return null;
  return (
    <p className="canvas-callout motion-narration" role="status" aria-live="polite">
      {text}
    </p>
  );
}
