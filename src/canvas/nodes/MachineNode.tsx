import { memo, type KeyboardEvent, type MouseEvent, type PointerEvent } from "react";
import type { Node as FlowNode, NodeProps } from "@xyflow/react";
import type { Lease, Node } from "../../engine/api/types";
import { nodeRow } from "../../engine/kubectl/printers";
import { stateNow, useCanvasApi, useIsSelected, useMachineRecord, useObjectRecord, useSimSeconds } from "../canvasStore";
import { PictogramIcon, StatusShape } from "../icons";
import { machineName, nodeShape, podCount } from "../status";
import { heartbeat, heartbeatText } from "../timers";

export type MachineNodeData = { name: string; role: "control-plane" | "worker"; pods: number };
export type MachineFlowNode = FlowNode<MachineNodeData, "machine">;

/** The words `kubectl get nodes` prints in STATUS, or "Registering" before the Node object exists. */
export function useNodeStatus(name: string): { status: string; node: Node | undefined } {
  const node = useObjectRecord(`nodes/${name}`)?.object as Node | undefined;
  return { status: node ? nodeRow(node, 0)[1] : "Registering", node };
}

/**
 * A control-plane or worker machine: a group holding its components (child nodes) and its pods
 * (drawn by PodLayer in the slots the layout keeps for them). Header: name, Stop/Start, node status
 * in words with a shape, the heartbeat timer.
 */
export const MachineNode = memo(function MachineNode({ data }: NodeProps<MachineFlowNode>) {
  const { name, role, pods } = data;
  const machine = useMachineRecord(name);
  const running = machine?.running ?? true;
  const { status } = useNodeStatus(name);
  const selected = useIsSelected(name);
  const api = useCanvasApi();
  const shape = nodeShape(status, running);
  const select = () => api.getState().select({ rtype: "machine", id: name });
  const label = machineName({ name, role, status, pods, running });

  return (
    <div
      className={`machine machine-${role}${running ? "" : " is-stopped"}${selected ? " is-selected" : ""}`}
      data-status={nodeShape(status, true)}
      onClick={select}
    >
      <div className="machine-title-row">
        <button
          type="button"
          className="machine-title nodrag"
          aria-label={label}
          aria-pressed={selected}
          onClick={(e: MouseEvent) => {
            e.stopPropagation();
            select();
          }}
        >
          <PictogramIcon name={role} />
          <span className="machine-name">{name}</span>
        </button>
        <PowerButton name={name} running={running} />
      </div>
      <div className="machine-status" aria-hidden="true">
        <StatusShape shape={shape === "stopped" ? nodeShape(status, true) : shape} />
        <span className="machine-status-words">{status}</span>
        <span className="machine-pods">· {podCount(pods)}</span>
        {!running && (
          <span className="stopped-badge">
            <StatusShape shape="stopped" /> stopped
          </span>
        )}
      </div>
      <HeartbeatLine name={name} />
    </div>
  );
});

/** "Stop worker-2" / "Start worker-2": runs the action through the store; never selects the node. */
function PowerButton({ name, running }: { name: string; running: boolean }) {
  const api = useCanvasApi();
  const verb = running ? "Stop" : "Start";
  const stop = (e: PointerEvent | MouseEvent | KeyboardEvent) => e.stopPropagation();
  return (
    <button
      type="button"
      className={`power-button nodrag nopan ${running ? "power-stop" : "power-start"}`}
      aria-label={`${verb} ${name}`}
      title={`${verb} ${name}`}
      onPointerDown={stop}
      onKeyDown={stop}
      onClick={(e) => {
        e.stopPropagation();
        void api.getState().command(`${running ? "stop" : "start"} node ${name}`);
      }}
    >
      <StatusShape shape={running ? "component-stopped" : "component-running"} />
      {verb}
    </button>
  );
}

/** "last heartbeat 23 s ago / grace 50 s" over a bar that fills towards the grace period. */
export function HeartbeatLine({ name }: { name: string }) {
  const lease = useObjectRecord(`leases/kube-node-lease/${name}`)?.object as Lease | undefined;
  const node = useObjectRecord(`nodes/${name}`)?.object as Node | undefined;
  useSimSeconds();
  const api = useCanvasApi();
  const h = heartbeat(lease, stateNow(api.getState()), undefined, node);
  if (!h) return <div className="heartbeat heartbeat-none">no heartbeat yet</div>;
  const level = h.overdue ? "overdue" : h.fraction >= 0.5 ? "late" : "fresh";
  return (
    <div className={`heartbeat heartbeat-${level}`}>
      <span className="heartbeat-text">
        {h.overdue && <span className="sr-only">past the grace period: </span>}
        {heartbeatText(h)}
      </span>
      <span className="heartbeat-bar" aria-hidden="true">
        <span className="heartbeat-fill" style={{ width: `${Math.min(1, h.fraction) * 100}%` }} />
      </span>
    </div>
  );
}
