import { expect, type Page } from "@playwright/test";

/** Opens a moment from a link (`?seed=1&t=60s&paused=1`) and waits for the cluster to be drawn. */
export async function openMoment(page: Page, query: string): Promise<void> {
  await page.goto(`/${query}`);
  await expect(page.getByRole("button", { name: "Stop worker-3" })).toBeVisible({ timeout: 15_000 });
}
