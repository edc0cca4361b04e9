import { memo } from "react";
import type { Edge, EdgeProps } from "@xyflow/react";
import { svgPath, type Point } from "./geometry";
import type { WireKind } from "./layout";

export type WireEdgeData = { points: Point[]; kind: WireKind };
export type WireFlowEdge = Edge<WireEdgeData, "wire">;

/** A wire drawn along the layout's route (not React Flow's handle-to-handle curve): tokens ride the same points. */
export const WireEdge = memo(function WireEdge({ data }: EdgeProps<WireFlowEdge>) {
  if (!data) return null;
  return <path className={`wire wire-${data.kind}`} d={svgPath(data.points)} fill="none" />;
});
