import { describe, expect, it } from "vitest";
import type { Lease } from "../engine/api/types";
import { rfc3339Micro } from "../engine/time";
import { arcPath, electionArcFraction, leaseView, quorumView, type MemberState } from "./ha";

const up = (role?: string): MemberState => ({ running: true, machineRunning: true, partitioned: false, role });
const down: MemberState = { running: false, machineRunning: true, partitioned: false, role: "follower" };
const machineOff: MemberState = { running: true, machineRunning: false, partitioned: false, role: "leader" };
const cut: MemberState = { running: true, machineRunning: true, partitioned: true, role: "leader" };

describe("quorumView", () => {
  it("says in words whether writes work", () => {
    expect(quorumView([up("leader"), up("follower"), up("follower")]).text).toBe("3 of 3 members — writes OK");
    expect(quorumView([up("leader"), up("follower"), down]).text).toBe("2 of 3 members — writes OK");
    expect(quorumView([up("follower"), machineOff, down]).text).toBe("1 of 3 — no quorum: writes fail");
    expect(quorumView([down, down, down]).text).toBe("0 of 3 — no quorum: writes fail");
    expect(quorumView([up("leader")]).text).toBe("1 of 1 member — writes OK");
  });

  it("counts a partitioned or stopped machine's member as down", () => {
    const q = quorumView([up("follower"), cut, machineOff]);
    expect(q).toMatchObject({ up: 1, size: 3, quorum: 2, ok: false });
  });

  it("needs 3 of 5", () => {
    expect(quorumView([up("leader"), up("follower"), up("follower"), down, down]).text).toBe("3 of 5 members — writes OK");
    expect(quorumView([up("leader"), up("follower"), down, down, down]).text).toBe("2 of 5 — no quorum: writes fail");
  });

  it("says when a quorum is up but still electing", () => {
    const q = quorumView([up("candidate"), up("follower"), machineOff]);
    expect(q.ok).toBe(true);
    expect(q.text).toBe("2 of 3 members — electing a leader: writes wait");
  });

  it("reads records without Raft status as OK when a quorum runs", () => {
    expect(quorumView([up(), up(), { ...down, role: undefined }]).text).toBe("2 of 3 members — writes OK");
  });
});

describe("electionArcFraction", () => {
  it("is the share of the timeout left, clamped, and null without a timer", () => {
    expect(electionArcFraction(11_500, 1_500, 10_000)).toBe(1);
    expect(electionArcFraction(11_500, 1_500, 10_750)).toBeCloseTo(0.5);
    expect(electionArcFraction(11_500, 1_500, 12_000)).toBe(0);
    expect(electionArcFraction(11_500, 1_500, 9_000)).toBe(1);
    expect(electionArcFraction(null, 1_500, 10_000)).toBeNull();
    expect(electionArcFraction(11_500, undefined, 10_000)).toBeNull();
  });

  it("draws nothing at 0, a full circle at 1, and a large arc past half", () => {
    expect(arcPath(0, 10, 10, 8)).toBe("");
    expect(arcPath(1, 10, 10, 8)).toContain("a8 8 0 1 1");
    expect(arcPath(0.75, 10, 10, 8)).toMatch(/^M10 2A8 8 0 1 1 2\.00 10\.00$/);
    expect(arcPath(0.25, 10, 10, 8)).toMatch(/^M10 2A8 8 0 0 1 18\.00 10\.00$/);
  });
});

describe("leaseView", () => {
  const lease = (renewMs: number, holder = "control-plane-2_4f1c9d2e-0000"): Lease => ({
    apiVersion: "coordination.k8s.io/v1",
    kind: "Lease",
    metadata: { name: "kube-scheduler", namespace: "kube-system", uid: "u", resourceVersion: "1", creationTimestamp: rfc3339Micro(0) },
    spec: { holderIdentity: holder, leaseDurationSeconds: 15, renewTime: rfc3339Micro(renewMs), acquireTime: rfc3339Micro(0) },
  });

  it("names the holder's machine", () => {
    const v = leaseView(lease(20_000), 21_000);
    expect(v).toMatchObject({ holderNode: "control-plane-2", stale: false, renewedAgoMs: 1_000, expiresInMs: 14_000 });
    expect(v.text).toBe("held by control-plane-2");
  });

  it("counts down once the holder stops renewing", () => {
    const v = leaseView(lease(20_000), 26_000);
    expect(v.stale).toBe(true);
    expect(v.expiresInMs).toBe(9_000);
    expect(v.text).toBe("held by control-plane-2 — not renewed for 6 s, can change hands in 9s");
  });

  it("says when it has expired", () => {
    expect(leaseView(lease(20_000), 38_000).text).toBe("held by control-plane-2 — expired 3 s ago, a standby takes it at its next try");
  });

  it("without etcd's quorum, never promises that a standby takes it over", () => {
    const expired = leaseView(lease(20_000), 38_000, false).text;
    expect(expired).toBe("held by control-plane-2 — not renewed for 18 s; no takeover without etcd quorum");
    expect(leaseView(lease(20_000), 26_000, false).text).not.toMatch(/can change hands|standby takes it/);
    // A fresh renewal is just held.
    expect(leaseView(lease(20_000), 21_000, false).text).toBe("held by control-plane-2");
  });

  it("says when nobody holds it", () => {
    expect(leaseView(undefined, 0).text).toBe("no holder yet");
    expect(leaseView(lease(0, ""), 0).holderNode).toBeNull();
  });
});
