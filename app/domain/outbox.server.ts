import crypto from "node:crypto";
import { sql, type Kysely } from "kysely";
import { z } from "zod";
import type { Database, EmailAttachment, OutboxStatus } from "../../db/schema";
import { scrubPersonalData, type Logger } from "../lib/logger.server";
import { describeFailure, isPermanentFailure, type MailTransport } from "../lib/mailer.server";
import { choiceParam, pageParam } from "../lib/list-params.server";
import { pageInfo } from "../lib/paging";

type Db = Kysely<Database>;

/** How long a worker may hold a claimed message before another may look at it again. */
export const LEASE_SECONDS = 120;
/** Attempts before a temporary failure (server down, 4xx) counts as failed: about an hour of retrying. */
export const MAX_ATTEMPTS = 12;

export function backoffSeconds(attempts: number): number {
  return Math.min(600, 10 * 2 ** Math.max(0, attempts - 1));
}

export interface OutgoingEmail {
  eventId?: number | null;
  inviteeId?: number | null;
  kind: string;
  to: { address: string; name?: string };
  fromName?: string;
  replyTo?: string | null;
  subject: string;
  text: string;
  html: string;
  ics?: string | null;
  attachments?: EmailAttachment[];
}

/**
 * Queues messages. Call it inside the transaction that causes them, so the change and its
 * emails commit together or not at all. Each gets a stable Message-ID for its whole life.
 */
export async function enqueueEmails(db: Db, emails: OutgoingEmail[], messageIdDomain = "nanum.local"): Promise<number[]> {
  if (emails.length === 0) return [];
  const rows = await db
    .insertInto("email_outbox")
    .values(
      emails.map((email) => ({
        event_id: email.eventId ?? null,
        invitee_id: email.inviteeId ?? null,
        kind: email.kind,
        to_address: email.to.address,
        to_name: email.to.name ?? "",
        from_name: email.fromName ?? "",
        reply_to: email.replyTo ?? null,
        subject: email.subject,
        text_body: email.text,
        html_body: email.html,
        ics: email.ics ?? null,
        attachments: email.attachments?.length ? JSON.stringify(email.attachments) : null,
        message_id: `<${crypto.randomUUID()}@${messageIdDomain}>`,
      })),
    )
    .returning("id")
    .execute();
  return rows.map((row) => row.id);
}

const claimedColumns = ["id", "event_id", "kind", "to_address", "to_name", "from_name", "reply_to", "subject", "text_body", "html_body", "ics", "attachments", "message_id", "attempts"] as const;

export type ClaimedEmail = Awaited<ReturnType<typeof claimDueEmails>>[number];

/**
 * Claims up to `limit` due messages with a committed lease: rows are picked with
 * FOR UPDATE SKIP LOCKED (two workers never pick the same row) and the claim commits
 * before any SMTP conversation, so no lock or transaction stays open while sending.
 */
export async function claimDueEmails(db: Db, limit: number) {
  return db.transaction().execute(async (trx) => {
    const due = await trx
      .selectFrom("email_outbox")
      .select("id")
      .where("status", "=", "queued")
      .where("next_attempt_at", "<=", sql<Date>`now()`)
      .orderBy("id")
      .limit(limit)
      .forUpdate()
      .skipLocked()
      .execute();
    if (due.length === 0) return [];
    return trx
      .updateTable("email_outbox")
      .set((eb) => ({
        status: "sending",
        attempts: eb("attempts", "+", 1),
        lease_expires_at: sql<Date>`now() + make_interval(secs => ${LEASE_SECONDS})`,
        handover_started_at: null,
      }))
      .where(
        "id",
        "in",
        due.map((row) => row.id),
      )
      .returning(claimedColumns)
      .execute();
  });
}

/**
 * Written (and committed) just before the message goes to the server: after a crash, a
 * lease that expired without this mark provably never reached the server.
 */
export async function markHandoverStarted(db: Db, id: number): Promise<void> {
  await db
    .updateTable("email_outbox")
    .set({ handover_started_at: sql<Date>`now()` })
    .where("id", "=", id)
    .where("status", "=", "sending")
    .execute();
}

export async function recordDelivered(db: Db, id: number, outcome: { status: "sent" | "stored"; response: string }): Promise<void> {
  await db
    .updateTable("email_outbox")
    .set({ status: outcome.status, server_response: outcome.response.slice(0, 1000), finished_at: sql<Date>`now()`, lease_expires_at: null, last_error: null })
    .where("id", "=", id)
    .execute();
}

export async function recordFailure(db: Db, id: number, attempts: number, error: unknown): Promise<"failed" | "queued"> {
  const permanent = isPermanentFailure(error) || attempts >= MAX_ATTEMPTS;
  const description = describeFailure(error);
  await db
    .updateTable("email_outbox")
    .set(
      permanent
        ? { status: "failed", last_error: description, server_response: description, finished_at: sql<Date>`now()`, lease_expires_at: null }
        : {
            status: "queued",
            last_error: description,
            lease_expires_at: null,
            handover_started_at: null,
            next_attempt_at: sql<Date>`now() + make_interval(secs => ${backoffSeconds(attempts)})`,
          },
    )
    .where("id", "=", id)
    .execute();
  return permanent ? "failed" : "queued";
}

/**
 * Looks at leases that ran out without an outcome (a worker died): never handed to the
 * server → queued again; possibly handed over → "uncertain", shown to the organizer, who
 * may resend. So nothing is lost silently and nothing is sent twice unseen.
 */
/** Messages by status, with the age of the oldest of each, for the server's metrics. */
export async function outboxLevels(db: Db): Promise<Array<{ status: OutboxStatus; count: number; oldestCreatedAt: Date | null }>> {
  const rows = await db
    .selectFrom("email_outbox")
    .select((eb) => ["status", eb.fn.countAll<number>().as("count"), eb.fn.min("created_at").as("oldest")])
    .groupBy("status")
    .execute();
  return rows.map((row) => ({ status: row.status, count: Number(row.count), oldestCreatedAt: row.oldest === null ? null : new Date(row.oldest) }));
}

export async function recoverExpiredLeases(db: Db): Promise<{ requeued: number; uncertain: number }> {
  const expired = db
    .updateTable("email_outbox")
    .where("status", "=", "sending")
    .where("lease_expires_at", "<", sql<Date>`now()`);
  const requeued = await expired
    .where("handover_started_at", "is", null)
    .set({ status: "queued", lease_expires_at: null, next_attempt_at: sql<Date>`now()` })
    .executeTakeFirst();
  const uncertain = await expired
    .where("handover_started_at", "is not", null)
    .set({
      status: "uncertain",
      lease_expires_at: null,
      finished_at: sql<Date>`now()`,
      last_error: "The worker stopped after handing the message to the mail server and before recording its answer.",
    })
    .executeTakeFirst();
  return { requeued: Number(requeued.numUpdatedRows), uncertain: Number(uncertain.numUpdatedRows) };
}

/** Puts an uncertain or failed message back in the queue, at the organizer's request. */
export async function resendEmail(db: Db, id: number, eventId: number): Promise<boolean> {
  const result = await db
    .updateTable("email_outbox")
    .set({ status: "queued", attempts: 0, next_attempt_at: sql<Date>`now()`, finished_at: null, handover_started_at: null })
    .where("id", "=", id)
    .where("event_id", "=", eventId)
    .where("status", "in", ["uncertain", "failed"])
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/**
 * Every uncertain message of the event back in the queue, in one go: after a crash some of them
 * arrived and some did not, and nobody can tell which. Each keeps its Message-ID, so receiving
 * servers and mail clients that deduplicate by it can drop the repeats.
 */
export async function resendUncertainEmails(db: Db, eventId: number): Promise<number> {
  const result = await db
    .updateTable("email_outbox")
    .set({ status: "queued", attempts: 0, next_attempt_at: sql<Date>`now()`, finished_at: null, handover_started_at: null })
    .where("event_id", "=", eventId)
    .where("status", "=", "uncertain")
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export interface DeliveryOptions {
  transport: MailTransport;
  fromAddress: string;
  batchSize?: number;
  /** Test hook: named points where a crash is simulated (see tests). */
  onPoint?: (point: "claimed" | "handover" | "accepted", id: number) => Promise<void> | void;
  /** Where each delivery and failure is logged, by message id and kind: never the address. */
  log?: Logger;
}

async function deliverOne(db: Db, email: ClaimedEmail, options: DeliveryOptions): Promise<void> {
  await markHandoverStarted(db, email.id);
  await options.onPoint?.("handover", email.id);
  let response: string;
  try {
    ({ response } = await options.transport.send({
      messageId: email.message_id,
      from: { name: email.from_name || "Nanum", address: options.fromAddress },
      to: { name: email.to_name, address: email.to_address },
      replyTo: email.reply_to,
      subject: email.subject,
      text: email.text_body,
      html: email.html_body,
      ics: email.ics,
      attachments: email.attachments ?? [],
    }));
  } catch (error) {
    const outcome = await recordFailure(db, email.id, email.attempts, error);
    // The server's reply may quote the address it refused.
    options.log?.warn(
      { outboxId: email.id, eventId: email.event_id, kind: email.kind, attempt: email.attempts, outcome, reason: scrubPersonalData(describeFailure(error)) },
      outcome === "failed" ? "Email failed; the organizer sees it in the outbox" : "Email not delivered; it will be tried again",
    );
    return;
  }
  await options.onPoint?.("accepted", email.id);
  const status = options.transport.kind === "smtp" ? "sent" : "stored";
  await recordDelivered(db, email.id, { status, response });
  options.log?.info({ outboxId: email.id, eventId: email.event_id, kind: email.kind, attempt: email.attempts, status }, "Email delivered");
}

/** One round: recover dead leases, claim a batch, send it (in parallel up to the batch), record each outcome. */
export async function deliverDueEmails(db: Db, options: DeliveryOptions): Promise<number> {
  const recovered = await recoverExpiredLeases(db);
  if (recovered.requeued + recovered.uncertain > 0) options.log?.warn(recovered, "Took back messages a stopped worker held: never handed over → queued again; maybe handed over → uncertain");
  const claimed = await claimDueEmails(db, options.batchSize ?? 20);
  for (const email of claimed) await options.onPoint?.("claimed", email.id);
  await Promise.all(claimed.map((email) => deliverOne(db, email, options)));
  return claimed.length;
}

/**
 * Keeps delivering until stopped: busy while there is work, polling every `idleMs` when
 * there is none, and woken at once by `nudge()` after something is queued.
 */
export function startOutboxWorker(db: Db, options: DeliveryOptions & { idleMs?: number; log: Logger }) {
  let stopped = false;
  let wake: (() => void) | undefined;
  const loop = (async () => {
    while (!stopped) {
      let sent = 0;
      try {
        sent = await deliverDueEmails(db, options);
      } catch (error) {
        options.log.error({ err: error }, "The outbox worker's round failed; trying again");
      }
      if (sent === 0 && !stopped) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, options.idleMs ?? 2_000);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        wake = undefined;
      }
    }
  })();
  return {
    nudge: () => wake?.(),
    /** Stops taking new work and waits for the messages in hand to be recorded. */
    async stop() {
      stopped = true;
      wake?.();
      await loop;
    },
  };
}

/** Every status a message can be in. */
export const OUTBOX_STATUSES = ["queued", "sending", "sent", "stored", "failed", "uncertain", "withdrawn"] as const satisfies readonly OutboxStatus[];
// Stops compiling when the schema gains a status the list above lacks.
true satisfies [Exclude<OutboxStatus, (typeof OUTBOX_STATUSES)[number]>] extends [never] ? true : false;

/** The outbox's address: which status to show, and the page (see list-params.server.ts). */
export const outboxListParams = z.object({ status: choiceParam(OUTBOX_STATUSES), page: pageParam });

/**
 * A page of an event's messages, newest first (100 by default; only `status` ones when given),
 * with counts per status over all of them, for the organizer's outbox page.
 */
export async function listEventEmails(db: Db, eventId: number, options: { status?: OutboxStatus; page?: number } = {}) {
  const counts = await db
    .selectFrom("email_outbox")
    .select(["status", (eb) => eb.fn.countAll<number>().as("count")])
    .where("event_id", "=", eventId)
    .groupBy("status")
    .execute();
  const byStatus = Object.fromEntries(counts.map((row) => [row.status, Number(row.count)])) as Partial<Record<OutboxStatus, number>>;
  const matching = options.status ? (byStatus[options.status] ?? 0) : counts.reduce((sum, row) => sum + Number(row.count), 0);
  const page = pageInfo(matching, options.page ?? 1);
  const emails = await db
    .selectFrom("email_outbox")
    .select(["id", "invitee_id", "kind", "to_address", "to_name", "subject", "status", "attempts", "last_error", "created_at", "finished_at", "next_attempt_at"])
    .where("event_id", "=", eventId)
    .$if(options.status !== undefined, (qb) => qb.where("status", "=", options.status!))
    .orderBy("id", "desc")
    .limit(page.pageSize)
    .offset(page.offset)
    .execute();
  return { emails, page, counts: byStatus };
}

export async function getEventEmail(db: Db, eventId: number, id: number) {
  return db
    .selectFrom("email_outbox")
    .select(["id", "invitee_id", "kind", "to_address", "to_name", "from_name", "reply_to", "subject", "text_body", "html_body", "status", "server_response", "last_error", "message_id"])
    .where("event_id", "=", eventId)
    .where("id", "=", id)
    .executeTakeFirst();
}
