import jsQR from "jsqr";
import type { QrDrawing } from "../../app/lib/qr.server";

/**
 * Reads a QR code the way a camera would, from the path `QrCode` draws: the path's strokes are
 * painted onto a white RGBA image (`scale` pixels a module) and jsQR decodes it.
 */
export function decodeQrDrawing(drawing: QrDrawing, scale = 4): string | undefined {
  const side = drawing.side * scale;
  const pixels = new Uint8ClampedArray(side * side * 4).fill(255);
  // The pen: "M x y.5" starts a row, "m dx 0" skips light modules, "h n" strokes n dark ones.
  let x = 0;
  let y = 0;
  for (const [, command, a, b] of drawing.path.matchAll(/([Mmh])(\d+)(?: (\d+)(?:\.5)?)?/g)) {
    if (command === "M") [x, y] = [Number(a), Number(b)];
    else if (command === "m") x += Number(a);
    else {
      for (let dy = 0; dy < scale; dy++) {
        const row = (y * scale + dy) * side;
        pixels.fill(0, (row + x * scale) * 4, (row + (x + Number(a)) * scale) * 4);
      }
      x += Number(a);
    }
  }
  return jsQR(pixels, side, side)?.data;
}
