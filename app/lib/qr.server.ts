import QRCode from "qrcode";

/*
 * QR codes for personal links and tickets. Level M survives a crease or a smudge on paper
 * while keeping a link at a low version (a link of up to 62 characters, such as
 * https://nanum.example.go.kr/i/<token>, fits version 4: 33×33 modules); the 4-module quiet
 * zone is what the standard asks of readers.
 */
const options = { errorCorrectionLevel: "M", margin: 4 } as const;

/** An inline SVG (no width or height: size it with CSS), black modules on white. */
export function qrSvg(text: string): Promise<string> {
  return QRCode.toString(text, { ...options, type: "svg" });
}

/** A PNG, `scale` pixels per module (8 gives about 330 px for a link), e.g. for a ticket in an email. */
export function qrPngBuffer(text: string, { scale = 8 }: { scale?: number } = {}): Promise<Buffer> {
  // No per-row filter search (pngjs tries all five by default): a QR code is flat black and
  // white, compresses as well without, and encodes several times faster.
  return QRCode.toBuffer(text, { ...options, type: "png", scale, rendererOpts: { filterType: 0 } } as QRCode.QRCodeToBufferOptions);
}
