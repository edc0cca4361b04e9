/**
 * `npm run build:single`: the whole app in one HTML file that works when opened from disk (file://),
 * the simulation's worker included. Runs after `vite build --mode single` (vite.config.ts: one script,
 * no code splitting, small assets inlined, no service worker) and inlines the result:
 *
 * - the worker's script becomes a Blob URL made at run time, started as a classic worker (a file://
 *   page may not start a worker from a file, nor a module worker from a blob, but a classic one from a
 *   blob it may);
 * - the page's script and style sheet go inline, and the favicon becomes a data URL.
 *
 * Writes dist-single/clusterscope.html and prints its size.
 */
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const dir = process.argv[2] ?? "dist-single";
const assets = join(dir, "assets");
const files = readdirSync(assets);
const pick = (re: RegExp) => {
  const found = files.filter((f) => re.test(f));
  if (found.length !== 1) throw new Error(`build:single: expected one ${re} in ${assets}, found ${found.length ? found.join(", ") : "none"}`);
  return found[0];
};
const workerFile = pick(/^worker-.*\.js$/);
let html = readFileSync(join(dir, "index.html"), "utf8");

const scriptTag = /<script type="module" crossorigin src="\.\/assets\/([^"]+\.js)"><\/script>/;
const mainFile = scriptTag.exec(html)?.[1];
if (!mainFile) throw new Error("build:single: index.html has no module script");
if (files.filter((f) => f.endsWith(".js")).length !== 2) throw new Error(`build:single: expected the page's script and the worker only, found ${files.join(", ")}`);

let main = readFileSync(join(assets, mainFile), "utf8");
const worker = readFileSync(join(assets, workerFile), "utf8");
// Vite writes `new Worker(new URL(new URL(`worker-….js`, import.meta.url).href, "" + import.meta.url), {type: `module`})`
// (quotes vary). A file:// page's module worker from a blob fails to load in Chromium (opaque origin),
// and the worker's bundle has no imports or exports: it runs as a classic worker from a Blob URL.
if (/\bimport\s*[({"'`]|\bexport\s*[{*]|import\.meta/.test(worker)) throw new Error(`build:single: ${workerFile} imports or exports: it cannot run as a classic worker`);
const q = "[\"'`]";
const workerCall = new RegExp(
  `new Worker\\(new URL\\(new URL\\(${q}(?:\\./)?(?:assets/)?${workerFile.replace(/[.]/g, "\\.")}${q},\\s*import\\.meta\\.url\\)\\.href,\\s*${q}${q}\\s*\\+\\s*import\\.meta\\.url\\),\\s*\\{\\s*type:\\s*${q}module${q}\\s*\\}\\)`,
);
if (!workerCall.test(main)) throw new Error(`build:single: cannot find the worker's construction (${workerFile}) in ${mainFile}`);
main = main.replace(workerCall, () => `new Worker(URL.createObjectURL(new Blob([${JSON.stringify(worker)}],{type:"text/javascript"})))`);

// Inline: "</script" inside the script would end the element.
const inlineScript = (code: string) => code.replace(/<\/(script)/gi, "<\\/$1");
html = html.replace(scriptTag, () => "");
html = html.replace(/<link rel="stylesheet" crossorigin href="\.\/assets\/([^"]+\.css)">/, (_, css: string) => `<style>\n${readFileSync(join(assets, css), "utf8")}</style>`);
html = html.replace("</body>", () => `<script type="module">\n${inlineScript(main)}</script>\n</body>`);
// The favicon, inline; no manifest (an installable app needs a server).
const favicon = readFileSync("public/favicon.svg");
html = html.replace(/<link rel="icon" type="image\/svg\+xml" href="[^"]*" \/>/, `<link rel="icon" type="image/svg+xml" href="data:image/svg+xml;base64,${favicon.toString("base64")}" />`);
html = html.replace(/\s*<link rel="manifest"[^>]*>/, "").replace(/\s*<link rel="apple-touch-icon"[^>]*>/, "");
if (/src="\.\/assets|href="\.\/assets/.test(html)) throw new Error("build:single: an asset is still referenced by URL");

const out = join(dir, "clusterscope.html");
writeFileSync(out, html);
console.log(JSON.stringify({ file: out, bytes: Buffer.byteLength(html) }));
