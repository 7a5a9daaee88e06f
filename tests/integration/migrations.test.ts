import { Migrator, sql, type Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEvent, eventFormSchema } from "../../app/domain/events/events.server";
import { addInvitees } from "../../app/domain/invitations/invitations.server";
import { recordRsvp, rsvpFormSchema, waitlistPosition } from "../../app/domain/rsvp/rsvp.server";
import { migrateAllDown, migrateToLatest } from "../../db/migrate";
import { migrations } from "../../db/migrations/index";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { sampleEventForm, sampleInvitee } from "../helpers/fixtures";
import { newOrganizer } from "../helpers/routes";

async function tableNames(test: TestDatabase): Promise<string[]> {
  const result = await sql<{ table_name: string }>`
    select table_name from information_schema.tables
    where table_schema = 'public' and table_name not like 'kysely_%' order by table_name`.execute(test.db);
  return result.rows.map((row) => row.table_name);
}

describe("migrations", () => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await createTestDatabase();
  });
  afterAll(() => test.destroy());

  it("run all the way down and up again, leaving the same schema", async () => {
    const before = await tableNames(test);
    expect(before).toEqual(expect.arrayContaining(["events", "event_members", "organizers", "organizer_sessions"]));

    const reverted = await migrateAllDown(test.db);
    expect(reverted.sort()).toEqual(Object.keys(migrations).sort());
    expect(await tableNames(test)).toEqual([]);

    const applied = await migrateToLatest(test.db);
    expect(applied).toEqual(Object.keys(migrations));
    expect(await tableNames(test)).toEqual(before);
  });

  it("does nothing when already up to date", async () => {
    expect(await migrateToLatest(test.db)).toEqual([]);
  });
});

describe("the waitlist's turns (2026-12-04-21)", () => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await createTestDatabase();
  });
  afterAll(() => test.destroy());

  it("numbers those already waiting in the order they were shown, and new answers after them", async () => {
    const owner = (await newOrganizer(test.db, "Owner")).id;
    const { id: eventId } = await createEvent(test.db, owner, eventFormSchema.parse(sampleEventForm({ slug: "turns", capacity: "1" })));
    const ids = await addInvitees(
      test.db,
      eventId,
      Array.from({ length: 5 }, (_, i) => sampleInvitee({ name: `대기${i}` })),
    );
    const migrator = new Migrator({ db: test.db, provider: { getMigrations: async () => migrations } });
    const { error } = await migrator.migrateTo("2026-12-04-20-destruction-register");
    expect(error).toBeUndefined();
    // Before: one attending; three waiting, two of them at the same millisecond (then by invitee id).
    const at = (ms: number) => new Date(Date.UTC(2026, 11, 1, 9, 0, 0, ms));
    const row = (inviteeId: number, status: string, waitlistedAt: Date | null) => ({
      invitee_id: inviteeId,
      event_id: eventId,
      status,
      consent_at: at(0),
      consent_text: "동의",
      waitlisted_at: waitlistedAt,
    });
    await (test.db as Kysely<any>)
      .insertInto("rsvps")
      .values([row(ids[0]!, "attending", null), row(ids[3]!, "waitlisted", at(5)), row(ids[2]!, "waitlisted", at(7)), row(ids[1]!, "waitlisted", at(5))])
      .execute();

    expect(await migrateToLatest(test.db)).toContain("2026-12-04-21-waitlist-commit-order");
    const positions = await Promise.all([1, 2, 3].map((i) => waitlistPosition(test.db, eventId, ids[i]!)));
    expect(positions).toEqual([1, 3, 2]);
    const outcome = await recordRsvp(test.db, {
      eventId,
      inviteeId: ids[4]!,
      form: rsvpFormSchema([], 0).parse({ answer: "attending", consent: "on" }),
      consentText: "동의",
      mail: { origin: "http://localhost:3000", messageIdDomain: "example.org" },
    });
    expect(outcome).toEqual({ status: "waitlisted", waitlistPosition: 4 });
  });
});
