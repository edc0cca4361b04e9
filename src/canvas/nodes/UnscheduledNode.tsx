import { memo } from "react";
import type { Node as FlowNode, NodeProps } from "@xyflow/react";
import { PictogramIcon } from "../icons";

export type UnscheduledNodeData = { pending: number };
export type UnscheduledFlowNode = FlowNode<UnscheduledNodeData, "unscheduled">;

/** Where new pods wait for the scheduler; PodLayer draws them in its slots. */
export const UnscheduledNode = memo(function UnscheduledNode({ data }: NodeProps<UnscheduledFlowNode>) {
  const n = data.pending;
  return (
    <div className={`unscheduled${n > 0 ? " has-pending" : ""}`}>
      <div className="unscheduled-title">
        <PictogramIcon name="unscheduled" />
        <span>Unscheduled</span>
        <span className="unscheduled-count">{n === 0 ? "none waiting" : `${n} waiting for a node`}</span>
      </div>
    </div>
  );
});
