/**
 * Screenshots for presenting, at 1280×720 in headless Chromium: each theme, large text, embed mode,
 * the Present and help dialogs. Serves a build with `vite preview` on a free port.
 *
 *   npx vite build --outDir /tmp/cs-dist && npx tsx scripts/present-shots.ts /tmp/cs-dist /tmp/cs-shots
 */
import { spawn } from "node:child_process";
import { mkdirSync } from "node:fs";
import { chromium } from "@playwright/test";

const dist = process.argv[2] ?? "dist";
const out = process.argv[3] ?? "test-results/present-shots";
const port = 4179;
mkdirSync(out, { recursive: true });
const server = spawn("npx", ["vite", "preview", "--outDir", dist, "--port", String(port), "--strictPort", "--host", "127.0.0.1"], { stdio: "ignore" });
const base = `http://127.0.0.1:${port}/`;
try {
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(base)).ok) break;
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"] });
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  const shots: [string, string, ((p: typeof page) => Promise<void>)?][] = [
    ["light", "?theme=light&speed=10"],
    ["dark", "?theme=dark&speed=10"],
    ["contrast", "?theme=contrast&speed=10"],
    ["large-text", "?text=large&speed=10"],
    ["dark-large-text", "?theme=dark&text=large&speed=10"],
    ["embed", "?embed=1&speed=10"],
    ["embed-dark", "?embed=1&theme=dark&speed=10"],
    ["present-dialog", "?speed=10", async (p) => void (await p.getByRole("button", { name: "Present" }).click())],
    ["help-dark", "?theme=dark&speed=10", async (p) => void (await p.keyboard.press("?"))],
    ["inspector-contrast", "?theme=contrast&speed=10", async (p) => void (await p.getByRole("button", { name: /^worker-1, worker node/ }).click())],
    ["reduced-motion", "?motion=reduced&speed=10"],
  ];
  for (const [name, query, act] of shots) {
    await page.goto(base + query);
    await page.getByRole("region", { name: "Cluster diagram" }).waitFor();
    await page.waitForTimeout(4000);
    if (act) await act(page);
    await page.waitForTimeout(400);
    await page.screenshot({ path: `${out}/${name}.png` });
    console.log(`${out}/${name}.png`);
  }
  await browser.close();
} finally {
  server.kill();
}
