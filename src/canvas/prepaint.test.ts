import { describe, expect, it } from "vitest";
import type { ComponentRecord, HydrateMessage, MachineRecord, ObjectRecord } from "../bridge/protocol";
import { fakeSession } from "../bridge/testkit";
import { fitBounds, fitViewport } from "./fit";
import { esc, prepaintLayout, prepaintMarkup, type PrepaintState } from "./prepaint";

/** The records of a hydrate, as the store keeps them. */
function stateOf(h: HydrateMessage): PrepaintState {
  const s = { machines: {} as Record<string, MachineRecord>, components: {} as Record<string, ComponentRecord>, objects: {} as Record<string, ObjectRecord>, time: h.time };
  for (const r of h.records) {
    if (r.rtype === "machine") s.machines[r.id] = r;
    else if (r.rtype === "component") s.components[r.id] = r;
    else s.objects[r.id] = r;
  }
  return s;
}

function moment(actions: { at: number; line: string }[], time: number): PrepaintState {
  const s = fakeSession();
  s.init({ seed: 7, topology: { masters: 1, workers: 3 }, actions, time, play: false });
  return stateOf(s.lastHydrate());
}

const web = { at: 1000, line: "kubectl create deployment web --image=nginx --replicas=3" };
/** Each `.react-flow__node`'s data-id and its translate, in the markup's order. */
const nodePositions = (html: string) => [...html.matchAll(/data-id="([^"]+)" style="z-index:\d;transform:translate\(([-\d.]+)px,([-\d.]+)px\);width:([\d.]+)px;height:([\d.]+)px/g)].map((m) => ({ id: m[1], x: +m[2], y: +m[3], w: +m[4], h: +m[5] }));

describe("prepaintMarkup: the first picture, before React", () => {
  it("draws nothing before any machine is known", () => {
    expect(prepaintMarkup({ machines: {}, components: {}, objects: {}, time: 0 }, 1232, 555)).toBe("");
  });

  it("puts every box where the live canvas's layout puts it, fitted as the live canvas fits it", () => {
    const s = moment([web], 60_000);
    const html = prepaintMarkup(s, 1232, 555);
    const { layout } = prepaintLayout(s)!;
    const boxes = nodePositions(html);
    const byId = new Map(boxes.map((b) => [b.id, b]));
    for (const m of layout.machines) {
      expect(byId.get(`machine:${m.name}`)).toEqual({ id: `machine:${m.name}`, x: m.rect.x, y: m.rect.y, w: m.rect.width, h: m.rect.height });
      for (const [c, r] of Object.entries(m.components)) expect(byId.get(`${c}@${m.name}`)).toMatchObject({ x: r.x, y: r.y, w: r.width, h: r.height });
    }
    for (const [id, r] of Object.entries(layout.externals)) expect(byId.get(id)).toMatchObject({ x: r.x, y: r.y });
    expect(byId.get("unscheduled")).toMatchObject({ x: layout.unscheduled.rect.x, y: layout.unscheduled.rect.y });
    // The legend, 4 machines, the control plane's 7 components, 3 agents on each worker, 3 boxes outside, Unscheduled.
    expect(boxes).toHaveLength(1 + 4 + 7 + 3 * 3 + 3 + 1);
    expect(byId.get("legend")).toEqual({ id: "legend", x: layout.legend.x, y: layout.legend.y, w: layout.legend.width, h: layout.legend.height });
    const vp = fitViewport(fitBounds(layout), 1232, 555);
    expect(html).toContain(`transform:translate(${vp.x}px,${vp.y}px) scale(${vp.zoom})`);
    // One wire per layout wire.
    expect(html.match(/<path class="wire wire-/g)).toHaveLength(layout.wires.length);
  });

  it("says the state in kubectl's words: node STATUS, pod STATUS and READY, component states", () => {
    const s = moment([web], 60_000);
    const html = prepaintMarkup(s, 1232, 555);
    for (const w of ["worker-1", "worker-2", "worker-3", "control-plane-1"]) expect(html).toContain(`<span class="machine-name">${w}</span>`);
    expect(html.match(/<span class="machine-status-words">Ready<\/span>/g)).toHaveLength(4);
    const pods = Object.values(s.objects).filter((o) => o.id.startsWith("pods/"));
    expect(pods).toHaveLength(3);
    for (const p of pods) expect(html).toContain(`<span class="pod-name">${p.id.split("/")[2]}</span>`);
    expect(html.match(/<span class="pod-status-words">Running<\/span> <span class="pod-ready">1\/1<\/span>/g)).toHaveLength(3);
    expect(html).toContain("· 1 pod</span>");
    expect(html).toContain("leader · term");
    expect(html).toMatch(/last heartbeat \d+ s ago \/ grace 50 s/);
    expect(html).toContain("none waiting");
  });

  it("shows a stopped machine as stopped, NotReady once the grace period has passed, with its pods' eviction countdown", () => {
    const s = moment([web, { at: 20_000, line: "stop node worker-2" }], 90_000);
    const html = prepaintMarkup(s, 1232, 555);
    const w2 = html.slice(html.indexOf('data-id="machine:worker-2"'), html.indexOf('data-id="kube-proxy@worker-2"'));
    expect(w2).toContain('class="machine machine-worker is-stopped"');
    expect(w2).toContain('<span class="machine-status-words">NotReady</span>');
    expect(w2).toContain("Start</button>");
    expect(w2).toContain("stopped</span>");
    expect(html).toMatch(/<span class="pod-countdown">evicted in \d+m\d+s<\/span>/);
    // Its taints, as the live canvas words them; a worker without any says so.
    expect(w2).toContain('<div class="machine-taints taints-noexecute"><span class="taints-label">taints</span> unreachable: NoExecute, NoSchedule</div>');
    const w1 = html.slice(html.indexOf('data-id="machine:worker-1"'), html.indexOf('data-id="kube-proxy@worker-1"'));
    expect(w1).toContain('<div class="machine-taints taints-none">no taints</div>');
  });

  it("is a picture: no control in it has a name, so nothing in it can be mistaken for the live canvas", () => {
    const html = prepaintMarkup(moment([web], 60_000), 1232, 555);
    expect(html).not.toContain("aria-label");
    expect(html).not.toContain("aria-pressed");
    // Every button is out of the tab order (the page also makes the whole picture inert).
    expect(html.match(/<button /g)!.length).toBe(html.match(/<button type="button" tabindex="-1"/g)!.length);
  });

  it("draws the message legend (Raft's kinds and Show heartbeats only with several etcd members), the control plane's banner with several, and the view's buttons", () => {
    const one = prepaintMarkup(moment([web], 60_000), 1232, 555);
    expect(one).toContain('<span class="legend-title">Messages</span>');
    expect(one.match(/<li class="legend-item">/g)).toHaveLength(12);
    expect(one).not.toContain("Show heartbeats");
    expect(one).toContain(">Fit to view</button>");
    // A lesson's link: "Zoom to step" beside them, pressed as the link asked (styled by its aria-pressed, as live).
    expect(one).not.toContain("Zoom to step");
    expect(prepaintMarkup({ ...moment([web], 60_000), stepZoom: false }, 1232, 555)).toContain('<button type="button" tabindex="-1" class="step-zoom" aria-pressed="false">Zoom to step</button>');
    expect(prepaintMarkup({ ...moment([web], 60_000), stepZoom: true }, 1232, 555)).toContain('aria-pressed="true"><span aria-hidden="true">✓ </span>Zoom to step</button>');
    const s = fakeSession();
    s.init({ seed: 7, topology: { masters: 3, workers: 3 }, actions: [], time: 5_000, play: false });
    const three = prepaintMarkup(stateOf(s.lastHydrate()), 1232, 555);
    expect(three.match(/<li class="legend-item">/g)!.length).toBeGreaterThan(12);
    expect(three).toContain("Show heartbeats</button>");
    // The control plane's banner: quorum, members, the leader Leases.
    expect(three).toMatch(/<span class="ha-quorum-words">3 of 3 members — writes OK<\/span>/);
    expect(three).toMatch(/<span class="ha-key">kube-scheduler leader:<\/span> held by control-plane-\d/);
    expect(one).not.toContain("ha-banner");
  });

  it("escapes text", () => {
    expect(esc(`<b a="1">&</b>`)).toBe("&lt;b a=&quot;1&quot;&gt;&amp;&lt;/b&gt;");
  });
});
