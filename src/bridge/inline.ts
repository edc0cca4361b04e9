/**
 * The simulation on the caller's thread, behind SimClient's interface: for unit tests, benchmarks and
 * tools that run without a Worker. The page never imports this file (it would pull the engine into the
 * page's bundle); it always uses the worker.
 */
import { SimClient, type SimClientOptions } from "./client";
import { Session } from "./session";

/** A SimClient whose session runs in this thread (its `session` is the engine's Session). */
export function inlineClient(opts: Omit<SimClientOptions, "mode" | "session"> = {}): SimClient & { readonly session: Session | null } {
  return new SimClient({ ...opts, mode: "inline", session: (host) => new Session(host) }) as SimClient & { readonly session: Session | null };
}
