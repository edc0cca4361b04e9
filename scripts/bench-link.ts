/**
 * `npm run bench:link`: how long opening a link to a moment takes, in headless Chromium. Slides reload
 * their iframes every time a slide is shown, so the target is under 500 ms. Not a test: it prints one
 * JSON object (per link: the median and every run), and the numbers go in notes.
 *
 * The time of a run is navigation start to the first painted frame that shows the moment's cluster:
 * the picture drawn before the UI's code is in (src/prepaint.ts, `performance.mark("clusterscope-first-picture")`)
 * or the live canvas (src/embed/embed.ts, `performance.mark("clusterscope-moment-drawn")`), whichever
 * came first. `median.liveMs` is the live canvas alone, with its controls. Two ways of opening:
 * - `cold`: each run in a fresh browser context, as a browser that never saw the app: nothing cached,
 *   the worker replays the moment from the start;
 * - `newLink`: a link this browser has not opened before, in a browser that has run the app (a deck's
 *   second slide, or a deck shown again another day): each run a fresh browser context opens three other
 *   moments of the app first (so its files and compiled code are cached), then the link; its moment is
 *   not in the moment cache, and the worker replays it (the start state and a lesson's step are drawn from
 *   the picture shipped with the build, src/bridge/shipped.ts, in this mode and in `cold`);
 * - `reopen`: what a slide does each time it is shown again: the same tab opens the same link once
 *   more, with the browser's caches and the moment cache (src/bridge/momentCache.ts) warm from the
 *   opens before. The first open of each link is not counted.
 * `fromKeptPicture` counts the runs whose moment was drawn from a picture before the worker answered: the
 * moment cache's, or one shipped with the build; `fromLinkPicture` the runs drawn first from the link's own.
 * The links:
 * - `start`: the start state;
 * - `t60`: seed 7, three replicas, worker-2 stopped at 20 s, opened at t=60 s, paused (the simulation
 *   replays 60 s of cluster first);
 * - `embed-t60`: the same moment embedded (`embed=1&controls=0`);
 * - `t300`: the same at t=5m (the eviction after the 300 s toleration);
 * - `lesson-step4`: step 4 of the worker-dies lesson, embedded (its moment is about 5 minutes in);
 * - `ha-t300`: three control planes and two workers, four replicas, control-plane-1 (the etcd leader's
 *   machine) stopped at 60 s, opened at t=5m: the most simulation per minute (Raft, leases, three API servers).
 * - `t300-pic` and `ha-t300-pic`: the same two links as "Copy link to this moment" copies them, with the
 *   moment's picture (`pic=`, src/canvas/linkPicture.ts, made here by the same code from the same replay):
 *   a first visit draws it at once, and the live canvas comes when the worker has replayed the moment.
 *
 *   npm run bench:link                 # build, then 7 runs per link
 *   npx tsx scripts/bench-link.ts --runs 3
 *   npx tsx scripts/bench-link.ts --links start,lesson-step4 --modes cold
 */
import { spawn } from "node:child_process";
import { cpus, loadavg } from "node:os";
import { chromium, type Page } from "@playwright/test";
import { linkPictureFor } from "./ship-pictures";

const arg = (name: string) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined);
const runs = Number(arg("--runs")) || 7;
const port = 4178;
const base = `http://127.0.0.1:${port}/`;
const moment = "seed=7&topology=masters%3D1%2Cworkers%3D3&do=1s+kubectl+create+deployment+web+--image%3Dnginx+--replicas%3D3&do=20s+stop+node+worker-2";
const LINKS: Record<string, string> = {
  start: "",
  t60: `?${moment}&t=60s&paused=1`,
  "embed-t60": `?${moment}&t=60s&paused=1&embed=1&controls=0`,
  t300: `?${moment}&t=5m&paused=1`,
  "lesson-step4": "?lesson=worker-dies&step=4&embed=1&controls=0",
  "ha-t300": "?seed=3&topology=masters%3D3%2Cworkers%3D2&do=5s+kubectl+create+deployment+web+--image%3Dnginx+--replicas%3D4&do=60s+stop+node+control-plane-1&t=5m&paused=1",
};
for (const name of ["t300", "ha-t300"]) LINKS[`${name}-pic`] = `${LINKS[name]}&pic=${await linkPictureFor(LINKS[name])}`;
const TARGET_MS = 500;
type Mode = "cold" | "newLink" | "reopen";
const MODES: Mode[] = ["cold", "newLink", "reopen"];
/** `--links start,t300` and `--modes cold`: measure only these (default: all). */
const onlyLinks = arg("--links")?.split(",");
const onlyModes = (arg("--modes")?.split(",") ?? MODES) as Mode[];
for (const l of onlyLinks ?? []) if (!(l in LINKS)) throw new Error(`bench-link: no link "${l}" (${Object.keys(LINKS).join(", ")})`);
for (const m of onlyModes) if (!MODES.includes(m)) throw new Error(`bench-link: no mode "${m}" (${MODES.join(", ")})`);

/** The median of the numbers measured (a run without a mark gives NaN, left out); NaN if none. */
const median = (xs: number[]) => {
  const s = xs.filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
  if (!s.length) return NaN;
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

// A server already on the port (say, one an earlier run left behind) would be measured instead of this build's.
if (await fetch(base).then(() => true, () => false)) throw new Error(`bench-link: something already answers on ${base}; stop it first`);
// In a process group of its own: npx starts vite as a child, and killing npx alone would leave vite serving.
const server = spawn("npx", ["vite", "preview", "--port", String(port), "--strictPort", "--host", "127.0.0.1"], { stdio: "ignore", detached: true });
const stopServer = () => {
  try {
    if (server.pid !== undefined) process.kill(-server.pid, "SIGTERM");
  } catch {
    // already gone
  }
};
try {
  for (let i = 0; ; i++) {
    if (server.exitCode !== null) throw new Error(`bench-link: vite preview exited (${server.exitCode}) before it answered on ${base}`);
    if (i === 150) throw new Error(`bench-link: vite preview did not answer on ${base} within 15 s`);
    try {
      if ((await fetch(base)).ok) break;
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  const load = loadavg()[0];
  const results: Record<string, Partial<Record<Mode, { medianMs: number; runsMs: number[]; underTarget: boolean; median: Record<string, number>; fromKeptPicture: number; fromLinkPicture: number }>>> = {};
  // One warm-up load, so the first measured run does not pay for the server's first response.
  {
    const ctx = await browser.newContext({ serviceWorkers: "block" });
    const page = await ctx.newPage();
    await page.goto(base);
    await page.waitForFunction(() => performance.getEntriesByName("clusterscope-moment-drawn").length > 0, null, { timeout: 20_000 });
    await ctx.close();
  }
  type Run = { drawnMs: number; pictureMs: number; liveMs: number; scriptRunMs: number; momentInStoreMs: number; kept: boolean; linkPicture: boolean };
  /**
   * Opens `query` in `page` and reads its marks. While the page opens, only the DevTools protocol's
   * `Runtime.evaluate` looks in: Playwright's own `waitForFunction` and `evaluate` first run its injected
   * script (some 40 ms of the page's main thread on these machines, traced), which landed inside the
   * time measured, on the processor the page's worker needs; no browser a slide runs in does that.
   * `goto` returns once the navigation commits, and the page is asked once, with a promise that a
   * PerformanceObserver settles when the mark is made (nothing polls).
   */
  const open = async (page: Page, query: string): Promise<Run> => {
    const cdp = await page.context().newCDPSession(page);
    try {
      await page.goto(base + query, { waitUntil: "commit" });
      const waited = await cdp.send("Runtime.evaluate", {
        // Answers with the page it waited in, so a run never reads the page before.
        expression: `new Promise((resolve) => {
          const drawn = () => performance.getEntriesByName("clusterscope-moment-drawn").length > 0;
          const done = (ok) => resolve({ ok, href: location.href });
          if (drawn()) return done(true);
          const timer = setTimeout(() => done(false), 20000);
          const o = new PerformanceObserver(() => { if (drawn()) { o.disconnect(); clearTimeout(timer); done(true); } });
          o.observe({ type: "mark", buffered: true });
        })`,
        awaitPromise: true,
        returnByValue: true,
      });
      if (waited.exceptionDetails) throw new Error(`bench-link: ${query || "start"}: ${waited.exceptionDetails.exception?.description ?? waited.exceptionDetails.text}`);
      const { ok, href } = waited.result.value as { ok: boolean; href: string };
      if (href !== base + query) throw new Error(`bench-link: waited in ${href}, not ${base + query}`);
      if (!ok) throw new Error(`bench-link: ${query || "start"} drew no moment in 20 s`);
    } finally {
      await cdp.detach().catch(() => {});
    }
    // Where the time went: the page's script running (DOMContentLoaded after the module ran), the moment's
    // state in the page (`clusterscope-state`, src/main.tsx: in the store, or a lesson step's shipped picture in).
    // (No named functions inside: tsx would wrap them in a `__name` helper the page does not have.)
    return page.evaluate(() => {
      const [liveMs, pictureMs] = ["clusterscope-moment-drawn", "clusterscope-first-picture"].map((name) => Math.round(performance.getEntriesByName(name)[0]?.startTime ?? NaN));
      return {
        drawnMs: Number.isNaN(pictureMs) ? liveMs : Math.min(pictureMs, liveMs),
        pictureMs,
        liveMs,
        scriptRunMs: Math.round((performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming).domContentLoadedEventEnd),
        momentInStoreMs: Math.round(performance.getEntriesByName("clusterscope-state")[0]?.startTime ?? NaN),
        kept: performance.getEntriesByName("clusterscope-moment-kept").length > 0,
        linkPicture: performance.getEntriesByName("clusterscope-link-picture").length > 0,
      };
    });
  };
  const summary = (rs: Run[]) => ({
    medianMs: median(rs.map((r) => r.drawnMs)),
    runsMs: rs.map((r) => r.drawnMs),
    underTarget: median(rs.map((r) => r.drawnMs)) < TARGET_MS,
    median: { scriptRunMs: median(rs.map((r) => r.scriptRunMs)), momentInStoreMs: median(rs.map((r) => r.momentInStoreMs)), drawnMs: median(rs.map((r) => r.drawnMs)), pictureMs: median(rs.map((r) => r.pictureMs)), liveMs: median(rs.map((r) => r.liveMs)) },
    fromKeptPicture: rs.filter((r) => r.kept).length,
    fromLinkPicture: rs.filter((r) => r.linkPicture).length,
  });
  for (const [name, query] of Object.entries(LINKS)) {
    if (onlyLinks && !onlyLinks.includes(name)) continue;
    const result: (typeof results)[string] = {};
    const cold: Run[] = [];
    for (let i = 0; onlyModes.includes("cold") && i < runs; i++) {
      const ctx = await browser.newContext({ serviceWorkers: "block", viewport: { width: 1280, height: 720 } });
      cold.push(await open(await ctx.newPage(), query));
      await ctx.close();
    }
    if (cold.length) result.cold = summary(cold);
    const newLink: Run[] = [];
    for (let i = 0; onlyModes.includes("newLink") && i < runs; i++) {
      const ctx = await browser.newContext({ serviceWorkers: "block", viewport: { width: 1280, height: 720 } });
      const page = await ctx.newPage();
      // Three other moments (other seeds: not this link's moment), as a browser that has run the app.
      for (const seed of [101, 102, 103]) await open(page, `?seed=${seed}`);
      newLink.push(await open(page, query));
      await ctx.close();
    }
    if (newLink.length) result.newLink = summary(newLink);
    const reopen: Run[] = [];
    if (onlyModes.includes("reopen")) {
      const ctx = await browser.newContext({ serviceWorkers: "block", viewport: { width: 1280, height: 720 } });
      const page = await ctx.newPage();
      await open(page, query);
      for (let i = 0; i < runs; i++) {
        // The moment cache keeps the live picture when the page is idle: let the page settle, as a slide would.
        await page.waitForTimeout(1500);
        reopen.push(await open(page, query));
      }
      await ctx.close();
    }
    if (reopen.length) result.reopen = summary(reopen);
    results[name] = result;
  }
  await browser.close();
  // The machine's cores are shared: the load average says how much else was running.
  console.log(JSON.stringify({ targetMs: TARGET_MS, runs, cores: cpus().length, loadAvg1mStart: Math.round(load * 10) / 10, loadAvg1mEnd: Math.round(loadavg()[0] * 10) / 10, links: results }, null, 2));
} finally {
  stopServer();
}
