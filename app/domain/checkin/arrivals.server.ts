/**
 * The organizer's view of the door: who has arrived, against whom was expected, by group and by
 * entrance; which guests of honour are in the room (in the order the MC introduces them); the
 * attendance list to export; and the one-page results for the meeting's report. Where a guest
 * sits is shown beside them once the organizer has seated them.
 */
import { sql, type Kysely } from "kysely";
import type { Database, Language } from "../../../db/schema";
import { formatDateTime } from "../../lib/format";
import { translate } from "../../i18n/i18n";
import { arrivalCounts } from "./checkin.server";
import { ownSeatsOf, seatsOfInvitees } from "../seating/seats.server";

type Db = Kysely<Database>;

export async function arrivalsOverview(db: Db, eventId: number, language: Language) {
  const counts = await arrivalCounts(db, eventId);
  const byEntrance = await db
    .selectFrom("checkins")
    .select(["entrance", (eb) => eb.fn.countAll<number>().as("arrived")])
    .where("event_id", "=", eventId)
    .where("undone_at", "is", null)
    .groupBy("entrance")
    .orderBy("entrance")
    .execute();
  const recent = await db
    .selectFrom("checkins as c")
    .innerJoin("invitees as i", "i.id", "c.invitee_id")
    .select(["c.id", "c.invitee_id", "i.name", "i.organization", "i.group_name", "i.is_vip", "c.entrance", "c.checked_in_at", "c.method"])
    .where("c.event_id", "=", eventId)
    .where("c.undone_at", "is", null)
    .orderBy("c.checked_in_at", "desc")
    .orderBy("c.id", "desc")
    .limit(15)
    .execute();
  const vips = await vipIntroductions(db, eventId);
  const seatOf = await ownSeatsOf(db, { eventId, inviteeIds: [...recent.map((row) => row.invitee_id), ...vips.map((vip) => vip.id)], language });
  return {
    ...counts,
    byEntrance: byEntrance.map((row) => ({ entrance: row.entrance, arrived: Number(row.arrived) })),
    recent: recent.map((row) => ({ ...row, seat: seatOf(row.invitee_id) })),
    vips: vips.map((vip) => ({ ...vip, seat: seatOf(vip.id) })),
  };
}

/**
 * Guests of honour in the MC's order, each with whether (and when) they arrived. The list the MC
 * reads from is the arrived ones; the rest shows who is still expected.
 */
export async function vipIntroductions(db: Db, eventId: number) {
  return db
    .selectFrom("invitees as i")
    .leftJoin("rsvps as r", "r.invitee_id", "i.id")
    .leftJoin("checkins as c", (join) => join.onRef("c.invitee_id", "=", "i.id").on("c.undone_at", "is", null))
    .select(["i.id", "i.name", "i.organization", "i.position", "i.intro_order", "r.status", "r.proxy_name", "c.checked_in_at", "c.entrance"])
    .where("i.event_id", "=", eventId)
    .where("i.is_vip", "=", true)
    .orderBy(sql`i.intro_order is null`)
    .orderBy("i.intro_order")
    .orderBy("i.name")
    .execute();
}

/** The MC's list (내빈 소개): the guests of honour who have arrived, in order, each with their seat. */
export async function arrivedVipIntroductions(db: Db, eventId: number, language: Language) {
  const vips = (await vipIntroductions(db, eventId)).filter((vip) => vip.checked_in_at !== null);
  const seatOf = await ownSeatsOf(db, { eventId, inviteeIds: vips.map((vip) => vip.id), language });
  return vips.map((vip) => ({ ...vip, seat: seatOf(vip.id) }));
}

/** Numbers the guests of honour 1, 2, 3… in the order given (the caller holds the event's row lock). */
export async function numberIntroductions(trx: Db, eventId: number, order: number[]): Promise<void> {
  for (const [position, id] of order.entries()) {
    await trx
      .updateTable("invitees")
      .set({ intro_order: position + 1 })
      .where("id", "=", id)
      .where("event_id", "=", eventId)
      .execute();
  }
}

/** Moves a guest of honour one place up or down the MC's list (the whole list is numbered afresh). */
export async function moveVipIntroduction(db: Db, eventId: number, inviteeId: number, direction: "up" | "down"): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    await trx.selectFrom("events").select("id").where("id", "=", eventId).forUpdate().execute();
    const order = (await vipIntroductions(trx, eventId)).map((vip) => vip.id);
    const at = order.indexOf(inviteeId);
    const to = direction === "up" ? at - 1 : at + 1;
    if (at < 0 || to < 0 || to >= order.length) return false;
    [order[at], order[to]] = [order[to]!, order[at]!];
    await numberIntroductions(trx, eventId, order);
    return true;
  });
}

/** Everyone on the list with their answer and their arrival (time in the event's zone, entrance). */
export async function attendanceExportRows(db: Db, eventId: number, locale: Language): Promise<string[][]> {
  const event = await db.selectFrom("events").select("time_zone").where("id", "=", eventId).executeTakeFirstOrThrow();
  const rows = await db
    .selectFrom("invitees as i")
    .leftJoin("rsvps as r", "r.invitee_id", "i.id")
    .leftJoin("checkins as c", (join) => join.onRef("c.invitee_id", "=", "i.id").on("c.undone_at", "is", null))
    .select(["i.id", "i.name", "i.organization", "i.position", "i.group_name", "i.is_vip", "r.status", "r.proxy_name", "r.companions", "c.checked_in_at", "c.entrance"])
    .where("i.event_id", "=", eventId)
    .orderBy("i.group_name")
    .orderBy("i.name")
    .execute();
  const t = (key: Parameters<typeof translate>[1]) => translate(locale, key);
  // The guest's seat first, then their companions', as on the ticket.
  const seats = await seatsOfInvitees(db, { eventId, language: locale });
  return [
    [
      t("invitee.name"),
      t("invitee.organization"),
      t("invitee.position"),
      t("invitee.group"),
      "VIP",
      t("arrivals.answer"),
      t("arrivals.proxy"),
      t("arrivals.companions"),
      t("arrivals.checkedInAt"),
      t("arrivals.entrance"),
      t("seatShow.seat"),
    ],
    ...rows.map((row) => [
      row.name,
      row.organization,
      row.position,
      row.group_name,
      row.is_vip ? "Y" : "",
      row.status ? t(`arrivals.status.${row.status}`) : t("arrivals.status.none"),
      row.proxy_name ?? "",
      row.companions ? String(row.companions) : "",
      row.checked_in_at ? formatDateTime(row.checked_in_at, event.time_zone, locale) : "",
      row.entrance ?? "",
      (seats.get(row.id) ?? []).map((seat) => seat.label).join(", "),
    ]),
  ];
}

/** The figures for the meeting's report: invited, answered, attending, arrived; overall and by group. */
export async function resultsSummary(db: Db, eventId: number) {
  const rows = await db
    .selectFrom("invitees as i")
    .leftJoin("rsvps as r", "r.invitee_id", "i.id")
    .leftJoin("checkins as c", (join) => join.onRef("c.invitee_id", "=", "i.id").on("c.undone_at", "is", null))
    .select((eb) => [
      "i.group_name",
      eb.fn.countAll<number>().as("invited"),
      eb.fn.count<number>("r.invitee_id").as("answered"),
      eb.fn.count<number>("r.invitee_id").filterWhere("r.status", "=", "attending").as("attending"),
      eb.fn.count<number>("r.invitee_id").filterWhere("r.status", "=", "declined").as("declined"),
      eb.fn.count<number>("c.id").as("arrived"),
      eb.fn.coalesce(eb.fn.sum<number>(sql<number>`case when c.id is not null then r.companions else 0 end`), eb.lit(0)).as("companions"),
    ])
    .where("i.event_id", "=", eventId)
    .groupBy("i.group_name")
    .orderBy("i.group_name")
    .execute();
  const groups = rows.map((row) => ({
    name: row.group_name,
    invited: Number(row.invited),
    answered: Number(row.answered),
    attending: Number(row.attending),
    declined: Number(row.declined),
    arrived: Number(row.arrived),
    companions: Number(row.companions),
  }));
  const total = groups.reduce(
    (sum, group) => ({
      invited: sum.invited + group.invited,
      answered: sum.answered + group.answered,
      attending: sum.attending + group.attending,
      declined: sum.declined + group.declined,
      arrived: sum.arrived + group.arrived,
      companions: sum.companions + group.companions,
    }),
    { invited: 0, answered: 0, attending: 0, declined: 0, arrived: 0, companions: 0 },
  );
  return { groups, total };
}
