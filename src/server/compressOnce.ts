/**
 * The preview server's compression, done once per file (vite.config.ts, `compressOnce`).
 *
 * `vite preview` compresses every response afresh, on every request (its compression middleware): for
 * the simulation's worker (370 kB) that is 13 to 18 ms of the processor per page load, on the machine
 * that also runs the browser. A static host or a CDN (GitHub Pages) compresses a file once and keeps it.
 * This middleware does the same for the preview server, so that the e2e tests and the benchmarks see
 * what a host gives: a built file of a compressible type, 1 kB or more, is gzipped on its first request
 * (again when it changes on disk) and kept in memory, and sent with the headers the preview's static
 * server (sirv) sends: its type, a weak ETag of size and time, `Cache-Control: no-cache`, and 304 when
 * the browser has it. Anything else (a small file, a client without gzip, a path outside the build, the
 * page's fallback) goes on to Vite's own middlewares, as before.
 */
import { readFileSync, statSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { extname, isAbsolute, join, sep } from "node:path";
import { gzipSync } from "node:zlib";
import type { Plugin } from "vite";

/** What is compressed, by extension, with the type sirv sends for it (its `toHeaders`: html with a charset). */
export const COMPRESSIBLE: Readonly<Record<string, string>> = {
  ".js": "text/javascript",
  ".css": "text/css",
  ".html": "text/html;charset=utf-8",
  ".json": "application/json",
  ".txt": "text/plain",
  ".svg": "image/svg+xml",
  ".webmanifest": "application/manifest+json",
  ".map": "application/json",
};

/** Smaller files go on uncompressed, as Vite's compression leaves them (its threshold). */
export const MIN_BYTES = 1024;

/**
 * A connect middleware serving the files under `outDir` (an absolute path), at URL paths under `base`
 * (`/` or `/sub/path/`, as Vite's resolved `base`: percent-encoded), gzipped once and kept.
 */
export function compressOnceMiddleware(outDir: string, base = "/") {
  const root = outDir.endsWith(sep) ? outDir : outDir + sep;
  const prefix = decodeURI(base);
  const kept = new Map<string, { etag: string; gz: Buffer }>();
  return (req: IncomingMessage, res: ServerResponse, next: () => void): void => {
    if ((req.method !== "GET" && req.method !== "HEAD") || !/\bgzip\b/.test(String(req.headers["accept-encoding"] ?? ""))) return next();
    let path: string;
    try {
      // As sirv reads it: the request's path, `%2F` left as it is.
      path = decodeURI(new URL(`http://localhost${req.url ?? "/"}`).pathname);
    } catch {
      return next();
    }
    const type = COMPRESSIBLE[extname(path)];
    if (!type || !path.startsWith(prefix)) return next();
    const file = join(root, path.slice(prefix.length));
    if (!file.startsWith(root)) return next();
    let stat;
    try {
      stat = statSync(file);
    } catch {
      return next();
    }
    if (!stat.isFile() || stat.size < MIN_BYTES) return next();
    const etag = `W/"${stat.size}-${stat.mtime.getTime()}"`;
    const vary = res.getHeader("Vary");
    res.setHeader("Vary", vary ? `${String(vary)}, Accept-Encoding` : "Accept-Encoding");
    res.setHeader("Content-Type", type);
    res.setHeader("Last-Modified", stat.mtime.toUTCString());
    res.setHeader("ETag", etag);
    res.setHeader("Cache-Control", "no-cache");
    if (req.headers["if-none-match"] === etag) {
      res.statusCode = 304;
      res.end();
      return;
    }
    let entry = kept.get(file);
    if (entry?.etag !== etag) kept.set(file, (entry = { etag, gz: gzipSync(readFileSync(file)) }));
    res.setHeader("Content-Encoding", "gzip");
    res.setHeader("Content-Length", entry.gz.length);
    if (req.method === "HEAD") res.end();
    else res.end(entry.gz);
  };
}

/**
 * The plugin (vite.config.ts): `vite preview` with the middleware above, added before Vite's own
 * middlewares, so Vite's compression never sees its responses. In preview, Vite resolves the relative
 * `base: "./"` to "/" (or to `--base /sub/`).
 */
export function compressOnce(): Plugin {
  return {
    name: "clusterscope-compress-once",
    configurePreviewServer(server) {
      const { root, build, base } = server.config;
      server.middlewares.use(compressOnceMiddleware(isAbsolute(build.outDir) ? build.outDir : join(root, build.outDir), base));
    },
  };
}
