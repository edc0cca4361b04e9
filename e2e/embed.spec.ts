import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test, type Page } from "@playwright/test";

/**
 * A host page (a slide deck) on another origin embeds the app in iframes and drives it by
 * postMessage, as reveal.js does. The host is a small server of the test's own on 127.0.0.1 (another
 * port, so another origin; on loopback like the app, so Chromium's local network access checks let
 * it frame the app).
 */
let APP = "";
const MOMENT = "seed=7&do=1s+kubectl+create+deployment+web+--image%3Dnginx+--replicas%3D3&t=20s&paused=1";
let HOST = "";
let deck = "";
let server: Server;

test.beforeAll(async ({}, testInfo) => {
  // The app as the config serves it (the default config's port 4173, or another one's).
  APP = `${testInfo.project.use.baseURL ?? "http://127.0.0.1:4173"}/`;
  server = createServer((_req, res) => {
    res.writeHead(200, { "content-type": "text/html" });
    res.end(deck);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  HOST = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

test.afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function openHost(page: Page, frames: Record<string, string>, styles: Record<string, string> = {}, script = ""): Promise<void> {
  const iframes = Object.entries(frames)
    .map(([id, src]) => `<iframe id="${id}" title="${id}" src="${src}" width="960" height="540"${styles[id] ? ` style="${styles[id]}"` : ""}></iframe>`)
    .join("\n");
  deck = `<!doctype html><html lang="en"><head><title>Deck</title></head><body>
<h1>Deck</h1>${iframes}
<script>
  window.received = [];
  window.addEventListener("message", (e) => {
    let data = e.data;
    try { data = typeof data === "string" && data.startsWith("{") ? JSON.parse(data) : data; } catch {}
    window.received.push({ origin: e.origin, data });
  });
  window.call = (id, method, args = []) => document.getElementById(id).contentWindow.postMessage(JSON.stringify({ method, args }), "*");
  ${script}
</script></body></html>`;
  await page.goto(`${HOST}/deck.html`);
}

type Received = { origin: string; data: { namespace?: string; eventName?: string; method?: string; call?: string; result?: Record<string, unknown>; state?: Record<string, unknown> } | string };
const received = (page: Page) => page.evaluate(() => (window as unknown as { received: Received[] }).received);

test("a host page drives the embed by postMessage; a foreign origin changes nothing", async ({ page }) => {
  test.setTimeout(60_000);
  // A frame posts nothing to a parent whose origin it does not allow (the browser would log an error for each).
  const postErrors: string[] = [];
  page.on("console", (m) => /postMessage/.test(m.text()) && postErrors.push(m.text()));
  await openHost(page, {
    allowed: `${APP}?embed=1&${MOMENT}&origins=${encodeURIComponent(HOST)}`,
    foreign: `${APP}?embed=1&${MOMENT}&origins=${encodeURIComponent("https://slides.example.com")}`,
  });
  const allowed = page.frameLocator("#allowed");
  const foreign = page.frameLocator("#foreign");
  // Embed mode: no page chrome, the step bar; the cluster is drawn.
  await expect(allowed.getByRole("button", { name: "Stop worker-3" })).toBeVisible({ timeout: 20_000 });
  await expect(allowed.getByRole("heading", { name: "ClusterScope" })).toHaveCount(0);
  await expect(allowed.getByRole("navigation", { name: "Steps" })).toBeVisible();
  await expect(foreign.getByRole("button", { name: "Stop worker-3" })).toBeVisible({ timeout: 20_000 });
  // It never took the focus from the host page.
  expect(await page.evaluate(() => document.activeElement?.tagName)).toBe("BODY");

  // `ready` came from the allowed frame, to the host's origin; nothing from the foreign one.
  await expect.poll(async () => (await received(page)).filter((m) => typeof m.data === "object" && m.data.eventName === "ready").length).toBe(1);
  expect(postErrors).toEqual([]);

  // getState answers in reveal.js's callback shape.
  await page.evaluate(() => (window as unknown as { call: (id: string, m: string) => void }).call("allowed", "getState"));
  await expect.poll(async () => (await received(page)).find((m) => typeof m.data === "object" && m.data.call === "getState")?.data).toMatchObject({
    namespace: "clusterscope",
    eventName: "callback",
    call: "getState",
    result: { time: 20_000, playing: false, step: 1 },
  });

  // next: one step on; stepchanged follows.
  await page.evaluate(() => (window as unknown as { call: (id: string, m: string) => void }).call("allowed", "next"));
  await expect(allowed.getByText("Step 2")).toBeVisible();
  // Its state is the step's, once the simulation has answered: later than the moment it left.
  await expect
    .poll(async () => {
      const changed = (await received(page)).find((m) => typeof m.data === "object" && m.data.eventName === "stepchanged");
      return typeof changed?.data === "object" ? (changed.data.state as { time: number; step: number }) : null;
    })
    .toMatchObject({ step: 2, time: expect.any(Number) });
  const changed = (await received(page)).find((m) => typeof m.data === "object" && m.data.eventName === "stepchanged");
  expect((changed?.data as { state: { time: number } }).state.time).toBeGreaterThan(20_000);
  // While it plays too: the event waits for the step's own (paused) state, past the frames still on their way.
  await page.evaluate(() => (window as unknown as { call: (id: string, m: string) => void }).call("allowed", "play"));
  await expect(allowed.getByRole("button", { name: "Pause", exact: true })).toBeVisible();
  await page.waitForTimeout(300);
  await page.evaluate(() => {
    (window as unknown as { received: unknown[] }).received.length = 0;
    (window as unknown as { call: (id: string, m: string) => void }).call("allowed", "next");
  });
  await expect
    .poll(async () => {
      const ev = (await received(page)).find((m) => typeof m.data === "object" && m.data.eventName === "stepchanged");
      return typeof ev?.data === "object" ? (ev.data.state as { step: number; playing: boolean }) : null;
    })
    .toMatchObject({ step: 3, playing: false });
  await page.evaluate(() => {
    (window as unknown as { received: unknown[] }).received.length = 0;
    (window as unknown as { call: (id: string, m: string) => void }).call("allowed", "getState");
  });
  await expect
    .poll(async () => {
      const reply = (await received(page)).find((m) => typeof m.data === "object" && m.data.call === "getState");
      return typeof reply?.data === "object" ? (reply.data.result?.time as number) : 0;
    })
    .toBeGreaterThan(20_000);

  // The foreign frame ignores the host (not in its origins=): no step, no play, no answer.
  await page.evaluate(() => {
    const w = window as unknown as { received: unknown[]; call: (id: string, m: string) => void };
    w.received.length = 0;
    w.call("foreign", "next");
    w.call("foreign", "play");
    w.call("foreign", "getState");
    (document.getElementById("foreign") as HTMLIFrameElement).contentWindow!.postMessage("slide:start", "*");
  });
  await page.waitForTimeout(1000);
  await expect(foreign.getByText("Step 1")).toBeVisible();
  await expect(foreign.getByRole("button", { name: "Play", exact: true })).toBeVisible();
  expect(await received(page)).toEqual([]);

  // reveal.js's slide:start plays the allowed frame, slide:stop pauses it.
  await page.evaluate(() => (document.getElementById("allowed") as HTMLIFrameElement).contentWindow!.postMessage("slide:start", "*"));
  await expect(allowed.getByRole("button", { name: "Pause", exact: true })).toBeVisible();
  await page.evaluate(() => (document.getElementById("allowed") as HTMLIFrameElement).contentWindow!.postMessage("slide:stop", "*"));
  await expect(allowed.getByRole("button", { name: "Play", exact: true })).toBeVisible();
});

test("a burst of next calls: the last stepchanged carries the last step's state and link, as getState then says", async ({ page }) => {
  test.setTimeout(60_000);
  await openHost(page, { app: `${APP}?embed=1&${MOMENT}&origins=${encodeURIComponent(HOST)}` });
  await expect.poll(async () => (await received(page)).filter((m) => typeof m.data === "object" && m.data.eventName === "ready").length, { timeout: 20_000 }).toBe(1);
  // Three calls in one go, as a clicker pressed fast: each its own message, before the simulation has answered the first.
  await page.evaluate(() => {
    const w = window as unknown as { received: unknown[]; call: (id: string, m: string) => void };
    w.received.length = 0;
    for (let i = 0; i < 3; i++) w.call("app", "next");
  });
  type State = { step: number; time: number; link: string; playing: boolean };
  const changes = async () =>
    (await received(page)).flatMap((m) => (typeof m.data === "object" && m.data.eventName === "stepchanged" ? [m.data.state as unknown as State] : []));
  await expect.poll(async () => (await changes()).at(-1)?.step, { timeout: 10_000 }).toBe(4);
  // Nothing more on its way: then ask.
  await page.waitForTimeout(1500);
  await page.evaluate(() => (window as unknown as { call: (id: string, m: string) => void }).call("app", "getState"));
  await expect.poll(async () => (await received(page)).some((m) => typeof m.data === "object" && m.data.call === "getState")).toBe(true);
  const reply = (await received(page)).find((m) => typeof m.data === "object" && m.data.call === "getState")!.data as { result: State };
  const last = (await changes()).at(-1)!;
  expect(reply.result).toMatchObject({ step: 4, playing: false });
  expect(reply.result.time).toBeGreaterThan(20_000);
  expect(last).toEqual(reply.result);
});

test("a next sent on the frame's load event, before the app is ready, is announced: ready and stepchanged carry its state", async ({ page }) => {
  test.setTimeout(60_000);
  await openHost(page, { app: `${APP}?embed=1&${MOMENT}&origins=${encodeURIComponent(HOST)}` }, {}, `document.getElementById("app").addEventListener("load", () => window.call("app", "next"));`);
  type State = { step: number; time: number; link: string; playing: boolean };
  const events = async (name: string) =>
    (await received(page)).flatMap((m) => (typeof m.data === "object" && m.data.eventName === name ? [m.data.state as unknown as State] : []));
  await expect.poll(async () => (await events("stepchanged")).length, { timeout: 20_000 }).toBe(1);
  const [ready] = await events("ready");
  const [changed] = await events("stepchanged");
  // `ready` first, as a host that starts listening on it expects.
  const names = (await received(page)).flatMap((m) => (typeof m.data === "object" && m.data.eventName ? [m.data.eventName] : []));
  expect(names.indexOf("ready")).toBeLessThan(names.indexOf("stepchanged"));
  expect(changed.step).toBe(2);
  expect(changed.time).toBeGreaterThan(20_000);
  // One state: the step it says is the step whose time it says.
  expect(ready).toEqual(changed);
  await page.evaluate(() => (window as unknown as { call: (id: string, m: string) => void }).call("app", "getState"));
  await expect.poll(async () => (await received(page)).some((m) => typeof m.data === "object" && m.data.call === "getState")).toBe(true);
  const reply = (await received(page)).find((m) => typeof m.data === "object" && m.data.call === "getState")!.data as { result: State };
  expect(reply.result).toEqual(changed);
});

test("an embedded lesson link with another seed says ready once its step is on it, not with the cluster shown while it is planned", async ({ page }) => {
  test.setTimeout(60_000);
  await openHost(page, { app: `${APP}?embed=1&lesson=desired-state&step=2&seed=7&speed=100&origins=${encodeURIComponent(HOST)}` });
  type State = { lesson: string; step: number; time: number; link: string };
  const ready = async () => (await received(page)).flatMap((m) => (typeof m.data === "object" && m.data.eventName === "ready" ? [m.data.state as unknown as State] : []));
  await expect.poll(async () => (await ready()).length, { timeout: 30_000 }).toBe(1);
  const [state] = await ready();
  expect(state).toMatchObject({ lesson: "desired-state", step: 2 });
  // The step's cluster: seed 7 and the lesson's actions through step 2 (the start state has one action, and another seed).
  expect(state.link).toContain("seed=7");
  expect(state.link).toMatch(/do=[^&]*delete/);
});

test("a paused step drawn from the picture shipped with the app says ready once the simulation has the same state", async ({ page }) => {
  test.setTimeout(60_000);
  // Shown from the shipped picture at once; the simulation's own state is the same picture, not drawn again.
  await openHost(page, { app: `${APP}?embed=1&lesson=worker-dies&step=4&paused=1&origins=${encodeURIComponent(HOST)}` });
  await expect.poll(async () => (await received(page)).filter((m) => typeof m.data === "object" && m.data.eventName === "ready").length, { timeout: 10_000 }).toBe(1);
  const ready = (await received(page)).find((m) => typeof m.data === "object" && m.data.eventName === "ready")!.data as { state: { step: number; paused: boolean } };
  expect(ready.state).toMatchObject({ step: 4, paused: true });
});

test("the embed passes a clicker's keys to the host and pauses while hidden", async ({ page }) => {
  test.setTimeout(60_000);
  // A host page taller than the window (one that scrolls), as a deck of slides one under another.
  await openHost(page, { app: `${APP}?embed=1&controls=0&${MOMENT.replace("&paused=1", "")}&origins=${encodeURIComponent(HOST)}` }, {}, `document.body.style.minHeight = "3000px";`);
  const app = page.frameLocator("#app");
  await expect(app.getByRole("button", { name: "Stop worker-3" })).toBeVisible({ timeout: 20_000 });
  // controls=0: no step bar.
  await expect(app.getByRole("navigation", { name: "Steps" })).toHaveCount(0);

  /** Whether the frame plays, as its getState answers. */
  const playing = async () => {
    await page.evaluate(() => {
      (window as unknown as { received: unknown[] }).received.length = 0;
      (window as unknown as { call: (id: string, m: string) => void }).call("app", "getState");
    });
    await expect.poll(async () => (await received(page)).some((m) => typeof m.data === "object" && m.data.call === "getState")).toBe(true);
    const reply = (await received(page)).find((m) => typeof m.data === "object" && m.data.call === "getState")!;
    return (reply.data as { result: { playing: boolean } }).result.playing;
  };
  await expect.poll(playing).toBe(true);

  /** reveal.js's calls the frame posted to the host, and the keys it said it passed. */
  const calls = async () => (await received(page)).filter((m) => typeof m.data === "object" && "method" in m.data && !("namespace" in m.data)).map((m) => (m.data as { method: string }).method);
  const passedKeys = async () => (await received(page)).filter((m) => typeof m.data === "object" && m.data.eventName === "keydown").map((m) => (m.data as { key?: string }).key);

  // A click in the picture gives the frame the keys; PageDown, PageUp and "b" go on to the host, as reveal.js calls.
  await app.locator(".react-flow__pane").click({ position: { x: 10, y: 10 } });
  await page.keyboard.press("PageDown");
  await page.keyboard.press("PageUp");
  await page.keyboard.press("b");
  await expect.poll(calls).toEqual(["next", "prev", "togglePause"]);
  // The host acts on PageDown and PageUp: the host page, taller than the window, did not scroll as well.
  expect(await page.evaluate(() => document.documentElement.scrollHeight > innerHeight && scrollY === 0)).toBe(true);
  expect(await passedKeys()).toEqual(["PageDown", "PageUp", "b"]);

  // "b" blacked the host's screen, and paused the cluster behind it; "." goes on to the host too, brings the
  // screen back, and plays it.
  await expect.poll(playing).toBe(false);
  await page.evaluate(() => ((window as unknown as { received: unknown[] }).received.length = 0));
  await page.keyboard.press(".");
  await expect.poll(calls).toEqual(["togglePause"]);
  expect(await passedKeys()).toEqual(["."]);
  await expect.poll(playing).toBe(true);

  // Hidden (reveal.js hides slides not shown): it pauses; shown again, it plays on.
  await page.evaluate(() => (document.getElementById("app")!.style.display = "none"));
  await expect.poll(playing).toBe(false);
  await page.evaluate(() => (document.getElementById("app")!.style.display = ""));
  await expect.poll(playing).toBe(true);
});

test("a host page moves an embedded lesson with goto, prev and reset; a goto to no step says why and changes nothing", async ({ page }) => {
  test.setTimeout(60_000);
  await openHost(page, { lesson: `${APP}?lesson=worker-dies&step=1&embed=1&origins=${encodeURIComponent(HOST)}` });
  const frame = page.frameLocator("#lesson");
  const count = frame.locator(".step-count");
  await expect(count).toHaveText("Step 1 of 6", { timeout: 20_000 });
  await expect.poll(async () => (await received(page)).some((m) => typeof m.data === "object" && m.data.eventName === "ready")).toBe(true);
  const call = (method: string, args: unknown[] = []) =>
    page.evaluate(([m, a]) => (window as unknown as { call: (id: string, m: string, a: unknown[]) => void }).call("lesson", m as string, a as unknown[]), [method, args] as const);
  /** The latest `stepchanged` state's step, or 0 before any. */
  const changedTo = async () => {
    const ev = (await received(page)).filter((m) => typeof m.data === "object" && m.data.eventName === "stepchanged").at(-1);
    return typeof ev?.data === "object" ? (ev.data.state as { step: number }).step : 0;
  };
  /** The callback answering `method`, once it came. */
  const answer = async (method: string) => {
    let reply: Received | undefined;
    await expect
      .poll(async () => {
        reply = (await received(page)).find((m) => typeof m.data === "object" && m.data.call === method);
        return !!reply;
      })
      .toBe(true);
    return reply!.data as { result: unknown; error?: string; state: { step: number } };
  };

  await call("goto", [4]);
  await expect(count).toHaveText("Step 4 of 6");
  await expect.poll(changedTo).toBe(4);
  expect((await answer("goto")).result).toBe(true);

  await call("prev");
  await expect(count).toHaveText("Step 3 of 6");
  await expect.poll(changedTo).toBe(3);

  // No step 9: the host is told why, and the lesson stays where it was.
  await page.evaluate(() => ((window as unknown as { received: unknown[] }).received.length = 0));
  await call("goto", [9]);
  const refused = await answer("goto");
  expect(refused).toMatchObject({ result: false, error: 'goto: there is no step 9; the lesson "worker-dies" has steps 1 to 6', state: { step: 3 } });
  await page.waitForTimeout(500);
  await expect(count).toHaveText("Step 3 of 6");

  await call("reset");
  await expect(count).toHaveText("Step 1 of 6");
  await expect.poll(changedTo).toBe(1);
});

test("the example reveal.js deck embeds the app, and a clicker's PageDown in the frame moves the deck", async ({ page }) => {
  test.setTimeout(60_000);
  await page.goto("/examples/reveal.html");
  await page.waitForFunction(() => (window as unknown as { Reveal?: { isReady(): boolean } }).Reveal?.isReady());
  await page.evaluate(() => (window as unknown as { Reveal: { slide(h: number): void } }).Reveal.slide(1));
  const frame = page.frameLocator("section.present iframe");
  await expect(frame.getByRole("button", { name: "Stop worker-3" })).toBeVisible({ timeout: 20_000 });
  // reveal.js posted slide:start: it plays.
  await expect(frame.getByRole("button", { name: "Pause", exact: true })).toBeVisible();
  await frame.locator(".react-flow__pane").click({ position: { x: 10, y: 10 } });
  await page.keyboard.press("PageDown");
  await expect.poll(() => page.evaluate(() => (window as unknown as { Reveal: { getIndices(): { h: number } } }).Reveal.getIndices().h)).toBe(2);

  // The deck's own buttons drive the frame on the next slide; the frame's answers never move the deck
  // (reveal.js runs any `{method}` string that reaches it: a reply saying `method: "next"` would).
  await page.evaluate(() => (window as unknown as { Reveal: { slide(h: number): void } }).Reveal.slide(3));
  const driven = page.frameLocator("#driven");
  await expect(driven.getByRole("button", { name: "Stop worker-3" })).toBeVisible({ timeout: 20_000 });
  await page.evaluate(() => {
    const calls: string[] = ((window as unknown as { answered: string[] }).answered = []);
    window.addEventListener("message", (e) => {
      if (typeof e.data === "string" && e.data.includes('"callback"')) calls.push(JSON.parse(e.data).call);
    });
  });
  const answered = () => page.evaluate(() => (window as unknown as { answered: string[] }).answered);
  for (const method of ["next", "prev", "getState"]) {
    await page.getByRole("button", { name: method, exact: true }).click();
    await expect.poll(answered).toContain(method);
  }
  await page.waitForTimeout(300);
  expect(await page.evaluate(() => (window as unknown as { Reveal: { getIndices(): { h: number } } }).Reveal.getIndices().h)).toBe(3);
});

/** The frame's state as its `getState` answers it (the sim clock is `time`). */
async function frameState(page: Page, id: string): Promise<{ time: number; playing: boolean }> {
  const before = (await received(page)).length;
  await page.evaluate((frameId) => (window as unknown as { call: (id: string, m: string) => void }).call(frameId, "getState"), id);
  let reply: Received | undefined;
  await expect
    .poll(async () => {
      reply = (await received(page)).slice(before).find((m) => typeof m.data === "object" && m.data.call === "getState");
      return !!reply;
    })
    .toBe(true);
  return (reply!.data as { result: { time: number; playing: boolean } }).result;
}

test("an embed loaded hidden or out of view does not play until it is shown", async ({ page }) => {
  test.setTimeout(90_000);
  // Not paused: shown, these moments play at once. reveal.js preloads the next slides' frames like this.
  const src = `${APP}?embed=1&controls=0&${MOMENT.replace("&paused=1", "")}&origins=${encodeURIComponent(HOST)}`;
  await openHost(page, { hidden: src, below: src }, { hidden: "display:none", below: "display:block; margin-top: 3000px" });
  const readyFrom = async () => (await received(page)).filter((m) => typeof m.data === "object" && m.data.eventName === "ready").length;
  await expect.poll(readyFrom, { timeout: 30_000 }).toBe(2);

  // Hidden: paused, and the sim clock stands still.
  for (const id of ["hidden", "below"]) {
    await expect.poll(async () => (await frameState(page, id)).playing).toBe(false);
  }
  const hiddenAt = (await frameState(page, "hidden")).time;
  const belowAt = (await frameState(page, "below")).time;
  // Nor did they run while their UI loaded (the link's t=20s; a little slack for a busy machine).
  expect(hiddenAt).toBeLessThan(20_800);
  expect(belowAt).toBeLessThan(20_800);
  await page.waitForTimeout(1500);
  expect((await frameState(page, "hidden")).time).toBe(hiddenAt);
  expect((await frameState(page, "below")).time).toBe(belowAt);

  // A host's play while hidden is remembered, not played now.
  await page.evaluate(() => (document.getElementById("below") as HTMLIFrameElement).contentWindow!.postMessage("slide:start", "*"));
  await page.waitForTimeout(500);
  expect(await frameState(page, "below")).toMatchObject({ time: belowAt, playing: false });

  // Shown: each plays, its clock goes on.
  await page.evaluate(() => (document.getElementById("hidden")!.style.display = ""));
  await expect.poll(async () => (await frameState(page, "hidden")).playing).toBe(true);
  await expect.poll(async () => (await frameState(page, "hidden")).time).toBeGreaterThan(hiddenAt);
  expect((await frameState(page, "below")).time).toBe(belowAt);
  await page.evaluate(() => document.getElementById("below")!.scrollIntoView());
  await expect.poll(async () => (await frameState(page, "below")).playing).toBe(true);
  await expect.poll(async () => (await frameState(page, "below")).time).toBeGreaterThan(belowAt);
});

test("a paused embed sent slide:start on its load event, as reveal.js does, plays", async ({ page }) => {
  test.setTimeout(60_000);
  const src = `${APP}?embed=1&${MOMENT}&origins=${encodeURIComponent(HOST)}`;
  // The frame is added by the host's script, which posts slide:start the moment the frame's load event fires
  // (before the page's UI has loaded: its listener starts with the page's first script).
  await openHost(
    page,
    {},
    {},
    `const f = document.createElement("iframe");
  f.id = "slide"; f.title = "slide"; f.width = 960; f.height = 540;
  f.addEventListener("load", () => { window.loadedAt = Date.now(); f.contentWindow.postMessage("slide:start", "*"); });
  f.src = ${JSON.stringify(src)};
  document.body.append(f);`,
  );
  const frame = page.frameLocator("#slide");
  await expect(frame.getByRole("button", { name: "Stop worker-3" })).toBeVisible({ timeout: 20_000 });
  await expect(frame.getByRole("button", { name: "Pause", exact: true })).toBeVisible();
  await expect.poll(async () => (await frameState(page, "slide")).time).toBeGreaterThan(20_000);
  expect((await frameState(page, "slide")).playing).toBe(true);
});

test("with no parent to hear them, the clicker's keys work in the embed itself: opened top-level, or in a foreign parent", async ({ page }) => {
  test.setTimeout(60_000);
  // Top-level with embed=1: PageDown steps, PageUp goes back, b pauses.
  await page.goto(`/?embed=1&${MOMENT.replace("&paused=1", "")}`);
  await expect(page.getByRole("button", { name: "Stop worker-3" })).toBeVisible({ timeout: 20_000 });
  await expect(page.getByRole("button", { name: "Pause", exact: true })).toBeVisible();
  await page.locator(".react-flow__pane").click({ position: { x: 10, y: 10 } });
  await page.keyboard.press("b");
  await expect(page.getByRole("button", { name: "Play", exact: true })).toBeVisible();
  await page.keyboard.press("PageDown");
  await expect(page.getByText("Step 2")).toBeVisible();
  await page.keyboard.press("PageUp");
  await expect(page.getByText("Step 1")).toBeVisible();

  // In a frame whose parent is not in its origins=: the same, and the parent gets nothing.
  await openHost(page, { foreign: `${APP}?embed=1&${MOMENT}&origins=${encodeURIComponent("https://slides.example.com")}` });
  const foreign = page.frameLocator("#foreign");
  await expect(foreign.getByRole("button", { name: "Stop worker-3" })).toBeVisible({ timeout: 20_000 });
  await foreign.locator(".react-flow__pane").click({ position: { x: 10, y: 10 } });
  await page.keyboard.press("PageDown");
  await expect(foreign.getByText("Step 2")).toBeVisible();
  expect(await received(page)).toEqual([]);
});
