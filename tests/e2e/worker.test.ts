import { spawn } from "node:child_process";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enqueueEmails } from "../../app/domain/outbox.server";
import { openServerDatabase } from "../../db/connect";
import { migrateToLatest } from "../../db/migrate";
import { cleanUp, makeTempDir, repoRoot, runCli } from "../helpers/server";
import { createSmtpSink, type SmtpSink } from "../helpers/smtp";

describe("npm run worker", () => {
  it("refuses on the embedded database, saying why", async () => {
    const result = await runCli("worker", [], { DATA_DIR: makeTempDir() });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/only the app process may open it/);
    expect(result.stderr).toMatch(/DATABASE_URL/);
  });

  describe.skipIf(!process.env.TEST_DATABASE_URL)("on a PostgreSQL server", () => {
    const adminUrl = process.env.TEST_DATABASE_URL!;
    const name = `nanum_e2e_worker_${process.pid}`;
    let url: string;
    let sink: SmtpSink;

    beforeAll(async () => {
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      await admin.query(`drop database if exists "${name}" with (force)`);
      await admin.query(`create database "${name}"`);
      await admin.end();
      const target = new URL(adminUrl);
      target.pathname = `/${name}`;
      url = target.toString();
      sink = await createSmtpSink();
      await sink.start();
    });
    afterAll(async () => {
      await sink.stop();
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      await admin.query(`drop database if exists "${name}" with (force)`);
      await admin.end();
      await cleanUp();
    });

    it("sends what the outbox holds and stops cleanly on SIGTERM", async () => {
      const handle = await openServerDatabase(url);
      await migrateToLatest(handle.db);
      await enqueueEmails(
        handle.db,
        Array.from({ length: 12 }, (_, i) => ({ kind: "test", to: { address: `w${i}@example.org` }, subject: `worker ${i}`, text: "hi", html: "<p>hi</p>" })),
      );
      const child = spawn(path.join(repoRoot, "node_modules", ".bin", "tsx"), ["scripts/cli.ts", "worker"], {
        cwd: repoRoot,
        env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: "production", DATABASE_URL: url, SMTP_URL: sink.url, SMTP_FROM: "nanum@example.org", DATA_DIR: makeTempDir() },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let output = "";
      child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
      for (let i = 0; i < 300 && sink.received.length < 12; i++) await new Promise((resolve) => setTimeout(resolve, 100));
      const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
      expect(sink.received).toHaveLength(12);
      const statuses = await handle.db.selectFrom("email_outbox").select("status").execute();
      expect(statuses.every((row) => row.status === "sent")).toBe(true);
      expect(output).toContain("Email worker stopped");
      // Its log: JSON lines, one per delivery by message id and kind, and no address.
      const lines = output
        .trim()
        .split("\n")
        .map((line) => JSON.parse(line) as { msg: string; outboxId?: number; kind?: string });
      const delivered = lines.filter((line) => line.msg === "Email delivered");
      expect(new Set(delivered.map((line) => line.outboxId)).size).toBe(12);
      expect(delivered.every((line) => line.kind === "test")).toBe(true);
      expect(output).not.toMatch(/w\d+@example\.org/);
      await handle.close();
    });
  });
});
