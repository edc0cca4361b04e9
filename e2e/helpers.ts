import { expect, type Locator, type Page, type TestInfo } from "@playwright/test";

/** Collects console errors and page errors; assert it is empty at the end of a test. */
export function watchConsole(page: Page): string[] {
  const problems: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console.error: ${message.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  return problems;
}

/** Opens the page, or a moment from a link (`?seed=1&t=60s&paused=1`), and waits for the cluster to be drawn (every machine has a Stop button). */
export async function openCluster(page: Page, query = ""): Promise<void> {
  await page.goto(`/${query}`);
  await expect(page.getByRole("button", { name: "Stop worker-3" })).toBeVisible({ timeout: 15_000 });
}

/** The header's sim clock, in sim ms ("0:01:23.456" → 83456). */
export async function simClock(page: Page): Promise<number> {
  const text = (await page.locator("time.sim-clock-value").textContent()) ?? "";
  const m = /^(\d+):(\d{2}):(\d{2})\.(\d{3})$/.exec(text.trim());
  if (!m) throw new Error(`unreadable sim clock "${text}"`);
  return ((Number(m[1]) * 60 + Number(m[2])) * 60 + Number(m[3])) * 1000 + Number(m[4]);
}

/**
 * Sets the speed slider with the keyboard: End is 100×, Home 0.1×. The other end first, so the speed is
 * always sent: a slider already at its end sends nothing, and a lesson step's state still on its way
 * (its speed with it) would then set it back.
 */
export async function setSpeed(page: Page, key: "End" | "Home", valuetext: string): Promise<void> {
  const slider = page.getByRole("slider", { name: "Speed" });
  await slider.focus();
  await slider.press(key === "End" ? "Home" : "End");
  await slider.press(key);
  await expect(slider).toHaveAttribute("aria-valuetext", valuetext);
}

export function commandInput(page: Page): Locator {
  return page.getByRole("textbox", { name: "Command, in kubectl's language" });
}

/** Runs a line in the command bar and waits for its result in the output. */
export async function runCommand(page: Page, line: string, expected: string | RegExp): Promise<void> {
  const input = commandInput(page);
  await input.fill(line);
  await input.press("Enter");
  await expect(page.getByRole("region", { name: "Command output" })).toContainText(expected, { timeout: 30_000 });
}

/**
 * Pod chips on the canvas, as buttons named like "pod web-7d9c-x2x4q Running 1/1, on worker-2": the
 * ones of a deployment (by name prefix) that are Running and ready on a worker (other than `except`).
 */
export function runningPods(page: Page, deployment: string, except?: string): Locator {
  const node = except ? `(?!${except}$)worker-\\d+` : "worker-\\d+";
  return page.getByRole("button", { name: new RegExp(`^pod ${deployment}-.*Running.*1/1.*on ${node}$`) });
}

/** Saves a screenshot as a test artefact (test-results/<test>/<name>.png). */
export async function snap(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  await page.screenshot({ path: testInfo.outputPath(`${name}.png`) });
}
