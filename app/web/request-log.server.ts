/**
 * One log line per request: when, which request (its id, also sent back as X-Request-Id), the
 * method, the Remix route that answered, the path with its keys taken out, the status and how
 * long it took. Query strings are never logged: a search may hold a name or an address.
 */
import crypto from "node:crypto";
import type http from "node:http";
import type { ServerBuild } from "@remix-run/node";
import { matchRoutes } from "@remix-run/react";
import type { Logger } from "../lib/logger.server";

/** The first path segments after which the next one is a person's or a device's key (personal, door, invitation and password-reset links). */
export const TOKEN_AFTER = new Set(["i", "door", "invite", "reset-password", "verify"]);

export const REDACTED = "[redacted]";

/** A segment is redacted whatever its place when it looks like a key, an email address or a phone number. */
function looksPersonal(segment: string): boolean {
  if (segment.includes("@") || /%40/i.test(segment)) return true;
  if ((segment.match(/\d/g)?.length ?? 0) >= 8) return true;
  // Slugs and page names are lowercase words; keys are long runs of mixed-case base64url.
  return segment.length >= 16 && !/^[a-z0-9._-]+$/.test(segment);
}

/**
 * The path with every key in it replaced by "[redacted]": /i/<token>/ticket → /i/[redacted]/ticket,
 * /e/<slug>/register/<token> → /e/<slug>/register/[redacted]. A single-fetch data request keeps
 * its `.data` ending, so /i/[redacted].data still says what was asked.
 */
export function redactPath(pathname: string): string {
  const segments = pathname.split("/");
  for (let i = 1; i < segments.length; i++) {
    const segment = segments[i]!;
    const secret = (i === 2 && TOKEN_AFTER.has(segments[1]!)) || (i === 4 && segments[1] === "e" && segments[3] === "register") || looksPersonal(segment);
    if (secret) segments[i] = i === segments.length - 1 && segment.endsWith(".data") ? `${REDACTED}.data` : REDACTED;
  }
  return segments.join("/");
}

const PATH_KEYS = new RegExp(`/(${[...TOKEN_AFTER].join("|")})/[^/\\s"'?#]+|(/e/[^/\\s"'?#]+/register/)[^/\\s"'?#]+`, "g");

/** Free text (a library's warning) with the keys in any of our paths in it taken out, as redactPath does. */
export function redactPathsIn(text: string): string {
  return text.replace(PATH_KEYS, (_, first: string | undefined, register: string | undefined) => (first ? `/${first}/${REDACTED}` : `${register}${REDACTED}`));
}

/** What a proxy may pass as X-Request-Id: an id, not a sentence. */
const REQUEST_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

/**
 * The request's id: the one a trusted proxy (TRUST_PROXY=true) put in X-Request-Id, when it looks
 * like an id, so the proxy's log and ours name the same request; otherwise a new UUID.
 */
export function requestIdFor(header: string | string[] | undefined, trustProxy: boolean): string {
  const given = Array.isArray(header) ? header[0] : header;
  return trustProxy && given && REQUEST_ID.test(given) ? given : crypto.randomUUID();
}

type RouteObjects = Parameters<typeof matchRoutes>[0];

/**
 * Finds the leaf Remix route a path goes to, as Remix does (react-router's matching over the
 * build's routes), for the log's `route` field. A single-fetch data path (`/x.data`,
 * `/_root.data`) goes to the page it is for. Matching costs about 50 µs, after the answer is sent.
 */
type RouteEntry = Pick<ServerBuild["routes"][string], "id" | "parentId" | "path" | "index" | "caseSensitive">;

export function routeIdMatcher(routes: Record<string, RouteEntry>): (pathname: string) => string | null {
  const byParent = new Map<string, RouteEntry[]>();
  for (const route of Object.values(routes)) {
    const siblings = byParent.get(route.parentId ?? "") ?? [];
    siblings.push(route);
    byParent.set(route.parentId ?? "", siblings);
  }
  const tree = (parentId: string): RouteObjects =>
    (byParent.get(parentId) ?? []).map((route) =>
      route.index
        ? { id: route.id, path: route.path, index: true, caseSensitive: route.caseSensitive }
        : { id: route.id, path: route.path, caseSensitive: route.caseSensitive, children: tree(route.id) },
    );
  const root = tree("");
  return (pathname) => {
    const page = pathname === "/_root.data" ? "/" : pathname.replace(/\.data$/, "");
    // react-router warns on the console about an address it cannot decode; such a request went nowhere.
    try {
      decodeURIComponent(page);
    } catch {
      return null;
    }
    const matches = matchRoutes(root, page);
    return matches?.at(-1)?.route.id ?? null;
  };
}

export interface RequestLog {
  /** Writes the request's line once it is answered (or the client went away). */
  record(req: http.IncomingMessage, res: http.ServerResponse, requestId: string, startedAt: number, route?: string): void;
}

/**
 * The per-request line: `info` (`error` for a 5xx). The door's scans, hundreds a minute, are
 * `debug` unless they fail: their check-ins are recorded in the database already.
 */
export function requestLog(log: Logger, routeOf: (pathname: string) => string | null): RequestLog {
  return {
    record(req, res, requestId, startedAt, route) {
      const status = res.statusCode;
      const level = status >= 500 ? "error" : route === SCAN_ROUTE ? "debug" : "info";
      if (!log.isLevelEnabled(level)) return;
      const pathname = (req.url ?? "/").split("?")[0]!;
      log[level](
        {
          requestId,
          method: req.method,
          route: route ?? routeOf(pathname),
          path: redactPath(pathname),
          status,
          durationMs: Math.round((performance.now() - startedAt) * 10) / 10,
          ...(res.writableFinished ? {} : { aborted: true }),
        },
        "request",
      );
    },
  };
}

/** The route id of the door's scan endpoint, which the server answers before Express (app/server.ts). */
export const SCAN_ROUTE = "routes/checkin.$slug.scan";
