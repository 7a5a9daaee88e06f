import compression from "compression";
import type { RequestHandler, Response } from "express";

/** Bodies smaller than this go out as they are: compressing them saves a few hundred bytes at best. */
const THRESHOLD = 1024;

type Write = (chunk: unknown, encoding?: BufferEncoding | ((error?: Error | null) => void), callback?: (error?: Error | null) => void) => boolean;
type End = (chunk?: unknown, encoding?: BufferEncoding | (() => void), callback?: () => void) => Response;

/**
 * gzip or brotli (quality 4) for clients that ask, for compressible types only (pages, JSON, CSS,
 * JS; never .xlsx or images, which are compressed already, nor event streams, which must not
 * wait), keeping each response's own headers.
 *
 * Two adjustments for the way Remix writes a body (write, flush, write, flush, …, end):
 * - `compression` decides when the headers go out, from Content-Length or the body given to
 *   `end()`. Remix sets neither, so a 200-byte check-in answer was compressed too, which cost
 *   small JSON answers about a fifth of their throughput. A first write under 1 KB is held until
 *   the next write or the end, so a one-piece body reaches `end()` whole and is measured.
 * - Remix flushes after every chunk, and a gzip flush resets the compressor's memory: a page sent
 *   in 2 KB pieces came out 30% larger than gzipped whole. Flushes are gathered into one per turn
 *   of the event loop, after the chunks a render produced together; the page still streams.
 */
export function compressResponses(): RequestHandler {
  const compress = compression({
    threshold: THRESHOLD,
    // An event stream's few bytes at a time would wait in the compressor for more.
    filter: (req, res) => !isEventStream(res) && compression.filter(req, res),
  });
  return (req, res, next) => {
    compress(req, res, (error?: unknown) => {
      if (error) return next(error);
      holdSmallStart(res);
      next();
    });
  };
}

/** Server-Sent Events: each few bytes must go out as they are written. */
function isEventStream(res: { getHeader(name: string): unknown }): boolean {
  return /^text\/event-stream/i.test(String(res.getHeader("Content-Type") ?? ""));
}

function toBuffer(chunk: unknown, encoding?: BufferEncoding): Buffer {
  if (Buffer.isBuffer(chunk)) return chunk;
  if (chunk instanceof Uint8Array) return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  return Buffer.from(String(chunk), encoding);
}

function holdSmallStart(res: Response): void {
  const write = res.write.bind(res) as Write;
  const end = res.end.bind(res) as End;
  const flush = (res as Response & { flush?: () => void }).flush?.bind(res);
  let held: Buffer | null = null;
  let holding = true;
  let ended = false;
  let flushScheduled = false;

  const release = () => {
    holding = false;
    const pending = held;
    held = null;
    return pending;
  };

  res.write = function (chunk: unknown, encoding?: BufferEncoding | ((error?: Error | null) => void), callback?: (error?: Error | null) => void) {
    if (!holding || res.headersSent || isEventStream(res)) {
      const pending = release();
      if (pending) write(pending);
      return write(chunk, encoding, callback);
    }
    const done = typeof encoding === "function" ? encoding : callback;
    const bytes = toBuffer(chunk, typeof encoding === "string" ? encoding : undefined);
    held = held ? Buffer.concat([held, bytes]) : bytes;
    if (held.length >= THRESHOLD) return write(release()!, done);
    if (done) process.nextTick(done);
    return true;
  } as Response["write"];

  res.end = function (chunk?: unknown, encoding?: BufferEncoding | (() => void), callback?: () => void) {
    ended = true;
    const pending = release();
    if (!pending) return end(chunk, encoding, callback);
    const done = typeof chunk === "function" ? (chunk as () => void) : typeof encoding === "function" ? encoding : callback;
    const rest = chunk === undefined || chunk === null || typeof chunk === "function" ? null : toBuffer(chunk, typeof encoding === "string" ? encoding : undefined);
    return end(rest ? Buffer.concat([pending, rest]) : pending, done);
  } as Response["end"];

  if (flush) {
    (res as Response & { flush: () => void }).flush = () => {
      if (holding || flushScheduled) return;
      flushScheduled = true;
      setImmediate(() => {
        flushScheduled = false;
        if (!ended) flush();
      });
    };
  }
}
