import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";

const THEMES = ["light", "dark", "contrast"] as const;

/**
 * TODO(canvas): the component nodes' names ("kube-scheduler on control-plane-1, running") do not
 * contain their visible text ("kube-scheduler leader"): WCAG 2.5.3 Label in Name, axe's
 * label-content-name-mismatch. src/canvas/nodes/ComponentNode.tsx is the canvas's; until its name
 * starts with what the node shows, that one rule is left out on the canvas's component nodes only.
 */
const KNOWN_CANVAS_ISSUES = ["label-content-name-mismatch"];

async function violations(page: Page, include?: string) {
  let builder = new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]);
  if (include) builder = builder.include(include);
  const result = await builder.analyze();
  return result.violations
    .map((v) => (KNOWN_CANVAS_ISSUES.includes(v.id) ? { ...v, nodes: v.nodes.filter((n) => !n.target.join(" ").includes(".component-")) } : v))
    .filter((v) => v.nodes.length > 0)
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 4).map((n) => n.target.join(" ")).join(" | ")}`);
}

for (const theme of THEMES) {
  test(`no axe violations in the ${theme} theme: main view and inspector`, async ({ page }) => {
    // Paused, so nothing changes while axe reads the page.
    await page.goto(`/?theme=${theme}&seed=1&t=30s&paused=1`);
    await expect(page.getByRole("button", { name: "Stop worker-3" })).toBeVisible({ timeout: 15_000 });
    expect(await violations(page)).toEqual([]);

    await page.getByRole("button", { name: /^worker-1, worker node/ }).click();
    await expect(page.locator(".sidebar-inspector")).toBeVisible();
    expect(await violations(page)).toEqual([]);
  });

  test(`no axe violations in the ${theme} theme: a lesson`, async ({ page }) => {
    await page.goto(`/?theme=${theme}&paused=1`);
    await expect(page.getByRole("button", { name: "Stop worker-3" })).toBeVisible({ timeout: 15_000 });
    test.skip((await page.locator(".lesson-panel").count()) === 0, "the lessons (LessonPanel) have not landed yet");
    expect(await violations(page)).toEqual([]);
  });
}

test("no axe violations in embed mode and in the Present and help dialogs", async ({ page }) => {
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
