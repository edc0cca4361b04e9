// DEV ONLY: screenshots of the canvas preview at 1280×720 in headless Chromium.
// Start `npx vite --port 5199 --host 127.0.0.1`, then `node src/canvas/dev/shots.mjs [outDir] [only]`.
import { mkdirSync } from "node:fs";
import { chromium } from "playwright-core";

const BASE = process.env.PREVIEW_URL ?? "http://127.0.0.1:5199/src/canvas/dev/preview.html";
const out = process.argv[2] ?? "/tmp/canvas-shots";
const only = process.argv[3];
mkdirSync(out, { recursive: true });

const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});

async function open(query, options = {}) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 }, reducedMotion: options.reducedMotion ?? "no-preference" });
  const errors = [];
  page.on("console", (m) => {
    if ((m.type() === "error" || m.type() === "warning") && !m.text().includes("favicon")) errors.push(`${m.type()}: ${m.text()}`);
  });
  page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
  page.on("requestfailed", (r) => errors.push(`requestfailed: ${r.url()}`));
  await page.goto(`${BASE}?${query}`);
  await page.waitForSelector(".react-flow__node-machine");
  await page.waitForTimeout(800);
  return { page, errors };
}

/** Measures what the brief asks for at fit-to-view: the on-screen size of the type. */
async function typeSizes(page) {
  return page.evaluate(() => {
    const m = /scale\(([\d.]+)\)/.exec(document.querySelector(".react-flow__viewport").style.transform);
    const zoom = m ? Number(m[1]) : 1;
    const px = (sel) => {
      const el = document.querySelector(sel);
      return el ? +(parseFloat(getComputedStyle(el).fontSize) * zoom).toFixed(1) : null;
    };
    return { zoom: +zoom.toFixed(3), machineName: px(".machine-name"), componentLabel: px(".component-main .component-label"), agentLabel: px(".component-agent .component-label"), podName: px(".pod-name") };
  });
}

const shots = {
  async "01-default-web-running"() {
    const { page, errors } = await open("t=30000&play=0");
    await page.evaluate(() => {
      const { fake } = window.__preview;
      // A busy moment: several kinds of messages at once.
      fake.advanceUntil(() => fake.flows().filter((f) => f.to === "load-balancer" || f.from === "load-balancer").length >= 2 && new Set(fake.flows().map((f) => f.kind)).size >= 2, 60_000);
      // Let the messages travel a little (slow motion while they fly).
      fake.store.getState().play();
    });
    await page.waitForTimeout(220);
    await page.evaluate(() => window.__preview.fake.store.getState().pause());
    return { page, errors, info: await typeSizes(page) };
  },
  async "02-pods-in-flight-from-unscheduled"() {
    const { page, errors } = await open("t=900&play=0");
    await page.evaluate(() => {
      const { fake } = window.__preview;
      const pods = () => fake.cluster().objects().filter((o) => o.kind === "Pod");
      fake.advanceUntil(() => pods().length >= 3, 5_000);
    });
    await page.waitForTimeout(1200);
    await page.screenshot({ path: `${out}/02a-pods-waiting-in-unscheduled.png` });
    await page.evaluate(() => {
      const { fake } = window.__preview;
      const pods = () => fake.cluster().objects().filter((o) => o.kind === "Pod");
      fake.advanceUntil(() => pods().every((p) => p.spec.nodeName), 5_000);
    });
    await page.waitForTimeout(380);
    return { page, errors };
  },
  async "03-stopped-worker-heartbeat"() {
    const { page, errors } = await open("t=30000&play=0");
    await page.getByRole("button", { name: "Stop worker-2" }).click();
    await page.evaluate(() => window.__preview.fake.advance(38_000));
    await page.waitForTimeout(600);
    await page.screenshot({ path: `${out}/03a-stopped-worker-38s.png` });
    await page.evaluate(() => window.__preview.fake.advance(72_000));
    await page.waitForTimeout(1200);
    return { page, errors };
  },
  async "04-inspector-pod"() {
    const { page, errors } = await open("t=30000&play=0");
    await page.locator(".pod-chip").first().click();
    await page.waitForTimeout(800);
    return { page, errors };
  },
  async "04b-inspector-pod-yaml"() {
    const { page, errors } = await open("t=30000&play=0");
    await page.locator(".pod-chip").first().click();
    await page.waitForTimeout(500);
    await page.locator(".inspector-yaml").scrollIntoViewIfNeeded();
    await page.waitForTimeout(300);
    return { page, errors };
  },
  async "04c-inspector-stopped-node"() {
    const { page, errors } = await open("t=30000&play=0");
    await page.getByRole("button", { name: "Stop worker-2" }).click();
    await page.evaluate(() => window.__preview.fake.advance(110_000));
    await page.getByRole("button", { name: /^worker-2, worker node/ }).click();
    await page.waitForTimeout(800);
    return { page, errors };
  },
  async "05-inspector-scheduler"() {
    const { page, errors } = await open("t=30000&play=0");
    await page.getByRole("button", { name: /^kube-scheduler on control-plane-1/ }).click();
    await page.waitForTimeout(800);
    return { page, errors };
  },
  async "06-3cp-20workers-fit"() {
    const { page, errors } = await open("masters=3&workers=20&replicas=60&t=60000&play=0");
    await page.evaluate(() => {
      const { fake } = window.__preview;
      fake.advanceUntil(() => fake.flowCount() >= 20, 20_000);
    });
    await page.waitForTimeout(1200);
    return { page, errors, info: await typeSizes(page) };
  },
  async "07-reduced-motion"() {
    const { page, errors } = await open("t=900&play=0", { reducedMotion: "reduce" });
    await page.evaluate(() => {
      const { fake } = window.__preview;
      const pods = () => fake.cluster().objects().filter((o) => o.kind === "Pod");
      fake.advanceUntil(() => pods().length >= 3, 5_000);
    });
    await page.waitForTimeout(500);
    await page.evaluate(() => {
      const { fake } = window.__preview;
      const pods = () => fake.cluster().objects().filter((o) => o.kind === "Pod");
      fake.advanceUntil(() => pods().every((p) => p.spec.nodeName), 5_000);
    });
    await page.waitForTimeout(200);
    return { page, errors };
  },
};

for (const [name, run] of Object.entries(shots)) {
  if (only && !new RegExp(only).test(name)) continue;
  const { page, errors, info } = await run();
  await page.screenshot({ path: `${out}/${name}.png` });
  console.log(JSON.stringify({ shot: name, ...(info ? { info } : {}), errors }));
  await page.close();
}
await browser.close();
