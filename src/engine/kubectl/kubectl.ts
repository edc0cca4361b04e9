import { Actor, type Machine, type Message, type Simulation } from "../sim";
import { ApiClient } from "../client/apiclient";
import { resourceInfo, type Resource } from "../api/resources";
import type { ApiResponse } from "../api/wire";
import type { Deployment, KObject, Node, Pod, ReplicaSet, Service, ServicePort } from "../api/types";
import type { Action, ActionResult } from "./action";
import { printGet } from "./printers";
import { LB_IP } from "../topology";

/** The kubeconfig user kubeadm writes into admin.conf. */
export const ADMIN_USER = "kubernetes-admin";
/** kubectl's User-Agent as the API server logs it. */
const USER_AGENT = "kubectl/v1.32.0 (linux/amd64) kubernetes/70d3cc9";

/**
 * The user's kubectl: turns an action into API requests through the load balancer, exactly the
 * requests the real kubectl sends, and prints what it would print.
 */
export class Kubectl extends Actor {
  readonly client: ApiClient;

  constructor(sim: Simulation, machine: Machine, endpoint: string) {
    super(sim, machine, "kubectl", "kubectl");
    // kubectl's --request-timeout defaults to "0": no client-side timeout (kubectl/pkg/cmd/... genericclioptions
    // ConfigFlags). A request hangs until the API server's own 60 s timeout answers 504, or until the HTTP/2
    // health check (30 s idle + 15 s ping) finds the connection dead.
    // Each command dials the load balancer again: with its machine down or cut off, the dial times out.
    this.client = new ApiClient(this, { endpoint, user: ADMIN_USER, userAgent: USER_AGENT, timeout: 0, dialAddress: `${LB_IP}:6443` });
  }

  receive(msg: Message): void {
    this.client.handle(msg);
  }

  /** Runs one kubectl action; `done` gets what kubectl would print. */
  run(action: Action, done: (r: ActionResult) => void): void {
    // Each kubectl command is a new process with its own connection through the load balancer.
    this.client.newConnection();
    switch (action.type) {
      case "create-deployment":
        return this.createDeployment(action, done);
      case "scale":
        return this.scale(action, done);
      case "delete":
        return this.deleteObject(action, done);
      case "cordon":
      case "uncordon":
        return this.cordon(action, done);
      case "get":
        return this.get(action, done);
      case "expose":
        return this.expose(action, done);
      default:
        return done({ ok: false, error: `error: ${action.type} is not a kubectl command` });
    }
  }

  /**
   * client-go's rest.Request retries a GET that failed with EOF or a connection reset (IsProbableEOF),
   * on a new connection, up to maxRetries (10) times, one second apart (with_retry.go: the artificial
   * `Retry-After: 1` response); writes are never retried. So with no API server behind the load
   * balancer, `kubectl get` (and `scale`, `cordon`, `expose`, which read first) answers after about 10 s;
   * a create, which only writes, at once.
   */
  private retryingGet(send: (cb: (res: ApiResponse) => void) => void, done: (res: ApiResponse) => void, attempt = 0): void {
    send((res) => {
      if (res.code === 0 && !res.error && isProbableEOF(res.transportError) && attempt < GET_MAX_RETRIES) {
        this.after(GET_RETRY_AFTER, () => {
          this.client.newConnection();
          this.retryingGet(send, done, attempt + 1);
        });
        return;
      }
      done(res);
    });
  }

  private createDeployment(a: Extract<Action, { type: "create-deployment" }>, done: (r: ActionResult) => void): void {
    const labels = { app: a.name };
    const dep = {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: a.name, namespace: a.namespace, labels },
      spec: {
        replicas: a.replicas,
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: {
            containers: [
              {
                name: containerNameForImage(a.image),
                image: a.image,
                ...(a.port !== undefined ? { ports: [{ containerPort: a.port }] } : {}),
                resources: {},
              },
            ],
          },
        },
        strategy: {},
      },
      status: {},
    } as unknown as Deployment;
    this.client.create("deployments", dep, (res) => {
      if (res.code === 201) return done({ ok: true, output: `deployment.apps/${a.name} created` });
      if (res.code === 0 && !res.error) {
        // create_deployment.go: `fmt.Errorf("failed to create deployment: %v", err)` around the url.Error
        // (checked against kubectl v1.32 with a server that closes the connection: `...: EOF`).
        const url = `https://${LB_IP}:6443/apis/apps/v1/namespaces/${a.namespace}/deployments?fieldManager=kubectl-create&fieldValidation=Strict`;
        return done({ ok: false, error: `error: failed to create deployment: Post "${url}": ${res.transportError ?? "EOF"}` });
      }
      done({ ok: false, error: res.code === 409 ? `error: failed to create deployment: ${res.error!.message}` : serverError(res) });
    });
  }

  /**
   * kubectl scale (k8s.io/kubectl pkg/cmd/scale/scale.go RunScale): the resource builder first GETs the
   * object (`r.Infos()`; the builder requires the object, so it is fetched, retried on EOF like any
   * GET), and an error there ends the command before anything is written. Then, without
   * --current-replicas or --resource-version (no precondition), it PATCHes the scale subresource
   * (pkg/scale/scale.go ScaleSimple); the effect on the object is spec.replicas.
   */
  private scale(a: Extract<Action, { type: "scale" }>, done: (r: ActionResult) => void): void {
    this.retryingGet((cb) => this.client.get(a.resource, a.namespace, a.name, cb), (got) => {
      if (got.code !== 200) return done({ ok: false, error: serverError(got) });
      this.client.patch(a.resource, a.namespace, a.name, { spec: { replicas: a.replicas } }, (res) => {
        if (res.code === 200) return done({ ok: true, output: `${qualified(a.resource)}/${a.name} scaled` });
        done({ ok: false, error: serverError(res) });
      });
    });
  }

  private deleteObject(a: Extract<Action, { type: "delete" }>, done: (r: ActionResult) => void): void {
    const info = resourceInfo(a.resource);
    const ns = info.namespaced ? a.namespace : undefined;
    this.client.delete(a.resource, ns, a.name, { propagationPolicy: "Background" }, (res) => {
      if (res.code === 200) return done({ ok: true, output: `${qualified(a.resource)} "${a.name}" deleted` });
      done({ ok: false, error: serverError(res) });
    });
  }

  /** kubectl cordon/uncordon (k8s.io/kubectl pkg/drain/cordon.go): a patch of spec.unschedulable. */
  private cordon(a: Extract<Action, { type: "cordon" | "uncordon" }>, done: (r: ActionResult) => void): void {
    const want = a.type === "cordon";
    this.retryingGet((cb) => this.client.get("nodes", undefined, a.node, cb), (res) => {
      if (res.code !== 200) return done({ ok: false, error: serverError(res) });
      const node = res.object as Node;
      if (!!node.spec.unschedulable === want) {
        return done({ ok: true, output: `node/${a.node} already ${want ? "cordoned" : "uncordoned"}` });
      }
      this.client.patch("nodes", undefined, a.node, { spec: { unschedulable: want ? true : null } }, (r2) => {
        if (r2.code === 200) return done({ ok: true, output: `node/${a.node} ${want ? "cordoned" : "uncordoned"}` });
        done({ ok: false, error: serverError(r2) });
      });
    });
  }

  /**
   * kubectl expose (k8s.io/kubectl pkg/cmd/expose/expose.go RunExpose, createService): reads the object,
   * takes its map-based selector, its labels and (without --port) its container ports, and creates a
   * Service named after it whose targetPort is --target-port or else the port. Prints "service/NAME exposed".
   */
  private expose(a: Extract<Action, { type: "expose" }>, done: (r: ActionResult) => void): void {
    this.retryingGet((cb) => this.client.get(a.resource, a.namespace, a.name, cb), (res) => {
      if (res.code !== 200) return done({ ok: false, error: serverError(res) });
      const obj = res.object!;
      const sel = exposeSelector(obj);
      if (typeof sel === "object" && "error" in sel) return done({ ok: false, error: sel.error });
      let portStrings = a.port === "" ? [] : a.port.split(",");
      let protocols: string[] = [];
      if (portStrings.length === 0) {
        const ports = containerPorts(obj);
        if (ports.length === 0) return done({ ok: false, error: "error: couldn't find port via --port flag or introspection" });
        portStrings = ports.map((p) => String(p.port));
        protocols = ports.map((p) => p.protocol);
      }
      const ports: ServicePort[] = [];
      for (let i = 0; i < portStrings.length; i++) {
        const n = Number(portStrings[i]);
        if (!/^[+-]?\d+$/.test(portStrings[i])) return done({ ok: false, error: `error: strconv.Atoi: parsing ${JSON.stringify(portStrings[i])}: invalid syntax` });
        const protocol = (a.protocol || protocols[i] || "TCP") as ServicePort["protocol"];
        const targetPort = a.targetPort === "" ? n : /^\d+$/.test(a.targetPort) ? Number(a.targetPort) : a.targetPort;
        const sp: ServicePort = { protocol, port: n, targetPort };
        if (portStrings.length > 1) sp.name = `port-${i + 1}`;
        ports.push(sp);
      }
      const name = a.serviceName || a.name;
      const labels = obj.metadata.labels;
      const svc = {
        apiVersion: "v1",
        kind: "Service",
        metadata: { name, namespace: a.namespace, ...(labels ? { labels: { ...labels } } : {}) },
        spec: { ports, selector: sel, ...(a.serviceType ? { type: a.serviceType } : {}) },
        status: { loadBalancer: {} },
      } as unknown as Service;
      this.client.create("services", svc, (r2) => {
        if (r2.code === 201) return done({ ok: true, output: `service/${name} exposed` });
        done({ ok: false, error: serverError(r2) });
      });
    });
  }

  private get(a: Extract<Action, { type: "get" }>, done: (r: ActionResult) => void): void {
    const resource = a.resource as Resource;
    const info = resourceInfo(resource);
    const ns = info.namespaced && !a.allNamespaces ? a.namespace : undefined;
    const print = (objects: KObject[]) => done({ ok: true, output: printGet(a, objects, this.now) });
    const name = a.name;
    if (name) {
      this.retryingGet((cb) => this.client.get(resource, ns, name, cb), (res) => {
        if (res.code === 200) return print([res.object!]);
        done({ ok: false, error: serverError(res) });
      });
      return;
    }
    this.retryingGet((cb) => this.client.list(resource, { namespace: ns }, cb), (res) => {
      if (res.code === 200) return print(res.items ?? []);
      done({ ok: false, error: serverError(res) });
    });
  }
}

/** `deployment.apps`, `replicaset.apps`, `pod` — how kubectl names a kind in its output. */
function qualified(resource: Resource): string {
  const info = resourceInfo(resource);
  const group = info.apiVersion.includes("/") ? "." + info.apiVersion.split("/")[0] : "";
  return info.kind.toLowerCase() + group;
}

/** k8s.io/client-go/rest Request.maxRetries default (10), and the 1 s wait of its artificial Retry-After. */
const GET_MAX_RETRIES = 10;
const GET_RETRY_AFTER = 1_000;

/** k8s.io/apimachinery/pkg/util/net IsProbableEOF, for the transport errors the simulation produces. */
function isProbableEOF(err: string | undefined): boolean {
  if (!err) return false;
  return err === "EOF" || err.endsWith(": EOF") || err.includes("connection reset by peer") || err.toLowerCase().includes("use of closed network connection");
}

/** How kubectl prints a failed request (k8s.io/kubectl pkg/cmd/util/helpers.go StandardErrorMessage). */
export function serverError(res: ApiResponse): string {
  // StatusReasonUnknown ("") prints without a reason: `Error from server: etcdserver: request timed out`.
  if (res.error) return res.error.reason ? `Error from server (${res.error.reason}): ${res.error.message}` : `Error from server: ${res.error.message}`;
  return `Unable to connect to the server: ${res.transportError ?? "unknown error"}`;
}

/**
 * The container name kubectl create deployment derives from the image: the last path element
 * without tag or digest (k8s.io/kubectl pkg/cmd/create/create_deployment.go buildPodSpec).
 */
export function containerNameForImage(image: string): string {
  const last = image.split("/").pop() ?? image;
  return last.split("@")[0].split(":")[0];
}

/**
 * The selector kubectl expose gives the Service (polymorphichelpers MapBasedSelectorForObject): a
 * Pod's labels, a Service's selector, or a Deployment's or ReplicaSet's matchLabels (matchExpressions
 * cannot become a Service selector).
 */
function exposeSelector(obj: KObject): Record<string, string> | { error: string } {
  switch (obj.kind) {
    case "Pod":
      return { ...(obj.metadata.labels ?? {}) };
    case "Service":
      return { ...((obj as Service).spec.selector ?? {}) };
    default: {
      const sel = (obj as Deployment | ReplicaSet).spec.selector;
      if (sel?.matchExpressions?.length) return { error: `error: couldn't convert expressions - "${JSON.stringify(sel.matchExpressions)}" to map-based selector format` };
      return { ...(sel?.matchLabels ?? {}) };
    }
  }
}

/** The container ports of the object's pods (polymorphichelpers PortsForObject / protocolsForObject). */
function containerPorts(obj: KObject): { port: number; protocol: string }[] {
  const spec = obj.kind === "Pod" ? (obj as Pod).spec : obj.kind === "Service" ? undefined : (obj as Deployment | ReplicaSet).spec.template.spec;
  if (!spec) return ((obj as Service).spec.ports ?? []).map((p) => ({ port: p.port, protocol: p.protocol ?? "TCP" }));
  const out: { port: number; protocol: string }[] = [];
  for (const c of spec.containers) for (const p of c.ports ?? []) out.push({ port: p.containerPort, protocol: p.protocol ?? "TCP" });
  return out;
}
