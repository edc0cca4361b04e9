import { ActorIcon, iconForActor } from "./ActorIcon";
import type { ClusterView, ComponentView, MachineView, PodView } from "./clusterView";
import { componentLabel, machineLabel } from "./labels";
import { StatusIcon } from "./StatusIcon";
import { nodeStatusKind, podStatusKind } from "./statusKind";

/**
 * The cluster as a still picture: actors outside the cluster on the left, then the control plane,
 * then the workers. No layout engine and no animation yet; the canvas (React Flow) replaces this.
 */
export function StaticCluster({ view }: { view: ClusterView }) {
  const controlPlanes = view.machines.filter((m) => m.role === "control-plane");
  const workers = view.machines.filter((m) => m.role === "worker");
  return (
    <div className="cluster">
      <section className="outside" aria-labelledby="outside-title">
        <h2 id="outside-title" className="zone-title">
          Outside the cluster
        </h2>
        <ul className="actor-list">
          {view.external.map((actor) => (
            <li key={actor.id} className={actor.running ? "actor" : "actor stopped"} aria-label={componentLabel(actor)}>
              <ActorIcon name={iconForActor(actor.name)} />
              <span className="actor-text">
                <span className="actor-name">{actor.name}</span>
                {!actor.running && <span className="stopped-word">stopped</span>}
              </span>
            </li>
          ))}
        </ul>
      </section>

      <div className="inside">
        <div className="zone control-plane-zone">
          <h2 className="zone-title">Control plane</h2>
          <div className="machine-row">
            {controlPlanes.map((machine) => (
              <MachineCard key={machine.name} machine={machine} />
            ))}
          </div>
        </div>
        <div className="zone worker-zone">
          <h2 className="zone-title">Workers</h2>
          <div className="worker-grid">
            {workers.map((machine) => (
              <MachineCard key={machine.name} machine={machine} />
            ))}
          </div>
        </div>
        <section className="zone unscheduled" aria-labelledby="unscheduled-title">
          <h2 id="unscheduled-title" className="zone-title">
            Unscheduled pods
          </h2>
          {view.pending.length === 0 ? (
            <p className="empty">None: every pod is bound to a node.</p>
          ) : (
            <PodList pods={view.pending} />
          )}
        </section>
      </div>
    </div>
  );
}

function MachineCard({ machine }: { machine: MachineView }) {
  const kind = nodeStatusKind(machine.status);
  return (
    <section className={`machine machine-${machine.role} node-${kind}`} aria-label={machineLabel(machine)}>
      <header className="machine-header">
        <ActorIcon name={machine.role} />
        <h2 className="machine-name">{machine.name}</h2>
        <p className="machine-meta">
          <span className="machine-role">{machine.role === "control-plane" ? "control-plane node" : "worker node"}</span>
          <span className={`node-status status-text-${kind}`}>
            <StatusIcon kind={kind} />
            {/* kubectl joins conditions with commas ("Ready,SchedulingDisabled"): allow a line break after each. */}
            <span>
              {machine.status.split(",").map((part, i) => (
                <span key={part}>
                  {i > 0 && (
                    <>
                      ,<wbr />
                    </>
                  )}
                  {part}
                </span>
              ))}
            </span>
          </span>
        </p>
      </header>
      <ul className="component-list" aria-label={`Components on ${machine.name}`}>
        {machine.components.map((component) => (
          <ComponentBox key={component.id} component={component} />
        ))}
      </ul>
      {machine.role === "worker" || machine.pods.length > 0 ? (
        machine.pods.length === 0 ? (
          <p className="empty">No pods</p>
        ) : (
          <PodList pods={machine.pods} label={`Pods on ${machine.name}`} />
        )
      ) : null}
    </section>
  );
}

function ComponentBox({ component }: { component: ComponentView }) {
  return (
    <li className={component.running ? "component" : "component stopped"} aria-label={componentLabel(component)}>
      <span className="component-name">{component.name}</span>
      {!component.running && <span className="stopped-word">stopped</span>}
    </li>
  );
}

function PodList({ pods, label }: { pods: PodView[]; label?: string }) {
  return (
    <ul className="pod-list" aria-label={label}>
      {pods.map((pod) => {
        const kind = podStatusKind(pod);
        return (
          <li key={pod.name} className={`pod pod-${kind}`}>
            <span className="pod-name">{pod.name}</span>
            <span className={`pod-status status-text-${kind}`}>
              <StatusIcon kind={kind} />
              {pod.status}
              <span className="pod-ready" aria-label={`ready ${pod.ready}`}>
                {pod.ready}
              </span>
            </span>
          </li>
        );
      })}
    </ul>
  );
}
