import crypto from "node:crypto";
import type { AppLoadContext } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEvent, eventFormSchema } from "../../app/domain/events/events.server";
import { addInvitee, personalLinkToken } from "../../app/domain/invitations/invitations.server";
import { attendeeExportRows } from "../../app/domain/rsvp/attendees.server";
import { localeCookie } from "../../app/web/locale.server";
import * as settingsRoute from "../../app/routes/admin.events.$eventId.rsvp";
import * as personalRoute from "../../app/routes/i.$token";
import * as myDataRoute from "../../app/routes/i.$token_.my-data";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { sampleEventForm, sampleInvitee } from "../helpers/fixtures";
import { getRequest, newOrganizer, outcome, postRequest, signedInCookie, testContext } from "../helpers/routes";

function photoItem(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    titleKo: "행사 사진 게시",
    titleEn: "Publishing event photos",
    purposeKo: "행사 사진을 누리집과 소식지에 게시",
    purposeEn: "Publishing photos of the event on the website and newsletter",
    itemsKo: "행사 중 촬영된 사진(얼굴 포함)",
    itemsEn: "Photos taken at the event (faces included)",
    retentionKo: "게시일로부터 3년",
    retentionEn: "3 years from publication",
    refusalKo: "사진에 나오지 않도록 촬영 시 배려합니다.",
    refusalEn: "We will keep you out of published photos.",
    ...overrides,
  };
}

const sha256 = (value: string) => crypto.createHash("sha256").update(value, "utf8").digest("hex");

describe("optional consents", () => {
  let test: TestDatabase;
  let context: AppLoadContext;
  let cookie: string;
  let eventId: number;
  const guests: Record<string, { id: number; token: string }> = {};
  const lang: Record<"ko" | "en", Record<string, string>> = { ko: {}, en: {} };

  beforeAll(async () => {
    test = await createTestDatabase();
    context = testContext(test.db);
    const owner = await newOrganizer(test.db, "Owner");
    cookie = await signedInCookie(context, owner.id);
    eventId = (await createEvent(test.db, owner.id, eventFormSchema.parse(sampleEventForm({ slug: "optional-consents" })))).id;
    for (const [name, email, language] of [
      ["하늘", "haneul", "ko"],
      ["emily", "emily", "en"],
      ["bora", "bora", "ko"],
    ] as const) {
      const { id } = await addInvitee(test.db, eventId, sampleInvitee({ name, email: `${email}@example.org`, language }));
      guests[name] = { id, token: await personalLinkToken(test.db, { id, link_version: 1 }) };
    }
    lang.ko = { Cookie: (await localeCookie.serialize("ko")).split(";")[0]! };
    lang.en = { Cookie: (await localeCookie.serialize("en")).split(";")[0]! };
  });
  afterAll(() => test.destroy());

  const settings = (fields: Record<string, string>) =>
    outcome(() => settingsRoute.action({ request: postRequest(`/admin/events/${eventId}/rsvp`, fields, { Cookie: cookie }), params: { eventId: String(eventId) }, context }));
  const settingsPage = () => outcome(() => settingsRoute.loader({ request: getRequest(`/admin/events/${eventId}/rsvp`, { Cookie: cookie }), params: { eventId: String(eventId) }, context }));
  const guestPage = (name: string, language: "ko" | "en") =>
    outcome(() => personalRoute.loader({ request: getRequest(`/i/${guests[name]!.token}`, lang[language]), params: { token: guests[name]!.token }, context }));
  const answer = (name: string, language: "ko" | "en", fields: Record<string, string>) =>
    outcome(() => personalRoute.action({ request: postRequest(`/i/${guests[name]!.token}`, fields, lang[language]), params: { token: guests[name]!.token }, context }));
  const withdraw = (name: string, itemId: string) =>
    outcome(() => myDataRoute.action({ request: postRequest(`/i/${guests[name]!.token}/my-data`, { intent: "withdraw-consent", itemId }, lang.ko), params: { token: guests[name]!.token }, context }));
  const consentRow = (name: string) => test.db.selectFrom("optional_consents").selectAll().where("invitee_id", "=", guests[name]!.id).executeTakeFirst();
  const ticketStatus = async (name: string) => (await test.db.selectFrom("tickets").select("status").where("invitee_id", "=", guests[name]!.id).executeTakeFirst())?.status ?? null;

  it("refuses an item without its disclosures, keeping what was typed, and adds one that has them", async () => {
    const missing = await settings({ intent: "add-optional", ...photoItem({ purposeKo: "", purposeEn: "", retentionKo: "", retentionEn: "" }) });
    expect(missing.status).toBe(400);
    expect(missing.data.form).toBe("optional-new");
    expect(missing.data.errors).toEqual({ purposeKo: "optionalConsent.error.purpose", retentionKo: "optionalConsent.error.retention" });
    expect(missing.data.values.titleKo).toBe("행사 사진 게시");
    const added = await settings({ intent: "add-optional", ...photoItem() });
    expect(added.status).toBe(302);
    expect(added.location).toContain("saved=optional-added");
    const page = await settingsPage();
    expect(page.data.optionalConsents).toHaveLength(1);
    expect(page.data.optionalConsents[0]).toMatchObject({ version: 1, consenting: 0, values: { titleEn: "Publishing event photos" } });
  });

  it("shows each item unticked with its four disclosures in the reader's language", async () => {
    const ko = await guestPage("하늘", "ko");
    const [item] = ko.data.form.optionalConsents;
    expect(item.title).toBe("행사 사진 게시");
    expect(item.text).toContain("수집·이용 목적: 행사 사진을 누리집과 소식지에 게시");
    expect(item.text).toContain("수집 항목: 행사 중 촬영된 사진(얼굴 포함)");
    expect(item.text).toContain("보유·이용 기간: 게시일로부터 3년");
    expect(item.text).toContain("거부하셔도 행사 참석에는 아무런 제한이 없습니다. 사진에 나오지 않도록");
    expect(ko.data.form.defaults[`optional-${item.id}`]).toBeUndefined();
    const en = await guestPage("emily", "en");
    expect(en.data.form.optionalConsents[0].text).toContain("Retention: 3 years from publication");
    expect(en.data.form.optionalConsents[0].text).toContain("refusing does not affect your attendance");
  });

  it("never blocks attending: an answer without any optional tick gets its ticket and stores no consent", async () => {
    const done = await answer("bora", "ko", { intent: "answer", answer: "attending", consent: "on" });
    expect(done.status).toBe(302);
    expect(await ticketStatus("bora")).toBe("active");
    expect(await consentRow("bora")).toBeUndefined();
    // The required consent is still required: an optional tick does not stand in for it.
    const [item] = (await guestPage("하늘", "ko")).data.form.optionalConsents;
    const withoutRequired = await answer("하늘", "ko", { intent: "answer", answer: "attending", [`optional-${item.id}`]: "on" });
    expect(withoutRequired.status).toBe(400);
    expect(withoutRequired.data.errors).toEqual({ consent: "rsvp.error.consent" });
    expect(withoutRequired.data.values[`optional-${item.id}`]).toBe("on");
    expect(await consentRow("하늘")).toBeUndefined();
  });

  it("stores the version and the SHA-256 of the exact text shown, in the guest's language", async () => {
    const ko = await guestPage("하늘", "ko");
    const [item] = ko.data.form.optionalConsents;
    expect((await answer("하늘", "ko", { intent: "answer", answer: "attending", consent: "on", [`optional-${item.id}`]: "on" })).status).toBe(302);
    const row = await consentRow("하늘");
    expect(row).toMatchObject({ item_id: item.id, version: 1, language: "ko", withdrawn_at: null });
    expect(row!.text_sha256).toBe(sha256(item.text));
    expect((await guestPage("하늘", "ko")).data.form.defaults[`optional-${item.id}`]).toBe("on");

    const en = await guestPage("emily", "en");
    const [english] = en.data.form.optionalConsents;
    expect((await answer("emily", "en", { intent: "answer", answer: "declined", [`optional-${english.id}`]: "on" })).status).toBe(302);
    const emily = await consentRow("emily");
    expect(emily).toMatchObject({ language: "en", version: 1 });
    expect(emily!.text_sha256).toBe(sha256(english.text));
    expect(emily!.text_sha256).not.toBe(row!.text_sha256);
  });

  it("makes a new version when the organizer edits the text, and asks again in the new words", async () => {
    const { id } = (await settingsPage()).data.optionalConsents[0];
    expect((await settings({ intent: "save-optional", itemId: String(id), ...photoItem() })).status).toBe(302);
    expect((await settingsPage()).data.optionalConsents[0].version).toBe(1);
    expect((await settings({ intent: "save-optional", itemId: String(id), ...photoItem({ retentionKo: "게시일로부터 2년" }) })).status).toBe(302);
    expect((await settingsPage()).data.optionalConsents[0].version).toBe(2);
    const ko = await guestPage("하늘", "ko");
    expect(ko.data.form.defaults[`optional-${id}`]).toBeUndefined();
    expect(ko.data.optionalConsentsHeld).toEqual([expect.objectContaining({ itemId: id, version: 1 })]);
    await answer("하늘", "ko", { intent: "answer", answer: "attending", consent: "on", [`optional-${id}`]: "on" });
    const row = await consentRow("하늘");
    expect(row!.version).toBe(2);
    expect(row!.text_sha256).toBe(sha256(ko.data.form.optionalConsents[0].text));
    expect(ko.data.form.optionalConsents[0].text).toContain("게시일로부터 2년");
  });

  it("exports a column per item with who consents, to which version, and who withdrew", async () => {
    const rows = await attendeeExportRows(test.db, eventId, "ko");
    const header = rows[0]!;
    const column = header.indexOf("[선택] 행사 사진 게시");
    expect(column).toBeGreaterThan(0);
    const cell = (name: string) => rows.find((row) => row[0] === name)![column];
    expect(cell("하늘")).toMatch(/^동의 \d{4}-\d{2}-\d{2} \d{2}:\d{2}.* \(v2\)$/);
    expect(cell("emily")).toMatch(/\(v1\)$/);
    expect(cell("bora")).toBe("");
  });

  it("lets the guest withdraw from the personal link, and the ticket stays", async () => {
    const { id } = (await settingsPage()).data.optionalConsents[0];
    const withdrawn = await withdraw("하늘", String(id));
    expect(withdrawn.status).toBe(302);
    expect(withdrawn.location).toContain("withdrawn=1");
    expect((await consentRow("하늘"))!.withdrawn_at).toBeInstanceOf(Date);
    expect(await ticketStatus("하늘")).toBe("active");
    expect((await guestPage("하늘", "ko")).data.optionalConsentsHeld).toEqual([]);
    const rows = await attendeeExportRows(test.db, eventId, "en");
    const column = rows[0]!.indexOf("[Optional] Publishing event photos");
    expect(rows.find((row) => row[0] === "하늘")![column]).toMatch(/^Withdrawn \d{4}-/);
    // Nonsense ids are no error page.
    expect((await withdraw("하늘", "x")).status).toBe(302);
    // Unticking the box in the answer form withdraws too; cancelling attendance does not touch consents.
    await answer("emily", "en", { intent: "answer", answer: "attending", consent: "on", [`optional-${id}`]: "on" });
    await answer("emily", "en", { intent: "cancel" });
    expect((await consentRow("emily"))!.withdrawn_at).toBeNull();
    await answer("emily", "en", { intent: "answer", answer: "attending", consent: "on" });
    expect((await consentRow("emily"))!.withdrawn_at).toBeInstanceOf(Date);
    expect(await ticketStatus("emily")).toBe("active");
  });

  it("stops asking for a removed item but keeps the consents given to it", async () => {
    const { id } = (await settingsPage()).data.optionalConsents[0];
    expect((await settings({ intent: "remove-optional", itemId: String(id) })).status).toBe(302);
    expect((await guestPage("bora", "ko")).data.form.optionalConsents).toEqual([]);
    expect(await consentRow("하늘")).toBeDefined();
    expect((await attendeeExportRows(test.db, eventId, "ko"))[0]).toContain("[선택] 행사 사진 게시");
  });
});
