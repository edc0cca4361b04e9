import { resourceInfo, type Resource } from "../api/resources";
import type {
  ContainerStatus,
  Deployment,
  EndpointSlice,
  KEvent,
  KObject,
  LabelSelector,
  Lease,
  Node,
  Pod,
  ReplicaSet,
  Service,
} from "../api/types";
import { humanDuration, parseTimestamp, type SimTime } from "../time";
import type { Action } from "./action";
import { parseActionDetailed } from "./parse";
import { toYaml, yamlInputError } from "./yaml";

/**
 * What `kubectl get` prints, byte for byte (without the final newline).
 *
 * kubectl v1.32 asks the API server for a Table (server-side printing): the server fills the cells
 * with the handlers in k8s.io/kubernetes pkg/printers/internalversion/printers.go (printPod,
 * printNode, printDeployment, ...), always with every column including the `-o wide` ones; kubectl
 * drops the priority-1 columns unless -o wide, adds NAMESPACE for --all-namespaces, upper-cases the
 * headers and aligns everything with a tabwriter (k8s.io/cli-runtime pkg/printers/tableprinter.go
 * printTable, tabwriter.go: minwidth 6, padding 3, pad char ' '). ClusterScope does both halves here.
 *
 * Lists come in the API server's order, which is etcd key order (`<namespace>/<name>`); kubectl
 * does not re-sort (pkg/cmd/get/get.go sorts only with --sort-by), so events are listed by name,
 * i.e. by involved object name and then creation time, exactly as on a real cluster.
 */
export function printGet(action: Extract<Action, { type: "get" }>, objects: KObject[], now: SimTime): string {
  const warning = shortNameWarning(action);
  const body = printGetBody(action, objects, now);
  return warning ? `${warning}\n${body}` : body;
}

type Get = Extract<Action, { type: "get" }>;

/**
 * client-go's shortcut expander warns when a short name is ambiguous (k8s.io/client-go
 * restmapper/shortcut.go); on a v1.32 cluster `ev` matches both core/v1 and events.k8s.io/v1 Events.
 * kubectl prints it on stderr before the output.
 */
function shortNameWarning(action: Get): string | undefined {
  const parsed = parseActionDetailed(action.line);
  if ("error" in parsed || !parsed.typedResource) return undefined;
  if (parsed.typedResource.toLowerCase() === "ev") {
    return 'Warning: short name "ev" could also match lower priority resource events.events.k8s.io';
  }
  return undefined;
}

function printGetBody(action: Get, objects: KObject[], now: SimTime): string {
  const info = resourceInfo(action.resource);
  const items = objects
    .filter((o) => o.kind === info.kind)
    .filter((o) => !info.namespaced || action.allNamespaces || (o.metadata.namespace ?? "") === action.namespace)
    .filter((o) => action.name === undefined || o.metadata.name === action.name)
    .sort((a, b) => compareKeys(keyOf(a), keyOf(b)));
  if (action.name !== undefined && items.length === 0) return notFoundError(action.resource, action.name);

  switch (action.output) {
    case "name":
      return items.map((o) => `${qualifiedKind(action.resource)}/${o.metadata.name}`).join("\n");
    case "json":
      return goJson(action.name !== undefined ? items[0] : listOf(items));
    case "yaml": {
      const value = action.name !== undefined ? items[0] : listOf(items);
      return yamlInputError(value) ?? toYaml(value).replace(/\n$/, "");
    }
    default: {
      if (items.length === 0) {
        // get.go: printed on stderr
        return action.allNamespaces || !info.namespaced ? "No resources found" : `No resources found in ${action.namespace} namespace.`;
      }
      const table = tableFor(action.resource, items, now);
      return renderTable(table, { wide: action.output === "wide", withNamespace: action.allNamespaces && info.namespaced });
    }
  }
}

/** The error kubectl prints for a missing named object (the API server's NotFound Status message). */
export function notFoundError(resource: Resource, name: string): string {
  return `Error from server (NotFound): ${qualifiedResource(resource)} "${name}" not found`;
}

/** `pods`, `deployments.apps`, `leases.coordination.k8s.io`: schema.GroupResource.String(). */
export function qualifiedResource(resource: Resource): string {
  const group = groupOf(resource);
  return group ? `${resource}.${group}` : resource;
}

/** `pod`, `deployment.apps`: how -o name and most kubectl messages name a kind. */
export function qualifiedKind(resource: Resource): string {
  const info = resourceInfo(resource);
  const group = groupOf(resource);
  return info.kind.toLowerCase() + (group ? `.${group}` : "");
}

function groupOf(resource: Resource): string {
  const v = resourceInfo(resource).apiVersion;
  return v.includes("/") ? v.split("/")[0] : "";
}

function keyOf(o: KObject): string {
  return o.metadata.namespace ? `${o.metadata.namespace}/${o.metadata.name}` : o.metadata.name;
}

function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** get.go printGeneric: what -o yaml/json print for a list. */
function listOf(items: KObject[]): unknown {
  return { apiVersion: "v1", items, kind: "List", metadata: { resourceVersion: "" } };
}

// ---------------------------------------------------------------------------------------------
// Tables

export interface Column {
  /** As printers.go names it ("Last Seen"); kubectl upper-cases it. */
  name: string;
  /** 1 for the -o wide columns. */
  priority: 0 | 1;
}

export interface Table {
  columns: Column[];
  rows: { cells: string[]; namespace?: string; name: string }[];
}

const c = (name: string, priority: 0 | 1 = 0): Column => ({ name, priority });

const COLUMNS: Record<Resource, Column[]> = {
  pods: [c("Name"), c("Ready"), c("Status"), c("Restarts"), c("Age"), c("IP", 1), c("Node", 1), c("Nominated Node", 1), c("Readiness Gates", 1)],
  nodes: [
    c("Name"), c("Status"), c("Roles"), c("Age"), c("Version"),
    c("Internal-IP", 1), c("External-IP", 1), c("OS-Image", 1), c("Kernel-Version", 1), c("Container-Runtime", 1),
  ],
  deployments: [c("Name"), c("Ready"), c("Up-to-date"), c("Available"), c("Age"), c("Containers", 1), c("Images", 1), c("Selector", 1)],
  replicasets: [c("Name"), c("Desired"), c("Current"), c("Ready"), c("Age"), c("Containers", 1), c("Images", 1), c("Selector", 1)],
  events: [
    c("Last Seen"), c("Type"), c("Reason"), c("Object"), c("Subobject", 1), c("Source", 1), c("Message"),
    c("First Seen", 1), c("Count", 1), c("Name", 1),
  ],
  leases: [c("Name"), c("Holder"), c("Age")],
  services: [c("Name"), c("Type"), c("Cluster-IP"), c("External-IP"), c("Port(s)"), c("Age"), c("Selector", 1)],
  endpointslices: [c("Name"), c("AddressType"), c("Ports"), c("Endpoints"), c("Age")],
  namespaces: [c("Name"), c("Status"), c("Age")],
};

/** The Table the API server would return for these objects (all columns, as with Wide: true). */
export function tableFor(resource: Resource, objects: KObject[], now: SimTime): Table {
  const rowOf = ROWS[resource];
  return {
    columns: COLUMNS[resource],
    rows: objects.map((o) => ({ cells: rowOf(o as never, now), namespace: o.metadata.namespace, name: o.metadata.name })),
  };
}

const ROWS: Record<Resource, (o: never, now: SimTime) => string[]> = {
  pods: (o: Pod, now) => podRow(o, now),
  nodes: (o: Node, now) => nodeRow(o, now),
  deployments: (o: Deployment, now) => deploymentRow(o, now),
  replicasets: (o: ReplicaSet, now) => replicaSetRow(o, now),
  events: (o: KEvent, now) => eventRow(o, now),
  leases: (o: Lease, now) => [o.metadata.name, o.spec.holderIdentity ?? "", age(o, now)],
  services: (o: Service, now) => serviceRow(o, now),
  endpointslices: (o: EndpointSlice, now) => endpointSliceRow(o, now),
  namespaces: (o: KObject & { status?: { phase?: string } }, now) => [o.metadata.name, o.status?.phase ?? "", age(o, now)],
};

/**
 * cli-runtime tableprinter.go printTable + decorateTable: headers upper-cased, wide columns only
 * with -o wide, NAMESPACE first with --all-namespaces, multi-line cells cut at the first line break
 * with "...", then the tabwriter.
 */
export function renderTable(table: Table, opts: { wide: boolean; withNamespace: boolean }): string {
  const keep = table.columns.map((col) => opts.wide || col.priority === 0);
  const header = table.columns.filter((_, i) => keep[i]).map((col) => col.name.toUpperCase());
  const lines = [opts.withNamespace ? ["NAMESPACE", ...header] : header];
  for (const row of table.rows) {
    const cells = row.cells.filter((_, i) => keep[i]).map(printableCell);
    lines.push(opts.withNamespace ? [escapeTerminal(row.namespace ?? ""), ...cells] : cells);
  }
  return tabwrite(lines);
}

function printableCell(cell: string): string {
  const br = cell.search(/[\f\n\r]/);
  return br >= 0 ? escapeTerminal(cell.slice(0, br)) + "..." : escapeTerminal(cell);
}

/** cli-runtime printers/terminal.go EscapeTerminal. */
function escapeTerminal(s: string): string {
  return s.replaceAll("\x1b", "^[").replaceAll("\r", "\\r");
}

const TAB_MINWIDTH = 6;
const TAB_PADDING = 3;

/**
 * Go's text/tabwriter (as github.com/liggitt/tabwriter, kubectl's fork) for rows that all have the
 * same number of cells: every cell but a row's last is padded with spaces to its column's width,
 * max(minwidth, widest cell + padding); widths count runes.
 */
export function tabwrite(lines: string[][]): string {
  const width = (s: string) => [...s].length;
  const cols = Math.max(0, ...lines.map((l) => l.length - 1));
  const widths: number[] = [];
  for (let j = 0; j < cols; j++) {
    let w = TAB_MINWIDTH;
    for (const l of lines) if (j < l.length - 1) w = Math.max(w, width(l[j]) + TAB_PADDING);
    widths.push(w);
  }
  return lines.map((l) => l.map((cell, j) => (j < l.length - 1 ? cell + " ".repeat(widths[j] - width(cell)) : cell)).join("")).join("\n");
}

// ---------------------------------------------------------------------------------------------
// Rows (printers.go)

/** translateTimestampSince: HumanDuration(now - t), or <unknown> for a zero time. */
function since(ts: string | null | undefined, now: SimTime): string {
  if (!ts) return "<unknown>";
  return humanDuration(now - parseTimestamp(ts));
}

function age(o: KObject, now: SimTime): string {
  return since(o.metadata.creationTimestamp, now);
}

const isRestartableInit = (c: { restartPolicy?: string } | undefined) => c?.restartPolicy === "Always";

/** printers.go printPod: READY, STATUS and RESTARTS exactly as kubectl shows them (KUBERNETES.md §24). */
export function podRow(pod: Pod, now: SimTime): string[] {
  const status = pod.status ?? ({ phase: "Pending" } as Pod["status"]);
  let restarts = 0;
  let restartableInitRestarts = 0;
  let totalContainers = pod.spec.containers.length;
  let readyContainers = 0;
  let lastRestartDate = -Infinity;
  let lastRestartableInitRestartDate = -Infinity;

  let reason: string = status.reason || status.phase;
  for (const cond of status.conditions ?? []) {
    if (cond.type === "PodScheduled" && cond.reason === "SchedulingGated") reason = "SchedulingGated";
  }

  const initSpecs = new Map((pod.spec.initContainers ?? []).map((c) => [c.name, c as { restartPolicy?: string }]));
  for (const c of initSpecs.values()) if (isRestartableInit(c)) totalContainers++;

  const finishedAt = (cs: ContainerStatus): number => {
    const t = cs.lastState?.terminated?.finishedAt;
    return cs.lastState?.terminated ? (t ? parseTimestamp(t) : -Infinity) : NaN;
  };

  let initializing = false;
  const initStatuses = status.initContainerStatuses ?? [];
  for (let i = 0; i < initStatuses.length; i++) {
    const cs = initStatuses[i];
    restarts += cs.restartCount;
    const fin = finishedAt(cs);
    if (!Number.isNaN(fin) && fin > lastRestartDate) lastRestartDate = fin;
    const restartable = isRestartableInit(initSpecs.get(cs.name));
    if (restartable) {
      restartableInitRestarts += cs.restartCount;
      if (!Number.isNaN(fin) && fin > lastRestartableInitRestartDate) lastRestartableInitRestartDate = fin;
    }
    const term = cs.state.terminated;
    const wait = cs.state.waiting;
    if (term && term.exitCode === 0) continue;
    if (restartable && cs.started) {
      if (cs.ready) readyContainers++;
      continue;
    }
    if (term) {
      if (!term.reason) reason = term.signal ? `Init:Signal:${term.signal}` : `Init:ExitCode:${term.exitCode}`;
      else reason = "Init:" + term.reason;
      initializing = true;
    } else if (wait && wait.reason && wait.reason !== "PodInitializing") {
      reason = "Init:" + wait.reason;
      initializing = true;
    } else {
      reason = `Init:${i}/${pod.spec.initContainers?.length ?? 0}`;
      initializing = true;
    }
    break;
  }

  const initialized = (status.conditions ?? []).some((cond) => cond.type === "Initialized" && cond.status === "True");
  if (!initializing || initialized) {
    restarts = restartableInitRestarts;
    lastRestartDate = lastRestartableInitRestartDate;
    let hasRunning = false;
    const statuses = status.containerStatuses ?? [];
    for (let i = statuses.length - 1; i >= 0; i--) {
      const cs = statuses[i];
      restarts += cs.restartCount;
      const fin = finishedAt(cs);
      if (!Number.isNaN(fin) && fin > lastRestartDate) lastRestartDate = fin;
      const term = cs.state.terminated;
      const wait = cs.state.waiting;
      if (wait && wait.reason) reason = wait.reason;
      else if (term && term.reason) reason = term.reason;
      else if (term && !term.reason) reason = term.signal ? `Signal:${term.signal}` : `ExitCode:${term.exitCode}`;
      else if (cs.ready && cs.state.running) {
        hasRunning = true;
        readyContainers++;
      }
    }
    // change pod status back to "Running" if there is at least one container still reporting as "Running" status
    if (reason === "Completed" && hasRunning) {
      const podReady = (status.conditions ?? []).some((cond) => cond.type === "Ready" && cond.status === "True");
      reason = podReady ? "Running" : "NotReady";
    }
  }

  if (pod.metadata.deletionTimestamp && status.reason === "NodeLost") reason = "Unknown";
  else if (pod.metadata.deletionTimestamp && status.phase !== "Succeeded" && status.phase !== "Failed") reason = "Terminating";

  let restartsStr = String(restarts);
  if (restarts !== 0 && lastRestartDate > -Infinity) restartsStr = `${restarts} (${humanDuration(now - lastRestartDate)} ago)`;

  const gates = (pod.spec as { readinessGates?: { conditionType: string }[] }).readinessGates ?? [];
  let readinessGates = "<none>";
  if (gates.length > 0) {
    let trueConditions = 0;
    for (const g of gates) {
      const cond = (status.conditions ?? []).find((x) => (x.type as string) === g.conditionType);
      if (cond?.status === "True") trueConditions++;
    }
    readinessGates = `${trueConditions}/${gates.length}`;
  }
  return [
    pod.metadata.name,
    `${readyContainers}/${totalContainers}`,
    reason,
    restartsStr,
    age(pod, now),
    status.podIPs?.[0]?.ip || "<none>",
    pod.spec.nodeName || "<none>",
    status.nominatedNodeName || "<none>",
    readinessGates,
  ];
}

/** printers.go printNode. Note a Ready condition that is False *or Unknown* prints NotReady. */
export function nodeRow(node: Node, now: SimTime): string[] {
  const ready = node.status?.conditions?.find((cond) => cond.type === "Ready");
  const status = ready ? [ready.status === "True" ? "Ready" : "NotReady"] : ["Unknown"];
  if (node.spec?.unschedulable) status.push("SchedulingDisabled");
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(node.metadata.labels ?? {})) {
    if (k.startsWith("node-role.kubernetes.io/")) {
      const role = k.slice("node-role.kubernetes.io/".length);
      if (role) roles.add(role);
    } else if (k === "kubernetes.io/role" && v !== "") roles.add(v);
  }
  const info = node.status?.nodeInfo;
  const address = (type: string) => (node.status?.addresses ?? []).find((a) => (a.type as string) === type)?.address ?? "<none>";
  return [
    node.metadata.name,
    status.join(","),
    [...roles].sort().join(",") || "<none>",
    age(node, now),
    info?.kubeletVersion ?? "",
    address("InternalIP"),
    address("ExternalIP"),
    info?.osImage || "<unknown>",
    info?.kernelVersion || "<unknown>",
    info?.containerRuntimeVersion || "<unknown>",
  ];
}

function containerCells(containers: { name: string; image: string }[]): [string, string] {
  return [containers.map((x) => x.name).join(","), containers.map((x) => x.image).join(",")];
}

/**
 * labels.Selector.String() of metav1.LabelSelectorAsSelector: requirements sorted by key, values
 * sorted, `k=v`, `k in (a,b)`, `k notin (a,b)`, `k`, `!k`; "" for an empty selector.
 */
export function selectorString(sel: LabelSelector | undefined): string {
  if (!sel) return "";
  const reqs: { key: string; text: string }[] = [];
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) reqs.push({ key: k, text: `${k}=${v}` });
  for (const e of sel.matchExpressions ?? []) {
    const values = [...new Set(e.values ?? [])].sort().join(",");
    const text =
      e.operator === "In" ? `${e.key} in (${values})` : e.operator === "NotIn" ? `${e.key} notin (${values})` : e.operator === "Exists" ? e.key : `!${e.key}`;
    reqs.push({ key: e.key, text });
  }
  return reqs
    .sort((a, b) => compareKeys(a.key, b.key))
    .map((r) => r.text)
    .join(",");
}

/** labels.FormatLabels: sorted `k=v` pairs, or <none>. */
function formatLabels(m: Record<string, string> | undefined): string {
  const keys = Object.keys(m ?? {}).sort(compareKeys);
  return keys.length ? keys.map((k) => `${k}=${m![k]}`).join(",") : "<none>";
}

export function deploymentRow(d: Deployment, now: SimTime): string[] {
  const s = d.status ?? {};
  return [
    d.metadata.name,
    `${s.readyReplicas ?? 0}/${d.spec.replicas ?? 0}`,
    String(s.updatedReplicas ?? 0),
    String(s.availableReplicas ?? 0),
    age(d, now),
    ...containerCells(d.spec.template.spec.containers),
    selectorString(d.spec.selector),
  ];
}

export function replicaSetRow(rs: ReplicaSet, now: SimTime): string[] {
  const s = rs.status ?? { replicas: 0 };
  return [
    rs.metadata.name,
    String(rs.spec.replicas ?? 0),
    String(s.replicas ?? 0),
    String(s.readyReplicas ?? 0),
    age(rs, now),
    ...containerCells(rs.spec.template.spec.containers),
    selectorString(rs.spec.selector) || "<none>",
  ];
}

/**
 * printers.go printEvent: LAST SEEN is lastTimestamp, else firstTimestamp, else (events.k8s.io
 * events read through core/v1) eventTime; a series' lastObservedTime wins.
 */
export function eventRow(ev: KEvent, now: SimTime): string[] {
  const first = ev.firstTimestamp ? since(ev.firstTimestamp, now) : since(ev.eventTime, now);
  let last = ev.lastTimestamp ? since(ev.lastTimestamp, now) : first;
  const series = (ev as { series?: { count: number; lastObservedTime: string } }).series;
  let count = ev.count;
  if (series) {
    last = since(series.lastObservedTime, now);
    count = series.count;
  } else if (!count) count = 1;
  const io = ev.involvedObject;
  const target = io.name ? `${io.kind.toLowerCase()}/${io.name}` : io.kind.toLowerCase();
  const component = ev.source?.component || ev.reportingComponent || "";
  const instance = ev.source?.host || ev.reportingInstance || "";
  const source = instance ? `${component}, ${instance}` : component;
  return [last, ev.type, ev.reason, target, io.fieldPath ?? "", source, (ev.message ?? "").trim(), first, String(count), ev.metadata.name];
}

export function serviceRow(svc: Service, now: SimTime): string[] {
  const spec = svc.spec;
  const externalIPs = (spec as { externalIPs?: string[] }).externalIPs ?? [];
  let external: string;
  switch (spec.type) {
    case "ClusterIP":
    case "NodePort":
      external = externalIPs.length ? externalIPs.join(",") : "<none>";
      break;
    case "LoadBalancer": {
      const ingress = (svc.status?.loadBalancer as { ingress?: { ip?: string; hostname?: string }[] } | undefined)?.ingress ?? [];
      const lb = [...new Set(ingress.map((i) => i.ip || i.hostname || "").filter((x) => x))].sort(compareKeys);
      let lbIps = lb.join(",");
      if (lbIps.length > 16) lbIps = lbIps.slice(0, 13) + "...";
      if (externalIPs.length) external = [...(lbIps ? lbIps.split(",") : []), ...externalIPs].join(",");
      else external = lbIps || "<pending>";
      break;
    }
    default:
      external = (spec as { externalName?: string }).externalName ?? "<unknown>";
  }
  const ports = spec.ports.map((p) => (p.nodePort ? `${p.port}:${p.nodePort}/${p.protocol}` : `${p.port}/${p.protocol}`)).join(",");
  return [svc.metadata.name, spec.type, spec.clusterIPs?.[0] ?? "<none>", external, ports || "<none>", age(svc, now), formatLabels(spec.selector)];
}

function listWithMore(list: string[], count: number): string {
  const max = 3;
  if (count > max) return `${list.slice(0, max).join(",")} + ${count - max} more...`;
  return list.join(",") || "<unset>";
}

export function endpointSliceRow(es: EndpointSlice, now: SimTime): string[] {
  const ports = (es.ports ?? []).map((p) => (p.port !== undefined && p.port !== null ? String(p.port) : (p.name ?? "*")));
  const addrs = (es.endpoints ?? []).flatMap((e) => e.addresses);
  return [es.metadata.name, es.addressType, listWithMore(ports, ports.length), listWithMore(addrs, addrs.length), age(es, now)];
}

// ---------------------------------------------------------------------------------------------
// -o json

/**
 * kubectl's JSON printer (cli-runtime printers/json.go): json.MarshalIndent with 4 spaces of an
 * unstructured object, so map keys are sorted and <, >, & are escaped as encoding/json does.
 */
export function goJson(value: unknown): string {
  return marshal(JSON.parse(JSON.stringify(value ?? null)), "");
}

function marshal(v: unknown, indent: string): string {
  if (v === null) return "null";
  if (typeof v === "string") return goJsonString(v);
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  const inner = indent + "    ";
  if (Array.isArray(v)) {
    if (v.length === 0) return "[]";
    return `[\n${v.map((x) => inner + marshal(x, inner)).join(",\n")}\n${indent}]`;
  }
  const keys = Object.keys(v as object).sort(compareKeys);
  if (keys.length === 0) return "{}";
  return `{\n${keys.map((k) => `${inner}${goJsonString(k)}: ${marshal((v as Record<string, unknown>)[k], inner)}`).join(",\n")}\n${indent}}`;
}

function goJsonString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ch === '"' || ch === "\\") out += "\\" + ch;
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (ch === "\b") out += "\\b";
    else if (ch === "\f") out += "\\f";
    else if (cp < 0x20 || ch === "<" || ch === ">" || ch === "&" || cp === 0x2028 || cp === 0x2029) {
      out += "\\u" + cp.toString(16).padStart(4, "0");
    } else out += ch;
  }
  return out + '"';
}
