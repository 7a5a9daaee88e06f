import { PassThrough } from "node:stream";
import { createReadableStreamFromReadable, type ActionFunctionArgs, type AppLoadContext, type EntryContext, type LoaderFunctionArgs } from "@remix-run/node";
import { isRouteErrorResponse, RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { logger } from "./lib/logger.server";
import { NonceContext } from "./web/nonce";
import { redactPath } from "./web/request-log.server";

export const streamTimeout = 5_000;

export default function handleRequest(request: Request, responseStatusCode: number, responseHeaders: Headers, remixContext: EntryContext, loadContext: AppLoadContext) {
  // The server's Content-Security-Policy allows inline scripts by this nonce only.
  const nonce = loadContext.cspNonce;
  // Bots and no-JS clients get the whole document at once; browsers get it streamed.
  const readyEvent = isbot(request.headers.get("user-agent") ?? "") ? "onAllReady" : "onShellReady";
  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <NonceContext.Provider value={nonce}>
        <RemixServer context={remixContext} url={request.url} abortDelay={streamTimeout} nonce={nonce} />
      </NonceContext.Provider>,
      {
        nonce,
        [readyEvent]() {
          shellRendered = true;
          const body = new PassThrough();
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
          resolve(new Response(createReadableStreamFromReadable(body), { headers: responseHeaders, status: responseStatusCode }));
          pipe(body);
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          // Before the shell, the error reaches handleError through onShellError and Remix.
          if (shellRendered) logger.error({ err: error, requestId: loadContext.requestId, path: redactPath(new URL(request.url).pathname) }, "Rendering the page failed");
        },
      },
    );
    setTimeout(abort, streamTimeout + 1_000);
  });
}

/**
 * Remix reports every thrown error here. A 404 or a 405 (an unknown URL, a POST to a page
 * without a form) is the caller's mistake, not an error of ours: the request's own log line
 * records its status, and no stack trace is printed. Aborted requests (the client went away)
 * are not errors of ours either.
 */
export function handleError(error: unknown, { request, context }: LoaderFunctionArgs | ActionFunctionArgs): void {
  if (request.signal.aborted) return;
  const where = { requestId: context.requestId, method: request.method, path: redactPath(new URL(request.url).pathname) };
  if (isRouteErrorResponse(error)) {
    logger[error.status < 500 ? "debug" : "error"]({ ...where, status: error.status }, `Answered ${error.status} ${error.statusText}`.trim());
    return;
  }
  logger.error({ ...where, err: error }, "The request failed");
}
