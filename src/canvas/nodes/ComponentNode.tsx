import { memo, type KeyboardEvent } from "react";
import { Handle, Position, type Node as FlowNode, type NodeProps } from "@xyflow/react";
import type { ComponentRecord, MachineRecord } from "../../bridge/protocol";
import { useCanvasApi, useIsSelected, useRecordView } from "../canvasStore";
import { PictogramIcon, StatusShape, type Pictogram } from "../icons";
import { componentState, componentTitle } from "../status";

export type ComponentNodeData = { id: string; component: string; size: "main" | "agent" | "external" };
export type ComponentFlowNode = FlowNode<ComponentNodeData, "component">;

/** Invisible handles: React Flow draws an edge only between handles; the wires carry their own route. */
export function WireHandles() {
  return (
    <>
      <Handle type="source" position={Position.Bottom} isConnectable={false} className="wire-handle" />
      <Handle type="target" position={Position.Top} isConnectable={false} className="wire-handle" />
    </>
  );
}

const EXTERNAL_LABELS: Record<string, { title: string; sub: string; icon: Pictogram }> = {
  kubectl: { title: "kubectl", sub: "you", icon: "kubectl" },
  "load-balancer": { title: "load balancer", sub: "192.168.0.10:6443", icon: "load-balancer" },
  "image-registry": { title: "image registry", sub: "docker.io", icon: "image-registry" },
};

/** A second line of facts worth seeing at a glance, in words. */
function detailLine(rec: ComponentRecord | undefined, state: string): string {
  const d = rec?.detail;
  if (state !== "running" || !d) return state;
  switch (d.kind) {
    case "etcd":
      return `rev ${d.revision}`;
    case "kube-scheduler":
      return d.active ? "leader" : "standby";
    case "kube-controller-manager":
      return d.active ? "leader" : "standby";
    case "kube-apiserver":
      return d.ready ? "ready" : "starting";
    default:
      return state;
  }
}

/**
 * One component (actor): kube-apiserver, etcd, the scheduler, the controller manager, a node agent,
 * or an actor outside the cluster (kubectl, the load balancer, the image registry). Focusable, with
 * its state in words; Enter or a click opens it in the inspector.
 */
export const ComponentNode = memo(function ComponentNode({ data }: NodeProps<ComponentFlowNode>) {
  const { id, component, size } = data;
  // Only what the node shows: a frame that bumps etcd's revision or a kubelet's lease time re-renders nothing else.
  const view = useRecordView("components", id, componentView);
  const [machineName, upState, upLine] = view.split("\t");
  const machineRunning = useRecordView("machines", machineName || id, machineRunningOf);
  const selected = useIsSelected(id);
  const api = useCanvasApi();
  const running = upState !== "stopped" && machineRunning;
  const state = running ? upState : "stopped";
  const ext = size === "external" ? EXTERNAL_LABELS[id] : undefined;
  const title = ext?.title ?? component;
  const name = ext ? `${ext.title}, ${state}` : `${componentTitle(id)}, ${state}`;
  const select = () => api.getState().select({ rtype: "component", id });
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === "Enter" || e.key === " ") {
      e.preventDefault();
      select();
    }
  };
  const shape = state === "stopped" ? "component-stopped" : state === "standby" ? "component-standby" : "component-running";

  return (
    <div
      className={`component component-${size} component-${component}${running ? "" : " is-stopped"}${selected ? " is-selected" : ""}`}
      role="button"
      tabIndex={0}
      aria-label={name}
      aria-pressed={selected}
      onClick={select}
      onKeyDown={onKeyDown}
      data-actor={id}
    >
      <WireHandles />
      {ext && (
        <span className="component-icon">
          <PictogramIcon name={ext.icon} />
        </span>
      )}
      <span className="component-text">
        <span className="component-label">{title}</span>
        <span className="component-state">
          <StatusShape shape={shape} />
          {ext && running ? ext.sub : running ? upLine : state}
        </span>
      </span>
    </div>
  );
});

/**
 * What a component node shows of its record, as one string (equal views compare equal): its machine,
 * its state and its line of facts if its machine runs.
 */
export function componentView(rec: ComponentRecord | undefined): string {
  const state = componentState({ running: rec?.running ?? true, detail: rec?.detail });
  return `${rec?.machine ?? ""}\t${state}\t${detailLine(rec, state)}`;
}

function machineRunningOf(m: MachineRecord | undefined): boolean {
  return m?.running ?? true;
}
