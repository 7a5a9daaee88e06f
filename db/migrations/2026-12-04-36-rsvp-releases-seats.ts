import { sql, type Kysely } from "kysely";

// A seat is held only while its person comes: an answer changed to anything but "attending"
// frees the guest's seats, and fewer companions free the seats of those no longer coming, in the
// statement that changes the answer. One rule in one place, whichever code path changes answers
// (the guest's page, the organizer, the waiting list), instead of every reader of seats
// filtering them. Seats already held by people who no longer come are freed here once.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    delete from seat_assignments s
    where not exists (
      select 1 from rsvps r
      where r.invitee_id = s.invitee_id and r.status = 'attending' and r.companions >= s.companion_index
    )`.execute(db);
  await sql`
    create function rsvps_release_seats() returns trigger language plpgsql as $$
    begin
      if tg_op = 'DELETE' then
        delete from seat_assignments where invitee_id = old.invitee_id;
      else
        delete from seat_assignments
        where invitee_id = new.invitee_id and (new.status <> 'attending' or companion_index > new.companions);
      end if;
      return null;
    end
    $$`.execute(db);
  await sql`
    create trigger rsvps_release_seats after insert or update of status, companions or delete on rsvps
    for each row execute function rsvps_release_seats()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger rsvps_release_seats on rsvps`.execute(db);
  await sql`drop function rsvps_release_seats()`.execute(db);
}
