/** Simulated time: integer milliseconds since the simulation started. */
export type SimTime = number;

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;

/**
 * The wall-clock instant that sim time 0 stands for, in Unix ms: 2024-12-11T00:00:00Z, the day
 * Kubernetes v1.32 was released. Fixed, so object timestamps are deterministic.
 */
export const SIM_EPOCH_UNIX_MS = 1733875200000;

const UNIT_MS: Record<string, number> = { ms: 1, s: SECOND, m: MINUTE, h: HOUR };

/**
 * Parses a Go-style duration ("500ms", "10s", "5m", "1h30m", "90", "1.5s"); a bare number is seconds.
 * Returns undefined for anything malformed or negative.
 */
export function parseDuration(text: string): SimTime | undefined {
  const t = text.trim();
  if (/^\d+(\.\d+)?$/.test(t)) return Math.round(Number(t) * SECOND);
  if (!/^(\d+(\.\d+)?(ms|s|m|h))+$/.test(t)) return undefined;
  let total = 0;
  for (const m of t.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)) total += Number(m[1]) * UNIT_MS[m[2]];
  return Math.round(total);
}

/** Formats sim ms like Go's time.Duration.String() trimmed for humans: 0s, 850ms, 12s, 1m5s, 2h0m3s. */
export function formatDuration(ms: SimTime): string {
  if (ms < SECOND) return `${ms}ms`;
  const totalS = Math.floor(ms / SECOND);
  const h = Math.floor(totalS / 3600);
  const m = Math.floor((totalS % 3600) / 60);
  const s = totalS % 60;
  const frac = ms % SECOND;
  const sec = frac && totalS < 60 ? `${s}.${String(frac).padStart(3, "0").replace(/0+$/, "")}s` : `${s}s`;
  if (h) return `${h}h${m}m${sec}`;
  if (m) return `${m}m${sec}`;
  return sec;
}

/**
 * kubectl's AGE column (k8s.io/apimachinery/pkg/util/duration HumanDuration): 45s, 3m20s, 12m, 3h5m, 5d.
 */
export function humanDuration(ms: SimTime): string {
  const seconds = Math.floor(ms / SECOND);
  if (seconds < 0) return "<invalid>";
  if (seconds < 60 * 2) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 60 * 3) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) {
    const h = hours % 24;
    return h === 0 ? `${Math.floor(hours / 24)}d` : `${Math.floor(hours / 24)}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24)}d`;
  if (hours < 24 * 365 * 8) {
    const dy = Math.floor(hours / 24) % 365;
    return dy === 0 ? `${Math.floor(hours / 24 / 365)}y` : `${Math.floor(hours / 24 / 365)}y${dy}d`;
  }
  return `${Math.floor(hours / 24 / 365)}y`;
}

/** RFC 3339 timestamp (second precision, as metav1.Time marshals) for a sim time. No Date object. */
export function rfc3339(t: SimTime): string {
  return rfc3339Unix(SIM_EPOCH_UNIX_MS + t, false);
}

/** RFC 3339 with microseconds, as metav1.MicroTime marshals (Lease renewTime, Event eventTime). */
export function rfc3339Micro(t: SimTime): string {
  return rfc3339Unix(SIM_EPOCH_UNIX_MS + t, true);
}

/**
 * The `YYYY-MM-DDTHH:MM:SS` of the last second formatted: components stamp many objects within the same
 * second, so the date arithmetic runs once a second and they all share one flat string.
 */
let lastSecond = NaN;
let lastSecondText = "";
let lastSecondZ = "";

function rfc3339Unix(unixMs: number, micro: boolean): string {
  const second = Math.floor(unixMs / 1000);
  if (second !== lastSecond) {
    lastSecond = second;
    lastSecondText = formatSecond(second * 1000);
    lastSecondZ = [lastSecondText, "Z"].join("");
  }
  if (!micro) return lastSecondZ;
  // Array.join builds a flat string; `a + b` would keep a rope of the pieces alive in every object.
  return [lastSecondText, ".", pad(String((unixMs - second * 1000) * 1000), 6), "Z"].join("");
}

function formatSecond(unixMs: number): string {
  const days = Math.floor(unixMs / 86400000);
  const msOfDay = unixMs - days * 86400000;
  // Howard Hinnant's civil_from_days.
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  const hh = Math.floor(msOfDay / 3600000);
  const mm = Math.floor((msOfDay % 3600000) / 60000);
  const ss = Math.floor((msOfDay % 60000) / 1000);
  return [y, "-", pad2(m), "-", pad2(d), "T", pad2(hh), ":", pad2(mm), ":", pad2(ss)].join("");
}

function pad2(v: number): string {
  return pad(String(v), 2);
}

function pad(s: string, len: number): string {
  return s.padStart(len, "0");
}

/** Parses an RFC 3339 timestamp written by rfc3339/rfc3339Micro back to sim time. */
export function parseTimestamp(ts: string): SimTime {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?Z$/.exec(ts);
  if (!m) return NaN;
  const [y, mo, d, hh, mi, ss] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i]));
  const frac = m[7] ? Math.floor(Number(`0.${m[7]}`) * 1000) : 0;
  const yy = mo <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const mp = mo > 2 ? mo - 3 : mo + 9;
  const doy = Math.floor((153 * mp + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  const days = era * 146097 + doe - 719468;
  return days * 86400000 + hh * 3600000 + mi * 60000 + ss * 1000 + frac - SIM_EPOCH_UNIX_MS;
}
