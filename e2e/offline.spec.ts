import { existsSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, resolve } from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { simClock, watchConsole } from "./helpers";

const TYPES: Record<string, string> = {
  ".html": "text/html",
  ".js": "text/javascript",
  ".css": "text/css",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".webmanifest": "application/manifest+json",
};

async function drawn(page: Page): Promise<void> {
  await expect(page.getByRole("button", { name: "Stop worker-3" })).toBeVisible({ timeout: 20_000 });
}

test.describe("served from a sub-path", () => {
  let server: Server;
  let base = "";
  /** The app's page answers after this long (a venue's slow wifi); 0: at once. */
  let pageDelayMs = 0;
  test.beforeAll(async () => {
    // dist/ under /sub/path/, as GitHub Pages serves a project site.
    // And a second copy under /other/, as another deploy of the app (its service worker's files differ).
    server = createServer((req, res) => {
      const path = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
      const prefix = ["/sub/path/", "/other/"].find((p) => path.startsWith(p));
      if (!prefix) return void res.writeHead(404).end();
      const file = join("dist", path.slice(prefix.length) || "index.html");
      if (!existsSync(file) || file.endsWith("/")) return void res.writeHead(404).end();
      if (file.endsWith("index.html") && pageDelayMs > 0) return void setTimeout(() => res.writeHead(200, { "content-type": "text/html" }).end(readFileSync(file)), pageDelayMs);
      res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" });
      const body = readFileSync(file);
      res.end(prefix === "/other/" && file.endsWith("sw.js") ? body.toString().replace(/(const CACHE = [^\n]*?)([0-9a-f]{12})/, "$1other$2") : body);
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sub/path/`;
  });
  test.afterAll(() => new Promise<void>((r) => server.close(() => r())));

  test("the build works from /sub/path/, worker and service worker included", async ({ page }) => {
    const problems = watchConsole(page);
    await page.goto(`${base}?seed=3&t=10s&paused=1`);
    await drawn(page);
    await expect.poll(() => simClock(page)).toBe(10_000);
    const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
    expect(scope).toBe(base);
    expect(problems).toEqual([]);
  });

  test("two copies of the app on one origin keep their own offline files", async ({ page, context }) => {
    test.setTimeout(60_000);
    const other = base.replace("/sub/path/", "/other/");
    for (const url of [base, other]) {
      await page.goto(url);
      await drawn(page);
      await controlled(page);
    }
    // Installing the second copy's worker left the first copy's cache alone: both open offline.
    await context.setOffline(true);
    for (const url of [base, other]) {
      await page.goto(`${url}?seed=3&t=10s&paused=1`);
      await drawn(page);
      await expect.poll(() => simClock(page)).toBe(10_000);
    }
    await context.setOffline(false);
  });

  test("on a network slower than 3 s, a page opened before comes from the cache", async ({ page }) => {
    test.setTimeout(60_000);
    await page.goto(base);
    await drawn(page);
    await controlled(page);
    pageDelayMs = 30_000;
    try {
      const started = Date.now();
      await page.goto(`${base}?seed=3&t=10s&paused=1`, { timeout: 15_000 });
      await drawn(page);
      await expect.poll(() => simClock(page)).toBe(10_000);
      expect(Date.now() - started).toBeLessThan(15_000);
    } finally {
      pageDelayMs = 0;
    }
  });

  test("the example deck, opened once online, opens offline, with the app in its slides", async ({ page, context }) => {
    test.setTimeout(60_000);
    await page.goto(base);
    await drawn(page);
    await controlled(page);
    const deckReady = () => page.waitForFunction(() => (window as unknown as { Reveal?: { isReady(): boolean } }).Reveal?.isReady());
    await page.goto(`${base}examples/reveal.html`);
    await deckReady();

    await context.setOffline(true);
    await page.reload();
    await deckReady();
    await expect(page.getByRole("heading", { name: "How Kubernetes works inside" })).toBeVisible();
    await page.evaluate(() => (window as unknown as { Reveal: { slide(h: number): void } }).Reveal.slide(1));
    await drawn(page.frameLocator("section.present iframe") as unknown as Page);
    // A page of no copy's (not the app's, never opened) is the browser's offline page, not the app's page at a wrong address.
    const missing = await page.goto(`${base}examples/nothing.html`).catch((e: Error) => e);
    expect(missing).toBeInstanceOf(Error);
    await context.setOffline(false);
  });
});

/** Waits until the page's service worker controls it (the build's files are then precached). */
async function controlled(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) await new Promise((r) => navigator.serviceWorker.addEventListener("controllerchange", r, { once: true }));
  });
}

test("installs as a PWA and works offline after one visit", async ({ page, context }) => {
  test.setTimeout(60_000);
  const problems = watchConsole(page);
  await page.goto("/");
  await drawn(page);
  // The manifest names the app, its start URL and icons, and they are served.
  const manifestUrl = await page.locator('link[rel="manifest"]').evaluate((l) => (l as HTMLLinkElement).href);
  const manifest = await (await page.request.get(manifestUrl)).json();
  expect(manifest).toMatchObject({ name: expect.stringContaining("ClusterScope"), start_url: "./", display: "standalone" });
  for (const icon of manifest.icons as { src: string }[]) expect((await page.request.get(new URL(icon.src, manifestUrl).href)).ok()).toBe(true);
  // The service worker precached the build and controls the page.
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) await new Promise((r) => navigator.serviceWorker.addEventListener("controllerchange", r, { once: true }));
  });

  await context.setOffline(true);
  await page.reload();
  await drawn(page);
  await page.goto("/?seed=5&t=15s&paused=1");
  await drawn(page);
  await expect.poll(() => simClock(page)).toBe(15_000);
  await context.setOffline(false);
  expect(problems.filter((p) => !/net::ERR_INTERNET_DISCONNECTED/.test(p))).toEqual([]);
});

test("the preview server sends a built file compressed once and kept, with its length, as a static host does", async ({ request }) => {
  // src/server/compressOnce.ts, in vite.config.ts's plugins: Vite's own compression streams it, with no length.
  const worker = /assets\/worker-[\w-]+\.js/.exec(await (await request.get("/")).text())?.[0];
  expect(worker).toBeTruthy();
  const r = await request.get(`/${worker}`, { headers: { "accept-encoding": "gzip" } });
  expect(r.ok()).toBe(true);
  expect(r.headers()["content-encoding"]).toBe("gzip");
  const sent = Number(r.headers()["content-length"]);
  expect(sent).toBeGreaterThan(0);
  expect(sent).toBeLessThan((await r.body()).length / 2);
});

test("the single-file build works from file://, with the simulation in a worker", async ({ page }) => {
  const file = resolve("dist-single/clusterscope.html");
  // Not a skip: a plain `playwright test` without the file would pass without testing file:// at all.
  expect(existsSync(file), "dist-single/clusterscope.html: run npm run build:single first (npm run test:e2e does)").toBe(true);
  const problems = watchConsole(page);
  const workers: string[] = [];
  page.on("worker", (w) => workers.push(w.url()));
  await page.goto(`file://${file}?seed=7&t=20s&paused=1`);
  await drawn(page);
  await expect.poll(() => simClock(page)).toBe(20_000);
  expect(workers.some((u) => u.startsWith("blob:"))).toBe(true);
  // And it plays.
  await page.getByRole("button", { name: "Play", exact: true }).click();
  await expect.poll(() => simClock(page)).toBeGreaterThan(20_000);
  // A lesson link too: the lessons' code and the planner come from the same file.
  await page.goto(`file://${file}?lesson=worker-dies&step=2`);
  await expect(page.locator(".lesson-counter")).toHaveText("Step 2 of 6", { timeout: 20_000 });
  await expect(page.getByRole("heading", { level: 2, name: "worker-2 stops: the grace period" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Lesson steps" }).getByRole("button", { name: "Next →" })).toBeEnabled({ timeout: 20_000 });
  expect(problems).toEqual([]);
});
