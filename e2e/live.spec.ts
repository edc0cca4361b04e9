import { expect, test } from "@playwright/test";
import { commandInput, openCluster, runCommand, runningPods, setSpeed, simClock, snap, watchConsole } from "./helpers";

test("loads the live cluster without console errors", async ({ page }, testInfo) => {
  const problems = watchConsole(page);
  await openCluster(page);

  await expect(page).toHaveTitle(/ClusterScope/);
  await expect(page.getByRole("heading", { level: 1, name: "ClusterScope" })).toBeVisible();
  // Every machine is on the canvas by name, with its role and its status in words, and a Stop button.
  await expect(page.getByRole("button", { name: /^control-plane-1, control-plane node, Ready/ })).toBeVisible();
  for (const worker of ["worker-1", "worker-2", "worker-3"]) {
    await expect(page.getByRole("button", { name: new RegExp(`^${worker}, worker node, Ready`) })).toBeVisible();
    await expect(page.getByRole("button", { name: `Stop ${worker}` })).toBeVisible();
  }
  // The wires are drawing only: drawn, and not read out as "Edge from … to …" images.
  expect(await page.locator(".react-flow__edge").count()).toBeGreaterThan(10);
  await expect(page.getByRole("img", { name: /^Edge from/ })).toHaveCount(0);
  // The panels are there and named (at 1280×720 the events start folded).
  await page.getByRole("button", { name: "Show events" }).click();
  await expect(page.getByRole("table", { name: "Events" })).toBeVisible();
  await expect(commandInput(page)).toBeVisible();
  await expect(page.getByRole("slider", { name: "Timeline" })).toBeVisible();

  // The start state plays: the sim clock moves.
  const t0 = await simClock(page);
  await expect.poll(() => simClock(page)).toBeGreaterThan(t0);

  await snap(page, testInfo, "loaded");
  expect(problems).toEqual([]);
});

test("creating a deployment from the command bar gives three Running pods on workers", async ({ page }, testInfo) => {
  test.setTimeout(90_000);
  const problems = watchConsole(page);
  await openCluster(page);

  // A line kubectl would reject is answered inline at once and not run.
  const input = commandInput(page);
  await input.fill("kubectl create deploy shop --replicas=3");
  await input.press("Enter");
  await expect(page.getByRole("alert").filter({ hasText: 'error: required flag(s) "image" not set' })).toBeVisible();

  await runCommand(page, "kubectl create deployment shop --image=nginx --replicas=3", "deployment.apps/shop created");
  await setSpeed(page, "End", "100×");
  await expect(runningPods(page, "shop")).toHaveCount(3, { timeout: 60_000 });
  await snap(page, testInfo, "three-running-pods");

  // kubectl agrees: three shop pods Running.
  await runCommand(page, "kubectl get pods", /shop-\S+\s+1\/1\s+Running/);
  const output = await page.getByRole("region", { name: "Command output" }).textContent();
  expect(output?.match(/shop-\S+\s+1\/1\s+Running/g)?.length).toBe(3);
  await snap(page, testInfo, "get-pods");
  expect(problems).toEqual([]);
});

test("stopping worker-1 makes it NotReady and its pods are replaced on other workers", async ({ page }, testInfo) => {
  test.setTimeout(180_000);
  const problems = watchConsole(page);
  await openCluster(page);
  await setSpeed(page, "End", "100×");
  await expect(page.getByRole("checkbox", { name: "Auto-pace" })).toBeChecked();
  await expect(runningPods(page, "web")).toHaveCount(3, { timeout: 60_000 });
  const onWorker1 = await page.getByRole("button", { name: /^pod web-.*on worker-1$/ }).count();
  // The scheduler spreads web's three pods over the three workers: worker-1 holds some to lose.
  expect(onWorker1).toBeGreaterThan(0);

  await page.getByRole("button", { name: "Stop worker-1" }).click();
  await expect(page.getByRole("button", { name: "Start worker-1" })).toBeVisible();
  // At 1280×720 the events start folded so the cluster gets the width.
  await page.getByRole("button", { name: "Show events" }).click();
  // The node lifecycle controller marks it NotReady after the grace period.
  await expect(page.getByRole("button", { name: /^worker-1, worker node, NotReady/ })).toBeVisible({ timeout: 60_000 });
  await expect(page.getByRole("table", { name: "Events" }).getByRole("row").filter({ hasText: "node/worker-1" }).filter({ hasText: "NodeNotReady" }).first()).toBeVisible();
  // Warnings, and only warnings, are read out by the events panel's polite live region.
  await expect(page.getByRole("complementary", { name: "Events" }).getByRole("status")).toContainText("Warning");
  await snap(page, testInfo, "worker-1-notready");

  // After the 300 s toleration the pods are evicted and the ReplicaSet replaces them elsewhere.
  await expect(runningPods(page, "web", "worker-1")).toHaveCount(3, { timeout: 150_000 });
  const events = page.getByRole("table", { name: "Events" });
  const evicted = events.getByRole("row").filter({ hasText: "TaintManagerEviction" }).first();
  await expect(evicted).toBeVisible();
  // And not before: paused, the eviction's LAST SEEN is the toleration (300 s) younger than the node's
  // NodeNotReady (the taint lands with NotReady). Paused at once: at 100× a quiet cluster runs minutes
  // on in a moment, and past 10 minutes kubectl's ages drop their seconds ("12m").
  await page.getByRole("button", { name: "Pause" }).click();
  await expect(page.getByRole("button", { name: "Play" })).toBeVisible();
  await snap(page, testInfo, "pods-replaced");
  await page.waitForTimeout(1500); // LAST SEEN is refreshed once a second
  const evictedAge = ageSeconds(await evicted.locator(".ev-last").textContent());
  await page.getByRole("searchbox", { name: "Filter by object" }).fill("node/worker-1");
  const notReady = events.getByRole("row").filter({ hasText: "NodeNotReady" }).first();
  await expect(notReady).toBeVisible();
  const notReadyText = await notReady.locator(".ev-last").textContent();
  const notReadyAge = ageSeconds(notReadyText);
  // kubectl's ages are whole seconds under 10 minutes, whole minutes from there (HumanDuration).
  const slack = /^\d+m$/.test((notReadyText ?? "").trim()) ? 59 : 0;
  expect(notReadyAge - evictedAge).toBeGreaterThanOrEqual(299 - slack);
  expect(notReadyAge - evictedAge).toBeLessThanOrEqual(310 + slack);
  expect(problems).toEqual([]);
});

test("pause, step and scrubbing back move the sim clock as expected", async ({ page }, testInfo) => {
  test.setTimeout(90_000);
  const problems = watchConsole(page);
  await openCluster(page);
  await setSpeed(page, "End", "100×");
  await expect.poll(() => simClock(page), { timeout: 60_000 }).toBeGreaterThan(15_000);

  // Pause: the clock stops.
  await page.getByRole("button", { name: "Pause" }).click();
  await expect(page.getByRole("button", { name: "Play" })).toBeVisible();
  await expect(page.getByText("paused", { exact: true })).toBeVisible();
  const paused = await simClock(page);
  await page.waitForTimeout(600);
  expect(await simClock(page)).toBe(paused);

  // Step: on to the next message, and still paused.
  const step = page.getByRole("button", { name: "Step to next message" });
  await expect
    .poll(async () => {
      await step.click();
      return simClock(page);
    })
    .toBeGreaterThan(paused);
  const stepped = await simClock(page);
  // Onto the next message, not a jump: a 3-worker cluster sends one every few seconds at most.
  expect(stepped - paused).toBeLessThan(10_000);
  await expect(page.getByRole("button", { name: "Play" })).toBeVisible();
  await page.waitForTimeout(400);
  expect(await simClock(page)).toBe(stepped);
  await snap(page, testInfo, "paused-stepped");

  // Back a step (the ← button): to where that step began, still paused; stepping again reaches the same message.
  await page.getByRole("button", { name: "Back a step" }).click();
  await expect.poll(() => simClock(page)).toBeLessThan(stepped);
  expect(await simClock(page)).toBeGreaterThanOrEqual(paused);
  await expect(page.getByRole("button", { name: "Play" })).toBeVisible();
  await step.click();
  await expect.poll(() => simClock(page)).toBe(stepped);

  // Scrub back 10 s with Shift+← on the timeline, then 1 s with ←.
  const timeline = page.getByRole("slider", { name: "Timeline" });
  await timeline.focus();
  await timeline.press("Shift+ArrowLeft");
  await expect.poll(() => simClock(page)).toBe(stepped - 10_000);
  await timeline.press("ArrowLeft");
  await expect.poll(() => simClock(page)).toBe(stepped - 11_000);
  await snap(page, testInfo, "scrubbed-back");

  // End goes back to the furthest time reached; Space (outside a control) plays again.
  await timeline.press("End");
  await expect.poll(() => simClock(page)).toBeGreaterThanOrEqual(stepped);
  await page.locator("h1").click();
  await page.keyboard.press("Space");
  await expect(page.getByRole("button", { name: "Pause" })).toBeVisible();
  expect(problems).toEqual([]);
});

test("the inspector opens for a pod", async ({ page }, testInfo) => {
  test.setTimeout(90_000);
  const problems = watchConsole(page);
  await openCluster(page);
  await setSpeed(page, "End", "100×");
  await expect(runningPods(page, "web").first()).toBeVisible({ timeout: 60_000 });
  // The chip's title starts with the pod's full name ("web-7d9c-x2x4q — Running").
  const name = ((await runningPods(page, "web").first().getAttribute("title")) ?? "").split(" ")[0];
  await page.getByRole("button", { name: new RegExp(`^pod .*${name}`) }).click();

  const inspector = page.getByRole("complementary", { name: `pod ${name}` });
  await expect(inspector).toBeVisible();
  await expect(inspector).toContainText("kind: Pod");
  await expect(inspector).toContainText(`name: ${name}`);
  // Its conditions, as the kubelet reports them (KUBERNETES.md: PodReadyToStartContainers is on by default since v1.29).
  await expect(inspector.getByRole("heading", { name: "Conditions" })).toBeVisible();
  for (const type of ["PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady", "PodScheduled"]) {
    await expect(inspector.getByRole("row", { name: new RegExp(`^${type} True`) })).toBeVisible();
  }
  // Its recent events, from the scheduler to the kubelet's container start.
  await expect(inspector.getByRole("heading", { name: "Recent events" })).toBeVisible();
  const node = ((await page.getByRole("button", { name: new RegExp(`^pod .*${name}`) }).getAttribute("aria-label")) ?? "").match(/on (worker-\d+)$/)?.[1];
  expect(node).toBeTruthy();
  await expect(inspector.getByRole("row").filter({ hasText: "Scheduled" }).filter({ hasText: `Successfully assigned default/${name} to ${node}` })).toBeVisible();
  await expect(inspector.getByRole("row").filter({ hasText: "Started" }).filter({ hasText: "Started container nginx" })).toBeVisible();
  await snap(page, testInfo, "inspector-pod");

  await page.keyboard.press("Escape");
  await expect(inspector).toBeHidden();
  expect(problems).toEqual([]);
});

test("a crashed simulation says so and restarts", async ({ page }, testInfo) => {
  const problems = watchConsole(page);
  // The worker script fails to load: the page must say so in words, not freeze.
  await page.route(/worker-[^/]*\.js$/, (route) => route.fulfill({ status: 200, contentType: "text/javascript", body: "throw new Error('boom');" }));
  await page.goto("/");
  const banner = page.getByRole("alert").filter({ hasText: "The simulation stopped:" });
  await expect(banner).toBeVisible({ timeout: 15_000 });
  await snap(page, testInfo, "crashed");

  await page.unroute(/worker-[^/]*\.js$/);
  await page.getByRole("button", { name: "Restart simulation" }).click();
  await expect(banner).toBeHidden();
  await expect(page.getByRole("button", { name: "Stop worker-3" })).toBeVisible({ timeout: 15_000 });
  // The crash itself may log to the console; nothing else should.
  expect(problems.filter((p) => !p.includes("boom"))).toEqual([]);
});

test("a simulation that fails while it replays a link's moment says so, with the canvas's buttons and no word of a replay still running", async ({ page }) => {
  // The worker starts, then fails 3 s in: after the UI has come (UI_WAIT_MS), without a state.
  await page.route(/worker-[^/]*\.js$/, (route) => route.fulfill({ status: 200, contentType: "text/javascript", body: "setTimeout(() => { throw new Error('boom'); }, 3000);" }));
  await page.goto("/?seed=7&t=5m&paused=1");
  await expect(page.getByRole("status").filter({ hasText: "Running the simulation to 0:05:00.000, the link's moment…" })).toBeVisible({ timeout: 15_000 });
  await expect(page.getByRole("alert").filter({ hasText: "The simulation stopped:" })).toBeVisible({ timeout: 15_000 });
  await expect(page.getByRole("status").filter({ hasText: "Running the simulation" })).toHaveCount(0);
  // The canvas is there without a cluster: its view buttons (and Export PNG's picture) with it.
  await expect(page.getByRole("button", { name: "Fit to view" })).toBeVisible();
});

test("keyboard: the Faults menu stops a machine, dialogs trap focus and Escape closes them", async ({ page }, testInfo) => {
  const problems = watchConsole(page);
  await openCluster(page);

  // Faults menu: open with the keyboard, pick "Stop worker-2".
  const faults = page.getByRole("button", { name: "Faults", exact: true });
  await faults.focus();
  await faults.press("Enter");
  const menu = page.getByRole("menu", { name: "Faults" });
  await expect(menu).toBeVisible();
  await expect(page.getByRole("menuitem", { name: "Stop control-plane-1" })).toBeFocused();
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("ArrowDown");
  await expect(page.getByRole("menuitem", { name: "Stop worker-2" })).toBeFocused();
  await snap(page, testInfo, "faults-menu");
  await page.keyboard.press("Enter");
  await expect(menu).toBeHidden();
  await expect(faults).toBeFocused();
  await expect(page.getByRole("button", { name: "Start worker-2" })).toBeVisible({ timeout: 15_000 });

  // The create dialog: focus starts inside, Tab stays inside, Escape closes and focus returns.
  const create = page.getByRole("button", { name: "Create deployment" });
  await create.click();
  const dialog = page.getByRole("dialog", { name: "Create deployment" });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole("textbox", { name: "Name" })).toBeFocused();
  for (let i = 0; i < 8; i++) {
    await page.keyboard.press("Tab");
    expect(await dialog.evaluate((d) => d.contains(document.activeElement))).toBe(true);
  }
  await snap(page, testInfo, "create-dialog");
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await expect(create).toBeFocused();

  // Tab completion and history in the command bar.
  const input = commandInput(page);
  await input.fill("kubectl get no");
  await input.press("Tab");
  await expect(input).toHaveValue("kubectl get nodes ");
  await input.press("Enter");
  await expect(page.getByRole("region", { name: "Command output" })).toContainText("worker-2");
  await input.press("ArrowUp");
  await expect(input).toHaveValue("kubectl get nodes");
  expect(problems).toEqual([]);
});

test("the toolbar creates a deployment, and Reset returns to the start state", async ({ page }, testInfo) => {
  test.setTimeout(90_000);
  const problems = watchConsole(page);
  await openCluster(page);
  await setSpeed(page, "End", "100×");

  // Create deployment: the dialog shows the line it runs, and running it gives two Running api pods.
  await page.getByRole("button", { name: "Create deployment" }).click();
  const dialog = page.getByRole("dialog", { name: "Create deployment" });
  await dialog.getByRole("spinbutton", { name: "Replicas" }).fill("2");
  await expect(dialog).toContainText("kubectl create deployment api --image=nginx --replicas=2");
  await dialog.getByRole("button", { name: "Create" }).click();
  await expect(dialog).toBeHidden();
  await expect(runningPods(page, "api")).toHaveCount(2, { timeout: 60_000 });
  await expect.poll(() => simClock(page)).toBeGreaterThan(20_000);
  await snap(page, testInfo, "api-created");

  // Reset: asked first, then back to the start: the clock near 0, no api pods, web's pods created anew.
  await page.getByRole("button", { name: "Reset", exact: true }).click();
  const confirm = page.getByRole("dialog", { name: "Reset the cluster?" });
  await confirm.getByRole("button", { name: "Reset" }).click();
  await expect(confirm).toBeHidden();
  await expect(page.getByRole("button", { name: /^pod api-/ })).toHaveCount(0);
  await expect.poll(() => simClock(page)).toBeLessThan(15_000);
  await expect(page.getByRole("button", { name: /^pod web-/ })).toHaveCount(3, { timeout: 30_000 });
  await snap(page, testInfo, "reset");
  expect(problems).toEqual([]);
});

test("a pod's journey on the canvas: Unscheduled, bound to its node, ContainerCreating, Running; a cordoned node says SchedulingDisabled", async ({ page }, testInfo) => {
  test.setTimeout(90_000);
  const problems = watchConsole(page);
  // 30 ms after `kubectl create deployment`: the ReplicaSet has made its first pod, not yet scheduled.
  await openCluster(page, "?seed=1&topology=masters%3D1%2Cworkers%3D3&do=1s+kubectl+create+deployment+web+--image%3Dnginx+--replicas%3D3&t=1030ms&paused=1");
  const chip = page.getByRole("button", { name: /^pod web-\S+-5dxd2,/ });
  await expect(chip).toHaveAccessibleName(/, Pending, 0\/1 ready, not scheduled yet$/);
  const inside = async (node: string) => {
    const [c, n] = await Promise.all([chip.boundingBox(), page.locator(`.react-flow__node[data-id="${node}"]`).boundingBox()]);
    return !!c && !!n && c.x >= n.x - 1 && c.y >= n.y - 1 && c.x + c.width <= n.x + n.width + 1 && c.y + c.height <= n.y + n.height + 1;
  };
  expect(await inside("unscheduled")).toBe(true);
  await snap(page, testInfo, "journey-unscheduled");

  // Step by step until the scheduler binds it: the chip travels into worker-2.
  const step = page.getByRole("button", { name: "Step to next message" });
  // Each step is waited for (the clock moves on) before the next: a poll that clicked on a timer ran out
  // of time on a slow CI machine after fewer than the six steps this takes.
  for (let i = 0; i < 20 && !/on worker-2$/.test((await chip.getAttribute("aria-label")) ?? ""); i++) {
    const before = await simClock(page);
    await step.click();
    await expect.poll(() => simClock(page)).toBeGreaterThan(before);
  }
  await expect(chip).toHaveAccessibleName(/on worker-2$/);
  await expect.poll(() => inside("machine:worker-2")).toBe(true);
  expect(await inside("unscheduled")).toBe(false);
  await snap(page, testInfo, "journey-bound");

  // Playing on: the kubelet pulls the image and starts the container, in kubectl's STATUS words.
  await page.getByRole("button", { name: "Play" }).click();
  await expect(chip).toHaveAccessibleName(/, ContainerCreating, 0\/1 ready, on worker-2$/, { timeout: 20_000 });
  await snap(page, testInfo, "journey-containercreating");
  await setSpeed(page, "End", "100×");
  await expect(chip).toHaveAccessibleName(/, Running, 1\/1 ready, on worker-2$/, { timeout: 30_000 });

  // Cordoned, a node is Ready,SchedulingDisabled, in words.
  await runCommand(page, "kubectl cordon worker-1", "node/worker-1 cordoned");
  await expect(page.getByRole("button", { name: /^worker-1, worker node, Ready,SchedulingDisabled/ })).toBeVisible();
  await snap(page, testInfo, "journey-cordoned");
  expect(problems).toEqual([]);
});

/** Seconds in a LAST SEEN age as kubectl prints it ("45s", "5m", "5m12s", "2m (x3)"). */
function ageSeconds(text: string | null): number {
  const m = /^(?:(\d+)m)?(?:(\d+)s)?\b/.exec((text ?? "").trim());
  if (!m || (m[1] === undefined && m[2] === undefined)) throw new Error(`unreadable age "${text}"`);
  return Number(m[1] ?? 0) * 60 + Number(m[2] ?? 0);
}
