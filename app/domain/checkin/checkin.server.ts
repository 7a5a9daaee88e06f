/**
 * Check-in at the door: a scanned QR code, a typed entry code or a name found by hand becomes at
 * most one check-in per person per event. The database keeps that promise (a unique index over
 * check-ins not undone), so two doors scanning the same ticket at the same moment give one
 * "welcome" and one "already checked in", whatever the timing.
 */
import { CompiledQuery, sql, type Kysely } from "kysely";
import { z } from "zod";
import type { CheckinMethod, Database, Language } from "../../../db/schema";
import { containsPattern } from "../../lib/like-pattern";
import { maskPhone } from "../../lib/format";
import { jsonId, requiredText, text } from "../../lib/forms.server";
import { addInvitee } from "../invitations/invitations.server";
import { recordOptionalConsents, type OptionalConsentItem } from "../rsvp/optional-consents.server";
import { verifiedTicketFacts } from "../rsvp/tickets.server";
import { normalizeCode } from "./door-roster";
import { UNDO_WINDOW_MINUTES } from "./door-outcome";
import { doorActor, recordAccess, searchTrace, withAccessRecord, type AccessBy } from "../access-records/access-records.server";
import { doorSeatsOf, seatTuplesColumn, seatTuplesSql, type SeatTuple } from "../seating/seats.server";
import type { DoorSeat } from "../seating/seat-label";

type Db = Kysely<Database>;

/** Who is at the door, as the result screen shows them. */
export interface ArrivingGuest {
  inviteeId: number;
  name: string;
  organization: string;
  position: string;
  group: string;
  isVip: boolean;
  /** Set when someone comes in the invitee's place. */
  proxyName: string;
  companions: number;
  /** Where they sit, when the organizer has seated them: the door says it as they come in. */
  seat: DoorSeat | null;
  /** Their companions' seats, for those of the companions still announced. */
  companionSeats: DoorSeat[];
}

export type CheckInOutcome =
  | { result: "welcome"; guest: ArrivingGuest; checkinId: number; at: Date }
  | { result: "already"; guest: ArrivingGuest; checkinId: number; at: Date; entrance: string }
  | { result: "not-attending"; guest: ArrivingGuest }
  | { result: "superseded" | "cancelled"; guest: ArrivingGuest | null }
  | { result: "other-event" }
  | { result: "invalid" };

export interface CheckInBy {
  eventId: number;
  entrance: string;
  organizerId: number | null;
  /** The door device, when no staff account is signed in on the phone. */
  deviceId?: number | null;
  /** For the access record: the door's address as the server sees it. */
  clientAddress?: string | null;
}

/** The door as the access records name it: the staff account, else the device. */
function doorAccess(by: CheckInBy): AccessBy {
  return { actor: doorActor(by), clientAddress: by.clientAddress ?? null };
}

function guestOf(row: {
  id: number;
  name: string;
  organization: string;
  position: string;
  group_name: string;
  is_vip: boolean;
  proxy_name: string | null;
  companions: number | null;
  seats: SeatTuple[] | null;
}): ArrivingGuest {
  return {
    inviteeId: row.id,
    name: row.name,
    organization: row.organization,
    position: row.position,
    group: row.group_name,
    isVip: row.is_vip,
    proxyName: row.proxy_name ?? "",
    companions: row.companions ?? 0,
    ...doorSeatsOf(row.seats),
  };
}

async function arrivingGuest(db: Db, eventId: number, inviteeId: number): Promise<ArrivingGuest | null> {
  const row = await db
    .selectFrom("invitees as i")
    .leftJoin("rsvps as r", "r.invitee_id", "i.id")
    .select(["i.id", "i.name", "i.organization", "i.position", "i.group_name", "i.is_vip", "r.proxy_name", "r.companions", seatTuplesColumn("i.id").as("seats")])
    .where("i.id", "=", inviteeId)
    .where("i.event_id", "=", eventId)
    .executeTakeFirst();
  return row ? guestOf(row) : null;
}

/**
 * Records the check-in unless one is already active: the insert skips on the unique index and
 * the check-in that holds it is read back. No read-then-write, so no race.
 */
async function recordCheckIn(
  db: Db,
  by: CheckInBy,
  input: { inviteeId: number; ticketId: number | null; method: CheckinMethod; clientId?: string; at?: Date },
  guest: ArrivingGuest,
): Promise<CheckInOutcome> {
  const inserted = await db
    .insertInto("checkins")
    .values({
      event_id: by.eventId,
      invitee_id: input.inviteeId,
      ticket_id: input.ticketId,
      method: input.method,
      entrance: by.entrance,
      checked_in_by: by.organizerId,
      client_id: input.clientId ?? null,
      ...(input.at ? { checked_in_at: input.at } : {}),
    })
    .onConflict((oc) => oc.columns(["event_id", "invitee_id"]).where("undone_at", "is", null).doNothing())
    .returning(["id", "checked_in_at"])
    .executeTakeFirst();
  if (inserted) return { result: "welcome", guest, checkinId: inserted.id, at: inserted.checked_in_at };
  return alreadyIn(db, by.eventId, input.inviteeId, guest);
}

/**
 * The scan's one statement, written out with its placeholders: $1 ticket id, $2 event id, $3 the
 * code's version, $4 entrance, $5 the staff member (or null), $6 the door device (or null), $7 the
 * door's address. The guest's seats come as one JSON column (see seatTuplesSql). Its access record is written by the same statement, whenever the ticket is a
 * guest's of this event (the door is shown who it is, whatever the outcome); the table's trigger
 * chains it. Kept as text rather than built with
 * Kysely per scan: building and compiling it was a tenth of a scan's time and garbage.
 */
const SCAN_STATEMENT = `/* prepared: nanum-checkin-scan */
    with ticket as (
      select id, invitee_id, version, status from tickets where id = $1 and event_id = $2
    ), guest as (
      select i.id, i.name, i.organization, i.position, i.group_name, i.is_vip, r.proxy_name, r.companions,
        ${seatTuplesSql("i.id")} as seats
      from invitees i left join rsvps r on r.invitee_id = i.id
      where i.id = (select invitee_id from ticket) and i.event_id = $2
    ), inserted as (
      insert into checkins (event_id, invitee_id, ticket_id, method, entrance, checked_in_by)
      select $2::int, ticket.invitee_id, ticket.id, 'scan', $4::text, $5::int
      from ticket
      where ticket.version = $3 and ticket.status = 'active' and exists (select 1 from guest)
      on conflict (event_id, invitee_id) where undone_at is null do nothing
      returning id, checked_in_at
    ), recorded as (
      insert into access_records (action, actor_kind, organizer_id, door_device_id, client_address, event_id, subject_ids, subject_count)
      select 'scan', case when $5::int is not null then 'organizer' when $6::int is not null then 'door_device' else 'system' end,
        $5::int, case when $5::int is null then $6::int end, $7::text, $2::int, array[guest.id], 1
      from guest
    )
    select ticket.version, ticket.status, ticket.invitee_id,
      guest.name, guest.organization, guest.position, guest.group_name, guest.is_vip, guest.proxy_name, guest.companions, guest.seats,
      inserted.id as inserted_id, inserted.checked_in_at as inserted_at,
      holder.id as holder_id, holder.checked_in_at as holder_at, holder.entrance as holder_entrance
    from ticket
    left join guest on true
    left join inserted on true
    left join lateral (
      -- The invitee from the ticket's subquery, not from the joined row: a join condition let the
      -- planner read every active check-in of the event (it thought there was one) and filter,
      -- 1.7 ms a scan with 10,000 in; as a value both columns go to the index.
      select c.id, c.checked_in_at, c.entrance from checkins c
      where c.event_id = $2 and c.invitee_id = (select invitee_id from ticket) and c.undone_at is null
    ) as holder on inserted.id is null`;

/**
 * A scanned QR code: genuine (checked here, with the event's key kept in memory), this event's,
 * the ticket's current version and still valid. The database is asked once: one statement reads
 * the ticket and the guest, inserts the check-in unless one is active, and reads back the one
 * that is. Only when another door's check-in of the same person commits while this statement
 * runs (its snapshot predates it) does a second query read that one.
 */
export async function checkInTicket(db: Db, by: CheckInBy, payload: string): Promise<CheckInOutcome> {
  const facts = await verifiedTicketFacts(db, payload);
  if (!facts) return { result: "invalid" };
  if (facts.eventId !== by.eventId) return { result: "other-event" };
  const parameters = [facts.ticketId, by.eventId, facts.version, by.entrance, by.organizerId, by.deviceId ?? null, by.clientAddress ?? null];
  const row = (await db.executeQuery(CompiledQuery.raw(SCAN_STATEMENT, parameters) as CompiledQuery<ScanRow>)).rows[0];
  if (!row || row.name === null) return { result: "invalid" };
  const guest: ArrivingGuest = {
    inviteeId: row.invitee_id,
    name: row.name,
    organization: row.organization!,
    position: row.position!,
    group: row.group_name!,
    isVip: row.is_vip!,
    proxyName: row.proxy_name ?? "",
    companions: row.companions ?? 0,
    ...doorSeatsOf(row.seats),
  };
  if (row.version !== facts.version) return { result: "superseded", guest };
  if (row.status !== "active") return { result: "cancelled", guest };
  if (row.inserted_id !== null) return { result: "welcome", guest, checkinId: row.inserted_id, at: row.inserted_at! };
  if (row.holder_id !== null) return { result: "already", guest, checkinId: row.holder_id, at: row.holder_at!, entrance: row.holder_entrance! };
  return alreadyIn(db, by.eventId, row.invitee_id, guest);
}

interface ScanRow {
  version: number;
  status: "active" | "cancelled";
  invitee_id: number;
  name: string | null;
  organization: string | null;
  position: string | null;
  group_name: string | null;
  is_vip: boolean | null;
  proxy_name: string | null;
  companions: number | null;
  seats: SeatTuple[] | null;
  inserted_id: number | null;
  inserted_at: Date | null;
  holder_id: number | null;
  holder_at: Date | null;
  holder_entrance: string | null;
}

/** The check-in that holds the person's place: the answer "already", with when and where. */
async function alreadyIn(db: Db, eventId: number, inviteeId: number, guest: ArrivingGuest): Promise<CheckInOutcome> {
  const active = await db
    .selectFrom("checkins")
    .select(["id", "checked_in_at", "entrance"])
    .where("event_id", "=", eventId)
    .where("invitee_id", "=", inviteeId)
    .where("undone_at", "is", null)
    .executeTakeFirstOrThrow();
  return { result: "already", guest, checkinId: active.id, at: active.checked_in_at, entrance: active.entrance };
}

/** The 8-character code under the QR, typed in by hand (case and spaces forgiven). */
export async function checkInByCode(db: Db, by: CheckInBy, typed: string): Promise<CheckInOutcome> {
  const code = normalizeCode(typed);
  if (!/^[23456789ABCDEFGHJKLMNPQRSTUVWXYZ]{8}$/.test(code)) return { result: "invalid" };
  const ticket = await db.selectFrom("tickets").select(["id", "invitee_id", "status"]).where("event_id", "=", by.eventId).where("code", "=", code).executeTakeFirst();
  if (!ticket) {
    // A code printed on a ticket that was re-issued since (lost, forwarded, given to a proxy).
    const retired = await db
      .selectFrom("retired_ticket_codes as r")
      .innerJoin("tickets as t", "t.id", "r.ticket_id")
      .select("t.invitee_id")
      .where("r.event_id", "=", by.eventId)
      .where("r.code", "=", code)
      .executeTakeFirst();
    if (!retired) return { result: "invalid" };
    const superseded = await arrivingGuest(db, by.eventId, retired.invitee_id);
    if (superseded) await recordAccess(db, { ...doorAccess(by), action: "scan", eventId: by.eventId, subjectIds: [superseded.inviteeId] });
    return { result: "superseded", guest: superseded };
  }
  const guest = await arrivingGuest(db, by.eventId, ticket.invitee_id);
  if (!guest) return { result: "invalid" };
  const record = { ...doorAccess(by), action: "scan" as const, eventId: by.eventId, subjectIds: [guest.inviteeId] };
  if (ticket.status !== "active") {
    await recordAccess(db, record);
    return { result: "cancelled", guest };
  }
  return withAccessRecord(
    db,
    (trx) => recordCheckIn(trx, by, { inviteeId: ticket.invitee_id, ticketId: ticket.id, method: "code" }, guest),
    () => record,
  );
}

/**
 * Someone found on the list by name: checked in by a person's judgement, so it goes in even
 * without an attending answer (the result says so, and the list shows it).
 */
export async function checkInInvitee(db: Db, by: CheckInBy, inviteeId: number): Promise<CheckInOutcome> {
  const guest = await arrivingGuest(db, by.eventId, inviteeId);
  if (!guest) return { result: "invalid" };
  const ticket = await db.selectFrom("tickets").select("id").where("invitee_id", "=", inviteeId).where("status", "=", "active").executeTakeFirst();
  return withAccessRecord(
    db,
    (trx) => recordCheckIn(trx, by, { inviteeId, ticketId: ticket?.id ?? null, method: "manual" }, guest),
    () => ({ ...doorAccess(by), action: "scan", eventId: by.eventId, subjectIds: [inviteeId] }),
  );
}

/** Check-ins in force (not undone), over every event: for the server's metrics. */
export async function activeCheckInCount(db: Db): Promise<number> {
  const row = await db
    .selectFrom("checkins")
    .select((eb) => eb.fn.countAll<number>().as("count"))
    .where("undone_at", "is", null)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** Undoing is a recorded change, not a deletion; only within `withinMinutes` of the check-in. */
export async function undoCheckIn(
  db: Db,
  input: { eventId: number; checkinId: number; organizerId: number | null; deviceId?: number | null; clientAddress?: string | null; withinMinutes?: number },
): Promise<boolean> {
  const undone = await withAccessRecord(
    db,
    (trx) => undoCheckInRow(trx, input),
    (row) => (row ? { ...doorAccess({ ...input, entrance: "" }), action: "update", eventId: input.eventId, subjectIds: [row.invitee_id] } : null),
  );
  return undone !== undefined;
}

function undoCheckInRow(db: Db, input: { eventId: number; checkinId: number; organizerId: number | null; withinMinutes?: number }) {
  return db
    .updateTable("checkins")
    .set({ undone_at: sql<Date>`now()`, undone_by: input.organizerId })
    .where("id", "=", input.checkinId)
    .where("event_id", "=", input.eventId)
    .where("undone_at", "is", null)
    .where("recorded_at", ">", sql<Date>`now() - make_interval(mins => ${input.withinMinutes ?? UNDO_WINDOW_MINUTES})`)
    .returning("invitee_id")
    .executeTakeFirst();
}

/** One line of a search at the door: enough to recognise someone and let them in, nothing more. */
export interface GuestAtDoor {
  inviteeId: number;
  name: string;
  organization: string;
  group: string;
  /** Masked (010-****-1234): enough to tell two people of one name apart, no more. */
  phone: string;
  ticket: "active" | "cancelled" | "none";
  checkedIn: boolean;
}

/**
 * Someone without their QR code: found by name, organization or phone digits, in this event only.
 * Phone numbers match on three digits or more, as on the guest list; short queries would match
 * half the list, so the caller asks for two characters at least.
 */
export async function findGuestsAtDoor(db: Db, eventId: number, query: string, limit = 20, by?: AccessBy): Promise<GuestAtDoor[]> {
  const q = query.trim();
  const pattern = containsPattern(q);
  const digits = q.replace(/\D/g, "");
  const rows = await db
    .selectFrom("invitees as i")
    .leftJoin("tickets as t", "t.invitee_id", "i.id")
    .leftJoin("checkins as c", (join) => join.onRef("c.invitee_id", "=", "i.id").on("c.undone_at", "is", null))
    .select(["i.id", "i.name", "i.organization", "i.group_name", "i.phone", "t.status as ticket_status", "c.id as checkin_id"])
    .where("i.event_id", "=", eventId)
    .where((eb) => {
      const matches = [eb("i.name", "ilike", pattern), eb("i.organization", "ilike", pattern)];
      if (digits.length >= 3) matches.push(eb("i.phone_digits", "like", `%${digits}%`));
      return eb.or(matches);
    })
    .orderBy("i.name")
    .orderBy("i.id")
    .limit(limit)
    .execute();
  if (by) await recordAccess(db, { ...by, action: "search", eventId, subjectIds: rows.map((row) => row.id), filter: { list: "door", ...searchTrace(q) } });
  return rows.map((row) => ({
    inviteeId: row.id,
    name: row.name,
    organization: row.organization,
    group: row.group_name,
    // The door sees no email address and no whole phone number (organizers' pages show them).
    phone: maskPhone(row.phone),
    ticket: row.ticket_status ?? "none",
    checkedIn: row.checkin_id !== null,
  }));
}

/** The entrance names already used at this event, offered to the next device as suggestions. */
export async function listEntrances(db: Db, eventId: number): Promise<string[]> {
  const rows = await db.selectFrom("checkins").select("entrance").distinct().where("event_id", "=", eventId).where("entrance", "<>", "").orderBy("entrance").limit(30).execute();
  return rows.map((row) => row.entrance);
}

/** Arrivals so far: checked in against expected (attending), overall and by group. */
export async function arrivalCounts(db: Db, eventId: number) {
  const rows = await db
    .selectFrom("invitees as i")
    .leftJoin("rsvps as r", "r.invitee_id", "i.id")
    .leftJoin("checkins as c", (join) => join.onRef("c.invitee_id", "=", "i.id").on("c.undone_at", "is", null))
    .select((eb) => ["i.group_name", eb.fn.count<number>("i.id").filterWhere("r.status", "=", "attending").as("expected"), eb.fn.count<number>("c.id").as("arrived")])
    .where("i.event_id", "=", eventId)
    .groupBy("i.group_name")
    .orderBy("i.group_name")
    .execute();
  const groups = rows.map((row) => ({ name: row.group_name, expected: Number(row.expected), arrived: Number(row.arrived) }));
  return {
    groups,
    expected: groups.reduce((sum, group) => sum + group.expected, 0),
    arrived: groups.reduce((sum, group) => sum + group.arrived, 0),
  };
}

export const walkInSchema = z.object({
  name: requiredText(100),
  organization: text(200).default(""),
  position: text(100).default(""),
  group: text(100).default(""),
  consent: z.literal(true, "rsvp.error.consent"),
  consentText: z.string().max(5000),
  /** The optional consent items ticked (by id); never required. */
  optional: z.array(z.number().int().positive()).max(50).default([]),
});

/**
 * Someone not on the list, let in at the door: added as an invitee (no email needed) with the
 * privacy consent they ticked on the staff's phone, and the optional consents they chose there
 * (`optionalItems` are the event's, as the phone showed them in `locale`), attending by the
 * staff's decision (an override of the capacity, as the organizer's "admit" is), and checked in,
 * all at once.
 */
export async function registerWalkIn(
  db: Db,
  by: CheckInBy,
  input: Omit<z.output<typeof walkInSchema>, "optional"> & { optional?: number[] },
  optional: { items: OptionalConsentItem[]; locale: Language } = { items: [], locale: "ko" },
): Promise<CheckInOutcome> {
  return db.transaction().execute(async (trx) => {
    const { id } = await addInvitee(trx, by.eventId, {
      name: input.name,
      email: null,
      phone: "",
      organization: input.organization,
      position: input.position,
      groupName: input.group,
      isVip: false,
      language: "ko",
      notes: "",
    });
    await trx
      .insertInto("rsvps")
      .values({ invitee_id: id, event_id: by.eventId, status: "attending", over_capacity: true, consent_at: sql<Date>`now()`, consent_text: input.consentText, answers: "{}" })
      .execute();
    await recordOptionalConsents(trx, { eventId: by.eventId, inviteeId: id, items: optional.items, ticked: new Set(input.optional ?? []), locale: optional.locale });
    const guest = (await arrivingGuest(trx, by.eventId, id))!;
    const outcome = await recordCheckIn(trx, by, { inviteeId: id, ticketId: null, method: "walk-in" }, guest);
    await recordAccess(trx, { ...doorAccess(by), action: "walk_in", eventId: by.eventId, subjectIds: [id] });
    return outcome;
  });
}

/**
 * What a scanner keeps on the phone to work offline: the event's public key, and per ticket only
 * what the door shows and checks (the current version and status, name, organization, group,
 * seats).
 * The phone deletes it when `expiresAt` passes.
 */
export async function checkinRoster(db: Db, eventId: number, hoursAfterEvent = 12, by?: AccessBy) {
  const event = await db.selectFrom("events").select(["id", "ends_at"]).where("id", "=", eventId).executeTakeFirstOrThrow();
  const tickets = await db
    .selectFrom("tickets as t")
    .innerJoin("invitees as i", "i.id", "t.invitee_id")
    .leftJoin("rsvps as r", "r.invitee_id", "i.id")
    .leftJoin("checkins as c", (join) => join.onRef("c.invitee_id", "=", "i.id").on("c.undone_at", "is", null))
    .select(["t.id", "t.version", "t.status", "t.code", "i.id as inviteeId", "i.name", "i.organization", "i.group_name", "i.is_vip", "r.proxy_name", "r.companions", "c.checked_in_at"])
    .select(seatTuplesColumn("i.id").as("seats"))
    .select((eb) =>
      eb.fn
        .coalesce(
          eb
            .selectFrom("retired_ticket_codes as rc")
            .select(sql<string[]>`array_agg(rc.code order by rc.code)`.as("codes"))
            .whereRef("rc.ticket_id", "=", "t.id"),
          sql<string[]>`'{}'::text[]`,
        )
        .as("retiredCodes"),
    )
    .where("t.event_id", "=", eventId)
    .orderBy("t.id")
    .execute();
  // Offline check-ins may not be older than the first roster handed out (see syncOfflineCheckIns).
  await db
    .updateTable("events")
    .set({ door_roster_issued_at: sql<Date>`now()` })
    .where("id", "=", eventId)
    .where("door_roster_issued_at", "is", null)
    .execute();
  if (by) await recordAccess(db, { ...by, action: "list", eventId, count: tickets.length, filter: { list: "door-roster" } });
  return {
    eventId,
    expiresAt: new Date(event.ends_at.getTime() + hoursAfterEvent * 3_600_000),
    tickets: tickets.map((t) => ({
      ticketId: t.id,
      version: t.version,
      status: t.status,
      code: t.code,
      retiredCodes: t.retiredCodes,
      inviteeId: t.inviteeId,
      name: t.name,
      organization: t.organization,
      group: t.group_name,
      isVip: t.is_vip,
      proxyName: t.proxy_name ?? "",
      companions: t.companions ?? 0,
      ...doorSeatsOf(t.seats),
      checkedInAt: t.checked_in_at,
    })),
  };
}

export const offlineCheckInSchema = z.object({
  clientId: z.string().uuid(),
  inviteeId: jsonId,
  ticketId: jsonId.nullable(),
  checkedInAt: z.coerce.date(),
  entrance: text(60).default(""),
});

export type OfflineCheckIn = z.output<typeof offlineCheckInSchema>;
export type SyncResult = { clientId: string; result: "recorded" | "conflict" | "unknown" };

/** How far a phone's clock may be off before its offline check-in time is refused rather than clamped. */
export const OFFLINE_CLOCK_SKEW_MS = 10 * 60_000;

/**
 * Check-ins a phone made while offline, sent when it is back. Each carries the phone's own id,
 * so sending the same one twice records it once. When another door already let the person in,
 * the phone's check-in becomes a conflict the organizer can see, never a second check-in.
 * The phone is trusted no further than its roster goes: a ticket that is not this person's in
 * this event, or a time before the first roster was handed out or after now (beyond a few
 * minutes of clock skew, which is clamped), is refused and listed as a conflict with its reason.
 */
export async function syncOfflineCheckIns(db: Db, by: CheckInBy, items: OfflineCheckIn[]): Promise<SyncResult[]> {
  if (items.length === 0) return [];
  // One transaction and a handful of statements whatever the queue's length: a phone back online
  // with a thousand check-ins costs one commit, not a thousand round trips.
  return db.transaction().execute(async (trx) => {
    const event = await trx.selectFrom("events").select("door_roster_issued_at").where("id", "=", by.eventId).executeTakeFirstOrThrow();
    const clientIds = [...new Set(items.map((item) => item.clientId))];
    const answered = new Map<string, SyncResult["result"]>();
    for (const row of await trx.selectFrom("checkins").select("client_id").where("client_id", "in", clientIds).execute()) answered.set(row.client_id!, "recorded");
    for (const row of await trx.selectFrom("checkin_conflicts").select("client_id").where("client_id", "in", clientIds).execute()) {
      if (!answered.has(row.client_id)) answered.set(row.client_id, "conflict");
    }
    const guests = new Set(
      (
        await trx
          .selectFrom("invitees")
          .select("id")
          .where("event_id", "=", by.eventId)
          .where("id", "in", [...new Set(items.map((item) => item.inviteeId))])
          .execute()
      ).map((row) => row.id),
    );
    const ticketIds = [...new Set(items.flatMap((item) => (item.ticketId === null ? [] : [item.ticketId])))];
    const tickets =
      ticketIds.length === 0
        ? new Set<string>()
        : new Set((await trx.selectFrom("tickets").select(["id", "invitee_id"]).where("event_id", "=", by.eventId).where("id", "in", ticketIds).execute()).map((t) => `${t.id}:${t.invitee_id}`));

    // Each new item (a phone may send one twice: its first copy decides) is refused, or a candidate.
    const now = new Date();
    const refused: Array<{ item: OfflineCheckIn; at: Date; reason: "ticket" | "time" }> = [];
    const candidates: Array<{ item: OfflineCheckIn; at: Date }> = [];
    const fresh = new Map<string, OfflineCheckIn>();
    for (const item of items) if (!answered.has(item.clientId) && !fresh.has(item.clientId)) fresh.set(item.clientId, item);
    for (const item of fresh.values()) {
      if (!guests.has(item.inviteeId)) {
        answered.set(item.clientId, "unknown");
        continue;
      }
      const at = offlineTime(item.checkedInAt, event.door_roster_issued_at, now);
      if (!at) refused.push({ item, at: item.checkedInAt, reason: "time" });
      else if (item.ticketId !== null && !tickets.has(`${item.ticketId}:${item.inviteeId}`)) refused.push({ item, at, reason: "ticket" });
      else candidates.push({ item, at });
    }

    // All candidates in one insert; a guest already in (or twice in the queue) is skipped by the unique index.
    const inserted =
      candidates.length === 0
        ? []
        : await trx
            .insertInto("checkins")
            .values(
              candidates.map(({ item, at }) => ({
                event_id: by.eventId,
                invitee_id: item.inviteeId,
                ticket_id: item.ticketId,
                method: "scan" as const,
                entrance: item.entrance,
                checked_in_by: by.organizerId,
                client_id: item.clientId,
                checked_in_at: at,
              })),
            )
            .onConflict((oc) => oc.columns(["event_id", "invitee_id"]).where("undone_at", "is", null).doNothing())
            .returning("client_id")
            .execute();
    for (const row of inserted) answered.set(row.client_id!, "recorded");
    const doubled = candidates.filter(({ item }) => !answered.has(item.clientId));
    const holders =
      doubled.length === 0
        ? new Map<number, number>()
        : new Map(
            (
              await trx
                .selectFrom("checkins")
                .select(["id", "invitee_id"])
                .where("event_id", "=", by.eventId)
                .where(
                  "invitee_id",
                  "in",
                  doubled.map(({ item }) => item.inviteeId),
                )
                .where("undone_at", "is", null)
                .execute()
            ).map((row) => [row.invitee_id, row.id]),
          );

    // Refusals and double admissions are kept for the organizer, each once (by the phone's id).
    const conflicts = [
      ...refused.map(({ item, at, reason }) => ({ item, at, reason, checkinId: null })),
      ...doubled.map(({ item, at }) => ({ item, at, reason: undefined, checkinId: holders.get(item.inviteeId) ?? null })),
    ];
    if (conflicts.length > 0) {
      await trx
        .insertInto("checkin_conflicts")
        .values(
          conflicts.map(({ item, at, reason, checkinId }) => ({
            event_id: by.eventId,
            invitee_id: item.inviteeId,
            checkin_id: checkinId,
            ...(reason ? { reason } : {}),
            client_id: item.clientId,
            entrance: item.entrance,
            checked_in_at: at,
          })),
        )
        .onConflict((oc) => oc.column("client_id").doNothing())
        .execute();
    }
    for (const { item } of conflicts) answered.set(item.clientId, "conflict");
    const processed = [...inserted.map((row) => fresh.get(row.client_id!)!.inviteeId), ...conflicts.map(({ item }) => item.inviteeId)];
    if (processed.length > 0) await recordAccess(trx, { ...doorAccess(by), action: "scan", eventId: by.eventId, subjectIds: processed, filter: { offline: true } });
    return items.map((item) => ({ clientId: item.clientId, result: answered.get(item.clientId) ?? "unknown" }));
  });
}

/**
 * An offline check-in's time within the door's window, from the first roster handed out (no
 * phone could check anyone in offline before it had one) to now; a few minutes of clock skew
 * either side are clamped to the edge, anything further is null (refused).
 */
export function offlineTime(claimed: Date, rosterIssuedAt: Date | null, now: Date): Date | null {
  if (!rosterIssuedAt || Number.isNaN(claimed.getTime())) return null;
  if (claimed.getTime() < rosterIssuedAt.getTime() - OFFLINE_CLOCK_SKEW_MS || claimed.getTime() > now.getTime() + OFFLINE_CLOCK_SKEW_MS) return null;
  if (claimed < rosterIssuedAt) return rosterIssuedAt;
  return claimed > now ? now : claimed;
}

/** Offline double admissions, and offline check-ins the server refused, for the organizer to look at. */
export async function listCheckinConflicts(db: Db, eventId: number) {
  return db
    .selectFrom("checkin_conflicts as k")
    .innerJoin("invitees as i", "i.id", "k.invitee_id")
    .leftJoin("checkins as c", "c.id", "k.checkin_id")
    .select(["k.id", "k.reason", "i.name", "i.organization", "k.entrance", "k.checked_in_at", "c.entrance as firstEntrance", "c.checked_in_at as firstAt"])
    .where("k.event_id", "=", eventId)
    .orderBy("k.checked_in_at", "desc")
    .execute();
}
