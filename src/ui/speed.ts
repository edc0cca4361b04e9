/**
 * Playback speed on a log scale from 0.1× to 100×. The slider moves between "nice" stops (1, 1.5, 2,
 * 3, 4, 5, 7 per decade) that sit almost evenly on a log axis, so every step feels the same size and
 * every value reads well out loud ("4×", not "3.98×").
 */
export const MIN_SPEED = 0.1;
export const MAX_SPEED = 100;

const PER_DECADE = [1, 1.5, 2, 3, 4, 5, 7];

/** 0.1, 0.15, 0.2, … 70, 100. */
export const SPEED_STOPS: readonly number[] = (() => {
  const stops: number[] = [];
  for (let exp = -1; exp < 2; exp++) for (const m of PER_DECADE) stops.push(round(m * 10 ** exp));
  stops.push(MAX_SPEED);
  return stops;
})();

function round(n: number): number {
  return Number(n.toPrecision(3));
}

/** Where a speed sits on the log axis, 0 (0.1×) to 1 (100×); clamped. */
export function speedToFraction(speed: number): number {
  const s = Math.min(MAX_SPEED, Math.max(MIN_SPEED, speed));
  return (Math.log10(s) - Math.log10(MIN_SPEED)) / (Math.log10(MAX_SPEED) - Math.log10(MIN_SPEED));
}

/** The speed at a point of the log axis (0 → 0.1×, 0.5 → ≈3.16×, 1 → 100×). */
export function fractionToSpeed(fraction: number): number {
  const f = Math.min(1, Math.max(0, fraction));
  return 10 ** (Math.log10(MIN_SPEED) + f * (Math.log10(MAX_SPEED) - Math.log10(MIN_SPEED)));
}

/** The index of the stop nearest to `speed` on the log axis. */
export function speedToStop(speed: number): number {
  const f = speedToFraction(speed);
  let best = 0;
  for (let i = 1; i < SPEED_STOPS.length; i++) {
    if (Math.abs(speedToFraction(SPEED_STOPS[i]) - f) < Math.abs(speedToFraction(SPEED_STOPS[best]) - f)) best = i;
  }
  return best;
}

export function stopToSpeed(index: number): number {
  return SPEED_STOPS[Math.min(SPEED_STOPS.length - 1, Math.max(0, Math.round(index)))];
}

/** One stop slower (-1) or faster (+1) than `speed`, clamped to the ends. */
export function nudgeSpeed(speed: number, direction: -1 | 1): number {
  return stopToSpeed(speedToStop(speed) + direction);
}

/** "4×", "0.15×", "100×": the slider's aria-valuetext and its visible label. */
export function formatSpeed(speed: number): string {
  return `${Number(speed.toPrecision(speed < 1 ? 2 : 3))}×`;
}
