const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * CSRF defence next to SameSite cookies: a state-changing request must come from our
 * own pages. A foreign Origin is refused; so is a browser's cross-site fetch without one.
 * Requests with neither header (curl, server-to-server) carry no browser cookies to abuse.
 */
export function isForeignMutation(
  method: string,
  headers: { origin?: string; secFetchSite?: string; host?: string },
  appUrl: string | undefined,
  protocol: string,
): boolean {
  if (SAFE_METHODS.has(method.toUpperCase())) return false;
  const allowed = new Set<string>();
  if (appUrl) allowed.add(new URL(appUrl).origin);
  if (headers.host) allowed.add(`${protocol}://${headers.host}`);
  if (headers.origin && headers.origin !== "null") return !allowed.has(headers.origin);
  // An opaque origin (a page with a no-referrer policy, a sandboxed frame) is ours only when the
  // browser itself says the request is same-origin.
  if (headers.origin === "null") return headers.secFetchSite !== "same-origin";
  return headers.secFetchSite === "cross-site";
}
