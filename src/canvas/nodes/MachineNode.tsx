import { memo, type KeyboardEvent, type MouseEvent, type PointerEvent } from "react";
import type { Node as FlowNode, NodeProps } from "@xyflow/react";
import type { Lease, Node } from "../../engine/api/types";
import { useCanvasApi, useIsSelected, useMachineRecord, useRecordView, useTicked } from "../canvasStore";
import { PictogramIcon, StatusShape } from "../icons";
import { CUT } from "../iconMarkup";
import { machineName, nodeShape, podCount } from "../status";
import { heartbeatView, nodeStatusWords, taintParts, taintView } from "../views";
import { MachineFaults } from "../MachineFaults";

export type MachineNodeData = { name: string; role: "control-plane" | "worker"; pods: number };
export type MachineFlowNode = FlowNode<MachineNodeData, "machine">;

/** The words `kubectl get nodes` prints in STATUS, or "Registering" before the Node object exists. */
export function useNodeStatus(name: string): { status: string } {
  return { status: useRecordView("objects", `nodes/${name}`, nodeStatusWords) };
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
  const partitioned = machine?.partitioned ?? false;
  const { status } = useNodeStatus(name);
  const taints = useRecordView("objects", `nodes/${name}`, taintView);
  const selected = useIsSelected(name);
  const api = useCanvasApi();
  const shape = nodeShape(status, running);
  const select = () => api.getState().select({ rtype: "machine", id: name });
  const taint = taintParts(taints);
  const label = machineName({ name, role, status, pods, running, taints: taint.full }) + (partitioned ? ", network partitioned" : "");

  return (
    <div
      className={`machine machine-${role}${running ? "" : " is-stopped"}${partitioned ? " is-partitioned" : ""}${selected ? " is-selected" : ""}`}
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
            // A toggle (aria-pressed): pressed again, it lets go of the selection and the inspector closes.
            if (selected) api.getState().select(null);
            else select();
          }}
        >
          <PictogramIcon name={role} />
          <span className="machine-name">{name}</span>
        </button>
        <PowerButton name={name} running={running} />
        <MachineFaults name={name} role={role} />
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
        {partitioned && (
          <span className="partitioned-badge">
            <CutIcon /> partitioned
          </span>
        )}
      </div>
      {partitioned && (
        <div className="partition-cut" aria-hidden="true">
          <span>network cut</span>
        </div>
      )}
      <HeartbeatLine name={name} />
      <TaintLine {...taint} />
    </div>
  );
});

/**
 * The node's taints in words ("taints unreachable: NoExecute, NoSchedule"), coloured by the strongest
 * effect, on up to two lines; "no taints" in soft ink. The machine's button says them whole (its
 * accessible name), and so does the tooltip.
 */
export function TaintLine({ level, count, text, full }: { level: string; count: number; text: string; full: string }) {
  return (
    <div className={`machine-taints taints-${level}`} aria-hidden="true" title={full ? `Taints: ${full}` : undefined}>
      {text ? (
        <>
          <span className="taints-label">{count === 1 ? "taint" : "taints"}</span> {text}
        </>
      ) : (
        "no taints"
      )}
    </div>
  );
}

/** Scissors: the machine's network is cut (beside the word "partitioned", never alone). */
function CutIcon() {
  return <svg className="cut-icon" viewBox="0 0 20 20" width="1em" height="1em" aria-hidden="true" focusable="false" dangerouslySetInnerHTML={{ __html: CUT }} />;
}

/** "Stop worker-2" / "Start worker-2": runs the action through the store; never selects the node. */
export function PowerButton({ name, running, className = "" }: { name: string; running: boolean; className?: string }) {
  const api = useCanvasApi();
  const verb = running ? "Stop" : "Start";
  const stop = (e: PointerEvent | MouseEvent | KeyboardEvent) => e.stopPropagation();
  return (
    <button
      type="button"
      className={`power-button nodrag nopan ${running ? "power-stop" : "power-start"}${className ? ` ${className}` : ""}`}
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

/**
 * "last heartbeat 23 s ago / grace 50 s" over a bar that fills towards the grace period. Reads the
 * node's Lease and Node on the shared 4 Hz tick rather than subscribing to them: a Lease renews every
 * 10 s per node, and the words change once a sim second anyway.
 */
export function HeartbeatLine({ name }: { name: string }) {
  const view = useTicked((s, now) =>
    heartbeatView(s.objects[`leases/kube-node-lease/${name}`]?.object as Lease | undefined, s.objects[`nodes/${name}`]?.object as Node | undefined, now),
  );
  if (view === "none") return <div className="heartbeat heartbeat-none">no heartbeat yet</div>;
  const [level, width, text] = view.split("|");
  return (
    <div className={`heartbeat heartbeat-${level}`}>
      <span className="heartbeat-text">
        {level === "overdue" && <span className="sr-only">past the grace period: </span>}
        {text}
      </span>
      <span className="heartbeat-bar" aria-hidden="true">
        <span className="heartbeat-fill" style={{ transform: `scaleX(${Number(width) / 100})` }} />
      </span>
    </div>
  );
}
