/**
 * Pods as chips, drawn in one layer inside the flow pane (React Flow's ViewportPortal, so flow
 * coordinates): each chip sits in the slot the layout keeps for it in its machine or in
 * "Unscheduled". When a pod is bound its slot moves to its node and motion animates the chip there
 * (x/y in flow coordinates: a `layout` animation would be measured in screen pixels and drift under the
 * viewport's zoom). With reduced motion it jumps into place and is highlighted briefly.
 */
import { memo, useEffect, useId, useMemo, useRef, useState } from "react";
import { ViewportPortal } from "@xyflow/react";
import { AnimatePresence, LazyMotion, MotionConfig, m } from "motion/react";
import type { Node, Pod } from "../engine/api/types";
import { podRow } from "../engine/kubectl/printers";
import { stateNow, useCanvasApi, useIsSelected, useObjectRecord, useRecordView, useSimSeconds } from "./canvasStore";
import type { ObjectRecord } from "../bridge/protocol";
import { StatusShape } from "./icons";
import type { Layout } from "./layout";
import { podSlots, type Placement, type Slot } from "./placement";
import { markedNotReady, podName, podShape, readyWords, shortPodName } from "./status";
import { evictionText, tolerationCountdown } from "./timers";

export function PodLayer({ placement, layout, reduced }: { placement: Placement; layout: Layout; reduced: boolean }) {
  const slots = useMemo(() => podSlots(placement, layout), [placement, layout]);
  return (
    <ViewportPortal>
      <MotionConfig reducedMotion="user">
        <LazyMotion features={loadMotionFeatures} strict>
          <div className="pod-layer">
            <AnimatePresence initial={false}>
              {slots.map((s) => (
                <PodChip key={s.id} id={s.id} node={s.node} x={s.x} y={s.y} width={s.width} height={s.height} compact={s.compact} reduced={reduced} />
              ))}
            </AnimatePresence>
          </div>
        </LazyMotion>
      </MotionConfig>
    </ViewportPortal>
  );
}

/** Motion's animation code, loaded once the first picture is up (src/canvas/motionFeatures.ts). */
const loadMotionFeatures = () => import("./motionFeatures").then((r) => r.default);

const TRAVEL = { type: "tween", ease: "easeInOut", duration: 0.9 } as const;
const FADE = { duration: 0.25 } as const;

/** A chip in its slot (src/canvas/placement.ts), drawn with or without motion. */
type ChipProps = Slot & { reduced: boolean };

const PodChip = memo(function PodChip({ id, node, x, y, width, height, compact, reduced }: ChipProps) {
  const current = useObjectRecord(id)?.object as Pod | undefined;
  // Once the pod is deleted, its chip fades out (AnimatePresence's exit) showing the pod as last seen.
  const last = useRef(current);
  if (current) last.current = current;
  const pod = current ?? last.current;
  const selected = useIsSelected(id);
  const api = useCanvasApi();
  const arrived = useArrival(node);
  const countdownId = useId();
  if (!pod) return null;
  const [, ready, status] = podRow(pod, 0);
  const notReady = markedNotReady(pod, ready);
  const shape = podShape(status, ready, notReady);
  const name = pod.metadata.name;
  return (
    <m.button
      type="button"
      className={`pod-chip pod-${shape}${compact ? " is-compact" : ""}${selected ? " is-selected" : ""}${arrived ? " just-arrived" : ""}${node ? "" : " is-pending"}`}
      style={{ width, height }}
      title={`${name} — ${status}`}
      aria-label={podName({ name, status, ready, node: node ?? undefined, notReady })}
      aria-describedby={countdownId}
      aria-pressed={selected}
      initial={{ opacity: 0, scale: 0.7, x, y }}
      animate={{ opacity: 1, scale: 1, x, y }}
      exit={{ opacity: 0, scale: 0.7, transition: reduced ? { duration: 0 } : FADE }}
      transition={reduced ? { duration: 0 } : { x: TRAVEL, y: TRAVEL, opacity: FADE, scale: FADE }}
      onClick={() => api.getState().select(selected ? null : { rtype: "object", id })}
      data-pod={id}
    >
      <span className="pod-name">{compact ? shortPodName(name) : name}</span>{" "}
      <span className="pod-status">
        <StatusShape shape={shape} />
        <span className="pod-status-words">{status}</span>
        {!compact && (
          <>
            {" "}
            <span className="pod-ready">{readyWords(ready, notReady)}</span>
          </>
        )}
      </span>
      {node && <Countdown pod={pod} nodeName={node} id={countdownId} />}
    </m.button>
  );
});

/** True for a moment after the pod lands on a (new) node: the highlight that replaces travel under reduced motion. */
function useArrival(node: string | null): boolean {
  const prev = useRef(node);
  const [arrived, setArrived] = useState(false);
  useEffect(() => {
    if (prev.current === node) return;
    prev.current = node;
    if (!node) return;
    setArrived(true);
    const t = setTimeout(() => setArrived(false), 1600);
    return () => clearTimeout(t);
  }, [node]);
  return arrived;
}

/** "evicted in 4m12s" on pods of a node with NoExecute taints they tolerate for a while. */
function Countdown({ pod, nodeName, id }: { pod: Pod; nodeName: string; id: string }) {
  // Only whether the node has NoExecute taints: its status updates re-render nothing here.
  const tainted = useRecordView("objects", `nodes/${nodeName}`, hasNoExecuteTaint);
  if (!tainted) return null;
  return <CountdownText pod={pod} nodeName={nodeName} id={id} />;
}

function hasNoExecuteTaint(rec: ObjectRecord | undefined): boolean {
  return !!(rec?.object as Node | undefined)?.spec.taints?.some((t) => t.effect === "NoExecute");
}

function CountdownText({ pod, nodeName, id }: { pod: Pod; nodeName: string; id: string }) {
  const node = useObjectRecord(`nodes/${nodeName}`)?.object as Node | undefined;
  useSimSeconds();
  const api = useCanvasApi();
  if (!node) return null;
  const e = tolerationCountdown(pod, node, stateNow(api.getState()));
  if (!e) return null;
  return (
    <span className="pod-countdown" id={id} title={`${e.taint.key}:${e.taint.effect}, tolerationSeconds ${e.tolerationSeconds}`}>
      {evictionText(e)}
    </span>
  );
}
