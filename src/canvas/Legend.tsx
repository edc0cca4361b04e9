import { useId, useState } from "react";
import { LEGEND, type LegendEntry } from "./flowKinds";
import { TOKEN_SHAPES } from "./tokenShapes";

/** What the travelling tokens mean: words, colour and shape per group. Collapsible. */
export function Legend({ defaultOpen = true }: { defaultOpen?: boolean }) {
  const [open, setOpen] = useState(defaultOpen);
  const listId = useId();
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
            {LEGEND.map((e) => (
              <li key={e.group} className="legend-item" title={e.detail ? `${e.label}: ${e.detail}` : e.label}>
                <TokenIcon entry={e} />
                <span>{e.label}</span>
                {e.detail && <span className="sr-only"> ({e.detail})</span>}
              </li>
            ))}
          </ul>
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
