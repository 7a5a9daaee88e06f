import http from "node:http";
import type { AddressInfo } from "node:net";
import { createGunzip, gzipSync } from "node:zlib";
import express, { type Response } from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compressResponses } from "../../app/lib/compression.server";

type Flushable = Response & { flush(): void };

/** Writes `chunks` the way Remix's adapter does: write and flush each, a microtask apart. */
async function writeLikeRemix(res: Flushable, chunks: string[]): Promise<void> {
  for (const chunk of chunks) {
    res.write(chunk);
    res.flush();
    await Promise.resolve();
  }
}

const pagePiece = (i: number) => `<tr><td>${i}</td><td>김민서 ${i}</td><td>파주시교육지원청 교육협력과</td><td>운영위원</td></tr>\n`.repeat(12);

let server: http.Server;
let base: string;

beforeAll(async () => {
  const app = express();
  app.use(compressResponses());
  app.get("/small", async (_req, res) => {
    res.type("application/json");
    await writeLikeRemix(res as Flushable, [JSON.stringify({ status: "welcome", name: "김민서", at: "14:02" })]);
    res.end();
  });
  app.get("/page", async (_req, res) => {
    res.type("html");
    await writeLikeRemix(
      res as Flushable,
      Array.from({ length: 40 }, (_, i) => pagePiece(i)),
    );
    res.end();
  });
  app.get("/slow", async (_req, res) => {
    res.type("html");
    await writeLikeRemix(res as Flushable, [pagePiece(0)]);
    setTimeout(() => res.end("<p>나중에 온 부분</p>"), 400);
  });
  // Server-Sent Events, a few bytes at a time (Remix sends the headers first; this one does not).
  app.get("/events", (_req, res) => {
    res.type("text/event-stream");
    res.write("retry: 2000\n\n");
    res.flush();
    setTimeout(() => res.end("event: arrivals\ndata: 1\n\n"), 400);
  });
  server = app.listen(0);
  await new Promise((resolve) => server.once("listening", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise((resolve) => server.close(resolve)));

interface Received {
  encoding: string | undefined;
  wire: Buffer;
  /** Milliseconds from the request until the first decoded text, and until the end. */
  firstTextAt: number;
  endAt: number;
  text: string;
}

function get(path: string, acceptEncoding: string): Promise<Received> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    http
      .get(`${base}${path}`, { headers: { "Accept-Encoding": acceptEncoding } }, (response) => {
        const encoding = response.headers["content-encoding"];
        const wire: Buffer[] = [];
        const text: Buffer[] = [];
        let firstTextAt = Infinity;
        const decoded = encoding === "gzip" ? response.pipe(createGunzip()) : response;
        response.on("data", (chunk: Buffer) => wire.push(chunk));
        decoded.on("data", (chunk: Buffer) => {
          firstTextAt = Math.min(firstTextAt, performance.now() - started);
          text.push(chunk);
        });
        decoded.on("end", () => resolve({ encoding, wire: Buffer.concat(wire), firstTextAt, endAt: performance.now() - started, text: Buffer.concat(text).toString("utf8") }));
        decoded.on("error", reject);
      })
      .on("error", reject);
  });
}

describe("compressed responses written in pieces", () => {
  it("sends a body under 1 KB as it is, even when written and flushed in pieces", async () => {
    const small = await get("/small", "gzip, br");
    expect(small.encoding).toBeUndefined();
    expect(JSON.parse(small.text)).toEqual({ status: "welcome", name: "김민서", at: "14:02" });
  });

  it("compresses a page flushed chunk by chunk about as well as the whole page at once", async () => {
    const page = await get("/page", "gzip");
    expect(page.encoding).toBe("gzip");
    const whole = Array.from({ length: 40 }, (_, i) => pagePiece(i)).join("");
    expect(page.text).toBe(whole);
    expect(page.wire.length).toBeLessThan(gzipSync(whole).length * 1.1);
  });

  it("still streams: what was flushed arrives before the rest of the page is written", async () => {
    const slow = await get("/slow", "gzip");
    expect(slow.encoding).toBe("gzip");
    expect(slow.text).toBe(`${pagePiece(0)}<p>나중에 온 부분</p>`);
    expect(slow.endAt - slow.firstTextAt).toBeGreaterThan(300);
  });
});

describe("an event stream", () => {
  it("goes out uncompressed, each piece as it is written", async () => {
    const events = await get("/events", "gzip, br");
    expect(events.encoding).toBeUndefined();
    expect(events.text).toBe("retry: 2000\n\nevent: arrivals\ndata: 1\n\n");
    expect(events.firstTextAt).toBeLessThan(300);
    expect(events.endAt - events.firstTextAt).toBeGreaterThan(300);
  });
});
