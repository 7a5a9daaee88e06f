/**
 * The organizer's view of the answers: who comes (and who sends a proxy, with how many
 * companions), who does not, who waits for a place; their answers to the event's questions;
 * head counts against capacity; the spreadsheet export and the printed sign-in sheet (서명부).
 */
import type { AccessBy } from "../access-records/access-records.server";
import type { Kysely } from "kysely";
import { z } from "zod";
import type { Database, Language, RsvpStatus } from "../../../db/schema";
import { EXPORT_BATCH_ROWS } from "../../lib/export-stream.server";
import { containsPattern } from "../../lib/like-pattern";
import { choiceParam, groupParam, pageParam, searchParam } from "../../lib/list-params.server";
import { pageInfo } from "../../lib/paging";
import { eventTitle, eventWhen, venueName } from "../events/event-view";
import { formatDateTime, spreadsheetDateTime } from "../../lib/format";
import { inLocale, translate, type MessageKey } from "../../i18n/i18n";
import type { MailOrigin } from "../../lib/mail-origin.server";
import { answerLabelKey, RSVP_RESPONSES, type AnswerLabel, type RsvpResponse } from "./rsvp-response";
import { optionalConsentColumns, optionalConsentsOf, optionalConsentTitle } from "./optional-consents.server";
import { admitOverCapacity, listRsvpQuestions, type RsvpQuestion } from "./rsvp.server";

type Db = Kysely<Database>;

export interface AttendeeFilters {
  /** Part of a name, an organization or a proxy's name. */
  q?: string;
  group?: string;
  response?: RsvpResponse;
}

/** The attendee list's address: search, filters and page (see list-params.server.ts: nothing in it fails the page). */
export const attendeeListParams = z.object({ q: searchParam, group: groupParam, response: choiceParam(RSVP_RESPONSES), page: pageParam });

/** Invitees (`i`) with their answer (`r`, absent when none) and active ticket (`t`), filtered. */
function matchingAttendees(db: Db, eventId: number, filters: AttendeeFilters) {
  const q = filters.q?.trim() ?? "";
  const response = filters.response;
  return db
    .selectFrom("invitees as i")
    .leftJoin("rsvps as r", "r.invitee_id", "i.id")
    .leftJoin("tickets as t", (join) => join.onRef("t.invitee_id", "=", "i.id").on("t.status", "=", "active"))
    .where("i.event_id", "=", eventId)
    .$if(q !== "", (qb) => qb.where((eb) => eb.or([eb("i.name", "ilike", containsPattern(q)), eb("i.organization", "ilike", containsPattern(q)), eb("r.proxy_name", "ilike", containsPattern(q))])))
    .$if(filters.group !== undefined, (qb) => qb.where("i.group_name", "=", filters.group!))
    .$if(response === "no-answer", (qb) => qb.where("r.invitee_id", "is", null))
    .$if(response !== undefined && response !== "no-answer", (qb) => qb.where("r.status", "=", response as RsvpStatus));
}

/** The waitlist in order: invitee id → 1 for the first in line, 2 for the next… */
async function waitlistPositions(db: Db, eventId: number): Promise<Map<number, number>> {
  const rows = await db.selectFrom("rsvps").select("invitee_id").where("event_id", "=", eventId).where("status", "=", "waitlisted").orderBy("waitlist_turn").execute();
  return new Map(rows.map((row, i) => [row.invitee_id, i + 1]));
}

/** An answer to one question as the reader reads it: the option's text, 예/아니요, or what was typed. */
export function answerText(question: RsvpQuestion, value: string | undefined, locale: Language): string {
  if (value === undefined || value === "") return "";
  if (question.kind === "yesno") return value === "yes" ? translate(locale, "attendees.yes") : value === "no" ? translate(locale, "attendees.no") : value;
  if (question.kind === "choice") {
    const option = question.options[Number(value)];
    return option ? inLocale(locale, option) : value;
  }
  return value;
}

export function questionLabel(question: RsvpQuestion, locale: Language): string {
  return inLocale(locale, { ko: question.label_ko, en: question.label_en });
}

const attendeeColumns = [
  "i.id",
  "i.name",
  "i.organization",
  "i.position",
  "i.group_name",
  "i.is_vip",
  "r.status",
  "r.companions",
  "r.proxy_name",
  "r.proxy_position",
  "r.answers",
  "r.consent_at",
  "r.over_capacity",
  "r.offer_expires_at",
  "t.code as ticket_code",
] as const;

function answerLabel(row: { status: RsvpStatus | null; proxy_name: string | null }): AnswerLabel {
  if (row.status === null) return "no-answer";
  return row.status === "attending" && row.proxy_name ? "proxy" : row.status;
}

export interface StatusCounts {
  invited: number;
  attending: number;
  companions: number;
  /** Attending people and their companions. */
  places: number;
  declined: number;
  waitlisted: number;
  offered: number;
  noAnswer: number;
}

const noCounts = (): StatusCounts => ({ invited: 0, attending: 0, companions: 0, places: 0, declined: 0, waitlisted: 0, offered: 0, noAnswer: 0 });

/** Head counts per group and in all, and the places held (attending and offered, with companions) against capacity. */
export async function attendeeCounts(db: Db, eventId: number) {
  const rows = await db
    .selectFrom("invitees as i")
    .leftJoin("rsvps as r", "r.invitee_id", "i.id")
    .select((eb) => ["i.group_name", "r.status", eb.fn.countAll<number>().as("people"), eb.fn.coalesce(eb.fn.sum<number>("r.companions"), eb.lit(0)).as("companions")])
    .where("i.event_id", "=", eventId)
    .groupBy(["i.group_name", "r.status"])
    .orderBy("i.group_name")
    .execute();
  const byGroup = new Map<string, StatusCounts>();
  const total = noCounts();
  let offeredPlaces = 0;
  for (const row of rows) {
    const people = Number(row.people);
    const companions = Number(row.companions);
    const group = byGroup.get(row.group_name) ?? noCounts();
    for (const counts of [group, total]) {
      counts.invited += people;
      if (row.status === null) counts.noAnswer += people;
      else if (row.status === "attending") {
        counts.attending += people;
        counts.companions += companions;
        counts.places += people + companions;
      } else counts[row.status] += people;
    }
    if (row.status === "offered") offeredPlaces += people + companions;
    byGroup.set(row.group_name, group);
  }
  const event = await db.selectFrom("events").select("capacity").where("id", "=", eventId).executeTakeFirst();
  return {
    byGroup: [...byGroup].map(([name, counts]) => ({ name, counts })),
    total,
    capacity: { held: total.places + offeredPlaces, offered: offeredPlaces, capacity: event?.capacity ?? null },
  };
}

/**
 * The attendee list: a page of the invitees matching the filters (100 by default) with their answer, proxy, companions,
 * answers to the event's questions (as the reader reads them), consent time and ticket code;
 * the head counts; the questions as column headings.
 */
export async function listAttendees(db: Db, eventId: number, filters: AttendeeFilters, locale: Language, requested = 1) {
  const event = await db.selectFrom("events").select(["title_ko", "title_en", "time_zone", "cancelled_at"]).where("id", "=", eventId).executeTakeFirst();
  if (!event) return undefined;
  const questions = await listRsvpQuestions(db, eventId);
  const { matching } = await matchingAttendees(db, eventId, filters)
    .select((eb) => eb.fn.countAll<number>().as("matching"))
    .executeTakeFirstOrThrow();
  const page = pageInfo(Number(matching), requested);
  const rows = await matchingAttendees(db, eventId, filters).select(attendeeColumns).orderBy("i.group_name").orderBy("i.name").orderBy("i.id").limit(page.pageSize).offset(page.offset).execute();
  const positions = await waitlistPositions(db, eventId);
  const when = (at: Date | null) => (at ? formatDateTime(at, event.time_zone, locale) : null);
  const attendees = rows.map((row) => ({
    id: row.id,
    name: row.name,
    organization: row.organization,
    position: row.position,
    group: row.group_name,
    isVip: row.is_vip,
    answer: answerLabel(row),
    proxy: row.proxy_name ? { name: row.proxy_name, position: row.proxy_position ?? "" } : null,
    companions: row.status === null || row.status === "declined" ? null : (row.companions ?? 0),
    answers: questions.map((question) => answerText(question, row.answers?.[String(question.id)], locale)),
    consentAt: when(row.consent_at),
    overCapacity: row.over_capacity ?? false,
    waitlistPosition: positions.get(row.id) ?? null,
    offerExpires: row.status === "offered" ? when(row.offer_expires_at) : null,
    ticketCode: row.status === "attending" ? row.ticket_code : null,
  }));
  const counts = await attendeeCounts(db, eventId);
  return {
    event: { title: eventTitle(event, locale), cancelled: event.cancelled_at !== null },
    questions: questions.map((question) => ({ id: question.id, label: questionLabel(question, locale) })),
    attendees,
    page,
    ...counts,
  };
}

export type AdmitOutcome = "admitted" | "already-attending" | "event-cancelled" | "not-found";

/**
 * The organizer lets someone in beyond capacity (a VIP, a late addition): whoever has not
 * answered, declined or waits gets a ticket. Someone already attending is left as they are,
 * so a second press sends no second ticket.
 */
export async function admitInvitee(db: Db, input: { eventId: number; inviteeId: number; mail: MailOrigin }, by?: AccessBy): Promise<AdmitOutcome> {
  const current = await db
    .selectFrom("invitees as i")
    .leftJoin("rsvps as r", "r.invitee_id", "i.id")
    .innerJoin("events as e", "e.id", "i.event_id")
    .select(["r.status", "e.cancelled_at"])
    .where("i.id", "=", input.inviteeId)
    .where("i.event_id", "=", input.eventId)
    .executeTakeFirst();
  if (!current) return "not-found";
  if (current.cancelled_at) return "event-cancelled";
  if (current.status === "attending") return "already-attending";
  return (await admitOverCapacity(db, input, by)) ? "admitted" : "not-found";
}

/**
 * The attendee list as a spreadsheet, header first, read in keyset batches (group, name, id) so
 * a list of any size streams out with bounded memory.
 */
export async function* attendeeExportBatches(db: Db, eventId: number, locale: Language, batchRows = EXPORT_BATCH_ROWS): AsyncGenerator<string[][]> {
  const event = await db.selectFrom("events").select("time_zone").where("id", "=", eventId).executeTakeFirstOrThrow();
  const questions = await listRsvpQuestions(db, eventId);
  const positions = await waitlistPositions(db, eventId);
  const optionalItems = await optionalConsentColumns(db, eventId);
  const consentTime = spreadsheetDateTime(event.time_zone);
  const t = (key: MessageKey) => translate(locale, key);
  // One column per optional consent: given (when, to which version), withdrawn (when) or empty.
  const optionalCell = (consent: { version: number; given_at: Date; withdrawn_at: Date | null } | undefined) =>
    !consent
      ? ""
      : consent.withdrawn_at
        ? `${t("optionalConsent.withdrawn")} ${consentTime(consent.withdrawn_at)}`
        : `${t("optionalConsent.given")} ${consentTime(consent.given_at)} (v${consent.version})`;
  yield [
    [
      t("invitee.name"),
      t("invitee.organization"),
      t("invitee.position"),
      t("invitee.group"),
      t("invitee.email"),
      t("invitee.phone"),
      t("attendees.answer"),
      t("attendees.proxy"),
      t("attendees.companions"),
      ...questions.map((question) => questionLabel(question, locale)),
      t("attendees.consentAt"),
      ...optionalItems.map((item) => `${t("optionalConsent.optionalMark")} ${optionalConsentTitle(item, locale)}`),
      t("attendees.ticketCode"),
      t("attendees.waitlistPosition"),
    ],
  ];
  type Key = { group: string; name: string; id: number };
  let after: Key | null = null;
  for (;;) {
    const from: Key | null = after;
    const rows = await matchingAttendees(db, eventId, {})
      .select([...attendeeColumns, "i.email", "i.phone"])
      .$if(from !== null, (qb) => qb.where((eb) => eb(eb.refTuple("i.group_name", "i.name", "i.id"), ">", eb.tuple(from!.group, from!.name, from!.id))))
      .orderBy("i.group_name")
      .orderBy("i.name")
      .orderBy("i.id")
      .limit(batchRows)
      .execute();
    if (rows.length > 0) {
      const consents =
        optionalItems.length > 0
          ? await optionalConsentsOf(
              db,
              rows.map((row) => row.id),
            )
          : new Map();
      yield rows.map((row) => {
        const label = t(answerLabelKey[answerLabel(row)]);
        return [
          row.name,
          row.organization,
          row.position,
          row.group_name,
          row.email ?? "",
          row.phone,
          row.over_capacity ? `${label} (${t("attendees.overCapacity")})` : label,
          row.proxy_name ? `${row.proxy_name}${row.proxy_position ? ` (${row.proxy_position})` : ""}` : "",
          row.status === null || row.status === "declined" ? "" : String(row.companions ?? 0),
          ...questions.map((question) => answerText(question, row.answers?.[String(question.id)], locale)),
          row.consent_at ? consentTime(row.consent_at) : "",
          ...optionalItems.map((item) => optionalCell(consents.get(row.id)?.get(item.id))),
          row.status === "attending" ? (row.ticket_code ?? "") : "",
          String(positions.get(row.id) ?? ""),
        ];
      });
    }
    if (rows.length < batchRows) return;
    const last: { group_name: string; name: string; id: number } = rows.at(-1)!;
    after = { group: last.group_name, name: last.name, id: last.id };
  }
}

/** The whole export in memory, header first (for small lists and tests). */
export async function attendeeExportRows(db: Db, eventId: number, locale: Language): Promise<string[][]> {
  const rows: string[][] = [];
  for await (const batch of attendeeExportBatches(db, eventId, locale)) rows.push(...batch);
  return rows;
}

export interface SignInRow {
  /** Who signs: the guest, or the proxy coming in their place. */
  name: string;
  /** The invitee a proxy stands in for. */
  onBehalfOf: string | null;
  organization: string;
  position: string;
  group: string;
}

const collator = new Intl.Collator("ko");

/**
 * The sign-in sheet (서명부): everyone attending (a proxy under their own name, for whom they
 * come noted), sorted by group and then name as printed; one group, or all.
 */
/** A printed list's `?group=`: "*" or nothing for every group, "" for those without one. */
export const printGroupSchema = z
  .string()
  .max(100)
  // No group name holds a NUL, and PostgreSQL refuses to compare with one (a 500, not a 400).
  .refine((value) => !value.includes("\0"))
  .nullable()
  .transform((value) => (value === null || value === "*" ? undefined : value));

export async function prepareSignInSheet(db: Db, input: { eventId: number; group?: string; locale: Language }) {
  const event = await db.selectFrom("events").select(["title_ko", "title_en", "starts_at", "ends_at", "time_zone", "venue_name", "venue_name_en"]).where("id", "=", input.eventId).executeTakeFirst();
  if (!event) return undefined;
  const rows = await db
    .selectFrom("invitees as i")
    .innerJoin("rsvps as r", "r.invitee_id", "i.id")
    .select(["i.name", "i.organization", "i.position", "i.group_name", "r.proxy_name", "r.proxy_position"])
    .where("i.event_id", "=", input.eventId)
    .where("r.status", "=", "attending")
    .$if(input.group !== undefined, (qb) => qb.where("i.group_name", "=", input.group!))
    .execute();
  const signers: SignInRow[] = rows.map((row) =>
    row.proxy_name
      ? { name: row.proxy_name, onBehalfOf: row.name, organization: row.organization, position: row.proxy_position, group: row.group_name }
      : { name: row.name, onBehalfOf: null, organization: row.organization, position: row.position, group: row.group_name },
  );
  // Sorted here rather than in SQL: the database's collation differs between engines; printed lists follow 가나다 order.
  signers.sort((a, b) => collator.compare(a.group, b.group) || collator.compare(a.name, b.name));
  const when = eventWhen(event, input.locale);
  return {
    event: { title: eventTitle(event, input.locale), date: when.date, time: when.time, venue: venueName(event, input.locale) },
    group: input.group ?? null,
    rows: signers,
  };
}
