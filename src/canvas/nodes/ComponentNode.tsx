import { memo, useEffect, useRef, type KeyboardEvent } from "react";
import { useReducedMotion } from "motion/react";
import { useReducedMotionSetting } from "../../store/settings";
import { Handle, Position, type Node as FlowNode, type NodeProps } from "@xyflow/react";
import type { MachineRecord } from "../../bridge/protocol";
import { stateNow, useCanvasApi, useIsSelected, useRecordView } from "../canvasStore";
import { arcPath, electionArcFraction } from "../ha";
import { PictogramIcon, StatusShape } from "../icons";
import { CROWN } from "../iconMarkup";
import { EXTERNAL_MACHINES, componentFace, componentView } from "../views";
import { PowerButton } from "./MachineNode";

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

/**
 * One component (actor): kube-apiserver, etcd, the scheduler, the controller manager, a node agent,
 * or an actor outside the cluster (kubectl, the load balancer, the image registry). Focusable, with
 * its state in words; Enter or a click opens it in the inspector.
 */
export const ComponentNode = memo(function ComponentNode({ data }: NodeProps<ComponentFlowNode>) {
  const { id, component, size } = data;
  // Only what the node shows: a frame that bumps etcd's revision or a kubelet's lease time re-renders nothing else.
  const view = useRecordView("components", id, componentView);
  const machineRunning = useRecordView("machines", view.slice(0, view.indexOf("\t")) || id, machineRunningOf);
  const selected = useIsSelected(id);
  const api = useCanvasApi();
  const { running, ext, title, raftRole, shown, said, keep, shape, machine: machineName } = componentFace(view, machineRunning, id, component, size);
  // The name starts with what the node shows (WCAG 2.5.3 Label in Name), then says where it runs; a line
  // the box shortens ("web: 3") is said in full after it ("sends web's traffic to 3 pods").
  const line = said !== shown ? `${shown} (${said})` : shown;
  const name = ext ? `${ext.title}, ${shown}` : `${title}, ${line}, on ${machineName || id.slice(id.indexOf("@") + 1)}`;
  const select = () => api.getState().select({ rtype: "component", id });
  // The box's button is a toggle (aria-pressed): pressed again, it lets go and the inspector closes.
  const toggle = () => (selected ? api.getState().select(null) : select());
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === "Enter" || e.key === " ") {
      e.preventDefault();
      toggle();
    }
  };

  const className = `component component-${size} component-${component}${running ? "" : " is-stopped"}${selected ? " is-selected" : ""}`;
  const icon = ext && (
    <span className="component-icon">
      <PictogramIcon name={ext.icon} />
    </span>
  );
  const text = (
    <span className="component-text">
      <span className="component-label">{title}</span>{" "}
      <span className="component-state" title={said !== shown ? said : undefined}>
        {raftRole === "leader" ? <CrownIcon /> : !raftRole && <StatusShape shape={shape} />}
        <StateText shown={shown} keep={keep} />
      </span>
    </span>
  );
  const buttonProps = { role: "button", tabIndex: 0, "aria-label": name, "aria-pressed": selected, onKeyDown } as const;

  if (ext && EXTERNAL_MACHINES.has(id)) {
    // The load balancer and the registry: the box holds two buttons, its Stop/Start in the top row and
    // the box's own (select) below it, apart, never one on top of the other: overlapping targets fail
    // WCAG 2.5.8 (Target Size). A click anywhere else in the box selects it too.
    return (
      <div className={`${className} external-machine`} data-actor={id} onClick={(e) => !(e.target as Element).closest(".power-button, .external-select") && select()}>
        <WireHandles />
        <div className="external-top">
          {icon}
          <PowerButton name={id} running={machineRunning} className="external-power" />
        </div>
        <div className="external-select" {...buttonProps} onClick={toggle}>
          {text}
        </div>
      </div>
    );
  }
  return (
    <div className={className} {...buttonProps} onClick={toggle} data-actor={id} data-raft-role={raftRole}>
      <WireHandles />
      {icon}
      {text}
      {raftRole && raftRole !== "leader" && <ElectionArc id={id} />}
    </div>
  );
});

/** A crown: the etcd leader (beside the word "leader", never alone). */
function CrownIcon() {
  return <svg className="crown-icon" viewBox="0 0 20 16" width="1em" height="0.8em" aria-hidden="true" focusable="false" dangerouslySetInnerHTML={{ __html: CROWN }} />;
}

const ARC_R = 13;
const ARC_C = 16;

/**
 * A follower's (or candidate's) election timer as a shrinking arc: full when a heartbeat has just
 * reset it, empty when it fires and the member starts an election. Painted on animation frames from
 * the store (sim time), never through React state; under reduced motion four times a second.
 */
function ElectionArc({ id }: { id: string }) {
  const api = useCanvasApi();
  const pathRef = useRef<SVGPathElement>(null);
  // The system's setting, or the page's "Reduce motion" toggle: the arc then steps four times a second.
  const reducedSetting = useReducedMotionSetting();
  const reduced = (useReducedMotion() ?? false) || reducedSetting;
  useEffect(() => {
    let raf = 0;
    let timer: ReturnType<typeof setInterval> | null = null;
    let last = "";
    const paint = () => {
      const s = api.getState();
      const d = s.components[id]?.detail;
      const f = d?.kind === "etcd" ? electionArcFraction(d.electionDeadline, d.electionTimeoutMs, stateNow(s)) : null;
      const path = f === null ? "" : arcPath(Math.round(f * 100) / 100, ARC_C, ARC_C, ARC_R);
      if (path !== last && pathRef.current) {
        pathRef.current.setAttribute("d", path);
        pathRef.current.parentElement?.classList.toggle("is-low", f !== null && f < 0.3);
        last = path;
      }
    };
    const loop = () => {
      paint();
      raf = requestAnimationFrame(loop);
    };
    if (reduced) {
      paint();
      timer = setInterval(paint, 250);
    } else raf = requestAnimationFrame(loop);
    return () => {
      cancelAnimationFrame(raf);
      if (timer) clearInterval(timer);
    };
  }, [api, id, reduced]);
  return (
    <svg className="election-arc" viewBox="0 0 32 32" width="32" height="32" aria-hidden="true" focusable="false">
      <title>election timer</title>
      <circle cx={ARC_C} cy={ARC_C} r={ARC_R} className="election-arc-track" />
      <path ref={pathRef} className="election-arc-left" d="" />
    </svg>
  );
}

function machineRunningOf(m: MachineRecord | undefined): boolean {
  return m?.running ?? true;
}

/** The box's line; with an end it never cuts (kube-proxy's count), in two parts: only the first gives way. */
function StateText({ shown, keep }: { shown: string; keep: string }) {
  if (!keep) return <span className="component-state-text">{shown}</span>;
  return (
    <span className="component-state-text component-state-split">
      <span className="component-state-name">{shown.slice(0, -keep.length)}</span>
      <span className="component-state-count">{keep}</span>
    </span>
  );
}
