import type { SimTime } from "../time";

/**
 * The one action language (shared/ARCHITECTURE.md), parsed. The CLI, the lessons, the page's command
 * bar and the tests all produce these from lines like `kubectl scale deployment web --replicas=5` or
 * `stop node worker-2`.
 */
export type Action =
  | { type: "create-deployment"; line: string; namespace: string; name: string; image: string; replicas: number; port?: number }
  | { type: "scale"; line: string; namespace: string; resource: "deployments" | "replicasets"; name: string; replicas: number }
  | { type: "delete"; line: string; namespace: string; resource: "pods" | "deployments" | "replicasets" | "services" | "nodes"; name: string }
  | { type: "cordon" | "uncordon"; line: string; node: string }
  | {
      type: "expose";
      line: string;
      namespace: string;
      resource: "pods" | "deployments" | "replicasets" | "services";
      name: string;
      /** --port, --target-port, --name, --protocol, --type as typed ("" when not set). */
      port: string;
      targetPort: string;
      serviceName: string;
      protocol: string;
      serviceType: string;
    }
  | {
      type: "get";
      line: string;
      namespace: string;
      allNamespaces: boolean;
      resource: "pods" | "nodes" | "deployments" | "replicasets" | "events" | "leases" | "services" | "endpointslices";
      name?: string;
      output: "" | "wide" | "yaml" | "json" | "name";
    }
  | { type: "stop-node" | "start-node"; line: string; node: string }
  | { type: "stop-component" | "start-component"; line: string; component: string; node: string }
  /** Cut a machine's network both ways (and restore it): nothing reaches it or leaves it, in-flight messages are lost. */
  | { type: "partition" | "heal"; line: string; node: string };

/** What running an action produced: kubectl's stdout, or its one-line error. */
export type ActionResult = { ok: true; output: string } | { ok: false; error: string };

/** A line of a script: when to run it, and what. */
export interface TimedAction {
  at: SimTime;
  action: Action;
  /** 1-based line number in the script, or 0 for --do actions. */
  lineNo: number;
}
