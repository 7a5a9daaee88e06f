import type { AppLoadContext } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { vipIntroductions } from "../../app/domain/checkin/arrivals.server";
import { createEvent, eventFormSchema } from "../../app/domain/events/events.server";
import { addInvitees } from "../../app/domain/invitations/invitations.server";
import { applySuggestedOrder, protocolTitles, rankOfPosition, saveProtocolTitles, setProtocolOrderByNumbers, suggestedOrder } from "../../app/domain/protocol/protocol-order.server";
import { namePlates } from "../../app/domain/protocol/name-plates.server";
import { recordRsvp, type RsvpForm } from "../../app/domain/rsvp/rsvp.server";
import * as protocolPage from "../../app/routes/admin.events.$eventId.protocol";
import * as runSheet from "../../app/routes/admin.events.$eventId.agenda_.run-sheet";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { sampleEventForm, sampleInvitee } from "../helpers/fixtures";
import { getRequest, newOrganizer, outcome, postRequest, signedInCookie, testContext } from "../helpers/routes";

const mail = { origin: "http://localhost:3000", messageIdDomain: "example.org" };
const attending: RsvpForm = { answer: "attending", companions: 0, proxyName: "", proxyPosition: "", consent: true, answers: {} };

describe("protocol order (의전 서열)", () => {
  let test: TestDatabase;
  let context: AppLoadContext;
  let cookie: string;
  let ownerId: number;
  let eventId: number;
  let ids: number[];

  beforeAll(async () => {
    test = await createTestDatabase();
    context = testContext(test.db);
    const owner = await newOrganizer(test.db, "Owner");
    ownerId = owner.id;
    cookie = await signedInCookie(context, owner.id);
    eventId = (await createEvent(test.db, owner.id, eventFormSchema.parse(sampleEventForm({ slug: "protocol" })))).id;
    const people = [
      { name: "가교장", organization: "운정고등학교", position: "교장" },
      { name: "나부교육감", organization: "경기도교육청", position: "부교육감" },
      { name: "다시장", organization: "파주시", position: "시장" },
      { name: "라교육감", organization: "경기도교육청", position: "교육감" },
      { name: "마위원", organization: "학부모회", position: "운영위원" },
    ];
    ids = await addInvitees(
      test.db,
      eventId,
      people.map((p) => sampleInvitee({ ...p, groupName: "내빈", isVip: "on" })),
    );
    for (const id of ids) await recordRsvp(test.db, { eventId, inviteeId: id, form: attending, consentText: "c", mail });
  });
  afterAll(() => test.destroy());

  const names = async () => (await vipIntroductions(test.db, eventId)).map((vip) => vip.name);
  const post = (fields: Record<string, string>) =>
    outcome(() => protocolPage.action({ request: postRequest(`/admin/events/${eventId}/protocol`, fields, { Cookie: cookie }), params: { eventId: String(eventId) }, context }));

  it("takes the longest position word that matches, so a deputy is not ranked as the head", () => {
    const titles = ["교육감", "시장", "부교육감", "교장"];
    expect(rankOfPosition("교육감", titles)).toBe(0);
    expect(rankOfPosition("경기도 부교육감", titles)).toBe(2);
    expect(rankOfPosition("운영위원", titles)).toBeNull();
    expect(suggestedOrder([{ position: "운영위원" }, { position: "교장" }, { position: "시장" }, { position: "학부모" }], titles).map((guest) => guest.position)).toEqual([
      "시장",
      "교장",
      "운영위원",
      "학부모",
    ]);
  });

  it("starts from the installation's list, which the migration put in the database, and keeps an organizer's own", async () => {
    const shared = await protocolTitles(test.db, ownerId);
    expect(shared.own).toBe(false);
    expect(shared.titles.indexOf("교육감")).toBeLessThan(shared.titles.indexOf("시장"));
    await saveProtocolTitles(test.db, ownerId, ["시장", " 교육감 ", "", "시장", "부교육감"]);
    expect(await protocolTitles(test.db, ownerId)).toEqual({ titles: ["시장", "교육감", "부교육감"], own: true });
    await saveProtocolTitles(test.db, ownerId, []);
    expect((await protocolTitles(test.db, ownerId)).own).toBe(false);
  });

  it("suggests the order from positions with the organizer's list; those without a known position keep their order, after", async () => {
    await saveProtocolTitles(test.db, ownerId, ["시장", "교육감", "부교육감", "교장"]);
    await applySuggestedOrder(test.db, eventId, ownerId);
    expect(await names()).toEqual(["다시장", "라교육감", "나부교육감", "가교장", "마위원"]);
  });

  it("orders by typed numbers without JavaScript, ties and blanks keeping the present order", async () => {
    const [mayor, deputy, , head] = [ids[2]!, ids[1]!, ids[0]!, ids[3]!];
    const result = await post({ intent: "order", [`rank-${head}`]: "1", [`rank-${mayor}`]: "2", [`rank-${deputy}`]: "", [`rank-${ids[0]}`]: "2", [`rank-${ids[4]}`]: "3" });
    expect(result.status).toBe(302);
    expect(await names()).toEqual(["라교육감", "다시장", "가교장", "마위원", "나부교육감"]);
    // The same order on the printed name plates and the run sheet.
    const plates = await namePlates(test.db, { eventId, vipOnly: true, locale: "ko" });
    expect(plates!.plates.map((plate) => plate.name)).toEqual(["라교육감", "다시장", "가교장", "마위원", "나부교육감"]);
    const sheet = await outcome(() => runSheet.loader({ request: getRequest(`/admin/events/${eventId}/agenda/run-sheet`, { Cookie: cookie }), params: { eventId: String(eventId) }, context }));
    expect((sheet.data as { introductions: Array<{ name: string }> }).introductions.map((vip) => vip.name)).toEqual(["라교육감", "다시장", "가교장", "마위원", "나부교육감"]);
  });

  it("refuses a number that is not a place, keeping what was typed and the order as it was", async () => {
    const before = await names();
    const result = await post({ intent: "order", [`rank-${ids[0]}`]: "첫째", [`rank-${ids[1]}`]: "1" });
    expect(result.status).toBe(400);
    expect(result.data).toMatchObject({ errors: { [`rank-${ids[0]}`]: "protocol.badNumber" }, values: { [`rank-${ids[0]}`]: "첫째" } });
    expect(await names()).toEqual(before);
    const tooMany = await post({ intent: "titles", titles: Array.from({ length: 201 }, (_, i) => `직위${i}`).join("\n") });
    expect(tooMany.status).toBe(400);
    expect(tooMany.data).toMatchObject({ errors: { titles: "protocol.titlesTooMany" } });
  });

  it("lets only those who may edit the event change it", async () => {
    const stranger = await newOrganizer(test.db, "Stranger");
    const strangerCookie = await signedInCookie(context, stranger.id);
    const result = await outcome(() =>
      protocolPage.action({ request: postRequest(`/admin/events/${eventId}/protocol`, { intent: "suggest" }, { Cookie: strangerCookie }), params: { eventId: String(eventId) }, context }),
    );
    expect(result.status).toBe(404);
  });

  it("keeps one order when two organizers save at once", async () => {
    const orders = [ids, [...ids].reverse()];
    await Promise.all(orders.map((order) => setProtocolOrderByNumbers(test.db, eventId, new Map(order.map((id, index) => [id, index + 1])))));
    const rows = await test.db.selectFrom("invitees").select("intro_order").where("event_id", "=", eventId).orderBy("intro_order").execute();
    expect(rows.map((row) => row.intro_order)).toEqual([1, 2, 3, 4, 5]);
  });
});
