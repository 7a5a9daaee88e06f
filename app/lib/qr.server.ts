import zlib from "node:zlib";
import QRCode from "qrcode";

/*
 * QR codes for personal links and tickets. Level M survives a crease or a smudge on paper
 * while keeping a link at a low version (a link of up to 62 characters, such as
 * https://nanum.example.go.kr/i/<token>, fits version 4: 33×33 modules); the 4-module quiet
 * zone is what the standard asks of readers.
 */
const options = { errorCorrectionLevel: "M", margin: 4 } as const;
export const QR_OPTIONS = options;

/** An inline SVG (no width or height: size it with CSS), black modules on white. */
export function qrSvg(text: string): Promise<string> {
  return QRCode.toString(segments(text), { ...options, type: "svg" });
}

let pathScratch = Buffer.alloc(0);

/** A QR code as `QrCode` draws it: the side of its square, quiet zone included, in modules, and a path for a 1-unit stroke. */
export interface QrDrawing {
  side: number;
  path: string;
}

/**
 * A code for `QrCode` to draw: one segment per horizontal run of dark modules ("M4 4.5h7m2 0h1…",
 * about 1.9 KB for a link). Bulk prints (a letter for each of thousands of invitees) pass
 * `mask: "fixed"`: choosing the best of the eight masks is 90% of the library's time for a code
 * (0.22 of 0.25 ms), the masks differ only in how few reader-confusing patterns they leave, and
 * any mask makes a valid code that every reader decodes. One code on a screen keeps the best mask.
 */
export function qrDrawing(text: string, options: { mask?: "best" | "fixed" } = {}): QrDrawing {
  const { side, path } = qrPathBytes(text, options);
  return { side, path: path.toString("latin1") };
}

/**
 * `qrDrawing`'s path as ASCII bytes, for pages that write bytes. Written into one buffer: built
 * by string concatenation, a few hundred pieces a code, it was half the letters page's time in
 * allocation and garbage collection.
 */
export function qrPathBytes(text: string, { mask = "best" }: { mask?: "best" | "fixed" } = {}): { side: number; path: Buffer } {
  const { modules } = QRCode.create(segments(text), { errorCorrectionLevel: options.errorCorrectionLevel, maskPattern: mask === "fixed" ? 0 : undefined });
  const { size, data } = modules;
  if (pathScratch.length < size * size * 8) pathScratch = Buffer.allocUnsafe(size * size * 8); // room for a run at every module
  const length = writeQrPath(data, size, options.margin, pathScratch);
  return { side: size + 2 * options.margin, path: Buffer.from(pathScratch.subarray(0, length)) };
}

/**
 * Writes the path of a matrix of modules into `out` (room for size² × 8 bytes) and returns its
 * length. Self-contained (no name from outside it), because the letters' drawing thread gets
 * its source as text (see qr-batch.server.ts).
 */
export function writeQrPath(data: Uint8Array, size: number, margin: number, out: Uint8Array): number {
  // ASCII codes of "M", "m", "h", " ", ".", "5" and "0".
  const [M, m, h, SPACE, DOT, FIVE, ZERO] = [77, 109, 104, 32, 46, 53, 48];
  let at = 0;
  const number = (value: number) => {
    if (value >= 100) out[at++] = ZERO + ((value / 100) | 0);
    if (value >= 10) out[at++] = ZERO + (((value / 10) | 0) % 10);
    out[at++] = ZERO + (value % 10);
  };
  for (let y = 0, row = 0; y < size; y++, row += size) {
    // Where the pen is on this row; the row's first run moves there absolutely ("M4 4.5").
    let pen = -1;
    let x = 0;
    while (x < size) {
      if (data[row + x] === 0) {
        x++;
        continue;
      }
      const start = x;
      while (x < size && data[row + x] !== 0) x++;
      if (pen < 0) {
        out[at++] = M;
        number(start + margin);
        out[at++] = SPACE;
        number(y + margin);
        out[at++] = DOT;
        out[at++] = FIVE;
      } else {
        out[at++] = m;
        number(start - pen);
        out[at++] = SPACE;
        out[at++] = ZERO;
      }
      out[at++] = h;
      number(x - start);
      pen = x;
    }
  }
  return at;
}

// One byte-mode segment: our texts (links, ticket payloads) are short and mostly lower case, so
// the library's search for the best mix of modes (a shortest-path over the text) buys nothing
// and costs more than drawing the code.
function segments(text: string): QRCode.QRCodeSegment[] {
  return [{ data: Buffer.from(text, "utf8"), mode: "byte" }];
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function pngChunk(type: string, data: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const frame = Buffer.alloc(8 + data.length + 4);
  frame.writeUInt32BE(data.length, 0);
  body.copy(frame, 4);
  frame.writeUInt32BE(zlib.crc32(body), 8 + data.length);
  return frame;
}

/**
 * A PNG, `scale` pixels per module (8 gives about 330 px for a link), e.g. for a ticket in an email.
 * The library draws the matrix; the PNG is written here as a 1-bit greyscale image, because the
 * library's own PNG path (RGBA pixels through pngjs) took about 4 ms of every answer that earns a
 * ticket, against well under 1 ms for this.
 */
export async function qrPngBuffer(text: string, { scale = 8 }: { scale?: number } = {}): Promise<Buffer> {
  const { modules } = QRCode.create(segments(text), { errorCorrectionLevel: options.errorCorrectionLevel });
  const size = modules.size;
  const pixels = (size + 2 * options.margin) * scale;
  const rowBytes = Math.ceil(pixels / 8);
  const stride = rowBytes + 1; // each row starts with its filter type, 0 (none)
  const raw = Buffer.alloc(stride * pixels);
  for (let y = 0; y < pixels; y++) {
    const row = y * stride;
    raw.fill(0xff, row + 1, row + stride); // white (1); dark modules clear their bits
    const moduleRow = Math.floor(y / scale) - options.margin;
    if (moduleRow < 0 || moduleRow >= size) continue;
    for (let column = 0; column < size; column++) {
      if (!modules.data[moduleRow * size + column]) continue;
      const left = (column + options.margin) * scale;
      for (let x = left; x < left + scale; x++) raw[row + 1 + (x >> 3)]! &= ~(0x80 >> (x & 7));
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(pixels, 0);
  header.writeUInt32BE(pixels, 4);
  header[8] = 1; // bit depth; colour type 0 (greyscale), no interlace
  return Buffer.concat([PNG_SIGNATURE, pngChunk("IHDR", header), pngChunk("IDAT", zlib.deflateSync(raw)), pngChunk("IEND", Buffer.alloc(0))]);
}
