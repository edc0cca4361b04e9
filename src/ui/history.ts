/**
 * Shell-style command history for the command bar: ↑ walks back through earlier lines, ↓ forward,
 * and going past the newest line brings back what was being typed (the draft).
 */
export interface HistoryCursor {
  /** Index into `lines` being shown; `lines.length` or more for the draft (lines may be added meanwhile). */
  index: number;
  /** What was typed before the first ↑. */
  draft: string;
}

/** At the draft, below the newest line however many lines come. */
export function freshCursor(): HistoryCursor {
  return { index: Infinity, draft: "" };
}

/**
 * Moves through `lines` (oldest first). Returns the new cursor and the text to show, or null when
 * there is nowhere to go (the input keeps its text and the caret can move as usual).
 */
export function moveHistory(
  lines: readonly string[],
  cursor: HistoryCursor,
  current: string,
  direction: -1 | 1,
): { cursor: HistoryCursor; text: string } | null {
  const index = Math.min(cursor.index, lines.length);
  const next = index + direction;
  if (next < 0 || next > lines.length) return null;
  const draft = index === lines.length ? current : cursor.draft;
  return { cursor: { index: next, draft }, text: next === lines.length ? draft : lines[next] };
}

/** The history of lines run, oldest first: trimmed, blanks dropped, repeats in a row kept once (bash's ignoredups). */
export function historyOf(lines: readonly string[]): string[] {
  const out: string[] = [];
  for (const line of lines) {
    const t = line.trim();
    if (t && out[out.length - 1] !== t) out.push(t);
  }
  return out;
}
