import { spawn } from "node:child_process";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEvent, eventFormSchema } from "../../app/domain/events/events.server";
import { createOrganizer } from "../../app/domain/accounts/organizers.server";
import { enqueueEmails, resendEmail } from "../../app/domain/outbox.server";
import { openServerDatabase, type DatabaseHandle } from "../../db/connect";
import { migrateToLatest } from "../../db/migrate";
import { sql } from "kysely";
import { sampleEventForm } from "../helpers/fixtures";
import { cleanUp, makeTempDir, repoRoot } from "../helpers/server";
import { createSmtpSink, type SmtpSink } from "../helpers/smtp";

const MESSAGES = 5;

/**
 * `npm run worker` killed with SIGKILL at the named points of a delivery, then started again:
 * no message is lost, and a message goes out twice only when the organizer resends one that
 * is shown as uncertain.
 */
describe.skipIf(!process.env.TEST_DATABASE_URL)("an email worker killed mid-delivery (PostgreSQL server)", () => {
  const adminUrl = process.env.TEST_DATABASE_URL!;
  let sink: SmtpSink;

  beforeAll(async () => {
    sink = await createSmtpSink();
    await sink.start();
  });
  afterAll(async () => {
    await sink.stop();
    await cleanUp();
  });

  async function freshDatabase(name: string): Promise<{ handle: DatabaseHandle; url: string; drop: () => Promise<void> }> {
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`drop database if exists "${name}" with (force)`);
    await admin.query(`create database "${name}"`);
    await admin.end();
    const target = new URL(adminUrl);
    target.pathname = `/${name}`;
    const handle = await openServerDatabase(target.toString());
    await migrateToLatest(handle.db);
    return {
      handle,
      url: target.toString(),
      async drop() {
        await handle.close();
        const again = new pg.Client({ connectionString: adminUrl });
        await again.connect();
        await again.query(`drop database if exists "${name}" with (force)`);
        await again.end();
      },
    };
  }

  function startWorker(url: string, crashAt?: string) {
    // Node itself with tsx's loader (not the tsx launcher), so the process killed is the worker.
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/cli.ts", "worker"], {
      cwd: repoRoot,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        NODE_ENV: "production",
        DATABASE_URL: url,
        SMTP_URL: sink.url,
        SMTP_FROM: "nanum@example.org",
        DATA_DIR: makeTempDir(),
        ...(crashAt ? { NANUM_CRASH_AT: crashAt } : {}),
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
    return { child, exited, output: () => output };
  }

  async function waitFor(condition: () => Promise<boolean>, what: string, timeoutMs = 30_000) {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (await condition()) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`Timed out waiting for ${what}`);
  }

  const received = (address: string) => sink.received.filter((mail) => (mail.to as { value: Array<{ address: string }> }).value[0]!.address === address);

  for (const point of ["claimed", "handover", "accepted"] as const) {
    it(`loses nothing when killed ${point === "claimed" ? "after claiming" : point === "handover" ? "while handing a message over" : "after the server accepted, before recording"}`, async () => {
      sink.received.length = 0;
      const database = await freshDatabase(`nanum_e2e_crash_${point}_${process.pid}`);
      const { db } = database.handle;
      try {
        const owner = await createOrganizer(db, { email: "owner@example.org", name: "Owner", password: "correct horse battery" });
        const { id: eventId } = await createEvent(db, owner.id, eventFormSchema.parse(sampleEventForm()));
        await enqueueEmails(
          db,
          Array.from({ length: MESSAGES }, (_, i) => ({ eventId, kind: "test", to: { address: `${point}${i}@example.org` }, subject: `crash ${i}`, text: "hi", html: "<p>hi</p>" })),
        );
        const crashing = startWorker(database.url, point);
        const crash = await crashing.exited;
        expect(crash.signal, crashing.output()).toBe("SIGKILL");
        const afterCrash = await db.selectFrom("email_outbox").select(["status"]).execute();
        expect(afterCrash.every((row) => row.status === "sending" || row.status === "sent")).toBe(true);

        // The lease runs out (two minutes in real life; here the clock is moved on), and a worker starts again.
        await db
          .updateTable("email_outbox")
          .set({ lease_expires_at: sql<Date>`now() - interval '1 second'` })
          .where("status", "=", "sending")
          .execute();
        const restarted = startWorker(database.url);
        await waitFor(async () => (await db.selectFrom("email_outbox").select("id").where("status", "in", ["queued", "sending"]).execute()).length === 0, "the restarted worker to finish");
        restarted.child.kill("SIGTERM");
        expect((await restarted.exited).code, restarted.output()).toBe(0);

        const rows = await db.selectFrom("email_outbox").select(["id", "to_address", "status", "message_id"]).orderBy("id").execute();
        // Nothing lost: each message is either delivered and recorded, or shown to the organizer as uncertain.
        expect(
          rows.every((row) => row.status === "sent" || row.status === "uncertain"),
          JSON.stringify(rows),
        ).toBe(true);
        // Nothing sent twice unseen: a delivered message arrived exactly once, an uncertain one at most once.
        for (const row of rows) {
          const copies = received(row.to_address);
          if (row.status === "sent") expect(copies, row.to_address).toHaveLength(1);
          else expect(copies.length, row.to_address).toBeLessThanOrEqual(1);
          for (const copy of copies) expect(copy.messageId).toBe(row.message_id);
        }
        const uncertain = rows.filter((row) => row.status === "uncertain");
        if (point === "claimed") {
          // Claimed but never handed over: provably not sent, so simply sent after the restart.
          expect(uncertain).toEqual([]);
          expect(sink.received).toHaveLength(MESSAGES);
        } else {
          expect(uncertain.length).toBeGreaterThanOrEqual(1);
        }
        if (point === "accepted") {
          // The server has the message the worker died on; it is not sent again by itself...
          const delivered = uncertain.find((row) => received(row.to_address).length === 1);
          expect(delivered).toBeDefined();
          // ...only when the organizer chooses to resend it (the outbox page), and then with the same Message-ID.
          expect(await resendEmail(db, delivered!.id, eventId)).toBe(true);
          const again = startWorker(database.url);
          await waitFor(async () => received(delivered!.to_address).length === 2, "the resent message");
          again.child.kill("SIGTERM");
          await again.exited;
          const copies = received(delivered!.to_address);
          expect(copies[1]!.messageId).toBe(copies[0]!.messageId);
        }
      } finally {
        await database.drop();
      }
    });
  }
});
