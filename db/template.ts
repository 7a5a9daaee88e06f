import crypto from "node:crypto";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { Kysely } from "kysely";
import { migrateToLatest } from "./migrate";
import { migrations } from "./migrations/index";
import { PGliteDialect } from "./pglite-dialect";

/*
 * A fresh PGlite database costs 4–7 s of initdb; loading a dumped, migrated one costs
 * under a second. The dump is made once per PGlite version (at `npm install`, or by the
 * first start or test run that finds none) and kept under node_modules/.cache.
 */

function pgliteVersion(): string {
  const require = createRequire(import.meta.url);
  let dir = path.dirname(require.resolve("@electric-sql/pglite"));
  while (!fs.existsSync(path.join(dir, "package.json"))) dir = path.dirname(dir);
  return (JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")) as { version: string }).version;
}

export function embeddedTemplatePath(): string {
  // Keyed by the migrations it holds too, so a new migration never meets an old template by surprise.
  const migrationsKey = crypto.createHash("sha256").update(Object.keys(migrations).join("\n")).digest("hex").slice(0, 12);
  return path.resolve("node_modules", ".cache", "nanum", `pglite-${pgliteVersion()}-${migrationsKey}.tar`);
}

export async function readEmbeddedTemplate(): Promise<Blob | undefined> {
  try {
    return new Blob([fs.readFileSync(embeddedTemplatePath())]);
  } catch {
    return undefined;
  }
}

/** Writes the template if it is missing; returns its path. Safe to run from several processes at once. */
export async function ensureEmbeddedTemplate(): Promise<string> {
  const file = embeddedTemplatePath();
  if (fs.existsSync(file)) return file;
  const pglite = await PGlite.create();
  try {
    await migrateToLatest(new Kysely<any>({ dialect: new PGliteDialect(pglite) }));
    // Uncompressed: 40 MB on disk, but it loads in about 1.1 s where the gzip one takes 1.7 s.
    const dump = await pglite.dumpDataDir("none");
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const partial = `${file}.${process.pid}.partial`;
    fs.writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
    fs.renameSync(partial, file);
  } finally {
    await pglite.close();
  }
  return file;
}
