/**
 * The phone's camera as a QR reader, for the browser only. Decoding uses the browser's own
 * BarcodeDetector where there is one (Android Chrome, Safari 17+), else jsQR on frames drawn into
 * a canvas (Chromium on desktop Linux and Windows has no BarcodeDetector).
 */

// jsQR is about 45 KB gzipped, a quarter of the scanner's scripts: it is fetched only by
// browsers without a native detector, never by the phones that have one.
let jsQrModule: Promise<typeof import("jsqr").default> | undefined;
const loadJsQr = () => (jsQrModule ??= import("jsqr").then((module) => module.default));

/** Why the camera cannot be used, in words a door volunteer can act on. */
export type CameraProblem = "insecure" | "unsupported" | "denied" | "missing" | "busy" | "failed";

/** Problems known before asking: browsers only open cameras for https pages (and localhost). */
export function cameraProblemBeforeAsking(): CameraProblem | null {
  if (!window.isSecureContext) return "insecure";
  if (!navigator.mediaDevices?.getUserMedia) return "unsupported";
  return null;
}

export function cameraProblemOf(error: unknown): CameraProblem {
  const name = error instanceof Error || error instanceof DOMException ? error.name : "";
  switch (name) {
    case "NotAllowedError":
    case "SecurityError":
      return "denied";
    case "NotFoundError":
    case "OverconstrainedError":
      return "missing";
    case "NotReadableError":
    case "AbortError":
      return "busy";
    default:
      return "failed";
  }
}

/** The rear camera where there is one (a laptop's only camera otherwise). */
export function openRearCamera(): Promise<MediaStream> {
  return navigator.mediaDevices.getUserMedia({ audio: false, video: { facingMode: "environment" } });
}

export type QrDecoder = (video: HTMLVideoElement) => Promise<string | null>;

interface BarcodeDetectorInstance {
  detect(source: CanvasImageSource): Promise<Array<{ rawValue: string }>>;
}
interface BarcodeDetectorClass {
  new (options: { formats: string[] }): BarcodeDetectorInstance;
  getSupportedFormats?(): Promise<string[]>;
}

// Frames are scaled down to this longest side for jsQR: a ticket held up fills enough of the
// picture, and a phone decodes a smaller frame several times faster.
const MAX_SIDE = 800;

/** The browser's own QR reader, when it has one that reads QR codes. */
async function nativeDetector(): Promise<BarcodeDetectorInstance | null> {
  const Native = (globalThis as { BarcodeDetector?: BarcodeDetectorClass }).BarcodeDetector;
  if (!Native) return null;
  try {
    const formats = (await Native.getSupportedFormats?.()) ?? ["qr_code"];
    return formats.includes("qr_code") ? new Native({ formats: ["qr_code"] }) : null;
  } catch {
    // An unusable native detector: jsQR instead.
    return null;
  }
}

/**
 * Fetches the decoder this browser will need while the page is still online, before the camera
 * starts, so that the service worker keeps it with the page's other files for offline use.
 */
export async function prepareQrDecoder(): Promise<void> {
  if (!(await nativeDetector())) await loadJsQr();
}

export async function createQrDecoder(): Promise<QrDecoder> {
  const detector = await nativeDetector();
  if (detector) return async (video) => (await detector.detect(video))[0]?.rawValue ?? null;
  const jsQR = await loadJsQr();
  const canvas = document.createElement("canvas");
  const context = canvas.getContext("2d", { willReadFrequently: true });
  if (!context) throw new Error("no 2D canvas");
  return async (video) => {
    if (!video.videoWidth || !video.videoHeight) return null;
    const scale = Math.min(1, MAX_SIDE / Math.max(video.videoWidth, video.videoHeight));
    const width = Math.round(video.videoWidth * scale);
    const height = Math.round(video.videoHeight * scale);
    // Setting a canvas's size clears and reallocates it: only when the camera's size changes.
    if (canvas.width !== width || canvas.height !== height) {
      canvas.width = width;
      canvas.height = height;
    }
    context.drawImage(video, 0, 0, width, height);
    const image = context.getImageData(0, 0, width, height);
    return jsQR(image.data, width, height, { inversionAttempts: "dontInvert" })?.data ?? null;
  };
}

/** Reads frames until stopped, one at a time (a slow phone skips frames rather than queueing them). */
export function startScanLoop(video: HTMLVideoElement, decode: QrDecoder, onCode: (text: string) => void, pauseMs = 120): () => void {
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const tick = async () => {
    if (stopped) return;
    try {
      if (video.readyState >= video.HAVE_CURRENT_DATA) {
        const text = await decode(video);
        if (text && !stopped) onCode(text);
      }
    } catch {
      // A frame that could not be read (the camera just stopped, a detector hiccup): try the next.
    }
    if (!stopped) timer = setTimeout(tick, pauseMs);
  };
  void tick();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}

export function stopCamera(stream: MediaStream | null): void {
  for (const track of stream?.getTracks() ?? []) track.stop();
}

/** Phones dim and lock when nobody touches them; a scanner at the door stays awake while its camera runs. */
export function keepScreenAwake(): () => void {
  let lock: WakeLockSentinel | null = null;
  let done = false;
  const request = async () => {
    try {
      const sentinel = await navigator.wakeLock?.request("screen");
      if (done) void sentinel?.release();
      else lock = sentinel ?? null;
    } catch {
      // Not offered (older browsers, battery saver): the screen may dim, scanning still works.
    }
  };
  // The browser drops the lock whenever the page is hidden; take it again on return.
  const onVisibility = () => {
    if (document.visibilityState === "visible") void request();
  };
  void request();
  document.addEventListener("visibilitychange", onVisibility);
  return () => {
    done = true;
    document.removeEventListener("visibilitychange", onVisibility);
    void lock?.release();
  };
}
