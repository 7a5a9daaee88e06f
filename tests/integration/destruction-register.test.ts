import type { AppLoadContext } from "@remix-run/node";
import { sql } from "kysely";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DestructionConfirmation } from "../../app/components/destruction-confirmation";
import { grantEventAccess } from "../../app/domain/events/members.server";
import { createEvent, eventFormSchema } from "../../app/domain/events/events.server";
import { runHousekeeping } from "../../app/domain/housekeeping.server";
import { queueInvitations } from "../../app/domain/invitations/guest-mail.server";
import { saveImportDraft } from "../../app/domain/invitations/invitee-import.server";
import { addInvitees } from "../../app/domain/invitations/invitations.server";
import { saveAwardImportDraft } from "../../app/domain/program/award-import.server";
import { addAwardCategory, addAwardRecipient } from "../../app/domain/program/awards.server";
import { recordRsvp } from "../../app/domain/rsvp/rsvp.server";
import * as registerPage from "../../app/routes/admin.destructions";
import * as confirmationPage from "../../app/routes/admin.events.$eventId.destructions.$destructionId";
import * as purgePage from "../../app/routes/admin.events.$eventId.purge";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { sampleEventForm, sampleInvitee } from "../helpers/fixtures";
import { getRequest, newOrganizer, outcome, postRequest, signedInCookie, testContext } from "../helpers/routes";

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

  const confirmation = (eventId: number, recordId: number | string, cookie: string, query = "") =>
    outcome(() =>
      confirmationPage.loader({
        request: getRequest(`/admin/events/${eventId}/destructions/${recordId}${query}`, { Cookie: cookie }),
        params: { eventId: String(eventId), destructionId: String(recordId) },
        context,
      }),
    );

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
      counts: { invitees: 3, rsvps: 2, registrations: 1, emails, awardStandIns: 1, inviteeUploads: 1, awardUploads: 1, surveyAnswers: 0 },
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
    // The purge page links the confirmation.
    const page = await outcome(() => purgePage.loader({ request: getRequest(`/admin/events/${eventId}/purge`, { Cookie: cookies.owner }), params, context }));
    expect(page.data.records).toEqual([{ id: row.id, at: expect.any(String) }]);
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
      counts: { invitees: 3, rsvps: 2, registrations: 1, emails, awardStandIns: 1, inviteeUploads: 1, awardUploads: 1, surveyAnswers: 0 },
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

  it("prints the confirmation in Korean and in English, with the lines to sign", async () => {
    const { eventId, recordId } = organizerPurge;
    const ko = await confirmation(eventId, recordId, cookies.owner);
    expect(ko.status).toBe(200);
    expect(ko.data.pageTitle).toBe("개인정보 파기 확인서: 2026 교육발전특구 성과공유회 · 나눔");
    const koHtml = renderToStaticMarkup(createElement(DestructionConfirmation, { record: ko.data.record }));
    for (const text of [
      "개인정보 파기 확인서",
      `관리번호 제${recordId}호`,
      "2026 교육발전특구 성과공유회",
      "2030년 6월 1일",
      "행사 종료 후 365일 (2031. 6. 1.까지)",
      "처리 목적 달성",
      "데이터베이스에서 삭제",
      `Kim Owner (${owner.email})`,
      "위와 같이 개인정보를 파기하였음을 확인합니다.",
      '<th scope="row">담당자</th>',
      '<th scope="row">책임자 확인</th>',
    ])
      expect(koHtml, text).toContain(text);
    expect(koHtml).toMatch(/<th scope="row">초청 대상자<\/th><td>[^<]*<\/td><td>[^<]*<\/td><td class="destruction__count">3<\/td>/);
    expect(koHtml).toMatch(/<th scope="row">참가 신청<\/th><td>[^<]*<\/td><td>전부 삭제<\/td><td class="destruction__count">1<\/td>/);

    const en = await confirmation(eventId, recordId, cookies.owner, "?lang=en");
    expect(en.data.pageTitle).toBe("Confirmation of personal data destruction: 2026 Education Development Zone Performance Sharing Meeting · Nanum");
    const enHtml = renderToStaticMarkup(createElement(DestructionConfirmation, { record: en.data.record }));
    for (const text of [
      'lang="en"',
      "Confirmation of personal data destruction",
      `Register no. ${recordId}`,
      "Saturday, June 1, 2030",
      "365 days after the event (until Jun 1, 2031)",
      "Deleted from the database",
      "We confirm that the personal data above has been destroyed.",
      '<th scope="row">Person in charge</th>',
      '<th scope="row">Checked by (officer)</th>',
    ])
      expect(enHtml, text).toContain(text);
    expect(enHtml).toMatch(/<th scope="row">Invitees<\/th><td>[^<]*<\/td><td>[^<]*<\/td><td class="destruction__count">3<\/td>/);
  });

  it("shows the confirmation to the event's owner only", async () => {
    const { eventId, recordId } = organizerPurge;
    expect((await confirmation(eventId, recordId, cookies.other)).status).toBe(404);
    expect((await confirmation(eventId, recordId, cookies.staff)).status).toBe(403);
    expect((await confirmation(eventId, recordId, cookies.organizer)).status).toBe(403);
    const signedOut = await confirmation(eventId, recordId, "");
    expect(signedOut.status).toBe(302);
    // Another event's row under this event's address, an unknown row, a malformed id: not found.
    const [automatic] = await test.db.selectFrom("destruction_records").select("id").where("cause", "=", "retention").execute();
    expect((await confirmation(eventId, automatic!.id, cookies.owner)).status).toBe(404);
    expect((await confirmation(eventId, 999_999, cookies.owner)).status).toBe(404);
    expect((await confirmation(eventId, "abc", cookies.owner)).status).toBe(404);
  });

  it("lists the register's rows of the events one owns, newest first", async () => {
    const list = async (cookie: string) => outcome(() => registerPage.loader({ request: getRequest("/admin/destructions", { Cookie: cookie }), params: {}, context }));
    const mine = await list(cookies.owner);
    expect(mine.status).toBe(200);
    const rows = mine.data.records as Array<{ id: number; cause: string; by: { name: string } | null }>;
    expect(rows.map((row) => row.cause)).toEqual(["retention", "organizer"]);
    expect(rows[1]).toMatchObject({ id: organizerPurge.recordId, by: { name: "Kim Owner" } });
    expect(rows[0]!.by).toBeNull();
    // Co-organizers and staff of those events, and everyone else, see none of them.
    for (const cookie of [cookies.organizer, cookies.staff, cookies.other]) expect((await list(cookie)).data.records).toEqual([]);
  });
});
