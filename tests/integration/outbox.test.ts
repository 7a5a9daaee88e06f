import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "kysely";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { deliverDueEmails, enqueueEmails, recoverExpiredLeases, resendEmail, startOutboxWorker, type OutgoingEmail } from "../../app/domain/outbox.server";
import { localTransport, smtpTransport, type MailTransport } from "../../app/lib/mailer.server";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { collectingLogger } from "../helpers/log";
import { createSmtpSink, type SmtpSink } from "../helpers/smtp";

const FROM = "nanum@example.org";

function email(i: number, overrides: Partial<OutgoingEmail> = {}): OutgoingEmail {
  return {
    kind: "test",
    to: { address: `guest${i}@example.org`, name: `손님 ${i}` },
    fromName: "파주시 교육협력과",
    subject: `초대 ${i}`,
    text: `안녕하세요 ${i}`,
    html: `<p>안녕하세요 ${i}</p>`,
    ...overrides,
  };
}

describe("the email outbox", () => {
  let test: TestDatabase;
  let sink: SmtpSink;
  let transport: MailTransport;

  beforeAll(async () => {
    test = await createTestDatabase();
    sink = await createSmtpSink();
    await sink.start();
    transport = smtpTransport(sink.url, { maxConnections: 3 });
  });
  afterAll(async () => {
    transport.close();
    await sink.stop();
    await test.destroy();
  });
  afterEach(async () => {
    sink.received.length = 0;
    sink.rejectRecipients.clear();
    await test.db.deleteFrom("email_outbox").execute();
  });

  async function drain(options: Parameters<typeof deliverDueEmails>[1] = { transport, fromAddress: FROM }) {
    while ((await deliverDueEmails(test.db, options)) > 0);
  }
  const statuses = async () => (await test.db.selectFrom("email_outbox").select(["status"]).execute()).map((row) => row.status).sort();
  const timePasses = () =>
    test.db
      .updateTable("email_outbox")
      .set({ next_attempt_at: sql<Date>`now()` })
      .where("status", "=", "queued")
      .execute();

  it("delivers 100 queued messages exactly once each, to the right address, with their stable Message-ID", async () => {
    await enqueueEmails(
      test.db,
      Array.from({ length: 100 }, (_, i) => email(i)),
    );
    await drain();
    expect(sink.received).toHaveLength(100);
    const addresses = sink.received.map((mail) => (mail.to as { value: Array<{ address: string }> }).value[0]!.address).sort();
    expect(new Set(addresses).size).toBe(100);
    const rows = await test.db.selectFrom("email_outbox").select(["to_address", "message_id", "status", "server_response"]).execute();
    const byAddress = new Map(sink.received.map((mail) => [(mail.to as { value: Array<{ address: string }> }).value[0]!.address, mail]));
    for (const row of rows) {
      expect(row.status).toBe("sent");
      expect(row.server_response).toMatch(/^250/);
      expect(byAddress.get(row.to_address)!.messageId).toBe(row.message_id);
    }
    const sample = byAddress.get("guest7@example.org")!;
    expect(sample.subject).toBe("초대 7");
    expect(sample.text?.trim()).toBe("안녕하세요 7");
    expect(sample.from?.value[0]).toMatchObject({ name: "파주시 교육협력과", address: FROM });
  });

  it("keeps messages while the SMTP server is down and delivers each exactly once when it is back", async () => {
    await enqueueEmails(
      test.db,
      Array.from({ length: 10 }, (_, i) => email(i)),
    );
    // The server goes away (its pooled connections first, or closing it would wait for them).
    transport.close();
    await sink.stop();
    transport = smtpTransport(sink.url, { maxConnections: 3 });
    await deliverDueEmails(test.db, { transport, fromAddress: FROM, batchSize: 50 });
    const waiting = await test.db.selectFrom("email_outbox").select(["status", "attempts", "last_error", "next_attempt_at"]).execute();
    expect(waiting.every((row) => row.status === "queued" && row.attempts === 1 && row.last_error)).toBe(true);
    expect(waiting.every((row) => row.next_attempt_at.getTime() > Date.now())).toBe(true);
    // Not due yet: nothing is attempted before the back-off.
    expect(await deliverDueEmails(test.db, { transport, fromAddress: FROM })).toBe(0);

    await sink.start();
    await timePasses();
    await drain({ transport, fromAddress: FROM });
    expect(sink.received).toHaveLength(10);
    expect(new Set(sink.received.map((mail) => mail.messageId)).size).toBe(10);
    expect(await statuses()).toEqual(Array(10).fill("sent"));
  });

  it("records a permanently rejected address as failed with the server's reason while the others arrive", async () => {
    sink.rejectRecipients.add("guest3@example.org");
    await enqueueEmails(
      test.db,
      Array.from({ length: 5 }, (_, i) => email(i)),
    );
    const { log, lines, text } = collectingLogger();
    await drain({ transport, fromAddress: FROM, log });
    expect(sink.received).toHaveLength(4);
    const failed = await test.db.selectFrom("email_outbox").select(["id", "to_address", "status", "last_error"]).where("status", "=", "failed").execute();
    expect(failed).toHaveLength(1);
    expect(failed[0]!.to_address).toBe("guest3@example.org");
    expect(failed[0]!.last_error).toContain("550");
    expect(failed[0]!.last_error).toContain("guest3@example.org");
    // The log names each delivery and the failure by message id and kind, with the reason, never the address.
    expect(lines.filter((line) => line.msg === "Email delivered" && line.status === "sent" && line.kind === "test")).toHaveLength(4);
    const failure = lines.find((line) => line.outcome === "failed");
    expect(failure).toMatchObject({ level: "warn", outboxId: failed[0]!.id, kind: "test", attempt: 1 });
    expect(failure!.reason).toContain("550");
    expect(failure!.reason).toContain("[email]");
    expect(text()).not.toMatch(/example\.org|손님/);
  });

  it("re-queues a claimed message whose worker died before handing it over, and sends it once", async () => {
    await enqueueEmails(test.db, [email(1)]);
    await expect(
      deliverDueEmails(test.db, {
        transport,
        fromAddress: FROM,
        onPoint: (point) => {
          if (point === "claimed") throw new Error("killed after claiming");
        },
      }),
    ).rejects.toThrow("killed");
    expect(await statuses()).toEqual(["sending"]);
    await test.db
      .updateTable("email_outbox")
      .set({ lease_expires_at: sql<Date>`now() - interval '1 second'` })
      .execute();
    expect(await recoverExpiredLeases(test.db)).toEqual({ requeued: 1, uncertain: 0 });
    await drain();
    expect(sink.received).toHaveLength(1);
    expect(await statuses()).toEqual(["sent"]);
  });

  it("marks a message uncertain when its worker died after the server accepted it, and resends only on request", async () => {
    const [id] = await enqueueEmails(test.db, [email(1, { eventId: null })]);
    await expect(
      deliverDueEmails(test.db, {
        transport,
        fromAddress: FROM,
        onPoint: (point) => {
          if (point === "accepted") throw new Error("killed after the server accepted");
        },
      }),
    ).rejects.toThrow("killed");
    expect(sink.received).toHaveLength(1);
    await test.db
      .updateTable("email_outbox")
      .set({ lease_expires_at: sql<Date>`now() - interval '1 second'` })
      .execute();
    expect(await recoverExpiredLeases(test.db)).toEqual({ requeued: 0, uncertain: 1 });
    await drain();
    expect(sink.received).toHaveLength(1);
    const row = await test.db.selectFrom("email_outbox").select(["status", "last_error"]).executeTakeFirstOrThrow();
    expect(row.status).toBe("uncertain");
    expect(row.last_error).toMatch(/before recording/);
    // The organizer decides; a resend is the only way it goes out twice.
    await test.db.updateTable("email_outbox").set({ event_id: null }).execute();
    expect(await resendEmail(test.db, id!, 999)).toBe(false);
  });

  it("lets two workers share the queue without sending anything twice", async () => {
    await enqueueEmails(
      test.db,
      Array.from({ length: 40 }, (_, i) => email(i)),
    );
    const second = smtpTransport(sink.url, { maxConnections: 2 });
    try {
      const work = async (t: MailTransport) => {
        while ((await deliverDueEmails(test.db, { transport: t, fromAddress: FROM, batchSize: 5 })) > 0);
      };
      await Promise.all([work(transport), work(second)]);
    } finally {
      second.close();
    }
    expect(sink.received).toHaveLength(40);
    expect(new Set(sink.received.map((mail) => mail.messageId)).size).toBe(40);
  });

  it("runs as a background worker that a nudge wakes and stop() lets finish", async () => {
    const worker = startOutboxWorker(test.db, { transport, fromAddress: FROM, idleMs: 60_000, log: collectingLogger().log });
    await new Promise((resolve) => setTimeout(resolve, 100));
    await enqueueEmails(test.db, [email(1), email(2)]);
    worker.nudge();
    for (let i = 0; i < 100 && sink.received.length < 2; i++) await new Promise((resolve) => setTimeout(resolve, 50));
    await worker.stop();
    expect(sink.received).toHaveLength(2);
    expect(await statuses()).toEqual(["sent", "sent"]);
  });

  it("without SMTP keeps each message as an .eml file and records it as stored, never as sent", async () => {
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), "nanum-mail-"));
    try {
      await enqueueEmails(test.db, [email(1, { ics: "BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nEND:VCALENDAR\r\n" })]);
      await drain({ transport: localTransport(directory), fromAddress: FROM });
      const files = fs.readdirSync(directory);
      expect(files).toHaveLength(1);
      const eml = fs.readFileSync(path.join(directory, files[0]!), "utf8");
      expect(eml).toMatch(/^To: .*guest1@example\.org/m);
      expect(eml).toContain("text/calendar");
      const row = await test.db.selectFrom("email_outbox").select(["status", "server_response"]).executeTakeFirstOrThrow();
      expect(row.status).toBe("stored");
      expect(row.server_response).toContain(directory);
    } finally {
      fs.rmSync(directory, { recursive: true, force: true });
    }
  });
});
