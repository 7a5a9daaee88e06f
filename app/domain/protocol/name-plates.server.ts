import type { Kysely } from "kysely";
import type { Database, Language } from "../../../db/schema";
import { eventTitle } from "../events/event-view";
import { isSpacedName, namePlateFontPt } from "./name-plate-size";

type Db = Kysely<Database>;

export interface NamePlate {
  /** The name printed large: the person who sits there (a proxy in their own name). */
  name: string;
  organization: string;
  position: string;
  /** For a proxy (대리참석), whom they stand in for, printed small under the name. */
  onBehalfOf: string | null;
  /** The name's size in points, so that it fits one line of the face. */
  namePt: number;
  /** Printed spaced out, as Korean names are on name plates. */
  spaced: boolean;
}

const collator = new Intl.Collator("ko");

/**
 * Desk name plates (명패) for those attending: every one, one group, the guests of honour only,
 * or those seated at the head table. Guests of honour come first in protocol order (the MC's
 * introduction order, 의전 서열), then everyone else by group and name, as tables are usually laid
 * out from the centre. The head table's plates come in seat order (seat 1, 2, 3… of each head
 * table block in the plan's order), the order they are set out along the table.
 */
export async function namePlates(db: Db, input: { eventId: number; group?: string; vipOnly: boolean; headTable?: boolean; locale: Language }) {
  const event = await db.selectFrom("events").select(["title_ko", "title_en"]).where("id", "=", input.eventId).executeTakeFirst();
  if (!event) return undefined;
  const rows = await db
    .selectFrom("invitees as i")
    .innerJoin("rsvps as r", "r.invitee_id", "i.id")
    .select(["i.name", "i.organization", "i.position", "i.group_name", "i.is_vip", "i.intro_order", "r.proxy_name", "r.proxy_position"])
    .where("i.event_id", "=", input.eventId)
    .where("r.status", "=", "attending")
    .$if(input.group !== undefined, (qb) => qb.where("i.group_name", "=", input.group!))
    .$if(input.vipOnly, (qb) => qb.where("i.is_vip", "=", true))
    .$if(input.headTable === true, (qb) =>
      qb
        // The person's own seat: a companion has no plate of their own (no name on the list).
        .innerJoin("seat_assignments as s", (join) => join.onRef("s.invitee_id", "=", "i.id").on("s.companion_index", "=", 0))
        .innerJoin("seating_blocks as b", "b.id", "s.block_id")
        .where("b.kind", "=", "head_table")
        .orderBy("b.position")
        .orderBy("b.id")
        .orderBy("s.row_index")
        .orderBy("s.seat_number"),
    )
    .execute();
  // Sorted here rather than in SQL: names follow 가나다 order, whatever the engine's collation.
  if (!input.headTable) {
    rows.sort((a, b) => {
      if (a.is_vip !== b.is_vip) return a.is_vip ? -1 : 1;
      if (a.is_vip && a.intro_order !== b.intro_order) return (a.intro_order ?? Infinity) - (b.intro_order ?? Infinity);
      return (a.is_vip ? 0 : collator.compare(a.group_name, b.group_name)) || collator.compare(a.name, b.name);
    });
  }
  const plates: NamePlate[] = rows.map((row) => {
    const name = row.proxy_name || row.name;
    return {
      name,
      organization: row.organization,
      position: row.proxy_name ? row.proxy_position : row.position,
      onBehalfOf: row.proxy_name ? row.name : null,
      namePt: namePlateFontPt(name),
      spaced: isSpacedName(name),
    };
  });
  return { event: { title: eventTitle(event, input.locale) }, plates };
}
