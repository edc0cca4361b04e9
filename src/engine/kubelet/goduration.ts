import type { SimTime } from "../time";

/**
 * Go's `time.Duration.String()` for a whole number of milliseconds, as the kubelet prints durations in
 * event messages ("Successfully pulled image "nginx" in 2.914s (2.914s including waiting)",
 * "back-off 1m20s restarting failed container"): `0s`, `850ms`, `1.5s`, `1m0s`, `2m40.5s`, `1h0m0s`.
 */
export function goDuration(ms: SimTime): string {
  if (ms === 0) return "0s";
  const neg = ms < 0;
  let rest = Math.abs(Math.round(ms));
  if (rest < 1000) return `${neg ? "-" : ""}${rest}ms`;
  const h = Math.floor(rest / 3_600_000);
  rest -= h * 3_600_000;
  const m = Math.floor(rest / 60_000);
  rest -= m * 60_000;
  const s = Math.floor(rest / 1000);
  const frac = rest % 1000;
  const sec = frac ? `${s}.${String(frac).padStart(3, "0").replace(/0+$/, "")}s` : `${s}s`;
  const out = h ? `${h}h${m}m${sec}` : m ? `${m}m${sec}` : sec;
  return neg ? `-${out}` : out;
}
