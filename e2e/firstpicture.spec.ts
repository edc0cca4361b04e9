import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Browser, type Page, type Route } from "@playwright/test";
import { simClock, snap, watchConsole } from "./helpers";

/**
 * The first picture (src/prepaint.ts): on a first visit, the simulation's first state is drawn before
 * the UI's code (React, React Flow) is in, in the place the live canvas takes, and the live canvas
 * replaces it where it stands. The UI's chunk is held back here to see the picture alone.
 */

/** Holds every request for the UI's chunk until `release()`. */
async function holdUi(page: Page): Promise<() => void> {
  const held: Route[] = [];
  let released = false;
  await page.route(/\/assets\/boot-[\w-]+\.js$/, (route) => (released ? route.continue() : void held.push(route)));
  return () => {
    released = true;
    for (const r of held.splice(0)) void r.continue();
  };
}

/** Each machine's box on screen, rounded, by machine name. */
function machineBoxes(page: Page, within: string): Promise<Record<string, number[]>> {
  return page.evaluate((sel) => {
    const out: Record<string, number[]> = {};
    for (const el of document.querySelectorAll<HTMLElement>(`${sel} .react-flow__node-machine`)) {
      const r = el.getBoundingClientRect();
      out[el.dataset.id ?? ""] = [r.x, r.y, r.width, r.height].map(Math.round);
    }
    return out;
  }, within);
}

/** The same boxes, to the pixel (rounding may differ by one). */
function expectSameBoxes(live: Record<string, number[]>, picture: Record<string, number[]>) {
  expect(Object.keys(live).sort()).toEqual(Object.keys(picture).sort());
  for (const [id, box] of Object.entries(picture)) box.forEach((v, i) => expect(Math.abs(live[id][i] - v), `${id} [${i}]: live ${live[id]} picture ${box}`).toBeLessThanOrEqual(1));
}

test("a first visit shows the moment's cluster before the UI's code is in, and the live canvas takes its place where it stands", async ({ page }, testInfo) => {
  const problems = watchConsole(page);
  await page.setViewportSize({ width: 1280, height: 720 });
  const release = await holdUi(page);
  await page.goto("/?seed=7&topology=masters%3D1%2Cworkers%3D3&do=1s+kubectl+create+deployment+web+--image%3Dnginx+--replicas%3D3&do=20s+stop+node+worker-2&t=90s&paused=1");

  const picture = page.locator(".prepaint");
  await expect(picture).toBeVisible({ timeout: 15_000 });
  // The moment in words: the machines, their status, the pods, worker-2 stopped and NotReady.
  for (const name of ["control-plane-1", "worker-1", "worker-2", "worker-3"]) await expect(picture.locator(".machine-name", { hasText: name })).toBeVisible();
  await expect(picture.locator(".machine-status-words", { hasText: /^NotReady$/ })).toHaveCount(1);
  await expect(picture.locator(".machine.is-stopped .machine-name")).toHaveText("worker-2");
  await expect(picture.locator(".pod-chip")).toHaveCount(3);
  await expect(picture.locator(".pod-status-words", { hasText: "Running" })).toHaveCount(3);
  await snap(page, testInfo, "first-picture");

  // A picture, not controls: hidden from screen readers, inert, and no "Stop worker-1" button exists yet.
  await expect(picture).toHaveAttribute("aria-hidden", "true");
  expect(await picture.evaluate((el) => (el as HTMLElement).inert)).toBe(true);
  await expect(page.getByRole("button", { name: "Stop worker-1" })).toHaveCount(0);
  await expect(page.getByRole("status").filter({ hasText: "Loading the cluster's controls…" })).toHaveCount(1);
  // Nothing in it for axe to fault: hidden, inert, out of the tab order (WCAG 2.2 A and AA rules).
  const axe = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]).analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(" | ")}`)).toEqual([]);
  await page.keyboard.press("Tab");
  expect(await page.evaluate(() => !!document.activeElement?.closest(".prepaint"))).toBe(false);
  const before = await machineBoxes(page, ".prepaint");
  expect(Object.keys(before).sort()).toEqual(["machine:control-plane-1", "machine:worker-1", "machine:worker-2", "machine:worker-3"]);

  release();
  await expect(page.getByRole("button", { name: "Stop worker-1" })).toBeVisible({ timeout: 15_000 });
  await expect(picture).toHaveCount(0);
  await expect(page.getByRole("status").filter({ hasText: "Loading the cluster's controls…" })).toHaveCount(0);
  // The live canvas draws every machine where the picture had it.
  expectSameBoxes(await machineBoxes(page, ".cluster-canvas:not(.prepaint)"), before);
  await snap(page, testInfo, "first-picture-replaced");
  expect(problems).toEqual([]);
});

test("the first picture follows the link's theme, and an embed's picture fills its frame", async ({ page }) => {
  await page.setViewportSize({ width: 800, height: 450 });
  const release = await holdUi(page);
  await page.goto("/?embed=1&controls=0&theme=dark");
  const picture = page.locator(".prepaint");
  await expect(picture).toBeVisible({ timeout: 15_000 });
  expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe("dark");
  expect(await picture.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe("rgb(11, 18, 32)");
  expect(await picture.boundingBox()).toEqual({ x: 0, y: 0, width: 800, height: 450 });
  const before = await machineBoxes(page, ".prepaint");
  release();
  await expect(page.getByRole("button", { name: "Stop worker-1" })).toBeVisible({ timeout: 15_000 });
  await expect(picture).toHaveCount(0);
  expectSameBoxes(await machineBoxes(page, ".cluster-canvas:not(.prepaint)"), before);
});

test("when the UI's code cannot be loaded, the picture goes and the page says so in words", async ({ page }) => {
  await page.route(/\/assets\/boot-[\w-]+\.js$/, (route) => route.abort());
  await page.goto("/?seed=7&t=20s&paused=1");
  await expect(page.getByRole("alert")).toHaveText("ClusterScope could not load its controls. Check the connection and reload the page.", { timeout: 15_000 });
  await expect(page.locator(".prepaint")).toHaveCount(0);
});

/** Holds every request for the simulation's worker script until `release()`. */
async function holdWorker(page: Page): Promise<() => void> {
  const held: Route[] = [];
  let released = false;
  await page.context().route(/\/assets\/worker-[\w-]+\.js$/, (route) => (released ? route.continue() : void held.push(route)));
  return () => {
    released = true;
    for (const r of held.splice(0)) void r.continue();
  };
}

const marks = (p: Page) => p.evaluate(() => Object.fromEntries(performance.getEntriesByType("mark").map((m) => [m.name, m.startTime])));

test("a first visit to the app or to a lesson's step draws the picture shipped with the build while the simulation starts, and the simulation's own is the same", async ({ page }, testInfo) => {
  const problems = watchConsole(page);
  const warnings: string[] = [];
  page.on("console", (m) => void (m.type() === "warning" && warnings.push(m.text())));
  await page.setViewportSize({ width: 1280, height: 720 });
  const release = await holdWorker(page);
  const releaseUi = await holdUi(page);
  await page.goto("/?lesson=worker-dies&step=4");

  // The worker's script has not even arrived: the picture is the one shipped with the build.
  const picture = page.locator(".prepaint");
  await expect(picture).toBeVisible({ timeout: 15_000 });
  await expect(picture.locator(".machine.is-stopped .machine-name")).toHaveText("worker-2");
  await expect(picture.locator(".machine-status-words", { hasText: /^NotReady$/ })).toHaveCount(1);
  await expect(picture.locator(".pod-chip")).toHaveCount(3);
  const m = await marks(page);
  expect(m).toHaveProperty("clusterscope-moment-kept");
  expect(m).not.toHaveProperty("clusterscope-moment-live");
  await snap(page, testInfo, "shipped-picture-lesson");

  // The UI loads over it, still without the simulation: the lesson's step and its cluster are there.
  releaseUi();
  await expect(page.getByRole("button", { name: "Stop worker-1" })).toBeVisible({ timeout: 15_000 });
  await expect(page.locator(".lesson-counter")).toHaveText("Step 4 of 6");
  const shown = await page.getByRole("button", { name: /, (control-plane|worker) node, / }).evaluateAll((els) => els.map((e) => e.getAttribute("aria-label")).sort());
  expect(shown.find((l) => l?.startsWith("worker-2"))).toMatch(/NotReady/);

  release();
  await expect.poll(() => marks(page).then((x) => "clusterscope-moment-live" in x), { timeout: 20_000 }).toBe(true);
  // The simulation replayed the same moment: nothing to redraw, no warning, and it plays on from there.
  expect(await page.getByRole("button", { name: /, (control-plane|worker) node, / }).evaluateAll((els) => els.map((e) => e.getAttribute("aria-label")).sort())).toEqual(shown);
  expect(warnings.filter((w) => w.includes("differed"))).toEqual([]);

  expect(problems).toEqual([]);
});

test("a first visit to the app's start state, embedded, draws the shipped picture too", async ({ browser }) => {
  // A browser of its own: no service worker from another test answers the held requests.
  const ctx = await browser.newContext({ serviceWorkers: "block", viewport: { width: 800, height: 450 } });
  const page = await ctx.newPage();
  const problems = watchConsole(page);
  const release = await holdWorker(page);
  await holdUi(page);
  await page.goto("/?embed=1&controls=0&theme=dark");
  const picture = page.locator(".prepaint");
  await expect(picture).toBeVisible({ timeout: 15_000 });
  await expect(picture.locator(".machine-name")).toHaveText(["control-plane-1", "worker-1", "worker-2", "worker-3"]);
  const m = await marks(page);
  expect(m).toHaveProperty("clusterscope-moment-kept");
  expect(m).not.toHaveProperty("clusterscope-moment-live");
  // Asked for by index.html's inline script, while the page was still being parsed (the page's entry, a
  // module script, runs only after parsing ends: domInteractive); only once. (Against the entry's
  // download, as this test once compared, the order is a race on a local server.)
  const [asked, parsed, count] = await page.evaluate(() => {
    const rs = performance.getEntriesByType("resource") as PerformanceResourceTiming[];
    const pictures = rs.filter((r) => r.name.includes("/moments/"));
    const nav = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming;
    return [pictures[0]?.startTime ?? NaN, nav.domInteractive, pictures.length];
  });
  expect(count).toBe(1);
  expect(asked).toBeLessThan(parsed);
  release();
  expect(problems).toEqual([]);
  await ctx.close();
});

test("a link with a moment of its own (here, another speed) is never drawn from a shipped picture", async ({ page }) => {
  const release = await holdWorker(page);
  const asked: string[] = [];
  page.on("request", (r) => void (r.url().includes("/moments/") && asked.push(r.url())));
  // The step plays at 8× of its own: at 2×, its picture is not the link's moment (the speed is part of
  // it), so it is not even fetched.
  await page.goto("/?lesson=worker-dies&step=4&speed=2");
  // The UI comes after UI_WAIT_MS without a state to draw.
  await expect(page.getByRole("button", { name: "Play", exact: true }).or(page.getByRole("button", { name: "Pause", exact: true }))).toBeVisible({ timeout: 15_000 });
  expect(await marks(page)).not.toHaveProperty("clusterscope-moment-kept");
  await expect(page.locator(".prepaint")).toHaveCount(0);
  release();
  await expect.poll(() => marks(page).then((x) => "clusterscope-moment-drawn" in x), { timeout: 20_000 }).toBe(true);
  expect(await marks(page)).not.toHaveProperty("clusterscope-moment-kept");
  expect(asked).toEqual([]);
  // The same step at its own speed does fetch it.
  await page.goto("/?lesson=worker-dies&step=4");
  await expect.poll(() => asked.length).toBe(1);
});

test("a lesson step's shipped picture is drawn before the lessons' code is in, and the lesson opens on it", async ({ browser }) => {
  const ctx = await browser.newContext({ serviceWorkers: "block", viewport: { width: 1280, height: 720 } });
  const page = await ctx.newPage();
  const problems = watchConsole(page);
  const releaseWorker = await holdWorker(page);
  const held: Route[] = [];
  await page.route(/\/assets\/lessonLink-[\w-]+\.js$/, (route) => void held.push(route));
  await page.goto("/?lesson=worker-dies&step=4");
  const picture = page.locator(".prepaint");
  await expect(picture).toBeVisible({ timeout: 15_000 });
  await expect(picture.locator(".machine.is-stopped .machine-name")).toHaveText("worker-2");
  // Neither the lessons' code nor the UI has run: no lesson panel, no controls.
  expect(held).toHaveLength(1);
  await expect(page.locator(".lesson-counter")).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Stop worker-1" })).toHaveCount(0);
  for (const r of held.splice(0)) void r.continue();
  await expect(page.locator(".lesson-counter")).toHaveText("Step 4 of 6", { timeout: 15_000 });
  await expect(page.getByRole("button", { name: "Stop worker-1" })).toBeVisible();
  releaseWorker();
  await expect.poll(() => marks(page).then((x) => "clusterscope-moment-live" in x), { timeout: 20_000 }).toBe(true);
  expect(problems).toEqual([]);
  await ctx.close();
});

/** The words a picture (or the live canvas) shows, by kind, in the order drawn (the live canvas's words for screen readers only left out). */
function words(page: Page, within: string): Promise<Record<string, string[]>> {
  return page.evaluate((sel) => {
    const kinds = ["machine-name", "machine-status-words", "machine-pods", "heartbeat-text", "machine-taints", "component-state-text", "pod-name", "pod-status-words", "pod-ready", "pod-countdown", "unscheduled-count"];
    const root = document.querySelector(sel)!;
    const shown = (e: Element) => {
      const c = e.cloneNode(true) as Element;
      for (const x of c.querySelectorAll(".sr-only")) x.remove();
      return c.textContent ?? "";
    };
    return Object.fromEntries(kinds.map((k) => [k, [...root.querySelectorAll(`.${k}`)].map(shown)]));
  }, within);
}

/** Present → Copy link to this moment → the link, from the clipboard (emptied after), and Done. */
async function copyMomentLink(page: Page): Promise<string> {
  await page.getByRole("button", { name: "Present" }).click();
  await page.getByRole("button", { name: "Copy link to this moment" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Link to this moment copied." })).toBeVisible();
  const link = await page.evaluate(() => navigator.clipboard.readText());
  await page.evaluate(() => navigator.clipboard.writeText(""));
  await page.getByRole("button", { name: "Done" }).click();
  return link;
}

/** Opens `link` in another browser, which has never run the app, with the simulation's script held back. */
async function openCold(browser: Browser, link: string) {
  const ctx = await browser.newContext({ serviceWorkers: "block", viewport: { width: 1280, height: 720 } });
  const page = await ctx.newPage();
  const problems = watchConsole(page);
  const warnings: string[] = [];
  page.on("console", (m) => void (m.type() === "warning" && warnings.push(m.text())));
  const release = await holdWorker(page);
  await page.goto(link);
  return { ctx, page, problems, warnings, release, picture: page.locator(".prepaint") };
}

test("a copied link carries its moment's picture, paused or playing: a first visit draws it before the simulation has started, and the live canvas replaces it in place", async ({ page, browser }, testInfo) => {
  test.setTimeout(60_000);
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto("/?seed=7&topology=masters%3D1%2Cworkers%3D3&do=1s+kubectl+create+deployment+web+--image%3Dnginx+--replicas%3D3&do=20s+stop+node+worker-2&t=90s&paused=1");
  await expect(page.getByRole("button", { name: "Start worker-2" })).toBeVisible({ timeout: 15_000 });
  // Played on to a moment of the presenter's own (not one the page replayed to), then paused.
  await page.keyboard.press("ArrowRight");
  await expect.poll(() => simClock(page)).toBeGreaterThan(90_000);
  await page.keyboard.press("ArrowRight");
  await expect.poll(() => simClock(page)).toBeGreaterThan(90_000);
  const t = await simClock(page);
  const pods = await page.locator("#root .pod-chip .pod-name").allTextContents();
  const said = await words(page, "#root .cluster-canvas");
  const link = await copyMomentLink(page);
  expect(new URL(link).searchParams.get("pic")).toMatch(/^1\.[0-9a-f]{8}\.[\w-]+$/);
  expect(new URL(link).searchParams.get("t")).toBe(`${t}ms`);
  expect(link.length).toBeLessThan(2500);

  const { ctx, page: other, problems, release, picture } = await openCold(browser, link);
  await expect(picture).toBeVisible({ timeout: 15_000 });
  await expect(picture.locator(".machine.is-stopped .machine-name")).toHaveText("worker-2");
  await expect(picture.locator(".machine-status-words", { hasText: /^NotReady$/ })).toHaveCount(1);
  await expect(picture.locator(".pod-name")).toHaveText(pods);
  await expect(picture.locator(".pod-countdown").first()).toHaveText(/^evicted in \d+m\d+s$/);
  // Every word of it is the copied page's: machines, components, pods, heartbeats, taints, countdowns.
  expect(await words(other, ".prepaint")).toEqual(said);
  // The UI loads over the picture while the simulation has not even started; its clock says the link's time.
  await expect(other.getByRole("button", { name: "Present" })).toBeVisible({ timeout: 15_000 });
  expect(await simClock(other)).toBe(t);
  // The timeline too: at the link's time, as it will be once the simulation is there.
  const timeline = await other.locator(".timeline-value").textContent();
  expect(timeline).not.toMatch(/^0:00:00 /);
  expect(await marks(other)).toHaveProperty("clusterscope-link-picture");
  expect(await marks(other)).not.toHaveProperty("clusterscope-state");
  await snap(other, testInfo, "link-picture");
  const before = await machineBoxes(other, ".prepaint");

  release();
  await expect(other.getByRole("button", { name: "Start worker-2" })).toBeVisible({ timeout: 20_000 });
  await expect(picture).toHaveCount(0);
  // The live canvas draws every machine where the picture had it (fitted as the picture was, not by React Flow's own fit).
  expectSameBoxes(await machineBoxes(other, ".cluster-canvas:not(.prepaint)"), before);
  await expect(other.locator("#root .pod-chip .pod-name")).toHaveText(pods);
  expect(await words(other, "#root .cluster-canvas")).toEqual(said);
  await expect(other.locator(".timeline-value")).toHaveText(timeline!);
  expect(problems).toEqual([]);
  await ctx.close();

  // Copied while playing: the link opens at the frame on screen (the clock runs on from it between
  // frames), and its picture is that frame's. Opened paused here, to compare it with the live canvas.
  await page.getByRole("button", { name: "Play", exact: true }).click();
  await expect.poll(() => simClock(page)).toBeGreaterThan(t + 2000);
  const playing = await copyMomentLink(page);
  expect(new URL(playing).searchParams.get("paused")).toBeNull();
  expect(new URL(playing).searchParams.get("pic")).toMatch(/^1\./);
  const cold = await openCold(browser, `${playing}&paused=1`);
  await expect(cold.picture).toBeVisible({ timeout: 15_000 });
  expect(await marks(cold.page)).toHaveProperty("clusterscope-link-picture");
  const pictured = await words(cold.page, ".prepaint");
  cold.release();
  await expect(cold.picture).toHaveCount(0, { timeout: 20_000 });
  expect(await words(cold.page, "#root .cluster-canvas")).toEqual(pictured);
  expect(cold.problems).toEqual([]);
  await cold.ctx.close();
});

test("a link edited since it was copied (another t=) draws nothing from its picture, and says why in the console", async ({ page, browser }) => {
  test.setTimeout(60_000);
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.goto("/?seed=7&do=1s+kubectl+create+deployment+web+--image%3Dnginx+--replicas%3D3&do=20s+stop+node+worker-2&t=90s&paused=1");
  await expect(page.getByRole("button", { name: "Start worker-2" })).toBeVisible({ timeout: 15_000 });
  const link = await copyMomentLink(page);
  expect(link).toContain("&t=90s&");
  const { ctx, page: other, warnings, release } = await openCold(browser, link.replace("&t=90s&", "&t=40s&"));
  // Without a state to draw, the UI comes after UI_WAIT_MS, and no picture was drawn.
  await expect(other.getByRole("button", { name: "Present" })).toBeVisible({ timeout: 15_000 });
  expect(await marks(other)).not.toHaveProperty("clusterscope-first-picture");
  await expect(other.locator(".prepaint")).toHaveCount(0);
  expect(warnings).toContain("ClusterScope: the link's picture (pic=) is not drawn: made for another moment (the link was edited since).");
  release();
  await expect.poll(() => simClock(other), { timeout: 20_000 }).toBe(40_000);
  // At 40 s worker-2 is stopped but not yet NotReady (grace 50 s): the live canvas, not the 90 s picture.
  await expect(other.getByRole("button", { name: /^worker-2, worker node, Ready/ })).toBeVisible();
  await ctx.close();
});

test("a lesson's copied link draws its picture too, before the simulation has started, and opens the step on it", async ({ page, browser }) => {
  test.setTimeout(60_000);
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.goto("/?lesson=worker-dies&step=4");
  await expect(page.locator(".lesson-counter")).toHaveText("Step 4 of 6", { timeout: 15_000 });
  await page.getByRole("button", { name: "Pause", exact: true }).click();
  const link = await copyMomentLink(page);
  expect(link).toContain("lesson=worker-dies&step=4&seed=");
  expect(new URL(link).searchParams.get("pic")).toMatch(/^1\./);
  const { ctx, page: other, problems, release, picture } = await openCold(browser, link);
  await expect(picture).toBeVisible({ timeout: 15_000 });
  await expect(picture.locator(".machine.is-stopped .machine-name")).toHaveText("worker-2");
  const m = await marks(other);
  expect(m).toHaveProperty("clusterscope-link-picture");
  expect(m).not.toHaveProperty("clusterscope-moment-kept");
  const said = await words(other, ".prepaint");
  release();
  await expect(other.locator(".lesson-counter")).toHaveText("Step 4 of 6", { timeout: 20_000 });
  await expect(other.getByRole("button", { name: "Start worker-2" })).toBeVisible({ timeout: 20_000 });
  await expect(picture).toHaveCount(0);
  expect(await words(other, "#root .cluster-canvas")).toEqual(said);
  expect(problems).toEqual([]);
  await ctx.close();
});
