import type { ActorId } from "../sim";
import type { Resource } from "./resources";
import type { KObject, LabelSelector } from "./types";

/** The API verbs a client can send. `updateStatus`/`patchStatus` go to the status subresource, `bind` to pods/binding. */
export type Verb =
  | "create"
  | "update"
  | "updateStatus"
  | "patch"
  | "patchStatus"
  | "delete"
  | "get"
  | "list"
  | "watch"
  | "bind"
  | "ping";

export interface ApiRequest {
  reqId: number;
  /** The client actor; replies travel back along `returnPath` (client first, then any proxies). */
  client: ActorId;
  returnPath: ActorId[];
  /** The client's TCP connection number: the load balancer keeps one backend per connection. */
  conn: number;
  /** The server process this connection was established with (its id and epoch), once known. */
  server?: ServerIncarnation;
  /** Who the bearer token or client certificate authenticates as, e.g. `system:node:worker-1`. */
  user: string;
  userAgent: string;
  verb: Verb;
  resource: Resource;
  namespace?: string;
  name?: string;
  /** The object for create/update, the merge patch for patch, the target node name for bind. */
  body?: unknown;
  labelSelector?: LabelSelector;
  /** Equality field selectors, e.g. `{ "spec.nodeName": "worker-1" }`. */
  fieldSelector?: Record<string, string>;
  /** For watch: deliver changes after this resourceVersion. */
  resourceVersion?: string;
  /** For delete: the grace period; undefined means the object's default (30s for pods). */
  gracePeriodSeconds?: number;
  /** For delete: `Background` (kubectl's default), `Foreground` or `Orphan`. */
  propagationPolicy?: "Background" | "Foreground" | "Orphan";
  /** For delete: only if the object still has this uid. */
  preconditionUid?: string;
}

/** metav1.Status, as kube-apiserver returns a failure. */
export interface StatusError {
  kind: "Status";
  apiVersion: "v1";
  status: "Failure";
  message: string;
  reason:
    | "NotFound"
    | "AlreadyExists"
    | "Conflict"
    | "Invalid"
    | "Forbidden"
    | "BadRequest"
    | "Timeout"
    | "ServiceUnavailable"
    | "TooManyRequests"
    | "InternalError"
    | "MethodNotAllowed"
    /** StatusReasonUnknown: an error the server could not classify (kubectl prints no reason). */
    | "";
  details?: { name?: string; kind?: string; group?: string };
  code: number;
}

/** Which process answered: a restarted server has a new epoch, and the old connections die with the old one. */
export interface ServerIncarnation {
  id: ActorId;
  epoch: number;
}

export interface ApiResponse {
  reqId: number;
  /** The server process that answered (absent on transport errors). */
  server?: ServerIncarnation;
  /** HTTP status code; 0 when the request never got an answer (connection error or client timeout). */
  code: number;
  object?: KObject;
  items?: KObject[];
  /** The list's resourceVersion (the watch cache revision it reflects). */
  resourceVersion?: string;
  error?: StatusError;
  /** The connection was reset (the server process it was made to is gone). */
  reset?: boolean;
  /** A transport failure as Go's net/http prints it, e.g. `dial tcp 10.0.0.10:6443: connect: connection refused`. */
  transportError?: string;
}

export type WatchEventType = "ADDED" | "MODIFIED" | "DELETED" | "BOOKMARK" | "ERROR";

export interface WatchEvent {
  /** The reqId of the watch request this event belongs to. */
  watchId: number;
  type: WatchEventType;
  object: KObject;
}

export type ApiMessage = { kind: "request"; req: ApiRequest } | { kind: "response"; res: ApiResponse; returnPath: ActorId[] } | { kind: "watch"; ev: WatchEvent; returnPath: ActorId[] };

export function statusError(code: number, reason: StatusError["reason"], message: string, details?: StatusError["details"]): StatusError {
  return { kind: "Status", apiVersion: "v1", status: "Failure", message, reason, details, code };
}
