/**
 * Several app instances and `npm run worker` on one PostgreSQL server database, as a deployment
 * behind a load balancer runs them: each a child process of its own (the built server, the CLI),
 * all started at the same moment. The database is created empty, so the processes race to
 * migrate it, and dropped again by `stop()`.
 */
import crypto from "node:crypto";
import { generateAppKey, type AppKey } from "../../app/lib/app-key.server";
import { cleanUp, freePort, spawnCli, spawnServer, waitUntilHealthy, type BackgroundProcess, type EnvOverrides, type ServerProcess } from "./server";
import { createEmptyServerDatabase, dropServerDatabase } from "./server-database";

export interface Instances {
  /** The app instances, in the order they were asked for: instance A is `apps[0]`. */
  apps: ServerProcess[];
  /** `npm run worker`, when asked for. */
  worker: BackgroundProcess | undefined;
  /** The database they share. */
  databaseUrl: string;
  /** DATABASE_URL, SESSION_SECRET, APP_KEY and whatever `env` added: for runCli on the same database. */
  env: EnvOverrides;
  /** The APP_KEY they share, to open the stored keys from the test process (useAppKey). */
  appKey: AppKey;
  /** Milliseconds from spawning the processes until every one of them was ready. */
  startMs: number;
  /** Stops the processes (and anything else the test started through tests/helpers/server.ts), then drops the database. */
  stop(): Promise<void>;
}

/** Polls `path` until it answers 200; fails with the server's output when it does not in time. */
async function waitFor200(server: ServerProcess, path: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = "no answer yet";
  while (Date.now() < deadline) {
    const response = await fetch(`${server.url}${path}`, { signal: AbortSignal.timeout(2_000) }).catch((error: unknown) => String(error));
    if (typeof response !== "string" && response.status === 200) return;
    last = typeof response === "string" ? response : `${response.status} ${await response.text()}`;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${server.url}${path} did not answer 200 within ${timeoutMs} ms (${last}). The server's output:\n${server.output()}`);
}

/** Waits for the worker's "running" line; fails with its output if it exits first or takes too long. */
async function waitForWorker(worker: BackgroundProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  void worker.exited.then(() => (exited = true));
  while (!worker.output().includes("Email worker running")) {
    if (exited || Date.now() > deadline) throw new Error(`npm run worker did not start (${exited ? "it exited" : `not within ${timeoutMs} ms`}). Its output:\n${worker.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Creates an empty database on the server at `adminUrl`, spawns `count` app instances (and
 * `npm run worker` with `worker: true`) on it at the same moment, and resolves once every
 * instance answers /readyz 200 and the worker says it runs. `env` is added to each process's
 * (SMTP_URL and SMTP_FROM, say).
 */
export async function startInstances(adminUrl: string, options: { count: number; worker?: boolean; env?: EnvOverrides; timeoutMs?: number }): Promise<Instances> {
  const timeoutMs = options.timeoutMs ?? 90_000;
  const database = await createEmptyServerDatabase(adminUrl, "nanum_e2e_instances");
  const appKey = generateAppKey("APP_KEY");
  const env: EnvOverrides = { DATABASE_URL: database.url, SESSION_SECRET: crypto.randomBytes(32).toString("base64url"), APP_KEY: appKey.text, ...options.env };
  const stop = async () => {
    try {
      await cleanUp();
    } finally {
      await dropServerDatabase(adminUrl, database.name);
    }
  };
  try {
    // Ports first, so that nothing stands between one spawn and the next.
    const ports = await Promise.all(Array.from({ length: options.count }, () => freePort()));
    const began = performance.now();
    const spawning = ports.map((port) => spawnServer({ env, port }));
    const worker = options.worker ? spawnCli("worker", [], env) : undefined;
    const apps = await Promise.all(spawning);
    await Promise.all([...apps.map(async (app) => (await waitUntilHealthy(app, timeoutMs), await waitFor200(app, "/readyz", timeoutMs))), worker && waitForWorker(worker, timeoutMs)]);
    const startMs = Math.round(performance.now() - began);
    return { apps, worker, databaseUrl: database.url, env, appKey: appKey.key, startMs, stop };
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
}
