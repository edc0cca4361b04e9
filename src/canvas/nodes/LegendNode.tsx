import { memo } from "react";
import type { Node as FlowNode, NodeProps } from "@xyflow/react";
import { Legend } from "../Legend";

export type LegendNodeData = { defaultOpen: boolean; raft: boolean };
export type LegendFlowNode = FlowNode<LegendNodeData, "legend">;

/**
 * The message legend, drawn in the room the layout keeps for it above kubectl and the load balancer:
 * it scales with the picture and never covers a machine at fit-to-view.
 */
export const LegendNode = memo(function LegendNode({ data }: NodeProps<LegendFlowNode>) {
  return (
    <div className="legend-node nodrag nopan">
      <Legend defaultOpen={data.defaultOpen} raft={data.raft} />
    </div>
  );
});
