import { useEffect, useId, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent } from "react";
import { parseAction } from "../engine/kubectl/parse";
import type { CommandEntry } from "../store/types";
import { complete, completionNames } from "./completion";
import { freshCursor, historyOf, moveHistory, type HistoryCursor } from "./history";
import { formatSimClock } from "./labels";
import { useCluster } from "../store/store";

/** A typed line is checked once typing pauses this long (ms), so half-typed words do not flash errors. */
const CHECK_DELAY_MS = 250;
/** Completions listed under the input at most. */
const MAX_CANDIDATES = 12;
/** Past results kept on screen. */
const MAX_RESULTS = 20;

/**
 * The command bar: one line of the action language (`kubectl create deployment web --image=nginx
 * --replicas=3`, `stop node worker-2`, `kubectl get pods`). Enter runs it; ↑/↓ walk the history; Tab
 * completes commands and names. A line kubectl would reject shows its one-line error at once and is
 * not sent; the runner's own errors and the output appear below.
 */
export function CommandBar() {
  const command = useCluster((s) => s.command);
  const commands = useCluster((s) => s.commands);
  const playing = useCluster((s) => s.playback.playing);
  const inputId = useId();
  const errorId = useId();
  const hintId = useId();
  const outputId = useId();

  const [text, setText] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [candidates, setCandidates] = useState<string[]>([]);
  // Every line the store ran, the toolbar's and the Faults menu's included: they speak the same language.
  const history = useMemo(() => historyOf(commands.map((c) => c.line)), [commands]);
  const cursor = useRef<HistoryCursor>(freshCursor());
  const [outputOpen, setOutputOpen] = useState(true);

  // Check the line against kubectl's parser once typing pauses.
  useEffect(() => {
    if (text.trim() === "") {
      setError(null);
      return;
    }
    const timer = setTimeout(() => setError(parseError(text)), CHECK_DELAY_MS);
    return () => clearTimeout(timer);
  }, [text]);

  const run = () => {
    const line = text.trim();
    if (!line) return;
    const problem = parseError(line);
    setError(problem);
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
      setText(moved.text);
      setCandidates([]);
    } else if (e.key === "Tab" && !e.shiftKey && !e.altKey && !e.ctrlKey && !e.metaKey) {
      const input = e.currentTarget;
      // Tab completes at the end of a typed line while it makes progress; otherwise it moves focus as usual.
      if (text.trim() === "" || input.selectionStart !== text.length || input.selectionEnd !== text.length) return;
      const done = complete(text, completionNames(useCluster.getState()));
      if (done.line === text && done.candidates.join(" ") === candidates.join(" ")) return;
      e.preventDefault();
      setText(done.line);
      setCandidates(done.candidates);
    } else if (e.key === "Escape") {
      if (candidates.length) setCandidates([]);
      else if (text) setText("");
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
              setText(e.currentTarget.value);
              setError(null);
              setCandidates([]);
              cursor.current = freshCursor();
            }}
            onKeyDown={onKeyDown}
            placeholder="kubectl get pods"
            spellCheck={false}
            autoCapitalize="off"
            autoCorrect="off"
            autoComplete="off"
            aria-invalid={error ? true : undefined}
            aria-describedby={`${error ? errorId : ""} ${hintId}`.trim()}
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
      {/* Both stay in the page, empty when there is nothing to say, so screen readers hear each change. */}
      <p id={errorId} className="command-error command-feedback" role="alert">
        {error}
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
  if (!entry.ok) return entry.error ?? "failed";
  const lines = (entry.output ?? "").trimEnd().split("\n");
  if (lines.length <= 1) return lines[0] || `${entry.line}: done`;
  return `${entry.line}: ${lines.length} lines of output in the output region`;
}

function parseError(line: string): string | null {
  const parsed = parseAction(line);
  return "error" in parsed ? parsed.error : null;
}
