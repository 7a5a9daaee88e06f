import type { AppLoadContext } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEvent, eventFormSchema, setEventStatus } from "../../app/domain/events/events.server";
import { addInvitee, addInvitees, DuplicateInviteeEmailError, findInviteeByLinkToken, listInvitees, personalLinkToken } from "../../app/domain/invitations/invitations.server";
import * as listRoute from "../../app/routes/admin.events.$eventId.invitees._index";
import * as detailRoute from "../../app/routes/admin.events.$eventId.invitees.$inviteeId";
import { localeCookie } from "../../app/web/locale.server";
import * as personalRoute from "../../app/routes/i.$token";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { sampleEventForm, sampleInvitee, sampleInviteeForm } from "../helpers/fixtures";
import { getRequest, newOrganizer, outcome, postRequest, signedInCookie, testContext } from "../helpers/routes";

describe("the invitee list", () => {
  let test: TestDatabase;
  let context: AppLoadContext;
  let eventId: number;
  let otherEventId: number;
  let cookie: string;

  beforeAll(async () => {
    test = await createTestDatabase();
    context = testContext(test.db);
    const owner = await newOrganizer(test.db, "Owner");
    cookie = await signedInCookie(context, owner.id);
    eventId = (await createEvent(test.db, owner.id, eventFormSchema.parse(sampleEventForm()))).id;
    otherEventId = (await createEvent(test.db, owner.id, eventFormSchema.parse(sampleEventForm({ titleEn: "Other" })))).id;
  });
  afterAll(() => test.destroy());

  const params = () => ({ eventId: String(eventId) });
  const add = (fields: Record<string, string>) =>
    outcome(() => listRoute.action({ request: postRequest(`/admin/events/${eventId}/invitees`, sampleInviteeForm(fields), { Cookie: cookie }), params: params(), context }));
  const list = (query = "") => outcome(() => listRoute.loader({ request: getRequest(`/admin/events/${eventId}/invitees${query}`, { Cookie: cookie }), params: params(), context }));

  it("adds invitees with and without email, and refuses the same email twice whatever its case", async () => {
    expect((await add({ name: "박서준", email: "Park@Example.org", organization: "파주교육지원청", position: "교육장", groupName: "내빈", isVip: "on", phone: "010-1234-5678" })).status).toBe(302);
    expect((await add({ name: "이민호", groupName: "학생" })).status).toBe(302);
    expect((await add({ name: "최지우", groupName: "학생" })).status).toBe(302);
    const duplicate = await add({ name: "박서준 2", email: " park@EXAMPLE.org " });
    expect(duplicate.status).toBe(400);
    expect(duplicate.data.errors).toEqual({ email: "invitee.duplicateEmail" });
    expect(duplicate.data.values.name).toBe("박서준 2");
    await expect(addInvitee(test.db, eventId, sampleInvitee({ email: "park@example.org" }))).rejects.toBeInstanceOf(DuplicateInviteeEmailError);
    // The same person may be invited to another event.
    await addInvitee(test.db, otherEventId, sampleInvitee({ name: "박서준", email: "park@example.org" }));
  });

  it("answers bad input with field errors, keeping what was typed", async () => {
    const result = await add({ name: " ", email: "nope", phone: "call me", language: "fr" });
    expect(result.status).toBe(400);
    expect(result.data.errors).toMatchObject({ name: "error.required", email: "error.email", phone: "error.phone", language: "error.invalid" });
    expect(result.data.values).toMatchObject({ email: "nope", phone: "call me" });
  });

  it("searches by name, organization or phone digits and filters by group and VIP", async () => {
    const names = async (query: string) => (await list(query)).data.invitees.map((i: { name: string }) => i.name).sort();
    expect(await names("?q=서준")).toEqual(["박서준"]);
    expect(await names("?q=교육지원청")).toEqual(["박서준"]);
    expect(await names("?q=12345678")).toEqual(["박서준"]);
    expect(await names("?q=1234-5678")).toEqual(["박서준"]);
    expect(await names("?group=학생")).toEqual(["이민호", "최지우"]);
    expect(await names("?vip=1")).toEqual(["박서준"]);
    expect(await names("?q=%25")).toEqual([]);
    const all = await list();
    expect(all.data.groups).toEqual([
      { name: "내빈", count: 1 },
      { name: "학생", count: 2 },
    ]);
  });

  it("gives each invitee a personal link that greets them, and a new link kills the old one", async () => {
    const { invitees } = await listInvitees(test.db, eventId, { q: "박서준" });
    const inviteeId = invitees[0]!.id;
    const detailParams = { eventId: String(eventId), inviteeId: String(inviteeId) };
    const detail = await outcome(() => detailRoute.loader({ request: getRequest(`/admin/events/${eventId}/invitees/${inviteeId}`, { Cookie: cookie }), params: detailParams, context }));
    const link: string = detail.data.personalLink;
    expect(link).toMatch(/^http:\/\/localhost:3000\/i\/[A-Za-z0-9_-]{32}$/);
    const token = link.split("/").pop()!;

    const englishCookie = (await localeCookie.serialize("en")).split(";")[0]!;
    const open = (t: string, lang = "ko") => outcome(() => personalRoute.loader({ request: getRequest(`/i/${t}`, { "Accept-Language": lang }), params: { token: t }, context }));
    const page = await open(token);
    expect(page.status).toBe(200);
    expect(page.data.invitee).toMatchObject({ name: "박서준", organization: "파주교육지원청" });
    expect(page.data.event.title).toBe("2026 교육발전특구 성과공유회");
    // A Korean invitee's link opens in Korean even in an English browser; the switch (a cookie) still rules.
    const english = await open(token, "en");
    expect(english.status).toBe(302);
    expect(english.location).toBe(`/i/${token}?lang=ko`);
    const switched = await outcome(() => personalRoute.loader({ request: getRequest(`/i/${token}`, { Cookie: englishCookie }), params: { token }, context }));
    expect(switched.data.event.title).toBe("2026 Education Development Zone Performance Sharing Meeting");

    // The same link every time it is shown (reminders carry the first email's link).
    const again = await outcome(() => detailRoute.loader({ request: getRequest(`/admin/events/${eventId}/invitees/${inviteeId}`, { Cookie: cookie }), params: detailParams, context }));
    expect(again.data.personalLink).toBe(link);

    const reissued = await outcome(() =>
      detailRoute.action({ request: postRequest(`/admin/events/${eventId}/invitees/${inviteeId}`, { intent: "reissue-link" }, { Cookie: cookie }), params: detailParams, context }),
    );
    expect(reissued.data).toEqual({ done: "invitee.linkReissued" });
    expect((await open(token)).status).toBe(404);
    const fresh = await outcome(() => detailRoute.loader({ request: getRequest(`/admin/events/${eventId}/invitees/${inviteeId}`, { Cookie: cookie }), params: detailParams, context }));
    expect(fresh.data.personalLink).not.toBe(link);
    expect((await open(fresh.data.personalLink.split("/").pop())).status).toBe(200);
  });

  it("answers unknown and malformed links with 404 and links of an archived event with 410", async () => {
    for (const token of ["nope", "A".repeat(32), "../../etc/passwd"]) {
      const result = await outcome(() => personalRoute.loader({ request: getRequest(`/i/${token}`), params: { token }, context }));
      expect(result.status).toBe(404);
    }
    const archivist = await newOrganizer(test.db, "Arch");
    const archivistCookie = await signedInCookie(context, archivist.id);
    const archivedEvent = (await createEvent(test.db, archivist.id, eventFormSchema.parse(sampleEventForm({ titleEn: "Old" })))).id;
    const { id } = await addInvitee(test.db, archivedEvent, sampleInvitee());
    const detail = await outcome(() =>
      detailRoute.loader({
        request: getRequest(`/admin/events/${archivedEvent}/invitees/${id}`, { Cookie: archivistCookie }),
        params: { eventId: String(archivedEvent), inviteeId: String(id) },
        context,
      }),
    );
    const token = detail.data.personalLink.split("/").pop();
    await setEventStatus(test.db, archivedEvent, "archived");
    const gone = await outcome(() => personalRoute.loader({ request: getRequest(`/i/${token}`), params: { token }, context }));
    expect(gone.status).toBe(410);
    expect(gone.data.contact).toMatchObject({ name: "교육협력과" });
  });

  it("does not show or change another event's invitee through this event's address", async () => {
    const { invitees } = await listInvitees(test.db, otherEventId);
    const foreignId = String(invitees[0]!.id);
    const detailParams = { eventId: String(eventId), inviteeId: foreignId };
    const page = await outcome(() => detailRoute.loader({ request: getRequest(`/admin/events/${eventId}/invitees/${foreignId}`, { Cookie: cookie }), params: detailParams, context }));
    expect(page.status).toBe(404);
    const removal = await outcome(() =>
      detailRoute.action({ request: postRequest(`/admin/events/${eventId}/invitees/${foreignId}`, { intent: "remove" }, { Cookie: cookie }), params: detailParams, context }),
    );
    expect(removal.status).toBe(302);
    expect((await listInvitees(test.db, otherEventId)).invitees).toHaveLength(1);
  });

  it("adds many invitees at once, all or none, each with a working personal link", async () => {
    const forms = ["가", "나", "다"].map((name, i) => sampleInvitee({ name: `일괄${name}`, email: `bulk${i}@example.org` }));
    const ids = await addInvitees(test.db, otherEventId, forms);
    expect(ids).toHaveLength(3);
    for (const id of ids) {
      const token = await personalLinkToken(test.db, { id, link_version: 1 });
      const found = await findInviteeByLinkToken(test.db, token);
      expect(found.status === "found" && found.invitee.id).toBe(id);
    }
    const clash = [sampleInvitee({ name: "새사람", email: "new@example.org" }), sampleInvitee({ name: "중복", email: "bulk0@example.org" })];
    await expect(addInvitees(test.db, otherEventId, clash)).rejects.toBeInstanceOf(DuplicateInviteeEmailError);
    expect((await listInvitees(test.db, otherEventId, { q: "새사람" })).invitees).toEqual([]);
  });

  it("edits and removes an invitee", async () => {
    const { invitees } = await listInvitees(test.db, eventId, { q: "이민호" });
    const inviteeId = String(invitees[0]!.id);
    const detailParams = { eventId: String(eventId), inviteeId };
    const saved = await outcome(() =>
      detailRoute.action({
        request: postRequest(
          `/admin/events/${eventId}/invitees/${inviteeId}`,
          { intent: "save", ...sampleInviteeForm({ name: "이민호", email: "lee@example.org", groupName: "학생 기자단", language: "en" }) },
          { Cookie: cookie },
        ),
        params: detailParams,
        context,
      }),
    );
    expect(saved.status).toBe(302);
    const updated = await test.db.selectFrom("invitees").select(["email", "group_name", "language"]).where("id", "=", Number(inviteeId)).executeTakeFirstOrThrow();
    expect(updated).toEqual({ email: "lee@example.org", group_name: "학생 기자단", language: "en" });
    const removed = await outcome(() =>
      detailRoute.action({ request: postRequest(`/admin/events/${eventId}/invitees/${inviteeId}`, { intent: "remove" }, { Cookie: cookie }), params: detailParams, context }),
    );
    expect(removed.status).toBe(302);
    expect((await listInvitees(test.db, eventId, { q: "이민호" })).invitees).toEqual([]);
  });
});
