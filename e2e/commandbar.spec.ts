import { expect, test } from "@playwright/test";
import { commandInput, watchConsole, openCluster } from "./helpers";

test("the command bar checks a line quietly while typing and alerts only a submitted bad line", async ({ page }) => {
  const problems = watchConsole(page);
  await openCluster(page, "?seed=1&t=5s&paused=1");
  const input = commandInput(page);
  const message = 'error: required flag(s) "image" not set';
  await input.fill("kubectl create deploy shop --replicas=3");
  // The check shows once typing pauses, described by the input, and is not an alert.
  const check = page.locator(".command-check");
  await expect(check).toHaveText(message);
  await expect(input).toHaveAttribute("aria-invalid", "true");
  await expect(input).toHaveAccessibleDescription(new RegExp(message.replace(/[()[\]]/g, "\\$&")));
  await expect(page.getByRole("alert").filter({ hasText: message })).toHaveCount(0);
  expect(await check.getAttribute("role")).toBeNull();
  expect(await check.getAttribute("aria-live")).toBeNull();

  // Enter: now it is an alert, shown once.
  await input.press("Enter");
  await expect(page.getByRole("alert").filter({ hasText: message })).toBeVisible();
  await expect(page.getByText(message, { exact: true })).toHaveCount(1);
  await expect(input).toHaveAccessibleDescription(new RegExp(message.replace(/[()[\]]/g, "\\$&")));

  // Typing again takes the alert away; the fixed line checks clean.
  await input.fill("kubectl create deploy shop --image=nginx");
  await expect(page.getByRole("alert").filter({ hasText: message })).toHaveCount(0);
  await page.waitForTimeout(400);
  await expect(check).toBeEmpty();
  await expect(input).not.toHaveAttribute("aria-invalid", "true");
  expect(problems).toEqual([]);
});
