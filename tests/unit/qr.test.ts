import jsQR from "jsqr";
import { PNG } from "pngjs";
import { describe, expect, it } from "vitest";
import QRCode from "qrcode";
import { qrDrawing, qrPathBytes, qrPngBuffer, qrSvg } from "../../app/lib/qr.server";
import { drawQrBatch, qrDrawingThreadId } from "../../app/lib/qr-batch.server";
import { decodeQrDrawing } from "../helpers/qr";

function decodePng(buffer: Buffer): string | undefined {
  const image = PNG.sync.read(buffer);
  return jsQR(new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.length), image.width, image.height)?.data;
}

const link = `https://nanum.example.go.kr/i/${"Ab3_x-Z9".repeat(4)}`;

describe("QR codes", () => {
  it("encodes a personal link into a PNG that a QR reader decodes back to the same link", async () => {
    expect(decodePng(await qrPngBuffer(link))).toBe(link);
  });

  it("keeps Korean text intact through a round trip", async () => {
    const text = "나눔 초청장 · 박서준 귀하";
    expect(decodePng(await qrPngBuffer(text, { scale: 4 }))).toBe(text);
  });

  it("draws a code, with the fixed mask of bulk prints or the best one, that a reader decodes for any link", () => {
    for (let i = 0; i < 200; i++) {
      const token = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64url");
      const personal = `https://nanum.example.go.kr/i/${token}${i}`;
      for (const mask of ["fixed", "best"] as const) expect(decodeQrDrawing(qrDrawing(personal, { mask }))).toBe(personal);
    }
    const drawing = qrDrawing(link, { mask: "fixed" });
    expect(drawing.side).toBe(41);
    // Every dark module is drawn, and nothing else: the strokes' length is the count of dark modules.
    const length = [...drawing.path.matchAll(/h(\d+)/g)].reduce((sum, [, run]) => sum + Number(run), 0);
    const dark = QRCode.create([{ data: Buffer.from(link), mode: "byte" }], { errorCorrectionLevel: "M", maskPattern: 0 }).modules.data.reduce((sum, module) => sum + module, 0);
    expect(length).toBe(dark);
  });

  it("draws a print run's codes on a thread of its own exactly as the main thread does", async () => {
    const texts = Array.from({ length: 250 }, (_, i) => `https://nanum.example.go.kr/i/${Buffer.from(crypto.getRandomValues(new Uint8Array(16 + (i % 40)))).toString("base64url")}`);
    const [first, second] = await Promise.all([drawQrBatch(texts.slice(0, 120)), drawQrBatch(texts.slice(120))]);
    expect(qrDrawingThreadId()).toBeGreaterThan(0);
    const drawn = [...first, ...second];
    expect(drawn).toHaveLength(texts.length);
    texts.forEach((text, i) => {
      const here = qrPathBytes(text, { mask: "fixed" });
      expect(drawn[i]!.side, text).toBe(here.side);
      expect(drawn[i]!.path.equals(here.path), text).toBe(true);
    });
    expect(decodeQrDrawing({ side: drawn[249]!.side, path: drawn[249]!.path.toString("latin1") })).toBe(texts[249]);
  });

  // Version 4 is 33 modules wide; with the 4-module quiet zone on each side, 41.
  it("keeps a personal link at version 4 with a 4-module quiet zone, in the SVG and the PNG", async () => {
    const svg = await qrSvg(link);
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" viewBox="0 0 41 41"/);
    expect(svg).not.toMatch(/<script|on\w+=/i);
    const image = PNG.sync.read(await qrPngBuffer(link, { scale: 5 }));
    expect(image.width).toBe(41 * 5);
    // The top-left pixel lies in the quiet zone: white.
    expect([...image.data.subarray(0, 3)]).toEqual([255, 255, 255]);
  });
});
