/**
 * Answers to invitations: attending (or sending a proxy), not attending, the waitlist once the
 * event is full, offers of freed places, and the ticket that an attending answer earns.
 *
 * Capacity is decided under the event row's lock: every answer that takes or frees a place
 * locks the event first, counts the places held (attending and offered) and then writes, so
 * 50 answers for the last 5 places give exactly 5 attending and 45 on the waitlist. The same
 * lock orders the waitlist: a guest joining it draws their turn from a sequence while holding
 * the lock until commit, so turns follow the order in which the answers committed (the clock,
 * read before the lock was granted, did not: concurrent answers shared milliseconds).
 */
import { sql, type Kysely } from "kysely";
import { jsonArrayFrom } from "kysely/helpers/postgres";
import { z } from "zod";
import type { ChoiceOption, Database, Language, QuestionKind, RsvpStatus } from "../../../db/schema";
import { compiledOnce } from "../../lib/compiled-query.server";
import { text } from "../../lib/forms.server";
import { agendaSessions, outlineOf } from "../program/agenda.server";
import { eventHosts } from "../events/events.server";
import { queueRsvpEmail, type MailOrigin } from "../invitations/guest-mail.server";
import { isInviteesLinkToken, linkTokenHash } from "../invitations/invitations.server";
import { recordAccess, type AccessBy } from "../access-records/access-records.server";
import { recordOptionalConsents, type OptionalConsentItem } from "./optional-consents.server";
import { cancelTicket, issueTicket, withPayload, type ActiveTicket } from "./tickets.server";

type Db = Kysely<Database>;

export type { RsvpStatus };
export type Answer = "attending" | "proxy" | "declined";

export interface RsvpQuestion {
  id: number;
  kind: QuestionKind;
  label_ko: string;
  label_en: string;
  options: ChoiceOption[];
  required: boolean;
}

export async function listRsvpQuestions(db: Db, eventId: number): Promise<RsvpQuestion[]> {
  return db.selectFrom("rsvp_questions").select(["id", "kind", "label_ko", "label_en", "options", "required"]).where("event_id", "=", eventId).orderBy("position").orderBy("id").execute();
}

/**
 * The RSVP form for one event: its own questions and companion limit. Questions and consent
 * are asked of those who come (or send someone); "not attending" needs neither.
 */
export function rsvpFormSchema(questions: RsvpQuestion[], maxCompanions: number): RsvpFormSchema {
  // Building a zod schema costs ~50 times more than parsing with it (~0.2 ms of every answer);
  // the same event's form is asked for again and again. The key is what the schema depends on.
  const key = `${maxCompanions}|${questions.map((q) => `${q.id}:${q.kind}:${q.required}:${q.options.length}`).join(",")}`;
  let schema = formSchemas.get(key);
  if (!schema) {
    if (formSchemas.size >= 200) formSchemas.clear();
    schema = buildRsvpFormSchema(questions, maxCompanions);
    formSchemas.set(key, schema);
  }
  return schema;
}

type RsvpFormSchema = ReturnType<typeof buildRsvpFormSchema>;
const formSchemas = new Map<string, RsvpFormSchema>();

function buildRsvpFormSchema(questions: RsvpQuestion[], maxCompanions: number) {
  return z
    .object({
      answer: z.enum(["attending", "proxy", "declined"], "rsvp.error.answer"),
      companions: z
        .string()
        .trim()
        .default("0")
        .transform((value) => (value === "" ? "0" : value))
        .pipe(z.string().regex(/^\d{1,2}$/, "rsvp.error.companions"))
        .transform(Number)
        .refine((value) => value <= maxCompanions, "rsvp.error.companions"),
      proxyName: text(100).default(""),
      proxyPosition: text(100).default(""),
      consent: z.string().optional(),
      ...Object.fromEntries(questions.map((question) => [`q${question.id}`, text(question.kind === "text" ? 500 : 200).default("")])),
    })
    .superRefine((form, ctx) => {
      const values = form as Record<string, unknown>;
      if (form.answer === "declined") return;
      if (form.answer === "proxy" && form.proxyName === "") ctx.addIssue({ code: "custom", path: ["proxyName"], message: "rsvp.error.proxyName" });
      if (form.consent !== "on") ctx.addIssue({ code: "custom", path: ["consent"], message: "rsvp.error.consent" });
      for (const question of questions) {
        const value = String(values[`q${question.id}`] ?? "");
        if (question.required && value === "") ctx.addIssue({ code: "custom", path: [`q${question.id}`], message: "rsvp.error.required" });
        const allowed = question.kind === "yesno" ? ["yes", "no"] : question.kind === "choice" ? question.options.map((_, i) => String(i)) : null;
        if (value !== "" && allowed && !allowed.includes(value)) ctx.addIssue({ code: "custom", path: [`q${question.id}`], message: "error.invalid" });
      }
    })
    .transform((form) => {
      const values = form as Record<string, unknown>;
      const attending = form.answer !== "declined";
      return {
        answer: form.answer,
        companions: attending ? form.companions : 0,
        proxyName: form.answer === "proxy" ? form.proxyName : "",
        proxyPosition: form.answer === "proxy" ? form.proxyPosition : "",
        consent: attending && form.consent === "on",
        answers: Object.fromEntries(questions.map((question) => [String(question.id), attending ? String(values[`q${question.id}`] ?? "") : ""]).filter(([, value]) => value !== "")),
      };
    });
}

export type RsvpForm = z.output<RsvpFormSchema>;

export type RsvpRefusal = "deadline" | "event-cancelled" | "no-room-for-companions" | "no-offer";

export class RsvpRefused extends Error {
  constructor(readonly reason: RsvpRefusal) {
    super(reason);
  }
}

export type RsvpOutcome = { status: RsvpStatus; waitlistPosition: number | null };

/** Places taken: everyone attending or holding an offer, each with their companions. */
async function placesHeld(trx: Db, eventId: number, exceptInviteeId?: number): Promise<number> {
  const row = await trx
    .selectFrom("rsvps")
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>(sql<number>`1 + companions`), eb.lit(0)).as("held"))
    .where("event_id", "=", eventId)
    .where("status", "in", ["attending", "offered"])
    .$if(exceptInviteeId !== undefined, (qb) => qb.where("invitee_id", "<>", exceptInviteeId!))
    .executeTakeFirstOrThrow();
  return Number(row.held);
}

async function lockEvent(trx: Db, eventId: number) {
  return trx.selectFrom("events").select(["id", "capacity", "rsvp_deadline", "starts_at", "offer_hours", "cancelled_at"]).where("id", "=", eventId).forUpdate().executeTakeFirstOrThrow();
}

type LockedEvent = Awaited<ReturnType<typeof lockEvent>>;

/**
 * Offers freed places to the waitlist in order: the first waiting guest whose party fits gets an
 * offer (held for `offer_hours`, never past the start) and an email. Strictly first come, first
 * served: a party that does not fit yet keeps its turn rather than be overtaken.
 */
async function offerFreedPlaces(trx: Db, event: LockedEvent, mail: MailOrigin, now: Date): Promise<number> {
  if (event.capacity === null || event.cancelled_at || event.starts_at <= now) return 0;
  let offered = 0;
  let free = event.capacity - (await placesHeld(trx, event.id));
  while (free > 0) {
    const next = await trx
      .selectFrom("rsvps")
      .select(["invitee_id", "companions"])
      .where("event_id", "=", event.id)
      .where("status", "=", "waitlisted")
      .orderBy("waitlist_turn")
      .limit(1)
      .executeTakeFirst();
    if (!next || 1 + next.companions > free) break;
    const expires = new Date(Math.min(now.getTime() + event.offer_hours * 3_600_000, event.starts_at.getTime()));
    await trx.updateTable("rsvps").set({ status: "offered", offer_expires_at: expires, updated_at: now }).where("invitee_id", "=", next.invitee_id).execute();
    await queueRsvpEmail(trx, { eventId: event.id, inviteeId: next.invitee_id, kind: "place-offer" }, mail);
    free -= 1 + next.companions;
    offered += 1;
  }
  return offered;
}

/** 1 for the first on the waitlist, 2 for the next…; null when not waiting: of the query's row of `rsvps`. */
const placeOnWaitlist = sql<number | null>`case when rsvps.status = 'waitlisted' and rsvps.waitlist_turn is not null then 1 + (
  select count(*) from rsvps as ahead
  where ahead.event_id = rsvps.event_id and ahead.status = 'waitlisted' and ahead.waitlist_turn < rsvps.waitlist_turn
) end`;

/** The next turn in line, drawn under the event's lock (see the top of this file). */
const nextWaitlistTurn = sql<number>`nextval('rsvps_waitlist_turn')`;

export async function waitlistPosition(db: Db, eventId: number, inviteeId: number): Promise<number | null> {
  const row = await db.selectFrom("rsvps").select(placeOnWaitlist.as("position")).where("rsvps.invitee_id", "=", inviteeId).where("rsvps.event_id", "=", eventId).executeTakeFirst();
  return row?.position ?? null;
}

/**
 * Records an invitee's answer. Attending takes a place if one is free (or keeps the one held,
 * or confirms an offer), else joins the waitlist; not attending frees the place, which is then
 * offered to the waitlist. The answer can change until the RSVP deadline; cancelling can
 * always. Emails (ticket, waitlist, confirmation) are queued in the same transaction, which is
 * the caller's when there is one (a confirmed registration creates the invitee in it too).
 */
export async function recordRsvp(
  db: Db,
  input: {
    eventId: number;
    inviteeId: number;
    form: RsvpForm;
    consentText: string;
    mail: MailOrigin;
    now?: Date;
    optionalConsents?: { items: OptionalConsentItem[]; ticked: Set<number>; locale: Language };
  },
): Promise<RsvpOutcome> {
  const now = input.now ?? new Date();
  const { form } = input;
  const inTransaction = <T>(work: (trx: Db) => Promise<T>) => (db.isTransaction ? work(db) : db.transaction().execute(work));
  const outcome = await inTransaction(async (trx) => {
    const event = await lockEvent(trx, input.eventId);
    if (event.cancelled_at) throw new RsvpRefused("event-cancelled");
    // Ticked or not, optional consents change nothing below: they are kept beside the answer.
    if (input.optionalConsents) await recordOptionalConsents(trx, { eventId: input.eventId, inviteeId: input.inviteeId, now, ...input.optionalConsents });
    const { previous, held, anyoneWaitingBefore } = await standing(trx, input.eventId, input.inviteeId);
    const pastDeadline = (event.rsvp_deadline !== null && event.rsvp_deadline <= now) || event.starts_at <= now;

    if (form.answer === "declined") {
      await trx
        .insertInto("rsvps")
        .values({ invitee_id: input.inviteeId, event_id: input.eventId, status: "declined", answers: "{}", responded_at: now, updated_at: now })
        .onConflict((oc) =>
          oc.column("invitee_id").doUpdateSet({
            status: "declined",
            companions: 0,
            proxy_name: "",
            proxy_position: "",
            over_capacity: false,
            waitlisted_at: null,
            waitlist_turn: null,
            offer_expires_at: null,
            responded_at: now,
            updated_at: now,
          }),
        )
        .execute();
      await cancelTicket(trx, input.inviteeId);
      if (previous?.status === "attending" || previous?.status === "offered") await offerFreedPlaces(trx, event, input.mail, now);
      if (previous?.status !== "declined") await queueRsvpEmail(trx, { eventId: input.eventId, inviteeId: input.inviteeId, kind: "declined" }, input.mail);
      return { status: "declined" as RsvpStatus };
    }

    const offerLive = previous?.status === "offered" && previous.offer_expires_at !== null && previous.offer_expires_at > now;
    // An offered place may be confirmed after the RSVP deadline (places free up late), not after the start.
    if (pastDeadline && !(offerLive && event.starts_at > now)) throw new RsvpRefused("deadline");
    const seats = 1 + form.companions;
    const fits = event.capacity === null || held + seats <= event.capacity;
    let status: RsvpStatus;
    if (previous?.status === "attending" || offerLive) {
      // A place already held stays held; more companions need room (an organizer's override keeps its party).
      if (!fits && seats > 1 + previous!.companions && !previous!.over_capacity) throw new RsvpRefused("no-room-for-companions");
      status = "attending";
    } else {
      // First come, first served: nobody overtakes those already waiting, even where a place is free.
      status = fits && !anyoneWaitingBefore ? "attending" : "waitlisted";
    }
    const keepsQueuePlace = status === "waitlisted" && previous?.status === "waitlisted" && previous.waitlist_turn !== null;
    const values = {
      status,
      companions: form.companions,
      proxy_name: form.proxyName,
      proxy_position: form.proxyPosition,
      answers: JSON.stringify(form.answers),
      consent_at: now,
      consent_text: input.consentText,
      waitlisted_at: status === "waitlisted" ? (keepsQueuePlace ? previous!.waitlisted_at : now) : (previous?.waitlisted_at ?? null),
      waitlist_turn: status === "waitlisted" ? (keepsQueuePlace ? previous!.waitlist_turn : nextWaitlistTurn) : (previous?.waitlist_turn ?? null),
      offer_expires_at: null,
      responded_at: now,
      updated_at: now,
    };
    await trx
      .insertInto("rsvps")
      .values({ invitee_id: input.inviteeId, event_id: input.eventId, ...values })
      .onConflict((oc) => oc.column("invitee_id").doUpdateSet(values))
      .execute();
    if (status === "attending") {
      // A changed party or proxy gets a new code; the old QR stops working at the door.
      const changed = previous?.status === "attending" && (previous.companions !== form.companions || previous.proxy_name !== form.proxyName || previous.proxy_position !== form.proxyPosition);
      await issueTicket(trx, { eventId: input.eventId, inviteeId: input.inviteeId, reissue: changed });
      if (previous?.status !== "attending" || changed) await queueRsvpEmail(trx, { eventId: input.eventId, inviteeId: input.inviteeId, kind: "ticket" }, input.mail);
      // Fewer companions than before frees places for the waitlist.
      if (previous?.status === "attending" && form.companions < previous.companions) await offerFreedPlaces(trx, event, input.mail, now);
    } else if (!keepsQueuePlace) {
      const position = await waitlistPosition(trx, input.eventId, input.inviteeId);
      await queueRsvpEmail(trx, { eventId: input.eventId, inviteeId: input.inviteeId, kind: "waitlisted", position: position ?? undefined }, input.mail);
      // An offer that ran out unanswered and was not yet passed on: its place goes to the next.
      if (previous?.status === "offered") await offerFreedPlaces(trx, event, input.mail, now);
    }
    return { status };
  });
  return { status: outcome.status, waitlistPosition: outcome.status === "waitlisted" ? await waitlistPosition(db, input.eventId, input.inviteeId) : null };
}

/**
 * Read under the event's lock, in one query: the invitee's answer so far, the places others
 * hold, and whether anyone else is on the waitlist (ahead of the invitee, when they wait too).
 */
async function standing(trx: Db, eventId: number, inviteeId: number) {
  const row = await trx
    .selectFrom("invitees")
    .leftJoin("rsvps", "rsvps.invitee_id", "invitees.id")
    .select(["rsvps.status", "rsvps.companions", "rsvps.proxy_name", "rsvps.proxy_position", "rsvps.waitlisted_at", "rsvps.waitlist_turn", "rsvps.offer_expires_at", "rsvps.over_capacity"])
    .select([
      sql<number>`(
        select coalesce(sum(1 + held.companions), 0) from rsvps as held
        where held.event_id = ${eventId} and held.status in ('attending', 'offered') and held.invitee_id <> ${inviteeId}
      )`.as("held"),
      sql<boolean>`exists (
        select 1 from rsvps as waiting
        where waiting.event_id = ${eventId} and waiting.status = 'waitlisted' and waiting.invitee_id <> ${inviteeId}
          and (rsvps.status is distinct from 'waitlisted' or rsvps.waitlist_turn is null or waiting.waitlist_turn < rsvps.waitlist_turn)
      )`.as("anyone_waiting_before"),
    ])
    .where("invitees.id", "=", inviteeId)
    .executeTakeFirstOrThrow();
  const { status, companions, proxy_name, proxy_position, waitlisted_at, waitlist_turn, offer_expires_at, over_capacity } = row;
  return {
    previous:
      status === null
        ? undefined
        : { status, companions: companions!, proxy_name: proxy_name!, proxy_position: proxy_position!, waitlisted_at, waitlist_turn, offer_expires_at, over_capacity: over_capacity! },
    held: Number(row.held),
    anyoneWaitingBefore: row.anyone_waiting_before,
  };
}

/**
 * Offers that ran out without an answer: the guest loses the place (and is told on their page)
 * and it passes to the next on the waitlist. Run every minute by the app's housekeeping.
 */
export async function expireOffers(db: Db, mail: MailOrigin, now = new Date()): Promise<number> {
  const due = await db.selectFrom("rsvps").select("event_id").distinct().where("status", "=", "offered").where("offer_expires_at", "<=", now).execute();
  let expired = 0;
  for (const { event_id: eventId } of due) {
    expired += await db.transaction().execute(async (trx) => {
      const event = await lockEvent(trx, eventId);
      const rows = await trx
        .updateTable("rsvps")
        .set({ status: "declined", offer_expired_at: now, offer_expires_at: null, waitlisted_at: null, waitlist_turn: null, updated_at: now })
        .where("event_id", "=", eventId)
        .where("status", "=", "offered")
        .where("offer_expires_at", "<=", now)
        .returning("invitee_id")
        .execute();
      await offerFreedPlaces(trx, event, mail, now);
      return rows.length;
    });
  }
  return expired;
}

/**
 * The organizer admits someone beyond capacity (a VIP, a late addition): attending with a
 * ticket, marked as an override, whatever the count.
 */
export async function admitOverCapacity(db: Db, input: { eventId: number; inviteeId: number; mail: MailOrigin; now?: Date }, by?: AccessBy): Promise<boolean> {
  const now = input.now ?? new Date();
  return db.transaction().execute(async (trx) => {
    await lockEvent(trx, input.eventId);
    const invitee = await trx.selectFrom("invitees").select("id").where("id", "=", input.inviteeId).where("event_id", "=", input.eventId).executeTakeFirst();
    if (!invitee) return false;
    const values = { status: "attending" as const, over_capacity: true, offer_expires_at: null, updated_at: now };
    await trx
      .insertInto("rsvps")
      .values({ invitee_id: input.inviteeId, event_id: input.eventId, answers: "{}", responded_at: now, ...values })
      .onConflict((oc) => oc.column("invitee_id").doUpdateSet(values))
      .execute();
    await issueTicket(trx, { eventId: input.eventId, inviteeId: input.inviteeId, reissue: false });
    await queueRsvpEmail(trx, { eventId: input.eventId, inviteeId: input.inviteeId, kind: "ticket" }, input.mail);
    // The organizer's change is recorded with it (last: the chain's lock is held only to the commit).
    if (by) await recordAccess(trx, { ...by, action: "update", eventId: input.eventId, subjectIds: [input.inviteeId], filter: { change: "admit" } });
    return true;
  });
}

/** A new QR code for the same ticket (a lost phone); the old one stops working. */
export async function reissueTicket(db: Db, input: { eventId: number; inviteeId: number; mail: MailOrigin }, by?: AccessBy): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const rsvp = await trx.selectFrom("rsvps").select("status").where("invitee_id", "=", input.inviteeId).where("event_id", "=", input.eventId).forUpdate().executeTakeFirst();
    if (rsvp?.status !== "attending") return false;
    await issueTicket(trx, { eventId: input.eventId, inviteeId: input.inviteeId, reissue: true });
    await queueRsvpEmail(trx, { eventId: input.eventId, inviteeId: input.inviteeId, kind: "ticket" }, input.mail);
    if (by) await recordAccess(trx, { ...by, action: "update", eventId: input.eventId, subjectIds: [input.inviteeId], filter: { change: "ticket-reissue" } });
    return true;
  });
}

/** The invitee's answer as their page shows it. */
export async function getRsvp(db: Db, inviteeId: number) {
  return db
    .selectFrom("rsvps")
    .select(["status", "companions", "proxy_name", "proxy_position", "answers", "consent_at", "over_capacity", "offer_expires_at", "offer_expired_at", "responded_at"])
    .where("invitee_id", "=", inviteeId)
    .executeTakeFirst();
}

/** What the guest's pages show of their event and what answering needs: not the description or the organizers' settings. */
const guestEventColumns = [
  "events.id",
  "events.slug",
  "events.status",
  "events.title_ko",
  "events.title_en",
  "events.starts_at",
  "events.ends_at",
  "events.time_zone",
  "events.venue_name",
  "events.venue_name_en",
  "events.venue_address",
  "events.contact_name",
  "events.contact_phone",
  "events.contact_email",
  "events.rsvp_deadline",
  "events.cancelled_at",
  "events.cancellation_note_ko",
  "events.cancellation_note_en",
  "events.max_companions",
  "events.consent_text_ko",
  "events.consent_text_en",
  "events.retention_days",
] as const;

/** The invitee with this personal-link hash, with their event and its hosts. */
function guestQuery(db: Db, hash: string) {
  return db
    .selectFrom("invitees")
    .innerJoin("events", "events.id", "invitees.event_id")
    .select(guestEventColumns)
    .select((eb) => eventHosts(eb.ref("events.id")).as("hosts"))
    .select([
      "invitees.id as invitee_id",
      "invitees.name",
      "invitees.organization",
      "invitees.position",
      "invitees.language",
      "invitees.link_version",
      "invitees.erased_at",
      "invitees.deletion_requested_at",
    ])
    .where("invitees.link_token_hash", "=", hash);
}

// Both are run on every guest page view and every answer: compiled once (see compiledOnce).
const guestByLinkHash = compiledOnce((db: Db, hash: string) => guestQuery(db, hash));
const guestPageByLinkHash = compiledOnce((db: Db, hash: string) => guestPageQuery(db, hash));

type GuestRow = NonNullable<Awaited<ReturnType<ReturnType<typeof guestQuery>["executeTakeFirst"]>>>;
export type GuestEvent = Omit<GuestRow, "invitee_id" | "name" | "organization" | "position" | "language" | "link_version" | "erased_at" | "deletion_requested_at">;
export type Guest = { id: number; name: string; organization: string; position: string; language: Language };

/** "deleted": the guest had their data deleted (queued: to be erased once the event has ended); the link says so. */
export type GuestLookup<Extra = unknown> =
  ({ status: "found"; invitee: Guest; event: GuestEvent } & Extra) | { status: "not-found" } | { status: "gone"; event: GuestEvent } | { status: "deleted"; queued: boolean; event: GuestEvent };

/** The invitee of a row found by a token's hash, and the rest of the row, once the token is checked as findInviteeByLinkToken does. */
async function checkedGuest<Row extends GuestRow>(db: Db, token: string, row: Row | undefined) {
  if (!row || !(await isInviteesLinkToken(db, token, { id: row.invitee_id, link_version: row.link_version }))) return undefined;
  const { invitee_id: id, name, organization, position, language, link_version: _version, erased_at, deletion_requested_at, ...rest } = row;
  const invitee: Guest = { id, name, organization, position, language };
  const deleted = erased_at !== null || deletion_requested_at !== null ? { queued: erased_at === null } : null;
  return { invitee, rest, deleted };
}

/**
 * The invitee behind a personal link with their event and its hosts, in one query: every guest
 * page starts here. A link to an archived event is gone.
 */
export async function findGuestByLinkToken(db: Db, token: string): Promise<GuestLookup> {
  const hash = linkTokenHash(token);
  const guest = hash ? await checkedGuest(db, token, (await guestByLinkHash(db, hash))[0]) : undefined;
  if (!guest) return { status: "not-found" };
  const event: GuestEvent = guest.rest;
  if (guest.deleted) return { status: "deleted", queued: guest.deleted.queued, event };
  return event.status === "archived" ? { status: "gone", event } : { status: "found", invitee: guest.invitee, event };
}

/** The standard privacy notice (개인정보 수집·이용 동의) when the organizer wrote none. */
export function defaultConsentText(locale: Language, facts: { organizer: string; retentionDays: number; items: string }): string {
  const retention =
    facts.retentionDays % 365 === 0
      ? `${facts.retentionDays / 365}${locale === "ko" ? "년" : facts.retentionDays === 365 ? " year" : " years"}`
      : `${facts.retentionDays}${locale === "ko" ? "일" : " days"}`;
  return locale === "ko"
    ? [
        `${facts.organizer}은(는) 행사 참석 확인과 입장 관리를 위하여 아래와 같이 개인정보를 수집·이용합니다.`,
        `1. 수집·이용 목적: 행사 참석 여부 확인, 입장권 발급과 현장 입장 확인, 행사 관련 안내`,
        `2. 수집 항목: ${facts.items}`,
        `3. 보유·이용 기간: 행사 종료 후 ${retention} (기간이 지나면 지체 없이 파기합니다)`,
        `4. 동의를 거부할 권리가 있으며, 거부하시면 참석 회신과 입장권 발급이 제한됩니다.`,
      ].join("\n")
    : [
        `${facts.organizer} collects and uses the personal information below to confirm attendance and manage entry to the event.`,
        `1. Purpose: confirming attendance, issuing tickets and checking guests in, and event notices`,
        `2. Items collected: ${facts.items}`,
        `3. Retention: ${retention} after the event, then deleted without delay`,
        `4. You have the right to refuse; without consent we cannot record your attendance or issue a ticket.`,
      ].join("\n");
}

/** The consent notice as the guest reads it: the organizer's own, else the standard one. */
export function consentNotice(event: { consent_text_ko: string; consent_text_en: string; retention_days: number; contact_name: string }, hosts: string[], locale: Language): string {
  const own = (locale === "en" ? event.consent_text_en : event.consent_text_ko).trim();
  if (own) return own;
  const organizer = hosts.filter(Boolean).join(locale === "ko" ? "·" : ", ") || event.contact_name || (locale === "ko" ? "주최 기관" : "The organizer");
  const items = locale === "ko" ? "성명, 소속, 직위, 연락처(이메일·전화), 참석 여부와 응답 내용" : "name, organization, position, contact (email, phone), your reply and answers";
  return defaultConsentText(locale, { organizer, retentionDays: event.retention_days, items });
}

export type RsvpPageState = ReturnType<typeof pageState>;

/**
 * Everything the guest's page shows, from their personal link, in one query: the invitee and
 * the event (as findGuestByLinkToken), their answer, their place on the waitlist or the offer's
 * deadline, the ticket, the questions, whether answers may change, and the program's sessions.
 */
export async function findGuestPage(db: Db, token: string, now = new Date()): Promise<GuestLookup<{ state: RsvpPageState; agenda: AgendaSessionRow[] }>> {
  const hash = linkTokenHash(token);
  if (!hash) return { status: "not-found" };
  const guest = await checkedGuest(db, token, (await guestPageByLinkHash(db, hash))[0]);
  if (!guest) return { status: "not-found" };
  const {
    rsvp_status,
    companions,
    proxy_name,
    proxy_position,
    answers,
    consent_at,
    over_capacity,
    offer_expires_at,
    offer_expired_at,
    responded_at,
    ticket_id,
    ticket_version,
    ticket_code,
    waitlist_position,
    questions,
    agenda,
    ...event
  } = guest.rest;
  if (guest.deleted) return { status: "deleted", queued: guest.deleted.queued, event };
  if (event.status === "archived") return { status: "gone", event };
  const rsvp =
    rsvp_status === null
      ? null
      : {
          status: rsvp_status,
          companions: companions!,
          proxy_name: proxy_name!,
          proxy_position: proxy_position!,
          answers: answers!,
          consent_at,
          over_capacity: over_capacity!,
          offer_expires_at,
          offer_expired_at,
          responded_at: responded_at!,
        };
  const ticket = rsvp?.status === "attending" && ticket_id !== null ? await withPayload(db, { id: ticket_id, event_id: event.id, version: ticket_version!, code: ticket_code! }) : null;
  return { status: "found", invitee: guest.invitee, event, state: pageState(event, { rsvp, ticket, waitlistPosition: waitlist_position, questions }, now), agenda };
}

function guestPageQuery(db: Db, hash: string) {
  return guestQuery(db, hash)
    .leftJoin("rsvps", "rsvps.invitee_id", "invitees.id")
    .leftJoin("tickets", (join) => join.onRef("tickets.invitee_id", "=", "invitees.id").on("tickets.status", "=", "active"))
    .select([
      "rsvps.status as rsvp_status",
      "rsvps.companions",
      "rsvps.proxy_name",
      "rsvps.proxy_position",
      "rsvps.answers",
      "rsvps.consent_at",
      "rsvps.over_capacity",
      "rsvps.offer_expires_at",
      "rsvps.offer_expired_at",
      "rsvps.responded_at",
      "tickets.id as ticket_id",
      "tickets.version as ticket_version",
      "tickets.code as ticket_code",
    ])
    .select((eb) => [
      placeOnWaitlist.as("waitlist_position"),
      jsonArrayFrom(
        eb
          .selectFrom("rsvp_questions")
          .select(["rsvp_questions.id", "rsvp_questions.kind", "rsvp_questions.label_ko", "rsvp_questions.label_en", "rsvp_questions.options", "rsvp_questions.required"])
          .whereRef("rsvp_questions.event_id", "=", "events.id")
          .orderBy("rsvp_questions.position")
          .orderBy("rsvp_questions.id"),
      ).as("questions"),
      agendaSessions(eb.ref("events.id")).as("agenda"),
    ]);
}

type AgendaSessionRow = Parameters<typeof outlineOf>[0][number];
type PageAnswer = NonNullable<Awaited<ReturnType<typeof getRsvp>>>;

/** What the guest's page shows about their answer, and whether it may change. */
function pageState(
  event: { rsvp_deadline: Date | null; starts_at: Date; max_companions: number; cancelled_at: Date | null },
  read: { rsvp: PageAnswer | null; ticket: ActiveTicket | null; waitlistPosition: number | null; questions: RsvpQuestion[] },
  now: Date,
) {
  const { rsvp } = read;
  const offerLive = rsvp?.status === "offered" && rsvp.offer_expires_at !== null && rsvp.offer_expires_at > now;
  const deadlinePassed = (event.rsvp_deadline !== null && event.rsvp_deadline <= now) || event.starts_at <= now;
  return {
    rsvp,
    offerLive,
    waitlistPosition: read.waitlistPosition,
    ticket: read.ticket,
    questions: read.questions,
    maxCompanions: event.max_companions,
    deadline: event.rsvp_deadline,
    // After the deadline the answer stays as it is, except that coming can always be cancelled
    // (and an offered place confirmed until the start).
    canAnswer: !event.cancelled_at && (!deadlinePassed || (offerLive && event.starts_at > now)),
    canCancel: !event.cancelled_at && event.starts_at > now && (rsvp?.status === "attending" || rsvp?.status === "waitlisted" || rsvp?.status === "offered"),
  };
}

/** "Confirm my place": an offered guest takes the place on the answers they gave when they joined the waitlist. */
export async function confirmOffer(db: Db, input: { eventId: number; inviteeId: number; mail: MailOrigin; now?: Date }): Promise<RsvpOutcome> {
  const rsvp = await db
    .selectFrom("rsvps")
    .select(["status", "companions", "proxy_name", "proxy_position", "answers", "consent_text"])
    .where("invitee_id", "=", input.inviteeId)
    .where("event_id", "=", input.eventId)
    .executeTakeFirst();
  if (rsvp?.status !== "offered") throw new RsvpRefused("no-offer");
  return recordRsvp(db, {
    ...input,
    consentText: rsvp.consent_text ?? "",
    form: {
      answer: rsvp.proxy_name ? "proxy" : "attending",
      companions: rsvp.companions,
      proxyName: rsvp.proxy_name,
      proxyPosition: rsvp.proxy_position,
      consent: true,
      answers: rsvp.answers,
    },
  });
}
