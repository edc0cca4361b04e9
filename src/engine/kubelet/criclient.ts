import type { Actor, ActorId, Message } from "../sim";
import type { SimTime } from "../time";
import type { CriError, CriMessage, CriRequest, CriResult } from "./cri";
import type { Effect } from "./task";

/** The kubelet's `--runtime-request-timeout` (KubeletConfiguration.runtimeRequestTimeout): 2 minutes. */
export const RUNTIME_REQUEST_TIMEOUT: SimTime = 2 * 60_000;

export type CriReply = { ok: true; result: CriResult } | { ok: false; error: CriError };

const CONNECTION_REFUSED =
  'connection error: desc = "transport: Error while dialing: dial unix /run/containerd/containerd.sock: connect: connection refused"';

/**
 * The kubelet's gRPC client to containerd (pkg/kubelet/cri/remote). Calls are messages on the local
 * socket. Dialing a socket nobody listens on fails at once with Unavailable, and a call in flight
 * when containerd dies fails as soon as the connection drops (the kubelet checks the peer every
 * second, standing in for gRPC noticing the closed socket).
 */
export class CriClient {
  private nextId = 1;
  private readonly pending = new Map<number, { cb: (r: CriReply) => void; deadline: SimTime; peerEpoch: number }>();
  private checking = false;

  constructor(
    private readonly owner: Actor,
    private readonly runtime: ActorId,
  ) {}

  /** Forget every call: the kubelet process is gone. */
  reset(): void {
    this.pending.clear();
    this.checking = false;
  }

  /** Whether the runtime process is listening on its socket. */
  get runtimeUp(): boolean {
    return !!this.owner.sim.actors.get(this.runtime)?.running;
  }

  call(req: CriRequest, ref: string, cb: (r: CriReply) => void): void {
    const peer = this.owner.sim.actors.get(this.runtime);
    if (!peer || !peer.running) {
      this.owner.after(1, () => cb({ ok: false, error: { code: "Unavailable", message: CONNECTION_REFUSED } }));
      return;
    }
    const id = this.nextId++;
    this.pending.set(id, { cb, deadline: this.owner.now + RUNTIME_REQUEST_TIMEOUT, peerEpoch: peer.epoch });
    const msg: CriMessage = { kind: "cri-request", id, req };
    this.owner.send(this.runtime, "cri", ref, msg);
    this.scheduleCheck();
  }

  /** `const r = yield* wait(cri.effect(req, ref))` */
  effect(req: CriRequest, ref: string): Effect<CriReply> {
    return (resume) => this.call(req, ref, resume);
  }

  /** Handles a reply addressed to this client; false for anything else. */
  handle(msg: Message): boolean {
    const body = msg.body as CriMessage;
    if (!body || body.kind !== "cri-response") return false;
    const p = this.pending.get(body.id);
    if (!p) return true;
    this.pending.delete(body.id);
    p.cb(body.error ? { ok: false, error: body.error } : { ok: true, result: body.result! });
    return true;
  }

  private scheduleCheck(): void {
    if (this.checking) return;
    this.checking = true;
    this.owner.after(1000, () => {
      this.checking = false;
      const peer = this.owner.sim.actors.get(this.runtime);
      for (const [id, p] of [...this.pending]) {
        const dropped = !peer || !peer.running || peer.epoch !== p.peerEpoch;
        if (dropped) {
          this.pending.delete(id);
          p.cb({ ok: false, error: { code: "Unavailable", message: "error reading from server: EOF" } });
        } else if (this.owner.now >= p.deadline) {
          this.pending.delete(id);
          p.cb({ ok: false, error: { code: "DeadlineExceeded", message: "context deadline exceeded" } });
        }
      }
      if (this.pending.size) this.scheduleCheck();
    });
  }
}
