// DEV ONLY: canvas frame cost with 20 workers, 300 pods and ~300 flows in flight (synthetic frames,
// no engine work on the main thread). `npx vite --port 5199 --host 127.0.0.1`, then `node src/canvas/dev/perf.mjs`.
import { chromium } from "playwright-core";

const BASE = process.env.PREVIEW_URL ?? "http://127.0.0.1:5199/src/canvas/dev/preview.html";
const inFlight = Number(process.argv[2] ?? 300);
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
await page.goto(`${BASE}?masters=1&workers=20&replicas=300&t=40000&play=0`, { timeout: 120_000 });
await page.waitForSelector(".pod-chip", { timeout: 120_000 });
await page.waitForTimeout(1500);
const result = await page.evaluate((n) => window.__preview.perf({ inFlight: n, seconds: 10 }), inFlight);
console.log(JSON.stringify({ inFlight, ...result }, null, 1));
await page.screenshot({ path: process.env.SHOT ?? "/tmp/canvas-shots/08-300-pods-300-flows.png" });
await browser.close();
