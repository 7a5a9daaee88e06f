/**
 * The setup most end-to-end files share: the built server on a fresh data folder (with the demo
 * data a first start makes), optionally an SMTP sink it sends to, and Debian's Chromium; all of
 * it stopped and removed after the file's tests. Files with a different shape (two servers, TLS,
 * a worker without a web server) use tests/helpers/server.ts directly.
 */
import type { Kysely } from "kysely";
import type { Browser, BrowserContext, BrowserContextOptions, Page } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { secureStoredKeys } from "../../app/domain/stored-keys.server";
import { embeddedAppKey } from "../../app/lib/env.server";
import { openEmbeddedDatabase } from "../../db/connect";
import type { Database } from "../../db/schema";
import { seedDemo } from "../../scripts/seed";
import { launchBrowser, newContext, type BrowserLocale } from "./browser";
import { cleanUp, makeTempDir, startServer, type EnvOverrides, type ServerProcess } from "./server";
import { createSmtpSink, type SmtpSink } from "./smtp";

export interface E2eOptions<Prepared> {
  /** Environment for the server on top of its fresh DATA_DIR and port. */
  env?: EnvOverrides;
  /** Starts an SMTP sink in the test process and points the server at it (SMTP_URL, SMTP_FROM). */
  smtp?: boolean;
  /**
   * Domain calls on the embedded database before the server opens it: the demo data is there
   * already. The server holds the data folder's lock while it runs, so this is the one moment
   * a test can write to its database directly. What it returns is `app.prepared`.
   */
  prepare?: (db: Kysely<Database>) => Promise<Prepared>;
}

export interface E2eServer<Prepared = undefined> {
  /** The running server (a new process after `restartServer()`). */
  readonly server: ServerProcess;
  /** http://127.0.0.1:PORT */
  readonly baseUrl: string;
  readonly dataDir: string;
  /** The SMTP sink the server sends to; only with `smtp: true`. */
  readonly sink: SmtpSink;
  /** What `prepare` returned. */
  readonly prepared: Prepared;
  /** Starts the server again on the same data folder, port and environment, stopping it first if it still runs. */
  restartServer(): Promise<void>;
}

export interface E2eServerAndBrowser<Prepared = undefined> extends E2eServer<Prepared> {
  readonly browser: Browser;
  /** A fresh browser profile on the server, in `locale`; closed with the browser after the file. */
  newContext(locale: BrowserLocale, options?: Omit<BrowserContextOptions, "baseURL" | "locale">): Promise<BrowserContext>;
  /** A page in a fresh profile (see newContext). */
  newPage(locale: BrowserLocale, options?: Omit<BrowserContextOptions, "baseURL" | "locale">): Promise<Page>;
}

/**
 * A fresh data folder holding the demo data, as the server's own first start makes it, and what
 * `prepare` adds with domain calls. The server holds the folder's lock while it runs, so this
 * happens before it starts.
 */
export async function preparedDataDir<Prepared>(prepare: (db: Kysely<Database>) => Promise<Prepared>): Promise<{ dataDir: string; prepared: Prepared }> {
  const dataDir = makeTempDir();
  const handle = await openEmbeddedDatabase(dataDir, {
    holder: "e2e test setup",
    // The key the server will take from the same folder.
    onOpen: (db) => secureStoredKeys(db, embeddedAppKey(dataDir)),
    onCreate: async (db) => void (await seedDemo(db)),
  });
  try {
    return { dataDir, prepared: await prepare(handle.db) };
  } finally {
    await handle.close();
  }
}

function setUp<Prepared>(options: E2eOptions<Prepared>, withBrowser: boolean): E2eServerAndBrowser<Prepared> {
  let server: ServerProcess | undefined;
  let browser: Browser | undefined;
  let sink: SmtpSink | undefined;
  let prepared: { value: Prepared } | undefined;
  let env: EnvOverrides = {};

  const ready = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`${what} is not there: it is made in beforeAll${what === "sink" ? " with { smtp: true }" : ""}`);
    return value;
  };

  beforeAll(async () => {
    if (options.smtp) {
      sink = await createSmtpSink();
      await sink.start();
    }
    env = { ...(sink ? { SMTP_URL: sink.url, SMTP_FROM: "nanum@example.org" } : {}), ...options.env };
    let dataDir: string | undefined;
    if (options.prepare) {
      const made = await preparedDataDir(options.prepare);
      dataDir = made.dataDir;
      prepared = { value: made.prepared };
    } else {
      // The server makes and seeds the folder on its first start.
      prepared = { value: undefined as Prepared };
    }
    server = await startServer({ env, dataDir });
    if (withBrowser) browser = await launchBrowser();
  });

  afterAll(async () => {
    try {
      await browser?.close();
      await cleanUp();
    } finally {
      await sink?.stop();
    }
  });

  const contextOn = (locale: BrowserLocale, contextOptions: Omit<BrowserContextOptions, "baseURL" | "locale"> = {}) =>
    newContext(ready(browser, "browser"), ready(server, "server").url, locale, contextOptions);

  return {
    get server() {
      return ready(server, "server");
    },
    get baseUrl() {
      return ready(server, "server").url;
    },
    get dataDir() {
      return ready(server, "server").dataDir;
    },
    get sink() {
      return ready(sink, "sink");
    },
    get prepared() {
      return ready(prepared, "prepared").value;
    },
    get browser() {
      return ready(browser, "browser");
    },
    async restartServer() {
      const previous = ready(server, "server");
      await previous.stop();
      server = await startServer({ env, dataDir: previous.dataDir, port: previous.port });
    },
    newContext: contextOn,
    async newPage(locale, contextOptions) {
      return (await contextOn(locale, contextOptions)).newPage();
    },
  };
}

/**
 * Registers beforeAll and afterAll hooks that start the built server and Chromium for the
 * file (or describe block) it is called in, and returns a handle to them, usable once
 * beforeAll has run:
 *
 *   const app = withServerAndBrowser({ smtp: true });
 *   it("...", async () => { const page = await app.newPage("ko-KR"); await page.goto("/login"); ... });
 */
export function withServerAndBrowser<Prepared = undefined>(options: E2eOptions<Prepared> = {}): E2eServerAndBrowser<Prepared> {
  return setUp(options, true);
}

/** withServerAndBrowser without Chromium, for files that speak HTTP only or launch browsers of their own (a fake camera). */
export function withServer<Prepared = undefined>(options: E2eOptions<Prepared> = {}): E2eServer<Prepared> {
  return setUp(options, false);
}
