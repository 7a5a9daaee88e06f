/**
 * Sends N invitations (default 1,000) through the outbox to a local SMTP sink and prints
 * `invitations=N seconds=S per_second=R`: rendering and queuing in one transaction, then
 * the worker's claim → hand-over → SMTP → record loop until every message is recorded.
 * Embedded PGlite by default; BENCH_DATABASE_URL=postgres://… runs it on a server database.
 * Usage: npm run bench:invitations [-- 1000]
 */
import crypto from "node:crypto";
import pg from "pg";
import { SMTPServer } from "smtp-server";
import { createEvent, eventFormSchema } from "../app/domain/events/events.server";
import { queueInvitations } from "../app/domain/invitations/guest-mail.server";
import { addInvitees, inviteeFormSchema } from "../app/domain/invitations/invitations.server";
import { createOrganizer } from "../app/domain/accounts/organizers.server";
import { deliverDueEmails } from "../app/domain/outbox.server";
import { generateAppKey, useAppKey } from "../app/lib/app-key.server";
import { smtpTransport } from "../app/lib/mailer.server";
import { openMemoryDatabase, openServerDatabase, type DatabaseHandle } from "../db/connect";
import { migrateToLatest } from "../db/migrate";
import { sampleEventForm } from "../tests/helpers/fixtures";

const count = Number(process.argv[2] ?? 1000);

async function openDatabase(): Promise<{ handle: DatabaseHandle; drop: () => Promise<void> }> {
  const url = process.env.BENCH_DATABASE_URL;
  if (!url) {
    const handle = await openMemoryDatabase();
    return { handle, drop: async () => {} };
  }
  const name = `nanum_bench_${crypto.randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database "${name}"`);
  const target = new URL(url);
  target.pathname = `/${name}`;
  const handle = await openServerDatabase(target.toString());
  await migrateToLatest(handle.db);
  return {
    handle,
    drop: async () => {
      await admin.query(`drop database "${name}" with (force)`);
      await admin.end();
    },
  };
}

let received = 0;
const sink = new SMTPServer({
  authOptional: true,
  disabledCommands: ["STARTTLS", "AUTH"],
  logger: false,
  onData(stream, _session, callback) {
    stream.on("data", () => {});
    stream.on("end", () => {
      received++;
      callback();
    });
  },
});
await new Promise<void>((resolve) => sink.listen(0, "127.0.0.1", resolve));
const port = (sink.server.address() as { port: number }).port;

const { handle, drop } = await openDatabase();
const { db } = handle;
useAppKey(db, generateAppKey("APP_KEY").key);
const owner = await createOrganizer(db, { email: "bench@example.org", name: "Bench", password: "bench password 1" });
const { id: eventId } = await createEvent(db, owner.id, eventFormSchema.parse(sampleEventForm()));
await addInvitees(
  db,
  eventId,
  Array.from({ length: count }, (_, i) =>
    inviteeFormSchema.parse({ name: `손님${i}`, email: `guest${i}@example.org`, phone: "", organization: "파주시", position: "", groupName: "", language: i % 5 === 0 ? "en" : "ko", notes: "" }),
  ),
);

const transport = smtpTransport(`smtp://127.0.0.1:${port}`, { maxConnections: 5 });
const started = performance.now();
const queued = await queueInvitations(db, { eventId, origin: "http://localhost:3000", messageIdDomain: "example.org" });
const queuedAt = performance.now();
while ((await deliverDueEmails(db, { transport, fromAddress: "nanum@example.org", batchSize: 50 })) > 0);
const seconds = (performance.now() - started) / 1000;
const sent = await db
  .selectFrom("email_outbox")
  .select((eb) => eb.fn.countAll<number>().as("n"))
  .where("status", "=", "sent")
  .executeTakeFirstOrThrow();

transport.close();
await handle.close();
await drop();
await new Promise<void>((resolve) => sink.close(() => resolve()));
if (Number(sent.n) !== queued || received !== queued) {
  console.error(`mismatch: queued=${queued} recorded_sent=${sent.n} received=${received}`);
  process.exit(1);
}
console.error(`engine=${handle.engine} render_and_queue_seconds=${((queuedAt - started) / 1000).toFixed(2)}`);
console.log(`invitations=${queued} seconds=${seconds.toFixed(2)} per_second=${(queued / seconds).toFixed(1)}`);
