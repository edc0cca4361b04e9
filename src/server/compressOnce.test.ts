import { mkdirSync, mkdtempSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { createServer, request, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { preview, type PreviewServer } from "vite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compressOnce, compressOnceMiddleware } from "./compressOnce";

/** A response as sent: status, headers and the body's bytes (still gzipped). */
interface Got {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** One request, the body left as it came. */
function get(port: number, path: string, headers: Record<string, string> = { "accept-encoding": "gzip, deflate, br" }, method = "GET"): Promise<Got> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on("error", reject);
    req.end();
  });
}

/** The body as the browser reads it. */
const decoded = (r: Got) => (r.headers["content-encoding"] === "gzip" ? gunzipSync(r.body) : r.body).toString();

const big = "const x = 1;\n".repeat(400);
let top: string;
let dist: string;

beforeAll(() => {
  top = mkdtempSync(join(tmpdir(), "compress-once-"));
  dist = join(top, "dist");
  mkdirSync(join(dist, "assets"), { recursive: true });
  mkdirSync(join(dist, "moments"));
  mkdirSync(join(dist, "assets", "dir.js"));
  writeFileSync(join(dist, "assets", "dir.js", "inner.js"), big);
  writeFileSync(join(dist, "assets", "worker.js"), big);
  writeFileSync(join(dist, "assets", "app.js.map"), JSON.stringify({ mappings: "A".repeat(3000) }));
  writeFileSync(join(dist, "assets", "style.css"), ".a { color: red; }\n".repeat(200));
  writeFileSync(join(dist, "assets", "small.js"), "1");
  writeFileSync(join(dist, "assets", "icon.png"), Buffer.alloc(4096, 7));
  writeFileSync(join(dist, "icon.svg"), `<svg xmlns="http://www.w3.org/2000/svg">${"<path d='M0 0'/>".repeat(200)}</svg>`);
  writeFileSync(join(dist, "manifest.webmanifest"), JSON.stringify({ name: "x".repeat(2000) }));
  writeFileSync(join(dist, "moments", "start.txt"), `{"type":"hydrate"${', "x": 1'.repeat(300)}}`);
  writeFileSync(join(dist, "data.json"), JSON.stringify({ a: "b".repeat(2000) }));
  writeFileSync(join(dist, "index.html"), `<!doctype html><meta charset="utf-8">${"<p>x</p>".repeat(300)}`);
  // Beside the build, not in it.
  writeFileSync(join(top, "outside.js"), big);
});

afterAll(() => rmSync(top, { recursive: true, force: true }));

describe("vite preview with compressOnce", () => {
  let plain: PreviewServer;
  let kept: PreviewServer;
  const portOf = (s: PreviewServer) => (s.httpServer.address() as AddressInfo).port;
  const start = (plugins: ReturnType<typeof compressOnce>[]) =>
    preview({ configFile: false, root: top, logLevel: "silent", build: { outDir: "dist" }, preview: { host: "127.0.0.1", port: 0 }, plugins });

  beforeAll(async () => {
    plain = await start([]);
    kept = await start([compressOnce()]);
  });
  afterAll(async () => {
    await plain.close();
    await kept.close();
  });

  const compressed = ["/assets/worker.js", "/assets/app.js.map", "/assets/style.css", "/icon.svg", "/manifest.webmanifest", "/moments/start.txt", "/data.json", "/index.html"];
  const passed = ["/assets/small.js", "/assets/icon.png", "/assets/missing.js", "/assets/dir.js", "/assets/dir.js/inner.js", "/", "/?seed=7", "/assets%2Fworker.js", "/../outside.js"];

  it("answers every request as Vite's preview does, and sends the built text files gzipped from memory", async () => {
    for (const path of [...compressed, ...passed]) {
      const a = await get(portOf(plain), path);
      const b = await get(portOf(kept), path);
      expect(b.status, path).toBe(a.status);
      expect(b.headers["content-type"], path).toBe(a.headers["content-type"]);
      expect(b.headers.etag, path).toBe(a.headers.etag);
      expect(b.headers["cache-control"], path).toBe(a.headers["cache-control"]);
      expect(decoded(b), path).toBe(decoded(a));
    }
    for (const path of compressed) {
      const b = await get(portOf(kept), path);
      expect(b.headers["content-encoding"], path).toBe("gzip");
      // Kept: its length is known (Vite's own compression streams it, chunked).
      expect(Number(b.headers["content-length"]), path).toBe(b.body.length);
      expect(b.headers.vary, path).toBe("Origin, Accept-Encoding");
    }
    const plainWorker = await get(portOf(plain), "/assets/worker.js");
    expect(plainWorker.headers["content-length"]).toBeUndefined();
  });

  it("answers 304 for the file the browser has, 200 for another, and headers alone to HEAD", async () => {
    const a = await get(portOf(kept), "/assets/worker.js");
    const same = await get(portOf(kept), "/assets/worker.js", { "accept-encoding": "gzip", "if-none-match": String(a.headers.etag) });
    expect(same.status).toBe(304);
    expect(same.body.length).toBe(0);
    const other = await get(portOf(kept), "/assets/worker.js", { "accept-encoding": "gzip", "if-none-match": 'W/"1-2"' });
    expect(other.status).toBe(200);
    expect(decoded(other)).toBe(big);
    const head = await get(portOf(kept), "/assets/worker.js", { "accept-encoding": "gzip" }, "HEAD");
    expect(head.status).toBe(200);
    expect(head.headers["content-encoding"]).toBe("gzip");
    expect(head.headers["content-length"]).toBe(a.headers["content-length"]);
  });
});

describe("compressOnceMiddleware", () => {
  let server: Server;
  let port: number;

  beforeAll(async () => {
    const middleware = compressOnceMiddleware(dist, "/my%20app/");
    server = createServer((req, res) => {
      // As Vite's CORS middleware does before it.
      res.setHeader("Vary", "Origin");
      middleware(req, res, () => {
        res.setHeader("X-Next", "1");
        res.end("from next");
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => server.close());

  it("sends a file under its base (percent-encoded, as Vite gives it) with the size and time as its ETag", async () => {
    const r = await get(port, "/my%20app/assets/worker.js");
    const stat = statSync(join(dist, "assets", "worker.js"));
    expect(r.headers["x-next"]).toBeUndefined();
    expect(r.headers.etag).toBe(`W/"${stat.size}-${stat.mtime.getTime()}"`);
    expect(r.headers["last-modified"]).toBe(stat.mtime.toUTCString());
    expect(r.body.length).toBeLessThan(big.length / 4);
    expect(decoded(r)).toBe(big);
  });

  it("keeps what it compressed: the file is not read again while its size and time stay", async () => {
    const file = join(dist, "assets", "worker.js");
    const a = await get(port, "/my%20app/assets/worker.js");
    const { mtime } = statSync(file);
    try {
      // Same size, same time: a file the middleware has no reason to read again.
      writeFileSync(file, big.replace(/1/g, "2"));
      utimesSync(file, mtime, mtime);
      const b = await get(port, "/my%20app/assets/worker.js");
      expect(b.headers.etag).toBe(a.headers.etag);
      expect(decoded(b)).toBe(big);
    } finally {
      writeFileSync(file, big);
      utimesSync(file, mtime, mtime);
    }
  });

  it("compresses a file again when its time changes, at the same size", async () => {
    const file = join(dist, "data.json");
    const a = await get(port, "/my%20app/data.json");
    const before = decoded(a);
    const after = before.replace(/b/g, "c");
    writeFileSync(file, after);
    const { mtime } = statSync(file);
    utimesSync(file, mtime, new Date(mtime.getTime() + 5000));
    const b = await get(port, "/my%20app/data.json");
    expect(b.headers.etag).not.toBe(a.headers.etag);
    expect(decoded(b)).toBe(after);
  });

  it("leaves to the next middleware what it does not keep", async () => {
    const cases: [string, Record<string, string>, string?][] = [
      ["/my%20app/assets/worker.js", { "accept-encoding": "identity" }], // no gzip
      ["/my%20app/assets/worker.js", {}], // no Accept-Encoding at all
      ["/my%20app/assets/worker.js", { "accept-encoding": "gzip" }, "POST"],
      ["/my%20app/assets/small.js", { "accept-encoding": "gzip" }], // under the threshold
      ["/my%20app/assets/icon.png", { "accept-encoding": "gzip" }], // not compressible
      ["/my%20app/assets/missing.js", { "accept-encoding": "gzip" }], // not there (the page's fallback)
      ["/my%20app/assets/dir.js", { "accept-encoding": "gzip" }], // a folder
      ["/assets/worker.js", { "accept-encoding": "gzip" }], // outside the base
      ["/my%20app/..%2Foutside.js", { "accept-encoding": "gzip" }], // `%2F` stays a name, as sirv reads it
      ["/my%20app/../outside.js", { "accept-encoding": "gzip" }], // outside the build
      ["/my%20app/%E0%A4%A.js", { "accept-encoding": "gzip" }], // not a URL path
      ["/my%20app/?seed=7", { "accept-encoding": "gzip" }], // the page itself
    ];
    for (const [path, headers, method] of cases) {
      const r = await get(port, path, headers, method);
      expect(r.headers["x-next"], path).toBe("1");
      expect(r.body.toString(), path).toBe("from next");
    }
  });
});
