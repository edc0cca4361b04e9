import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test, type Page } from "@playwright/test";

/**
 * A host page (a slide deck) on another origin embeds the app in iframes and drives it by
 * postMessage, as reveal.js does. The host is a small server of the test's own on 127.0.0.1 (another
 * port, so another origin; on loopback like the app, so Chromium's local network access checks let
 * it frame the app).
 */
const APP = "http://127.0.0.1:4173/";
const MOMENT = "seed=7&do=1s+kubectl+create+deployment+web+--image%3Dnginx+--replicas%3D3&t=20s&paused=1";
let HOST = "";
let deck = "";
let server: Server;

test.beforeAll(async () => {
  server = createServer((_req, res) => {
    res.writeHead(200, { "content-type": "text/html" });
    res.end(deck);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  HOST = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

test.afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function openHost(page: Page, frames: Record<string, string>): Promise<void> {
  const iframes = Object.entries(frames)
    .map(([id, src]) => `<iframe id="${id}" title="${id}" src="${src}" width="960" height="540"></iframe>`)
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
</script></body></html>`;
  await page.goto(`${HOST}/deck.html`);
}

type Received = { origin: string; data: { namespace?: string; eventName?: string; method?: string; result?: Record<string, unknown>; state?: Record<string, unknown> } | string };
const received = (page: Page) => page.evaluate(() => (window as unknown as { received: Received[] }).received);

test("a host page drives the embed by postMessage; a foreign origin changes nothing", async ({ page }) => {
  test.setTimeout(60_000);
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

  // getState answers in reveal.js's callback shape.
  await page.evaluate(() => (window as unknown as { call: (id: string, m: string) => void }).call("allowed", "getState"));
  await expect.poll(async () => (await received(page)).find((m) => typeof m.data === "object" && m.data.method === "getState")?.data).toMatchObject({
    namespace: "clusterscope",
    eventName: "callback",
    method: "getState",
    result: { time: 20_000, playing: false, step: 1 },
  });

  // next: one step on; stepchanged follows.
  await page.evaluate(() => (window as unknown as { call: (id: string, m: string) => void }).call("allowed", "next"));
  await expect(allowed.getByText("Step 2")).toBeVisible();
  await expect.poll(async () => (await received(page)).some((m) => typeof m.data === "object" && m.data.eventName === "stepchanged")).toBe(true);
  await page.evaluate(() => {
    (window as unknown as { received: unknown[] }).received.length = 0;
    (window as unknown as { call: (id: string, m: string) => void }).call("allowed", "getState");
  });
  await expect
    .poll(async () => {
      const reply = (await received(page)).find((m) => typeof m.data === "object" && m.data.method === "getState");
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

test("the embed passes a clicker's keys to the host and pauses while hidden", async ({ page }) => {
  test.setTimeout(60_000);
  await openHost(page, { app: `${APP}?embed=1&controls=0&${MOMENT.replace("&paused=1", "")}&origins=${encodeURIComponent(HOST)}` });
  const app = page.frameLocator("#app");
  await expect(app.getByRole("button", { name: "Stop worker-3" })).toBeVisible({ timeout: 20_000 });
  // controls=0: no step bar.
  await expect(app.getByRole("navigation", { name: "Steps" })).toHaveCount(0);

  // A click in the picture gives the frame the keys; PageDown and "b" go on to the host, as reveal.js calls.
  await app.locator(".react-flow__pane").click({ position: { x: 10, y: 10 } });
  await page.keyboard.press("PageDown");
  await page.keyboard.press("b");
  await expect
    .poll(async () => (await received(page)).filter((m) => typeof m.data === "object" && "method" in m.data && !("namespace" in m.data)).map((m) => (m.data as { method: string }).method))
    .toEqual(["next", "togglePause"]);
  const keys = (await received(page)).filter((m) => typeof m.data === "object" && m.data.eventName === "keydown");
  expect(keys.map((m) => (m.data as { key?: string }).key)).toEqual(["PageDown", "b"]);

  // Hidden (reveal.js hides slides not shown): it pauses; shown again, it plays on.
  const playing = async () => {
    await page.evaluate(() => {
      (window as unknown as { received: unknown[] }).received.length = 0;
      (window as unknown as { call: (id: string, m: string) => void }).call("app", "getState");
    });
    await expect.poll(async () => (await received(page)).some((m) => typeof m.data === "object" && m.data.method === "getState")).toBe(true);
    const reply = (await received(page)).find((m) => typeof m.data === "object" && m.data.method === "getState")!;
    return (reply.data as { result: { playing: boolean } }).result.playing;
  };
  await expect.poll(playing).toBe(true);
  await page.evaluate(() => (document.getElementById("app")!.style.display = "none"));
  await expect.poll(playing).toBe(false);
  await page.evaluate(() => (document.getElementById("app")!.style.display = ""));
  await expect.poll(playing).toBe(true);
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
});
