/**
 * The inspector: a side panel for what is selected in the store (a machine, a component or a pod).
 * Its object as kubectl would print it in YAML, its conditions in words, its recent events; for
 * kube-scheduler, the last decision (per-node verdicts, per-plugin scores, the chosen node).
 * Close button and Escape close it and give focus back to where it was.
 *
 * Mount: `<Inspector store={useCluster} />` where the page keeps its side panel; it renders nothing
 * while nothing is selected.
 */
import { useEffect, useId, useRef, type ReactNode } from "react";
import type { ComponentRecord, EventRecord, SchedulerDecisionView } from "../bridge/protocol";
import type { KObject, Lease, Node, Pod } from "../engine/api/types";
import { podRow } from "../engine/kubectl/printers";
import { toYaml } from "../engine/kubectl/yaml";
import "./canvas.css";
import { CanvasStoreProvider, stateNow, useCanvas, useCanvasApi, useComponentRecord, useMachineRecord, useObjectRecord, useSimSeconds, type ClusterStoreApi } from "./canvasStore";
import { StatusShape } from "./icons";
import { ageOf, decisionRows, decisionSummary, eventsAbout, eventsByComponent, lastSeen, ipOwners, proxyServiceRows, refOf } from "./inspect";
import { iptablesRestoreLines, type ProxyRules } from "../engine/kubeproxy/rules";
import { useNodeStatus } from "./nodes/MachineNode";
import { componentState, componentTitle, markedNotReady, nodeShape, podCount, podShape } from "./status";
import { evictionText, formatSeconds, heartbeat, heartbeatText, tolerationCountdown } from "./timers";
import type { Selection } from "../store/types";

/** The lead line's separator: kept on the line of what it follows, so a wrapped line never starts with it. */
const SEP = "\u00a0· ";

export interface InspectorProps {
  store: ClusterStoreApi;
  className?: string;
}

export function Inspector({ store, className }: InspectorProps) {
  return (
    <CanvasStoreProvider store={store}>
      <InspectorPanel className={className} />
    </CanvasStoreProvider>
  );
}

function InspectorPanel({ className }: { className?: string }) {
  const selection = useCanvas((s) => s.selection);
  const api = useCanvasApi();
  const headingId = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const returnFocus = useRef<HTMLElement | null>(null);
  const open = selection !== null;

  // Remember where focus was when it opened; give it back when it closes.
  useEffect(() => {
    if (!open) return;
    const active = document.activeElement as HTMLElement | null;
    if (active && active !== document.body && !active.closest(".inspector")) returnFocus.current = active;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "Escape" || e.defaultPrevented) return;
      const t = e.target as HTMLElement | null;
      // Escape in a text field elsewhere (the command bar) belongs to that field.
      if (t && !t.closest(".inspector") && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.isContentEditable)) return;
      e.preventDefault();
      close();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open]);

  useEffect(() => {
    // A keyboard user who opened it lands on its heading.
    if (open && returnFocus.current?.matches(":focus-visible")) headingRef.current?.focus({ preventScroll: true });
  }, [selection?.id, open]);

  function close() {
    api.getState().select(null);
    const back = returnFocus.current;
    returnFocus.current = null;
    if (back?.isConnected) back.focus({ preventScroll: true });
  }

  if (!selection) return null;
  return (
    <aside className={`inspector${className ? ` ${className}` : ""}`} aria-labelledby={headingId}>
      <header className="inspector-header">
        <h2 id={headingId} ref={headingRef} tabIndex={-1}>
          <Title selection={selection} />
        </h2>
        {/* The name contains what the button shows (WCAG 2.5.3 Label in Name); Escape is in its title and aria-keyshortcuts. */}
        <button type="button" className="inspector-close" onClick={close} aria-label="Close inspector" aria-keyshortcuts="Escape" title="Close the inspector (Esc)">
          Close
        </button>
      </header>
      <div className="inspector-body">
        {selection.rtype === "machine" && <MachineView name={selection.id} />}
        {selection.rtype === "component" && <ComponentView id={selection.id} />}
        {selection.rtype === "object" && <ObjectView id={selection.id} />}
      </div>
    </aside>
  );
}

function Title({ selection }: { selection: NonNullable<Selection> }) {
  if (selection.rtype === "machine") return <>{selection.id}</>;
  if (selection.rtype === "component") return <>{componentTitle(selection.id)}</>;
  const parts = selection.id.split("/");
  const kind = parts[0] === "pods" ? "pod" : parts[0].replace(/s$/, "");
  return (
    <>
      <span className="inspector-kind">{kind}</span> {parts[parts.length - 1]}
    </>
  );
}

// ---- sections ------------------------------------------------------------------------------------

function Section({ title, children, open = true }: { title: string; children: ReactNode; open?: boolean }) {
  return (
    <details className="inspector-section" open={open}>
      <summary>
        <h3>{title}</h3>
      </summary>
      {children}
    </details>
  );
}

function Yaml({ value, title = "YAML" }: { value: unknown; title?: string }) {
  return (
    <Section title={title}>
      <pre className="inspector-yaml" tabIndex={0} role="region" aria-label={title}>
        {toYaml(value)}
      </pre>
    </Section>
  );
}

type AnyCondition = { type: string; status: string; reason?: string; message?: string; lastTransitionTime?: string | null };

/**
 * The panel is about 300 px wide: each condition's reason and message go under its type (as
 * `kubectl describe` has them in columns of their own, too wide here), its status and age beside.
 */
function Conditions({ conditions, now }: { conditions: readonly AnyCondition[] | undefined; now: number }) {
  if (!conditions?.length) return null;
  return (
    <Section title="Conditions">
      <table className="inspector-table inspector-conditions">
        <thead>
          <tr>
            <th scope="col">Type, reason</th>
            <th scope="col">Status</th>
            <th scope="col">Since</th>
          </tr>
        </thead>
        <tbody>
          {conditions.map((c) => (
            <tr key={c.type} className={`cond-${c.status.toLowerCase()}`}>
              <th scope="row">
                {c.type}
                {c.reason || c.message ? (
                  <div className="cond-message">
                    {c.reason ? <span className="cond-reason">{c.reason}</span> : null}
                    {c.reason && c.message ? ": " : ""}
                    {c.message ?? ""}
                  </div>
                ) : null}
              </th>
              <td>{c.status}</td>
              <td>{ageOf(c.lastTransitionTime, now)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Section>
  );
}

function Events({ events, now, empty = "No events." }: { events: EventRecord[]; now: number; empty?: string }) {
  return (
    <Section title="Recent events">
      {events.length === 0 ? (
        <p className="inspector-empty">{empty}</p>
      ) : (
        <table className="inspector-table inspector-events">
          <thead>
            <tr>
              <th scope="col">Last seen</th>
              <th scope="col">Event</th>
            </tr>
          </thead>
          <tbody>
            {events.map((e, i) => (
              <tr key={`${e.t}-${e.reason}-${i}`} className={e.type === "Warning" ? "event-warning" : undefined}>
                <td>{lastSeen(e.t, now)}</td>
                <td>
                  <span className="event-reason">{e.reason}</span> <span className="event-type">({e.type})</span>
                  <div className="cond-message">
                    {e.message}
                    {e.count > 1 ? ` (×${e.count})` : ""}
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Section>
  );
}

function useNow(): number {
  useSimSeconds();
  return stateNow(useCanvasApi().getState());
}

function useEventsAbout(obj: KObject | undefined): EventRecord[] {
  const events = useCanvas((s) => s.events);
  return obj ? eventsAbout(events, refOf(obj)) : [];
}

// ---- machines --------------------------------------------------------------------------------------

function MachineView({ name }: { name: string }) {
  const machine = useMachineRecord(name);
  const { status } = useNodeStatus(name);
  const node = useObjectRecord(`nodes/${name}`)?.object as Node | undefined;
  const lease = useObjectRecord(`leases/kube-node-lease/${name}`)?.object as Lease | undefined;
  const pods = useCanvas((s) => {
    let n = 0;
    for (const r of Object.values(s.objects)) if (r.resource === "pods" && (r.object as Pod).spec.nodeName === name) n++;
    return n;
  });
  const now = useNow();
  const events = useEventsAbout(node);
  const running = machine?.running ?? true;
  const h = heartbeat(lease, now, undefined, node ?? undefined);
  return (
    <>
      <p className="inspector-lead">
        <StatusShape shape={nodeShape(status, true)} /> <strong>{status}</strong>
        {SEP}
        {machine?.role === "control-plane" ? "control-plane node" : "worker node"}
        {SEP}
        {podCount(pods)}
        {!running && (
          <span className="stopped-badge">
            <StatusShape shape="stopped" /> machine stopped
          </span>
        )}
      </p>
      {h && (
        <p className={`inspector-timer${h.overdue ? " is-overdue" : ""}`}>
          {heartbeatText(h)}
          {h.overdue ? " — past the grace period: the node lifecycle controller marks the node NotReady (Unknown)" : ""}
        </p>
      )}
      {node?.spec.taints?.length ? (
        <Section title="Taints">
          <ul className="inspector-list">
            {node.spec.taints.map((t) => (
              <li key={`${t.key}:${t.effect}`}>
                <code>
                  {t.key}
                  {t.value ? `=${t.value}` : ""}:{t.effect}
                </code>
                {t.timeAdded ? ` · added ${ageOf(t.timeAdded, now)} ago` : ""}
              </li>
            ))}
          </ul>
        </Section>
      ) : null}
      <Conditions conditions={node?.status?.conditions} now={now} />
      <Events events={events} now={now} />
      {node ? <Yaml value={node} title="Node (YAML)" /> : <p className="inspector-empty">The kubelet has not registered this node yet.</p>}
    </>
  );
}

// ---- pods and other objects -----------------------------------------------------------------------

function ObjectView({ id }: { id: string }) {
  const rec = useObjectRecord(id);
  const now = useNow();
  const events = useEventsAbout(rec?.object);
  const obj = rec?.object;
  const nodeName = obj?.kind === "Pod" ? (obj as Pod).spec.nodeName : undefined;
  const node = useObjectRecord(nodeName ? `nodes/${nodeName}` : "")?.object as Node | undefined;
  if (!obj) return <p className="inspector-empty">This object is gone (deleted).</p>;
  if (obj.kind !== "Pod") {
    const conditions = (obj as { status?: { conditions?: AnyCondition[] } }).status?.conditions;
    return (
      <>
        <Conditions conditions={conditions} now={now} />
        <Events events={events} now={now} />
        <Yaml value={obj} />
      </>
    );
  }
  const pod = obj as Pod;
  const [, ready, status] = podRow(pod, now);
  const notReady = markedNotReady(pod, ready);
  const countdown = tolerationCountdown(pod, node, now);
  return (
    <>
      <p className="inspector-lead">
        <StatusShape shape={podShape(status, ready, notReady)} /> <strong>{status}</strong>
        {SEP}
        {ready} ready{notReady ? `${SEP}marked not Ready` : ""}
        {SEP}
        {pod.spec.nodeName ? `on ${pod.spec.nodeName}` : "not scheduled yet"}
        {pod.status?.podIP ? `${SEP}${pod.status.podIP}` : ""}
      </p>
      {countdown && (
        <p className={`inspector-timer${countdown.remainingMs > 0 ? "" : " is-overdue"}`}>
          {evictionText(countdown)} — {countdown.taint.key}:{countdown.taint.effect} tolerated for {countdown.tolerationSeconds} s
        </p>
      )}
      <Conditions conditions={pod.status?.conditions} now={now} />
      <Events events={events} now={now} />
      <Yaml value={pod} title="Pod (YAML)" />
    </>
  );
}

// ---- components -----------------------------------------------------------------------------------

function ComponentView({ id }: { id: string }) {
  const rec = useComponentRecord(id);
  const machine = useMachineRecord(rec?.machine ?? "");
  const api = useCanvasApi();
  const now = useNow();
  const allEvents = useCanvas((s) => s.events);
  const objects = useCanvas((s) => s.objects);
  if (!rec) return <p className="inspector-empty">No such component.</p>;
  const running = rec.running && (machine?.running ?? true);
  const state = componentState({ running, detail: rec.detail });
  const inCluster = id.includes("@");
  const events = inCluster ? eventsByComponent(allEvents, rec.component, rec.machine, objects) : [];
  const canToggle = inCluster && (machine?.running ?? true);
  return (
    <>
      <p className="inspector-lead">
        <StatusShape shape={state === "stopped" ? "component-stopped" : state === "standby" ? "component-standby" : "component-running"} /> <strong>{state}</strong>
        {inCluster ? `${SEP}on ${rec.machine}` : `${SEP}outside the cluster`}
        {machine && !machine.running && (
          <span className="stopped-badge">
            <StatusShape shape="stopped" /> machine stopped
          </span>
        )}
      </p>
      {canToggle && (
        <p>
          <button type="button" className="power-button" onClick={() => void api.getState().command(`${rec.running ? "stop" : "start"} ${id}`)}>
            <StatusShape shape={rec.running ? "component-stopped" : "component-running"} />
            {rec.running ? `Stop ${id}` : `Start ${id}`}
          </button>
        </p>
      )}
      <ComponentFacts rec={rec} now={now} machineRunning={machine?.running ?? true} />
      {inCluster && <Events events={events} now={now} empty="No events reported by this component recently." />}
      <Yaml value={{ id: rec.id, machine: rec.machine, component: rec.component, running: rec.running, ...(rec.detail ? { detail: rec.detail } : {}) }} title="Component state (YAML)" />
    </>
  );
}

function ComponentFacts({ rec, now, machineRunning }: { rec: ComponentRecord; now: number; machineRunning: boolean }) {
  const d = rec.detail;
  if (!d) return <p className="inspector-note">{describe(rec.component)}</p>;
  switch (d.kind) {
    case "kube-scheduler":
      return (
        <>
          <p className="inspector-note">
            {describe("kube-scheduler")} {d.active ? "This replica is the leader." : "This replica is on standby (not the leader)."}
          </p>
          <SchedulerDecision decision={d.lastDecision} />
        </>
      );
    case "kubelet":
      return (
        <p className="inspector-note">
          {describe("kubelet")}{" "}
          {d.lastLeaseRenew === null ? "It has not renewed its node Lease yet." : `It last renewed its node Lease ${formatSeconds(now - d.lastLeaseRenew)} ago (every 10 s).`}
        </p>
      );
    case "etcd":
      return (
        <p className="inspector-note">
          {describe("etcd")} Revision {d.revision}, {d.keys} keys.
        </p>
      );
    case "kube-apiserver":
      return (
        <p className="inspector-note">
          {describe("kube-apiserver")} {d.ready ? "Ready: serving requests." : "Starting: its watch cache is not ready yet."}
        </p>
      );
    case "kube-controller-manager":
      return (
        <p className="inspector-note">
          {describe("kube-controller-manager")} {d.active ? "This replica is the leader." : "This replica is on standby."}
        </p>
      );
    case "kube-proxy":
      return <ProxyRulesView rules={d.rules} lastSync={d.lastSync} running={rec.running} machineRunning={machineRunning} node={rec.machine} now={now} />;
    default:
      return <p className="inspector-note">{describe(rec.component)}</p>;
  }
}

/**
 * kube-proxy's rules on its node (iptables mode), per Service port: the ClusterIP, the endpoints a new
 * connection may be sent to and how each rule picks; then the rules themselves, as kube-proxy hands
 * them to iptables-restore, folded.
 */
function ProxyRulesView({ rules, lastSync, running, machineRunning, node, now }: { rules: ProxyRules; lastSync: number | null; running: boolean; machineRunning: boolean; node: string; now: number }) {
  const objects = useCanvas((s) => s.objects);
  const rows = proxyServiceRows(rules, ipOwners(objects));
  const lines = iptablesRestoreLines(rules);
  const services = new Set(rules.services.map((s) => `${s.namespace}/${s.service}`)).size;
  return (
    <>
      <p className="inspector-note">
        {describe("kube-proxy")}{" "}
        {lastSync === null ? "It has not written any rules yet." : `It last wrote the rules ${formatSeconds(now - lastSync)} ago.`}{" "}
        {!machineRunning
          ? "Its machine is stopped: nothing on it sends traffic."
          : !running && lastSync !== null && "It is stopped: the rules it wrote stay in the node's kernel and still send traffic, but no longer change."}
      </p>
      <Section title={`Rules on ${node}: ${services} ${services === 1 ? "Service" : "Services"}, ${rules.numEndpoints} ${rules.numEndpoints === 1 ? "endpoint" : "endpoints"}`}>
        <p className="inspector-note">
          Only ready endpoints get a rule (or, when none is ready, the terminating ones that still serve); the EndpointSlice also lists the pods that are not ready.
        </p>
        {rows.map((r) => (
          <div key={r.name} className="proxy-service">
            <p className="proxy-service-head">
              <strong>{r.name}</strong> · ClusterIP {r.clusterIP}
              {r.nodePort !== null && ` · NodePort ${r.nodePort}`}
            </p>
            {r.endpoints.length > 0 && (
              <div role="group" aria-label={`Endpoints of ${r.name}`}>
                <table className="inspector-table proxy-table">
                  <thead>
                    <tr>
                      <th scope="col">Endpoint</th>
                      <th scope="col">Sends to</th>
                      <th scope="col">Its rule takes</th>
                    </tr>
                  </thead>
                  <tbody>
                    {r.endpoints.map((e) => (
                      <tr key={e.endpoint}>
                        <td>
                          {/* A narrow column breaks it before the port, not inside the address. */}
                          {e.endpoint.slice(0, e.endpoint.lastIndexOf(":"))}
                          <wbr />
                          {e.endpoint.slice(e.endpoint.lastIndexOf(":"))}
                        </td>
                        <td>
                          {e.target ?? "—"}
                          {e.node && <span className="proxy-node"> on {e.node}</span>}
                          {e.note && <span className="proxy-note"> ({e.note})</span>}
                        </td>
                        <td>{e.match}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
            <p className="inspector-note">{r.summary}</p>
          </div>
        ))}
      </Section>
      <Section title="The rules, as iptables lines" open={false}>
        <pre className="inspector-yaml proxy-iptables" tabIndex={0} role="region" aria-label={`kube-proxy's iptables rules on ${node}`}>
          {["*filter", ...lines.filter, "COMMIT", "*nat", ...lines.nat, "COMMIT"].map((line, i) => (
            <span key={i} className="proxy-line">
              {line}
            </span>
          ))}
        </pre>
      </Section>
    </>
  );
}

function describe(component: string): string {
  switch (component) {
    case "kube-apiserver":
      return "The only component that talks to etcd; everything else lists, watches and writes through it.";
    case "etcd":
      return "The cluster's key-value store: every API object lives under /registry/.";
    case "kube-scheduler":
      return "Watches pods without a node, filters and scores the nodes, and binds each pod to the best one.";
    case "kube-controller-manager":
      return "Runs the controllers (Deployment, ReplicaSet, node lifecycle, taint eviction...), each a reconcile loop through the API server.";
    case "kubelet":
      return "Registers its node, renews the node's Lease (heartbeat), and runs the pods bound to it through containerd.";
    case "kube-proxy":
      return "Watches Services and EndpointSlices and programs the node's packet rules.";
    case "containerd":
      return "The container runtime: the kubelet asks it over CRI to pull images and start containers.";
    case "kubectl":
      return "You: each command is an HTTPS request to the API server, through the load balancer.";
    case "load-balancer":
      return "The control-plane endpoint (192.168.0.10:6443): spreads connections over the API servers.";
    case "image-registry":
      return "Where containerd pulls images from.";
    default:
      return "";
  }
}

/** "NodeResourcesFit" with line-break opportunities between its words, for a narrow panel. */
function breakCamel(name: string): ReactNode[] {
  return name.split(/(?=[A-Z][a-z])/).flatMap((part, i) => (i === 0 ? [part] : [<wbr key={i} />, part]));
}

function SchedulerDecision({ decision }: { decision: SchedulerDecisionView | null }) {
  if (!decision) return <p className="inspector-empty">No scheduling decision yet.</p>;
  const rows = decisionRows(decision);
  const feasible = rows.filter((r) => r.feasible);
  const rejected = rows.filter((r) => !r.feasible);
  const plugins = decision.scorePlugins;
  return (
    <Section title="Last scheduling decision">
      <p className="decision-summary">
        {decision.chosen ? (
          <>
            Pod <strong>{decision.pod}</strong> → chosen node <strong className="chosen-node">★ {decision.chosen}</strong>
            <span className="decision-count">
              {" "}
              ({feasible.length} of {rows.length} nodes feasible)
            </span>
          </>
        ) : (
          decisionSummary(decision)
        )}
      </p>
      {feasible.length > 0 && plugins.length === 0 && <p className="inspector-note">Only one node was feasible, so scoring was skipped.</p>}
      {feasible.length > 0 && plugins.length > 0 && (
        <div className="table-scroll" tabIndex={0} role="group" aria-label="Scores of the feasible nodes">
          <table className="inspector-table decision-table">
            <caption>Scores (0–100) of the feasible nodes, × the plugin's weight</caption>
            <thead>
              <tr>
                <th scope="col">Score plugin</th>
                {feasible.map((r) => (
                  <th scope="col" key={r.node} className={`num${r.chosen ? " is-chosen" : ""}`}>
                    {r.node}
                    {r.chosen && <div className="chosen-badge">★ chosen</div>}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {plugins.map((p, i) => (
                <tr key={p.name}>
                  <th scope="row" className="plugin-name">
                    {breakCamel(p.name)} <span className="weight">×{p.weight}</span>
                  </th>
                  {feasible.map((r) => (
                    <td key={r.node} className={`num${r.chosen ? " is-chosen" : ""}`}>
                      {r.scores[i] ?? "—"}
                    </td>
                  ))}
                </tr>
              ))}
              <tr className="total-row">
                <th scope="row">Weighted total</th>
                {feasible.map((r) => (
                  <td key={r.node} className={`num total${r.chosen ? " is-chosen" : ""}`}>
                    {r.total ?? "—"}
                  </td>
                ))}
              </tr>
            </tbody>
          </table>
        </div>
      )}
      {rejected.length > 0 && (
        <ul className="inspector-list decision-rejected" aria-label="Nodes not chosen by the filters">
          {rejected.map((r) => (
            <li key={r.node} className={r.verdict === "not evaluated" ? "is-skipped" : "is-filtered"}>
              <strong>{r.node}</strong>: {r.verdict}
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}
