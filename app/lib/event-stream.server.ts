/**
 * Server-Sent Events: a `text/event-stream` response that stays open, for a browser's
 * EventSource. A comment line goes out every HEARTBEAT_MS so that proxies and the browser see a
 * live connection and a dead one is noticed; the stream ends when the client goes away (the
 * request's signal) or the server closes it.
 */

const HEARTBEAT_MS = 15_000;
/** How long the browser waits before it reconnects on its own after a dropped stream. */
const RETRY_MS = 2_000;

export const EVENT_STREAM_HEADERS = {
  "Content-Type": "text/event-stream; charset=utf-8",
  // Neither stored nor changed on the way: compressing or buffering would hold events back.
  "Cache-Control": "no-store, no-transform",
  // nginx buffers responses unless told not to.
  "X-Accel-Buffering": "no",
  // A stream that ends (the server shutting down) takes its connection with it, so nothing idle
  // keeps the server from exiting; the browser opens a new one to reconnect anyway.
  Connection: "close",
};

export interface EventStreamWriter {
  /** Sends one event; `data` must be a single line. */
  send(event: string, data: string): void;
  /** Ends the stream. */
  close(): void;
}

/**
 * The response. `start` is called at once with the writer and returns what to do when the
 * stream ends, for whatever reason (unsubscribe).
 */
export function eventStreamResponse(signal: AbortSignal, start: (writer: EventStreamWriter) => () => void, options: { heartbeatMs?: number } = {}): Response {
  const encoder = new TextEncoder();
  let ended = false;
  let cleanUp: () => void = () => {};
  let heartbeat: NodeJS.Timeout | undefined;
  let controller!: ReadableStreamDefaultController<Uint8Array>;

  const write = (text: string) => {
    if (!ended) controller.enqueue(encoder.encode(text));
  };
  const end = () => {
    if (ended) return;
    ended = true;
    clearInterval(heartbeat);
    signal.removeEventListener("abort", end);
    cleanUp();
    try {
      controller.close();
    } catch {
      // Already cancelled by the reader.
    }
  };

  const body = new ReadableStream<Uint8Array>({
    start(streamController) {
      controller = streamController;
      if (signal.aborted) {
        ended = true;
        controller.close();
        return;
      }
      signal.addEventListener("abort", end);
      write(`retry: ${RETRY_MS}\n\n`);
      heartbeat = setInterval(() => write(": heartbeat\n\n"), options.heartbeatMs ?? HEARTBEAT_MS);
      heartbeat.unref();
      cleanUp = start({
        send(event, data) {
          if (/[\r\n]/.test(event) || /[\r\n]/.test(data)) throw new Error("An event's name and data must be one line each");
          write(`event: ${event}\ndata: ${data}\n\n`);
        },
        close: end,
      });
      if (ended) cleanUp();
    },
    cancel: end,
  });
  return new Response(body, { status: 200, headers: EVENT_STREAM_HEADERS });
}
