import type { AppLoadContext } from "@remix-run/node";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createEvent, eventFormSchema } from "../../app/domain/events/events.server";
import { addInvitees } from "../../app/domain/invitations/invitations.server";
import { ACCESS_TTL_MS, createDoorDevice, enterDevicePin, revokeDoorDevice } from "../../app/domain/checkin/door-devices.server";
import { grantEventAccess } from "../../app/domain/events/members.server";
import { doorCookie } from "../../app/web/session.server";
import { recordRsvp } from "../../app/domain/rsvp/rsvp.server";
import { activeTicket } from "../../app/domain/rsvp/tickets.server";
import * as scanRoute from "../../app/routes/checkin.$slug.scan";
import * as walkInRoute from "../../app/routes/checkin.$slug.walk-in";
import * as scannerPage from "../../app/routes/checkin.$slug._index";
import { addOptionalConsentItem, optionalConsentText, sha256Hex } from "../../app/domain/rsvp/optional-consents.server";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { sampleEventForm, sampleInvitee, sampleOptionalConsentItem } from "../helpers/fixtures";
import { BASE, getRequest, newOrganizer, outcome, signedInCookie, testContext } from "../helpers/routes";

const mail = { origin: "http://localhost:3000", messageIdDomain: "example.org" };

describe("the scan route /checkin/<slug>/scan", () => {
  let test: TestDatabase;
  let context: AppLoadContext;
  let payload: string;
  const cookies: Record<"staff" | "other", string> = { staff: "", other: "" };

  beforeAll(async () => {
    test = await createTestDatabase();
    context = testContext(test.db);
    const owner = await newOrganizer(test.db, "Owner");
    const staff = await newOrganizer(test.db, "Staff");
    const other = await newOrganizer(test.db, "Other");
    const { id: eventId } = await createEvent(test.db, owner.id, eventFormSchema.parse(sampleEventForm({ slug: "scan-route" })));
    await createEvent(test.db, other.id, eventFormSchema.parse(sampleEventForm({ slug: "someone-elses" })));
    await grantEventAccess(test.db, { eventId, email: staff.email, role: "staff", invitedBy: owner.id }, { ...mail, locale: "ko" });
    const [inviteeId] = await addInvitees(test.db, eventId, [sampleInvitee({ name: "손님" })]);
    await recordRsvp(test.db, { eventId, inviteeId: inviteeId!, form: { answer: "attending", companions: 0, proxyName: "", proxyPosition: "", consent: true, answers: {} }, consentText: "c", mail });
    payload = (await activeTicket(test.db, inviteeId!))!.payload;
    cookies.staff = await signedInCookie(context, staff.id);
    cookies.other = await signedInCookie(context, other.id);
  });
  afterAll(() => test.destroy());

  const scan = (slug: string, body: unknown, cookie?: string) =>
    outcome(() =>
      scanRoute.action({
        request: new Request(new URL(`/checkin/${slug}/scan`, BASE), {
          method: "POST",
          body: JSON.stringify(body),
          headers: { "Content-Type": "application/json", ...(cookie ? { Cookie: cookie } : {}) },
        }),
        params: { slug },
        context,
      }),
    );

  it("lets door staff check a ticket in, and only for their event", async () => {
    const first = await scan("scan-route", { payload, entrance: "정문" }, cookies.staff);
    expect(first.status).toBe(200);
    expect(first.data).toMatchObject({ result: "welcome", guest: { name: "손님" } });
    expect((await scan("scan-route", { payload }, cookies.other)).status).toBe(404);
    expect((await scan("someone-elses", { payload }, cookies.staff)).status).toBe(404);
    expect((await scan("no-such-event", { payload }, cookies.staff)).status).toBe(404);
    const stranger = await scan("scan-route", { payload });
    expect(stranger.status).toBe(302);
    expect(stranger.location).toMatch(/^\/login/);
  });

  it("answers malformed requests with 400", async () => {
    for (const body of [null, {}, { payload, code: "ABCDEFGH" }, { inviteeId: -1 }, { payload: "x".repeat(600) }]) {
      expect((await scan("scan-route", body, cookies.staff)).status, JSON.stringify(body)).toBe(400);
    }
  });
});

describe("walk-ins at the door", () => {
  let test: TestDatabase;
  let context: AppLoadContext;
  let cookie: string;
  let eventId: number;

  beforeAll(async () => {
    test = await createTestDatabase();
    context = testContext(test.db);
    const owner = await newOrganizer(test.db, "Owner");
    eventId = (await createEvent(test.db, owner.id, eventFormSchema.parse(sampleEventForm({ slug: "walk-ins", capacity: "1" })))).id;
    cookie = await signedInCookie(context, owner.id);
  });
  afterAll(() => test.destroy());

  const walkIn = (body: unknown) =>
    outcome(() =>
      walkInRoute.action({
        request: new Request(new URL("/checkin/walk-ins/walk-in", BASE), { method: "POST", body: JSON.stringify(body), headers: { "Content-Type": "application/json", Cookie: cookie } }),
        params: { slug: "walk-ins" },
        context,
      }),
    );

  it("adds a walk-in with their consent and checks them in, beyond capacity if need be", async () => {
    const first = await walkIn({ name: "정현장", organization: "운정고", group: "학부모", consent: true, entrance: "정문" });
    expect(first.data).toMatchObject({ result: "welcome", guest: { name: "정현장", group: "학부모" } });
    const second = await walkIn({ name: "한현장", consent: true });
    expect(second.data.result).toBe("welcome");
    const rows = await test.db
      .selectFrom("rsvps as r")
      .innerJoin("invitees as i", "i.id", "r.invitee_id")
      .select(["i.name", "i.email", "r.status", "r.over_capacity", "r.consent_text"])
      .orderBy("i.id")
      .execute();
    expect(rows.map((row) => [row.name, row.email, row.status, row.over_capacity])).toEqual([
      ["정현장", null, "attending", true],
      ["한현장", null, "attending", true],
    ]);
    expect(rows[0]!.consent_text).toContain("수집·이용 목적");
    const checkins = await test.db.selectFrom("checkins").select(["method", "entrance"]).orderBy("id").execute();
    expect(checkins).toEqual([
      { method: "walk-in", entrance: "정문" },
      { method: "walk-in", entrance: "" },
    ]);
  });

  it("offers the event's optional consents on the staff's phone, unticked, and gives only those ticked, with version and text hash", async () => {
    const photos = await addOptionalConsentItem(test.db, eventId, sampleOptionalConsentItem());
    const nextYear = await addOptionalConsentItem(test.db, eventId, sampleOptionalConsentItem({ title_ko: "내년 행사 안내", title_en: "Next year's invitation" }));
    const page = await outcome(() => scannerPage.loader({ request: getRequest("/checkin/walk-ins", { Cookie: cookie }), params: { slug: "walk-ins" }, context }));
    expect(page.data.optionalConsents.map((offer: { id: number; title: string }) => [offer.id, offer.title])).toEqual([
      [photos.id, "행사 사진 게시"],
      [nextYear.id, "내년 행사 안내"],
    ]);
    for (const part of ["누리집 게시", "사진", "3년", "촬영 시 배려합니다."]) expect(page.data.optionalConsents[0].text).toContain(part);

    // Ticks the first only, plus an id that is no item of this event: ignored.
    const done = await walkIn({ name: "선택현장", consent: true, optional: [photos.id, 999_999] });
    expect(done.data.result).toBe("welcome");
    const guest = await test.db.selectFrom("invitees").select("id").where("name", "=", "선택현장").executeTakeFirstOrThrow();
    const given = await test.db.selectFrom("optional_consents").select(["item_id", "version", "language", "text_sha256", "withdrawn_at"]).where("invitee_id", "=", guest.id).execute();
    const stored = await test.db.selectFrom("optional_consent_items").selectAll().where("id", "=", photos.id).executeTakeFirstOrThrow();
    expect(given).toEqual([{ item_id: photos.id, version: 1, language: "ko", text_sha256: sha256Hex(optionalConsentText(stored, "ko")), withdrawn_at: null }]);
    // Attending does not depend on them: no tick, still welcome, nothing given.
    const none = await walkIn({ name: "무선택현장", consent: true });
    expect(none.data.result).toBe("welcome");
    const other = await test.db.selectFrom("invitees").select("id").where("name", "=", "무선택현장").executeTakeFirstOrThrow();
    expect(await test.db.selectFrom("optional_consents").select("item_id").where("invitee_id", "=", other.id).execute()).toEqual([]);
    // Not a list of ids: a 400 with nothing added.
    expect((await walkIn({ name: "잘못현장", consent: true, optional: "all" })).status).toBe(400);
    expect(await test.db.selectFrom("invitees").select("id").where("name", "=", "잘못현장").execute()).toEqual([]);
  });

  it("needs a name and the consent tick, and says which is missing", async () => {
    const missing = await walkIn({ name: "", consent: false });
    expect(missing.status).toBe(400);
    expect(missing.data.errors).toMatchObject({ name: "error.required", consent: "rsvp.error.consent" });
    expect(await test.db.selectFrom("invitees").select("id").where("name", "=", "").execute()).toEqual([]);
  });
});

describe("door staff after the event", () => {
  let test: TestDatabase;
  let context: AppLoadContext;

  beforeAll(async () => {
    test = await createTestDatabase();
    context = testContext(test.db);
  });
  afterAll(() => test.destroy());

  it("closes the scanner to staff 12 hours after the event, but not to its organizers", async () => {
    const owner = await newOrganizer(test.db, "Owner");
    const staff = await newOrganizer(test.db, "Staff");
    const { id: eventId } = await createEvent(test.db, owner.id, eventFormSchema.parse(sampleEventForm({ slug: "long-over" })));
    await grantEventAccess(test.db, { eventId, email: staff.email, role: "staff", invitedBy: owner.id }, { ...mail, locale: "ko" });
    const scan = async (organizerId: number) =>
      outcome(async () =>
        scanRoute.action({
          request: new Request(new URL("/checkin/long-over/scan", BASE), {
            method: "POST",
            body: JSON.stringify({ code: "ABCDEFGH" }),
            headers: { "Content-Type": "application/json", Cookie: await signedInCookie(context, organizerId) },
          }),
          params: { slug: "long-over" },
          context,
        }),
      );
    expect((await scan(staff.id)).status).toBe(200);
    await test.db
      .updateTable("events")
      .set({ starts_at: new Date(Date.now() - 20 * 3_600_000), ends_at: new Date(Date.now() - 13 * 3_600_000) })
      .where("id", "=", eventId)
      .execute();
    expect((await scan(staff.id)).status).toBe(403);
    expect((await scan(owner.id)).status).toBe(200);
  });
});

describe("who may use the door, worked out once every few seconds", () => {
  let test: TestDatabase;
  let context: AppLoadContext;
  afterEach(() => vi.useRealTimers());

  beforeAll(async () => {
    test = await createTestDatabase();
    context = testContext(test.db);
  });
  afterAll(() => test.destroy());

  it(`refuses a signed-out session, a removed staff member and a revoked phone within ${ACCESS_TTL_MS / 1000} seconds, changed from another app instance`, async () => {
    const owner = await newOrganizer(test.db, "Owner");
    const staff = await newOrganizer(test.db, "Staff");
    const other = await newOrganizer(test.db, "Other staff");
    const { id: eventId } = await createEvent(test.db, owner.id, eventFormSchema.parse(sampleEventForm({ slug: "cached-door" })));
    for (const person of [staff, other]) await grantEventAccess(test.db, { eventId, email: person.email, role: "staff", invitedBy: owner.id }, { ...mail, locale: "ko" });
    const device = await createDoorDevice(test.db, { eventId, name: "정문", createdBy: owner.id });
    const pin = await enterDevicePin(test.db, device.token, device.pin);
    if (!pin.ok) throw new Error("the PIN was refused");
    const cookies = {
      staff: await signedInCookie(context, staff.id),
      other: await signedInCookie(context, other.id),
      phone: (await doorCookie(context.config).serialize(pin.sessionToken)).split(";")[0]!,
    };
    const scan = (cookie: string) =>
      outcome(() =>
        scanRoute.action({
          request: new Request(new URL("/checkin/cached-door/scan", BASE), {
            method: "POST",
            body: JSON.stringify({ code: "ABCDEFGH" }),
            headers: { "Content-Type": "application/json", Cookie: cookie },
          }),
          params: { slug: "cached-door" },
          context,
        }),
      );
    vi.useFakeTimers({ toFake: ["Date"] });
    for (const cookie of Object.values(cookies)) expect((await scan(cookie)).status).toBe(200);

    // What another instance (or a person at the database) changes, this one has not heard of.
    await test.db.deleteFrom("organizer_sessions").where("organizer_id", "=", staff.id).execute();
    await test.db.deleteFrom("event_members").where("organizer_id", "=", other.id).execute();
    await test.db.updateTable("door_devices").set({ revoked_at: new Date(), session_hash: null }).where("id", "=", device.id).execute();
    for (const cookie of Object.values(cookies)) expect((await scan(cookie)).status).toBe(200);

    vi.setSystemTime(Date.now() + ACCESS_TTL_MS + 1);
    const staffScan = await scan(cookies.staff);
    expect(staffScan.status).toBe(302);
    expect(staffScan.location).toMatch(/^\/login\?redirectTo=/);
    expect((await scan(cookies.other)).status).toBe(404);
    expect((await scan(cookies.phone)).status).toBe(302);
  });

  it("forgets a phone at once when it is revoked through this instance", async () => {
    const owner = await newOrganizer(test.db, "Owner 2");
    const { id: eventId } = await createEvent(test.db, owner.id, eventFormSchema.parse(sampleEventForm({ slug: "revoked-here" })));
    const device = await createDoorDevice(test.db, { eventId, name: "후문", createdBy: owner.id });
    const pin = await enterDevicePin(test.db, device.token, device.pin);
    if (!pin.ok) throw new Error("the PIN was refused");
    const phone = (await doorCookie(context.config).serialize(pin.sessionToken)).split(";")[0]!;
    const scan = () =>
      outcome(() =>
        scanRoute.action({
          request: new Request(new URL("/checkin/revoked-here/scan", BASE), {
            method: "POST",
            body: JSON.stringify({ code: "ABCDEFGH" }),
            headers: { "Content-Type": "application/json", Cookie: phone },
          }),
          params: { slug: "revoked-here" },
          context,
        }),
      );
    expect((await scan()).status).toBe(200);
    await revokeDoorDevice(test.db, eventId, device.id);
    expect((await scan()).status).toBe(302);
  });
});
