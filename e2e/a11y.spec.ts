import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";

const THEMES = ["light", "dark", "contrast"] as const;

/**
 * TODO(canvas): two known issues inside the cluster picture (src/canvas), which these rules check
 * everywhere but there until the canvas fixes them:
 * - label-content-name-mismatch (WCAG 2.5.3 Label in Name): the component nodes' and pod chips' names
 *   ("kube-scheduler on control-plane-1, running") do not contain their visible text ("kube-scheduler
 *   leader"); their names should start with what they show.
 * - target-size (WCAG 2.5.8): the legend's "Show heartbeats" checkbox is 21 px at fit-to-view (React
 *   Flow scales the picture below 1); it needs a bigger hit area in flow pixels.
 */
const KNOWN_CANVAS_ISSUES = ["label-content-name-mismatch", "target-size"];

async function violations(page: Page, include?: string) {
  const tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];
  let all = new AxeBuilder({ page }).withTags(tags).disableRules(KNOWN_CANVAS_ISSUES);
  // The known canvas issue's rule still runs on everything outside the cluster picture.
  let rest = new AxeBuilder({ page }).withRules(KNOWN_CANVAS_ISSUES).exclude(".cluster-canvas");
  if (include) {
    all = all.include(include);
    rest = rest.include(include);
  }
  const found = [...(await all.analyze()).violations, ...(await rest.analyze()).violations];
  return found.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 4).map((n) => n.target.join(" ")).join(" | ")}`);
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
  });

  test(`no axe violations in the ${theme} theme: a lesson`, async ({ page }) => {
    test.setTimeout(90_000);
    await page.goto(`/?theme=${theme}&lesson=pod-journey&step=2`);
    await expect(page.getByRole("button", { name: "Stop worker-3" })).toBeVisible({ timeout: 15_000 });
    const panel = page.locator(".lesson-panel");
    await panel.waitFor({ timeout: 5_000 }).catch(() => {});
    test.skip((await panel.count()) === 0, "the lessons (src/lessons, the LessonPanel) have not landed yet");
    await page.getByRole("button", { name: /^(Pause|Play)$/ }).first().click();
    expect(await violations(page)).toEqual([]);
  });
}

test("no axe violations in embed mode and in the Present and help dialogs", async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto(`/?embed=1&theme=dark&paused=1`);
  await expect(page.getByRole("button", { name: "Stop worker-3" })).toBeVisible({ timeout: 15_000 });
  expect(await violations(page)).toEqual([]);
  await page.goto(`/?paused=1`);
  await expect(page.getByRole("button", { name: "Stop worker-3" })).toBeVisible({ timeout: 15_000 });
  await page.getByRole("button", { name: "Present" }).click();
  expect(await violations(page, "dialog")).toEqual([]);
  await page.getByRole("button", { name: "Keyboard shortcuts" }).click();
  expect(await violations(page, "dialog")).toEqual([]);
});
