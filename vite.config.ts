import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { isAbsolute, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import type { ResolvedConfig } from "vite";
import { defineConfig, type Plugin } from "vitest/config";
import { earlyFetchScript } from "./src/bridge/earlyFetch.ts";
import { compressOnce } from "./src/server/compressOnce.ts";

/** The build's output folder as an absolute path. */
function resolveOutDir(config: ResolvedConfig): string {
  return isAbsolute(config.build.outDir) ? config.build.outDir : join(config.root, config.build.outDir);
}

/** Every file under `dir`, relative to it, with forward slashes. */
function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(relative(dir, p).split(sep).join("/"));
    }
  };
  walk(dir);
  return out.sort();
}

/** How long the service worker waits for the network before it answers a page from its cache. */
const SLOW_NETWORK_MS = 3000;

/**
 * Offline: after the build, writes `sw.js`, a small service worker that precaches every built file
 * (the page, its script and styles, the simulation's worker, the icons) under a cache named after
 * its scope and their content, answers from the cache, and drops its own scope's older caches (another
 * copy of the app on the same origin, `user.github.io/course-a/` beside `/course-b/`, keeps its own).
 * Pages are fetched from the network first (a new deploy shows at once) and from the cache when
 * offline, or when the network takes longer than SLOW_NETWORK_MS (a venue's wifi). The example deck
 * (`examples/`, 0.75 MB with reveal.js) is not precached: it is kept once it has been opened online,
 * and opens offline from then on. URLs are relative to the worker, so the build works from any sub-path.
 */
function serviceWorker(): Plugin {
  let outDir = "dist";
  return {
    name: "clusterscope-service-worker",
    apply: "build",
    configResolved(config) {
      outDir = resolveOutDir(config);
    },
    closeBundle() {
      const files = listFiles(outDir).filter((f) => f !== "sw.js" && !f.startsWith("examples/") && !f.endsWith(".map"));
      const hash = createHash("sha256");
      for (const f of files) hash.update(f).update(readFileSync(join(outDir, f)));
      const version = hash.digest("hex").slice(0, 12);
      const precache = ["./", ...files.map((f) => `./${f}`)];
      const sw = `// ClusterScope's service worker, written by the build (vite.config.ts): the app, offline.
const SCOPE = self.registration.scope;
// Named after the scope: two copies of the app on one origin never drop each other's files.
const PREFIX = "clusterscope " + SCOPE + " ";
const CACHE = PREFIX + "${version}";
const PRECACHE = ${JSON.stringify(precache)};
// The app's own page (any query): offline, it is answered with the cached "./".
const PAGES = [SCOPE, SCOPE + "index.html"];
// Kept as they are fetched (not precached), and answered from the network first: the example deck.
const KEPT = SCOPE + "examples/";

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(PRECACHE)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith(PREFIX) && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

// A network slower than this (a venue's wifi) gets the cached copy, when there is one.
const SLOW_MS = ${SLOW_NETWORK_MS};

/** The network's answer, kept for offline; else (offline, or slower than SLOW_MS) the cached copy, else the fallback's. */
function networkFirst(request, keep, fallback) {
  const cached = () =>
    caches.open(CACHE).then((cache) => cache.match(request, { ignoreSearch: !keep, ignoreVary: true }).then((hit) => hit || (fallback ? cache.match(fallback) : undefined)));
  const network = fetch(request).then((response) => {
    if (keep && response.ok) {
      const copy = response.clone();
      caches.open(CACHE).then((cache) => cache.put(request, copy));
    }
    return response;
  });
  const failed = network.catch((error) => cached().then((hit) => {
    if (hit) return hit;
    throw error;
  }));
  const slow = new Promise((resolve) => setTimeout(resolve, SLOW_MS)).then(cached).then((hit) => hit || failed);
  return Promise.race([failed, slow]);
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin || !request.url.startsWith(SCOPE)) return;
  if (request.url.startsWith(KEPT)) {
    event.respondWith(networkFirst(request, true, null));
    return;
  }
  if (request.mode === "navigate") {
    // The page: the network's (a new deploy shows at once), else the cached one, whatever its query (?seed=...).
    const page = url.origin + url.pathname;
    event.respondWith(networkFirst(request, false, PAGES.includes(page) ? "./" : null));
    return;
  }
  // Everything else is content-hashed or static: the cache first.
  event.respondWith(caches.open(CACHE).then((cache) => cache.match(request, { ignoreSearch: true, ignoreVary: true }).then((hit) => hit || fetch(request))));
});
`;
      writeFileSync(join(outDir, "sw.js"), sw);
    },
  };
}

/**
 * The example deck (public/examples/reveal.html) uses reveal.js from the reveal.js package (a dev
 * dependency): its script and styles are copied to examples/reveal/ of the build.
 */
function revealForExamples(): Plugin {
  let outDir = "dist";
  return {
    name: "clusterscope-reveal-example",
    apply: "build",
    configResolved(config) {
      outDir = resolveOutDir(config);
    },
    closeBundle() {
      const from = "node_modules/reveal.js/dist";
      if (!existsSync(from) || !existsSync(join(outDir, "examples"))) return;
      const to = join(outDir, "examples", "reveal");
      for (const f of ["reveal.js", "reveal.css", "theme/white.css", "theme/fonts"]) if (existsSync(join(from, f))) cpSync(join(from, f), join(to, f), { recursive: true });
    },
  };
}

/**
 * Opening a link fast (slides reload their iframes on every show). The simulation's worker starts first,
 * from a tiny inline script at the top of index.html's head, which runs before any module or style
 * sheet (src/bridge/client.ts takes it over); the page's small entry (src/main.tsx) sends it the link's
 * moment, draws its first state as a picture (src/prepaint.ts), then imports the UI. The UI's chunks
 * are fetched meanwhile (`prefetch`), but not compiled: `modulepreload` compiled the 550 kB UI chunk
 * while the worker compiled and ran the simulation, and on two cores that held the first picture back
 * by about 130 ms (median first picture 609 ms with modulepreload, 483 ms with prefetch; 5 runs each).
 */
function earlyStart(build: string): Plugin {
  return {
    name: "clusterscope-early-start",
    apply: "build",
    transformIndexHtml: {
      order: "post",
      handler(html, ctx) {
        const bundle = ctx.bundle ?? {};
        const files = Object.keys(bundle);
        const tags: { tag: string; attrs?: Record<string, string>; children?: string; injectTo: "head" | "head-prepend" }[] = [];
        for (const f of files) {
          if (/^assets\/boot-[\w-]+\.js$/.test(f)) {
            // The UI chunk and the chunks it imports (the lessons' data, shared with lesson links).
            const chunk = bundle[f];
            const deps = chunk.type === "chunk" ? chunk.imports.filter((d) => !/^assets\/index-/.test(d)) : [];
            for (const g of [f, ...deps]) tags.push({ tag: "link", attrs: { rel: "prefetch", crossorigin: "", href: `./${g}` }, injectTo: "head" });
          } else if (/^assets\/worker-[\w-]+\.js$/.test(f)) {
            const start = `(function(){try{var w=new Worker(new URL(${JSON.stringify(`./${f}`)},document.baseURI),{type:"module"});w.addEventListener("error",function(){w.clusterscopeFailed=true});window.__clusterscopeWorker=w}catch(e){}})()`;
            // First in the head: a classic script after a style sheet waits for that sheet to load. The
            // link's shipped picture is asked for there too (src/bridge/earlyFetch.ts).
            tags.push({ tag: "script", children: `${start};${earlyFetchScript(build)}`, injectTo: "head-prepend" });
          }
        }
        return { html, tags };
      },
    },
  };
}

/**
 * The pictures shipped with the build (src/bridge/shipped.ts): the start state's and every lesson
 * step's, made by scripts/ship-pictures.ts with the engine and store code being built, and written under
 * `moments/<build id>/`. A link to one of these draws its moment on a browser's first visit without
 * waiting for the worker to replay it. The script runs in its own process (tsx), so the engine stays
 * out of this config.
 */
function shippedPictures(build: string): Plugin {
  return {
    name: "clusterscope-shipped-pictures",
    apply: "build",
    generateBundle() {
      const root = fileURLToPath(new URL(".", import.meta.url));
      const out = execFileSync(join(root, "node_modules", ".bin", "tsx"), [join(root, "scripts", "ship-pictures.ts"), build], { cwd: root, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
      for (const { fileName, file } of JSON.parse(out) as { fileName: string; file: string }[]) this.emitFile({ type: "asset", fileName, source: file });
    },
  };
}

/**
 * The build's id for the moment cache (src/bridge/momentCache.ts) and the shipped pictures: a hash of
 * every source file and of scripts/ship-pictures.ts, so a picture kept by one build is never shown by another.
 */
function sourceHash(): string {
  const src = fileURLToPath(new URL("./src", import.meta.url));
  const h = createHash("sha256");
  for (const f of listFiles(src)) h.update(f).update("\0").update(readFileSync(join(src, f))).update("\0");
  // The script that makes the shipped pictures (their files sit under this id).
  h.update(readFileSync(fileURLToPath(new URL("./scripts/ship-pictures.ts", import.meta.url))));
  return h.digest("hex").slice(0, 16);
}

export default defineConfig(({ mode }) => {
  const build = sourceHash();
  return {
    define: { __CLUSTERSCOPE_BUILD__: JSON.stringify(build) },
    plugins: [react(), ...(mode === "single" ? [] : [earlyStart(build), shippedPictures(build), revealForExamples(), serviceWorker(), compressOnce()])],
    // Relative asset URLs, so the built app also works when served from a sub-path.
    base: "./",
    worker: {
      format: "es",
    },
    build:
      mode === "single"
        ? {
            // `npm run build:single` (scripts/build-single.ts inlines the result into one HTML file).
            outDir: "dist-single",
            copyPublicDir: false,
            assetsInlineLimit: 100_000,
            rolldownOptions: { output: { codeSplitting: false } },
            // One file is the point of this build: its one big chunk is expected.
            chunkSizeWarningLimit: 2_000,
          }
        : {},
    preview: {
      host: "127.0.0.1",
      port: 4173,
      strictPort: true,
    },
    test: {
      // Unit and property tests live beside the code; Playwright specs in e2e/ are not Vitest"s.
      include: ["src/**/*.test.ts", "src/**/*.test.tsx"],
      environment: "node",
      // Engine tests simulate minutes of cluster time and fast-check runs whole fault schedules: on a busy
      // 2-core machine some take several seconds, so vitest's 5 s default would fail them for being slow.
      testTimeout: 60_000,
    },
  };
});
