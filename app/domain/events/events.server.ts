import { expressionBuilder, sql, type Expression, type Kysely } from "kysely";
import { jsonArrayFrom } from "kysely/helpers/postgres";
import { z } from "zod";
import type { AccessBy } from "../access-records/access-records.server";
import type { Database, EventKind, EventStatus, EventVisibility } from "../../../db/schema";
import { fromZonedInputs, isValidTimeZone, toZonedInputs } from "../../lib/format";
import { isUniqueViolation } from "../../lib/db-errors.server";
import { optionalEmail, requiredText, text } from "../../lib/forms.server";
import { rearmAttendeeNoticeIfMoved } from "../invitations/attendee-notices.server";
import { copyAwardCategories } from "../program/awards.server";
import { recordEventChange, type MailOrigin } from "../invitations/guest-mail.server";

type Db = Kysely<Database>;

export const EVENT_KINDS = ["performance_sharing", "agreement_signing", "other"] as const satisfies readonly EventKind[];
const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

const dateField = z
  .string()
  .trim()
  .min(1, "error.required")
  .regex(/^\d{4}-\d{2}-\d{2}$/, "error.date")
  .refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value), "error.date");
const timeField = z
  .string()
  .trim()
  .min(1, "error.required")
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, "error.time");

const hostSchema = z.object({ ko: text(200), en: text(200) });

/** Collects the numbered host rows ("hosts.0.ko", "hosts.0.en", ...) of the form into a list. */
function collectHosts(raw: unknown): unknown {
  if (typeof raw !== "object" || raw === null) return raw;
  const fields = raw as Record<string, unknown>;
  const hosts: Array<{ ko: unknown; en: unknown }> = [];
  for (const [name, value] of Object.entries(fields)) {
    const match = /^hosts\.(\d{1,2})\.(ko|en)$/.exec(name);
    if (!match) continue;
    const index = Number(match[1]);
    hosts[index] ??= { ko: "", en: "" };
    hosts[index][match[2] as "ko" | "en"] = value;
  }
  return { ...fields, hosts: Array.from(hosts, (host) => host ?? { ko: "", en: "" }) };
}

export const eventFormSchema = z.preprocess(
  collectHosts,
  z
    .object({
      kind: z.enum(EVENT_KINDS, "error.invalid"),
      titleKo: text(200),
      titleEn: text(200),
      descriptionKo: text(5000),
      descriptionEn: text(5000),
      hosts: z.array(hostSchema).max(20),
      venueName: requiredText(200),
      venueNameEn: text(200),
      venueAddress: text(300),
      date: dateField,
      startTime: timeField,
      endTime: timeField,
      timeZone: z.string().trim().min(1, "error.required").refine(isValidTimeZone, "error.timeZone"),
      capacity: z
        .string()
        .trim()
        .regex(/^\d*$/, "error.capacity")
        .transform((value) => (value === "" ? null : Number(value)))
        .refine((value) => value === null || (value >= 1 && value <= 100_000), "error.capacity"),
      rsvpDeadlineDate: z
        .string()
        .trim()
        .regex(/^(\d{4}-\d{2}-\d{2})?$/, "error.date"),
      rsvpDeadlineTime: z
        .string()
        .trim()
        .regex(/^(([01]\d|2[0-3]):[0-5]\d)?$/, "error.time"),
      contactName: text(100),
      contactPhone: text(40).refine((value) => /^[0-9+()\-.\s]*$/.test(value), "error.phone"),
      contactEmail: optionalEmail,
      visibility: z.enum(["public", "unlisted"], "error.invalid"),
      slug: z
        .string()
        .trim()
        .toLowerCase()
        .max(80, "error.tooLong")
        .refine((value) => value === "" || SLUG_PATTERN.test(value), "error.slug"),
    })
    .superRefine((form, ctx) => {
      if (form.titleKo === "" && form.titleEn === "") {
        ctx.addIssue({ code: "custom", path: ["titleKo"], message: "error.titleRequired" });
      }
      if (!form.hosts.some((host) => host.ko !== "" || host.en !== "")) {
        ctx.addIssue({ code: "custom", path: ["hosts", 0, "ko"], message: "error.hostRequired" });
      }
      if (form.startTime && form.endTime && form.endTime <= form.startTime) {
        ctx.addIssue({ code: "custom", path: ["endTime"], message: "error.endBeforeStart" });
      }
      const hasDeadlineDate = form.rsvpDeadlineDate !== "";
      if (hasDeadlineDate !== (form.rsvpDeadlineTime !== "")) {
        ctx.addIssue({
          code: "custom",
          path: [hasDeadlineDate ? "rsvpDeadlineTime" : "rsvpDeadlineDate"],
          message: "error.required",
        });
      } else if (hasDeadlineDate && `${form.rsvpDeadlineDate}T${form.rsvpDeadlineTime}` > `${form.date}T${form.startTime}`) {
        ctx.addIssue({ code: "custom", path: ["rsvpDeadlineDate"], message: "error.deadlineAfterStart" });
      }
    }),
);

export type EventForm = z.output<typeof eventFormSchema>;

export class SlugTakenError extends Error {}

function toRow(form: EventForm) {
  return {
    kind: form.kind,
    title_ko: form.titleKo,
    title_en: form.titleEn,
    description_ko: form.descriptionKo,
    description_en: form.descriptionEn,
    venue_name: form.venueName,
    venue_name_en: form.venueNameEn,
    venue_address: form.venueAddress,
    starts_at: fromZonedInputs(form.date, form.startTime, form.timeZone),
    ends_at: fromZonedInputs(form.date, form.endTime, form.timeZone),
    time_zone: form.timeZone,
    capacity: form.capacity,
    rsvp_deadline: form.rsvpDeadlineDate ? fromZonedInputs(form.rsvpDeadlineDate, form.rsvpDeadlineTime, form.timeZone) : null,
    contact_name: form.contactName,
    contact_phone: form.contactPhone,
    contact_email: form.contactEmail,
    visibility: form.visibility,
  };
}

export function slugify(value: string): string {
  return value
    .normalize("NFKD")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60)
    .replace(/-+$/g, "");
}

/** A free slug built from the English title (or the date), with -2, -3… when taken. */
async function freeSlug(db: Db, form: Pick<EventForm, "titleEn" | "date">, exceptEventId?: number): Promise<string> {
  const base = slugify(form.titleEn) || `event-${form.date}`;
  const taken = await db
    .selectFrom("events")
    .select("slug")
    .where((eb) => eb.or([eb("slug", "=", base), eb("slug", "like", `${base}-%`)]))
    .$if(exceptEventId !== undefined, (qb) => qb.where("id", "<>", exceptEventId!))
    .execute();
  const used = new Set(taken.map((row) => row.slug));
  if (!used.has(base)) return base;
  for (let n = 2; ; n++) if (!used.has(`${base}-${n}`)) return `${base}-${n}`;
}

async function replaceHosts(db: Db, eventId: number, hosts: EventForm["hosts"]): Promise<void> {
  await db.deleteFrom("event_hosts").where("event_id", "=", eventId).execute();
  const rows = hosts.filter((host) => host.ko !== "" || host.en !== "").map((host, position) => ({ event_id: eventId, position, name_ko: host.ko, name_en: host.en }));
  if (rows.length) await db.insertInto("event_hosts").values(rows).execute();
}

export async function createEvent(db: Db, ownerId: number, form: EventForm, options: { isSample?: boolean; status?: EventStatus } = {}): Promise<{ id: number; slug: string }> {
  try {
    return await db.transaction().execute(async (trx) => {
      const slug = form.slug || (await freeSlug(trx, form));
      const event = await trx
        .insertInto("events")
        .values({ ...toRow(form), slug, is_sample: options.isSample ?? false, status: options.status ?? "draft" })
        .returning(["id", "slug"])
        .executeTakeFirstOrThrow();
      await replaceHosts(trx, event.id, form.hosts);
      await trx.insertInto("event_members").values({ event_id: event.id, organizer_id: ownerId, role: "owner" }).execute();
      return event;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new SlugTakenError(form.slug);
    throw error;
  }
}

/**
 * Saves the form. When the date, time or venue changed, the calendar SEQUENCE rises and, with
 * `notify`, everyone already invited gets a change notice queued in the same transaction.
 */
export async function updateEvent(db: Db, eventId: number, form: EventForm, notify: MailOrigin | null = null, by?: AccessBy): Promise<{ slug: string; noticesQueued: number }> {
  try {
    return await db.transaction().execute(async (trx) => {
      const previous = await trx
        .selectFrom("events")
        .select(["starts_at", "ends_at", "time_zone", "venue_name", "venue_name_en", "venue_address"])
        .where("id", "=", eventId)
        .forUpdate()
        .executeTakeFirstOrThrow();
      const slug = form.slug || (await freeSlug(trx, form, eventId));
      const row = toRow(form);
      await trx
        .updateTable("events")
        .set({ ...row, slug, updated_at: sql<Date>`now()` })
        .where("id", "=", eventId)
        .execute();
      await replaceHosts(trx, eventId, form.hosts);
      const moved =
        row.starts_at.getTime() !== previous.starts_at.getTime() ||
        row.ends_at.getTime() !== previous.ends_at.getTime() ||
        row.venue_name !== previous.venue_name ||
        row.venue_name_en !== previous.venue_name_en ||
        row.venue_address !== previous.venue_address;
      const noticesQueued = moved
        ? await recordEventChange(
            trx,
            eventId,
            {
              start: previous.starts_at,
              end: previous.ends_at,
              venueName: previous.venue_name,
              venueNameEn: previous.venue_name_en,
              venueAddress: previous.venue_address,
            },
            notify,
            by,
          )
        : 0;
      await rearmAttendeeNoticeIfMoved(trx, eventId, { startsAt: previous.starts_at, timeZone: previous.time_zone });
      return { slug, noticesQueued };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new SlugTakenError(form.slug);
    throw error;
  }
}

export async function setEventStatus(db: Db, eventId: number, status: EventStatus): Promise<void> {
  await db
    .updateTable("events")
    .set({ status, updated_at: sql<Date>`now()` })
    .where("id", "=", eventId)
    .execute();
}

/** A new draft with this event's details and hosts (next year's meeting starts from this year's). */
export async function copyEvent(db: Db, eventId: number, ownerId: number): Promise<{ id: number }> {
  return db.transaction().execute(async (trx) => {
    const source = await trx.selectFrom("events").selectAll().where("id", "=", eventId).executeTakeFirstOrThrow();
    const { date } = toZonedInputs(source.starts_at, source.time_zone);
    const slug = await freeSlug(trx, { titleEn: `${source.slug}-copy`, date });
    const { id: _id, created_at: _c, updated_at: _u, ...fields } = source;
    const copy = await trx
      .insertInto("events")
      .values({
        ...fields,
        slug,
        status: "draft",
        // A new meeting: not cancelled, and a calendar entry of its own.
        cancelled_at: null,
        cancellation_note_ko: "",
        cancellation_note_en: "",
        ics_sequence: 0,
        is_sample: false,
        title_ko: source.title_ko && `${source.title_ko} (사본)`,
        title_en: source.title_en && `${source.title_en} (copy)`,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await trx
      .insertInto("event_hosts")
      .columns(["event_id", "position", "name_ko", "name_en"])
      .expression((eb) =>
        eb
          .selectFrom("event_hosts")
          .select([eb.val(copy.id).as("event_id"), "position", "name_ko", "name_en"])
          .where("event_id", "=", eventId),
      )
      .execute();
    await trx.insertInto("event_members").values({ event_id: copy.id, organizer_id: ownerId, role: "owner" }).execute();
    const sessionIds = await copyProgram(trx, eventId, copy.id);
    await copyAwardCategories(trx, eventId, copy.id, sessionIds);
    return copy;
  });
}

/**
 * Next year's meeting starts from this year's program: parts, sessions and their people, same
 * times (edit as needed). Answers which copied session stands for which original.
 */
async function copyProgram(trx: Db, fromEventId: number, toEventId: number): Promise<Map<number, number>> {
  const parts = await trx.selectFrom("agenda_parts").select(["id", "position", "title_ko", "title_en"]).where("event_id", "=", fromEventId).orderBy("position").execute();
  const partIds = new Map<number, number>();
  for (const part of parts) {
    const copied = await trx
      .insertInto("agenda_parts")
      .values({ event_id: toEventId, position: part.position, title_ko: part.title_ko, title_en: part.title_en })
      .returning("id")
      .executeTakeFirstOrThrow();
    partIds.set(part.id, copied.id);
  }
  const people = await trx
    .selectFrom("agenda_people")
    .select(["id", "name_ko", "name_en", "organization_ko", "organization_en", "role_ko", "role_en"])
    .where("event_id", "=", fromEventId)
    .orderBy("id")
    .execute();
  const personIds = new Map<number, number>();
  for (const { id, ...person } of people) {
    personIds.set(
      id,
      (
        await trx
          .insertInto("agenda_people")
          .values({ ...person, event_id: toEventId })
          .returning("id")
          .executeTakeFirstOrThrow()
      ).id,
    );
  }
  const sessions = await trx
    .selectFrom("agenda_sessions")
    .select(["id", "part_id", "starts_at", "ends_at", "kind", "title_ko", "title_en", "description_ko", "description_en", "room", "cue"])
    .where("event_id", "=", fromEventId)
    .orderBy("id")
    .execute();
  const sessionIds = new Map<number, number>();
  // One by one: the people's links and the award categories copied next need each new session's id.
  for (const { id, part_id, ...session } of sessions) {
    const copied = await trx
      .insertInto("agenda_sessions")
      .values({ ...session, event_id: toEventId, part_id: part_id === null ? null : (partIds.get(part_id) ?? null) })
      .returning("id")
      .executeTakeFirstOrThrow();
    sessionIds.set(id, copied.id);
  }
  const links = sessions.length
    ? await trx
        .selectFrom("agenda_session_people")
        .select(["session_id", "person_id", "position"])
        .where("session_id", "in", [...sessionIds.keys()])
        .execute()
    : [];
  if (links.length > 0) {
    await trx
      .insertInto("agenda_session_people")
      .values(links.map((link) => ({ session_id: sessionIds.get(link.session_id)!, person_id: personIds.get(link.person_id)!, position: link.position })))
      .execute();
  }
  return sessionIds;
}

const summaryColumns = [
  "e.id",
  "e.slug",
  "e.kind",
  "e.title_ko",
  "e.title_en",
  "e.venue_name",
  "e.venue_name_en",
  "e.starts_at",
  "e.ends_at",
  "e.time_zone",
  "e.status",
  "e.visibility",
  "e.is_sample",
] as const;

export async function listOrganizerEvents(db: Db, organizerId: number) {
  return db
    .selectFrom("events as e")
    .innerJoin("event_members as m", "m.event_id", "e.id")
    .select([...summaryColumns, "m.role"])
    .where("m.organizer_id", "=", organizerId)
    .orderBy("e.starts_at", "desc")
    .execute();
}

/** Published, listed events: upcoming ones first (soonest first), then past ones (latest first). */
export async function listPublicEvents(db: Db, now = new Date()) {
  const rows = await db.selectFrom("events as e").select(summaryColumns).where("e.status", "=", "published").where("e.visibility", "=", "public").orderBy("e.starts_at", "asc").execute();
  const upcoming = rows.filter((row) => row.ends_at >= now);
  const past = rows.filter((row) => row.ends_at < now).reverse();
  return { upcoming, past };
}

/** The event's hosts in order, as one JSON column: an event and its hosts come in one query. */
export function eventHosts(eventId: Expression<number>) {
  return jsonArrayFrom(
    expressionBuilder<Database, never>().selectFrom("event_hosts").select(["event_hosts.name_ko", "event_hosts.name_en"]).where("event_hosts.event_id", "=", eventId).orderBy("event_hosts.position"),
  );
}

/** What pages show of an event. */
const eventDetailColumns = [
  "events.id",
  "events.slug",
  "events.kind",
  "events.title_ko",
  "events.title_en",
  "events.description_ko",
  "events.description_en",
  "events.venue_name",
  "events.venue_name_en",
  "events.venue_address",
  "events.starts_at",
  "events.ends_at",
  "events.time_zone",
  "events.capacity",
  "events.rsvp_deadline",
  "events.open_registration",
  "events.attendee_notice_enabled",
  "events.attendee_notice_time",
  "events.attendee_notice_queued_at",
  "events.contact_name",
  "events.contact_phone",
  "events.contact_email",
  "events.status",
  "events.visibility",
  "events.is_sample",
  "events.cancelled_at",
  "events.cancellation_note_ko",
  "events.cancellation_note_en",
  "events.max_companions",
  "events.consent_text_ko",
  "events.consent_text_en",
  "events.retention_days",
  "events.personal_data_purged_at",
  "events.parking_info_ko",
  "events.parking_info_en",
] as const;

export async function getEvent(db: Db, eventId: number) {
  return db
    .selectFrom("events")
    .select(eventDetailColumns)
    .select((eb) => eventHosts(eb.ref("events.id")).as("hosts"))
    .where("events.id", "=", eventId)
    .executeTakeFirst();
}

export type EventDetail = NonNullable<Awaited<ReturnType<typeof getEvent>>>;

/** The event behind a public link; drafts and archived events are not public. */
export async function getPublishedEventBySlug(db: Db, slug: string): Promise<EventDetail | undefined> {
  return db
    .selectFrom("events")
    .select(eventDetailColumns)
    .select((eb) => eventHosts(eb.ref("events.id")).as("hosts"))
    .where("events.slug", "=", slug.toLowerCase())
    .where("events.status", "=", "published")
    .executeTakeFirst();
}

/** The form's fields for an existing event, as the edit page fills them in. */
export function eventToFormValues(event: EventDetail): Record<string, string> {
  const start = toZonedInputs(event.starts_at, event.time_zone);
  const end = toZonedInputs(event.ends_at, event.time_zone);
  const deadline = event.rsvp_deadline ? toZonedInputs(event.rsvp_deadline, event.time_zone) : undefined;
  const values: Record<string, string> = {
    kind: event.kind,
    titleKo: event.title_ko,
    titleEn: event.title_en,
    descriptionKo: event.description_ko,
    descriptionEn: event.description_en,
    venueName: event.venue_name,
    venueNameEn: event.venue_name_en,
    venueAddress: event.venue_address,
    date: start.date,
    startTime: start.time,
    endTime: end.time,
    timeZone: event.time_zone,
    capacity: event.capacity === null ? "" : String(event.capacity),
    rsvpDeadlineDate: deadline?.date ?? "",
    rsvpDeadlineTime: deadline?.time ?? "",
    contactName: event.contact_name,
    contactPhone: event.contact_phone,
    contactEmail: event.contact_email,
    visibility: event.visibility,
    slug: event.slug,
  };
  event.hosts.forEach((host, index) => {
    values[`hosts.${index}.ko`] = host.name_ko;
    values[`hosts.${index}.en`] = host.name_en;
  });
  return values;
}

export type { EventKind, EventStatus, EventVisibility };
