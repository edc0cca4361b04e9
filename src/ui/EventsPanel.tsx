import { memo, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";
import type { EventRecord } from "../bridge/protocol";
import { eventCountText, eventRow, filterEvents, newWarnings, warningAnnouncement } from "./events";
import { WarningIcon } from "./WarningIcon";
import { simNow, useCluster } from "../store/store";

/** LAST SEEN is refreshed at most this often (wall ms); `kubectl get events -w` never refreshes it at all. */
const LAST_SEEN_REFRESH_MS = 1000;
/** The list draws the newest this many matching events; older ones stay in the store. */
const MAX_ROWS = 200;
/** Within this many pixels of the bottom counts as "at the newest". */
const STICK_PX = 24;
/** kubectl's columns, in its order; CSS moves REASON to the second line beside MESSAGE. */
const COLUMNS = [
  ["LAST SEEN", "ev-last"],
  ["TYPE", "ev-type"],
  ["REASON", "ev-reason"],
  ["OBJECT", "ev-object"],
  ["MESSAGE", "ev-message"],
] as const;

/**
 * Events like `kubectl get events -w`: newest last, LAST SEEN relative to sim now, Warning rows
 * marked with a shape and the word. Filter by object: a click on an object, or its whole kind/name
 * typed, shows that object only (node/worker-1, not worker-10); other text matches part of the
 * OBJECT column (src/ui/events.ts). The list
 * follows the newest event unless the reader scrolled up. A polite live region reads out Warning
 * events only.
 */
export function EventsPanel({ collapsed, onToggle }: { collapsed: boolean; onToggle: () => void }) {
  const events = useCluster((s) => s.events);
  // One aside for both states, so the live region is never remounted: a warning that arrives just as
  // the panel folds or unfolds is still read out.
  return (
    <aside className={collapsed ? "events-panel events-collapsed" : "events-panel"} aria-label="Events">
      <WarningAnnouncer events={events} />
      {collapsed ? (
        // Folded away to give the cluster the whole width; warnings are still read out.
        <button type="button" className="btn events-show" onClick={onToggle} aria-expanded={false}>
          <span className="events-show-text">Show events</span>
        </button>
      ) : (
        <EventsList events={events} onHide={onToggle} />
      )}
    </aside>
  );
}

function EventsList({ events, onHide }: { events: readonly EventRecord[]; onHide: () => void }) {
  // What the box says, and whether it came from a click on an object (that object only, even once its events are gone).
  const [{ filter, exact }, setFilterState] = useState({ filter: "", exact: false });
  const setFilter = (text: string) => setFilterState({ filter: text, exact: false });
  const showObject = useCallback((object: string) => setFilterState({ filter: object, exact: true }), []);
  const shown = useMemo(() => {
    const matching = filterEvents(events, filter, exact);
    return { rows: matching.slice(-MAX_ROWS), total: matching.length };
  }, [events, filter, exact]);
  const now = useLastSeenNow();

  const scrollRef = useRef<HTMLDivElement>(null);
  const [stuck, setStuck] = useState(true);
  const stuckRef = useRef(true);
  const lastTop = useRef(0);
  const stick = (on: boolean) => {
    stuckRef.current = on;
    setStuck(on);
  };
  // Only the reader scrolling up lets go of the newest event; a resize or new rows do not.
  const onScroll = () => {
    const el = scrollRef.current;
    if (!el) return;
    if (el.scrollHeight - el.scrollTop - el.clientHeight <= STICK_PX) stick(true);
    else if (el.scrollTop < lastTop.current - 1) stick(false);
    lastTop.current = el.scrollTop;
  };
  // The panel changes height (the command output opens, the window resizes): stay at the newest.
  useEffect(() => {
    const el = scrollRef.current;
    if (!el || typeof ResizeObserver === "undefined") return;
    const observer = new ResizeObserver(() => {
      if (stuckRef.current) el.scrollTop = el.scrollHeight;
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  const scrollToNewest = () => {
    const el = scrollRef.current;
    if (!el) return;
    el.scrollTop = el.scrollHeight;
    stick(true);
  };
  // Follow the newest event unless the reader scrolled up.
  useLayoutEffect(() => {
    if (stuckRef.current && scrollRef.current) scrollRef.current.scrollTop = scrollRef.current.scrollHeight;
  }, [shown]);

  const newest = shown.rows[shown.rows.length - 1];
  return (
    <>
      <div className="panel-header">
        <div className="panel-title-row">
          <h2 id="events-title" className="panel-title">
            Events
          </h2>
          <button type="button" className="btn btn-small" onClick={onHide} aria-expanded={true}>
            Hide events
          </button>
        </div>
        <div className="events-filter">
          <label htmlFor="events-filter-input">Filter by object</label>
          <input
            id="events-filter-input"
            type="search"
            value={filter}
            placeholder="e.g. worker-1 or pod/web"
            onChange={(e) => setFilter(e.currentTarget.value)}
            spellCheck={false}
            autoComplete="off"
          />
          {filter && (
            <button type="button" className="btn btn-small" onClick={() => setFilter("")}>
              Clear filter
            </button>
          )}
        </div>
      </div>
      <p className="events-count">{eventCountText(shown.total, shown.rows.length, filter)}</p>
      {/* Focusable so the list scrolls from the keyboard too. */}
      <div className="events-scroll" ref={scrollRef} onScroll={onScroll} tabIndex={0} role="region" aria-label="Events list, newest last">
        <div className="events-table" role="table" aria-label="Events">
          <div className="events-row events-head" role="row">
            {COLUMNS.map(([title, className]) => (
              <span key={title} role="columnheader" className={className}>
                {title}
              </span>
            ))}
          </div>
          {shown.rows.map((event) => (
            <EventLine key={eventKey(event)} event={event} now={now} onObject={showObject} />
          ))}
        </div>
      </div>
      {!stuck && newest && (
        <button type="button" className="btn btn-small jump-newest" onClick={scrollToNewest}>
          Jump to newest event
        </button>
      )}
    </>
  );
}

/** A stable React key per event record (the store keeps their identity), so a sliding window re-renders only new rows. */
const eventKeys = new WeakMap<EventRecord, number>();
let nextEventKey = 0;
function eventKey(event: EventRecord): number {
  let key = eventKeys.get(event);
  if (key === undefined) eventKeys.set(event, (key = nextEventKey++));
  return key;
}

const EventLine = memo(function EventLine({ event, now, onObject }: { event: EventRecord; now: number; onObject: (object: string) => void }) {
  const row = eventRow(event, now);
  const warning = row.type === "Warning";
  return (
    <div className={warning ? "events-row ev-warning" : "events-row"} role="row">
      <span role="cell" className="ev-last">
        {row.lastSeen}
      </span>
      <span role="cell" className="ev-type">
        {warning ? (
          <span className="ev-type-word">
            <WarningIcon />
            Warning
          </span>
        ) : (
          "Normal"
        )}
      </span>
      <span role="cell" className="ev-reason">
        {row.reason}
      </span>
      <span role="cell" className="ev-object">
        <button type="button" className="link-button" onClick={() => onObject(row.object)} title={`Show only events of ${row.object}`}>
          {row.object}
        </button>
      </span>
      <span role="cell" className="ev-message">
        {row.message}
      </span>
    </div>
  );
});

/**
 * Sim now for the LAST SEEN column, refreshed at most once a wall second (and at once when time
 * jumps, e.g. after a seek), so a fast clock does not redraw every row on every frame.
 */
function useLastSeenNow(): number {
  const [now, setNow] = useState(() => useCluster.getState().clock.time);
  useEffect(() => {
    let last = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const update = () => {
      timer = undefined;
      last = performance.now();
      setNow(Math.floor(simNow(useCluster.getState(), last)));
    };
    const unsubscribe = useCluster.subscribe((s, prev) => {
      if (s.clock === prev.clock || timer) return;
      const jumped = s.clock.time < prev.clock.time;
      const wait = jumped ? 0 : Math.max(0, LAST_SEEN_REFRESH_MS - (performance.now() - last));
      timer = setTimeout(update, wait);
    });
    return () => {
      unsubscribe();
      if (timer) clearTimeout(timer);
    };
  }, []);
  return now;
}

/** A polite live region that reads out new Warning events, and nothing else. */
function WarningAnnouncer({ events }: { events: readonly EventRecord[] }) {
  // The sim time of the frame the previous list came with: anything newer is news.
  const since = useRef(useCluster.getState().clock.time);
  const [message, setMessage] = useState("");
  useEffect(() => {
    const warnings = newWarnings(events, since.current);
    since.current = useCluster.getState().clock.time;
    if (warnings.length > 0) setMessage(warningAnnouncement(warnings));
  }, [events]);
  return (
    <div className="visually-hidden" role="status" aria-live="polite" aria-atomic="true">
      {message}
    </div>
  );
}
