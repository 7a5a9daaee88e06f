import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { createOrganizer, EmailTakenError } from "../app/domain/accounts/organizers.server";
import { rotateStoredKeys, secureStoredKeys } from "../app/domain/stored-keys.server";
import { AppKey, generateAppKey, parseAppKey } from "../app/lib/app-key.server";
import { APP_KEY_FILE, ConfigError, loadConfig, newAppKeyFrom, type AppConfig } from "../app/lib/env.server";
import { DatabaseUnreachableError, openEmbeddedDatabase, openServerDatabase, type DatabaseHandle } from "../db/connect";
import { DataDirLockedError, lockDataDir } from "../db/data-dir-lock";
import { migrateToLatest } from "../db/migrate";
import { sealAccessRecords, verifyAccessChain } from "../app/domain/access-records/access-records.server";
import { seedDemo, DEMO_ORGANIZER } from "./seed";
import { ensureEmbeddedTemplate } from "../db/template";
import { startOutboxWorker, type DeliveryOptions } from "../app/domain/outbox.server";
import { localTransport, smtpTransport } from "../app/lib/mailer.server";
import { captureConsole, logger } from "../app/lib/logger.server";

const HOLDER = "nanum command-line tool";

/**
 * Opens the database for a command. With APP_KEY (always there on the embedded database) its
 * stored keys are checked and used as at the server's start; `keys:rotate` opens them itself.
 */
async function withDatabase<T>(config: AppConfig, work: (handle: DatabaseHandle) => Promise<T>, options: { openKeys?: boolean } = {}): Promise<T> {
  const appKey = options.openKeys === false ? undefined : config.appKey;
  const handle = config.databaseUrl
    ? await openServerDatabase(config.databaseUrl, { max: 2 })
    : await openEmbeddedDatabase(config.dataDir, { holder: HOLDER, onOpen: async (db) => appKey && (await secureStoredKeys(db, appKey)) });
  try {
    if (handle.engine === "server") {
      await migrateToLatest(handle.db);
      if (appKey) await secureStoredKeys(handle.db, appKey);
    }
    return await work(handle);
  } finally {
    await handle.close();
  }
}

/** Tables in the database's own schemas (not PostgreSQL's catalogs). */
async function tablesIn(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
  } catch (error) {
    throw new UsageError(`Cannot reach the database in DATABASE_URL: ${(error as Error).message}`);
  }
  try {
    const { rows } = await client.query<{ n: number }>("select count(*)::int as n from pg_tables where schemaname not in ('pg_catalog', 'information_schema')");
    return rows[0]!.n;
  } finally {
    await client.end();
  }
}

/** Runs pg_dump or pg_restore, passing its messages through; fails with its own words. */
function runPostgresTool(tool: "pg_dump" | "pg_restore", args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(tool, args, { stdio: ["ignore", "inherit", "pipe"] });
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
      process.stderr.write(chunk);
    });
    child.on("error", (error: NodeJS.ErrnoException) =>
      reject(
        error.code === "ENOENT"
          ? new UsageError(`${tool} is not installed. It comes with PostgreSQL's client tools (Debian: apt-get install postgresql-client), at the server's version or newer.`)
          : error,
      ),
    );
    child.on("close", (code) => (code === 0 ? resolve() : reject(new UsageError(`${tool} failed (exit code ${code}).${stderr ? "" : " It printed nothing."}`))));
  });
}

function timestamp(): string {
  return new Date().toISOString().replace(/[-:]/g, "").replace(/\..*/, "").replace("T", "-");
}

const commands: Record<string, (config: AppConfig, args: string[]) => Promise<void>> = {
  async migrate(config) {
    await withDatabase(config, async () => console.log("Database is up to date."));
  },

  async seed(config) {
    await withDatabase(config, async ({ db }) => {
      const { created } = await seedDemo(db);
      console.log(created ? `Seeded the demo organizer (${DEMO_ORGANIZER.email} / ${DEMO_ORGANIZER.password}) and two sample events.` : "Demo data is already there; nothing added.");
    });
  },

  async "organizer:create"(config, args) {
    const { values } = parseArgs({
      args,
      options: { email: { type: "string" }, password: { type: "string" }, name: { type: "string" } },
    });
    if (!values.email || !values.password) {
      throw new UsageError("Usage: npm run organizer:create -- --email you@example.org --password '…' [--name 'Your Name']");
    }
    if (values.password.length < 10) throw new UsageError("The password must have at least 10 characters.");
    await withDatabase(config, async ({ db }) => {
      const organizer = await createOrganizer(db, {
        email: values.email!,
        password: values.password!,
        name: values.name ?? values.email!.split("@")[0]!,
      });
      console.log(`Created organizer ${organizer.email} (id ${organizer.id}). Log in at /login.`);
    });
  },

  async backup(config, args) {
    if (config.databaseUrl) {
      const file = path.resolve(args[0] ?? path.join("backups", `nanum-${timestamp()}.dump`));
      fs.mkdirSync(path.dirname(file), { recursive: true });
      // pg_dump's custom format: compressed, and pg_restore can restore it table by table.
      await runPostgresTool("pg_dump", ["--format=custom", "--no-owner", `--file=${file}`, config.databaseUrl]);
      console.log(`Backup written to ${file}\nRestore it into an empty database with: DATABASE_URL=… npm run db:restore -- ${path.relative(process.cwd(), file)}`);
      return;
    }
    const lock = lockDataDir(config.dataDir, HOLDER);
    try {
      const file = path.resolve(args[0] ?? path.join("backups", `nanum-${timestamp()}.tar.gz`));
      const pglite = await PGlite.create({ dataDir: path.join(config.dataDir, "pgdata") });
      try {
        await pglite.exec("checkpoint");
        const dump = await pglite.dumpDataDir("gzip");
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
      } finally {
        await pglite.close();
      }
      console.log(
        `Backup written to ${file}\nRestore it with: npm run db:restore -- ${path.relative(process.cwd(), file)}\n` +
          `It does not hold ${path.join(config.dataDir, APP_KEY_FILE)}, without which its tickets and personal links cannot be used: keep a copy of that file apart from the backups.`,
      );
    } finally {
      lock.release();
    }
  },

  async restore(config, args) {
    const file = args[0];
    if (!file) throw new UsageError(`Usage: npm run db:restore -- ${config.databaseUrl ? "backups/nanum-….dump" : "backups/nanum-….tar.gz"}`);
    if (!fs.existsSync(file)) throw new UsageError(`No such file: ${file}`);
    if (config.databaseUrl) {
      // Into an empty database only: restoring over live data would mix two states of it.
      const tables = await tablesIn(config.databaseUrl);
      if (tables > 0) {
        throw new UsageError(
          `The database in DATABASE_URL is not empty (${tables} tables). Restore into an empty one (e.g. createdb nanum_restored) and point DATABASE_URL at it; nothing was changed.`,
        );
      }
      await runPostgresTool("pg_restore", ["--no-owner", "--exit-on-error", "--single-transaction", `--dbname=${config.databaseUrl}`, file]);
      console.log(`Restored ${file} into the database in DATABASE_URL.`);
      return;
    }
    const lock = lockDataDir(config.dataDir, HOLDER);
    try {
      const pgdata = path.join(config.dataDir, "pgdata");
      const incoming = path.join(config.dataDir, `pgdata.restoring-${process.pid}`);
      fs.rmSync(incoming, { recursive: true, force: true });
      // Load into a side folder and check it opens before the current database is moved aside.
      const restored = await PGlite.create({ dataDir: incoming, loadDataDir: new Blob([fs.readFileSync(file)]) });
      await restored.query("select 1");
      await restored.close();
      fs.writeFileSync(path.join(incoming, "nanum.ready"), new Date().toISOString());
      let keptAt: string | undefined;
      if (fs.existsSync(pgdata)) {
        keptAt = path.join(config.dataDir, `pgdata.before-restore-${timestamp()}`);
        fs.renameSync(pgdata, keptAt);
      }
      fs.renameSync(incoming, pgdata);
      console.log(`Restored ${file} into ${pgdata}.${keptAt ? `\nThe previous database was kept in ${keptAt}.` : ""}`);
    } finally {
      lock.release();
    }
  },

  async worker(config) {
    if (!config.databaseUrl) {
      throw new UsageError(
        "With the embedded database only the app process may open it, and the app sends email itself.\n" +
          "Separate workers are for a PostgreSQL server: set DATABASE_URL (and SMTP_URL, SMTP_FROM) and run this again.",
      );
    }
    // The worker's output is a log like the server's: what libraries print goes into it too.
    captureConsole(logger);
    const handle = await openServerDatabase(config.databaseUrl, { max: 3, onConnectionLost: (error) => logger.warn({ err: error }, "PostgreSQL connection lost; the pool opens another") });
    await migrateToLatest(handle.db);
    const transport = config.smtpUrl ? smtpTransport(config.smtpUrl) : localTransport(path.join(config.dataDir, "mail"));
    const worker = startOutboxWorker(handle.db, { transport, fromAddress: config.smtpFrom, onPoint: crashPoint(), log: logger });
    logger.info(`Email worker running (${config.smtpUrl ? new URL(config.smtpUrl).host : `local files in ${path.join(config.dataDir, "mail")}`}). Ctrl+C stops it.`);
    await new Promise<void>((resolve) => {
      process.once("SIGTERM", () => resolve());
      process.once("SIGINT", () => resolve());
    });
    await worker.stop();
    transport.close();
    await handle.close();
    logger.info("Email worker stopped; messages in hand were recorded.");
  },

  async "keys:rotate"(config) {
    const from = config.appKey;
    if (!from) throw new ConfigError("APP_KEY is required: the key the stored keys are sealed under now.");
    const given = newAppKeyFrom(process.env);
    if (given?.key.sameAs(from)) throw new UsageError("NEW_APP_KEY is the key in use: nothing to do.");
    // Without APP_KEY in the environment the embedded database's key is its file in DATA_DIR,
    // and the new key goes there; otherwise the operator gives it and sets it afterwards.
    const keyFile = !config.databaseUrl && !process.env.APP_KEY?.trim() ? path.join(config.dataDir, APP_KEY_FILE) : undefined;
    let newKey: () => AppKey;
    if (keyFile) newKey = () => stageNextKey(`${keyFile}.next`, given);
    else if (given) newKey = () => given.key;
    else throw new UsageError('Set NEW_APP_KEY to the new key (e.g. NEW_APP_KEY="$(openssl rand -base64 32)"), with the key in use as APP_KEY, and run this again.');
    const result = await withDatabase(
      config,
      async ({ db }) => {
        // Chosen with the database open: on the embedded one that holds DATA_DIR's lock.
        const to = newKey();
        if (to.sameAs(from)) throw new UsageError(`${keyFile}.next holds the key in use: move it away and run this again.`);
        return rotateStoredKeys(db, from, to);
      },
      { openKeys: false },
    );
    const already = result.alreadyUnderNewKey > 0 ? ` (${result.alreadyUnderNewKey} already were)` : "";
    console.log(`Re-encrypted ${result.rotated} key${result.rotated === 1 ? "" : "s"} under the new APP_KEY${already}.`);
    if (keyFile) {
      // Only once the database is closed (checkpointed) does the new key take the old one's place.
      let kept = `${keyFile}.before-${timestamp()}`;
      for (let n = 2; fs.existsSync(kept); n++) kept = `${keyFile}.before-${timestamp()}-${n}`;
      fs.renameSync(keyFile, kept);
      fs.renameSync(`${keyFile}.next`, keyFile);
      console.log(`The new key is in ${keyFile}; the old one is kept in ${kept}: backups made before now need it. Delete it once you no longer keep them.`);
    } else {
      console.log("Now set APP_KEY to the new key wherever the app runs and start it again. Keep the old key as long as you keep backups made before now: they need it.");
    }
  },

  async "audit:verify"(config) {
    // Records not sealed yet (at most a housekeeping round old) are sealed first, so all are checked.
    const verdict = await withDatabase(
      config,
      async ({ db }) => {
        await sealAccessRecords(db);
        return verifyAccessChain(db);
      },
      { openKeys: false },
    );
    if (verdict.brokenAt === null) {
      console.log(`records=${verdict.records} chain=ok`);
      return;
    }
    console.log(`records=${verdict.records} chain=broken first_broken=${verdict.brokenAt}`);
    process.exitCode = 1;
  },

  async "prepare-template"() {
    const started = performance.now();
    const file = await ensureEmbeddedTemplate();
    console.log(`Embedded database template ready (${file}, ${((performance.now() - started) / 1000).toFixed(1)} s).`);
  },
};

/**
 * The new key of an embedded database's rotation, written durably to DATA_DIR/app-key.next before
 * any row changes, so a crash at any point loses no key: run again, the rotation takes the key
 * it left there and finishes (rows already under it are left as they are).
 */
function stageNextKey(nextFile: string, given: { text: string; key: AppKey } | undefined): AppKey {
  if (fs.existsSync(nextFile)) {
    const bytes = parseAppKey(fs.readFileSync(nextFile, "utf8"));
    if (!bytes) throw new ConfigError(`${nextFile}, left by an interrupted rotation, does not hold a key. Move it away and run this again.`);
    const staged = new AppKey(bytes, nextFile);
    if (given && !given.key.sameAs(staged)) {
      throw new UsageError(`${nextFile} holds the new key of an interrupted rotation: finish that one first (run this again without NEW_APP_KEY).`);
    }
    return staged;
  }
  const chosen = given ?? generateAppKey(nextFile);
  const fd = fs.openSync(nextFile, "wx", 0o600);
  try {
    fs.writeSync(fd, `${chosen.text}\n`);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  return chosen.key;
}

/**
 * Fault injection for the crash tests: with NANUM_CRASH_AT=claimed|handover|accepted the worker
 * kills itself (SIGKILL: nothing is cleaned up or recorded) the first time a message reaches
 * that point, as a power cut or an OOM kill would.
 */
function crashPoint(): DeliveryOptions["onPoint"] {
  const at = process.env.NANUM_CRASH_AT;
  if (!at) return undefined;
  if (!["claimed", "handover", "accepted"].includes(at)) throw new UsageError("NANUM_CRASH_AT must be claimed, handover or accepted.");
  return (point) => {
    if (point === at) process.kill(process.pid, "SIGKILL");
  };
}

class UsageError extends Error {}

async function main() {
  const [name, ...args] = process.argv.slice(2);
  const command = name ? commands[name] : undefined;
  if (!command) throw new UsageError(`Commands: ${Object.keys(commands).join(", ")}`);
  // Only commands that read or make stored keys need APP_KEY on a server database.
  const requireAppKey = name === "seed" || name === "keys:rotate";
  const config = name === "prepare-template" ? (undefined as unknown as AppConfig) : loadConfig(process.env, { requireSessionSecret: false, requireAppKey });
  await command(config, args);
}

main().catch((error: unknown) => {
  if (error instanceof UsageError || error instanceof ConfigError || error instanceof DataDirLockedError || error instanceof EmailTakenError || error instanceof DatabaseUnreachableError) {
    console.error(error.message);
    process.exit(2);
  }
  // A bug, or the database gone mid-command: its stack, on stderr for a person at a terminal, and
  // through the log (captureConsole) from the worker, whose output is JSON read by machines.
  console.error(error);
  process.exit(1);
});
