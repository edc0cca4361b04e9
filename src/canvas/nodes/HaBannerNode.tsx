import { memo } from "react";
import type { Node as FlowNode, NodeProps } from "@xyflow/react";
import type { Lease } from "../../engine/api/types";
import type { ClusterStore } from "../../store/types";
import { useCanvas, useTicked } from "../canvasStore";
import { etcdMembers, leaseView, memberUp, quorumView } from "../ha";
import { StatusShape } from "../icons";

export type HaBannerNodeData = { controlPlanes: readonly string[]; fontSize: number };
export type HaBannerFlowNode = FlowNode<HaBannerNodeData, "haBanner">;

/** The leader Leases of kube-system, as the page names them. */
const LEADER_LEASES = [
  { name: "kube-scheduler", label: "kube-scheduler" },
  { name: "kube-controller-manager", label: "kube-controller-manager" },
] as const;

/**
 * The etcd line as one string (so the banner re-renders only when its words change, not on every
 * frame that moves a member's election deadline): quorum ok flag, the quorum words, the leader and
 * term, then each member's state.
 */
export function etcdSummary(s: Pick<ClusterStore, "components" | "machines">, controlPlanes: readonly string[]): string {
  const members = etcdMembers(s.components, s.machines, controlPlanes);
  const q = quorumView(members);
  const leader = members.find((m) => memberUp(m) && m.role === "leader");
  const lead = leader ? `leader ${leader.machine} · term ${leader.term ?? 0}` : q.ok ? "no leader yet" : "no leader";
  const each = members
    .map((m) => {
      const state = !m.machineRunning ? "machine stopped" : !m.running ? "stopped" : m.partitioned ? `partitioned${m.role ? `, ${m.role}` : ""}` : (m.role ?? "running");
      return `${m.machine}: ${state}`;
    })
    .join(" · ");
  return [q.ok ? "ok" : "bad", q.text, lead, each].join("\t");
}

function leaseLine(s: ClusterStore, now: number, name: string): string {
  const lease = s.objects[`leases/kube-system/${name}`]?.object as Lease | undefined;
  const v = leaseView(lease, now);
  return `${v.stale ? "stale" : "ok"}\t${v.text}`;
}

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
        <LeaseLine key={l.name} name={l.name} label={l.label} />
      ))}
    </section>
  );
});

function LeaseLine({ name, label }: { name: string; label: string }) {
  const line = useTicked((s, now) => leaseLine(s, now, name));
  const [state, text] = line.split("\t");
  return (
    <p className={`ha-line ha-lease ha-lease-${state}`} data-lease={name}>
      <span className="ha-key">{label} leader:</span> {text}
    </p>
  );
}
