import jsQR from "jsqr";
import { PNG } from "pngjs";
import { describe, expect, it } from "vitest";
import { qrPngBuffer, qrSize, qrSvg } from "../../app/lib/qr.server";

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

  it("draws a PNG of scale pixels per module with a 4-module quiet zone", async () => {
    const { modules } = qrSize(link);
    const image = PNG.sync.read(await qrPngBuffer(link, { scale: 5 }));
    expect(image.width).toBe((modules + 8) * 5);
    // The top-left pixel lies in the quiet zone: white.
    expect([...image.data.subarray(0, 3)]).toEqual([255, 255, 255]);
  });

  it("keeps a personal link at a low version, easy to scan from paper", () => {
    expect(qrSize(link)).toEqual({ version: 4, modules: 33 });
    expect(qrSize(`http://localhost:3000/i/${"A".repeat(32)}`).version).toBeLessThanOrEqual(4);
  });

  it("makes an inline SVG of the same symbol, quiet zone included, with no script", async () => {
    const svg = await qrSvg(link);
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" viewBox="0 0 41 41"/);
    expect(svg).not.toMatch(/<script|on\w+=/i);
  });
});
