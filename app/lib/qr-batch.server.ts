import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";
import { QR_OPTIONS, qrPathBytes, writeQrPath } from "./qr.server";
import { logger } from "./logger.server";

/*
 * QR codes for a print run (a letter for each of 10,000 invitees), drawn on a thread of their
 * own: drawing them was half of the letters page's time on the main thread, which also renders
 * the letters and serves everyone else. The page asks for the next batch while it writes this
 * one, so drawing, writing and compressing overlap.
 *
 * The thread runs from source text (`eval`): the server is one bundled file, with no separate
 * file a worker could start from. It draws exactly as qrPathBytes does with the fixed mask
 * (writeQrPath is the same function, passed as text), which a test checks code for code.
 */

/** One code as a letter draws it: the side of its square in modules and its path in ASCII. */
export interface QrBatchDrawing {
  side: number;
  path: Buffer;
}

interface Request {
  id: number;
  texts: string[];
}

interface Reply {
  id: number;
  sides: number[];
  ends: number[];
  bytes: Uint8Array;
  error?: string;
}

// Runs in the worker: CommonJS, with only what workerData gives it.
const workerSource = (writeQrPathSource: string) => `
const { parentPort, workerData } = require("node:worker_threads");
const QRCode = require(workerData.qrcode);
const writeQrPath = (${writeQrPathSource});
let scratch = new Uint8Array(0);
parentPort.on("message", ({ id, texts }) => {
  try {
    const sides = [], ends = [];
    let bytes = new Uint8Array(texts.length * 2048), at = 0;
    for (const text of texts) {
      const { modules } = QRCode.create([{ data: Buffer.from(text, "utf8"), mode: "byte" }], { errorCorrectionLevel: workerData.errorCorrectionLevel, maskPattern: 0 });
      const room = modules.size * modules.size * 8;
      if (scratch.length < room) scratch = new Uint8Array(room);
      const length = writeQrPath(modules.data, modules.size, workerData.margin, scratch);
      if (bytes.length < at + length) {
        const grown = new Uint8Array(Math.max(bytes.length * 2, at + length));
        grown.set(bytes.subarray(0, at));
        bytes = grown;
      }
      bytes.set(scratch.subarray(0, length), at);
      at += length;
      sides.push(modules.size + 2 * workerData.margin);
      ends.push(at);
    }
    const out = bytes.slice(0, at);
    parentPort.postMessage({ id, sides, ends, bytes: out }, [out.buffer]);
  } catch (error) {
    parentPort.postMessage({ id, sides: [], ends: [], bytes: new Uint8Array(0), error: String(error && error.stack || error) });
  }
});
`;

let worker: Worker | null = null;
let failed = false;
let nextId = 0;
const waiting = new Map<number, { resolve: (drawings: QrBatchDrawing[]) => void; reject: (error: Error) => void }>();

function drawingThread(): Worker | null {
  if (worker || failed) return worker;
  try {
    const qrcode = createRequire(import.meta.url).resolve("qrcode");
    const started = new Worker(workerSource(writeQrPath.toString()), { eval: true, workerData: { qrcode, margin: QR_OPTIONS.margin, errorCorrectionLevel: QR_OPTIONS.errorCorrectionLevel } });
    // Idle, it must not keep the process from exiting (tests, a server shutting down).
    started.unref();
    started.on("message", (reply: Reply) => {
      const pending = waiting.get(reply.id);
      if (!pending) return;
      waiting.delete(reply.id);
      if (reply.error) return pending.reject(new Error(`The QR drawing thread failed: ${reply.error}`));
      const bytes = Buffer.from(reply.bytes.buffer, reply.bytes.byteOffset, reply.bytes.byteLength);
      pending.resolve(reply.sides.map((side, i) => ({ side, path: bytes.subarray(i === 0 ? 0 : reply.ends[i - 1], reply.ends[i]) })));
    });
    started.on("error", (error) => {
      // Whatever was asked of it is drawn here instead; later batches too.
      logger.warn({ err: error }, "The QR drawing thread stopped; drawing on the main thread");
      failed = true;
      worker = null;
      for (const pending of waiting.values()) pending.reject(error);
      waiting.clear();
    });
    worker = started;
  } catch (error) {
    logger.warn({ err: error }, "The QR drawing thread could not start; drawing on the main thread");
    failed = true;
  }
  return worker;
}

/** The drawing thread's id while it runs; null before the first batch or after it failed. */
export function qrDrawingThreadId(): number | null {
  return worker?.threadId ?? null;
}

/** Draws QR codes for these texts, with the fixed mask (see qrDrawing), off the main thread. */
export async function drawQrBatch(texts: string[]): Promise<QrBatchDrawing[]> {
  const thread = drawingThread();
  const drawHere = () => texts.map((text) => qrPathBytes(text, { mask: "fixed" }));
  if (!thread) return drawHere();
  const id = nextId++;
  try {
    return await new Promise<QrBatchDrawing[]>((resolve, reject) => {
      waiting.set(id, { resolve, reject });
      // Referenced while it has work, so a pending batch is not abandoned at exit.
      thread.ref();
      thread.postMessage({ id, texts } satisfies Request);
    }).finally(() => {
      if (waiting.size === 0) worker?.unref();
    });
  } catch {
    return drawHere();
  }
}
