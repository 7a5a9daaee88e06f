import type { Kysely } from "kysely";
import type { Database, EventRole } from "../../../db/schema";

/**
 * Who may do what on an event, decided here and nowhere else. Owners and organizers
 * run the event; only the owner decides who else has access; staff only check people in.
 */
export type Permission = "event.view" | "event.edit" | "event.members" | "checkin";

const GRANTS: Record<EventRole, ReadonlySet<Permission>> = {
  owner: new Set<Permission>(["event.view", "event.edit", "event.members", "checkin"]),
  organizer: new Set<Permission>(["event.view", "event.edit", "checkin"]),
  staff: new Set<Permission>(["checkin"]),
};

export function roleAllows(role: EventRole, permission: Permission): boolean {
  return GRANTS[role].has(permission);
}

export async function findEventRole(db: Kysely<Database>, organizerId: number, eventId: number): Promise<EventRole | undefined> {
  const row = await db.selectFrom("event_members").select("role").where("organizer_id", "=", organizerId).where("event_id", "=", eventId).executeTakeFirst();
  return row?.role;
}
