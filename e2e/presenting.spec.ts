import { expect, test, type Page } from "@playwright/test";
import { commandInput, openCluster, simClock, watchConsole } from "./helpers";

/** A paused moment: seed 7, three replicas, opened at 20 s. */
const MOMENT = "seed=7&do=1s+kubectl+create+deployment+web+--image%3Dnginx+--replicas%3D3";

/** Opens the moment `query` (without its `?`). */
const openAt = (page: Page, query: string) => openCluster(page, `?${query}`);

/** How many painted pixels the message tokens' canvas has (0: no token drawn). */
function tokenPixels(page: Page): Promise<number> {
  return page.evaluate(() => {
    const c = document.querySelector<HTMLCanvasElement>("canvas.flow-canvas");
    const ctx = c?.getContext("2d");
    if (!c || !ctx || !c.width || !c.height) return 0;
    const data = ctx.getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i]) n++;
    return n;
  });
}

test("presenter keys step, go back, pause, open help, and never fire while typing", async ({ page }) => {
  const problems = watchConsole(page);
  await openAt(page, `${MOMENT}&t=20s&paused=1`);
  await expect.poll(() => simClock(page)).toBe(20_000);

  // → steps to the next message and pauses; ← goes back to where that step started.
  await page.keyboard.press("ArrowRight");
  await expect.poll(() => simClock(page)).toBeGreaterThan(20_000);
  const t1 = await simClock(page);
  await page.keyboard.press("PageDown");
  // Wait for the second step to land before reading its time (the worker answers asynchronously).
  await expect.poll(() => simClock(page)).toBeGreaterThan(t1);
  const t2 = await simClock(page);
  await page.keyboard.press("ArrowLeft");
  await expect.poll(() => simClock(page)).toBeLessThan(t2);
  await page.keyboard.press("PageUp");
  await expect.poll(() => simClock(page)).toBe(20_000);

  // Space plays (no lesson open), "." and "b" pause.
  await page.keyboard.press("Space");
  await expect(page.getByRole("button", { name: "Pause" })).toBeVisible();
  await page.keyboard.press("b");
  await expect(page.getByRole("button", { name: "Play", exact: true })).toBeVisible();
  await page.keyboard.press("Space");
  await page.keyboard.press(".");
  await expect(page.getByRole("button", { name: "Play", exact: true })).toBeVisible();

  // "?" opens the help; Escape closes it.
  await page.keyboard.press("?");
  const help = page.getByRole("dialog", { name: "Keyboard shortcuts" });
  await expect(help).toBeVisible();
  await expect(help.getByRole("row").filter({ hasText: "PageDown" })).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(help).toBeHidden();

  // Typing in the command bar: no key acts.
  const before = await simClock(page);
  const input = commandInput(page);
  await input.click();
  await input.pressSequentially("?r. b");
  await input.press("ArrowLeft");
  await expect(input).toHaveValue("?r. b");
  await expect(help).toBeHidden();
  expect(await simClock(page)).toBe(before);
  await input.fill("");

  // R resets to the moment the page opened at.
  await page.locator("body").click({ position: { x: 5, y: 300 } });
  await page.keyboard.press("ArrowRight");
  await expect.poll(() => simClock(page)).toBeGreaterThan(20_000);
  await page.keyboard.press("r");
  await expect.poll(() => simClock(page)).toBe(20_000);
  expect(problems).toEqual([]);
});

test("a clicker's PageDown and PageUp step the lesson from the timeline, the speed slider and the lesson picker, and so do → and ← from the picker", async ({ page }) => {
  const problems = watchConsole(page);
  await openCluster(page, "?lesson=worker-dies&step=2");
  const counter = page.locator(".lesson-counter");
  await expect(counter).toHaveText("Step 2 of 6", { timeout: 20_000 });

  // The timeline slider has the focus (the presenter dragged it): PageDown steps the lesson, the
  // clock does not jump a minute.
  await page.getByRole("slider", { name: "Timeline" }).focus();
  await page.keyboard.press("PageDown");
  await expect(counter).toHaveText("Step 3 of 6", { timeout: 20_000 });
  await page.keyboard.press("PageUp");
  await expect(counter).toHaveText("Step 2 of 6", { timeout: 20_000 });
  const speed = page.getByRole("slider", { name: "Speed" });
  const speedText = await speed.getAttribute("aria-valuetext");
  await speed.focus();
  await page.keyboard.press("PageDown");
  await expect(counter).toHaveText("Step 3 of 6", { timeout: 20_000 });
  await expect(speed).toHaveAttribute("aria-valuetext", speedText ?? "");

  // Another lesson chosen in the picker, which keeps the focus: PageDown steps it, and does not open the
  // lesson after it in the list.
  const picker = page.getByRole("combobox", { name: "Lesson" });
  await picker.selectOption("master-dies");
  await expect(counter).toHaveText(/^Step 1 of \d+$/, { timeout: 20_000 });
  await picker.focus();
  await page.keyboard.press("PageDown");
  await expect(counter).toHaveText(/^Step 2 of \d+$/, { timeout: 20_000 });
  await expect(picker).toHaveValue("master-dies");
  // → and ← too: Chromium would otherwise open the lesson after or before it.
  await picker.focus();
  await page.keyboard.press("ArrowRight");
  await expect(counter).toHaveText(/^Step 3 of \d+$/, { timeout: 20_000 });
  await page.keyboard.press("ArrowLeft");
  await expect(counter).toHaveText(/^Step 2 of \d+$/, { timeout: 20_000 });
  await expect(picker).toHaveValue("master-dies");
  // Space, with no control focused, is "next" in a lesson (outside one it plays).
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press("Space");
  await expect(counter).toHaveText(/^Step 3 of \d+$/, { timeout: 20_000 });
  expect(problems).toEqual([]);
});

test("a link the page cannot follow says so on the screen, not only on the console", async ({ page }) => {
  const notice = page.getByRole("status").filter({ hasText: "The link:" });
  await page.goto("/?lesson=nope");
  await expect(page.getByRole("button", { name: "Stop worker-3" })).toBeVisible({ timeout: 15_000 });
  await expect(notice).toContainText('there is no lesson "nope"');
  await expect(notice).toContainText("worker-dies");
  await notice.getByRole("button", { name: "Dismiss" }).click();
  await expect(notice).toHaveCount(0);

  await page.goto("/?lesson=worker-dies&step=99");
  await expect(page.locator(".lesson-counter")).toHaveText("Step 6 of 6", { timeout: 20_000 });
  await expect(notice).toContainText('the lesson "worker-dies" has 6 steps');

  await page.goto("/?embed=1&speed=-1");
  await expect(page.getByRole("button", { name: "Stop worker-3" })).toBeVisible({ timeout: 15_000 });
  await expect(notice).toContainText('speed="-1" (expected a number from 0.1 to 100)');
  // A link it can follow says nothing.
  await page.goto("/?lesson=worker-dies&step=2");
  await expect(page.locator(".lesson-counter")).toHaveText("Step 2 of 6", { timeout: 20_000 });
  await expect(notice).toHaveCount(0);
});

test("a moment far into the simulation says it is on its way instead of a blank canvas", async ({ page }) => {
  test.setTimeout(60_000);
  // Ten hours of simulated time take seconds to replay.
  await page.goto("/?t=10h&paused=1");
  const waiting = page.getByRole("status").filter({ hasText: "Running the simulation to 10:00:00.000, the link's moment" });
  await expect(waiting).toBeVisible({ timeout: 10_000 });
  await expect(page.getByRole("button", { name: "Stop worker-3" })).toBeVisible({ timeout: 50_000 });
  await expect(waiting).toHaveCount(0);
  await expect.poll(() => simClock(page)).toBe(10 * 3600_000);
});

test("single-key shortcuts can be turned off, and the setting is kept", async ({ page }) => {
  await openAt(page, `${MOMENT}&t=5s&paused=1`);
  await page.getByRole("button", { name: "Present" }).click();
  const present = page.getByRole("dialog", { name: "Present" });
  await present.getByRole("checkbox", { name: /Single-key shortcuts/ }).uncheck();
  await present.getByRole("button", { name: "Done" }).click();
  // Focus went back to the Present button, where Space would press it.
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press("?");
  await page.keyboard.press("Space");
  await expect(page.getByRole("dialog")).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Play", exact: true })).toBeVisible();
  // The arrows are not single characters: they still step.
  await page.keyboard.press("ArrowRight");
  await expect.poll(() => simClock(page)).toBeGreaterThan(5_000);

  await page.reload();
  await expect(page.getByRole("button", { name: "Stop worker-3" })).toBeVisible({ timeout: 15_000 });
  await page.keyboard.press("?");
  await expect(page.getByRole("dialog")).toHaveCount(0);
});

test("keys=0 turns the single-key shortcuts off from the link: the only way in an embed, which has no Present dialog", async ({ page }) => {
  await openAt(page, `${MOMENT}&t=5s&paused=1&embed=1&keys=0`);
  const count = page.locator(".step-count");
  await expect(count).toHaveText("Step 1");
  await page.keyboard.press("Space");
  await expect(page.getByRole("button", { name: "Play", exact: true })).toBeVisible();
  // The arrows are not single characters: they still step (the embed's step counter counts them).
  await page.keyboard.press("ArrowRight");
  await expect(count).toHaveText("Step 2");
  await page.keyboard.press("r");
  await expect(count).toHaveText("Step 2");
  // Without keys=0, Space plays.
  await openAt(page, `${MOMENT}&t=5s&paused=1&embed=1`);
  await page.keyboard.press("Space");
  await expect(page.getByRole("button", { name: "Pause", exact: true })).toBeVisible();
});

test("themes and large text come from the link and from the Present dialog", async ({ page }) => {
  await openAt(page, `${MOMENT}&theme=dark&text=large&paused=1`);
  await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
  await expect(page.locator("html")).toHaveAttribute("data-text", "large");
  await page.getByRole("button", { name: "Present" }).click();
  await page.getByRole("radio", { name: "High contrast" }).check();
  await expect(page.locator("html")).toHaveAttribute("data-theme", "contrast");
  const bg = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
  expect(bg).toBe("rgb(0, 0, 0)");
});

test("the clock's words, the timeline and a lesson's narration fit at 1280×720, at 1024×768 and in large text", async ({ page }) => {
  /** Whether an element shows all of its text: on screen, not cut off or ellipsized. */
  const fits = (selector: string) =>
    page.locator(selector).first().evaluate((e) => {
      const r = e.getBoundingClientRect();
      return r.width > 0 && r.height > 0 && r.right <= innerWidth && r.bottom <= innerHeight && e.scrollWidth <= e.clientWidth;
    });
  const lesson = "lesson=worker-dies&step=1";
  for (const [width, height, query] of [
    [1280, 720, lesson],
    [1024, 768, lesson],
    [1280, 720, `${lesson}&text=large`],
  ] as const) {
    await page.setViewportSize({ width, height });
    await page.goto(`/?${query}`);
    await expect(page.getByRole("button", { name: "Stop worker-3" })).toBeVisible({ timeout: 15_000 });
    // Playing with auto-pace: the rate line has its longest words ("×0.02 (slowed: 3 messages in flight)").
    await expect(page.locator(".sim-rate")).toContainText("in flight");
    const where = `${width}×${height} ${query}`;
    expect(await fits(".sim-clock-value"), `the sim clock at ${where}`).toBe(true);
    expect(await fits(".sim-rate"), `the rate line at ${where}`).toBe(true);
    expect(await fits(".timeline-value"), `the timeline's time at ${where}`).toBe(true);
    expect(await fits("button:text-is('Present')"), `Present at ${where}`).toBe(true);
    expect(await fits("button:text-is('Next →')"), `Next at ${where}`).toBe(true);
    // The narration shows at least six lines (it scrolls when space is short): in large text, the
    // lesson's column runs down past the playback bar and the command line.
    const narration = await page
      .locator(".lesson-body")
      .evaluate((e) => e.getBoundingClientRect().height / parseFloat(getComputedStyle(e.querySelector(".lesson-narration")!).lineHeight) / ((e as HTMLElement & { currentCSSZoom?: number }).currentCSSZoom ?? 1));
    expect(narration, `lines of narration shown at ${where}`).toBeGreaterThanOrEqual(6);
    // The picker shows every lesson's whole name (in large text its word "Lesson" is for screen readers only).
    const picker = await page.getByRole("combobox", { name: "Lesson" }).evaluate((e) => {
      const select = e as HTMLSelectElement;
      const css = getComputedStyle(select);
      const ctx = document.createElement("canvas").getContext("2d")!;
      ctx.font = `${css.fontWeight} ${css.fontSize} ${css.fontFamily}`;
      // Less the padding and about 20 px for the drop-down arrow.
      const room = select.clientWidth - parseFloat(css.paddingLeft) - parseFloat(css.paddingRight) - 20;
      return [...select.options].map((o) => ({ name: o.text, room, width: ctx.measureText(o.text).width }));
    });
    expect(picker).toHaveLength(8);
    for (const p of picker) expect(p.width, `"${p.name}" in the picker at ${where}`).toBeLessThanOrEqual(p.room);
  }

  // A long name in the step's condition (a taint's) stays in the panel.
  await page.goto(`/?lesson=worker-dies&step=3&text=large`);
  await expect(page.getByTestId("lesson-wait")).toContainText("node.kubernetes.io/unreachable:NoExecute", { timeout: 20_000 });
  expect(await fits(".lesson-wait"), "the condition in large text").toBe(true);
});

test("reduced motion: no travelling tokens, changes are highlighted and read out", async ({ page }) => {
  // Tokens travel without it (so the check below can see one).
  await openAt(page, "speed=1");
  await expect.poll(() => tokenPixels(page), { timeout: 10_000 }).toBeGreaterThan(0);

  await openAt(page, "motion=reduced&speed=1");
  await expect(page.locator(".cluster-canvas")).toHaveClass(/reduced-motion/);
  for (let i = 0; i < 15; i++) {
    expect(await tokenPixels(page)).toBe(0);
    await page.waitForTimeout(100);
  }
  // A message's arrival highlights its receiver instead, and the pods' placement is read out.
  await expect(page.locator(".react-flow__node.is-receiving").first()).toBeAttached({ timeout: 10_000 });
  await expect(page.locator(".motion-narration")).toContainText(/pod web-\S+ (created|placed on worker-\d)/, { timeout: 30_000 });
});

test("the Present dialog's Reduce motion switch stops the tokens and starts them again, and is kept", async ({ page }) => {
  await openAt(page, "speed=1");
  await expect.poll(() => tokenPixels(page), { timeout: 10_000 }).toBeGreaterThan(0);
  await page.getByRole("button", { name: "Present" }).click();
  const present = page.getByRole("dialog", { name: "Present" });
  const reduce = present.getByRole("checkbox", { name: "Reduce motion" });
  await expect(reduce).not.toBeChecked();
  await reduce.check();
  await page.keyboard.press("Escape");
  await expect(page.locator(".cluster-canvas")).toHaveClass(/reduced-motion/);
  for (let i = 0; i < 10; i++) {
    expect(await tokenPixels(page)).toBe(0);
    await page.waitForTimeout(100);
  }
  // Kept in this browser: a page opened later has it too.
  await openAt(page, "speed=1");
  await expect(page.locator(".cluster-canvas")).toHaveClass(/reduced-motion/);
  await page.getByRole("button", { name: "Present" }).click();
  await expect(reduce).toBeChecked();
  await reduce.uncheck();
  await page.keyboard.press("Escape");
  await expect(page.locator(".cluster-canvas")).not.toHaveClass(/reduced-motion/);
  await expect.poll(() => tokenPixels(page), { timeout: 10_000 }).toBeGreaterThan(0);
});

test("the system's prefers-reduced-motion also stops the tokens", async ({ page }) => {
  await page.emulateMedia({ reducedMotion: "reduce" });
  await openAt(page, "speed=1");
  await expect(page.locator(".cluster-canvas")).toHaveClass(/reduced-motion/);
  for (let i = 0; i < 10; i++) {
    expect(await tokenPixels(page)).toBe(0);
    await page.waitForTimeout(100);
  }
});

test("Copy link to this moment reopens the same moment", async ({ page, context }) => {
  test.setTimeout(60_000);
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await openAt(page, `${MOMENT}&t=42s&paused=1&speed=4`);
  await page.keyboard.press("ArrowRight");
  await expect.poll(() => simClock(page)).toBeGreaterThan(42_000);
  await page.getByRole("button", { name: "Stop worker-2" }).click();
  await expect(page.getByRole("button", { name: "Start worker-2" })).toBeVisible();
  await page.keyboard.press("ArrowRight");
  const t = await simClock(page);
  const pods = await page.getByRole("button", { name: /^pod web-/ }).evaluateAll((els) => els.map((e) => e.getAttribute("aria-label")).sort());
  // Auto-pace off is part of how it plays: the link carries it too.
  await page.getByRole("checkbox", { name: "Auto-pace" }).uncheck();

  await page.getByRole("button", { name: "Present" }).click();
  await page.getByRole("button", { name: "Copy link to this moment" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Link to this moment copied." })).toBeVisible();
  const link = await page.evaluate(() => navigator.clipboard.readText());
  expect(link).toContain("seed=7");
  expect(link).toMatch(/do=\d+ms\+stop\+node\+worker-2|do=\d+s\+stop\+node\+worker-2/);

  const other = await context.newPage();
  await other.goto(link);
  await expect(other.getByRole("button", { name: "Start worker-2" })).toBeVisible({ timeout: 15_000 });
  await expect.poll(() => simClock(other)).toBe(t);
  await expect(other.getByRole("button", { name: "Play", exact: true })).toBeVisible();
  const podsThere = await other.getByRole("button", { name: /^pod web-/ }).evaluateAll((els) => els.map((e) => e.getAttribute("aria-label")).sort());
  expect(podsThere).toEqual(pods);
  await expect(other.getByRole("slider", { name: "Speed" })).toHaveAttribute("aria-valuetext", "4×");
  expect(link).toContain("pace=0");
  await expect(other.getByRole("checkbox", { name: "Auto-pace" })).not.toBeChecked();
});

test("Copy link carries the cluster's topology: three control planes and two workers reopen as they were", async ({ page, context }) => {
  test.setTimeout(60_000);
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.goto("/?seed=11&topology=masters%3D3%2Cworkers%3D2&t=30s&paused=1");
  await expect(page.getByRole("button", { name: "Stop control-plane-3" })).toBeVisible({ timeout: 15_000 });
  await page.getByRole("button", { name: "Stop control-plane-2" }).click();
  await expect(page.getByRole("button", { name: "Start control-plane-2" })).toBeVisible();
  const t = await simClock(page);
  await page.getByRole("button", { name: "Present" }).click();
  await page.getByRole("button", { name: "Copy link to this moment" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Link to this moment copied." })).toBeVisible();
  const link = await page.evaluate(() => navigator.clipboard.readText());
  expect(new URL(link).searchParams.get("topology")).toBe("masters=3,workers=2");
  expect(new URL(link).searchParams.get("seed")).toBe("11");

  const other = await context.newPage();
  await other.goto(link);
  await expect(other.getByRole("button", { name: "Start control-plane-2" })).toBeVisible({ timeout: 15_000 });
  await expect(other.getByRole("button", { name: "Stop control-plane-3" })).toBeVisible();
  await expect(other.getByRole("button", { name: "Stop worker-2" })).toBeVisible();
  await expect(other.getByRole("button", { name: /^(Stop|Start) worker-3$/ })).toHaveCount(0);
  await expect.poll(() => simClock(other)).toBe(t);
});

test("Copy link in a lesson reopens the lesson's step at the same moment, the presenter's own command included", async ({ page, context }) => {
  test.setTimeout(90_000);
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.goto("/?lesson=worker-dies&step=2");
  await expect(page.locator(".lesson-counter")).toHaveText("Step 2 of 6", { timeout: 15_000 });
  await expect(page.getByRole("button", { name: "Stop worker-3" })).toBeVisible({ timeout: 15_000 });
  await page.getByRole("button", { name: "Pause", exact: true }).click();
  // A command of the presenter's own, mid-step: part of the moment from now on.
  await commandInput(page).fill("stop node worker-3");
  await commandInput(page).press("Enter");
  await expect(page.getByRole("button", { name: "Start worker-3" })).toBeVisible();
  const t = await simClock(page);
  // Zoomed to the step's parts: the link keeps that too.
  const zoom = (p: Page) => p.locator("#root .react-flow__viewport").evaluate((e) => new DOMMatrixReadOnly(getComputedStyle(e).transform).a);
  const fitted = await zoom(page);
  await page.getByRole("button", { name: "Zoom to step" }).click();
  await expect.poll(() => zoom(page)).toBeGreaterThan(fitted * 1.2);

  await page.getByRole("button", { name: "Present" }).click();
  await page.getByRole("button", { name: "Copy link to this moment" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Link to this moment copied." })).toBeVisible();
  const link = await page.evaluate(() => navigator.clipboard.readText());
  expect(link).toContain("lesson=worker-dies");
  expect(link).toContain("step=2");
  expect(link).toContain("zoom=step");

  const other = await context.newPage();
  await other.goto(link);
  await expect(other.locator(".lesson-counter")).toHaveText("Step 2 of 6", { timeout: 15_000 });
  await expect(other.getByRole("button", { name: "Start worker-3" })).toBeVisible({ timeout: 15_000 });
  await expect.poll(() => simClock(other)).toBe(t);
  await expect(other.getByRole("button", { name: "Play", exact: true })).toBeVisible();
  await expect(other.getByRole("button", { name: "Zoom to step" })).toHaveAttribute("aria-pressed", "true");
  // Its pane has no command output under it, so not the very same zoom: the step's parts, magnified.
  await expect.poll(() => zoom(other)).toBeGreaterThan(fitted * 1.2);
  const pane = (await other.getByRole("region", { name: "Cluster diagram" }).boundingBox())!;
  for (const id of ["machine:worker-2", "kube-controller-manager@control-plane-1"]) {
    const inside = async () => {
      const b = (await other.locator(`.react-flow__node[data-id="${id}"]`).boundingBox())!;
      return b.x >= pane.x && b.y >= pane.y && b.x + b.width <= pane.x + pane.width && b.y + b.height <= pane.y + pane.height;
    };
    await expect.poll(inside, { message: id }).toBe(true);
  }
});

test("a link's moment is drawn fitted from its first frame: no zoom from the corner, no fly-in, no shift", async ({ page }) => {
  // Every viewport (zoom, then x and y) the picture is painted at while a machine is on it, frame by
  // frame: the first picture's before the UI is in (src/prepaint.ts), then the live canvas's.
  await page.addInitScript(() => {
    const seen: string[] = ((window as unknown as { zooms: string[] }).zooms = []);
    const tick = () => {
      const v = [...document.querySelectorAll(".react-flow__viewport")].find((el) => el.closest(".prepaint") || !document.querySelector(".prepaint"));
      if (v && document.querySelector('.react-flow__node[data-id^="machine:"]')) {
        const m = new DOMMatrixReadOnly(getComputedStyle(v).transform);
        const view = `${m.a.toFixed(3)} ${m.e.toFixed(0)} ${m.f.toFixed(0)}`;
        if (seen.at(-1) !== view) seen.push(view);
      }
      // The live canvas on its own, under the picture too, once its machines are shown.
      const live = document.querySelector("#root .react-flow__viewport");
      const machine = document.querySelector('#root .react-flow__node[data-id^="machine:"]');
      if (live && machine && getComputedStyle(machine).visibility !== "hidden") {
        const m = new DOMMatrixReadOnly(getComputedStyle(live).transform);
        const view = `${m.a.toFixed(3)} ${m.e.toFixed(0)} ${m.f.toFixed(0)}`;
        const lives = ((window as unknown as { lives?: string[] }).lives ??= []);
        if (lives.at(-1) !== view) lives.push(view);
      }
      if (performance.now() < 3000) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  for (const query of [`${MOMENT}&t=20s&paused=1`, `${MOMENT}&t=60s&paused=1&topology=masters%3D3%2Cworkers%3D5`]) {
    await openAt(page, query);
    await page.waitForFunction(() => performance.now() > 3000);
    const zooms = await page.evaluate(() => (window as unknown as { zooms: string[] }).zooms);
    const lives = await page.evaluate(() => (window as unknown as { lives: string[] }).lives);
    // One zoom, below 100%, and no move of more than a pixel (the pane may settle by one as the page lays
    // out; where the picture's height sets the zoom, that pixel moves it by 1/555, so 0.542 may read 0.541).
    for (const views of [zooms, lives]) {
      const parsed = views.map((v) => v.split(" ").map(Number));
      for (const [z] of parsed) expect(Math.abs(z - parsed[0][0]), `${query}: ${views.join(" | ")}`).toBeLessThanOrEqual(0.0015);
      expect(parsed[0][0], query).toBeLessThan(1);
      for (const [, x, y] of parsed) expect(Math.max(Math.abs(x - parsed[0][1]), Math.abs(y - parsed[0][2])), `${query}: ${views.join(" | ")}`).toBeLessThanOrEqual(1);
    }
    // The live canvas starts where the first picture is (to the pixel).
    const [[z0, x0, y0], [z1, x1, y1]] = [zooms[0], lives[0]].map((v) => v.split(" ").map(Number));
    expect(Math.abs(z1 - z0), `${query}: ${zooms[0]} then ${lives[0]}`).toBeLessThanOrEqual(0.0015);
    expect(Math.max(Math.abs(x1 - x0), Math.abs(y1 - y0)), `${query}: ${zooms[0]} then ${lives[0]}`).toBeLessThanOrEqual(1);
  }
});

test("without clipboard access the link is shown in a field to copy", async ({ page }) => {
  await openAt(page, `${MOMENT}&t=3s&paused=1`);
  await page.evaluate(() => Object.defineProperty(navigator, "clipboard", { value: undefined }));
  await page.getByRole("button", { name: "Present" }).click();
  await page.getByRole("button", { name: "Copy link to this moment" }).click();
  const field = page.getByRole("textbox", { name: "Link to this moment" });
  await expect(field).toBeFocused();
  await expect(field).toHaveValue(/\?seed=7&.*t=3s/);
});

const lessonCounter = (p: Page) => p.locator(".lesson-counter");
/** What a link must reproduce: the sim time, and every machine and pod with its status, by name. */
const linkState = async (p: Page) => ({
  time: await simClock(p),
  machines: await p.getByRole("button", { name: /, (control-plane|worker) node, / }).evaluateAll((els) => els.map((e) => e.getAttribute("aria-label")).sort()),
  pods: await p.getByRole("button", { name: /^pod / }).evaluateAll((els) => els.map((e) => e.getAttribute("aria-label")).sort()),
});
/**
 * Paused where the page saw the condition hold, the lesson then seeks back to the step's exact end
 * (src/store/lesson.ts): on a busy machine the pause shows a few ms past it first (7035, then 7030).
 * Waits for the clock to settle.
 */
const clockSettles = (p: Page) =>
  expect
    .poll(async () => {
      const before = await simClock(p);
      await p.waitForTimeout(400);
      return (await simClock(p)) === before;
    }, { timeout: 30_000 })
    .toBe(true);

test("a link with step= opens the lesson at that step with the same cluster state as stepping there", async ({ page, context }) => {
  test.setTimeout(150_000);
  const state = linkState;
  // Stepping there: step 1, then → twice (the presenter's keys drive the lesson); each step pauses where its condition held.
  await page.goto("/?lesson=desired-state&step=1");
  await expect(lessonCounter(page)).toHaveText(/^Step 1 of \d+/, { timeout: 20_000 });
  // The lesson is planned first (its Next is disabled meanwhile).
  await expect(page.locator(".lesson-panel").getByRole("button", { name: /^Next/ })).toBeEnabled({ timeout: 30_000 });
  await page.keyboard.press("ArrowRight");
  await expect(lessonCounter(page)).toHaveText(/^Step 2 of/);
  await expect(page.locator(".lesson-panel").getByRole("button", { name: /^Next/ })).toBeEnabled({ timeout: 30_000 });
  await page.keyboard.press("ArrowRight");
  await expect(lessonCounter(page)).toHaveText(/^Step 3 of/);
  await expect(page.locator(".lesson-panel").getByRole("button", { name: /^Next/ })).toBeEnabled({ timeout: 30_000 });
  await expect(page.getByRole("button", { name: "Play", exact: true })).toBeVisible({ timeout: 90_000 });
  await clockSettles(page);
  const stepped = await state(page);

  // The link.
  const linked = await context.newPage();
  await linked.goto("/?lesson=desired-state&step=3");
  await expect(lessonCounter(linked)).toHaveText(/^Step 3 of/, { timeout: 20_000 });
  await expect(linked.locator(".lesson-panel").getByRole("button", { name: /^Next/ })).toBeEnabled({ timeout: 30_000 });
  await expect(linked.getByRole("button", { name: "Play", exact: true })).toBeVisible({ timeout: 90_000 });
  await expect.poll(() => simClock(linked), { timeout: 30_000 }).toBe(stepped.time);
  expect(await state(linked)).toEqual(stepped);
});

test("a lesson link with seed= runs the lesson on that seed, without a warning: the same cluster as stepping there on it", async ({ page, context }) => {
  test.setTimeout(150_000);
  /** Waits until step `n` has played out and paused where its condition held, and the clock has settled. */
  const settled = async (p: Page, n: number) => {
    await expect(lessonCounter(p)).toHaveText(new RegExp(`^Step ${n} of`), { timeout: 30_000 });
    await expect(p.locator(".lesson-panel").getByRole("button", { name: /^Next/ })).toBeEnabled({ timeout: 30_000 });
    await expect(p.getByRole("button", { name: "Play", exact: true })).toBeVisible({ timeout: 90_000 });
    await clockSettles(p);
    return linkState(p);
  };
  // At 100×: a step's speed changes how fast it plays, not where it pauses.
  await page.goto("/?lesson=desired-state&step=2&seed=7&speed=100");
  const linked = await settled(page, 2);
  await expect(page.getByText(/ignored URL parameter/)).toHaveCount(0);
  // Stepping there on seed 7.
  const stepping = await context.newPage();
  await stepping.goto("/?lesson=desired-state&step=1&seed=7&speed=100");
  await settled(stepping, 1);
  await stepping.keyboard.press("ArrowRight");
  expect(await settled(stepping, 2)).toEqual(linked);
  // The lesson's own seed is another cluster: other pod names.
  const own = await context.newPage();
  await own.goto("/?lesson=desired-state&step=2&speed=100");
  const ownState = await settled(own, 2);
  expect(ownState.pods.length).toBe(linked.pods.length);
  expect(ownState.pods).not.toEqual(linked.pods);
});

test("a link opened again shows its moment at once from the picture kept last time, then the simulation takes over the same cluster", async ({ page }) => {
  const problems = watchConsole(page);
  const warnings: string[] = [];
  page.on("console", (m) => void (m.type() === "warning" && warnings.push(m.text())));
  const link = `/?${MOMENT}&topology=masters%3D1%2Cworkers%3D3&do=20s+stop+node+worker-2&t=90s&paused=1`;
  const marks = (p: Page) => p.evaluate(() => Object.fromEntries(performance.getEntriesByType("mark").map((m) => [m.name, m.startTime])));
  /** The cluster on the canvas: every machine and pod with its status, by name. */
  const cluster = async (p: Page) => ({
    machines: await p.getByRole("button", { name: /, (control-plane|worker) node, / }).evaluateAll((els) => els.map((e) => e.getAttribute("aria-label")).sort()),
    pods: await p.getByRole("button", { name: /^pod / }).evaluateAll((els) => els.map((e) => e.getAttribute("aria-label")).sort()),
  });

  // First visit: the simulation replays the moment; its picture is kept once the page is idle.
  await openAt(page, link.slice(2));
  await expect.poll(() => simClock(page)).toBe(90_000);
  expect(await marks(page)).not.toHaveProperty("clusterscope-moment-kept");
  const first = await cluster(page);
  expect(first.machines.find((m) => m?.startsWith("worker-2"))).toMatch(/NotReady/);
  await expect.poll(() => page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("clusterscope.moment.")).length), { timeout: 10_000 }).toBe(1);

  // Again: the kept picture is in the store before the simulation's own hydrate, and shows the same cluster.
  await page.goto(link);
  await expect.poll(() => marks(page).then((m) => "clusterscope-moment-live" in m && "clusterscope-moment-drawn" in m), { timeout: 15_000 }).toBe(true);
  const m = await marks(page);
  expect(m["clusterscope-moment-kept"]).toBeLessThan(m["clusterscope-moment-live"]);
  expect(await cluster(page)).toEqual(first);
  expect(await simClock(page)).toBe(90_000);
  // The simulation is live behind it: playing moves the clock on.
  await page.getByRole("button", { name: "Play", exact: true }).click();
  await expect.poll(() => simClock(page), { timeout: 10_000 }).toBeGreaterThan(90_000);
  expect(warnings.filter((w) => w.includes("differed"))).toEqual([]);
  expect(problems).toEqual([]);
});

test("Export PNG saves the picture", async ({ page }) => {
  await openAt(page, `${MOMENT}&t=30s&paused=1`);
  await page.getByRole("button", { name: "Present" }).click();
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Export PNG" }).click()]);
  expect(download.suggestedFilename()).toMatch(/^clusterscope-0-00-30-000\.png$/);
  const path = await download.path();
  const { readFileSync } = await import("node:fs");
  const png = readFileSync(path);
  expect(png.subarray(1, 4).toString()).toBe("PNG");
  expect(png.length).toBeGreaterThan(20_000);
});
