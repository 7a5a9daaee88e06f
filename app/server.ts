import * as build from "@remix-run/dev/server-build";
import { createRequestHandler } from "@remix-run/express";
import { findCatalogueChunks } from "./web/catalogue-chunks.server";
import express from "express";
import type { AppLoadContext } from "@remix-run/node";
import { compressResponses } from "./lib/compression.server";
import { ConfigError, loadConfig } from "./lib/env.server";
import { captureConsole, logger } from "./lib/logger.server";
import { mailOrigin } from "./lib/mail-origin.server";
import { isForeignMutation } from "./web/origin.server";
import { refuseRequest } from "./web/request-guard.server";
import { answerScan } from "./web/scan-endpoint.server";
import { mayReadMetrics, serverMetrics } from "./web/metrics.server";
import { redactPathsIn, requestIdFor, requestLog, routeIdMatcher, SCAN_ROUTE } from "./web/request-log.server";
import { contentSecurityPolicy, newNonce, noStoreUnlessSet, permissionsPolicy, STRICT_TRANSPORT_SECURITY } from "./web/security-headers.server";
import { DataDirLockedError } from "../db/data-dir-lock";
import { DatabaseUnreachableError, openEmbeddedDatabase, openServerDatabase, type DatabaseHandle } from "../db/connect";
import { migrateToLatest } from "../db/migrate";
import { DEMO_ORGANIZER, seedDemo } from "../scripts/seed";
import fs from "node:fs";
import http from "node:http";
import https from "node:https";
import path from "node:path";
import { findOrganizerByEmail } from "./domain/accounts/organizers.server";
import { startArrivalsFeed } from "./domain/checkin/arrivals-feed.server";
import { startHousekeeping } from "./domain/housekeeping.server";
import { startOutboxWorker } from "./domain/outbox.server";
import { secureStoredKeys } from "./domain/stored-keys.server";
import { localTransport, smtpTransport } from "./lib/mailer.server";

const SHUTDOWN_GRACE_MS = 10_000;

const SECURITY_HEADERS = {
  "X-Content-Type-Options": "nosniff",
  "X-Frame-Options": "DENY",
  "Referrer-Policy": "strict-origin-when-cross-origin",
};

/** The door's check-in endpoint, answered before Express (see answerScanRequest). */
const SCAN_PATH = /^\/checkin\/([^/?]+)\/scan(?:\?|$)/;

function firstSegment(urlPath: string): string {
  const segment = urlPath.split("/")[1] ?? "";
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** The database, migrated, with its stored keys opened by APP_KEY: a wrong or missing key stops the start here. */
async function openDatabase(config: ReturnType<typeof loadConfig>): Promise<DatabaseHandle> {
  if (config.databaseUrl) {
    const handle = await openServerDatabase(config.databaseUrl, { onConnectionLost: (error) => logger.warn({ err: error }, "PostgreSQL connection lost; the pool opens another") });
    try {
      await migrateToLatest(handle.db);
      await secureKeys(handle.db, config);
    } catch (error) {
      await handle.close();
      throw error;
    }
    return handle;
  }
  return openEmbeddedDatabase(config.dataDir, {
    holder: "nanum server (npm start)",
    onOpen: (db) => secureKeys(db, config),
    onCreate: async (db) => void (await seedDemo(db)),
  });
}

async function secureKeys(db: DatabaseHandle["db"], config: ReturnType<typeof loadConfig>): Promise<void> {
  const { sealed } = await secureStoredKeys(db, config.appKey);
  if (sealed > 0) logger.info({ sealed }, `Encrypted ${sealed} key${sealed === 1 ? "" : "s"} that an earlier version had stored in plain text.`);
}

async function main(): Promise<void> {
  const startedAt = performance.now();
  captureConsole(logger, redactPathsIn);
  const config = loadConfig();
  const database = await openDatabase(config);
  const transport = config.smtpUrl ? smtpTransport(config.smtpUrl) : localTransport(path.join(config.dataDir, "mail"));
  const outbox = startOutboxWorker(database.db, { transport, fromAddress: config.smtpFrom, log: logger });
  const housekeeping = startHousekeeping(database.db, mailOrigin(config), { accessLogRetentionDays: config.accessLogRetentionDays, onWork: outbox.nudge, log: logger });

  // Pages that follow arrivals hear of every check-in, whichever instance recorded it.
  const arrivals = await startArrivalsFeed(database.db, database.listen);

  const lifecycle = { draining: false };
  const metrics = serverMetrics(database.db, database.poolStats);
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", config.trustProxy);
  app.use(compressResponses());
  app.use((req, res, next) => {
    const refusal = edgeRefusal(req, req.protocol);
    if (refusal) {
      res.set(refusal.headers).status(refusal.status).send(refusal.text);
      return;
    }
    const nonce = newNonce();
    res.locals.cspNonce = nonce;
    res.set(SECURITY_HEADERS);
    res.set({ "Content-Security-Policy": contentSecurityPolicy(nonce), "Permissions-Policy": permissionsPolicy(req.path) });
    if (req.protocol === "https") res.set("Strict-Transport-Security", STRICT_TRANSPORT_SECURITY);
    next();
  });
  app.get("/metrics", (req, res, next) => {
    if (!mayReadMetrics({ remoteAddress: req.socket.remoteAddress, headers: req.headers }, config.metricsToken)) {
      res.status(404).type("text/plain").send("Not found");
      return;
    }
    metrics
      .scrape()
      .then(({ contentType, body }) => res.set({ "Content-Type": contentType, "Cache-Control": "no-store" }).send(body))
      .catch(next);
  });
  // Built files carry a content hash in their names: a browser may keep them for a year unasked.
  app.use("/build", express.static("public/build", { immutable: true, maxAge: "1y" }));
  // public/ is fixed once the app is built; asking the file system on every page whether it is a
  // file there (it never is) cost about 4% of a page. Only names public/ holds are looked up.
  const publicNames = new Set(fs.readdirSync("public"));
  const servePublic = express.static("public", { maxAge: "1h" });
  app.use((req, res, next) => (publicNames.has(firstSegment(req.path)) ? servePublic(req, res, next) : next()));
  findCatalogueChunks(build);
  const routeId = routeIdMatcher(build.routes);
  // Built and public files are no Remix route: named without matching, which costs about 50 µs.
  const requests = requestLog(logger, (pathname) =>
    pathname.startsWith("/build/") || publicNames.has(firstSegment(pathname)) ? "(static)" : pathname === "/metrics" ? "(metrics)" : routeId(pathname),
  );
  app.all(
    "*",
    (_req, res, next) => {
      noStoreUnlessSet(res);
      next();
    },
    createRequestHandler({
      build,
      mode: build.mode,
      getLoadContext: (req, res): AppLoadContext => ({
        requestId: String(res.getHeader("X-Request-Id")),
        db: database.db,
        engine: database.engine,
        config,
        clientAddress: req.ip ?? req.socket.remoteAddress ?? "unknown",
        mail: { nudge: outbox.nudge },
        lifecycle,
        cspNonce: String(res.locals.cspNonce ?? ""),
        arrivals,
      }),
    }),
  );
  // Instead of Express's own handler, which prints every error's stack (a malformed address's 400 too).
  app.use((error: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    const given = (error as { status?: unknown; statusCode?: unknown }).status ?? (error as { statusCode?: unknown }).statusCode;
    const status = typeof given === "number" && given >= 400 && given < 600 ? given : 500;
    if (status >= 500) logger.error({ err: error, requestId: res.getHeader("X-Request-Id") }, "The request failed");
    if (res.headersSent) res.destroy();
    else
      res
        .status(status)
        .type("text/plain")
        .send(http.STATUS_CODES[status] ?? "Error");
  });

  /** The checks every request passes before it is answered: the request guard, then the CSRF origin check. */
  function edgeRefusal(req: http.IncomingMessage, protocol: string): { status: number; headers: Record<string, string>; text: string } | null {
    const header = (name: string) => {
      const value = req.headers[name];
      return Array.isArray(value) ? value[0] : value;
    };
    const refusal = refuseRequest(req.method ?? "GET", req.url ?? "/", {
      contentLength: header("content-length"),
      transferEncoding: header("transfer-encoding"),
      contentType: header("content-type"),
    });
    // The body is not read: closing the connection stops the client sending the rest of it.
    if (refusal) return { status: refusal.status, headers: { ...refusal.headers, Connection: "close", "Content-Type": "text/plain; charset=utf-8" }, text: refusal.message };
    const foreign = isForeignMutation(
      req.method ?? "GET",
      { origin: header("origin"), secFetchSite: header("sec-fetch-site"), host: header("host"), forwardedHost: header("x-forwarded-host") },
      config.appUrl,
      protocol,
    );
    if (foreign)
      return {
        status: 403,
        headers: { ...SECURITY_HEADERS, "Content-Type": "text/plain; charset=utf-8" },
        text: "요청이 거부되었습니다: 다른 사이트에서 보낸 요청입니다.\nRequest refused: it came from another site.",
      };
    return null;
  }

  /**
   * The door's address as Express would give it as req.ip: with TRUST_PROXY ("trust proxy" true)
   * the left-most X-Forwarded-For entry, else the socket's peer.
   */
  function scanClientAddress(req: http.IncomingMessage): string {
    const forwardedFor = config.trustProxy
      ? String(req.headers["x-forwarded-for"] ?? "")
          .split(",")[0]!
          .trim()
      : "";
    return forwardedFor || req.socket.remoteAddress || "unknown";
  }

  /** The body, already limited in size by edgeRefusal (Node holds a body to its Content-Length). */
  function requestBody(req: http.IncomingMessage): Promise<Buffer> {
    // Events, not `for await`: the async iterator cost about 2 KB of garbage per scan.
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
      req.on("error", reject);
      req.on("close", () => req.complete || reject(new Error("The request was aborted")));
    });
  }

  /**
   * The door's scans skip Express and Remix, whose request pipelines cost more than the check-in
   * itself: after the same edge checks, the answer is the Remix route's own function
   * (app/web/scan-endpoint.server.ts).
   */
  async function answerScanRequest(req: http.IncomingMessage, res: http.ServerResponse, slug: string): Promise<void> {
    const forwarded = config.trustProxy
      ? String(req.headers["x-forwarded-proto"] ?? "")
          .split(",")[0]!
          .trim()
      : "";
    const refusal = edgeRefusal(req, forwarded || (config.https ? "https" : "http"));
    if (refusal) {
      res.writeHead(refusal.status, refusal.headers).end(refusal.text);
      return;
    }
    const bytes = await requestBody(req);
    let body: unknown = null;
    try {
      body = JSON.parse(bytes.toString("utf8"));
    } catch {
      // Not JSON: answered as a bad request.
    }
    const cookie = req.headers.cookie ?? null;
    const answer = await answerScan({ db: database.db, config, arrivals, clientAddress: scanClientAddress(req) }, { slug, cookieHeader: cookie, requestUrl: `http://localhost${req.url}`, body });
    const payload = answer.json !== undefined ? JSON.stringify(answer.json) : (answer.text ?? "");
    res
      .writeHead(answer.status, {
        ...SECURITY_HEADERS,
        ...(answer.json !== undefined ? { "Content-Type": "application/json; charset=utf-8" } : {}),
        ...answer.headers,
        "Content-Length": Buffer.byteLength(payload),
      })
      .end(payload);
  }

  const handle = (req: http.IncomingMessage, res: http.ServerResponse) => {
    // While stopping, each kept-alive connection (a proxy's) is closed after its answer, so the
    // proxy opens its next one to an instance that stays.
    if (lifecycle.draining) res.setHeader("Connection", "close");
    const started = performance.now();
    const requestId = requestIdFor(req.headers["x-request-id"], config.trustProxy);
    res.setHeader("X-Request-Id", requestId);
    res.once("finish", () => metrics.observeRequest(req.method ?? "GET", (req.url ?? "/").split("?")[0]!, res.statusCode, (performance.now() - started) / 1000));
    const scan = req.method === "POST" ? SCAN_PATH.exec(req.url ?? "") : null;
    // "close" rather than "finish": a request the client gave up on is logged too.
    res.once("close", () => requests.record(req, res, requestId, started, scan ? SCAN_ROUTE : undefined));
    let slug: string | undefined;
    try {
      slug = scan ? decodeURIComponent(scan[1]!) : undefined;
    } catch {
      // A malformed address: Express and Remix answer it as they answer any other.
    }
    if (slug === undefined) return app(req, res);
    answerScanRequest(req, res, slug).catch((error: unknown) => {
      logger.error({ err: error, requestId, route: SCAN_ROUTE }, "The door's scan failed");
      if (!res.headersSent) res.writeHead(500, { "Content-Type": "text/plain; charset=utf-8" });
      res.end();
    });
  };

  // With HTTPS_CERT/HTTPS_KEY the app serves HTTPS itself: a venue laptop gives staff phones the
  // secure origin their cameras need, without a proxy.
  const server = (config.https ? https.createServer(config.https, handle) : http.createServer(handle)).listen(config.port, config.host, () => {
    const seconds = ((performance.now() - startedAt) / 1000).toFixed(2);
    const where = database.engine === "embedded" ? `embedded database in ${config.dataDir}` : "PostgreSQL server";
    logger.info(`Nanum is ready at ${config.publicOrigin} (${where}, started in ${seconds} s)`);
    if (!config.appUrl) logger.info(`Listening on ${config.host} only; to let phones on the venue's network in, set HOST=0.0.0.0 and APP_URL.`);
    logger.info(
      config.smtpUrl
        ? `Email goes through ${new URL(config.smtpUrl).host} from ${config.smtpFrom}`
        : `No SMTP_URL: email is kept in ${path.join(config.dataDir, "mail")} and shown under each event's outbox`,
    );
  });
  if (database.engine === "embedded" && (await findOrganizerByEmail(database.db, DEMO_ORGANIZER.email))) {
    // The demo account's published sign-in, not a person's: the one address the log may show.
    logger.info(`Demo organizer: ${DEMO_ORGANIZER.email} / ${DEMO_ORGANIZER.password}`);
  }

  server.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EADDRINUSE") logger.fatal(`Port ${config.port} is already in use. Stop whatever uses it, or start Nanum on another port: PORT=3001 npm start`);
    else logger.fatal({ err: error }, `The HTTP server failed: ${error.message}`);
    void arrivals
      .close()
      .then(() => housekeeping.stop())
      .then(() => outbox.stop())
      .then(() => database.close())
      .finally(() => process.exit(1));
  });

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    lifecycle.draining = true;
    logger.info(`${signal}: finishing requests in flight, then closing the database…`);
    const force = setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS);
    // Connections busy when the signal came are let go as soon as their answer is out.
    const closeIdle = setInterval(() => server.closeIdleConnections(), 100);
    // Live pages' event streams would otherwise hold the server open until the grace runs out;
    // their browsers fall back to polling and reconnect, elsewhere if a proxy sends them there.
    const closingArrivals = arrivals.close();
    server.close(() => {
      clearTimeout(force);
      clearInterval(closeIdle);
      // Messages in hand are recorded before the database closes; the rest wait in the outbox.
      closingArrivals
        .then(() => housekeeping.stop())
        .then(() => outbox.stop())
        .then(() => transport.close())
        .then(() => database.close())
        .then(() => {
          logger.info("Database closed. Bye.");
          process.exit(0);
        })
        .catch((error: unknown) => {
          logger.error({ err: error }, "Closing the database failed");
          process.exit(1);
        });
    });
    server.closeIdleConnections();
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}

main().catch((error: unknown) => {
  // A start stopped by its configuration says what to change in one line; anything else is a bug, with its stack.
  if (error instanceof ConfigError || error instanceof DataDirLockedError || error instanceof DatabaseUnreachableError) {
    logger.fatal(error.message);
  } else {
    logger.fatal({ err: error }, "Nanum could not start");
  }
  process.exit(1);
});
