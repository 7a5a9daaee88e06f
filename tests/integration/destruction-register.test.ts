import type { AppLoadContext } from "@remix-run/node";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { grantEventAccess } from "../../app/domain/events/members.server";
import { createEvent, eventFormSchema } from "../../app/domain/events/events.server";
import { runHousekeeping } from "../../app/domain/housekeeping.server";
import { queueInvitations } from "../../app/domain/invitations/guest-mail.server";
import { saveImportDraft } from "../../app/domain/invitations/invitee-import.server";
import { addInvitees } from "../../app/domain/invitations/invitations.server";
import { saveAwardImportDraft } from "../../app/domain/program/award-import.server";
import { addAwardCategory, addAwardRecipient } from "../../app/domain/program/awards.server";
import { recordRsvp } from "../../app/domain/rsvp/rsvp.server";
import * as purgePage from "../../app/routes/admin.events.$eventId.purge";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { sampleEventForm, sampleInvitee } from "../helpers/fixtures";
import { newOrganizer, outcome, postRequest, signedInCookie, testContext } from "../helpers/routes";

const mail = { origin: "http://localhost:3000", messageIdDomain: "example.org" };

describe("the destruction register (파기 대장)", () => {
  let test: TestDatabase;
  let context: AppLoadContext;
  let owner: Awaited<ReturnType<typeof newOrganizer>>;
  const cookies: Record<"owner" | "organizer" | "staff" | "other", string> = { owner: "", organizer: "", staff: "", other: "" };
  let coOrganizerEmail = "";
  let staffEmail = "";
  let slug = 0;

  beforeAll(async () => {
    test = await createTestDatabase();
    context = testContext(test.db);
    owner = await newOrganizer(test.db, "Kim Owner");
    const coOrganizer = await newOrganizer(test.db, "Co");
    const staff = await newOrganizer(test.db, "Staff");
    const other = await newOrganizer(test.db, "Other");
    coOrganizerEmail = coOrganizer.email;
    staffEmail = staff.email;
    cookies.owner = await signedInCookie(context, owner.id);
    cookies.organizer = await signedInCookie(context, coOrganizer.id);
    cookies.staff = await signedInCookie(context, staff.id);
    cookies.other = await signedInCookie(context, other.id);
  });
  afterAll(() => test.destroy());

  /** An event held on `date` with everything a purge destroys, and the personal values it was given. */
  async function eventWithGuests(date: string) {
    slug += 1;
    const { id: eventId } = await createEvent(test.db, owner.id, eventFormSchema.parse(sampleEventForm({ slug: `destroyed-${slug}`, date })));
    const access = { origin: "http://localhost:3000", locale: "ko", messageIdDomain: "example.org" } as const;
    await grantEventAccess(test.db, { eventId, email: coOrganizerEmail, role: "organizer", invitedBy: owner.id }, access);
    await grantEventAccess(test.db, { eventId, email: staffEmail, role: "staff", invitedBy: owner.id }, access);
    const guests = ["김파기", "이파기", "박파기"].map((name, i) => ({
      name: `${name}${slug}`,
      email: `destroy${slug}-${i}@example.org`,
      phone: `010-9876-${slug}${i}${i}${i}`,
    }));
    const ids = await addInvitees(
      test.db,
      eventId,
      guests.map((guest) => sampleInvitee({ ...guest, organization: "파기시청", position: "주무관", notes: "파기메모" })),
    );
    await queueInvitations(test.db, { ...mail, eventId });
    await recordRsvp(test.db, {
      eventId,
      inviteeId: ids[0]!,
      form: { answer: "proxy", companions: 0, proxyName: `최대리${slug}`, proxyPosition: "팀장", consent: true, answers: { "1": "채식" } },
      consentText: "동의문",
      mail,
    });
    await recordRsvp(test.db, { eventId, inviteeId: ids[1]!, form: { answer: "declined", companions: 0, proxyName: "", proxyPosition: "", consent: true, answers: {} }, consentText: "동의문", mail });
    // A registration not confirmed yet, whose link is still good when the event's data is purged
    // (housekeeping deletes expired ones on their own, before).
    const registrant = { name: `정신청${slug}`, email: `apply${slug}@example.org`, phone: `010-5555-${slug}000` };
    await test.db
      .insertInto("registrations")
      .values({
        event_id: eventId,
        token_hash: `hash-${slug}`,
        ...registrant,
        language: "ko",
        consent_text: "동의문",
        consent_at: new Date(),
        expires_at: new Date("2035-01-01T00:00:00Z"),
      })
      .execute();
    const category = await addAwardCategory(test.db, eventId, { nameKo: "공로상", nameEn: "", descriptionKo: "", descriptionEn: "", presenter: "", sessionId: null });
    await addAwardRecipient(test.db, eventId, {
      categoryId: category.id,
      name: "김수상",
      organization: "",
      grade: "",
      citation: "",
      isMinor: false,
      inviteeId: null,
      standInName: `한대신${slug}`,
      standInPosition: "배우자",
    });
    await saveAwardImportDraft(test.db, { eventId, organizerId: owner.id, fileName: "수상자.csv", bytes: new TextEncoder().encode("이름,상\r\n윤업로드,공로상\r\n") });
    await saveImportDraft(test.db, { eventId, organizerId: owner.id, fileName: "명단.csv", bytes: new TextEncoder().encode("이름,이메일\r\n윤업로드,upload@example.org\r\n") });
    const emails = await test.db
      .selectFrom("email_outbox")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("event_id", "=", eventId)
      .executeTakeFirstOrThrow();
    const personal = [
      ...guests.flatMap((guest) => [guest.name, guest.email, guest.phone, guest.phone.replace(/-/g, "")]),
      ...Object.values(registrant),
      `최대리${slug}`,
      `한대신${slug}`,
      "윤업로드",
      "upload@example.org",
      "파기메모",
    ];
    return { eventId, personal, emails: Number(emails.n) };
  }

  async function registerRows(eventId: number) {
    return test.db.selectFrom("destruction_records").selectAll().where("event_id", "=", eventId).execute();
  }

  let organizerPurge: { eventId: number; recordId: number };

  it("writes one row when the owner purges: what went and how many, by whom, and no guest's personal data", async () => {
    const { eventId, personal, emails } = await eventWithGuests("2030-06-01");
    const params = { eventId: String(eventId) };
    await outcome(() => purgePage.action({ request: postRequest(`/admin/events/${eventId}/purge`, {}, { Cookie: cookies.owner }), params, context }));
    const rows = await registerRows(eventId);
    expect(rows).toHaveLength(1);
    const row = rows[0]!;
    expect(row).toMatchObject({
      cause: "organizer",
      organizer_id: owner.id,
      organizer_name: "Kim Owner",
      organizer_email: owner.email,
      method: "database",
      event_title_ko: "2026 교육발전특구 성과공유회",
      retention_days: 365,
      counts: { invitees: 3, rsvps: 2, registrations: 1, emails, awardStandIns: 1, inviteeUploads: 1, awardUploads: 1 },
    });
    expect(emails).toBeGreaterThanOrEqual(3);
    expect(row.event_starts_at.toISOString()).toBe("2030-06-01T05:00:00.000Z");
    const stored = JSON.stringify(row);
    for (const value of personal) expect(stored, value).not.toContain(value);
    // The purge really happened, in the same transaction.
    expect(await test.db.selectFrom("invitee_imports").select("id").where("event_id", "=", eventId).execute()).toEqual([]);
    expect(await test.db.selectFrom("registrations").select("id").where("event_id", "=", eventId).execute()).toEqual([]);
    // A second press changes nothing and writes nothing.
    await outcome(() => purgePage.action({ request: postRequest(`/admin/events/${eventId}/purge`, {}, { Cookie: cookies.owner }), params, context }));
    expect(await registerRows(eventId)).toHaveLength(1);
    organizerPurge = { eventId, recordId: row.id };
  });

  it("writes one row when housekeeping purges after the retention period, with no organizer", async () => {
    const { eventId, personal, emails } = await eventWithGuests("2030-12-23");
    expect((await runHousekeeping(test.db, mail, new Date("2031-12-01T00:00:00Z"))).eventsPurged).toBe(0);
    expect(await registerRows(eventId)).toEqual([]);
    expect((await runHousekeeping(test.db, mail, new Date("2032-01-01T00:00:00Z"))).eventsPurged).toBe(1);
    expect((await runHousekeeping(test.db, mail, new Date("2032-02-01T00:00:00Z"))).eventsPurged).toBe(0);
    const rows = await registerRows(eventId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      cause: "retention",
      organizer_id: null,
      organizer_name: "",
      organizer_email: "",
      method: "database",
      counts: { invitees: 3, rsvps: 2, registrations: 1, emails, awardStandIns: 1, inviteeUploads: 1, awardUploads: 1 },
    });
    const stored = JSON.stringify(rows[0]);
    for (const value of personal) expect(stored, value).not.toContain(value);
  });

  it("keeps its rows: no update, delete or truncate, and the event cannot be deleted from under them", async () => {
    const { eventId, recordId } = organizerPurge;
    const before = await registerRows(eventId);
    const refusals = [
      () => sql`update destruction_records set organizer_name = 'someone else' where id = ${recordId}`.execute(test.db),
      () => test.db.deleteFrom("destruction_records").where("id", "=", recordId).execute(),
      () => sql`truncate destruction_records`.execute(test.db),
      () => test.db.deleteFrom("events").where("id", "=", eventId).execute(),
    ];
    for (const refused of refusals) await expect(refused()).rejects.toThrow();
    expect(await registerRows(eventId)).toEqual(before);
    expect(await test.db.selectFrom("events").select("id").where("id", "=", eventId).execute()).toHaveLength(1);
  });
});
