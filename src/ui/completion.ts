import { COMPONENTS } from "../engine/kubectl/parse";
import type { ClusterState } from "../store/types";
import { naturalCompare } from "../naturalCompare";

/** The names the command bar can complete, read from the store's records. */
export interface CompletionNames {
  /** Nodes (control planes and workers): `stop node`, `kubectl cordon`, `kubectl get node`. */
  nodes: readonly string[];
  /** Every machine, the load balancer, kubectl and the registry included: `stop node`, `partition`, `heal`. */
  machines: readonly string[];
  /** Component ids, `kube-scheduler@control-plane-1`: `stop COMPONENT@NODE`. */
  components: readonly string[];
  /** API object names by resource (`pods`, `deployments`, `replicasets`, `services`, ...). */
  objects: Readonly<Record<string, readonly string[]>>;
}

export interface Completion {
  /** The line with the word at the end completed as far as it is unambiguous. */
  line: string;
  /** Every word that fits, when there is more than one (to show under the input). */
  candidates: string[];
}

const VERBS = ["heal", "kubectl", "partition", "start", "stop"];
const KUBECTL_COMMANDS = ["create", "expose", "scale", "delete", "get", "cordon", "uncordon"];
const EXPOSE_TYPES = ["deployment", "replicaset", "pod", "service"];
const GET_TYPES = ["pods", "nodes", "deployments", "replicasets", "events", "leases", "services", "endpointslices"];
const DELETE_TYPES = ["pod", "deployment", "replicaset", "service", "node"];
const SCALE_TYPES = ["deployment", "replicaset"];
const OUTPUTS = ["wide", "yaml", "json", "name"];

/** Flags the command bar offers per command (the ones ClusterScope simulates). */
const FLAGS: Record<string, string[]> = {
  "create deployment": ["--image=", "--replicas=", "--port="],
  scale: ["--replicas="],
  expose: ["--port=", "--target-port=", "--name=", "--protocol="],
  get: ["-o", "--output=", "-A", "--all-namespaces"],
  delete: [],
  cordon: [],
  uncordon: [],
};

/** Flags whose value may follow as the next word (`-o wide`, `--replicas 3`). */
const TAKES_VALUE = new Set(["-o", "--output", "--image", "--replicas", "-r", "--port", "--target-port", "--name", "--protocol", "-n", "--namespace"]);

/** kubectl's type words and short names, to the resource whose names follow them. */
const RESOURCE_OF: Record<string, string> = {};
for (const [resource, words] of Object.entries({
  pods: ["pod", "pods", "po"],
  nodes: ["node", "nodes", "no"],
  deployments: ["deployment", "deployments", "deploy"],
  replicasets: ["replicaset", "replicasets", "rs"],
  services: ["service", "services", "svc"],
  events: ["event", "events", "ev"],
  leases: ["lease", "leases"],
  endpointslices: ["endpointslice", "endpointslices"],
})) {
  for (const w of words) RESOURCE_OF[w] = resource;
}

/**
 * Completes the last word of `line` (the caret is at the end): command words, resource types, flags,
 * `-o` formats, and the names of nodes, components, deployments and pods. Words are split on blanks;
 * quoting is left to the parser.
 */
export function complete(line: string, names: CompletionNames): Completion {
  const endsWithBlank = line === "" || /\s$/.test(line);
  const words = line.trim() === "" ? [] : line.trim().split(/\s+/);
  const partial = endsWithBlank ? "" : (words.pop() ?? "");
  const options = candidatesFor(words, partial, names);
  const fits = [...new Set(options.filter((o) => o.startsWith(partial)))].sort(compareWords);
  if (fits.length === 0) return { line, candidates: [] };
  const head = line.slice(0, line.length - partial.length);
  if (fits.length === 1) {
    const word = fits[0];
    const open = word.endsWith("=") || word.endsWith("@") || word.endsWith("/");
    return { line: head + word + (open ? "" : " "), candidates: [] };
  }
  return { line: head + commonPrefix(fits), candidates: fits };
}

const compareWords = naturalCompare;

function commonPrefix(words: readonly string[]): string {
  let prefix = words[0];
  for (const w of words) while (!w.startsWith(prefix)) prefix = prefix.slice(0, -1);
  return prefix;
}

/** The positional words (flags and their separate values left out). */
function positional(words: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (w.startsWith("-")) {
      if (!w.includes("=") && TAKES_VALUE.has(w)) i++;
      continue;
    }
    out.push(w);
  }
  return out;
}

function namesOf(resource: string | undefined, names: CompletionNames): readonly string[] {
  if (!resource) return [];
  if (resource === "nodes") return names.nodes;
  return names.objects[resource] ?? [];
}

function candidatesFor(words: readonly string[], partial: string, names: CompletionNames): string[] {
  if (words.length === 0) return VERBS;
  const [verb] = words;
  if (verb === "stop" || verb === "start") {
    // First the kinds of target (`node`, `kubelet@`), then, after the @, the components that exist.
    if (words.length === 1) return partial.includes("@") ? [...names.components] : ["node", ...COMPONENTS.map((c) => `${c}@`)];
    if (words.length === 2 && words[1] === "node") return [...names.machines];
    return [];
  }
  if (verb === "partition" || verb === "heal") return words.length === 1 ? [...names.machines] : [];
  if (verb !== "kubectl") return [];

  const previous = words[words.length - 1];
  if (previous === "-o" || previous === "--output") return OUTPUTS;
  if (partial.startsWith("--output=")) return OUTPUTS.map((o) => `--output=${o}`);
  if (partial.startsWith("-o") && partial.length > 2) return OUTPUTS.map((o) => `-o${o}`);

  const args = positional(words.slice(1));
  const command = args[0];
  if (command === undefined) return partial.startsWith("-") ? [] : KUBECTL_COMMANDS;
  const flagKey = command === "create" ? "create deployment" : command;
  if (partial.startsWith("-")) return FLAGS[flagKey] ?? [];

  // `kubectl get deployment/we…`: complete the name after the slash.
  const slash = partial.indexOf("/");
  if (slash > 0 && ["get", "delete", "scale", "cordon", "uncordon"].includes(command)) {
    const type = partial.slice(0, slash);
    return namesOf(RESOURCE_OF[type], names).map((n) => `${type}/${n}`);
  }

  switch (command) {
    case "create":
      return args.length === 1 ? ["deployment"] : [];
    case "cordon":
    case "uncordon":
      return args.length === 1 ? [...names.nodes] : [];
    case "get":
      if (args.length === 1) return GET_TYPES;
      return args.length === 2 ? [...namesOf(RESOURCE_OF[args[1]], names)] : [];
    case "delete":
      if (args.length === 1) return DELETE_TYPES;
      return args.length === 2 ? [...namesOf(RESOURCE_OF[args[1]], names)] : [];
    case "expose":
      if (args.length === 1) return EXPOSE_TYPES;
      return args.length === 2 ? [...namesOf(RESOURCE_OF[args[1]], names)] : [];
    case "scale":
      if (args.length === 1) return SCALE_TYPES;
      if (args.length === 2) return [...namesOf(RESOURCE_OF[args[1]], names)];
      return FLAGS.scale;
    default:
      return [];
  }
}

/** The names Tab can complete, read from the store's records (external boxes like kubectl are not nodes). */
export function completionNames(state: Pick<ClusterState, "machines" | "components" | "objects">): CompletionNames {
  const machines = Object.values(state.machines).map((m) => m.id);
  const nodes = Object.values(state.machines)
    .filter((m) => m.role !== "external")
    .map((m) => m.id);
  const components = Object.values(state.components)
    .filter((c) => (COMPONENTS as readonly string[]).includes(c.component))
    .map((c) => c.id);
  const objects: Record<string, string[]> = {};
  for (const o of Object.values(state.objects)) (objects[o.resource] ??= []).push(o.object.metadata.name);
  return { nodes, machines, components, objects };
}
