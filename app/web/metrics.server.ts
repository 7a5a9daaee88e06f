/**
 * `/metrics` in Prometheus's text format (prom-client): request durations by route, the
 * outbox's depth and oldest message by status, check-ins, the database pool and the event
 * loop's delay (with Node's own process metrics). The outbox and check-in figures are read from
 * the database when scraped, so a scan or an answer pays nothing for them.
 */
import crypto from "node:crypto";
import type { Kysely } from "kysely";
import { collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import type { Database } from "../../db/schema";
import { activeCheckInCount } from "../domain/checkin/checkin.server";
import { outboxLevels } from "../domain/outbox.server";
import { TOKEN_AFTER } from "./request-log.server";

/** Statuses whose oldest message says something is stuck (a sent one only says how old the list is). */
const WAITING_STATUSES = new Set(["queued", "sending", "failed", "uncertain"]);

/** The app has about 70 routes; past this many labels, new ones are counted as "(other)". */
const MAX_ROUTE_LABELS = 200;
const KNOWN_METHODS = new Set(["GET", "HEAD", "POST"]);

/** Path segments after these (and TOKEN_AFTER's) are an event's slug: never a label. */
const SLUG_AFTER = new Set(["checkin", "e"]);

/**
 * A request's route as a label: the path with ids, slugs and tokens as placeholders
 * (`/admin/events/:id/invitees`, `/i/:token`), so labels stay few and hold nothing personal.
 * Addresses that answered 404 are one label, whatever they were.
 */
export function routeLabel(pathname: string, status: number): string {
  if (status === 404) return "(not found)";
  if (pathname.startsWith("/build/")) return "/build/*";
  const segments = pathname.replace(/\.data$/, "").split("/");
  for (let i = 1; i < segments.length; i++) {
    const previous = segments[i - 1]!;
    if (i === 2 && TOKEN_AFTER.has(segments[1]!)) segments[i] = ":token";
    else if (i === 2 && SLUG_AFTER.has(segments[1]!)) segments[i] = ":slug";
    else if (previous === "register" && segments[1] === "e") segments[i] = ":token";
    else if (/^\d+$/.test(segments[i]!)) segments[i] = ":id";
    else if (segments[i]!.length > 40) segments[i] = ":token";
  }
  return segments.join("/") || "/";
}

export interface ServerMetrics {
  /** Records one answered request. */
  observeRequest(method: string, pathname: string, status: number, seconds: number): void;
  /** The registry's text, for a scrape. */
  scrape(): Promise<{ contentType: string; body: string }>;
}

export function serverMetrics(db: Kysely<Database>, poolStats?: () => { total: number; idle: number; waiting: number }): ServerMetrics {
  const registry = new Registry();
  // Process metrics, the event loop's delay among them (nodejs_eventloop_lag_*).
  collectDefaultMetrics({ register: registry });
  const requests = new Histogram({
    name: "nanum_http_request_duration_seconds",
    help: "Time to answer a request, by route, method and status class",
    labelNames: ["route", "method", "status"],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  // Both outbox gauges come from one read per scrape, made in scrape() below.
  let outbox: Awaited<ReturnType<typeof outboxLevels>> = [];
  new Gauge({
    name: "nanum_outbox_messages",
    help: "Messages in the outbox, by status",
    labelNames: ["status"],
    registers: [registry],
    collect() {
      this.reset();
      for (const level of outbox) this.set({ status: level.status }, level.count);
    },
  });
  new Gauge({
    name: "nanum_outbox_oldest_age_seconds",
    help: "Age of the oldest message waiting in the outbox, by status (queued, sending, failed, uncertain)",
    labelNames: ["status"],
    registers: [registry],
    collect() {
      this.reset();
      for (const level of outbox) {
        if (WAITING_STATUSES.has(level.status) && level.oldestCreatedAt) this.set({ status: level.status }, Math.max(0, (Date.now() - level.oldestCreatedAt.getTime()) / 1000));
      }
    },
  });
  new Gauge({
    name: "nanum_checkins",
    help: "Check-ins in force (not undone), over every event",
    registers: [registry],
    async collect() {
      this.set(await activeCheckInCount(db));
    },
  });
  if (poolStats) {
    new Gauge({
      name: "nanum_db_pool_connections",
      help: "Database pool connections: in use, idle, and requests waiting for one",
      labelNames: ["state"],
      registers: [registry],
      collect() {
        const stats = poolStats();
        this.set({ state: "in_use" }, stats.total - stats.idle);
        this.set({ state: "idle" }, stats.idle);
        this.set({ state: "waiting" }, stats.waiting);
      },
    });
  }
  // Addresses nobody links to (a scanner probing, a refused method) must not make a label each.
  const labels = new Set<string>();
  return {
    observeRequest(method, pathname, status, seconds) {
      let route = routeLabel(pathname, status);
      if (!labels.has(route)) {
        if (labels.size >= MAX_ROUTE_LABELS) route = "(other)";
        else labels.add(route);
      }
      requests.observe({ route, method: KNOWN_METHODS.has(method) ? method : "(other)", status: `${Math.floor(status / 100)}xx` }, seconds);
    },
    async scrape() {
      outbox = await outboxLevels(db);
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };
}

const LOOPBACK = new Set(["127.0.0.1", "::1", "::ffff:127.0.0.1"]);

/**
 * Who may read /metrics: a request from this machine that came through no proxy, or anyone
 * with `Authorization: Bearer <METRICS_TOKEN>`. A proxy on the same machine forwards from
 * loopback too, so any forwarding header makes the request need the token.
 */
export function mayReadMetrics(request: { remoteAddress: string | undefined; headers: Record<string, string | string[] | undefined> }, token: string | undefined): boolean {
  const authorization = request.headers.authorization;
  if (token && typeof authorization === "string" && authorization.startsWith("Bearer ")) {
    const given = crypto.createHash("sha256").update(authorization.slice("Bearer ".length)).digest();
    const expected = crypto.createHash("sha256").update(token).digest();
    if (crypto.timingSafeEqual(given, expected)) return true;
  }
  const forwarded = ["x-forwarded-for", "forwarded", "x-real-ip"].some((name) => request.headers[name] !== undefined);
  return !forwarded && LOOPBACK.has(request.remoteAddress ?? "");
}
