import { Actor, Machine, type Message } from "../sim";
import { ApiClient } from "../client/apiclient";
import { Cluster } from "../cluster";
import type { Container, KEvent, KObject, Node, Pod } from "../api/types";
import type { ApiResponse } from "../api/wire";
import type { Resource } from "../api/resources";

/** An API client owned by a test actor on its own machine: what a test uses to create and bind pods. */
export class TestClient extends Actor {
  readonly client: ApiClient;

  constructor(cluster: Cluster) {
    const m = cluster.sim.addMachine(new Machine("tester", "external"));
    super(cluster.sim, m, "tester", "tester");
    this.client = new ApiClient(this, { endpoint: cluster.loadBalancer.id, user: "kubernetes-admin", userAgent: "test" });
    cluster.sim.addActor(this);
    this.start();
  }

  receive(msg: Message): void {
    this.client.handle(msg);
  }
}

/** A cluster with the test client, an event log and helpers to wait for API results. */
export function harness(seed: number, topology = { masters: 1, workers: 3 }) {
  const cluster = new Cluster({ seed, topology });
  const tester = new TestClient(cluster);
  const events: { t: number; ev: KEvent }[] = [];
  cluster.onEvent((ev, t) => events.push({ t, ev }));
  /** Every write to etcd, in commit order: what watchers saw. */
  const writes: { t: number; type: "PUT" | "DELETE"; obj: KObject }[] = [];
  cluster.controlPlanes[0].etcd.store.listeners.push((changes) => {
    for (const ch of changes) writes.push({ t: cluster.sim.now, type: ch.type, obj: (ch.type === "DELETE" ? ch.prevKv?.value ?? ch.kv.value : ch.kv.value) as KObject });
  });
  const call = (fn: (cb: (r: ApiResponse) => void) => void): ApiResponse => {
    let out: ApiResponse | undefined;
    fn((r) => (out = r));
    const limit = cluster.now + 70_000;
    while (!out && cluster.now < limit) cluster.runUntil(cluster.now + 1);
    if (!out) throw new Error("no API response");
    return out;
  };
  const h = {
    cluster,
    sim: cluster.sim,
    tester,
    events,
    writes,
    /** The versions an object went through (PUTs), with the time each was committed. */
    history<T extends KObject>(kind: string, name: string): { t: number; obj: T }[] {
      return writes.filter((w) => w.type === "PUT" && w.obj.kind === kind && w.obj.metadata.name === name).map((w) => ({ t: w.t, obj: w.obj as T }));
    },
    advance(ms: number) {
      cluster.runUntil(cluster.now + ms);
    },
    /** Runs until `pred` holds (checking every `step` ms) or `limit` ms have passed; returns whether it held. */
    until(pred: () => boolean, limit = 120_000, step = 10): boolean {
      const end = cluster.now + limit;
      while (cluster.now < end) {
        if (pred()) return true;
        cluster.runUntil(cluster.now + step);
      }
      return pred();
    },
    get<T extends KObject>(resource: Resource, namespace: string | undefined, name: string): T | undefined {
      return cluster.objects().find((o) => resourceOf(o) === resource && o.metadata.name === name && (o.metadata.namespace ?? undefined) === namespace) as T | undefined;
    },
    pod(name: string, namespace = "default"): Pod | undefined {
      return h.get<Pod>("pods", namespace, name);
    },
    node(name: string): Node | undefined {
      return h.get<Node>("nodes", undefined, name);
    },
    createPod(pod: PodInput): ApiResponse {
      const body = { apiVersion: "v1", kind: "Pod", ...pod, metadata: { namespace: "default", ...pod.metadata } } as Pod;
      return call((cb) => tester.client.create("pods", body, cb));
    },
    bind(name: string, node: string, namespace = "default"): ApiResponse {
      const p = h.pod(name, namespace)!;
      return call((cb) => tester.client.bind(namespace, name, p.metadata.uid, node, cb));
    },
    deletePod(name: string, namespace = "default", gracePeriodSeconds?: number): ApiResponse {
      return call((cb) => tester.client.delete("pods", namespace, name, gracePeriodSeconds === undefined ? {} : { gracePeriodSeconds }, cb));
    },
    /** Events about an object, in the order they were first recorded. */
    eventsFor(kind: string, name: string): KEvent[] {
      const seen = new Map<string, KEvent>();
      for (const e of events) if (e.ev.involvedObject.kind === kind && e.ev.involvedObject.name === name) seen.set(e.ev.metadata.name, e.ev);
      return [...seen.values()];
    },
    /** When each event was first recorded, by event name. */
    firstSeen(ev: KEvent): number {
      return events.find((e) => e.ev.metadata.name === ev.metadata.name)!.t;
    },
  };
  return h;
}

function resourceOf(o: KObject): Resource | undefined {
  switch (o.kind) {
    case "Pod":
      return "pods";
    case "Node":
      return "nodes";
    case "Lease":
      return "leases";
    case "Event":
      return "events";
    default:
      return undefined;
  }
}

export interface PodInput {
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  spec: Pod["spec"];
}

/** A one-container pod as `kubectl run NAME --image=IMAGE` sends it (the API server adds the defaults). */
export function simplePod(name: string, image = "nginx", extra: Partial<Pod["spec"]> = {}, container: Partial<Container> = {}): PodInput {
  return { metadata: { name, labels: { run: name } }, spec: { containers: [{ name, image, ...container }], ...extra } };
}
