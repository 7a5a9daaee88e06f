import type { AppLoadContext } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyAccessChain } from "../../app/domain/access-records/access-records.server";
import {
  checkInByCode,
  checkInInvitee,
  checkInTicket,
  checkinRoster,
  findGuestsAtDoor,
  registerWalkIn,
  syncOfflineCheckIns,
  undoCheckIn,
  type CheckInBy,
} from "../../app/domain/checkin/checkin.server";
import { createDoorDevice } from "../../app/domain/checkin/door-devices.server";
import { createEvent, eventFormSchema } from "../../app/domain/events/events.server";
import { confirmImport, saveImportDraft } from "../../app/domain/invitations/invitee-import.server";
import { addInvitees } from "../../app/domain/invitations/invitations.server";
import { queueInvitations } from "../../app/domain/invitations/guest-mail.server";
import { confirmAwardImport, saveAwardImportDraft } from "../../app/domain/program/award-import.server";
import { addAwardCategory } from "../../app/domain/program/awards.server";
import { reissueTicket } from "../../app/domain/rsvp/rsvp.server";
import { recordRsvp, type RsvpForm } from "../../app/domain/rsvp/rsvp.server";
import { activeTicket } from "../../app/domain/rsvp/tickets.server";
import * as reviewPage from "../../app/routes/admin.events.$eventId.access-records._index";
import * as reviewExport from "../../app/routes/admin.events.$eventId.access-records.export";
import * as acrossPage from "../../app/routes/admin.access-records._index";
import * as acrossExport from "../../app/routes/admin.access-records.export";
import * as arrivalsExport from "../../app/routes/admin.events.$eventId.arrivals.export";
import * as arrivalsPage from "../../app/routes/admin.events.$eventId.arrivals._index";
import * as vipIntroPage from "../../app/routes/admin.events.$eventId.arrivals.vip-intro";
import * as runSheetPage from "../../app/routes/admin.events.$eventId.agenda_.run-sheet";
import * as awardsPage from "../../app/routes/admin.events.$eventId.awards";
import * as awardsPrint from "../../app/routes/admin.events.$eventId.awards_.print";
import * as awardCertificates from "../../app/routes/admin.events.$eventId.awards_.certificates";
import * as outboxPage from "../../app/routes/admin.events.$eventId.outbox";
import * as cancelPage from "../../app/routes/admin.events.$eventId.cancel";
import * as editPage from "../../app/routes/admin.events.$eventId.edit";
import * as protocolPage from "../../app/routes/admin.events.$eventId.protocol";
import * as attendeesExport from "../../app/routes/admin.events.$eventId.attendees.export";
import * as attendeesPage from "../../app/routes/admin.events.$eventId.attendees._index";
import * as badgesPage from "../../app/routes/admin.events.$eventId.attendees.badges";
import * as signInSheet from "../../app/routes/admin.events.$eventId.attendees.sign-in-sheet";
import * as downloadPage from "../../app/routes/admin.events.$eventId.download";
import * as inviteePage from "../../app/routes/admin.events.$eventId.invitees.$inviteeId";
import * as inviteesExport from "../../app/routes/admin.events.$eventId.invitees.export";
import * as lettersPage from "../../app/routes/admin.events.$eventId.invitees.letters";
import * as inviteesPage from "../../app/routes/admin.events.$eventId.invitees._index";
import * as purgePage from "../../app/routes/admin.events.$eventId.purge";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { sampleEventForm, sampleInvitee, sampleInviteeForm } from "../helpers/fixtures";
import { getRequest, newOrganizer, outcome, postRequest, signedInCookie, testContext } from "../helpers/routes";

const mail = { origin: "http://localhost:3000", messageIdDomain: "example.org" };
const attending: RsvpForm = { answer: "attending", companions: 0, proxyName: "", proxyPosition: "", consent: true, answers: {} };

describe("every processing of guests' data writes exactly one access record", () => {
  let test: TestDatabase;
  let context: AppLoadContext;
  let cookie: string;
  let ownerId: number;
  let eventId: number;
  let ids: number[];
  let lastId = 0;

  beforeAll(async () => {
    test = await createTestDatabase();
    context = testContext(test.db, { clientAddress: "198.51.100.23" });
    const owner = await newOrganizer(test.db, "Kim Owner");
    ownerId = owner.id;
    cookie = await signedInCookie(context, owner.id);
    eventId = (await createEvent(test.db, owner.id, eventFormSchema.parse(sampleEventForm({ slug: "recorded" })))).id;
    ids = await addInvitees(
      test.db,
      eventId,
      Array.from({ length: 6 }, (_, i) => sampleInvitee({ name: `손님${i}`, email: `guest${i}@example.org`, groupName: i < 3 ? "내빈" : "학생" })),
    );
    for (const id of ids.slice(0, 4)) await recordRsvp(test.db, { eventId, inviteeId: id, form: attending, consentText: "c", mail });
    lastId = await maxId();
  });
  afterAll(() => test.destroy());

  async function maxId(): Promise<number> {
    const row = await test.db
      .selectFrom("access_records")
      .select((eb) => eb.fn.max("id").as("id"))
      .executeTakeFirst();
    return Number(row?.id ?? 0);
  }

  /** The records written since the last call. */
  async function written() {
    const rows = await test.db.selectFrom("access_records").selectAll().where("id", ">", lastId).orderBy("id").execute();
    lastId = rows.at(-1)?.id ?? lastId;
    return rows;
  }

  const params = () => ({ eventId: String(eventId) });
  const load = (route: { loader: (args: never) => Promise<unknown> }, path: string, extra: Record<string, string> = {}) =>
    outcome(() => route.loader({ request: getRequest(`/admin/events/${eventId}${path}`, { Cookie: cookie }), params: { ...params(), ...extra }, context } as never));

  it("records a list, a search (without its text), a view, an addition, a change and a deletion by the organizer", async () => {
    await load(inviteesPage, "/invitees?group=%EB%82%B4%EB%B9%88");
    let rows = await written();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ action: "list", actor_kind: "organizer", organizer_id: ownerId, client_address: "198.51.100.23", event_id: eventId, subject_count: 3 });
    expect(rows[0]!.filter).toMatchObject({ list: "invitees", group: "내빈" });

    await load(inviteesPage, "/invitees?q=guest1%40example.org");
    rows = await written();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ action: "search", subject_ids: [ids[1]], filter: { list: "invitees", search: "email", length: 18 } });
    expect(JSON.stringify(rows[0])).not.toContain("guest1");

    await load(attendeesPage, "/attendees");
    expect((await written()).map((row) => [row.action, row.subject_count])).toEqual([["list", 6]]);
    await load(arrivalsPage, "/arrivals");
    expect((await written()).map((row) => row.action)).toEqual(["list"]);

    await load(inviteePage, `/invitees/${ids[0]}`, { inviteeId: String(ids[0]) });
    expect((await written()).map((row) => [row.action, row.subject_ids])).toEqual([["view", [ids[0]]]]);

    const added = await outcome(() =>
      inviteesPage.action({ request: postRequest(`/admin/events/${eventId}/invitees`, sampleInviteeForm({ name: "새 손님" }), { Cookie: cookie }), params: params(), context }),
    );
    const newId = Number(new URL(added.location!, "http://x").searchParams.get("added"));
    expect((await written()).map((row) => [row.action, row.subject_ids])).toEqual([["create", [newId]]]);

    const change = (fields: Record<string, string>) =>
      outcome(() => inviteePage.action({ request: postRequest(`/admin/events/${eventId}/invitees/${newId}`, fields, { Cookie: cookie }), params: { ...params(), inviteeId: String(newId) }, context }));
    await change(sampleInviteeForm({ name: "바뀐 손님" }));
    expect((await written()).map((row) => [row.action, row.subject_ids])).toEqual([["update", [newId]]]);
    // A change refused (a duplicate email) writes nothing: the record shares the change's transaction.
    expect((await change(sampleInviteeForm({ name: "바뀐 손님", email: "guest0@example.org" }))).status).toBe(400);
    expect(await written()).toEqual([]);
    await change({ intent: "remove" });
    expect((await written()).map((row) => [row.action, row.subject_ids])).toEqual([["delete", [newId]]]);
  });

  it("records an import with the people it added or changed", async () => {
    const csv = "이름,이메일\r\n가져온 손님,imported@example.org\r\n손님0 고침,guest0@example.org\r\n";
    const draftId = await saveImportDraft(test.db, { eventId, organizerId: ownerId, fileName: "list.csv", bytes: new TextEncoder().encode(csv) });
    const result = await confirmImport(test.db, eventId, draftId, undefined, { actor: { kind: "organizer", organizerId: ownerId }, clientAddress: "198.51.100.23" });
    expect(result).toMatchObject({ ok: true, added: 1, updated: 1 });
    const rows = await written();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ action: "import", subject_count: 2 });
    expect(rows[0]!.subject_ids).toContain(ids[0]);
  });

  it("sends an export or a print without a reason to the form that asks for one, and records it with its reason", async () => {
    for (const [route, path, what] of [
      [inviteesExport, "/invitees/export?format=csv", "invitees-export"],
      [attendeesExport, "/attendees/export?format=xlsx", "attendees-export"],
      [arrivalsExport, "/arrivals/export?format=csv", "arrivals-export"],
      [signInSheet, "/attendees/sign-in-sheet?group=*", "sign-in-sheet"],
      [badgesPage, "/attendees/badges", "badges"],
      [lettersPage, "/invitees/letters?group=%ED%95%99%EC%83%9D", "letters"],
    ] as const) {
      const bare = await load(route, path);
      expect(bare.status, path).toBe(302);
      expect(bare.location, path).toContain(`/admin/events/${eventId}/download?`);
      expect(new URL(bare.location!, "http://x").searchParams.get("what")).toBe(what);
      const sep = path.includes("?") ? "&" : "?";
      const badOther = await load(route, `${path}${sep}reason=other&reason-text=x`);
      expect(new URL(badOther.location!, "http://x").searchParams.get("invalid")).toBe("1");
      expect(await written(), path).toEqual([]);

      const form = await outcome(() => downloadPage.loader({ request: getRequest(bare.location!, { Cookie: cookie }), params: params(), context }));
      expect(form.status).toBe(200);
      expect(form.data.action).toBe(`/admin/events/${eventId}/${path.slice(1).split("?")[0]}`);

      const done = await load(route, `${path}${sep}reason=other&reason-text=${encodeURIComponent("구청 보고용")}`);
      expect(done.status, path).toBe(200);
      const rows = await written();
      expect(rows, path).toHaveLength(1);
      expect(rows[0]).toMatchObject({ action: path.includes("export") ? "export" : "print", reason: "other: 구청 보고용", actor_kind: "organizer" });
    }
  });

  it("records every door action as the device or the staff account, the scan in its one statement", async () => {
    const device = await createDoorDevice(test.db, { eventId, name: "정문 폰", createdBy: ownerId });
    const byDevice: CheckInBy = { eventId, entrance: "정문", organizerId: null, deviceId: device.id, clientAddress: "192.0.2.5" };
    const byStaff: CheckInBy = { eventId, entrance: "후문", organizerId: ownerId, clientAddress: "192.0.2.6" };
    const payload = (await activeTicket(test.db, ids[0]!))!.payload;

    expect((await checkInTicket(test.db, byDevice, payload)).result).toBe("welcome");
    let rows = await written();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ action: "scan", actor_kind: "door_device", door_device_id: device.id, organizer_id: null, client_address: "192.0.2.5", subject_ids: [ids[0]] });
    expect((await checkInTicket(test.db, byStaff, payload)).result).toBe("already");
    expect((await written()).map((row) => [row.action, row.actor_kind, row.organizer_id])).toEqual([["scan", "organizer", ownerId]]);
    // A code that is no one's touches no one's data.
    expect((await checkInTicket(test.db, byDevice, "not-a-ticket")).result).toBe("invalid");
    expect(await written()).toEqual([]);

    const code = (await activeTicket(test.db, ids[1]!))!.code;
    expect((await checkInByCode(test.db, byDevice, code)).result).toBe("welcome");
    expect((await written()).map((row) => [row.action, row.subject_ids])).toEqual([["scan", [ids[1]]]]);
    const manual = await checkInInvitee(test.db, byDevice, ids[2]!);
    expect(manual.result).toBe("welcome");
    expect((await written()).map((row) => [row.action, row.subject_ids])).toEqual([["scan", [ids[2]]]]);
    expect(await undoCheckIn(test.db, { eventId, checkinId: (manual as { checkinId: number }).checkinId, organizerId: null, deviceId: device.id, clientAddress: "192.0.2.5" })).toBe(true);
    expect((await written()).map((row) => [row.action, row.subject_ids])).toEqual([["update", [ids[2]]]]);

    await findGuestsAtDoor(test.db, eventId, "손님", 20, { actor: { kind: "door_device", deviceId: device.id }, clientAddress: "192.0.2.5" });
    rows = await written();
    expect(rows.map((row) => row.action)).toEqual(["search"]);
    expect(rows[0]!.filter).toEqual({ list: "door", search: "text", length: 2 });

    await checkinRoster(test.db, eventId, 12, { actor: { kind: "door_device", deviceId: device.id }, clientAddress: "192.0.2.5" });
    expect((await written()).map((row) => [row.action, row.subject_count])).toEqual([["list", 4]]);

    const walkIn = await registerWalkIn(test.db, byDevice, { name: "현장 손님", organization: "", position: "", group: "", consent: true, consentText: "동의" });
    expect(walkIn.result).toBe("welcome");
    expect((await written()).map((row) => row.action)).toEqual(["walk_in"]);

    await test.db
      .updateTable("events")
      .set({ door_roster_issued_at: new Date(Date.now() - 60_000) })
      .where("id", "=", eventId)
      .execute();
    await syncOfflineCheckIns(test.db, byDevice, [{ clientId: crypto.randomUUID(), inviteeId: ids[3]!, ticketId: null, checkedInAt: new Date(), entrance: "" }]);
    expect((await written()).map((row) => [row.action, row.subject_ids])).toEqual([["scan", [ids[3]]]]);
  });

  it("records mailings, a personal link's and a ticket's reissue and an admission, each in its change's transaction", async () => {
    const post = (route: { action: (args: never) => Promise<unknown> }, path: string, fields: Record<string, string>, extra: Record<string, string> = {}) =>
      outcome(() => route.action({ request: postRequest(`/admin/events/${eventId}${path}`, fields, { Cookie: cookie }), params: { ...params(), ...extra }, context } as never));

    // Invitations to everyone not yet invited: one record naming them, the mailing by its kind.
    const invited = await post(inviteesPage, "/invitees", { mailing: "invite", scope: "all" });
    expect(invited.status).toBe(302);
    let rows = await written();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ action: "update", actor_kind: "organizer", organizer_id: ownerId, filter: { mailing: "invitation", audience: "not-invited", chosen: false } });
    const mailed = Number(new URL(invited.location!, "http://x").searchParams.get("count"));
    expect(mailed).toBeGreaterThan(0);
    expect(rows[0]!.subject_count).toBe(mailed);
    // Pressed again it reaches no one, so it processes no one's data and writes nothing.
    await post(inviteesPage, "/invitees", { mailing: "invite", scope: "all" });
    expect(await written()).toEqual([]);
    // A reminder goes to those whose invitation left: as if it had.
    await test.db.updateTable("email_outbox").set({ status: "sent", finished_at: new Date() }).where("event_id", "=", eventId).where("status", "=", "queued").execute();
    await post(inviteesPage, "/invitees", { mailing: "remind", scope: "selected", ids: String(ids[5]) });
    expect((await written()).map((row) => [row.action, row.subject_ids, row.filter])).toEqual([["update", [ids[5]], { mailing: "reminder", chosen: true }]]);

    await post(inviteePage, `/invitees/${ids[4]}`, { intent: "reissue-link" }, { inviteeId: String(ids[4]) });
    expect((await written()).map((row) => [row.action, row.subject_ids, row.filter])).toEqual([["update", [ids[4]], { change: "link-reissue" }]]);

    await post(attendeesPage, "/attendees", { intent: "reissue", inviteeId: String(ids[1]) });
    expect((await written()).map((row) => [row.action, row.subject_ids, row.filter])).toEqual([["update", [ids[1]], { change: "ticket-reissue" }]]);
    await post(attendeesPage, "/attendees", { intent: "admit", inviteeId: String(ids[5]) });
    expect((await written()).map((row) => [row.action, row.subject_ids, row.filter])).toEqual([["update", [ids[5]], { change: "admit" }]]);
    // Admitting someone already attending changes nothing and records nothing.
    await post(attendeesPage, "/attendees", { intent: "admit", inviteeId: String(ids[5]) });
    expect(await written()).toEqual([]);

    const thanks = await post(arrivalsPage, "/arrivals", { intent: "thank", messageKo: "와 주셔서 고맙습니다.", messageEn: "Thank you for coming." });
    expect(thanks.status).toBe(302);
    const thanked = Number(new URL(thanks.location!, "http://x").searchParams.get("thanked"));
    expect((await written()).map((row) => [row.action, row.subject_count, row.filter])).toEqual(thanked > 0 ? [["update", thanked, { mailing: "thank-you" }]] : []);

    // Moving the event with notices to those invited: one record for the notices, in the change.
    const moved = await post(editPage, "/edit", { ...sampleEventForm({ slug: "recorded", venueName: "파주시청 대회의실" }), notifyInvitees: "on" });
    expect(moved.status).toBe(302);
    const notices = Number(new URL(moved.location!, "http://x").searchParams.get("notices"));
    expect(notices).toBeGreaterThan(0);
    expect((await written()).map((row) => [row.action, row.subject_count, row.filter])).toEqual([["update", notices, { mailing: "change-notice" }]]);
    // Without notices the change touches no one's data.
    expect((await post(editPage, "/edit", sampleEventForm({ slug: "recorded", venueName: "파주시청 소회의실" }))).status).toBe(302);
    expect(await written()).toEqual([]);

    // Cancelling another event notifies those invited to it: one record for the notices.
    const other = (await createEvent(test.db, ownerId, eventFormSchema.parse(sampleEventForm({ slug: "recorded-cancel" })))).id;
    const otherIds = await addInvitees(test.db, other, [sampleInvitee({ name: "취소 손님", email: "cancel1@example.org" }), sampleInvitee({ name: "취소 손님2", email: "cancel2@example.org" })]);
    await queueInvitations(test.db, { ...mail, eventId: other });
    await test.db.updateTable("email_outbox").set({ status: "sent", finished_at: new Date() }).where("event_id", "=", other).execute();
    await written();
    const cancelled = await outcome(() =>
      cancelPage.action({ request: postRequest(`/admin/events/${other}/cancel`, { noteKo: "취소합니다", noteEn: "Cancelled" }, { Cookie: cookie }), params: { eventId: String(other) }, context }),
    );
    expect(cancelled.status).toBe(302);
    rows = await written();
    expect(rows.map((row) => [row.action, row.event_id, row.filter])).toEqual([["update", other, { mailing: "cancellation" }]]);
    expect([...rows[0]!.subject_ids].sort()).toEqual([...otherIds].sort());
  });

  it("rolls a change back with its record: a record that cannot be written undoes the reissue", async () => {
    const before = (await activeTicket(test.db, ids[0]!))!;
    const outbox = async () =>
      Number(
        (
          await test.db
            .selectFrom("email_outbox")
            .select((eb) => eb.fn.countAll<string>().as("n"))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const queued = await outbox();
    // A door device without an id breaks the table's actor check: the record's insert fails.
    const broken = { actor: { kind: "door_device" as const, deviceId: null as unknown as number }, clientAddress: null };
    await expect(reissueTicket(test.db, { eventId, inviteeId: ids[0]!, mail }, broken)).rejects.toThrow();
    const after = (await activeTicket(test.db, ids[0]!))!;
    expect([after.code, after.payload]).toEqual([before.code, before.payload]);
    expect(await outbox()).toBe(queued);
    expect(await written()).toEqual([]);
  });

  it("records the outbox, the MC's list, the run sheet and the awards' pages, prints and import", async () => {
    await load(outboxPage, "/outbox");
    let rows = await written();
    expect(rows.map((row) => [row.action, row.filter])).toEqual([["list", { list: "outbox", page: 1 }]]);
    expect(rows[0]!.subject_count).toBeGreaterThan(0);
    const message = await test.db.selectFrom("email_outbox").select(["id", "invitee_id"]).where("event_id", "=", eventId).where("invitee_id", "is not", null).executeTakeFirstOrThrow();
    await load(outboxPage, `/outbox?message=${message.id}`);
    expect((await written()).map((row) => [row.action, row.subject_ids])).toEqual([["view", [message.invitee_id]]]);

    await load(vipIntroPage, "/arrivals/vip-intro");
    expect((await written()).map((row) => [row.action, row.filter])).toEqual([["list", { list: "vip-intro" }]]);
    await load(protocolPage, "/protocol");
    expect((await written()).map((row) => [row.action, row.filter])).toEqual([["list", { list: "protocol" }]]);
    await load(runSheetPage, "/agenda/run-sheet");
    expect((await written()).map((row) => [row.action, row.filter])).toEqual([["list", { list: "run-sheet" }]]);

    await addAwardCategory(test.db, eventId, { nameKo: "봉사상", nameEn: "Service Award", descriptionKo: "", descriptionEn: "", presenter: "", sessionId: null });
    const csv = "이름,소속,상\r\n손님0,,봉사상\r\n외부 수상자,파주시,봉사상\r\n";
    const draftId = await saveAwardImportDraft(test.db, { eventId, organizerId: ownerId, fileName: "수상자.csv", bytes: new TextEncoder().encode(csv) });
    const imported = await confirmAwardImport(test.db, eventId, draftId, {}, { actor: { kind: "organizer", organizerId: ownerId }, clientAddress: "198.51.100.23" });
    expect(imported).toMatchObject({ ok: true, added: 2 });
    rows = await written();
    expect(rows.map((row) => [row.action, row.subject_count, row.filter])).toEqual([["import", 2, { import: "award-recipients" }]]);

    await load(awardsPage, "/awards");
    expect((await written()).map((row) => [row.action, row.subject_count, row.filter])).toEqual([["list", 2, { list: "awards" }]]);
    // Printed lists of people: asked for a reason first, which the record keeps.
    expect((await load(awardsPrint, "/awards/print")).location).toBe(`/admin/events/${eventId}/download?what=awards-list`);
    expect(await written()).toEqual([]);
    await load(awardsPrint, "/awards/print?reason=reception");
    expect((await written()).map((row) => [row.action, row.subject_count, row.filter, row.reason])).toEqual([["print", 2, { print: "awards-list" }, "reception"]]);
    expect((await load(awardCertificates, "/awards/certificates?category=1")).location).toBe(`/admin/events/${eventId}/download?category=1&what=award-certificates`);
    await load(awardCertificates, "/awards/certificates?reason=other&reason-text=시상식 준비");
    expect((await written()).map((row) => [row.action, row.filter, row.reason])).toEqual([["print", { print: "award-certificates" }, "other: 시상식 준비"]]);
  });

  it("shows the owner the records, filtered, with bulk and night downloads flagged, and records the review's own export", async () => {
    // A bulk export at 23:00 Seoul time, as if an hour ago in some night.
    await test.db
      .insertInto("access_records")
      .values({ action: "export", actor_kind: "organizer", organizer_id: ownerId, event_id: eventId, subject_count: 1_500, reason: "reception", occurred_at: new Date("2026-11-30T14:00:00Z") })
      .execute();
    // And one at noon there, the day before.
    await test.db
      .insertInto("access_records")
      .values({ action: "export", actor_kind: "organizer", organizer_id: ownerId, event_id: eventId, subject_count: 10, reason: "reception", occurred_at: new Date("2026-11-29T03:00:00Z") })
      .execute();
    await written();
    const all = await load(reviewPage, "/access-records");
    expect(all.status).toBe(200);
    expect(all.data.page.total).toBeGreaterThan(15);
    expect(all.data.bulk).toEqual([{ day: "2026-11-30", who: "Kim Owner", people: 1500 }]);
    const flagged = (count: number) => all.data.records.find((record: { count: number; action: string }) => record.action === "export" && record.count === count)?.atNight;
    expect(flagged(1500)).toBe(true);
    expect(flagged(10)).toBe(false);

    const scans = await load(reviewPage, "/access-records?action=scan");
    expect(scans.data.records.every((record: { action: string }) => record.action === "scan")).toBe(true);
    expect(scans.data.page.total).toBe(5);
    const ofOne = await load(reviewPage, `/access-records?invitee=${ids[2]}&action=scan`);
    expect(ofOne.data.page.total).toBe(1);
    // 14:00 UTC on the 30th is 23:00 in Seoul, the same day; 03:00 UTC on the 29th is noon on the 29th.
    const byDay = await load(reviewPage, "/access-records?from=2026-11-30&to=2026-11-30");
    expect(byDay.data.records.map((record: { count: number }) => record.count)).toEqual([1500]);
    expect((await load(reviewPage, "/access-records?from=2026-11-29&to=2026-11-30")).data.page.total).toBe(2);
    const byActor = await load(reviewPage, `/access-records?actor=o${ownerId}&action=export`);
    expect(byActor.data.records.every((record: { who: { label: string } }) => record.who.label.startsWith("Kim Owner"))).toBe(true);
    // Nonsense in the address shows the whole list rather than failing.
    expect((await load(reviewPage, "/access-records?action=drop&from=2026-13-45&invitee=x")).data.page.total).toBe(all.data.page.total);
    // Only the owner reviews: reading it writes nothing, its export is recorded.
    expect(await written()).toEqual([]);
    const csv = await load(reviewExport, "/access-records/export?format=csv&action=scan&reason=results-report");
    expect(csv.status).toBe(200);
    expect((csv.data as string).split("\r\n").filter(Boolean)).toHaveLength(1 + 5);
    // One event's records need no event column.
    expect(
      (csv.data as string)
        .replace(/^\uFEFF/, "")
        .split("\r\n")[0]!
        .startsWith("번호,일시,처리 내용,"),
    ).toBe(true);
    expect((await written()).map((row) => [row.action, row.reason, row.subject_count])).toEqual([["export", "results-report", 5]]);
  });

  it("shows the owner the records of all their events, one event at a time or together, and records the export with its reason", async () => {
    const across = (path: string, route: { loader: (args: never) => Promise<unknown> } = acrossPage, who = cookie) =>
      outcome(() => route.loader({ request: getRequest(path, { Cookie: who }), params: {}, context } as never));
    // A second event of the same owner (the one cancelled above), and someone else's event.
    const other = await test.db.selectFrom("events").select("id").where("slug", "=", "recorded-cancel").executeTakeFirstOrThrow();
    const stranger = await newOrganizer(test.db, "Park Other");
    const strangerEvent = (await createEvent(test.db, stranger.id, eventFormSchema.parse(sampleEventForm({ slug: "not-mine" })))).id;
    const strangerCookie = await signedInCookie(context, stranger.id);
    await test.db.insertInto("access_records").values({ action: "list", actor_kind: "organizer", organizer_id: stranger.id, event_id: strangerEvent, subject_count: 3 }).execute();
    await written();

    const count = async (where: (qb: ReturnType<typeof base>) => ReturnType<typeof base>) =>
      Number(
        (
          await where(base())
            .select((eb) => eb.fn.countAll<string>().as("n"))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const base = () => test.db.selectFrom("access_records");
    const all = await across("/admin/access-records");
    expect(all.status).toBe(200);
    expect(all.data.events.map((event: { id: number }) => event.id).sort()).toEqual([eventId, other.id].sort());
    expect(all.data.page.total).toBe(await count((qb) => qb.where("event_id", "in", [eventId, other.id])));
    expect(all.data.records.some((record: { eventId: number }) => record.eventId === strangerEvent)).toBe(false);
    const one = await across(`/admin/access-records?event=${other.id}`);
    expect(one.data.filters.event).toBe(other.id);
    expect(one.data.page.total).toBe(await count((qb) => qb.where("event_id", "=", other.id)));
    // Someone else's event in the address shows only one's own, all of them.
    expect((await across(`/admin/access-records?event=${strangerEvent}`)).data.page.total).toBe(all.data.page.total);
    // The other organizer sees only theirs.
    expect((await across("/admin/access-records", acrossPage, strangerCookie)).data.page.total).toBe(1);
    expect(await written()).toEqual([]);

    // No reason: back to the page, which says so; nothing recorded.
    const bare = await across("/admin/access-records/export?format=csv&action=update", acrossExport);
    expect(bare.status).toBe(302);
    expect(bare.location).toBe("/admin/access-records?action=update&export-invalid=1#export");
    expect((await across(bare.location!)).data.exportInvalid).toBe(true);
    expect(await written()).toEqual([]);
    const updates = await count((qb) => qb.where("event_id", "in", [eventId, other.id]).where("action", "=", "update"));
    const csv = await across("/admin/access-records/export?format=csv&action=update&reason=results-report", acrossExport);
    expect(csv.status).toBe(200);
    expect((csv.data as string).split("\r\n").filter(Boolean)).toHaveLength(1 + updates);
    // Across events, each record names its event after the time.
    const [header, first] = (csv.data as string).replace(/^\uFEFF/, "").split("\r\n");
    expect(header!.startsWith("번호,일시,행사,처리 내용,")).toBe(true);
    expect(first!.split(",")[2]).toMatch(/^#\d+ /);
    const rows = await written();
    expect(rows.map((row) => [row.action, row.event_id, row.reason, row.subject_count, row.organizer_id])).toEqual([["export", null, "results-report", updates, ownerId]]);
    // That export, outside any one event, is in the owner's review across events.
    expect((await across("/admin/access-records?action=export")).data.records[0]).toMatchObject({ eventId: null, action: "export", reason: "results-report" });
  });

  it("records the purge, and leaves a chain that verifies", async () => {
    await outcome(() => purgePage.action({ request: postRequest(`/admin/events/${eventId}/purge`, {}, { Cookie: cookie }), params: params(), context }));
    const rows = await written();
    expect(rows.map((row) => [row.action, row.actor_kind])).toEqual([["purge", "organizer"]]);
    expect((await verifyAccessChain(test.db)).brokenAt).toBeNull();
  });
});
