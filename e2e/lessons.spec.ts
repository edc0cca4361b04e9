import { expect, test, type Page } from "@playwright/test";
import { LESSONS as SHIPPED } from "../src/lessons/index";
import { commandInput, openCluster, setSpeed, simClock, snap, watchConsole } from "./helpers";

/** `read()` once it has stopped changing (the view's moves take up to 300 ms; longer on a loaded machine). */
async function settled(page: Page, read: () => Promise<number>): Promise<number> {
  let before = await read();
  for (let i = 0; i < 40; i++) {
    await page.waitForTimeout(150);
    const now = await read();
    if (Math.abs(now - before) < 1e-4) return now;
    before = now;
  }
  throw new Error("the view kept moving for 6 s");
}

/** Every lesson the app ships, with its title and step count: a new lesson is stepped here too. */
const LESSONS: [id: string, title: string, steps: number][] = SHIPPED.map((l) => [l.id, l.title, l.steps.length]);

const panel = (page: Page) => page.getByRole("region", { name: /./ }).filter({ has: page.getByRole("navigation", { name: "Lesson steps" }) });
const counter = (page: Page) => page.locator(".lesson-counter");
const nextButton = (page: Page) => page.getByRole("navigation", { name: "Lesson steps" }).getByRole("button").nth(1);

/**
 * Steps the open lesson from step 1 to its end: each step plays (at 100×) until its wait-for condition
 * holds on the page's own records ("Done:"), then Next; then finishes the last step.
 */
async function stepToEnd(page: Page, steps: number): Promise<void> {
  for (let i = 1; i <= steps; i++) {
    await expect(counter(page)).toHaveText(`Step ${i} of ${steps}`, { timeout: 20_000 });
    // The plan is there once Next is enabled.
    await expect(nextButton(page)).toBeEnabled({ timeout: 20_000 });
    if (i < steps) {
      await setSpeed(page, "End", "100×");
      await expect(page.getByTestId("lesson-wait"), `step ${i}'s condition`).toContainText("Done:", { timeout: 60_000 });
      // And it paused there, for the class to look (a step whose condition held at its start too).
      await expect(page.getByRole("button", { name: "Play", exact: true }), `step ${i} paused`).toBeVisible({ timeout: 10_000 });
    }
    await nextButton(page).click();
  }
  await expect(page.getByRole("button", { name: "Lesson complete" })).toBeDisabled({ timeout: 20_000 });
  // The last step's wait-for condition, checked live against the page's own records, holds.
  await expect(page.getByTestId("lesson-wait")).toContainText("Done:", { timeout: 20_000 });
  await expect(page.locator(".lesson-error")).toHaveCount(0);
}

test("the picker lists the lessons; a lesson's step is narrated, announced once and outlined on the canvas", async ({ page }, testInfo) => {
  test.setTimeout(60_000);
  const problems = watchConsole(page);
  await openCluster(page);
  // The narration's live region is on the page before any lesson, empty: opening one changes its text, which is read out.
  const live = page.locator("[aria-live=polite]").filter({ hasText: /^Step \d+ of \d+: / });
  await expect(page.locator(".app > [aria-live=polite]")).toHaveText("");
  await page.getByRole("button", { name: "Lessons" }).click();
  const dialog = page.getByRole("dialog", { name: "Lessons" });
  for (const [, title] of LESSONS) await expect(dialog.getByRole("radio", { name: new RegExp(title) })).toBeVisible();
  await dialog.getByRole("radio", { name: /The journey of a pod/ }).check();
  await dialog.getByRole("button", { name: "Start lesson" }).click();
  await expect(panel(page)).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: "kubectl asks the API server" })).toBeVisible({ timeout: 20_000 });
  await expect(counter(page)).toHaveText("Step 1 of 6");
  await expect(live).toHaveCount(1);
  await expect(live).toContainText("Step 1 of 6: kubectl asks the API server.");
  // The step's targets are outlined on the canvas.
  await expect(page.locator("style[data-lesson-highlight]")).toHaveCount(1);
  await expect(page.locator('.react-flow__node[data-id="kubectl"] > *')).toHaveCSS("outline-style", "dashed");
  await expect(page.locator('.react-flow__node[data-id="machine:worker-1"] > *')).toHaveCSS("outline-style", "none");
  // Reached by the keyboard, an outlined target shows the focus ring, not the dashed outline over it.
  const etcd = page.locator('.react-flow__node[data-id="etcd@control-plane-1"] > .component');
  await page.keyboard.press("Tab");
  await etcd.focus();
  expect(await etcd.evaluate((e) => e.matches(":focus-visible"))).toBe(true);
  await expect(etcd).toHaveCSS("outline-style", "solid");
  await etcd.blur();
  await expect(etcd).toHaveCSS("outline-style", "dashed");
  await expect(page.getByText("Look at: kubectl, load-balancer, kube-apiserver on control-plane-1, etcd on control-plane-1")).toBeVisible();
  // The events panel under the lesson's panel is out of reach: no hidden button to Tab onto.
  await expect(page.getByRole("button", { name: "Show events" })).toHaveCount(0);
  // The picker in the panel switches lessons.
  await page.getByRole("combobox", { name: "Lesson" }).selectOption("services");
  await expect(page.getByRole("heading", { level: 2, name: "Three web pods" })).toBeVisible({ timeout: 20_000 });
  await snap(page, testInfo, "services-step-1");
  await page.getByRole("button", { name: "Close the lesson" }).click();
  await expect(panel(page)).toHaveCount(0);
  expect(problems).toEqual([]);
});

test("every lesson can be stepped to its end in the page", async ({ page }, testInfo) => {
  // One page for all of them, each step played at 100× until its condition holds on the page.
  // Measured 1.9 min on 2 idle cores; without the playing, 1.8 to 3.2 min at load 12 to 17.
  test.setTimeout(480_000);
  const problems = watchConsole(page);
  await page.goto("/?lesson=pod-journey&step=1");
  for (const [id, , steps] of LESSONS) {
    if (id !== "pod-journey") await page.getByRole("combobox", { name: "Lesson" }).selectOption(id);
    await stepToEnd(page, steps);
    await snap(page, testInfo, `${id}-end`);
  }
  expect(problems).toEqual([]);
});

test("Back rebuilds the previous step's start; a link with step= opens there with the same cluster", async ({ page }) => {
  test.setTimeout(60_000);
  await page.goto("/?lesson=worker-dies&step=3");
  await expect(counter(page)).toHaveText("Step 3 of 6", { timeout: 20_000 });
  await expect(page.getByRole("heading", { level: 2, name: "Taints" })).toBeVisible();
  const worker2 = page.getByRole("button", { name: /^worker-2, worker node, NotReady/ });
  await expect(worker2).toBeVisible({ timeout: 20_000 });
  expect(await simClock(page)).toBeGreaterThanOrEqual(55_000);

  await page.getByRole("button", { name: "← Back" }).click();
  await expect(counter(page)).toHaveText("Step 2 of 6");
  await expect(page.getByText("$ stop node worker-2")).toBeVisible();
  await nextButton(page).click();
  await expect(counter(page)).toHaveText("Step 3 of 6");
  // Stepping there gives the cluster the link gave: worker-2 NotReady at step 3's start, not before.
  await expect(worker2).toBeVisible({ timeout: 20_000 });
  expect(await simClock(page)).toBeGreaterThanOrEqual(55_000);
});

test("Zoom to step magnifies the step's parts, inside the picture, and follows from step to step; Fit to view undoes it", async ({ page }, testInfo) => {
  test.setTimeout(60_000);
  await page.goto("/?lesson=worker-dies&step=6&paused=1");
  await expect(counter(page)).toHaveText("Step 6 of 6", { timeout: 20_000 });
  const canvas = page.getByRole("region", { name: "Cluster diagram" });
  const zoom = () => canvas.locator(".react-flow__viewport").evaluate((e) => new DOMMatrixReadOnly(getComputedStyle(e).transform).a);
  /** Whether the part's box lies inside the picture's. */
  const inside = async (selector: string) => {
    const [c, b] = [await canvas.boundingBox(), await canvas.locator(selector).first().boundingBox()];
    return !!c && !!b && b.x >= c.x && b.y >= c.y && b.x + b.width <= c.x + c.width && b.y + b.height <= c.y + c.height;
  };
  const worker2 = '.react-flow__node[data-id="machine:worker-2"]';
  await expect(canvas.locator(worker2)).toBeVisible({ timeout: 20_000 });
  const fitted = await zoom();
  const widthFitted = (await canvas.locator(worker2).boundingBox())!.width;

  const button = canvas.getByRole("button", { name: "Zoom to step" });
  await expect(button).toHaveAttribute("aria-pressed", "false");
  await expect(button).toHaveAttribute("title", "Zoom to worker-2 (Z)");
  await expect(button).toHaveAttribute("aria-keyshortcuts", "Z");
  await button.click();
  await expect(button).toHaveAttribute("aria-pressed", "true");
  // Step 6 is about worker-2 alone: it fills the picture, at most 1.6 times its size at 100%.
  await expect.poll(zoom).toBeGreaterThan(fitted * 1.5);
  expect(await zoom()).toBeLessThanOrEqual(1.6 + 1e-6);
  await expect.poll(() => inside(worker2)).toBe(true);
  expect((await canvas.locator(worker2).boundingBox())!.width).toBeGreaterThan(widthFitted * 1.5);
  // Above the view's buttons, not under them.
  await expect.poll(async () => (await canvas.locator(worker2).boundingBox())!.y + (await canvas.locator(worker2).boundingBox())!.height).toBeLessThanOrEqual((await canvas.locator(".view-controls").boundingBox())!.y);
  await snap(page, testInfo, "lesson-zoom-to-step");
  // A click on a part that nudges the picture a pixel or two selects it and leaves the zoom on.
  const kubelet = canvas.locator('.react-flow__node[data-id="kubelet@worker-2"]');
  const k = (await kubelet.boundingBox())!;
  await page.mouse.move(k.x + k.width / 2, k.y + k.height / 2);
  await page.mouse.down();
  await page.mouse.move(k.x + k.width / 2 + 2, k.y + k.height / 2 + 1, { steps: 2 });
  await page.mouse.up();
  await expect(page.getByRole("complementary", { name: "kubelet on worker-2" })).toBeVisible();
  await expect(button).toHaveAttribute("aria-pressed", "true");
  await page.getByRole("complementary", { name: "kubelet on worker-2" }).getByRole("button", { name: /close/i }).first().click();

  // Back to step 5 (the web pods and the scheduler): the view follows its parts.
  const step6 = await zoom();
  await page.getByRole("button", { name: "← Back" }).click();
  await expect(counter(page)).toHaveText("Step 5 of 6");
  await expect(button).toHaveAttribute("title", "Zoom to the web pods, kube-scheduler on control-plane-1 (Z)");
  await expect(button).toHaveAttribute("aria-pressed", "true");
  await expect.poll(zoom, { timeout: 10_000 }).toBeLessThan(step6 - 0.05);
  await expect.poll(() => inside('.react-flow__node[data-id="kube-scheduler@control-plane-1"]')).toBe(true);
  // The pods as they come (the view widens to them once they have stayed put for a moment).
  for (const pod of await canvas.locator('[data-pod^="pods/default/web-"]').all()) {
    const id = await pod.getAttribute("data-pod");
    await expect.poll(() => inside(`[data-pod="${id}"]`), { message: id ?? "" }).toBe(true);
  }
  expect(await zoom()).toBeGreaterThan(fitted * 1.05);

  // Fit to view: the whole cluster again, and the toggle is off.
  await canvas.getByRole("button", { name: "Fit to view" }).click();
  await expect(button).toHaveAttribute("aria-pressed", "false");
  await expect.poll(zoom).toBeCloseTo(fitted, 3);

  // Zoomed in, the keyboard can still reach every part: one that takes the focus out of view is panned to.
  await button.click();
  await expect.poll(zoom).toBeGreaterThan(fitted * 1.05);
  const kubectl = canvas.locator('.react-flow__node[data-id="kubectl"] [role="button"]');
  await expect.poll(() => inside('.react-flow__node[data-id="kubectl"]')).toBe(false);
  // The keyboard's focus (after a key press, a moved focus shows its ring); a click's would not pan.
  await page.keyboard.press("Shift");
  await kubectl.focus();
  await expect.poll(() => inside('.react-flow__node[data-id="kubectl"]')).toBe(true);
  await expect(button).toHaveAttribute("aria-pressed", "false");

  // Outside a lesson there is no step to zoom to.
  await page.getByRole("button", { name: "Close" }).click();
  await expect(canvas.getByRole("button", { name: "Zoom to step" })).toHaveCount(0);
});

test("an embedded lesson's link with zoom=step opens on the whole cluster, then zooms to the step's parts", async ({ page }) => {
  await page.setViewportSize({ width: 960, height: 540 });
  await page.goto("/?lesson=worker-dies&step=6&paused=1&embed=1&controls=0&zoom=step");
  const canvas = page.getByRole("region", { name: "Cluster diagram" });
  const worker2 = canvas.locator('.react-flow__node[data-id="machine:worker-2"]');
  await expect(worker2).toBeVisible({ timeout: 20_000 });
  await expect(canvas.getByRole("button", { name: "Zoom to step" })).toHaveAttribute("aria-pressed", "true");
  // worker-2 fills the slide, at the most "Zoom to step" magnifies.
  const zoom = () => canvas.locator(".react-flow__viewport").evaluate((e) => new DOMMatrixReadOnly(getComputedStyle(e).transform).a);
  await expect.poll(zoom, { timeout: 10_000 }).toBeGreaterThan(1);
  const [c, w] = [await canvas.boundingBox(), await worker2.boundingBox()];
  expect(w!.x).toBeGreaterThanOrEqual(c!.x);
  expect(w!.x + w!.width).toBeLessThanOrEqual(c!.x + c!.width);
  expect(w!.width).toBeGreaterThan(c!.width / 3);
  await expect(page.locator(".link-notice")).toHaveCount(0);
});

test("the Z key turns Zoom to step off and on, as its button does, and not with single-key shortcuts off", async ({ page }) => {
  await page.setViewportSize({ width: 960, height: 540 });
  await page.goto("/?lesson=worker-dies&step=6&paused=1&embed=1&controls=0&zoom=step");
  const canvas = page.getByRole("region", { name: "Cluster diagram" });
  await expect(canvas.locator('.react-flow__node[data-id="machine:worker-2"]')).toBeVisible({ timeout: 20_000 });
  const button = canvas.getByRole("button", { name: "Zoom to step" });
  const zoom = () => canvas.locator(".react-flow__viewport").evaluate((e) => new DOMMatrixReadOnly(getComputedStyle(e).transform).a);
  await expect.poll(zoom, { timeout: 10_000 }).toBeGreaterThan(1);
  const zoomed = await settled(page, zoom);

  await page.keyboard.press("z");
  await expect(button).toHaveAttribute("aria-pressed", "false");
  // The whole cluster again: the fit of a 960×540 slide is well below 100%.
  await expect.poll(zoom).toBeLessThan(zoomed / 1.5);
  const fitted = await settled(page, zoom);
  await page.keyboard.press("Z");
  await expect(button).toHaveAttribute("aria-pressed", "true");
  await expect.poll(zoom).toBeCloseTo(zoomed, 2);

  // A pan of one's own turns it off; Z then zooms to the step again.
  const box = (await canvas.boundingBox())!;
  await page.mouse.move(box.x + 40, box.y + 40);
  await page.mouse.down();
  await page.mouse.move(box.x + 140, box.y + 90, { steps: 4 });
  await page.mouse.up();
  await expect(button).toHaveAttribute("aria-pressed", "false");
  await page.keyboard.press("z");
  await expect(button).toHaveAttribute("aria-pressed", "true");
  await expect.poll(zoom).toBeCloseTo(zoomed, 2);

  // Single-key shortcuts off (speech input, switch access): Z is a letter, nothing more.
  await page.goto("/?lesson=worker-dies&step=6&paused=1&embed=1&controls=0&keys=0");
  await expect(canvas.locator('.react-flow__node[data-id="machine:worker-2"]')).toBeVisible({ timeout: 20_000 });
  await page.keyboard.press("z");
  await page.waitForTimeout(500);
  await expect(canvas.getByRole("button", { name: "Zoom to step" })).toHaveAttribute("aria-pressed", "false");
  expect(await zoom()).toBeCloseTo(fitted, 2);
  // And the button names no key.
  await expect(canvas.getByRole("button", { name: "Zoom to step" })).not.toHaveAttribute("aria-keyshortcuts");
  await expect(canvas.getByRole("button", { name: "Zoom to step" })).toHaveAttribute("title", "Zoom to worker-2");
});

test("on the full page, Z zooms after Fit to view, is only a letter in the command bar, and stops when the help turns single keys off", async ({ page }) => {
  await page.goto("/?lesson=worker-dies&step=6&paused=1");
  const canvas = page.getByRole("region", { name: "Cluster diagram" });
  await expect(canvas.locator('.react-flow__node[data-id="machine:worker-2"]')).toBeVisible({ timeout: 20_000 });
  const button = canvas.getByRole("button", { name: "Zoom to step" });
  const zoom = () => canvas.locator(".react-flow__viewport").evaluate((e) => new DOMMatrixReadOnly(getComputedStyle(e).transform).a);
  const fitted = await settled(page, zoom);
  // Nothing is said as the page opens; a change is said in words (the key changes a button without the focus).
  const said = page.getByRole("status").filter({ hasText: /^Zoom to step/ });
  await expect(said).toHaveCount(0);
  await page.keyboard.press("z");
  await expect(button).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByRole("status").filter({ hasText: "Zoom to step on: worker-2." })).toHaveCount(1);
  await expect.poll(zoom).toBeGreaterThan(fitted * 1.5);
  await canvas.getByRole("button", { name: "Fit to view" }).click();
  await expect(button).toHaveAttribute("aria-pressed", "false");
  await expect(page.getByRole("status").filter({ hasText: "Zoom to step off." })).toHaveCount(1);
  await expect.poll(zoom).toBeCloseTo(fitted, 3);
  await page.keyboard.press("z");
  await expect(button).toHaveAttribute("aria-pressed", "true");
  await expect.poll(zoom).toBeGreaterThan(fitted * 1.5);

  // Typing in the command bar: the letter goes into the line.
  await commandInput(page).click();
  await page.keyboard.type("zz");
  await expect(commandInput(page)).toHaveValue("zz");
  await expect(button).toHaveAttribute("aria-pressed", "true");
  await commandInput(page).fill("");
  await commandInput(page).blur();

  // The help's switch turns single keys off: Z does nothing, and the button names no key.
  await page.keyboard.press("?");
  const help = page.getByRole("dialog", { name: "Keyboard shortcuts" });
  await help.getByRole("checkbox", { name: /Single-key shortcuts/ }).uncheck();
  await help.getByRole("button", { name: "Close" }).click();
  await expect(button).not.toHaveAttribute("aria-keyshortcuts");
  await page.keyboard.press("z");
  await page.waitForTimeout(300);
  await expect(button).toHaveAttribute("aria-pressed", "true");
});

test("in a lesson, the toolbar's Reset starts the lesson again at its first step (outside one, it resets the cluster)", async ({ page }) => {
  test.setTimeout(60_000);
  await page.goto("/?lesson=worker-dies&step=3");
  await expect(counter(page)).toHaveText("Step 3 of 6", { timeout: 20_000 });
  await page.getByRole("button", { name: "Reset", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: "Start the lesson again?" });
  await expect(dialog).toBeVisible();
  await dialog.getByRole("button", { name: "Reset" }).click();
  await expect(counter(page)).toHaveText("Step 1 of 6");
  await expect(page.getByRole("button", { name: /^worker-2, worker node, Ready/ })).toBeVisible({ timeout: 20_000 });
  expect(await simClock(page)).toBeLessThan(55_000);

  await page.getByRole("button", { name: "Close the lesson" }).click();
  await page.getByRole("button", { name: "Reset", exact: true }).click();
  await expect(page.getByRole("dialog", { name: "Reset the cluster?" })).toBeVisible();
});

test("an embedded lesson (no lesson panel) still reads each step's narration out, once", async ({ page }) => {
  test.setTimeout(60_000);
  await page.goto("/?lesson=worker-dies&step=2&embed=1");
  await expect(page.getByRole("button", { name: "Stop worker-3" })).toBeVisible({ timeout: 20_000 });
  await expect(page.locator(".lesson-panel")).toHaveCount(0);
  const live = page.locator('[aria-live="polite"]');
  await expect(live.filter({ hasText: /^Step 2 of 6: / })).toHaveCount(1);
  await page.getByRole("navigation", { name: "Steps" }).getByRole("button", { name: "Next →" }).click();
  await expect(live.filter({ hasText: /^Step 3 of 6: Taints\. / })).toHaveCount(1);
  // The step bar's counter is not a second live region for the same step.
  await expect(live.filter({ hasText: /^Step 3 of 6$/ })).toHaveCount(0);
});

test("a step lists its newest events under the narration (the panel covers the events list)", async ({ page }) => {
  // pod-journey step 5 at its end: the kubelets' Pulling and Pulled are the step's events.
  await page.goto("/?lesson=pod-journey&step=5&t=4400ms&paused=1");
  await expect(counter(page)).toHaveText("Step 5 of 6", { timeout: 20_000 });
  const list = page.getByRole("list").filter({ has: page.getByRole("listitem") }).and(page.locator(".lesson-event-list"));
  await expect(list.getByRole("listitem")).toHaveCount(4);
  await expect(list).toContainText(/Pulled pod\/web-\S+: Successfully pulled image "nginx"/);
  // Only this step's: nothing from before its start (step 2's ScalingReplicaSet).
  await expect(list).not.toContainText("ScalingReplicaSet");
});

test("a command's answer below the narration's fold is scrolled into view: etcd-quorum's timeout at 1280×720; one that worked is not", async ({ page }) => {
  // Before the timeout (large text, where the narration does not fit): only "stopped" has answered,
  // and the narration stays at its start.
  await page.goto("/?lesson=etcd-quorum&step=3&t=40s&paused=1&text=large");
  await expect(counter(page)).toHaveText("Step 3 of 6", { timeout: 20_000 });
  await expect(page.locator(".lesson-command-out").first()).toContainText("etcd@control-plane-1 stopped");
  const body = page.getByRole("region", { name: "Step narration" });
  expect(await body.evaluate((e) => e.scrollHeight > e.clientHeight)).toBe(true);
  await page.waitForTimeout(300);
  expect(await body.evaluate((e) => e.scrollTop)).toBe(0);

  await page.goto("/?lesson=etcd-quorum&step=3&t=65040ms&paused=1");
  await expect(counter(page)).toHaveText("Step 3 of 6", { timeout: 20_000 });
  const answer = page.locator(".lesson-command-out.is-error");
  await expect(answer).toContainText("Timeout", { timeout: 20_000 });
  // Inside the narration's visible box, not below it.
  await expect
    .poll(() =>
      answer.evaluate((e) => {
        const box = e.closest(".lesson-body")!.getBoundingClientRect();
        const r = e.getBoundingClientRect();
        return r.top >= box.top && r.bottom <= box.bottom + 1;
      }),
    )
    .toBe(true);
});

test("a pod marked not Ready by the node lifecycle controller says so on its chip, though kubectl's READY still says 1/1", async ({ page }) => {
  // Step 4 opens where the NoExecute taint lands: worker-2 has been Unknown for a pass, its pod marked not Ready.
  await page.goto("/?lesson=worker-dies&step=4&paused=1");
  await expect(counter(page)).toHaveText("Step 4 of 6", { timeout: 20_000 });
  const onWorker2 = page.getByRole("button", { name: /^pod web-\S+, Running, 1\/1 ready, marked not Ready, on worker-2$/ });
  await expect(onWorker2).toHaveCount(1, { timeout: 20_000 });
  await expect(onWorker2).toContainText("1/1 · not Ready");
  await expect(onWorker2).not.toHaveClass(/pod-running/);
  // The pods on the live workers are Ready as before.
  await expect(page.getByRole("button", { name: /^pod web-\S+, Running, 1\/1 ready, on worker-1$/ })).toHaveClass(/pod-running/);
  // The node's taints are on its box, in words, and in its name.
  await expect(
    page.getByRole("button", { name: "worker-2, worker node, NotReady, 1 pod, machine stopped, tainted node.kubernetes.io/unreachable:NoExecute, node.kubernetes.io/unreachable:NoSchedule" }),
  ).toBeVisible();
  await expect(page.locator(".machine-worker", { hasText: "worker-2" }).locator(".machine-taints")).toHaveText("taints unreachable: NoExecute, NoSchedule");
  await expect(page.locator(".machine-worker", { hasText: "worker-1" }).locator(".machine-taints")).toHaveText("no taints");
});

test("services: kube-proxy's inspector lists the rules, and a pod whose node went NotReady has none", async ({ page }, testInfo) => {
  // Step 5 opens once worker-2 is Unknown (its kubelet stopped) and every kube-proxy has dropped its pod.
  await page.goto("/?lesson=services&step=5&paused=1");
  await expect(counter(page)).toHaveText("Step 5 of 6", { timeout: 20_000 });
  // Each kube-proxy's box says where its rules send web's traffic: the three ready pods of the four the
  // EndpointSlice lists, not worker-2's.
  const proxy = (w: string) => `kube-proxy, web: 3/4 (sends web's traffic to 3 of the 4 pods in web's EndpointSlices), on ${w}`;
  for (const w of ["worker-1", "worker-2", "worker-3"]) await expect(page.getByRole("button", { name: proxy(w) })).toBeVisible();
  await expect(page.locator('.react-flow__node[data-id="kube-proxy@worker-1"] .component-state-text')).toHaveText("web: 3/4");
  await page.getByRole("button", { name: proxy("worker-1") }).click();
  const inspector = page.getByRole("complementary", { name: "kube-proxy on worker-1" });
  await expect(inspector.getByRole("heading", { name: /^Rules on worker-1: 2 Services, 4 endpoints$/ })).toBeVisible();
  const rows = inspector.getByRole("group", { name: "Endpoints of default/web" }).getByRole("row");
  // A header and the three ready pods, none of them on worker-2; the chances 1/3, 1/2 and the rest.
  await expect(rows).toHaveCount(4);
  await expect(rows.filter({ hasText: "on worker-2" })).toHaveCount(0);
  await expect(rows.nth(1)).toContainText("1/3 of all");
  await expect(rows.nth(2)).toContainText("1/2 of the rest");
  await expect(rows.nth(3)).toContainText("all the rest");
  await expect(inspector).toContainText("each of the 3 endpoints gets 1 in 3 new connections");
  await expect(inspector).toContainText("1 more endpoint is listed in its EndpointSlices and gets none.");
  await snap(page, testInfo, "services-kube-proxy-rules");
});

test("kube-proxy's box cuts a long Service name to fit, never its count", async ({ page }) => {
  const create = encodeURIComponent("kubectl create deployment checkout-frontend --image=nginx --replicas=3 --port=80");
  const expose = encodeURIComponent("kubectl expose deployment checkout-frontend --port=80");
  await page.goto(`/?seed=1&do=1s+${create}&do=20s+${expose}&t=45s&paused=1`);
  const box = page.getByRole("button", { name: "kube-proxy, checkout-frontend: 3 (sends checkout-frontend's traffic to 3 pods), on worker-1" });
  await expect(box).toBeVisible({ timeout: 20_000 });
  const line = page.locator('.react-flow__node[data-id="kube-proxy@worker-1"] .component-state-text');
  await expect(line).toHaveText("checkout-frontend: 3");
  const fit = await line.evaluate((el) => {
    const [name, count] = [el.querySelector<HTMLElement>(".component-state-name")!, el.querySelector<HTMLElement>(".component-state-count")!];
    const [l, c, b] = [el.getBoundingClientRect(), count.getBoundingClientRect(), el.closest(".component")!.getBoundingClientRect()];
    return { nameCut: name.scrollWidth > name.clientWidth, countWhole: count.scrollWidth <= count.clientWidth + 0.5, countInside: c.right <= Math.min(l.right, b.right) + 0.5 };
  });
  expect(fit).toEqual({ nameCut: true, countWhole: true, countInside: true });
});
