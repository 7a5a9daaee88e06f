/**
 * The owner's review of an event's access records (월 1회 이상 점검): the records filtered and a
 * page at a time, with what deserves a second look flagged: an account that downloaded or printed
 * more than 1,000 people's data in a day, and downloads at night (22:00–06:00 in the event's zone).
 */
import { sql, type Kysely } from "kysely";
import { z } from "zod";
import type { Database, Language } from "../../../db/schema";
import { ACCESS_ACTIONS, accessActionLabel, BULK_DAILY_LIMIT, filterText } from "./access-record-view";
import { inLocale, translate, type MessageKey } from "../../i18n/i18n";
import { formatDateTime } from "../../lib/format";
import type { RowBatches } from "../../lib/export-stream.server";
import { choiceParam, pageParam } from "../../lib/list-params.server";
import { pageInfo } from "../../lib/paging";

type Db = Kysely<Database>;

/** Downloads from this hour to NIGHT_ENDS (the event's local time) are flagged. */
export const NIGHT_STARTS = 22;
export const NIGHT_ENDS = 6;

const dateParam = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)))
  .optional()
  .catch(undefined);
const idFilter = z
  .string()
  .regex(/^[1-9]\d{0,9}$/)
  .transform(Number)
  .optional()
  .catch(undefined);

/** The review's address: `?action=…&actor=o12|d3&invitee=…&from=YYYY-MM-DD&to=…&page=…`, read so nothing in it fails the page. */
export const accessReviewParams = z.object({
  action: choiceParam(ACCESS_ACTIONS),
  actor: z
    .string()
    .regex(/^[od][1-9]\d{0,9}$/)
    .optional()
    .catch(undefined),
  invitee: idFilter,
  from: dateParam,
  to: dateParam,
  page: pageParam,
});

export type AccessReviewFilters = Omit<z.output<typeof accessReviewParams>, "page">;

/** The review across an owner's events: the same filters, and `?event=<id>` for one of them. */
export const accessReviewAcrossParams = accessReviewParams.extend({ event: idFilter });

/**
 * The scope of the review across events: all the owner's events, or the one asked for when the
 * owner owns it (any other number shows all rather than failing, like the other filters).
 */
export function ownerScope(organizerId: number, owned: readonly { id: number }[], event: number | undefined): AccessReviewScope {
  const ids = owned.map((row) => row.id);
  return event !== undefined && ids.includes(event) ? event : { eventIds: ids, organizerId };
}

/**
 * Whose records: one event's (its review page), or every event an owner owns together with the
 * records the owner wrote outside any event (the review across events and its own exports).
 */
export type AccessReviewScope = number | { eventIds: readonly number[]; organizerId: number };

/** The events an organizer owns, newest first, for the review across events. */
export async function ownedEvents(db: Db, organizerId: number) {
  return db
    .selectFrom("events as e")
    .innerJoin("event_members as m", "m.event_id", "e.id")
    .select(["e.id", "e.title_ko", "e.title_en", "e.starts_at"])
    .where("m.organizer_id", "=", organizerId)
    .where("m.role", "=", "owner")
    .orderBy("e.starts_at", "desc")
    .orderBy("e.id", "desc")
    .execute();
}

/** The records in scope matching the filters; dates are whole days in each event's time zone. */
function matchingRecords(db: Db, scope: AccessReviewScope, filters: AccessReviewFilters) {
  const zone = sql`coalesce(e.time_zone, 'Asia/Seoul')`;
  const actorKind = filters.actor?.[0];
  const actorId = filters.actor ? Number(filters.actor.slice(1)) : undefined;
  return db
    .selectFrom("access_records as a")
    .leftJoin("events as e", "e.id", "a.event_id")
    .where((eb) =>
      typeof scope === "number"
        ? eb("a.event_id", "=", scope)
        : eb.or([...(scope.eventIds.length > 0 ? [eb("a.event_id", "in", scope.eventIds)] : []), eb.and([eb("a.event_id", "is", null), eb("a.organizer_id", "=", scope.organizerId)])]),
    )
    .$if(filters.action !== undefined, (qb) => qb.where("a.action", "=", filters.action!))
    .$if(actorKind === "o", (qb) => qb.where("a.organizer_id", "=", actorId!))
    .$if(actorKind === "d", (qb) => qb.where("a.door_device_id", "=", actorId!))
    .$if(filters.invitee !== undefined, (qb) => qb.where(sql<boolean>`a.subject_ids @> array[${filters.invitee!}]::int[]`))
    .$if(filters.from !== undefined, (qb) => qb.where(sql<boolean>`a.occurred_at >= (${filters.from!}::date)::timestamp at time zone ${zone}`))
    .$if(filters.to !== undefined, (qb) => qb.where(sql<boolean>`a.occurred_at < (${filters.to!}::date + 1)::timestamp at time zone ${zone}`));
}

type Matching = ReturnType<typeof matchingRecords>;

function withDetails(query: Matching) {
  return query
    .leftJoin("organizers as o", "o.id", "a.organizer_id")
    .leftJoin("door_devices as d", "d.id", "a.door_device_id")
    .select([
      "a.id",
      "a.occurred_at",
      "a.action",
      "a.actor_kind",
      "a.organizer_id",
      "a.door_device_id",
      "o.name as organizer_name",
      "o.email as organizer_email",
      "d.name as device_name",
      "a.client_address",
      "a.subject_ids",
      "a.subject_count",
      "a.filter",
      "a.reason",
      "e.time_zone",
      "a.event_id",
      "e.title_ko as event_title_ko",
      "e.title_en as event_title_en",
    ])
    .select(
      sql<boolean>`a.action in ('export', 'print') and (extract(hour from a.occurred_at at time zone coalesce(e.time_zone, 'Asia/Seoul')) >= ${NIGHT_STARTS}
        or extract(hour from a.occurred_at at time zone coalesce(e.time_zone, 'Asia/Seoul')) < ${NIGHT_ENDS})`.as("at_night"),
    )
    .orderBy("a.id", "desc");
}

/** One page of the event's records, newest first, with who did each and whether it is flagged. */
export async function listAccessRecords(db: Db, scope: AccessReviewScope, filters: AccessReviewFilters, requested = 1) {
  const { n } = await matchingRecords(db, scope, filters)
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .executeTakeFirstOrThrow();
  const page = pageInfo(Number(n), requested);
  const rows = await withDetails(matchingRecords(db, scope, filters))
    .limit(page.pageSize)
    .offset(page.offset)
    .execute();
  return { rows, page };
}

export type AccessRecordRow = Awaited<ReturnType<typeof listAccessRecords>>["rows"][number];

/** Every matching record, newest first, for the review's export (the log has no personal data beyond ids). */
export async function* accessRecordBatches(db: Db, scope: AccessReviewScope, filters: AccessReviewFilters, batchRows = 1_000): AsyncGenerator<AccessRecordRow[]> {
  // Above every id (the column is an integer).
  let before = 2_147_483_647;
  for (;;) {
    const rows = await withDetails(matchingRecords(db, scope, filters).where("a.id", "<", before))
      .limit(batchRows)
      .execute();
    if (rows.length > 0) yield rows;
    if (rows.length < batchRows) return;
    before = rows.at(-1)!.id;
  }
}

/**
 * One page of the review as its pages show it: the records in words (time in their event's zone),
 * who appears in them (for the filter) and the days someone downloaded many people's data.
 */
export async function accessReviewPage(db: Db, scope: AccessReviewScope, filters: AccessReviewFilters, requested: number, language: Language) {
  const { rows, page } = await listAccessRecords(db, scope, filters, requested);
  return {
    page,
    actors: await accessRecordActors(db, scope),
    bulk: (await bulkDownloadDays(db, scope, filters)).map((row) => ({ day: row.day, who: row.organizer_name ?? row.device_name ?? row.actor_kind, people: row.people })),
    records: rows.map((row) => ({
      id: row.id,
      at: formatDateTime(row.occurred_at, row.time_zone ?? "Asia/Seoul", language),
      eventId: row.event_id,
      event: row.event_title_ko === null ? "" : inLocale(language, { ko: row.event_title_ko, en: row.event_title_en ?? "" }),
      action: row.action,
      who:
        row.actor_kind === "organizer"
          ? { kind: "organizer" as const, label: row.organizer_name ? `${row.organizer_name} (${row.organizer_email})` : `#${row.organizer_id}` }
          : row.actor_kind === "door_device"
            ? { kind: "door_device" as const, label: row.device_name ?? `#${row.door_device_id}` }
            : { kind: row.actor_kind, label: "" },
      from: row.client_address ?? "",
      // Ids are linked while few; a list or an export names how many.
      subjects: row.subject_ids.length <= 10 ? row.subject_ids : [],
      count: row.subject_count,
      filter: filterText(row.filter),
      reason: row.reason ?? "",
      atNight: row.at_night,
    })),
  };
}

export type AccessReviewPage = Awaited<ReturnType<typeof accessReviewPage>>;

/**
 * The review's export, a header and then the records batch by batch. `scope` spanning several
 * events (the owner's review across them) adds a column naming each record's event.
 */
export async function* accessRecordExportRows(db: Db, scope: AccessReviewScope, filters: AccessReviewFilters, language: Language): RowBatches {
  const t = (key: MessageKey) => translate(language, key);
  const acrossEvents = typeof scope !== "number";
  const eventColumn = (row: AccessRecordRow) => (row.event_id === null ? "" : `#${row.event_id} ${(language === "en" && row.event_title_en) || row.event_title_ko || ""}`);
  const header = [
    t("accessLog.number"),
    t("accessLog.when"),
    t("accessLogAll.event"),
    t("accessLog.action"),
    t("accessLog.who"),
    t("accessLog.address"),
    t("accessLog.whose"),
    t("accessLog.count"),
    t("accessLog.filterColumn"),
    t("accessLog.reason"),
  ];
  yield [acrossEvents ? header : header.filter((_, index) => index !== 2)];
  for await (const batch of accessRecordBatches(db, scope, filters)) {
    yield batch.map((row) => [
      String(row.id),
      row.occurred_at.toISOString(),
      ...(acrossEvents ? [eventColumn(row)] : []),
      t(accessActionLabel[row.action]),
      row.actor_kind === "organizer" ? `${row.organizer_name ?? ""} <${row.organizer_email ?? ""}>` : row.actor_kind === "door_device" ? (row.device_name ?? "") : row.actor_kind,
      row.client_address ?? "",
      row.subject_ids.join(" "),
      String(row.subject_count),
      filterText(row.filter),
      row.reason ?? "",
    ]);
  }
}

export async function countAccessRecords(db: Db, scope: AccessReviewScope, filters: AccessReviewFilters): Promise<number> {
  const { n } = await matchingRecords(db, scope, filters)
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(n);
}

/**
 * Accounts (or devices) that downloaded or printed more than BULK_DAILY_LIMIT people's data in
 * one day of the event's time zone, within the filters' dates: the day, who, and how many.
 */
export async function bulkDownloadDays(db: Db, scope: AccessReviewScope, filters: Pick<AccessReviewFilters, "from" | "to">) {
  const day = sql<string>`to_char(a.occurred_at at time zone coalesce(e.time_zone, 'Asia/Seoul'), 'YYYY-MM-DD')`;
  const rows = await matchingRecords(db, scope, { from: filters.from, to: filters.to })
    .leftJoin("organizers as o", "o.id", "a.organizer_id")
    .leftJoin("door_devices as d", "d.id", "a.door_device_id")
    .where("a.action", "in", ["export", "print"])
    .select([day.as("day"), "a.actor_kind", "a.organizer_id", "a.door_device_id", "o.name as organizer_name", "d.name as device_name"])
    .select((eb) => eb.fn.sum<string>("a.subject_count").as("people"))
    .groupBy([day, "a.actor_kind", "a.organizer_id", "a.door_device_id", "o.name", "d.name"])
    .having((eb) => eb.fn.sum("a.subject_count"), ">", BULK_DAILY_LIMIT)
    .orderBy("day", "desc")
    .execute();
  return rows.map((row) => ({ ...row, people: Number(row.people) }));
}

/** Who appears in the event's records, for the review's "who" filter. */
export async function accessRecordActors(db: Db, scope: AccessReviewScope) {
  const rows = await db
    .selectFrom("access_records as a")
    .leftJoin("organizers as o", "o.id", "a.organizer_id")
    .leftJoin("door_devices as d", "d.id", "a.door_device_id")
    .select(["a.organizer_id", "a.door_device_id", "o.name as organizer_name", "o.email as organizer_email", "d.name as device_name"])
    .distinct()
    .where((eb) =>
      typeof scope === "number"
        ? eb("a.event_id", "=", scope)
        : eb.or([...(scope.eventIds.length > 0 ? [eb("a.event_id", "in", scope.eventIds)] : []), eb.and([eb("a.event_id", "is", null), eb("a.organizer_id", "=", scope.organizerId)])]),
    )
    .where((eb) => eb.or([eb("a.organizer_id", "is not", null), eb("a.door_device_id", "is not", null)]))
    .execute();
  return rows.map((row) =>
    row.organizer_id !== null
      ? { value: `o${row.organizer_id}`, label: row.organizer_name ? `${row.organizer_name} <${row.organizer_email}>` : `#${row.organizer_id}` }
      : { value: `d${row.door_device_id}`, label: row.device_name ?? `#${row.door_device_id}` },
  );
}
