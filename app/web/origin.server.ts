const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * CSRF defence next to SameSite cookies: a state-changing request must come from our
 * own pages. A foreign Origin is refused; so is a browser's cross-site fetch without one.
 * Requests with neither header (curl, server-to-server) carry no browser cookies to abuse.
 * An opaque `Origin: null` is refused whatever else the request says: our pages never send it
 * (their referrer policies keep the origin), and Remix would abort such an action with a 500.
 * The Origin must also match the host Remix compares it with (X-Forwarded-Host, else Host), so
 * a request Remix would abort is refused here first, with a 403.
 */
export function isForeignMutation(method: string, headers: { origin?: string; secFetchSite?: string; host?: string; forwardedHost?: string }, appUrl: string | undefined, protocol: string): boolean {
  if (SAFE_METHODS.has(method.toUpperCase())) return false;
  if (headers.origin === "null") return true;
  if (headers.origin) {
    const allowed = new Set<string>();
    if (appUrl) allowed.add(new URL(appUrl).origin);
    if (headers.host) allowed.add(`${protocol}://${headers.host}`);
    if (!allowed.has(headers.origin)) return true;
    const remixHost = headers.forwardedHost?.split(",")[0]?.trim() || headers.host;
    return new URL(headers.origin).host !== remixHost;
  }
  return headers.secFetchSite === "cross-site";
}
