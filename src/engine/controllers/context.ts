import type { Actor } from "../sim";
import type { ApiClient } from "../client/apiclient";
import type { InformerFactory } from "../client/informer";
import { LegacyEventRecorder } from "../client/recorder";
import { WorkQueue } from "../client/workqueue";
import type { SimTime } from "../time";
import { ItemExponentialFailureRateLimiter } from "./ratelimit";

/**
 * The lifetime of one run of the controllers inside kube-controller-manager. Timers scheduled through
 * it die when it is killed (leadership lost, or the process stopped), like the goroutines of a
 * controller whose context is cancelled.
 */
export class Scope {
  private alive = true;

  constructor(readonly actor: Actor) {}

  get now(): SimTime {
    return this.actor.now;
  }

  get isAlive(): boolean {
    return this.alive && this.actor.running;
  }

  /** Used by WorkQueue to drop `done` calls of syncs that belonged to a dead scope. */
  get epoch(): number {
    return this.actor.epoch * 2 + (this.alive ? 0 : 1);
  }

  after(delay: SimTime, fn: () => void): void {
    this.actor.after(delay, () => {
      if (this.alive) fn();
    });
  }

  kill(): void {
    this.alive = false;
  }

  /** A rate-limited work queue whose timers and workers belong to this scope. */
  queue(sync: (key: string, done: () => void) => void, workers: number, syncCost?: SimTime, limiter?: ItemExponentialFailureRateLimiter): ControllerQueue {
    return new ControllerQueue(this, sync, workers, syncCost, limiter);
  }
}

/**
 * A controller's rate-limited work queue (workqueue.NewTypedRateLimitingQueue with the default
 * controller rate limiter). Keys added before `start` wait, as informer events wait for the workers
 * that start only after WaitForNamedCacheSync.
 */
export class ControllerQueue {
  private started = false;
  private readonly held = new Set<string>();
  private readonly q: WorkQueue;

  constructor(
    private readonly scope: Scope,
    sync: (key: string, done: () => void) => void,
    workers: number,
    syncCost?: SimTime,
    readonly limiter = new ItemExponentialFailureRateLimiter(),
  ) {
    this.q = new WorkQueue(scope as unknown as Actor, (key, done) => (scope.isAlive ? sync(key, done) : undefined), workers, syncCost);
  }

  add(key: string): void {
    if (!this.scope.isAlive) return;
    if (!this.started) this.held.add(key);
    else this.q.add(key);
  }

  addAfter(key: string, delay: SimTime): void {
    if (delay <= 0) return this.add(key);
    this.scope.after(delay, () => this.add(key));
  }

  addRateLimited(key: string): void {
    this.addAfter(key, this.limiter.when(key));
  }

  forget(key: string): void {
    this.limiter.forget(key);
  }

  numRequeues(key: string): number {
    return this.limiter.numRequeues(key);
  }

  get length(): number {
    return this.q.length + this.held.size;
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    for (const k of this.held) this.q.add(k);
    this.held.clear();
  }
}

/** What kube-controller-manager hands every controller it starts (ControllerContext in cmd/kube-controller-manager). */
export interface ControllerContext {
  readonly scope: Scope;
  /** The shared informer factory: one LIST+WATCH per resource for the whole process. */
  readonly informers: InformerFactory;
  /**
   * A client for one controller. kubeadm runs kube-controller-manager with
   * --use-service-account-credentials=true, so each controller authenticates as its own service account
   * (`system:serviceaccount:kube-system:<name>`) with the user agent suffixed by that name
   * (ClientBuilder.ClientOrDie(name)).
   */
  client(name: string): ApiClient;
  /** The legacy core/v1 recorder with `source.component` = component (record.EventSource{Component}). */
  recorder(client: ApiClient, component: string): LegacyEventRecorder;
  log(text: string): void;
}

export interface Controller {
  /** Starts workers and loops once the informers have synced (WaitForNamedCacheSync). */
  run(): void;
}
