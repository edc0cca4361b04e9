import type { EventRecord } from "../bridge/protocol";
import { humanDuration } from "../engine/time";

/** kubectl's OBJECT column: `pod/web-7d9c-x2x4q`, `node/worker-1`, `deployment/web`. */
export function eventObject(event: Pick<EventRecord, "object">): string {
  const kind = event.object.kind.toLowerCase();
  return event.object.name ? `${kind}/${event.object.name}` : kind;
}

export interface EventRow {
  lastSeen: string;
  type: EventRecord["type"];
  reason: string;
  object: string;
  message: string;
}

/**
 * One line of `kubectl get events -w`: LAST SEEN relative to sim `now` (kubectl's human durations;
 * a repeated event adds "(x3)"), TYPE, REASON, OBJECT, MESSAGE.
 */
export function eventRow(event: EventRecord, now: number): EventRow {
  const age = humanDuration(Math.max(0, now - event.t));
  return {
    lastSeen: event.count > 1 ? `${age} (x${event.count})` : age,
    type: event.type,
    reason: event.reason,
    object: eventObject(event),
    message: event.message.trim(),
  };
}

/**
 * Keeps the events whose OBJECT matches `filter`, case-insensitive. A whole `kind/name` of an object
 * in the list is that object only: `node/worker-1` without worker-10, `deployment/web` without web2,
 * as kubectl reads `node/worker-1`. Anything else is a plain substring ("web", "worker-1", "pod/web").
 * `exact` (an object clicked in the list) matches exactly even when none of the object's events are
 * left. Blank keeps everything.
 */
export function filterEvents(events: readonly EventRecord[], filter: string, exact = false): readonly EventRecord[] {
  const f = filter.trim().toLowerCase();
  if (!f) return events;
  if (exact || f.includes("/")) {
    const exactly = events.filter((e) => eventObject(e).toLowerCase() === f);
    if (exact || exactly.length > 0) return exactly;
  }
  return events.filter((e) => eventObject(e).toLowerCase().includes(f));
}

/** The line above the list: "24 events.", "Newest 200 of 500 events.", "3 events matching the filter.", "No events for “x”." */
export function eventCountText(total: number, shown: number, filter: string): string {
  const f = filter.trim();
  if (total === 0) return f ? `No events for “${f}”.` : "No events yet.";
  const matching = f ? " matching the filter" : "";
  if (total > shown) return `Newest ${shown} of ${total} events${matching}.`;
  return `${total} ${total === 1 ? "event" : "events"}${matching}.`;
}

/**
 * The Warning events to announce: those written after `since`, the sim time of the frame the
 * previous list came with. The backlog of a first load, a restart or a seek back in time was
 * written before that, so it is not read out again.
 */
export function newWarnings(events: readonly EventRecord[], since: number): EventRecord[] {
  const out: EventRecord[] = [];
  // Newest last: walk back until the events are older than `since`.
  for (let i = events.length - 1; i >= 0 && events[i].t > since; i--) if (events[i].type === "Warning") out.unshift(events[i]);
  return out;
}

/** What the live region says for new warnings: one sentence each, at most three, then a count. */
export function warningAnnouncement(warnings: readonly EventRecord[]): string {
  if (warnings.length === 0) return "";
  const said = warnings.slice(-3).map((w) => `Warning ${w.reason} on ${eventObject(w)}: ${w.message.trim()}`);
  const more = warnings.length - said.length;
  return (more > 0 ? `${more} more warnings. ` : "") + said.join(". ");
}
