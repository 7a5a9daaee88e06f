import fs from "node:fs";
import QRCode from "qrcode";

const WIDTH = 640;
const HEIGHT = 480;

/**
 * A camera's view of a QR code, as a Y4M file for Chromium's fake camera
 * (`--use-file-for-fake-video-capture`): grey 640×480 frames (C420jpeg, U and V at 128) with
 * `text` drawn from qrcode's module matrix, one byte segment as our tickets are. Chromium
 * plays it in a loop.
 */
export function writeQrVideo(file: string, text: string, options: { frames?: number; moduleSize?: number } = {}): void {
  const frames = options.frames ?? 30;
  const moduleSize = options.moduleSize ?? 7;
  const { modules } = QRCode.create([{ data: Buffer.from(text, "utf8"), mode: "byte" }], { errorCorrectionLevel: "M" });
  const side = modules.size * moduleSize;
  const left = Math.floor((WIDTH - side) / 2);
  const top = Math.floor((HEIGHT - side) / 2);
  // Video-range luma: 235 white paper, 16 black modules.
  const luma = Buffer.alloc(WIDTH * HEIGHT, 235);
  for (let row = 0; row < modules.size; row++) {
    for (let col = 0; col < modules.size; col++) {
      if (!modules.get(row, col)) continue;
      for (let y = 0; y < moduleSize; y++) {
        const start = (top + row * moduleSize + y) * WIDTH + left + col * moduleSize;
        luma.fill(16, start, start + moduleSize);
      }
    }
  }
  const chroma = Buffer.alloc((WIDTH / 2) * (HEIGHT / 2) * 2, 128);
  const frame = Buffer.concat([Buffer.from("FRAME\n"), luma, chroma]);
  const header = Buffer.from(`YUV4MPEG2 W${WIDTH} H${HEIGHT} F10:1 Ip A1:1 C420jpeg\n`);
  fs.writeFileSync(file, Buffer.concat([header, ...Array.from({ length: frames }, () => frame)]));
}
