import crypto from "node:crypto";
import type http from "node:http";

/** 128 random bits for one response's Content-Security-Policy. */
export function newNonce(): string {
  return crypto.randomBytes(16).toString("base64");
}

/**
 * What a page may load: scripts only from here and the inline ones Remix writes with this
 * response's nonce (no 'unsafe-inline' for scripts); requests only to here; never framed.
 * Styles allow inline because React writes `style` attributes.
 */
export function contentSecurityPolicy(nonce: string): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "worker-src 'self'",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** The door's scanner pages, the only ones that may ask for the camera. */
const SCANNER_PAGE = /^\/(checkin\/[^/]+|door\/[^/]+)\/?$/;

export function permissionsPolicy(pathname: string): string {
  return `camera=(${SCANNER_PAGE.test(pathname) ? "self" : ""}), microphone=(), geolocation=(), payment=(), usb=()`;
}

/** Sent only over HTTPS: a year, so a browser that saw it never tries plain HTTP first. */
export const STRICT_TRANSPORT_SECURITY = "max-age=31536000";

/**
 * Every answer the app computes (pages, their data for client-side navigation, exports, prints)
 * is kept out of browser and proxy caches unless its route chose otherwise: most of them hold
 * someone's personal data, and route `headers` exports do not reach Remix's data requests.
 * Set at the last moment, when the route's own headers are known.
 */
export function noStoreUnlessSet(res: http.ServerResponse): void {
  const writeHead = res.writeHead;
  res.writeHead = function (this: http.ServerResponse, ...args: Parameters<typeof writeHead>) {
    if (!this.hasHeader("cache-control")) this.setHeader("Cache-Control", "no-store");
    return writeHead.apply(this, args);
  } as typeof writeHead;
}
