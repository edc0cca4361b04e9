// DEV ONLY: keyboard and accessible-name checks of the canvas preview in Chromium.
// `npx vite --port 5199 --host 127.0.0.1`, then `node src/canvas/dev/a11y.mjs`.
import { chromium } from "playwright-core";

const BASE = process.env.PREVIEW_URL ?? "http://127.0.0.1:5199/src/canvas/dev/preview.html";
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"] });
const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
await page.goto(`${BASE}?t=30000&play=0`);
await page.waitForSelector(".pod-chip");
const results = [];
const check = (name, ok, detail = "") => results.push({ name, ok, ...(detail ? { detail } : {}) });

// Names.
for (const name of ["worker-2, worker node, Ready, 1 pod", "control-plane-1, control-plane node, Ready, no pods", "Stop worker-2", "Stop control-plane-1", "Fit to view", "100%", "kube-scheduler, leader, on control-plane-1", "kubelet, running, on worker-1", "load balancer, 192.168.0.10:6443"]) {
  check(`button "${name}"`, (await page.getByRole("button", { name, exact: true }).count()) === 1);
}
check("pods are buttons named 'pod NAME, STATUS, READY ready, on NODE'", (await page.getByRole("button", { name: /^pod web-\S+, Running, 1\/1 ready, on worker-\d$/ }).count()) === 3, await page.getByRole("button", { name: /^pod / }).first().evaluate((e) => e.textContent));

// Keyboard: Tab reaches a component; Enter opens the inspector; Escape closes it and focus returns.
const target = page.getByRole("button", { name: "kube-scheduler on control-plane-1, running", exact: true });
await target.focus();
await page.keyboard.press("Enter");
await page.waitForSelector(".inspector");
check("Enter opens the inspector", (await page.locator(".inspector h2").textContent()) === "kube-scheduler on control-plane-1");
check("focus moves to the inspector heading", await page.evaluate(() => document.activeElement?.tagName === "H2"));
await page.keyboard.press("Escape");
check("Escape closes the inspector", (await page.locator(".inspector").count()) === 0);
check("focus returns to the component", await target.evaluate((el) => el === document.activeElement));

// Tab order walks the canvas: count focusable stops.
await page.locator("body").click({ position: { x: 5, y: 5 } });
const stops = [];
for (let i = 0; i < 40; i++) {
  await page.keyboard.press("Tab");
  stops.push(await page.evaluate(() => document.activeElement?.getAttribute("aria-label") ?? document.activeElement?.textContent?.trim().slice(0, 40)));
}
check("Tab visits machines, components, pods", stops.some((s) => s?.startsWith("worker-1")) && stops.some((s) => s?.startsWith("kubelet on")), stops.join(" | "));

// The Stop button does not select the machine, and it stops it.
await page.getByRole("button", { name: "Stop worker-3", exact: true }).click();
await page.waitForTimeout(200);
check("Stop does not select the machine", (await page.locator(".inspector").count()) === 0);
check("Stop turns into Start", (await page.getByRole("button", { name: "Start worker-3", exact: true }).count()) === 1);
check("stopped machine says so", (await page.getByRole("button", { name: /^worker-3, worker node, .*machine stopped$/ }).count()) === 1);

// Clicking a machine title opens it; the close button closes it.
await page.getByRole("button", { name: /^worker-1, worker node/ }).click();
check("click opens machine inspector", (await page.locator(".inspector h2").textContent()) === "worker-1");
await page.getByRole("button", { name: "Close inspector" }).click();
check("Close button closes", (await page.locator(".inspector").count()) === 0);

// Reduced motion is honoured.
const rm = await browser.newPage({ viewport: { width: 1280, height: 720 }, reducedMotion: "reduce" });
await rm.goto(`${BASE}?t=30000&play=0`);
await rm.waitForSelector(".pod-chip");
check("reduced motion marks the canvas", (await rm.locator(".cluster-canvas.reduced-motion").count()) === 1);

console.log(JSON.stringify(results, null, 1));
console.log(results.every((r) => r.ok) ? "ALL OK" : "FAILURES");
await browser.close();
