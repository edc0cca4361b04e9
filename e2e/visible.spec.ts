import { expect, test } from "@playwright/test";
import { commandInput, simClock, snap, watchConsole, openCluster } from "./helpers";

/** The start state's deployment, then worker-1 stopped at 30 s: a moment paused at `t`. */
const STOPPED = "seed=1&do=1s+kubectl+create+deployment+web+--image%3Dnginx+--replicas%3D3&do=30s+stop+node+worker-1";

test("the timers that matter: a stopped worker's heartbeat age against the 50 s grace, then its pods' toleration countdown", async ({ page }, testInfo) => {
  test.setTimeout(60_000);
  const problems = watchConsole(page);
  // 70 s: worker-1 stopped 40 s ago, still Ready (within the grace); its heartbeat line says how long.
  await openCluster(page, `?${STOPPED}&t=70s&paused=1`);
  const worker1 = page.locator('.react-flow__node[data-id="machine:worker-1"]');
  // "last heartbeat 42 s ago / grace 50 s", or past a minute "1m19s ago".
  const age = async () => {
    const m = /last heartbeat (?:(\d+)m(\d+)s|(\d+) s) ago \/ grace 50 s/.exec((await worker1.locator(".heartbeat-text").textContent()) ?? "");
    return m ? (m[3] !== undefined ? Number(m[3]) : Number(m[1]) * 60 + Number(m[2])) : NaN;
  };
  expect(await age()).toBeGreaterThanOrEqual(40);
  expect(await age()).toBeLessThan(50);
  await expect(page.getByRole("button", { name: /^worker-1, worker node, Ready/ })).toBeVisible();

  // 100 s: past the grace, NotReady and tainted NoExecute; each of its pods counts down its 300 s toleration.
  await openCluster(page, `?${STOPPED}&t=100s&paused=1`);
  await expect(page.getByRole("button", { name: /^worker-1, worker node, NotReady/ })).toBeVisible();
  expect(await age()).toBeGreaterThanOrEqual(70);
  // Marked not Ready by the node lifecycle controller (kubectl still says 1/1).
  const chip = page.getByRole("button", { name: /^pod web-\S+, Running, 1\/1 ready, marked not Ready, on worker-1/ });
  const countdown = chip.locator(".pod-countdown");
  await expect(countdown).toHaveText(/^evicted in 4m\d\ds$/);
  // The countdown is the pod's description for screen readers, too.
  const describedBy = await chip.getAttribute("aria-describedby");
  expect(await countdown.getAttribute("id")).toBe(describedBy);
  await snap(page, testInfo, "timers-worker-1-notready");

  // 30 s later the countdown is 30 s shorter.
  const before = /4m(\d\d)s/.exec((await countdown.textContent()) ?? "")![1];
  await openCluster(page, `?${STOPPED}&t=130s&paused=1`);
  expect(await simClock(page)).toBe(130_000);
  await expect(countdown).toHaveText(`evicted in 4m${String(Number(before) - 30).padStart(2, "0")}s`);
  expect(problems).toEqual([]);
});

test("the scheduler's inspector shows its last decision: each node's filter verdict, and the feasible nodes' scores", async ({ page }, testInfo) => {
  test.setTimeout(60_000);
  await openCluster(page, "?seed=1&t=60s&paused=1");
  await page.getByRole("button", { name: /^kube-scheduler, / }).click();
  const inspector = page.locator(".sidebar-inspector");
  await expect(inspector).toBeVisible();
  await expect(inspector.getByText("Last scheduling decision")).toBeVisible();
  await expect(inspector.locator(".decision-summary")).toContainText(/Pod default\/web-\S+ → chosen node ★ worker-\d \(3 of 4 nodes feasible\)/);
  // The control plane was filtered out by its taint, in words.
  await expect(inspector).toContainText("control-plane-1");
  await expect(inspector).toContainText(/untolerated taint/);
  // A score row per plugin and a weighted total per feasible node.
  const scores = inspector.getByRole("group", { name: "Scores of the feasible nodes" });
  await expect(scores.getByRole("columnheader", { name: /worker-1/ })).toBeVisible();
  await expect(scores.getByRole("rowheader", { name: "Weighted total" })).toBeVisible();
  await snap(page, testInfo, "inspector-scheduler");
});

test("the toolbar scales a deployment and deletes a pod through its dialogs; Fit to view and 100% set the zoom", async ({ page }, testInfo) => {
  test.setTimeout(90_000);
  await openCluster(page, "?seed=1&t=60s&paused=1");
  const pods = page.getByRole("button", { name: /^pod web-/ });
  await expect(pods).toHaveCount(3);

  await page.getByRole("button", { name: "Scale deployment" }).click();
  const scale = page.getByRole("dialog", { name: "Scale deployment" });
  await scale.getByLabel("Replicas").fill("5");
  await expect(scale).toContainText("kubectl scale deployment web --replicas=5");
  await scale.getByRole("button", { name: "Scale" }).click();
  await expect(scale).toBeHidden();
  await page.getByRole("button", { name: "Play", exact: true }).click();
  await expect(pods).toHaveCount(5, { timeout: 30_000 });

  await page.getByRole("button", { name: "Pause", exact: true }).click();
  await page.getByRole("button", { name: "Delete pod" }).click();
  const del = page.getByRole("dialog", { name: "Delete pod" });
  const victim = await del.getByLabel("Pod").inputValue();
  await expect(del).toContainText(`kubectl delete pod ${victim}`);
  await del.getByRole("button", { name: "Delete pod" }).click();
  await expect(del).toBeHidden();
  await page.getByRole("button", { name: "Play", exact: true }).click();
  await expect(page.getByRole("button", { name: new RegExp(`^pod ${victim}, Terminating`) })).toBeVisible({ timeout: 30_000 });
  await snap(page, testInfo, "toolbar-scaled-and-deleted");

  const zoom = () => page.locator(".react-flow__viewport").evaluate((e) => new DOMMatrixReadOnly(getComputedStyle(e).transform).a);
  await page.getByRole("button", { name: "100%" }).click();
  await expect.poll(zoom).toBeCloseTo(1, 2);
  await page.getByRole("button", { name: "Fit to view" }).click();
  await expect.poll(zoom).toBeLessThan(0.95);
});

test("acting in the past forks the timeline, and the command's output says so and what was dropped", async ({ page }) => {
  test.setTimeout(60_000);
  await openCluster(page, `?${STOPPED.replace("do=30s", "do=90s")}&t=20s&paused=1`);
  await commandInput(page).fill("kubectl get pods");
  await commandInput(page).press("Enter");
  await page.getByRole("button", { name: "Play", exact: true }).click();
  const output = page.getByRole("region", { name: "Command output" });
  await expect(output.locator(".command-fork")).toHaveText("The timeline forked at 0:00:20.000: 1 later action was dropped: stop node worker-1 (at 0:01:30.000).", { timeout: 20_000 });
  // The screen reader hears it with the result.
  await expect(page.getByRole("status").filter({ hasText: /^The timeline forked at 0:00:20\.000/ })).toHaveCount(1);
});
