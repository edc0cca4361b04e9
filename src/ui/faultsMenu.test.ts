import { describe, expect, it } from "vitest";
import { toolbarFaultItems } from "./FaultsMenu";

describe("toolbarFaultItems", () => {
  const machines = [
    { id: "worker-10", role: "worker", running: true, partitioned: false },
    { id: "load-balancer", role: "external", running: true, partitioned: false },
    { id: "worker-2", role: "worker", running: false, partitioned: false },
    { id: "control-plane-1", role: "control-plane", running: true, partitioned: true },
  ];

  it("stops or starts every machine, nodes first in numeric order, then partitions or heals each", () => {
    expect(toolbarFaultItems(machines).map((i) => [i.label, i.line])).toEqual([
      ["Stop control-plane-1", "stop node control-plane-1"],
      ["Start worker-2", "start node worker-2"],
      ["Stop worker-10", "stop node worker-10"],
      ["Stop load-balancer", "stop node load-balancer"],
      ["Heal control-plane-1", "heal control-plane-1"],
      ["Partition worker-2", "partition worker-2"],
      ["Partition worker-10", "partition worker-10"],
      ["Partition load-balancer", "partition load-balancer"],
    ]);
  });
});
