import { memo } from "react";
import type { Node as FlowNode, NodeProps } from "@xyflow/react";
import { useCanvas, useTicked } from "../canvasStore";
import { StatusShape } from "../icons";
import { LEADER_LEASES, etcdSummary, leaseLine } from "../views";

export type HaBannerNodeData = { controlPlanes: readonly string[]; fontSize: number };
export type HaBannerFlowNode = FlowNode<HaBannerNodeData, "haBanner">;

/**
 * Above the control planes, in words large enough for a projector: the etcd quorum ("2 of 3 members —
 * writes OK", "1 of 3 — no quorum: writes fail"), the Raft leader and term, each member's role, and who
 * holds the kube-scheduler and kube-controller-manager Leases, with a countdown once the holder stops
 * renewing. A live region (polite) for the quorum line only.
 */
export const HaBannerNode = memo(function HaBannerNode({ data }: NodeProps<HaBannerFlowNode>) {
  const { controlPlanes, fontSize } = data;
  const etcd = useCanvas((s) => etcdSummary(s, controlPlanes));
  const [ok, quorumText, leaderText, membersText] = etcd.split("\t");
  return (
    <section className="ha-banner nodrag nopan" style={{ fontSize }} aria-label="Control plane">
      <p className={`ha-line ha-quorum ha-${ok}`}>
        <StatusShape shape={ok === "ok" ? "ready" : "notready"} />
        <span className="ha-key">etcd:</span>
        <span className="ha-quorum-words" role="status">
          {quorumText}
        </span>
        <span className="ha-leader"> · {leaderText}</span>
      </p>
      <p className="ha-line ha-members">
        <span className="ha-key">members:</span> {membersText}
      </p>
      {LEADER_LEASES.map((l) => (
        <LeaseLine key={l.name} name={l.name} label={l.label} controlPlanes={controlPlanes} />
      ))}
    </section>
  );
});

function LeaseLine({ name, label, controlPlanes }: { name: string; label: string; controlPlanes: readonly string[] }) {
  const line = useTicked((s, now) => leaseLine(s, now, name, controlPlanes));
  const [state, text] = line.split("\t");
  return (
    <p className={`ha-line ha-lease ha-lease-${state}`} data-lease={name}>
      <span className="ha-key">{label} leader:</span> {text}
    </p>
  );
}
