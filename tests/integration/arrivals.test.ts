import type { AppLoadContext } from "@remix-run/node";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkInInvitee } from "../../app/domain/checkin/checkin.server";
import { createEvent, eventFormSchema } from "../../app/domain/events/events.server";
import { addInvitees } from "../../app/domain/invitations/invitations.server";
import { recordRsvp, type RsvpForm } from "../../app/domain/rsvp/rsvp.server";
import { addSeatingBlock, assignSeat, blockFormSchema, seatingBlocks } from "../../app/domain/seating/seating.server";
import * as arrivalsPage from "../../app/routes/admin.events.$eventId.arrivals._index";
import * as exportRoute from "../../app/routes/admin.events.$eventId.arrivals.export";
import * as reportPage from "../../app/routes/admin.events.$eventId.arrivals.report";
import * as introPage from "../../app/routes/admin.events.$eventId.arrivals.vip-intro";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { sampleEventForm, sampleInvitee } from "../helpers/fixtures";
import { getRequest, newOrganizer, outcome, postRequest, signedInCookie, testContext } from "../helpers/routes";

const mail = { origin: "http://localhost:3000", messageIdDomain: "example.org" };
const attending: RsvpForm = { answer: "attending", companions: 1, proxyName: "", proxyPosition: "", consent: true, answers: {} };

describe("arrivals, the introduction list, the attendance export and the results", () => {
  let test: TestDatabase;
  let context: AppLoadContext;
  let cookie: string;
  let eventId: number;
  let ids: number[];

  beforeAll(async () => {
    test = await createTestDatabase();
    context = testContext(test.db);
    const owner = await newOrganizer(test.db, "Owner");
    cookie = await signedInCookie(context, owner.id);
    eventId = (await createEvent(test.db, owner.id, eventFormSchema.parse(sampleEventForm({ slug: "arrivals" })))).id;
    const people = [
      { name: "김시장", groupName: "내빈", isVip: "on", organization: "파주시", position: "시장" },
      { name: "이교육장", groupName: "내빈", isVip: "on", organization: "파주교육지원청", position: "교육장" },
      { name: "박의원", groupName: "내빈", isVip: "on", organization: "시의회", position: "의원" },
      { name: '=HYPERLINK("http://x")', groupName: "학생", isVip: "", organization: "", position: "" },
      { name: "최학생", groupName: "학생", isVip: "", organization: "", position: "" },
    ];
    ids = await addInvitees(
      test.db,
      eventId,
      people.map((p) => sampleInvitee(p)),
    );
    for (const id of ids.slice(0, 4)) await recordRsvp(test.db, { eventId, inviteeId: id, form: attending, consentText: "c", mail });
    const by = { eventId, entrance: "정문", organizerId: owner.id };
    await checkInInvitee(test.db, by, ids[1]!);
    await checkInInvitee(test.db, { ...by, entrance: "후문" }, ids[0]!);
    await checkInInvitee(test.db, by, ids[3]!);
  });
  afterAll(() => test.destroy());

  const params = () => ({ eventId: String(eventId) });
  const load = (module: { loader: (args: never) => Promise<unknown> }, path: string) =>
    outcome(() => (module.loader as (args: unknown) => Promise<unknown>)({ request: getRequest(path, { Cookie: cookie }), params: params(), context }));

  it("counts arrivals against those expected, by group and by entrance, with the latest first", async () => {
    const page = await load(arrivalsPage, `/admin/events/${eventId}/arrivals`);
    expect(page.data).toMatchObject({ arrived: 3, expected: 4 });
    expect(page.data.groups).toEqual([
      { name: "내빈", expected: 3, arrived: 2 },
      { name: "학생", expected: 1, arrived: 1 },
    ]);
    expect(page.data.byEntrance).toEqual([
      { entrance: "정문", arrived: 2 },
      { entrance: "후문", arrived: 1 },
    ]);
    expect(page.data.recent.map((row: { name: string }) => row.name)).toEqual(['=HYPERLINK("http://x")', "김시장", "이교육장"]);
  });

  it("orders the guests of honour as the organizer sets, and gives the MC only those who arrived", async () => {
    const before = await load(arrivalsPage, `/admin/events/${eventId}/arrivals`);
    expect(before.data.vips.map((vip: { name: string }) => vip.name)).toEqual(["김시장", "박의원", "이교육장"]);
    const moved = await outcome(() =>
      arrivalsPage.action({ request: postRequest(`/admin/events/${eventId}/arrivals`, { inviteeId: String(ids[1]), direction: "up" }, { Cookie: cookie }), params: params(), context }),
    );
    expect(moved.status).toBe(302);
    const after = await load(arrivalsPage, `/admin/events/${eventId}/arrivals`);
    expect(after.data.vips.map((vip: { name: string }) => vip.name)).toEqual(["김시장", "이교육장", "박의원"]);
    const intro = await load(introPage, `/admin/events/${eventId}/arrivals/vip-intro`);
    expect(intro.data.vips.map((vip: { name: string }) => vip.name)).toEqual(["김시장", "이교육장"]);
    const bad = await outcome(() =>
      arrivalsPage.action({ request: postRequest(`/admin/events/${eventId}/arrivals`, { inviteeId: "x", direction: "sideways" }, { Cookie: cookie }), params: params(), context }),
    );
    expect(bad.status).toBe(400);
  });

  it("exports attendance with time, entrance and seats, formulas made harmless", async () => {
    const form = blockFormSchema.parse({ kind: "theatre", nameKo: "내빈석", nameEn: "VIP seats", reservedGroup: "", rows: "1", seatsPerRow: "4" });
    expect(await addSeatingBlock(test.db, eventId, form)).toEqual({ ok: true });
    const blockId = (await seatingBlocks(test.db, eventId))[0]!.id;
    const by = { actor: { kind: "system" as const }, clientAddress: null };
    for (const companionIndex of [0, 1])
      expect(await assignSeat(test.db, by, { eventId, inviteeId: ids[0]!, companionIndex, blockId, rowIndex: 0, seatNumber: companionIndex + 1 })).toEqual({ ok: true });
    const csv = await load(exportRoute, `/admin/events/${eventId}/arrivals/export?format=csv&reason=reception`);
    expect(csv.headers.get("Content-Type")).toContain("text/csv");
    const text = csv.data as string;
    // The byte order mark Excel needs to read UTF-8 Hangul.
    const raw = (await exportRoute.loader({ request: getRequest(`/admin/events/${eventId}/arrivals/export?format=csv&reason=reception`, { Cookie: cookie }), params: params(), context })) as Response;
    expect([...new Uint8Array(await raw.arrayBuffer()).slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(text).toContain("입장 시각");
    expect(text).toMatch(/김시장,파주시,시장,내빈,Y,참석,,1,[^,]+,후문,"내빈석 A-1, 내빈석 A-2"/);
    expect(text).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(text).toMatch(/최학생,,,학생,,회신 없음/);
  });

  it("sums up the meeting for the report", async () => {
    const report = await load(reportPage, `/admin/events/${eventId}/arrivals/report`);
    expect(report.data.total).toEqual({ invited: 5, answered: 4, attending: 4, declined: 0, arrived: 3, companions: 3 });
    expect(report.data.groups.find((group: { name: string }) => group.name === "학생")).toMatchObject({ invited: 2, arrived: 1 });
  });

  it("thanks those who came, once each, in their language, and refuses an overlong message", async () => {
    await test.db
      .updateTable("invitees")
      .set({ email: sql`'v' || id || '@example.org'` })
      .where("event_id", "=", eventId)
      .execute();
    await test.db.updateTable("invitees").set({ language: "en" }).where("id", "=", ids[0]!).execute();
    const page = await load(arrivalsPage, `/admin/events/${eventId}/arrivals`);
    expect(page.data.thankable).toBe(3);
    const send = (fields: Record<string, string>) =>
      outcome(() => arrivalsPage.action({ request: postRequest(`/admin/events/${eventId}/arrivals`, { intent: "thank", ...fields }, { Cookie: cookie }), params: params(), context }));
    const long = await send({ messageKo: "가".repeat(3001), messageEn: "" });
    expect(long.status).toBe(400);
    expect(long.data.errors.messageKo).toBe("error.tooLong");
    expect((await send({ messageKo: "와 주셔서 <고맙습니다>", messageEn: "" })).location).toContain("thanked=3");
    expect((await send({ messageKo: "", messageEn: "" })).location).toContain("thanked=0");
    const sent = await test.db
      .selectFrom("email_outbox")
      .select(["invitee_id", "subject", "text_body", "html_body", "ics"])
      .where("event_id", "=", eventId)
      .where("kind", "=", "thank-you")
      .orderBy("invitee_id")
      .execute();
    expect(sent.map((row) => row.invitee_id)).toEqual([ids[0], ids[1], ids[3]]);
    expect(sent[0]!.subject).toMatch(/^Thank you for joining us/);
    expect(sent[1]!.text_body).toContain("와 주셔서 <고맙습니다>");
    expect(sent[1]!.html_body).toContain("와 주셔서 &lt;고맙습니다&gt;");
    expect(sent.every((row) => row.ics === null)).toBe(true);
  });
});
