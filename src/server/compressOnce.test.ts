import { mkdirSync, mkdtempSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { createServer, request, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compressOnceMiddleware } from "./compressOnce";

/** A response as the test reads it: status, headers and the body as sent (`x-next` when it went on to `next`). */
interface Got {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

let dir: string;
let server: Server;
let port: number;
const base = "/sub/";
const big = "const x = 1;\n".repeat(400);

/** One request to the test server (a connect-like chain: the middleware, then a stand-in for Vite's own). */
function get(path: string, headers: Record<string, string> = { "accept-encoding": "gzip, deflate, br" }, method = "GET"): Promise<Got> {
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

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "compress-once-"));
  mkdirSync(join(dir, "assets"));
  writeFileSync(join(dir, "assets", "worker.js"), big);
  writeFileSync(join(dir, "assets", "small.js"), "1");
  writeFileSync(join(dir, "assets", "icon.png"), Buffer.alloc(4096, 7));
  writeFileSync(join(dir, "index.html"), `<!doctype html>${"<p>x</p>".repeat(300)}`);
  writeFileSync(join(dir, "..", "outside.js"), big);
  const middleware = compressOnceMiddleware(dir, base);
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

afterAll(() => {
  server.close();
  rmSync(dir, { recursive: true, force: true });
  rmSync(join(dir, "..", "outside.js"), { force: true });
});

describe("compressOnceMiddleware", () => {
  it("sends a built file gzipped, with sirv's headers, the same bytes every time", async () => {
    const a = await get("/sub/assets/worker.js");
    expect(a.status).toBe(200);
    expect(a.headers["x-next"]).toBeUndefined();
    expect(a.headers["content-encoding"]).toBe("gzip");
    expect(a.headers["content-type"]).toBe("text/javascript");
    expect(a.headers["cache-control"]).toBe("no-cache");
    expect(a.headers.vary).toBe("Origin, Accept-Encoding");
    expect(a.headers.etag).toMatch(/^W\/"\d+-\d+"$/);
    expect(Number(a.headers["content-length"])).toBe(a.body.length);
    expect(a.body.length).toBeLessThan(big.length / 4);
    expect(gunzipSync(a.body).toString()).toBe(big);
    const b = await get("/sub/assets/worker.js");
    expect(b.body.equals(a.body)).toBe(true);
    expect(b.headers.etag).toBe(a.headers.etag);
  });

  it("answers 304 to a browser that has the file, and headers alone to HEAD", async () => {
    const a = await get("/sub/assets/worker.js");
    const b = await get("/sub/assets/worker.js", { "accept-encoding": "gzip", "if-none-match": String(a.headers.etag) });
    expect(b.status).toBe(304);
    expect(b.body.length).toBe(0);
    const c = await get("/sub/assets/worker.js", { "accept-encoding": "gzip" }, "HEAD");
    expect(c.status).toBe(200);
    expect(c.headers["content-length"]).toBe(a.headers["content-length"]);
    expect(c.body.length).toBe(0);
  });

  it("keeps what it compressed: the file is not read again while its size and time stay", async () => {
    const file = join(dir, "assets", "worker.js");
    const a = await get("/sub/assets/worker.js");
    const { mtime } = statSync(file);
    // Same size, same time: a file the middleware has no reason to read again.
    writeFileSync(file, big.replace(/1/g, "2"));
    utimesSync(file, mtime, mtime);
    const b = await get("/sub/assets/worker.js");
    expect(b.headers.etag).toBe(a.headers.etag);
    expect(gunzipSync(b.body).toString()).toBe(big);
    writeFileSync(file, big);
    utimesSync(file, mtime, mtime);
  });

  it("compresses a file again when it changes on disk", async () => {
    const file = join(dir, "index.html");
    const a = await get("/sub/index.html");
    expect(a.headers["content-type"]).toBe("text/html");
    const changed = `<!doctype html>${"<p>y</p>".repeat(400)}`;
    writeFileSync(file, changed);
    utimesSync(file, new Date(), new Date(Date.now() + 5000));
    const b = await get("/sub/index.html");
    expect(b.headers.etag).not.toBe(a.headers.etag);
    expect(gunzipSync(b.body).toString()).toBe(changed);
  });

  it("leaves to Vite what it does not keep", async () => {
    const cases: [string, Record<string, string>?][] = [
      ["/sub/assets/worker.js", { "accept-encoding": "identity" }], // no gzip
      ["/sub/assets/worker.js", {}], // no Accept-Encoding at all
      ["/sub/assets/small.js"], // under the threshold
      ["/sub/assets/icon.png"], // not compressible
      ["/sub/assets/missing.js"], // not there (the page's fallback)
      ["/sub/assets"], // a folder
      ["/assets/worker.js"], // outside the base
      ["/sub/..%2Foutside.js"], // outside the build
      ["/sub/%E0%A4%A.js"], // not a URL path
      ["/sub/?seed=7"], // the page itself
    ];
    for (const [path, headers] of cases) {
      const r = await get(path, headers ?? { "accept-encoding": "gzip" });
      expect(r.headers["x-next"], path).toBe("1");
      expect(r.body.toString(), path).toBe("from next");
    }
    const post = await get("/sub/assets/worker.js", { "accept-encoding": "gzip" }, "POST");
    expect(post.headers["x-next"]).toBe("1");
  });
});
