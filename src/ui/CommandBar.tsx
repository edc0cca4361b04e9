import { useEffect, useId, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent } from "react";
import { parseAction } from "../engine/kubectl/parse";
import type { CommandEntry } from "../store/types";
import { complete, completionNames } from "./completion";
import { freshCursor, historyOf, moveHistory, type HistoryCursor } from "./history";
import { forkText, formatSimClock } from "./labels";
import { useCluster } from "../store/store";

/**
 * A typed line is checked once typing pauses this long (ms), so half-typed words do not flash errors.
 * That check is shown, and tied to the input by aria-describedby, but never announced: only a line
 * submitted with Enter or Run that fails is an alert.
 */
const CHECK_DELAY_MS = 250;
/** Completions listed under the input at most. */
const MAX_CANDIDATES = 12;
/** Past results kept on screen. */
const MAX_RESULTS = 20;

/**
 * The command bar: one line of the action language (`kubectl create deployment web --image=nginx
 * --replicas=3`, `stop node worker-2`, `kubectl get pods`). Enter runs it; ↑/↓ walk the history; Tab
 * completes commands and names. A line kubectl would reject shows its one-line error once typing
 * pauses (quietly) and, when submitted, as an alert, and is not sent; the runner's own errors and the
 * output appear below.
 */
export function CommandBar() {
  const command = useCluster((s) => s.command);
  const commands = useCluster((s) => s.commands);
  const playing = useCluster((s) => s.playback.playing);
  const inputId = useId();
  const errorId = useId();
  const checkId = useId();
  const hintId = useId();
  const outputId = useId();

  const [text, setText] = useState("");
  // The live check while typing (shown, not announced), and the error of a submitted line (an alert).
  const [check, setCheck] = useState<string | null>(null);
  const [error, setError] = useState<{ text: string; n: number } | null>(null);
  const submits = useRef(0);
  const [candidates, setCandidates] = useState<string[]>([]);
  // Every line the store ran, the toolbar's and the Faults menu's included: they speak the same language.
  const history = useMemo(() => historyOf(commands.map((c) => c.line)), [commands]);
  const cursor = useRef<HistoryCursor>(freshCursor());
  const [outputOpen, setOutputOpen] = useState(true);

  // Check the line against kubectl's parser once typing pauses.
  useEffect(() => {
    if (text.trim() === "") {
      setCheck(null);
      return;
    }
    const timer = setTimeout(() => setCheck(parseError(text)), CHECK_DELAY_MS);
    return () => clearTimeout(timer);
  }, [text]);

  /** A new line in the box (typed, from the history, completed): the old verdicts go, the check runs again once typing pauses. */
  const edit = (line: string) => {
    setText(line);
    setCheck(null);
    setError(null);
  };

  const run = () => {
    const line = text.trim();
    if (!line) return;
    const problem = parseError(line);
    // A new node each time, so submitting the same bad line again is announced again.
    setError(problem ? { text: problem, n: ++submits.current } : null);
    setCheck(null);
    setCandidates([]);
    if (problem) return;
    cursor.current = freshCursor();
    setText("");
    setOutputOpen(true);
    void command(line);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === "Enter") {
      e.preventDefault();
      run();
    } else if ((e.key === "ArrowUp" || e.key === "ArrowDown") && !e.altKey && !e.shiftKey) {
      const moved = moveHistory(history, cursor.current, text, e.key === "ArrowUp" ? -1 : 1);
      if (!moved) return;
      e.preventDefault();
      cursor.current = moved.cursor;
      edit(moved.text);
      setCandidates([]);
    } else if (e.key === "Tab" && !e.shiftKey && !e.altKey && !e.ctrlKey && !e.metaKey) {
      const input = e.currentTarget;
      // Tab completes at the end of a typed line while it makes progress; otherwise it moves focus as usual.
      if (text.trim() === "" || input.selectionStart !== text.length || input.selectionEnd !== text.length) return;
      const done = complete(text, completionNames(useCluster.getState()));
      if (done.line === text && done.candidates.join(" ") === candidates.join(" ")) return;
      e.preventDefault();
      edit(done.line);
      setCandidates(done.candidates);
    } else if (e.key === "Escape") {
      if (candidates.length) setCandidates([]);
      else if (text) edit("");
    }
  };

  const results = useMemo(() => commands.slice(-MAX_RESULTS), [commands]);
  const latest = results[results.length - 1];
  return (
    <section className="command-bar" aria-label="Command bar">
      <div className="command-line">
        <div className="command-label-wrap">
          <label htmlFor={inputId} className="command-label">
            Command, in kubectl's language
          </label>
          <span id={hintId} className="command-hint">
            Enter runs · ↑↓ history · Tab completes
          </span>
        </div>
        <div className="command-input-wrap">
          <span className="prompt" aria-hidden="true">
            $
          </span>
          <input
            id={inputId}
            className="command-input"
            type="text"
            value={text}
            onChange={(e) => {
              edit(e.currentTarget.value);
              setCandidates([]);
              cursor.current = freshCursor();
            }}
            onKeyDown={onKeyDown}
            placeholder="kubectl get pods"
            spellCheck={false}
            autoCapitalize="off"
            autoCorrect="off"
            autoComplete="off"
            aria-invalid={error || check ? true : undefined}
            aria-describedby={`${error ? errorId : ""} ${check ? checkId : ""} ${hintId}`.replace(/\s+/g, " ").trim()}
          />
        </div>
        <button type="button" className="btn btn-primary" onClick={run} disabled={text.trim() === ""}>
          Run
        </button>
        {results.length > 0 && (
          <button type="button" className="btn" aria-expanded={outputOpen} aria-controls={outputId} onClick={() => setOutputOpen((o) => !o)}>
            {outputOpen ? "Hide output" : "Show output"}
          </button>
        )}
      </div>
      {/* The alert and the completions stay in the page, empty when there is nothing to say, so screen readers hear each change. */}
      <p id={errorId} className="command-error command-feedback" role="alert">
        {error && <span key={error.n}>{error.text}</span>}
      </p>
      {/* The check while typing: seen, and read with the input, but not a live region. */}
      <p id={checkId} className="command-error command-feedback command-check">
        {check}
      </p>
      <p className="command-candidates command-feedback" aria-live="polite">
        {candidates.length > 0 && (
          <>
            <span className="visually-hidden">Completions: </span>
            {candidates.slice(0, MAX_CANDIDATES).join("  ")}
            {candidates.length > MAX_CANDIDATES ? `  … and ${candidates.length - MAX_CANDIDATES} more` : ""}
          </>
        )}
      </p>
      {latest && latest.ok === undefined && !playing && (
        <p className="command-feedback command-paused">The simulation is paused: press Play to let the command run.</p>
      )}
      {results.length > 0 && <CommandOutput id={outputId} results={results} open={outputOpen} />}
    </section>
  );
}

function CommandOutput({ id, results, open }: { id: string; results: CommandEntry[]; open: boolean }) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const latest = results[results.length - 1];
  useLayoutEffect(() => {
    if (scrollRef.current) scrollRef.current.scrollTop = scrollRef.current.scrollHeight;
  }, [results, open]);
  return (
    <>
      <div id={id} className="command-output" ref={scrollRef} tabIndex={0} role="region" aria-label="Command output" hidden={!open}>
        {results.map((entry) => (
          <CommandResult key={entry.id} entry={entry} />
        ))}
      </div>
      <p className="visually-hidden" role="status">
        {statusLine(latest)}
      </p>
    </>
  );
}

function CommandResult({ entry }: { entry: CommandEntry }) {
  return (
    <div className="command-result">
      <p className="command-echo">
        <span aria-hidden="true">$ </span>
        {entry.line}
        {entry.t !== undefined && <span className="command-time"> at sim time {formatSimClock(entry.t)}</span>}
      </p>
      {/* Acting in the past forks the timeline: say so, and what was dropped. */}
      {entry.forked && <p className="command-fork">{forkText(entry.forked)}</p>}
      {entry.ok === undefined ? (
        <p className="command-pending">running…</p>
      ) : entry.ok ? (
        entry.output ? <pre className="command-stdout">{entry.output}</pre> : null
      ) : (
        <p className="command-error">{entry.error}</p>
      )}
    </div>
  );
}

/** What the screen reader hears when a command finishes: its first line of output or its error. */
function statusLine(entry: CommandEntry | undefined): string {
  if (!entry || entry.ok === undefined) return "";
  if (entry.forked) return `${forkText(entry.forked)} ${statusLine({ ...entry, forked: undefined })}`;
  if (!entry.ok) return entry.error ?? "failed";
  const lines = (entry.output ?? "").trimEnd().split("\n");
  if (lines.length <= 1) return lines[0] || `${entry.line}: done`;
  return `${entry.line}: ${lines.length} lines of output in the output region`;
}

function parseError(line: string): string | null {
  const parsed = parseAction(line);
  return "error" in parsed ? parsed.error : null;
}
