/** The sim clock as h:mm:ss.mmm (sim ms since start); integer ms in, no Date involved. */
export function formatSimClock(ms: number): string {
  const t = Math.max(0, Math.floor(ms));
  const millis = t % 1000;
  const totalSeconds = Math.floor(t / 1000);
  const seconds = totalSeconds % 60;
  const minutes = Math.floor(totalSeconds / 60) % 60;
  const hours = Math.floor(totalSeconds / 3600);
  const two = (n: number) => String(n).padStart(2, "0");
  return `${hours}:${two(minutes)}:${two(seconds)}.${String(millis).padStart(3, "0")}`;
}
