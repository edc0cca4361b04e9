import { parseDuration } from "../time";
import type { TimedAction } from "./action";
import { parseAction, type ParseError } from "./parse";

/**
 * Scripts: one timed action a line (shared/ARCHITECTURE.md), e.g.
 *
 *     # kill a worker and watch the pods move
 *     0      kubectl create deployment web --image=nginx --replicas=3
 *     30s    stop node worker-2
 *     1m30s  kubectl get pods -o wide
 *
 * The time is sim time since the start, as parseDuration reads it (a bare number is seconds).
 * Blank lines and `#` comments are skipped. One bad line fails the whole script, so nothing of it
 * is applied; the error names the line: `script.txt:3: error: unknown flag: --foo`.
 */
export function parseScript(text: string, source = "script"): { actions: TimedAction[] } | ParseError {
  const actions: TimedAction[] = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].replace(/\r$/, "");
    const trimmed = line.trim();
    if (trimmed === "" || trimmed.startsWith("#")) continue;
    const r = parseTimedAction(trimmed, i + 1);
    if ("error" in r) return { error: `${source}:${i + 1}: ${r.error}` };
    actions.push(r);
  }
  return { actions: sortByTime(actions) };
}

/** One `<time> <action>` line, as `--do "30s stop node worker-2"` gives it. */
export function parseTimedAction(text: string, lineNo = 0): TimedAction | ParseError {
  const trimmed = text.trim();
  if (trimmed === "") return { error: 'error: empty line: expected "<time> <action>", e.g. "30s stop node worker-2"' };
  const m = /^(\S+)\s*(.*)$/s.exec(trimmed)!;
  const [, time, rest] = m;
  const at = parseDuration(time);
  if (at === undefined) {
    return { error: `error: invalid time ${JSON.stringify(time)}: expected a duration such as 0, 45s, 1m30s or 2h before the action` };
  }
  if (rest.trim() === "") return { error: `error: missing action after time ${JSON.stringify(time)}` };
  const action = parseAction(rest);
  if ("error" in action) return action;
  return { at, action, lineNo };
}

/** Stable sort by time: actions at the same time keep their order. */
export function sortByTime(actions: TimedAction[]): TimedAction[] {
  return actions
    .map((a, i) => ({ a, i }))
    .sort((x, y) => x.a.at - y.a.at || x.i - y.i)
    .map((x) => x.a);
}
