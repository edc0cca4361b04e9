import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";

const THEMES = ["light", "dark", "contrast"] as const;

/** Every WCAG 2.2 A and AA rule axe has, over the whole page or `include`, the cluster picture too. */
async function violations(page: Page, include?: string) {
  const tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];
  let builder = new AxeBuilder({ page }).withTags(tags);
  if (include) builder = builder.include(include);
  return (await builder.analyze()).violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 4).map((n) => n.target.join(" ")).join(" | ")}`);
}

for (const theme of THEMES) {
  test(`no axe violations in the ${theme} theme: main view and inspector`, async ({ page }) => {
    test.setTimeout(120_000);
    // Paused, so nothing changes while axe reads the page.
    await page.goto(`/?theme=${theme}&seed=1&t=30s&paused=1`);
    await expect(page.getByRole("button", { name: "Stop worker-3" })).toBeVisible({ timeout: 15_000 });
    expect(await violations(page)).toEqual([]);

    await page.getByRole("button", { name: /^worker-1, worker node/ }).click();
    await expect(page.locator(".sidebar-inspector")).toBeVisible();
    expect(await violations(page)).toEqual([]);

    // A component's inspector with tables of its own: kube-proxy's rules, the iptables lines unfolded.
    await page.getByRole("button", { name: "kube-proxy, running, on worker-1" }).click();
    await expect(page.getByRole("group", { name: "Endpoints of default/kubernetes:https" })).toBeVisible();
    await page.getByText("The rules, as iptables lines").click();
    await expect(page.getByLabel("kube-proxy's iptables rules on worker-1")).toBeVisible();
    expect(await violations(page)).toEqual([]);
  });

  test(`no axe violations in the ${theme} theme: a lesson`, async ({ page }) => {
    test.setTimeout(90_000);
    await page.goto(`/?theme=${theme}&lesson=pod-journey&step=2`);
    await expect(page.getByRole("button", { name: "Stop worker-3" })).toBeVisible({ timeout: 15_000 });
    await expect(page.locator(".lesson-panel")).toBeVisible();
    await page.getByRole("button", { name: /^(Pause|Play)$/ }).first().click();
    expect(await violations(page)).toEqual([]);
  });
}

test("no axe violations with large text at 1280×720: a lesson, its narration scrolling", async ({ page }) => {
  test.setTimeout(90_000);
  await page.goto(`/?lesson=worker-dies&step=1&text=large`);
  await expect(page.getByRole("button", { name: "Stop worker-3" })).toBeVisible({ timeout: 15_000 });
  await page.getByRole("button", { name: /^(Pause|Play)$/ }).first().click();
  // The narration is longer than its space here: a scrolling region, which the keyboard must reach.
  const body = page.getByRole("region", { name: "Step narration" });
  expect(await body.evaluate((e) => e.scrollHeight > e.clientHeight)).toBe(true);
  expect(await violations(page)).toEqual([]);
});

test("no axe violations in embed mode and in the Present and help dialogs", async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto(`/?embed=1&theme=dark&paused=1`);
  await expect(page.getByRole("button", { name: "Stop worker-3" })).toBeVisible({ timeout: 15_000 });
  expect(await violations(page)).toEqual([]);
  // The `?` key's button in the embed's step bar: every key has one.
  await page.getByRole("navigation", { name: "Steps" }).getByRole("button", { name: "Keyboard shortcuts" }).click();
  await expect(page.getByRole("dialog")).toBeVisible();
  expect(await violations(page, "dialog")).toEqual([]);
  await page.keyboard.press("Escape");
  await expect(page.getByRole("dialog")).toHaveCount(0);
  await page.goto(`/?paused=1`);
  await expect(page.getByRole("button", { name: "Stop worker-3" })).toBeVisible({ timeout: 15_000 });
  await page.getByRole("button", { name: "Present" }).click();
  expect(await violations(page, "dialog")).toEqual([]);
  await page.getByRole("button", { name: "Keyboard shortcuts" }).click();
  expect(await violations(page, "dialog")).toEqual([]);
});

test("a machine's, a component's and a pod's buttons are toggles: pressed again, they let go and the inspector closes", async ({ page }) => {
  test.setTimeout(60_000);
  await page.goto(`/?seed=1&t=60s&paused=1`);
  await expect(page.getByRole("button", { name: "Stop worker-3" })).toBeVisible({ timeout: 15_000 });
  const inspector = page.locator(".sidebar-inspector");
  for (const button of [
    page.getByRole("button", { name: /^worker-1, worker node/ }),
    page.getByRole("button", { name: /^kube-scheduler, / }),
    page.getByRole("button", { name: /^load balancer, / }),
    page.getByRole("button", { name: /^pod web-/ }).first(),
  ]) {
    // From the keyboard: Enter presses (the inspector opens and takes focus), Enter on it again lets go.
    await button.focus();
    await page.keyboard.press("Enter");
    await expect(button).toHaveAttribute("aria-pressed", "true");
    await expect(inspector).toBeVisible();
    await button.focus();
    await page.keyboard.press("Enter");
    await expect(button).toHaveAttribute("aria-pressed", "false");
    await expect(inspector).toBeHidden();
  }
});
