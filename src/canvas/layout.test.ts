import { describe, expect, it } from "vitest";
import { contains, intersects, type Rect } from "./geometry";
import { fitBounds, fitViewport } from "./fit";
import { computeLayout, flowPath, naturalCompare, slotRect, wirePaths, workerColumns, type Layout, type LayoutInput } from "./layout";

function input(masters: number, workers: number, podsPerWorker = 1, pending = 0): LayoutInput {
  const controlPlanes = Array.from({ length: masters }, (_, i) => `control-plane-${i + 1}`);
  const ws = Array.from({ length: workers }, (_, i) => `worker-${i + 1}`);
  return { controlPlanes, workers: ws, podCounts: Object.fromEntries(ws.map((w) => [w, podsPerWorker])), pending };
}

/** Every rectangle that must not overlap another one at the top level. */
function topLevel(l: Layout): [string, Rect][] {
  return [
    ...l.machines.map((m) => [m.name, m.rect] as [string, Rect]),
    ...Object.entries(l.externals),
    ["Unscheduled", l.unscheduled.rect],
    ["legend", l.legend],
  ];
}

function checkNoOverlap(l: Layout): string[] {
  const problems: string[] = [];
  const tops = topLevel(l);
  for (let i = 0; i < tops.length; i++)
    for (let j = i + 1; j < tops.length; j++) if (intersects(tops[i][1], tops[j][1])) problems.push(`${tops[i][0]} overlaps ${tops[j][0]}`);
  for (const m of l.machines) {
    const comps = Object.entries(m.components);
    const slots: [string, Rect][] = [];
    const count = m.pods.cols * m.pods.rows;
    for (let k = 0; k < count; k++) slots.push([`pod slot ${k}`, slotRect(m.pods, k)]);
    const inside = [...comps, ...slots];
    for (const [name, r] of inside) if (!contains(m.rect, r)) problems.push(`${name} sticks out of ${m.name}`);
    for (let i = 0; i < inside.length; i++)
      for (let j = i + 1; j < inside.length; j++)
        if (intersects(inside[i][1], inside[j][1])) problems.push(`${inside[i][0]} overlaps ${inside[j][0]} in ${m.name}`);
  }
  const u = l.unscheduled;
  for (let k = 0; k < u.pods.cols * u.pods.rows; k++) if (!contains(u.rect, slotRect(u.pods, k))) problems.push(`unscheduled slot ${k} sticks out`);
  return problems;
}

describe("computeLayout", () => {
  it("places nothing on top of anything else for 1–5 control planes and 1–20 workers", () => {
    const problems: string[] = [];
    for (let m = 1; m <= 5; m++)
      for (let w = 1; w <= 20; w++)
        for (const [pods, pending] of [
          [0, 0],
          [1, 3],
          [7, 12],
          [15, 300],
        ]) {
          for (const p of checkNoOverlap(computeLayout(input(m, w, pods, pending)))) problems.push(`${m}+${w} (${pods} pods, ${pending} pending): ${p}`);
        }
    expect(problems).toEqual([]);
  });

  it("is deterministic", () => {
    expect(computeLayout(input(3, 7, 2, 1))).toEqual(computeLayout(input(3, 7, 2, 1)));
  });

  it("routes wires only through the machines they connect", () => {
    const problems: string[] = [];
    for (let m = 1; m <= 5; m++)
      for (let w = 1; w <= 20; w++) {
        const l = computeLayout(input(m, w, 2, 2));
        const owner = (actor: string) => (actor.includes("@") ? actor.slice(actor.indexOf("@") + 1) : actor);
        for (const wire of l.wires) {
          const allowed = new Set([owner(wire.source), owner(wire.target)]);
          for (let i = 1; i < wire.points.length; i++) {
            const a = wire.points[i - 1];
            const b = wire.points[i];
            const seg: Rect = { x: Math.min(a.x, b.x), y: Math.min(a.y, b.y), width: Math.abs(a.x - b.x) || 0.5, height: Math.abs(a.y - b.y) || 0.5 };
            for (const [name, r] of topLevel(l)) if (!allowed.has(name) && intersects(seg, r)) problems.push(`${m}+${w}: ${wire.id} crosses ${name}`);
          }
        }
      }
    expect(problems).toEqual([]);
  });

  it("draws the real paths: everything through the API server, etcd peers among themselves", () => {
    const l = computeLayout(input(3, 2));
    const ids = new Set(l.wires.map((w) => w.id));
    expect(ids).toContain("kubectl->load-balancer");
    for (const cp of ["control-plane-1", "control-plane-2", "control-plane-3"]) {
      expect(ids).toContain(`load-balancer->kube-apiserver@${cp}`);
      expect(ids).toContain(`kube-apiserver@${cp}->etcd@${cp}`);
      expect(ids).toContain(`kube-scheduler@${cp}->kube-apiserver@${cp}`);
      expect(ids).toContain(`kube-controller-manager@${cp}->kube-apiserver@${cp}`);
    }
    for (const node of ["control-plane-1", "worker-1", "worker-2"]) {
      expect(ids).toContain(`kubelet@${node}->load-balancer`);
      expect(ids).toContain(`kube-proxy@${node}->load-balancer`);
      expect(ids).toContain(`kubelet@${node}->containerd@${node}`);
      expect(ids).toContain(`containerd@${node}->image-registry`);
    }
    expect(ids).toContain("etcd@control-plane-1->etcd@control-plane-3");
    // Components never talk to each other directly: no scheduler→kubelet wire, no etcd→LB wire.
    expect([...ids].some((id) => id.startsWith("kube-scheduler") && !id.endsWith("kube-apiserver@control-plane-1") && id.includes("control-plane-1"))).toBe(false);
    expect([...ids].some((id) => id.includes("etcd") && id.includes("load-balancer"))).toBe(false);
    // A single control plane has no peer lane.
    expect(computeLayout(input(1, 3)).wires.some((w) => w.kind === "peer")).toBe(false);
  });

  it("puts kubectl left of the load balancer, and the load balancer left of every machine", () => {
    const l = computeLayout(input(2, 4));
    expect(l.externals.kubectl.x + l.externals.kubectl.width).toBeLessThan(l.externals["load-balancer"].x);
    for (const m of l.machines) expect(l.externals["load-balancer"].x + l.externals["load-balancer"].width).toBeLessThan(m.rect.x);
  });

  it("keeps the default cluster close to a projector's canvas, with room for the legend", () => {
    const l = computeLayout(input(1, 3, 1, 0));
    // A full-width canvas pane on a 1280×720 page, under a header and a dock: about 1280×550.
    // At fit-to-view (3% padding) the type must stay large: 22 px names ≥ 18 px, 15 px labels ≥ 13 px.
    const zoom = Math.min(1280 / l.bounds.width, 550 / l.bounds.height) / 1.03;
    expect(zoom).toBeGreaterThan(13 / 15);
    expect(l.legend.width).toBeGreaterThanOrEqual(300);
    expect(l.legend.height).toBeGreaterThanOrEqual(200);
  });

  it("routes wires clear of the components they do not join, inside their own machines too", () => {
    const problems: string[] = [];
    for (let m = 1; m <= 5; m++)
      for (const w of [1, 3, 8]) {
        const l = computeLayout(input(m, w, 2, 2));
        for (const wire of l.wires)
          for (let i = 1; i < wire.points.length; i++) {
            const a = wire.points[i - 1];
            const b = wire.points[i];
            const seg: Rect = { x: Math.min(a.x, b.x), y: Math.min(a.y, b.y), width: Math.abs(a.x - b.x) || 0.5, height: Math.abs(a.y - b.y) || 0.5 };
            for (const [actor, r] of Object.entries(l.actors))
              if (actor !== wire.source && actor !== wire.target && intersects(seg, r)) problems.push(`${m}+${w}: ${wire.id} crosses ${actor}`);
          }
      }
    expect(problems).toEqual([]);
  });

  it("draws three control planes large enough to read beside a lesson at 1280×720 (a 940×555 canvas)", () => {
    // The words in a machine are 13–15 flow px: at a zoom under 0.45 they are under 7 px on a projector.
    const zoomAt = (masters: number, workers: number) => fitViewport(fitBounds(computeLayout(input(masters, workers, 1, 0))), 940, 555).zoom;
    expect(zoomAt(3, 3)).toBeGreaterThan(0.45);
    expect(zoomAt(3, 2)).toBeGreaterThan(0.45);
    expect(zoomAt(2, 3)).toBeGreaterThan(0.45);
    // The single control plane's picture is not this change's: it stays as it was.
    expect(zoomAt(1, 3)).toBeGreaterThan(0.6);
  });

  it("gives workers a grid near 2.2:1 and a single row up to five", () => {
    expect([1, 3, 5, 6, 10, 20].map(workerColumns)).toEqual([1, 3, 5, 4, 5, 7]);
  });

  it("sorts machine names naturally", () => {
    expect(["worker-10", "worker-2", "worker-1"].sort(naturalCompare)).toEqual(["worker-1", "worker-2", "worker-10"]);
  });

  it("gives each flow the wire between its actors, either way, or a straight line", () => {
    const l = computeLayout(input(1, 2));
    const paths = wirePaths(l);
    const up = flowPath(l, paths, "kubelet@worker-1", "load-balancer")!;
    const down = flowPath(l, paths, "load-balancer", "kubelet@worker-1")!;
    expect(up.points[0]).toEqual(down.points[down.points.length - 1]);
    expect(up.length).toBeCloseTo(down.length);
    expect(flowPath(l, paths, "kubelet@worker-1", "kubelet@worker-2")!.points).toHaveLength(2);
    expect(flowPath(l, paths, "kubelet@worker-9", "load-balancer")).toBeNull();
  });
});
