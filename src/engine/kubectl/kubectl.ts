import { Actor, type Machine, type Message, type Simulation } from "../sim";
import { ApiClient } from "../client/apiclient";
import { resourceInfo, type Resource } from "../api/resources";
import type { ApiResponse } from "../api/wire";
import type { Deployment, KObject, Node } from "../api/types";
import type { Action, ActionResult } from "./action";
import { printGet } from "./printers";

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
    this.client = new ApiClient(this, { endpoint, user: ADMIN_USER, userAgent: USER_AGENT, timeout: 30_000 });
  }

  receive(msg: Message): void {
    this.client.handle(msg);
  }

  /** Runs one kubectl action; `done` gets what kubectl would print. */
  run(action: Action, done: (r: ActionResult) => void): void {
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
      default:
        return done({ ok: false, error: `error: ${action.type} is not a kubectl command` });
    }
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
      done({ ok: false, error: res.code === 409 ? `error: failed to create deployment: ${res.error!.message}` : serverError(res) });
    });
  }

  private scale(a: Extract<Action, { type: "scale" }>, done: (r: ActionResult) => void): void {
    // kubectl scale PATCHes the scale subresource; the effect on the object is spec.replicas.
    this.client.patch(a.resource, a.namespace, a.name, { spec: { replicas: a.replicas } }, (res) => {
      if (res.code === 200) return done({ ok: true, output: `${qualified(a.resource)}/${a.name} scaled` });
      done({ ok: false, error: serverError(res) });
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
    this.client.get("nodes", undefined, a.node, (res) => {
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

  private get(a: Extract<Action, { type: "get" }>, done: (r: ActionResult) => void): void {
    const resource = a.resource as Resource;
    const info = resourceInfo(resource);
    const ns = info.namespaced && !a.allNamespaces ? a.namespace : undefined;
    const print = (objects: KObject[]) => done({ ok: true, output: printGet(a, objects, this.now) });
    if (a.name) {
      this.client.get(resource, ns, a.name, (res) => {
        if (res.code === 200) return print([res.object!]);
        done({ ok: false, error: serverError(res) });
      });
      return;
    }
    this.client.list(resource, { namespace: ns }, (res) => {
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

/** How kubectl prints a failed request (k8s.io/kubectl pkg/cmd/util/helpers.go StandardErrorMessage). */
export function serverError(res: ApiResponse): string {
  if (res.error) return `Error from server (${res.error.reason}): ${res.error.message}`;
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
