/**
 * The program: parts (1부, 2부) and timed sessions, entered as times of day in the event's zone
 * on the event's day. Rules: a session ends after it starts and stays within the event's day, and
 * two sessions in the same room never overlap (the refusal names both). Changes that move
 * sessions lock the event row, so two organizers cannot slip overlapping sessions past each other.
 */
import { expressionBuilder, sql, type Expression, type Kysely } from "kysely";
import { jsonArrayFrom } from "kysely/helpers/postgres";
import { z } from "zod";
import type { Database } from "../../../db/schema";
import { formatTimeRange, fromZonedInputs, toZonedInputs } from "../../lib/format";
import { text } from "../../lib/forms.server";
import { parseId } from "../../lib/ids";
import { buildCalendarIcs } from "../../lib/ics";
import { SESSION_KINDS } from "./session-kinds";

type Db = Kysely<Database>;

export { SESSION_KINDS };

const timeField = z
  .string()
  .trim()
  .min(1, "error.required")
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, "error.time");

export const sessionFormSchema = z
  .object({
    partId: z
      .string()
      .trim()
      .refine((value) => value === "" || parseId(value) !== null, "error.invalid")
      .transform((value) => (value === "" ? null : parseId(value))),
    kind: z.enum(SESSION_KINDS, "error.invalid"),
    startTime: timeField,
    endTime: timeField,
    titleKo: text(200),
    titleEn: text(200),
    descriptionKo: text(2000),
    descriptionEn: text(2000),
    room: text(100),
    cue: text(1000),
  })
  .superRefine((form, ctx) => {
    if (form.titleKo === "" && form.titleEn === "") ctx.addIssue({ code: "custom", path: ["titleKo"], message: "error.koreanOrEnglish" });
    if (form.startTime && form.endTime && form.endTime <= form.startTime) ctx.addIssue({ code: "custom", path: ["endTime"], message: "error.endBeforeStart" });
  });

export type SessionForm = z.output<typeof sessionFormSchema>;

export type AgendaRefusal = { reason: "overlap"; other: { id: number; title: string; start: Date; end: Date } } | { reason: "outside-day" } | { reason: "unknown-part" };

export class AgendaRefused extends Error {
  constructor(readonly refusal: AgendaRefusal) {
    super(refusal.reason);
  }
}

async function lockEvent(trx: Db, eventId: number) {
  return trx.selectFrom("events").select(["id", "starts_at", "time_zone"]).where("id", "=", eventId).forUpdate().executeTakeFirstOrThrow();
}

/** The event's day in its zone, as [midnight, next midnight). */
function eventDay(event: { starts_at: Date; time_zone: string }): { date: string; start: Date; end: Date } {
  const { date } = toZonedInputs(event.starts_at, event.time_zone);
  const start = fromZonedInputs(date, "00:00", event.time_zone);
  const next = new Date(`${date}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return { date, start, end: fromZonedInputs(next.toISOString().slice(0, 10), "00:00", event.time_zone) };
}

/** Refuses a session that would overlap another in the same room (touching end to start is fine). */
async function assertNoOverlap(trx: Db, eventId: number, room: string, start: Date, end: Date, exceptIds: number[]) {
  const other = await trx
    .selectFrom("agenda_sessions")
    .select(["id", "title_ko", "title_en", "starts_at", "ends_at"])
    .where("event_id", "=", eventId)
    .where("room", "=", room)
    .where("starts_at", "<", end)
    .where("ends_at", ">", start)
    .$if(exceptIds.length > 0, (qb) => qb.where("id", "not in", exceptIds))
    .orderBy("starts_at")
    .executeTakeFirst();
  if (other) throw new AgendaRefused({ reason: "overlap", other: { id: other.id, title: other.title_ko || other.title_en, start: other.starts_at, end: other.ends_at } });
}

function toRow(form: SessionForm, day: { date: string }, timeZone: string) {
  return {
    part_id: form.partId,
    kind: form.kind,
    starts_at: fromZonedInputs(day.date, form.startTime, timeZone),
    ends_at: fromZonedInputs(day.date, form.endTime, timeZone),
    title_ko: form.titleKo,
    title_en: form.titleEn,
    description_ko: form.descriptionKo,
    description_en: form.descriptionEn,
    room: form.room,
    cue: form.cue,
  };
}

/** Adds (or, with `sessionId`, changes) a session on the event's day. */
export async function saveSession(db: Db, eventId: number, form: SessionForm, sessionId?: number): Promise<{ id: number }> {
  return db.transaction().execute(async (trx) => {
    const event = await lockEvent(trx, eventId);
    if (form.partId !== null) {
      const part = await trx.selectFrom("agenda_parts").select("id").where("id", "=", form.partId).where("event_id", "=", eventId).executeTakeFirst();
      if (!part) throw new AgendaRefused({ reason: "unknown-part" });
    }
    const day = eventDay(event);
    const row = toRow(form, day, event.time_zone);
    if (row.starts_at < day.start || row.ends_at > day.end) throw new AgendaRefused({ reason: "outside-day" });
    await assertNoOverlap(trx, eventId, row.room, row.starts_at, row.ends_at, sessionId ? [sessionId] : []);
    if (sessionId) {
      const updated = await trx.updateTable("agenda_sessions").set(row).where("id", "=", sessionId).where("event_id", "=", eventId).returning("id").executeTakeFirst();
      if (!updated) throw new AgendaRefused({ reason: "unknown-part" });
      return updated;
    }
    return trx
      .insertInto("agenda_sessions")
      .values({ event_id: eventId, ...row })
      .returning("id")
      .executeTakeFirstOrThrow();
  });
}

/**
 * "The day runs late": moves this session and every later one by `minutes` (negative: earlier),
 * in one go, refusing if any would leave the event's day or run into a session not moved.
 */
export async function shiftSessions(db: Db, eventId: number, fromSessionId: number, minutes: number): Promise<number> {
  if (!Number.isInteger(minutes) || minutes === 0 || Math.abs(minutes) > 720) throw new RangeError("minutes");
  return db.transaction().execute(async (trx) => {
    const event = await lockEvent(trx, eventId);
    const from = await trx.selectFrom("agenda_sessions").select(["starts_at"]).where("id", "=", fromSessionId).where("event_id", "=", eventId).executeTakeFirst();
    if (!from) return 0;
    const moving = await trx.selectFrom("agenda_sessions").select(["id", "starts_at", "ends_at", "room"]).where("event_id", "=", eventId).where("starts_at", ">=", from.starts_at).execute();
    const day = eventDay(event);
    const movingIds = moving.map((session) => session.id);
    for (const session of moving) {
      const start = new Date(session.starts_at.getTime() + minutes * 60_000);
      const end = new Date(session.ends_at.getTime() + minutes * 60_000);
      if (start < day.start || end > day.end) throw new AgendaRefused({ reason: "outside-day" });
      await assertNoOverlap(trx, eventId, session.room, start, end, movingIds);
    }
    await trx
      .updateTable("agenda_sessions")
      .set({ starts_at: sql<Date>`starts_at + make_interval(mins => ${minutes})`, ends_at: sql<Date>`ends_at + make_interval(mins => ${minutes})` })
      .where("id", "in", movingIds.length ? movingIds : [0])
      .execute();
    return movingIds.length;
  });
}

export async function removeSession(db: Db, eventId: number, sessionId: number): Promise<boolean> {
  const result = await db.deleteFrom("agenda_sessions").where("id", "=", sessionId).where("event_id", "=", eventId).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

export const partFormSchema = z
  .object({ titleKo: text(100), titleEn: text(100) })
  .refine((form) => form.titleKo !== "" || form.titleEn !== "", { path: ["titleKo"], message: "error.koreanOrEnglish" });

export async function addPart(db: Db, eventId: number, form: z.output<typeof partFormSchema>): Promise<{ id: number }> {
  return db.transaction().execute(async (trx) => {
    await lockEvent(trx, eventId);
    const last = await trx
      .selectFrom("agenda_parts")
      .select((eb) => eb.fn.max("position").as("position"))
      .where("event_id", "=", eventId)
      .executeTakeFirst();
    return trx
      .insertInto("agenda_parts")
      .values({ event_id: eventId, position: Number(last?.position ?? 0) + 1, title_ko: form.titleKo, title_en: form.titleEn })
      .returning("id")
      .executeTakeFirstOrThrow();
  });
}

/** Renames one of the event's parts; false when it is not the event's. */
export async function updatePart(db: Db, eventId: number, partId: number, form: z.output<typeof partFormSchema>): Promise<boolean> {
  const result = await db.updateTable("agenda_parts").set({ title_ko: form.titleKo, title_en: form.titleEn }).where("id", "=", partId).where("event_id", "=", eventId).executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Removes a part; its sessions stay in the program, without a part. */
export async function removePart(db: Db, eventId: number, partId: number): Promise<boolean> {
  const result = await db.deleteFrom("agenda_parts").where("id", "=", partId).where("event_id", "=", eventId).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** The program in order of time, grouped by part (sessions without a part come as their own group). */
export async function listAgenda(db: Db, eventId: number) {
  const parts = await db.selectFrom("agenda_parts").select(["id", "position", "title_ko", "title_en"]).where("event_id", "=", eventId).orderBy("position").execute();
  const sessions = await db
    .selectFrom("agenda_sessions")
    .select(["id", "part_id", "starts_at", "ends_at", "kind", "title_ko", "title_en", "description_ko", "description_en", "room", "cue"])
    .where("event_id", "=", eventId)
    .orderBy("starts_at")
    .orderBy("room")
    .execute();
  const people = await sessionPeople(db, eventId);
  return { parts, sessions: sessions.map((session) => ({ ...session, people: people.get(session.id) ?? [] })) };
}

/**
 * The program's sessions in order, as one JSON column: for a page that reads everything it shows
 * in one query. JSON carries the times as text; outlineOf reads them either way.
 */
export function agendaSessions(eventId: Expression<number>) {
  return jsonArrayFrom(
    expressionBuilder<Database, never>()
      .selectFrom("agenda_sessions")
      .select(["agenda_sessions.id", "agenda_sessions.starts_at", "agenda_sessions.ends_at", "agenda_sessions.title_ko", "agenda_sessions.title_en"])
      .where("agenda_sessions.event_id", "=", eventId)
      .orderBy("agenda_sessions.starts_at")
      .orderBy("agenda_sessions.room"),
  );
}

/** Time and title of each session, in the reader's language and the event's zone. */
export function outlineOf(sessions: Array<{ id: number; starts_at: Date | string; ends_at: Date | string; title_ko: string; title_en: string }>, event: { time_zone: string }, locale: "ko" | "en") {
  return sessions.map((session) => ({
    id: session.id,
    time: formatTimeRange(new Date(session.starts_at), new Date(session.ends_at), event.time_zone, locale),
    title: locale === "en" ? session.title_en || session.title_ko : session.title_ko || session.title_en,
  }));
}

/** Time and title of each session, in the reader's language and the event's zone, for outlines. */
export async function agendaOutline(db: Db, event: { id: number; time_zone: string }, locale: "ko" | "en") {
  const sessions = await db
    .selectFrom("agenda_sessions")
    .select(["id", "starts_at", "ends_at", "title_ko", "title_en"])
    .where("event_id", "=", event.id)
    .orderBy("starts_at")
    .orderBy("room")
    .execute();
  return outlineOf(sessions, event, locale);
}

/** The program as a calendar file: one entry per session, each with its own stable UID. */
export async function agendaCalendar(db: Db, event: { id: number; time_zone: string; venue_name: string; venue_address: string }, locale: "ko" | "en"): Promise<string> {
  const { sessions } = await listAgenda(db, event.id);
  return buildCalendarIcs(
    "PUBLISH",
    event.time_zone,
    sessions.map((session) => ({
      uid: `session-${session.id}@nanum`,
      sequence: 0,
      start: session.starts_at,
      end: session.ends_at,
      summary: locale === "en" ? session.title_en || session.title_ko : session.title_ko || session.title_en,
      description: [
        session.people.map((person) => personLine(person, locale)).join("\n"),
        locale === "en" ? session.description_en || session.description_ko : session.description_ko || session.description_en,
      ]
        .filter(Boolean)
        .join("\n\n"),
      location: [session.room, event.venue_name, event.venue_address].filter(Boolean).join(", "),
    })),
  );
}

// Speakers and performers: people of the event, reusable across its sessions (the mayor gives
// remarks and presents an award), listed on a session in the order the organizer gives.

export const personFormSchema = z
  .object({ nameKo: text(100), nameEn: text(100), organizationKo: text(200), organizationEn: text(200), roleKo: text(100), roleEn: text(100) })
  .refine((form) => form.nameKo !== "" || form.nameEn !== "", { path: ["nameKo"], message: "agenda.error.personName" });

export type PersonForm = z.output<typeof personFormSchema>;

const personColumns = ["id", "name_ko", "name_en", "organization_ko", "organization_en", "role_ko", "role_en"] as const;

export type AgendaPerson = { id: number; name_ko: string; name_en: string; organization_ko: string; organization_en: string; role_ko: string; role_en: string };

/** "전제상 교수(공주교육대학교)" / "Jeon Jesang, Professor, Gongju National University of Education". */
export function personLine(person: Omit<AgendaPerson, "id">, locale: "ko" | "en"): string {
  const pick = (ko: string, en: string) => (locale === "en" ? en || ko : ko || en);
  const name = pick(person.name_ko, person.name_en);
  const role = pick(person.role_ko, person.role_en);
  const organization = pick(person.organization_ko, person.organization_en);
  if (locale === "en") return [name, role, organization].filter(Boolean).join(", ");
  return `${[name, role].filter(Boolean).join(" ")}${organization ? `(${organization})` : ""}`;
}

function personRow(form: PersonForm) {
  return { name_ko: form.nameKo, name_en: form.nameEn, organization_ko: form.organizationKo, organization_en: form.organizationEn, role_ko: form.roleKo, role_en: form.roleEn };
}

export async function listPeople(db: Db, eventId: number): Promise<AgendaPerson[]> {
  return db.selectFrom("agenda_people").select(personColumns).where("event_id", "=", eventId).orderBy("name_ko").orderBy("name_en").orderBy("id").execute();
}

/** Adds a person, or with `personId` changes one of this event's; null when that one is not the event's. */
export async function savePerson(db: Db, eventId: number, form: PersonForm, personId?: number): Promise<{ id: number } | null> {
  if (personId) {
    const updated = await db.updateTable("agenda_people").set(personRow(form)).where("id", "=", personId).where("event_id", "=", eventId).returning("id").executeTakeFirst();
    return updated ?? null;
  }
  return db
    .insertInto("agenda_people")
    .values({ event_id: eventId, ...personRow(form) })
    .returning("id")
    .executeTakeFirstOrThrow();
}

/** Removes the person from the event and from every session they were on. */
export async function removePerson(db: Db, eventId: number, personId: number): Promise<boolean> {
  const result = await db.deleteFrom("agenda_people").where("id", "=", personId).where("event_id", "=", eventId).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** The session's speakers or performers, in this order; people or a session of another event are refused (false). */
export async function setSessionPeople(db: Db, eventId: number, sessionId: number, personIds: number[]): Promise<boolean> {
  const ids = [...new Set(personIds)];
  return db.transaction().execute(async (trx) => {
    const session = await trx.selectFrom("agenda_sessions").select("id").where("id", "=", sessionId).where("event_id", "=", eventId).forUpdate().executeTakeFirst();
    if (!session) return false;
    if (ids.length > 0) {
      const known = await trx.selectFrom("agenda_people").select("id").where("event_id", "=", eventId).where("id", "in", ids).execute();
      if (known.length !== ids.length) return false;
    }
    await trx.deleteFrom("agenda_session_people").where("session_id", "=", sessionId).execute();
    if (ids.length > 0)
      await trx
        .insertInto("agenda_session_people")
        .values(ids.map((personId, position) => ({ session_id: sessionId, person_id: personId, position })))
        .execute();
    return true;
  });
}

/** Every session's people, in their order, keyed by session. */
async function sessionPeople(db: Db, eventId: number): Promise<Map<number, AgendaPerson[]>> {
  const rows = await db
    .selectFrom("agenda_session_people as sp")
    .innerJoin("agenda_people as p", "p.id", "sp.person_id")
    .select(["sp.session_id", "p.id", "p.name_ko", "p.name_en", "p.organization_ko", "p.organization_en", "p.role_ko", "p.role_en"])
    .where("p.event_id", "=", eventId)
    .orderBy("sp.session_id")
    .orderBy("sp.position")
    .execute();
  const bySession = new Map<number, AgendaPerson[]>();
  for (const { session_id, ...person } of rows) bySession.set(session_id, [...(bySession.get(session_id) ?? []), person]);
  return bySession;
}

/** One session as its edit form shows it: times of day in the event's zone, its people in order. */
export async function getSession(db: Db, event: { id: number; time_zone: string }, sessionId: number) {
  const session = await db
    .selectFrom("agenda_sessions")
    .select(["id", "part_id", "starts_at", "ends_at", "kind", "title_ko", "title_en", "description_ko", "description_en", "room", "cue"])
    .where("id", "=", sessionId)
    .where("event_id", "=", event.id)
    .executeTakeFirst();
  if (!session) return null;
  const people = await db.selectFrom("agenda_session_people").select("person_id").where("session_id", "=", sessionId).orderBy("position").execute();
  return {
    ...session,
    startTime: toZonedInputs(session.starts_at, event.time_zone).time,
    endTime: toZonedInputs(session.ends_at, event.time_zone).time,
    personIds: people.map((row) => row.person_id),
  };
}
