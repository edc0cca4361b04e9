import { expect, test } from "@playwright/test";

test("shows the static cluster picture without console errors", async ({ page }, testInfo) => {
  const problems: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console.error: ${message.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));

  await page.goto("/");

  await expect(page).toHaveTitle(/ClusterScope/);
  await expect(page.getByRole("heading", { level: 1, name: "ClusterScope" })).toBeVisible();
  for (const machine of ["control-plane-1", "worker-1", "worker-2", "worker-3"]) {
    await expect(page.getByRole("heading", { name: machine, exact: true })).toBeVisible();
  }
  // Each machine card is a region named after the machine, its role and its status in words.
  await expect(page.getByRole("region", { name: "worker-1 (worker node, Ready)" })).toBeVisible();
  await expect(page.getByRole("region", { name: "control-plane-1 (control-plane node, Ready)" })).toBeVisible();

  await page.screenshot({ path: testInfo.outputPath("static-cluster.png"), fullPage: true });
  await page.screenshot({ path: "test-results/static-cluster.png", fullPage: true });

  expect(problems).toEqual([]);
});
