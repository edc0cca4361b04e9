import { expect, test } from "@playwright/test";
import { simClock, watchConsole, openCluster } from "./helpers";

test("quick Shift+← presses on the timeline add up: three from 60 s land on 30 s", async ({ page }) => {
  const problems = watchConsole(page);
  await openCluster(page, "?seed=1&t=60s&paused=1");
  await expect.poll(() => simClock(page)).toBe(60_000);

  const timeline = page.getByRole("slider", { name: "Timeline" });
  await timeline.focus();
  // Three presses in one go, before the first seek's snapshot can come back (real presses, one
  // round trip each, may each see the last one land first).
  await timeline.evaluate((el) => {
    for (let i = 0; i < 3; i++) el.dispatchEvent(new KeyboardEvent("keydown", { key: "ArrowLeft", code: "ArrowLeft", shiftKey: true, bubbles: true, cancelable: true }));
  });
  await expect.poll(() => simClock(page)).toBe(30_000);
  await page.waitForTimeout(500);
  expect(await simClock(page)).toBe(30_000);
  await expect(timeline).toHaveAttribute("aria-valuetext", /^0:00:30 of /);

  // Once it has landed, a key steps from where the clock is; real quick presses add up too.
  await page.keyboard.press("ArrowRight");
  await expect.poll(() => simClock(page)).toBe(31_000);
  await page.keyboard.press("Shift+ArrowLeft");
  await page.keyboard.press("Shift+ArrowLeft");
  await page.keyboard.press("Shift+ArrowLeft");
  await expect.poll(() => simClock(page)).toBe(1_000);
  expect(problems).toEqual([]);
});

test("the timeline slider moves in tenths of a second and any whole second can be reached", async ({ page }) => {
  const problems = watchConsole(page);
  await openCluster(page, "?seed=1&t=60s&paused=1");
  await expect.poll(() => simClock(page)).toBe(60_000);
  const timeline = page.getByRole("slider", { name: "Timeline" });
  await expect(timeline).toHaveAttribute("step", "100");
  // Setting the slider (as a click or a drag does) seeks there.
  await timeline.fill("37000");
  await expect.poll(() => simClock(page)).toBe(37_000);
  await timeline.fill("12000");
  await expect.poll(() => simClock(page)).toBe(12_000);
  expect(problems).toEqual([]);
});

test("a timeline drag let go outside the slider ends: the thumb follows the clock again", async ({ page }) => {
  const problems = watchConsole(page);
  await openCluster(page, "?seed=1&t=60s&paused=1");
  await expect.poll(() => simClock(page)).toBe(60_000);
  const timeline = page.getByRole("slider", { name: "Timeline" });
  const box = (await timeline.boundingBox())!;
  // Press on the slider's middle, drag, and let go well outside it.
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 3, box.y + box.height / 2, { steps: 4 });
  await page.mouse.move(box.x + box.width / 3, box.y - 200, { steps: 4 });
  await page.mouse.up();
  await expect.poll(() => simClock(page)).toBeLessThan(60_000);
  // Now the keyboard moves the clock and the thumb shows it.
  await timeline.focus();
  await page.keyboard.press("End");
  await expect.poll(() => simClock(page)).toBe(60_000);
  await expect(timeline).toHaveAttribute("aria-valuetext", "0:01:00 of 0:01:00");
  expect(Number(await timeline.inputValue())).toBe(60_000);

  // Chromium hands the slider its own pointerup; a browser that sends it to the element under the
  // pointer instead must not leave the thumb stuck either.
  await timeline.evaluate((el) => {
    el.dispatchEvent(new PointerEvent("pointerdown", { bubbles: true, pointerId: 1 }));
    document.body.dispatchEvent(new PointerEvent("pointerup", { bubbles: true, pointerId: 1 }));
  });
  await page.keyboard.press("Shift+ArrowLeft");
  await expect.poll(() => simClock(page)).toBe(50_000);
  await expect(timeline).toHaveAttribute("aria-valuetext", "0:00:50 of 0:01:00");
  expect(Number(await timeline.inputValue())).toBe(50_000);
  expect(problems).toEqual([]);
});
