import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getPage, logIn } from "../helpers/http";
import { cleanUp, runCli, spawnServer, startServer, waitForExit, type ServerProcess } from "../helpers/server";

const adminUrl = process.env.TEST_DATABASE_URL;

async function onServer(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

describe.skipIf(!adminUrl)("a server on a PostgreSQL server (TEST_DATABASE_URL)", () => {
  const database = `nanum_e2e_${crypto.randomBytes(6).toString("hex")}`;
  const sessionSecret = crypto.randomBytes(32).toString("base64url");
  const appKey = crypto.randomBytes(32).toString("base64");
  let databaseUrl: string;
  let server: ServerProcess;

  beforeAll(async () => {
    await onServer(`create database "${database}"`);
    const url = new URL(adminUrl!);
    url.pathname = `/${database}`;
    databaseUrl = url.toString();
    server = await startServer({ env: { DATABASE_URL: databaseUrl, SESSION_SECRET: sessionSecret, APP_KEY: appKey } });
  });

  afterAll(async () => {
    await cleanUp();
    await onServer(`drop database if exists "${database}" with (force)`);
  });

  it("answers /readyz with the server engine", async () => {
    const response = await fetch(`${server.url}/readyz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok", database: "up", engine: "server" });
    // Nothing is written to the data folder: no embedded database, no generated secret.
    expect(fs.readdirSync(server.dataDir)).toEqual([]);
  });

  it("lists no events, because starting never seeds a server database", async () => {
    const home = await getPage(`${server.url}/`, { "Accept-Language": "en" });
    expect(home.status).toBe(200);
    expect(home.html).toContain("No public events are scheduled.");
    expect(home.html).not.toMatch(/href="\/e\//);
    expect((await logIn(server.url, "demo@nanum.example", "nanum-demo-2025")).response.status).toBe(400);
  });

  it("lets an organizer made with organizer:create log in", async () => {
    const organizer = { email: "first@nanum.example", password: "a-long-server-password" };
    expect((await logIn(server.url, organizer.email, organizer.password)).response.status).toBe(400);

    const created = await runCli("organizer:create", ["--email", organizer.email, "--password", organizer.password, "--name", "첫 운영자"], {
      DATABASE_URL: databaseUrl,
      SESSION_SECRET: sessionSecret,
    });
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toContain(`Created organizer ${organizer.email}`);

    const { response, cookie } = await logIn(server.url, organizer.email, organizer.password);
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/admin");
    const admin = await getPage(`${server.url}/admin`, { Cookie: cookie! });
    expect(admin.status).toBe(200);
    expect(admin.html).toContain("첫 운영자");
  });

  it("backs the database up with pg_dump and restores it into an empty one only, row for row", async () => {
    const env = { DATABASE_URL: databaseUrl, SESSION_SECRET: sessionSecret, APP_KEY: appKey };
    const seeded = await runCli("seed", [], env);
    expect(seeded.code, seeded.stderr).toBe(0);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "nanum-backup-")), "nanum.dump");
    const backup = await runCli("backup", [file], env);
    expect(backup.code, backup.stderr).toBe(0);
    expect(backup.stdout).toContain(`Backup written to ${file}`);
    expect(fs.readFileSync(file).subarray(0, 5).toString("latin1")).toBe("PGDMP");

    const copy = `${database}_restored`;
    await onServer(`create database "${copy}"`);
    try {
      const copyUrl = Object.assign(new URL(adminUrl!), { pathname: `/${copy}` }).toString();
      const restored = await runCli("restore", [file], { DATABASE_URL: copyUrl, SESSION_SECRET: sessionSecret, APP_KEY: appKey });
      expect(restored.code, restored.stderr).toBe(0);
      const counts = async (url: string) => {
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        try {
          const tables = (await client.query<{ tablename: string }>("select tablename from pg_tables where schemaname = 'public' order by tablename")).rows.map((row) => row.tablename);
          const result: Record<string, number> = {};
          for (const table of tables) result[table] = (await client.query<{ n: number }>(`select count(*)::int as n from "${table}"`)).rows[0]!.n;
          return result;
        } finally {
          await client.end();
        }
      };
      const original = await counts(databaseUrl);
      expect(original.invitees).toBeGreaterThan(0);
      expect(original.events).toBeGreaterThan(0);
      expect(await counts(copyUrl)).toEqual(original);

      // A second restore would land on data: refused, and nothing changes.
      const again = await runCli("restore", [file], { DATABASE_URL: copyUrl, SESSION_SECRET: sessionSecret, APP_KEY: appKey });
      expect(again.code).not.toBe(0);
      expect(again.stderr).toContain("The database in DATABASE_URL is not empty");
      expect(await counts(copyUrl)).toEqual(original);
    } finally {
      await onServer(`drop database if exists "${copy}" with (force)`);
    }
  });

  it("refuses to start without APP_KEY, or with a key that does not open the stored keys, in one line", async () => {
    // Stored keys to open: the personal-link key, made by seeding.
    const seeded = await runCli("seed", [], { DATABASE_URL: databaseUrl, APP_KEY: appKey });
    expect(seeded.code, seeded.stderr).toBe(0);
    const missing = await waitForExit(await spawnServer({ env: { DATABASE_URL: databaseUrl, SESSION_SECRET: sessionSecret } }));
    expect(missing.code).toBe(1);
    expect(missing.output.trim().split("\n")).toHaveLength(1);
    expect(missing.output).toContain("APP_KEY is required when DATABASE_URL is set");
    const wrong = await waitForExit(await spawnServer({ env: { DATABASE_URL: databaseUrl, SESSION_SECRET: sessionSecret, APP_KEY: crypto.randomBytes(32).toString("base64") } }));
    expect(wrong.code).toBe(1);
    expect(wrong.output.trim().split("\n")).toHaveLength(1);
    expect((JSON.parse(wrong.output) as { msg: string }).msg).toMatch(/^APP_KEY does not open the personal link key: it is not the key they were sealed with/);
    expect(wrong.output).not.toContain("Nanum is ready");
  });

  it("refuses to start without SESSION_SECRET, naming the variable", async () => {
    const unconfigured = await spawnServer({ env: { DATABASE_URL: databaseUrl } });
    const exit = await waitForExit(unconfigured);
    expect(exit.code).not.toBe(0);
    expect(exit.code).not.toBeNull();
    expect(exit.output).toContain("SESSION_SECRET is required when DATABASE_URL is set");
    expect(exit.output).not.toContain("Nanum is ready");
  });
});
