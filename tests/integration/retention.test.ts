import type { AppLoadContext } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resultsSummary } from "../../app/domain/checkin/arrivals.server";
import { saveAwardImportDraft } from "../../app/domain/program/award-import.server";
import { saveImportDraft } from "../../app/domain/invitations/invitee-import.server";
import { addAwardCategory, addAwardRecipient } from "../../app/domain/program/awards.server";
import { checkInInvitee } from "../../app/domain/checkin/checkin.server";
import { createEvent, eventFormSchema } from "../../app/domain/events/events.server";
import { queueInvitations } from "../../app/domain/invitations/guest-mail.server";
import { runHousekeeping } from "../../app/domain/housekeeping.server";
import { addInvitees, findInviteeByLinkToken, personalLinkToken } from "../../app/domain/invitations/invitations.server";
import { recordRsvp } from "../../app/domain/rsvp/rsvp.server";
import * as purgePage from "../../app/routes/admin.events.$eventId.purge";
import { addSeatingBlock, assignSeat, blockFormSchema, seatingBlocks } from "../../app/domain/seating/seating.server";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { sampleEventForm, sampleInvitee } from "../helpers/fixtures";
import { getRequest, newOrganizer, outcome, postRequest, signedInCookie, testContext } from "../helpers/routes";

const mail = { origin: "http://localhost:3000", messageIdDomain: "example.org" };

describe("deleting personal data after the retention period", () => {
  let test: TestDatabase;
  let context: AppLoadContext;
  let ownerId: number;
  let slug = 0;

  beforeAll(async () => {
    test = await createTestDatabase();
    context = testContext(test.db);
    ownerId = (await newOrganizer(test.db, "Owner")).id;
  });
  afterAll(() => test.destroy());

  async function heldEvent(date: string) {
    slug += 1;
    const { id } = await createEvent(test.db, ownerId, eventFormSchema.parse(sampleEventForm({ slug: `kept-${slug}`, date })));
    const ids = await addInvitees(
      test.db,
      id,
      ["김보존", "이보존"].map((name, i) =>
        sampleInvitee({ name, email: `keep${slug}-${i}@example.org`, phone: "010-1234-5678", organization: "파주시", position: "주무관", groupName: "내빈", notes: "메모" }),
      ),
    );
    await queueInvitations(test.db, { ...mail, eventId: id });
    await recordRsvp(test.db, {
      eventId: id,
      inviteeId: ids[0]!,
      form: { answer: "proxy", companions: 0, proxyName: "박대리", proxyPosition: "팀장", consent: true, answers: { "1": "채식" } },
      consentText: "동의문",
      mail,
    });
    await checkInInvitee(test.db, { eventId: id, entrance: "정문", organizerId: null }, ids[0]!);
    await addSeatingBlock(test.db, id, blockFormSchema.parse({ kind: "head_table", nameKo: "주빈석", nameEn: "", reservedGroup: "", rows: "1", seatsPerRow: "3" }));
    const [head] = await seatingBlocks(test.db, id);
    await assignSeat(test.db, { actor: { kind: "system" }, clientAddress: null }, { eventId: id, inviteeId: ids[0]!, companionIndex: 0, blockId: head!.id, rowIndex: 0, seatNumber: 2 });
    const category = await addAwardCategory(test.db, id, { nameKo: "공로상", nameEn: "", descriptionKo: "", descriptionEn: "", presenter: "", sessionId: null });
    await addAwardRecipient(test.db, id, {
      categoryId: category.id,
      name: "김수상",
      organization: "파주시",
      grade: "",
      citation: "",
      isMinor: false,
      inviteeId: ids[1]!,
      standInName: "최보존",
      standInPosition: "배우자",
    });
    await saveAwardImportDraft(test.db, { eventId: id, organizerId: ownerId, fileName: "수상자.csv", bytes: new TextEncoder().encode("이름,상\r\n박보존,공로상\r\n") });
    await saveImportDraft(test.db, { eventId: id, organizerId: ownerId, fileName: "명단.csv", bytes: new TextEncoder().encode("이름,이메일\r\n윤보존,keep@example.org\r\n") });
    return { eventId: id, ids };
  }

  it("keeps everything until the period ends, then deletes who people were but keeps the counts", async () => {
    // 2030-12-23 plus the default 365 days.
    const { eventId, ids } = await heldEvent("2030-12-23");
    const token = await personalLinkToken(test.db, { id: ids[0]!, link_version: 1 });
    const before = await resultsSummary(test.db, eventId);
    expect((await runHousekeeping(test.db, mail, new Date("2031-12-01T00:00:00Z"))).eventsPurged).toBe(0);
    expect((await findInviteeByLinkToken(test.db, token)).status).toBe("found");
    const seats = () => test.db.selectFrom("seat_assignments").select("invitee_id").where("event_id", "=", eventId).execute();
    expect(await seats()).toEqual([{ invitee_id: ids[0] }]);

    expect((await runHousekeeping(test.db, mail, new Date("2032-01-01T00:00:00Z"))).eventsPurged).toBe(1);
    const invitees = await test.db.selectFrom("invitees").select(["name", "email", "phone", "organization", "position", "notes", "group_name"]).where("event_id", "=", eventId).execute();
    expect(invitees).toEqual(Array(2).fill({ name: "—", email: null, phone: "", organization: "", position: "", notes: "", group_name: "내빈" }));
    const rsvp = await test.db.selectFrom("rsvps").select(["status", "proxy_name", "answers", "consent_text"]).where("event_id", "=", eventId).executeTakeFirstOrThrow();
    expect(rsvp).toEqual({ status: "attending", proxy_name: "", answers: {}, consent_text: null });
    const emails = await test.db.selectFrom("email_outbox").select(["to_address", "html_body", "status"]).where("event_id", "=", eventId).execute();
    expect(emails.length).toBeGreaterThan(0);
    expect(emails.every((email) => email.to_address === "" && email.html_body === "")).toBe(true);
    expect(JSON.stringify(await test.db.selectFrom("email_outbox").selectAll().where("event_id", "=", eventId).execute())).not.toMatch(/보존|keep\d|박대리/);
    expect((await findInviteeByLinkToken(test.db, token)).status).toBe("not-found");
    expect(await test.db.selectFrom("award_recipients").select(["name", "stand_in_name", "stand_in_position"]).where("event_id", "=", eventId).execute()).toEqual([
      { name: "김수상", stand_in_name: "", stand_in_position: "" },
    ]);
    expect(await test.db.selectFrom("award_imports").select("id").where("event_id", "=", eventId).execute()).toEqual([]);
    expect(await test.db.selectFrom("invitee_imports").select("id").where("event_id", "=", eventId).execute()).toEqual([]);
    // Nobody is left to seat.
    expect(await seats()).toEqual([]);
    expect(await resultsSummary(test.db, eventId)).toEqual(before);
    // Once is enough.
    expect((await runHousekeeping(test.db, mail, new Date("2032-02-01T00:00:00Z"))).eventsPurged).toBe(0);
  });

  it("lets the owner delete it early, and nobody else", async () => {
    const { eventId } = await heldEvent("2030-06-01");
    const stranger = await newOrganizer(test.db, "Stranger");
    const params = { eventId: String(eventId) };
    const strangerCookie = await signedInCookie(context, stranger.id);
    const refused = await outcome(() => purgePage.action({ request: postRequest(`/admin/events/${eventId}/purge`, {}, { Cookie: strangerCookie }), params, context }));
    expect(refused.status).toBe(404);
    expect(await test.db.selectFrom("invitees").select("name").where("event_id", "=", eventId).where("name", "=", "김보존").executeTakeFirst()).toBeDefined();
    const cookie = await signedInCookie(context, ownerId);
    const page = await outcome(() => purgePage.loader({ request: getRequest(`/admin/events/${eventId}/purge`, { Cookie: cookie }), params, context }));
    expect(page.data.purgedAt).toBeNull();
    expect(page.data.due).toMatch(/2031/);
    await outcome(() => purgePage.action({ request: postRequest(`/admin/events/${eventId}/purge`, {}, { Cookie: cookie }), params, context }));
    expect(await test.db.selectFrom("invitees").select("name").where("event_id", "=", eventId).where("name", "=", "김보존").executeTakeFirst()).toBeUndefined();
    const after = await outcome(() => purgePage.loader({ request: getRequest(`/admin/events/${eventId}/purge`, { Cookie: cookie }), params, context }));
    expect(after.data.purgedAt).not.toBeNull();
  });
});
