import { deflateRawSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import type { HydrateMessage } from "../bridge/protocol";
import { fakeSession } from "../bridge/testkit";
import { hydrateSlices } from "../store/apply";
import { MAX_PICTURE_CHARS, linkQuery, parseUrlMoment } from "../store/url";
import { checkFacts, decodeLinkPicture, encodeLinkPicture, momentPicture, pictureKey, type HeldMoment } from "./linkPicture";
import { pictureFacts, pictureMarkup, prepaintMarkup, type PictureFacts, type PrepaintState } from "./prepaint";
import { shipPictures } from "../../scripts/ship-pictures";

const web = { at: 1000, line: "kubectl create deployment web --image=nginx --replicas=3" };

function moment(topology: { masters: number; workers: number }, actions: { at: number; line: string }[], time: number, seed = 7): PrepaintState {
  const s = fakeSession();
  s.init({ seed, topology, actions, time, play: false });
  const h: HydrateMessage = s.lastHydrate();
  return { ...hydrateSlices(h), time: h.time };
}

/** Moments whose pictures say different things: evictions counting down, a banner, pending pods, a cordoned node, taints. */
const MOMENTS: [string, () => PrepaintState][] = [
  ["a worker stopped, its pods counting down to eviction", () => moment({ masters: 1, workers: 3 }, [web, { at: 20_000, line: "stop node worker-2" }], 90_000)],
  [
    "three control planes, one stopped (the banner, a new etcd leader)",
    () => moment({ masters: 3, workers: 2 }, [{ at: 5000, line: "kubectl create deployment web --image=nginx --replicas=4" }, { at: 60_000, line: "stop node control-plane-1" }], 75_000, 3),
  ],
  [
    "a cordoned node and pods that fit nowhere",
    () =>
      moment(
        { masters: 1, workers: 2 },
        [
          { at: 1000, line: "kubectl cordon worker-1" },
          { at: 1100, line: "kubectl cordon worker-2" },
          { at: 1500, line: "kubectl create deployment web --image=nginx --replicas=3" },
        ],
        20_000,
      ),
  ],
  ["the network of a worker cut", () => moment({ masters: 1, workers: 3 }, [web, { at: 10_000, line: "partition worker-3" }], 70_000)],
];

const key = pictureKey(parseUrlMoment("?seed=7&t=90s"));

describe("a link's picture (pic=)", () => {
  it.each(MOMENTS)("draws %s exactly as the records do, after the trip through the link", async (_name, make) => {
    const s = make();
    const facts = pictureFacts(s)!;
    const pic = await encodeLinkPicture(facts, key);
    expect(pic).not.toBeNull();
    expect(pic!.length).toBeLessThan(3000);
    // What the URL parser lets through is what the encoder makes.
    expect(parseUrlMoment(`?pic=${pic}`).picture).toBe(pic);
    const back = await decodeLinkPicture(pic!, key);
    if ("error" in back) throw new Error(back.error);
    expect(back.facts).toEqual(facts);
    for (const [w, h] of [
      [1232, 555],
      [640, 360],
    ])
      expect(pictureMarkup(back.facts, w, h)).toBe(prepaintMarkup(s, w, h));
  });

  it("says what each moment shows: the countdown, the banner, the pending pods, the cut network", () => {
    const [stopped, ha, cordon, cut] = MOMENTS.map(([, make]) => pictureFacts(make())!);
    expect(cut.machines["worker-3"]).toEqual([true, true]);
    expect(Object.values(stopped.pods).some((p) => /^evicted in /.test(p.countdown))).toBe(true);
    expect(stopped.machines["worker-2"]).toEqual([false, false]);
    expect(ha.banner?.etcd).toMatch(/^ok\t2 of 3 members/);
    expect(ha.banner?.leases).toHaveLength(2);
    expect(stopped.banner).toBeNull();
    expect(cordon.placement.pending.length).toBeGreaterThan(0);
    expect(cordon.nodes["worker-1"].status).toBe("Ready,SchedulingDisabled");
  });

  it("is drawn only for the moment it was made for: another time, seed, action log, topology or step is another moment", () => {
    const base = "?seed=7&topology=masters%3D1%2Cworkers%3D3&do=1s+kubectl+create+deployment+web+--image%3Dnginx&do=20s+stop+node+worker-2&t=5m";
    const k = pictureKey(parseUrlMoment(base));
    // The same moment written another way, with other ways of showing it, is the same moment.
    expect(pictureKey(parseUrlMoment(base.replace("t=5m", "t=300s").replace("do=1s", "do=1000ms") + "&theme=dark&embed=1&speed=4&paused=1"))).toBe(k);
    for (const other of [base.replace("t=5m", "t=301s"), base.replace("seed=7", "seed=8"), base.replace("worker-2", "worker-3"), base.replace("workers%3D3", "workers%3D4"), `${base}&lesson=worker-dies&step=2`])
      expect(pictureKey(parseUrlMoment(other))).not.toBe(k);
  });

  it("is not read for another moment, nor when it is not a picture, does not decompress, is not JSON or inflates too far", async () => {
    const facts = pictureFacts(MOMENTS[0][1]())!;
    const pic = (await encodeLinkPicture(facts, key))!;
    const other = pictureKey(parseUrlMoment("?seed=7&t=91s"));
    expect(await decodeLinkPicture(pic, other)).toEqual({ error: "made for another moment (the link was edited since)" });
    expect(await decodeLinkPicture("2" + pic.slice(1), key)).toEqual({ error: "not a picture" });
    const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64url");
    expect(await decodeLinkPicture(`1.${key}.AAAA`, key)).toEqual({ error: "does not decompress" });
    expect(await decodeLinkPicture(`1.${key}.${b64(deflateRawSync("{not json"))}`, key)).toEqual({ error: "not JSON" });
    expect(await decodeLinkPicture(`1.${key}.${b64(deflateRawSync(" ".repeat(1_000_000)))}`, key)).toEqual({ error: "too large" });
    expect(await decodeLinkPicture(`1.${key}.${b64(deflateRawSync(JSON.stringify({ ...facts, extra: 1 })))}`, key)).toEqual({ error: "not a picture's facts" });
  });

  it("is longer than a link should be for a large cluster: then the link goes without one", async () => {
    const facts = pictureFacts(MOMENTS[0][1]())!;
    const pods: PictureFacts["pods"] = { ...facts.pods };
    const ids: string[] = [];
    // Names that do not compress: a cluster with 1,500 pods of random names.
    let x = 12345;
    const rnd = () => ((x = Math.imul(x ^ (x >>> 15), 0x2c1b3c6d) + 0x9e3779b9) >>> 0).toString(36);
    for (let i = 0; i < 1500; i++) {
      const name = `web-${rnd()}-${rnd()}`;
      ids.push(`pods/default/${name}`);
      pods[`pods/default/${name}`] = { name, status: "Running", ready: "1/1", notReady: false, countdown: "" };
    }
    const big = { ...facts, pods, placement: { ...facts.placement, pending: ids } };
    expect(checkFacts(JSON.parse(JSON.stringify(big)))).not.toBeNull();
    expect(await encodeLinkPicture(big, key)).toBeNull();
    expect(MAX_PICTURE_CHARS).toBe(8000);
  });

  it("checks every part of the facts: a class name out of the known ones, a machine not drawn, a wrong type, a text too long, an unknown key", () => {
    const facts = JSON.parse(JSON.stringify(pictureFacts(MOMENTS[1][1]())!)) as PictureFacts;
    expect(checkFacts(facts)).toEqual(facts);
    const broken: [string, (f: PictureFacts) => void][] = [
      ["heartbeat level", (f) => (f.nodes["worker-1"].heartbeat = 'fresh" onmouseover="x|50|1 s ago')],
      ["taint level", (f) => (f.nodes["worker-1"].taints = "evil|0||")],
      ["banner flag", (f) => (f.banner!.etcd = "maybe\tx\ty\tz")],
      ["lease state", (f) => (f.banner!.leases[0] = "fine\tx")],
      ["one lease too few", (f) => f.banner!.leases.pop()],
      ["a node not drawn", (f) => (f.nodes["worker-9"] = f.nodes["worker-1"])],
      ["pods on a machine not drawn", (f) => (f.placement.pods["worker-9"] = [])],
      ["a machine named twice", (f) => f.placement.workers.push(f.placement.workers[0])],
      ["a bad machine name", (f) => (f.placement.workers[0] = "Worker One")],
      ["running not a boolean", (f) => ((f.machines as Record<string, unknown>)["worker-1"] = ["yes", false])],
      ["a text too long", (f) => (Object.values(f.pods)[0].status = "x".repeat(401))],
      ["notReady not a boolean", (f) => ((Object.values(f.pods)[0] as Record<string, unknown>).notReady = "no")],
      ["an unknown key", (f) => ((f as unknown as Record<string, unknown>).script = "")],
      ["a missing key", (f) => delete (f as Partial<PictureFacts>).banner],
      ["a component view not text", (f) => ((f.components as Record<string, unknown>)["etcd@control-plane-1"] = 1)],
    ];
    const amplified: [string, (f: PictureFacts) => void][] = [
      // A few repeated names compress to almost nothing: each would be a chip, and a page of 95,000 chips freezes.
      ["a pod drawn twice", (f) => f.placement.pending.push(f.placement.pods["worker-1"][0])],
      ["thousands of one pod", (f) => (f.placement.pending = Array(19_000).fill(f.placement.pods["worker-1"][0]))],
      ["a pod without its words", (f) => f.placement.pending.push("pods/default/ghost")],
      ["a drawn machine without its pods", (f) => delete f.placement.pods["worker-1"]],
      ["a drawn machine without its node's words", (f) => delete f.nodes["worker-1"]],
      [
        "a worker named constructor, with no pods",
        (f) => {
          f.placement.workers.push("constructor");
          f.nodes["constructor"] = f.nodes["worker-1"];
        },
      ],
      ["501 workers", (f) => (f.placement.workers = Array.from({ length: 501 }, (_, i) => `w${i}`))],
      ["eight control planes", (f) => (f.placement.controlPlanes = Array.from({ length: 8 }, (_, i) => `cp${i}`))],
      ["a sentence for a pod's name", (f) => (Object.values(f.pods)[0].name = "Your session expired: sign in at evil.example")],
      ["a sentence for a pod's status", (f) => (Object.values(f.pods)[0].status = "Session expired")],
      ["a sentence for READY", (f) => (Object.values(f.pods)[0].ready = "sign in")],
      ["a sentence for a countdown", (f) => (Object.values(f.pods)[0].countdown = "sign in again")],
      ["a sentence for a node's status", (f) => (f.nodes["worker-1"].status = "Sign in at evil.example")],
    ];
    for (const [name, spoil] of [...broken, ...amplified]) {
      const f = JSON.parse(JSON.stringify(facts)) as PictureFacts;
      spoil(f);
      expect(checkFacts(f), name).toBeNull();
    }
    expect(checkFacts(null)).toBeNull();
    expect(checkFacts([])).toBeNull();
  });

  it("takes the facts of every picture shipped with the build (the start state, every lesson step)", () => {
    const files = shipPictures();
    expect(files.length).toBeGreaterThan(40);
    for (const f of files) {
      const h = JSON.parse(f.file.slice(f.file.indexOf("\n") + 1)) as HydrateMessage;
      const facts = pictureFacts({ ...hydrateSlices(h), time: h.time })!;
      expect(checkFacts(JSON.parse(JSON.stringify(facts))), f.name).toEqual(facts);
    }
  });

  it("escapes the texts it draws: a crafted picture shows words, never markup", async () => {
    const facts = JSON.parse(JSON.stringify(pictureFacts(MOMENTS[0][1]())!)) as PictureFacts;
    const evil = `<img src=x onerror=alert(1)>`;
    facts.components["etcd@control-plane-1"] = `control-plane-1\trunning\t${evil}\t${evil}\t\t`;
    facts.nodes["worker-1"].heartbeat = `fresh|40|${evil}`;
    facts.nodes["worker-1"].taints = `noschedule|1|${evil}|`;
    const pic = (await encodeLinkPicture(facts, key))!;
    const back = await decodeLinkPicture(pic, key);
    if ("error" in back) throw new Error(back.error);
    const html = pictureMarkup(back.facts, 1232, 555);
    expect(html).not.toContain("<img");
    expect(html).toContain("&lt;img src=x onerror=alert(1)&gt;");
  });

  it("keeps a key such as constructor only a key, and reads no picture with a __proto__", async () => {
    const facts = JSON.parse(JSON.stringify(pictureFacts(MOMENTS[0][1]())!)) as PictureFacts;
    const pic = (json: string) => `1.${key}.${Buffer.from(deflateRawSync(json)).toString("base64url")}`;
    const back = await decodeLinkPicture(pic(JSON.stringify(facts).replace('"components":{', '"components":{"constructor":"y",')), key);
    if ("error" in back) throw new Error(back.error);
    expect(Object.getPrototypeOf(back.facts.components)).toBeNull();
    expect(back.facts.components["constructor"]).toBe("y");
    expect(pictureMarkup(back.facts, 1232, 555)).toBe(pictureMarkup(facts, 1232, 555));
    expect(await decodeLinkPicture(pic(JSON.stringify(facts).replace('"machines":{', '"machines":{"__proto__":[true,true],')), key)).toEqual({ error: "not a picture's facts" });
  });

  it("is made by Copy link only when the page holds exactly the link's moment", async () => {
    const actions = [web, { at: 20_000, line: "stop node worker-2" }];
    const s = moment({ masters: 1, workers: 3 }, actions, 90_000);
    const held: HeldMoment = { ...s, hydrated: true, error: null, seed: 7, topology: { masters: 1, workers: 3 }, actions };
    const query = linkQuery({ seed: 7, topology: { masters: 1, workers: 3 }, actions, time: 90_000, speed: 2, paused: true });
    const pic = await momentPicture(query, held);
    expect(pic).not.toBeNull();
    const back = await decodeLinkPicture(pic!, pictureKey(parseUrlMoment(query)));
    if ("error" in back) throw new Error(back.error);
    expect(back.facts).toEqual(pictureFacts(s));
    const none: [string, string, Partial<HeldMoment>][] = [
      ["not in yet", query, { hydrated: false }],
      ["failed", query, { error: "the simulation stopped" }],
      // The clock between two frames (Copy link writes the records' time; this is a time they are not at).
      ["not the records' time", query, { time: 90_016 }],
      ["another seed", query, { seed: 8 }],
      ["another topology", query, { topology: { masters: 1, workers: 4 } }],
      ["another action log", query, { actions: [web] }],
      ["the link's time is not the page's", query.replace("t=90s", "t=91s"), {}],
      // Past 24 h a link's t= is ignored: it would open at 0 and draw this picture.
      ["a time a link cannot ask for", query.replace("t=90s", "t=90000s"), { time: 90_000_000 }],
      ["a parameter that does not read back", `${query}&speed=-1`, {}],
    ];
    for (const [why, q, patch] of none) expect(await momentPicture(q, { ...held, ...patch }), why).toBeNull();
  });

  it("goes last in a link, and a link that carries one reads back whole", () => {
    const q = linkQuery({ seed: 7, topology: { masters: 1, workers: 3 }, actions: [web], time: 90_000, speed: 2, paused: true, theme: "dark", picture: `1.${key}.abc_-9` });
    expect(q.endsWith(`&pic=1.${key}.abc_-9`)).toBe(true);
    const m = parseUrlMoment(q);
    expect(m.picture).toBe(`1.${key}.abc_-9`);
    expect(m.ignored).toEqual([]);
    expect(parseUrlMoment("?pic=<b>").ignored).toEqual(['pic="<b>" (expected the picture Copy link to this moment adds, whole)']);
    expect(parseUrlMoment(`?pic=1.${key}.${"a".repeat(8000)}`).picture).toBeUndefined();
  });
});
