import type { Container, Pod, PodStatus } from "../api/types";
import { parseTimestamp, type SimTime } from "../time";

export interface ProbeHost {
  readonly now: SimTime;
  after(delay: SimTime, fn: () => void): void;
  random(): number;
  /** When the kubelet (and its probe manager) started. */
  readonly startedAt: SimTime;
  /** The status manager's status for the pod. */
  podStatus(uid: string): PodStatus | undefined;
  /** A readiness result changed: SetContainerReadiness and a pod sync. */
  readinessChanged(pod: Pod, containerID: string, ready: boolean): void;
}

interface Worker {
  pod: Pod;
  container: Container;
  period: SimTime;
  stopped: boolean;
  /** A probe run is already scheduled to happen at once (manualTriggerCh has room for one). */
  triggered: boolean;
}

/**
 * The probe manager for readiness probes (pkg/kubelet/prober): one worker per container with a
 * readinessProbe, probing every periodSeconds (default 10). A worker created within one period of
 * the kubelet's start first waits a random part of the period. A probe before initialDelaySeconds
 * have passed since the container started is skipped. The simulated applications always answer
 * their probes, so a running container becomes ready at its first probe past the initial delay.
 * Containers without a readiness probe are ready as soon as they run.
 */
export class ProbeManager {
  private readonly workers = new Map<string, Worker>();
  private readonly results = new Map<string, boolean>();

  constructor(private readonly host: ProbeHost) {}

  reset(): void {
    for (const w of this.workers.values()) w.stopped = true;
    this.workers.clear();
    this.results.clear();
  }

  addPod(pod: Pod): void {
    for (const c of pod.spec.containers) {
      if (!c.readinessProbe) continue;
      const key = `${pod.metadata.uid}/${c.name}`;
      if (this.workers.has(key)) continue;
      const w: Worker = { pod, container: c, period: (c.readinessProbe.periodSeconds ?? 10) * 1000, stopped: false, triggered: false };
      this.workers.set(key, w);
      const h = this.host;
      const initial = w.period > h.now - h.startedAt ? Math.floor(h.random() * w.period) : 0;
      h.after(initial, () => this.tick(w));
    }
  }

  removePod(uid: string): void {
    for (const [key, w] of this.workers) {
      if (!key.startsWith(`${uid}/`)) continue;
      w.stopped = true;
      this.workers.delete(key);
    }
  }

  /** Whether a running container counts as ready; asks for an immediate probe when it has no result yet. */
  ready(pod: Pod, container: Container, containerID: string): boolean {
    if (!container.readinessProbe) return true;
    const r = this.results.get(containerID);
    if (r === true) return true;
    const w = this.workers.get(`${pod.metadata.uid}/${container.name}`);
    if (w && !w.triggered && r === undefined) {
      w.triggered = true;
      this.host.after(0, () => {
        w.triggered = false;
        if (!w.stopped) this.probe(w);
      });
    }
    return false;
  }

  private tick(w: Worker): void {
    if (w.stopped) return;
    this.probe(w);
    this.host.after(w.period, () => this.tick(w));
  }

  /** doProbe */
  private probe(w: Worker): void {
    const status = this.host.podStatus(w.pod.metadata.uid);
    const cs = status?.containerStatuses?.find((c) => c.name === w.container.name);
    if (!cs?.containerID || !cs.state.running) return;
    const id = cs.containerID;
    const startedAt = parseTimestamp(cs.state.running.startedAt);
    // int32(time.Since(startedAt).Seconds()) < initialDelaySeconds: still in the initial delay.
    if (Math.floor((this.host.now - startedAt) / 1000) < (w.container.readinessProbe?.initialDelaySeconds ?? 0)) {
      if (!this.results.has(id)) this.results.set(id, false);
      return;
    }
    if (this.results.get(id) === true) return;
    this.results.set(id, true);
    this.host.readinessChanged(w.pod, id, true);
  }
}
