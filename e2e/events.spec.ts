import { expect, test, type Page } from "@playwright/test";
import { watchConsole, openCluster } from "./helpers";

/** The OBJECT column of the rows the events table shows. */
async function shownObjects(page: Page): Promise<string[]> {
  return page.getByRole("table", { name: "Events" }).locator("[role=cell].ev-object").allTextContents();
}

test("clicking an object in the events list shows that object only; typing still matches part of it", async ({ page }) => {
  const problems = watchConsole(page);
  const params = new URLSearchParams();
  params.set("seed", "1");
  params.set("topology", "workers=10");
  params.append("do", "1s kubectl create deployment web --image=nginx --replicas=2");
  params.append("do", "2s kubectl create deployment web2 --image=nginx --replicas=1");
  params.set("t", "40s");
  params.set("paused", "1");
  await openCluster(page, `?${params}`);
  await page.getByRole("button", { name: "Show events" }).click();
  const table = page.getByRole("table", { name: "Events" });
  await expect(table.getByRole("button", { name: "node/worker-10", exact: true }).first()).toBeVisible({ timeout: 15_000 });
  await expect(table.getByRole("button", { name: "deployment/web2", exact: true }).first()).toBeVisible();

  // A click on node/worker-1: worker-1's events, none of worker-10's.
  await table.getByRole("button", { name: "node/worker-1", exact: true }).first().click();
  await expect(page.getByRole("searchbox", { name: "Filter by object" })).toHaveValue("node/worker-1");
  await expect.poll(() => shownObjects(page)).not.toEqual([]);
  expect(new Set(await shownObjects(page))).toEqual(new Set(["node/worker-1"]));

  // Typed without the kind, it is part of a name: worker-10 too. Typed whole, the object only.
  const box = page.getByRole("searchbox", { name: "Filter by object" });
  await box.fill("worker-1");
  await expect.poll(async () => new Set(await shownObjects(page)).has("node/worker-10")).toBe(true);
  await box.fill("node/worker-1");
  await expect.poll(async () => [...new Set(await shownObjects(page))]).toEqual(["node/worker-1"]);

  // A click on deployment/web: not web2.
  await page.getByRole("button", { name: "Clear filter" }).click();
  await table.getByRole("button", { name: "deployment/web", exact: true }).first().click();
  await expect.poll(() => shownObjects(page)).not.toEqual([]);
  expect(new Set(await shownObjects(page))).toEqual(new Set(["deployment/web"]));
  expect(problems).toEqual([]);
});
