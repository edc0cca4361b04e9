import { useId, useState } from "react";
import { useCanvasPrefs } from "./canvasStore";
import { LEGEND, RAFT_GROUPS, type LegendEntry } from "./flowKinds";
import { TOKEN_SHAPES } from "./tokenShapes";

/** What the travelling tokens mean: words, colour and shape per group. Collapsible. */
/**
 * `raft`: the cluster has several etcd members, so Raft messages fly: list their kinds and offer
 * "Show heartbeats". A single member sends none, and the legend keeps its room.
 */
export function Legend({ defaultOpen = true, raft = true }: { defaultOpen?: boolean; raft?: boolean }) {
  const [open, setOpen] = useState(defaultOpen);
  const listId = useId();
  const showHeartbeats = useCanvasPrefs((p) => p.showHeartbeats);
  const setShowHeartbeats = useCanvasPrefs((p) => p.setShowHeartbeats);
  return (
    <section className={`flow-legend${open ? "" : " is-closed"}`} aria-label="Message legend">
      <div className="legend-head">
        {open && <span className="legend-title">Messages</span>}
        <button type="button" className="legend-toggle nodrag nopan" aria-expanded={open} aria-controls={listId} onClick={() => setOpen(!open)}>
          {open ? "Hide legend" : "Show legend"}
        </button>
      </div>
      {open && (
        <>
          <ul id={listId} className="legend-list">
            {LEGEND.filter((e) => raft || !RAFT_GROUPS.has(e.group)).map((e) => (
              <li key={e.group} className="legend-item" title={e.detail ? `${e.label}: ${e.detail}` : e.label}>
                <TokenIcon entry={e} />
                <span>{e.label}</span>
                {e.detail && <span className="sr-only"> ({e.detail})</span>}
              </li>
            ))}
          </ul>
          {/* A toggle button, not a checkbox: its whole row is the target, large enough at fit-to-view (WCAG 2.5.8). */}
          {raft && (
            <button
              type="button"
              className="legend-heartbeats nodrag nopan"
              aria-pressed={showHeartbeats}
              aria-describedby={`${listId}-hb`}
              onClick={() => setShowHeartbeats(!showHeartbeats)}
            >
              <svg className="legend-check" viewBox="0 0 20 20" width="1.2em" height="1.2em" aria-hidden="true" focusable="false">
                <rect x="1.5" y="1.5" width="17" height="17" rx="3" fill={showHeartbeats ? "currentColor" : "none"} stroke="currentColor" strokeWidth="2.5" />
                {showHeartbeats && <path className="legend-tick" d="M5.5 10.5l3 3 6-7" fill="none" strokeWidth="2.6" strokeLinecap="round" strokeLinejoin="round" />}
              </svg>
              Show heartbeats
            </button>
          )}
          {raft && (
            <span id={`${listId}-hb`} className="sr-only">
              Raft heartbeats between etcd members, every 100 ms
            </span>
          )}
          <p className="legend-note" aria-hidden="true">
            write = create/update/patch/delete · read = get/list/watch
          </p>
        </>
      )}
    </section>
  );
}

/** The token's shape in its colour, as the flow layer draws it. */
export function TokenIcon({ entry, size = 16 }: { entry: LegendEntry; size?: number }) {
  const shape = TOKEN_SHAPES[entry.shape];
  return (
    <svg className="legend-token" viewBox="-1 -1 22 22" width={size} height={size} aria-hidden="true" focusable="false">
      <path d={shape.d} fill={shape.stroke ? "none" : entry.color} stroke={shape.stroke ? entry.color : "none"} strokeWidth={shape.stroke} />
    </svg>
  );
}
