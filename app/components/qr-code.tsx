import type { QrDrawing } from "~/lib/qr.server";

/** A QR code, black on white with its quiet zone, sized by CSS and sharp when printed. */
export function QrCode({ drawing }: { drawing: QrDrawing }) {
  const { side, path } = drawing;
  return (
    <svg xmlns="http://www.w3.org/2000/svg" viewBox={`0 0 ${side} ${side}`} shapeRendering="crispEdges" aria-hidden="true" focusable="false">
      <rect width={side} height={side} fill="#ffffff" />
      <path d={path} stroke="#000000" />
    </svg>
  );
}
