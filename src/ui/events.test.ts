import { describe, expect, it } from "vitest";
import type { EventRecord } from "../bridge/protocol";
import { eventCountText, eventObject, eventRow, filterEvents, newWarnings, warningAnnouncement } from "./events";

function ev(t: number, reason: string, kind: string, name: string, type: EventRecord["type"] = "Normal", count = 1): EventRecord {
  return { t, type, reason, message: `${reason} happened `, object: { kind, namespace: "default", name }, source: "test", count };
}

const scheduled = ev(10_000, "Scheduled", "Pod", "web-7d9c-x2x4q");
const notReady = ev(70_000, "NodeNotReady", "Node", "worker-1", "Warning");
const scaled = ev(75_000, "ScalingReplicaSet", "Deployment", "web");

describe("eventObject", () => {
  it("prints kubectl's OBJECT column", () => {
    expect(eventObject(scheduled)).toBe("pod/web-7d9c-x2x4q");
    expect(eventObject(notReady)).toBe("node/worker-1");
    expect(eventObject(scaled)).toBe("deployment/web");
  });
});

describe("eventRow", () => {
  it("gives LAST SEEN relative to sim now, in kubectl's durations", () => {
    expect(eventRow(scheduled, 10_500).lastSeen).toBe("0s");
    expect(eventRow(scheduled, 55_000).lastSeen).toBe("45s");
    expect(eventRow(scheduled, 10_000 + 200_000).lastSeen).toBe("3m20s");
    expect(eventRow(scheduled, 10_000 + 3_600_000).lastSeen).toBe("60m");
  });

  it("never shows a negative age (an event from a frame ahead of the drawn clock)", () => {
    expect(eventRow(scheduled, 9_000).lastSeen).toBe("0s");
  });

  it("adds the count of a repeated event", () => {
    expect(eventRow({ ...scheduled, count: 3 }, 40_000).lastSeen).toBe("30s (x3)");
  });

  it("keeps TYPE, REASON and the trimmed MESSAGE", () => {
    expect(eventRow(notReady, 80_000)).toEqual({
      lastSeen: "10s",
      type: "Warning",
      reason: "NodeNotReady",
      object: "node/worker-1",
      message: "NodeNotReady happened",
    });
  });
});

describe("filterEvents", () => {
  const all = [scheduled, notReady, scaled];
  it("keeps everything for a blank filter", () => {
    expect(filterEvents(all, "  ")).toBe(all);
  });
  it("matches the OBJECT column, case-insensitively", () => {
    expect(filterEvents(all, "worker-1")).toEqual([notReady]);
    expect(filterEvents(all, "POD/web")).toEqual([scheduled]);
    expect(filterEvents(all, "web")).toEqual([scheduled, scaled]);
    expect(filterEvents(all, "deployment/web")).toEqual([scaled]);
    expect(filterEvents(all, "nothing")).toEqual([]);
  });
});

describe("filterEvents for a clicked object", () => {
  const worker1 = ev(1_000, "NodeReady", "Node", "worker-1");
  const worker10 = ev(2_000, "NodeReady", "Node", "worker-10");
  const worker12 = ev(3_000, "NodeNotReady", "Node", "worker-12", "Warning");
  const web = ev(4_000, "ScalingReplicaSet", "Deployment", "web");
  const web2 = ev(5_000, "ScalingReplicaSet", "Deployment", "web2");
  const webPod = ev(6_000, "Scheduled", "Pod", "web-7d9c-x2x4q");
  const all = [worker1, worker10, worker12, web, web2, webPod];

  it("keeps exactly the clicked kind/name: node/worker-1 without worker-10..19", () => {
    expect(filterEvents(all, "node/worker-1", true)).toEqual([worker1]);
    expect(filterEvents(all, "node/worker-10", true)).toEqual([worker10]);
  });

  it("keeps exactly the clicked kind/name: deployment/web without web2 or the web pods", () => {
    expect(filterEvents(all, "deployment/web", true)).toEqual([web]);
    expect(filterEvents(all, "deployment/web2", true)).toEqual([web2]);
  });

  it("reads a typed whole kind/name of a listed object the same way", () => {
    expect(filterEvents(all, "node/worker-1")).toEqual([worker1]);
    expect(filterEvents(all, "Deployment/Web")).toEqual([web]);
  });

  it("matches anything else typed as a substring", () => {
    expect(filterEvents(all, "worker-1")).toEqual([worker1, worker10, worker12]);
    expect(filterEvents(all, "node/worker")).toEqual([worker1, worker10, worker12]);
    expect(filterEvents(all, "web")).toEqual([web, web2, webPod]);
    expect(filterEvents(all, "pod/web")).toEqual([webPod]);
    // node/worker-2 has no events: part of a name, as typed (nothing here).
    expect(filterEvents(all, "node/worker-2")).toEqual([]);
    expect(filterEvents([worker1, worker12], "node/worker-1")).toEqual([worker1]);
    expect(filterEvents([worker10, worker12], "node/worker-1")).toEqual([worker10, worker12]);
  });

  it("keeps a clicked object exact even when none of its events are left", () => {
    expect(filterEvents([worker10, worker12], "node/worker-1", true)).toEqual([]);
  });

  it("ignores case and surrounding spaces when exact, and keeps everything when blank", () => {
    expect(filterEvents(all, "  Node/Worker-1 ", true)).toEqual([worker1]);
    expect(filterEvents(all, "", true)).toBe(all);
    expect(filterEvents(all, "node/worker", true)).toEqual([]);
  });
});

describe("newWarnings", () => {
  const all = [scheduled, notReady, scaled];
  it("picks the warnings written after the previous frame", () => {
    expect(newWarnings(all, 60_000)).toEqual([notReady]);
    expect(newWarnings(all, 70_000)).toEqual([]);
  });
  it("announces nothing from a backlog older than the previous frame (first load, seek back, restart)", () => {
    expect(newWarnings(all, 100_000)).toEqual([]);
  });
  it("skips Normal events", () => {
    expect(newWarnings([scheduled, scaled], 0)).toEqual([]);
  });
});

describe("warningAnnouncement", () => {
  it("reads each warning as a sentence", () => {
    expect(warningAnnouncement([notReady])).toBe("Warning NodeNotReady on node/worker-1: NodeNotReady happened");
  });
  it("reads at most three and counts the rest", () => {
    const many = [1, 2, 3, 4, 5].map((i) => ev(i, `R${i}`, "Pod", `p${i}`, "Warning"));
    const said = warningAnnouncement(many);
    expect(said.startsWith("2 more warnings. ")).toBe(true);
    expect(said).toContain("R5");
    expect(said).not.toContain("R1 ");
  });
  it("says nothing for none", () => {
    expect(warningAnnouncement([])).toBe("");
  });
});

describe("eventCountText", () => {
  it("counts what the list shows", () => {
    expect(eventCountText(0, 0, "")).toBe("No events yet.");
    expect(eventCountText(0, 0, " web ")).toBe("No events for “web”.");
    expect(eventCountText(1, 1, "")).toBe("1 event.");
    expect(eventCountText(24, 24, "")).toBe("24 events.");
    expect(eventCountText(3, 3, "pod/web")).toBe("3 events matching the filter.");
    expect(eventCountText(500, 200, "")).toBe("Newest 200 of 500 events.");
  });
});
