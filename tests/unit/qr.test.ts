import jsQR from "jsqr";
import { PNG } from "pngjs";
import { describe, expect, it } from "vitest";
import { qrPngBuffer, qrSvg } from "../../app/lib/qr.server";

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
