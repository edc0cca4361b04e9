/**
 * The Web Worker entry (a module worker, started by src/bridge/client.ts): hosts one Session and drives
 * its playback ticks at about 60 Hz with setTimeout while playing. Everything else is the Session's.
 */
import type { PageMessage, WorkerMessage } from "./protocol";
import { Session } from "./session";

/**
 * The little of DedicatedWorkerGlobalScope used here. (The project compiles with the DOM lib, whose
 * `self` is a Window; the DOM and WebWorker libs do not compile together.)
 */
interface WorkerScope {
  postMessage(msg: WorkerMessage): void;
  onmessage: ((e: MessageEvent<PageMessage>) => void) | null;
}

const scope = self as unknown as WorkerScope;

const session = new Session({
  now: () => performance.now(),
  post: (msg) => scope.postMessage(msg),
  setTimer: (fn, ms) => {
    const handle = setTimeout(fn, ms);
    return () => clearTimeout(handle);
  },
});

scope.onmessage = (e) => session.receive(e.data);
