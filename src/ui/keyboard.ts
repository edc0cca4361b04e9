/**
 * Whether a key press belongs to the element that has focus: typing in a field, or a control that
 * Space already activates. The page's shortcuts (Space plays and pauses) leave those alone.
 */
export function ownsKeys(target: EventTarget | null): boolean {
  if (!target || typeof (target as Element).closest !== "function") return false;
  const el = target as HTMLElement;
  if (el.isContentEditable) return true;
  return (
    el.closest(
      'input, textarea, select, button, a[href], summary, dialog, [role="slider"], [role="menuitem"], [role="switch"], [role="checkbox"], [role="button"], [role="textbox"], [contenteditable="true"]',
    ) !== null
  );
}

/** How far the timeline's keys seek, in sim ms: ←/→ one second, with Shift ten; null for other keys. */
export function scrubStep(key: string, shift: boolean): number | null {
  const size = shift ? 10_000 : 1_000;
  if (key === "ArrowLeft" || key === "ArrowDown") return -size;
  if (key === "ArrowRight" || key === "ArrowUp") return size;
  if (key === "PageDown") return -60_000;
  if (key === "PageUp") return 60_000;
  return null;
}

/** Where a timeline key lands: a step from `now`, or Home / End; clamped to [0, horizon]. */
export function scrubTarget(key: string, shift: boolean, now: number, horizon: number): number | null {
  let target: number;
  if (key === "Home") target = 0;
  else if (key === "End") target = horizon;
  else {
    const step = scrubStep(key, shift);
    if (step === null) return null;
    target = now + step;
  }
  return Math.min(horizon, Math.max(0, target));
}
