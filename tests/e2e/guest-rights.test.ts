/**
 * A guest's rights, in Chromium, in Korean and in English: optional consents that never stand
 * between them and a ticket, and withdrawing one; and the door seeing no more of them than it needs.
 */
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { createEvent, eventFormSchema } from "../../app/domain/events/events.server";
import { addInvitee, personalLinkToken } from "../../app/domain/invitations/invitations.server";
import { createDoorDevice } from "../../app/domain/checkin/door-devices.server";
import { addOptionalConsentItem } from "../../app/domain/rsvp/optional-consents.server";
import { recordRsvp, rsvpFormSchema } from "../../app/domain/rsvp/rsvp.server";
import { DEMO_ORGANIZER } from "../../scripts/seed";
import { fieldByLabel, type BrowserLocale } from "../helpers/browser";
import { DEMO_MAIL } from "../helpers/demo";
import { withServerAndBrowser } from "../helpers/e2e";
import { sampleEventForm, sampleInvitee } from "../helpers/fixtures";

type Guests = Record<BrowserLocale, string>;

const app = withServerAndBrowser({
  prepare: async (db): Promise<{ consentGuests: Guests; rightsGuests: Guests; soonGuests: Guests; doors: Record<BrowserLocale, { token: string; pin: string }>; slug: string }> => {
    const organizer = await db.selectFrom("organizers").select("id").where("email", "=", DEMO_ORGANIZER.email).executeTakeFirstOrThrow();
    const event = await createEvent(db, organizer.id, eventFormSchema.parse(sampleEventForm({ slug: "guest-rights", titleKo: "권리 시험 행사", titleEn: "Guest rights meeting" })));
    await addOptionalConsentItem(db, event.id, {
      title_ko: "행사 사진 게시",
      title_en: "Publishing event photos",
      purpose_ko: "행사 사진을 누리집에 게시",
      purpose_en: "Publishing photos on the website",
      items_ko: "행사 중 촬영된 사진",
      items_en: "Photos taken at the event",
      retention_ko: "게시일로부터 3년",
      retention_en: "3 years from publication",
      refusal_ko: "",
      refusal_en: "",
    });
    const guest = async (name: string, language: "ko" | "en") => {
      const { id } = await addInvitee(db, event.id, sampleInvitee({ name, language }));
      return `/i/${await personalLinkToken(db, { id, link_version: 1 })}`;
    };
    // Two guests of one name, told apart at the door by their masked phones.
    for (const [phone, email] of [
      ["010-2345-6789", "first.jung@example.org"],
      ["010-8765-4321", "second.jung@example.org"],
    ]) {
      const { id } = await addInvitee(db, event.id, sampleInvitee({ name: "정다운", phone, email }));
      await recordRsvp(db, { eventId: event.id, inviteeId: id, form: rsvpFormSchema([], 0).parse({ answer: "attending", consent: "on" }), consentText: "동의", mail: DEMO_MAIL });
    }
    const door = async (name: string) => {
      const { token, pin } = await createDoorDevice(db, { eventId: event.id, name, createdBy: organizer.id });
      return { token, pin };
    };
    // Guests who will see, correct and delete their data: at this event, and at one starting in two hours.
    const soon = await createEvent(db, organizer.id, eventFormSchema.parse(sampleEventForm({ slug: "starting-soon", titleKo: "곧 시작하는 행사", titleEn: "Starting soon" })));
    const startsAt = new Date(Date.now() + 2 * 3_600_000);
    await db
      .updateTable("events")
      .set({ starts_at: startsAt, ends_at: new Date(startsAt.getTime() + 3 * 3_600_000) })
      .where("id", "=", soon.id)
      .execute();
    const attending = async (eventId: number, name: string, language: "ko" | "en", email: string) => {
      const { id } = await addInvitee(db, eventId, sampleInvitee({ name, language, email, phone: "010-5555-6666", organization: "문산고등학교", notes: "점자 자료" }));
      await recordRsvp(db, { eventId, inviteeId: id, form: rsvpFormSchema([], 0).parse({ answer: "attending", consent: "on" }), consentText: "동의", mail: DEMO_MAIL });
      return `/i/${await personalLinkToken(db, { id, link_version: 1 })}`;
    };
    return {
      rightsGuests: { "ko-KR": await attending(event.id, "오열람", "ko", "yeollam@example.org"), "en-US": await attending(event.id, "Olivia Reed", "en", "olivia@example.org") },
      soonGuests: { "ko-KR": await attending(soon.id, "윤대기", "ko", "daegi@example.org"), "en-US": await attending(soon.id, "Sam Wait", "en", "sam@example.org") },
      slug: event.slug,
      consentGuests: { "ko-KR": await guest("한소망", "ko"), "en-US": await guest("Sophie Kim", "en") },
      doors: { "ko-KR": await door("정문"), "en-US": await door("Side door") },
    };
  },
});

const words = {
  "ko-KR": {
    myData: "내 개인정보 보기·고치기·삭제",
    name: "이름",
    organization: "소속",
    required: "필수 항목입니다",
    save: "고친 내용 저장",
    saved: "고친 내용을 저장했습니다.",
    understood: "위 내용을 이해했으며 삭제를 요청합니다",
    understoodError: "삭제하려면 위 내용을 이해했다는 칸에 체크하세요.",
    delete: "내 정보 삭제",
    pin: "PIN (숫자 6자리)",
    start: "입장 확인 시작",
    entrance: "입구 이름",
    scan: "스캔 시작",
    search: "이름·소속·전화번호로 찾기",
    find: "찾기",
    attending: "참석합니다",
    consent: "위 개인정보 수집·이용에 동의합니다",
    optional: "[선택] 행사 사진 게시에 동의합니다",
    submit: "회신 보내기",
    change: "바뀐 회신 보내기",
    ticket: "입장권 크게 보기·인쇄",
    held: "내가 한 선택 동의",
    withdraw: "행사 사진 게시 동의 철회",
    withdrawn: "동의를 철회했습니다",
  },
  "en-US": {
    myData: "See, correct or delete my personal information",
    name: "Name",
    organization: "Organization",
    required: "required",
    save: "Save corrections",
    saved: "Your corrections are saved.",
    understood: "I understand, and I ask for my data to be deleted",
    understoodError: "To delete, tick the box to confirm you understand what it means.",
    delete: "Delete my data",
    pin: "PIN (6 digits)",
    start: "Start checking in",
    entrance: "Entrance",
    scan: "Start scanning",
    search: "Find by name, organization or phone",
    find: "Search",
    attending: "Yes, I will attend",
    consent: "I agree to the collection and use of my personal information",
    optional: "[Optional] I agree: Publishing event photos",
    submit: "Send my reply",
    change: "Send my new reply",
    ticket: "Open or print the ticket",
    held: "Optional consents you have given",
    withdraw: "Withdraw consent: Publishing event photos",
    withdrawn: "Consent withdrawn",
  },
} as const;

async function mobilePage(locale: BrowserLocale): Promise<Page> {
  const context = await app.newContext(locale, { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  return context.newPage();
}

describe.each(["ko-KR", "en-US"] as const)("optional consents in %s", (locale) => {
  const w = words[locale];
  it("attends without the optional consent, then gives it and withdraws it, keeping the ticket", async () => {
    const page = await mobilePage(locale);
    await page.goto(app.prepared.consentGuests[locale]);
    const optional = page.getByLabel(w.optional);
    expect(await optional.isChecked()).toBe(false);
    await page.getByLabel(w.attending, { exact: true }).check();
    await page.getByLabel(w.consent).check();
    await page.getByRole("button", { name: w.submit }).click();
    await page.getByRole("link", { name: w.ticket }).waitFor();
    expect(await page.getByRole("heading", { name: w.held }).count()).toBe(0);

    await page.getByLabel(w.optional).check();
    await page.getByRole("button", { name: w.change }).click();
    await page.getByRole("heading", { name: w.held }).waitFor();
    expect(await page.getByLabel(w.optional).isChecked()).toBe(true);

    await page.getByRole("button", { name: w.withdraw }).click();
    await page.getByRole("status").filter({ hasText: w.withdrawn }).waitFor();
    expect(await page.getByLabel(w.optional).isChecked()).toBe(false);
    await page.getByRole("link", { name: w.ticket }).waitFor();
  });
});

describe.each(["ko-KR", "en-US"] as const)("the door in %s", (locale) => {
  const w = words[locale];
  it("shows door phones masked phone numbers and no email, in its search and its offline roster", async () => {
    const page = await mobilePage(locale);
    const { token, pin } = app.prepared.doors[locale];
    await page.goto(`/door/${token}`);
    await fieldByLabel(page, w.pin).fill(pin);
    const roster = page.waitForResponse((response) => response.url().endsWith(`/checkin/${app.prepared.slug}/roster`));
    await page.getByRole("button", { name: w.start }).click();
    await page.waitForURL((url) => url.pathname === `/checkin/${app.prepared.slug}`);
    const rosterText = await (await roster).text();
    expect(rosterText).toContain("정다운");
    await fieldByLabel(page, w.entrance).fill("A");
    await page.getByRole("button", { name: w.scan }).click();

    await fieldByLabel(page, w.search).fill("정다운");
    const search = page.waitForResponse((response) => response.url().includes(`/checkin/${app.prepared.slug}/search`));
    await page.getByRole("button", { name: w.find, exact: true }).click();
    const searchText = await (await search).text();
    await page.getByText("010-****-6789").waitFor();
    await page.getByText("010-****-4321").waitFor();
    for (const text of [rosterText, searchText, await page.content()]) {
      expect(text).not.toMatch(/@example\.org|2345-6789|8765-4321|23456789|87654321/);
    }
  });
});

describe.each(["ko-KR", "en-US"] as const)("a guest's own data in %s", (locale) => {
  const w = words[locale];
  it("sees everything held, corrects it (keeping what was typed on an error) and deletes it; the link then says so", async () => {
    const page = await mobilePage(locale);
    const link = app.prepared.rightsGuests[locale];
    await page.goto(link);
    await page.getByRole("link", { name: w.myData }).click();
    await page.waitForURL((url) => url.pathname === `${link}/my-data`);
    const email = locale === "ko-KR" ? "yeollam@example.org" : "olivia@example.org";
    for (const held of [email, "010-5555-6666", "문산고등학교", "점자 자료"]) await page.getByText(held, { exact: true }).first().waitFor();

    await fieldByLabel(page, w.name).fill("");
    await fieldByLabel(page, w.organization).fill("파주교육지원청");
    await page.getByRole("button", { name: w.save }).click();
    await page.locator("#field-name-error").waitFor();
    expect(await fieldByLabel(page, w.organization).inputValue()).toBe("파주교육지원청");
    expect(await fieldByLabel(page, w.name).getAttribute("aria-invalid")).toBe("true");
    await fieldByLabel(page, w.name).fill("새이름");
    await page.getByRole("button", { name: w.save }).click();
    await page.getByRole("status").filter({ hasText: w.saved }).waitFor();
    await page.getByText("파주교육지원청", { exact: true }).first().waitFor();

    await page.getByRole("button", { name: w.delete }).click();
    await page.getByText(w.understoodError).first().waitFor();
    await page.getByLabel(w.understood).check();
    await page.getByRole("button", { name: w.delete }).click();
    await page.waitForURL((url) => url.pathname === link);
    await page.getByRole("heading", { name: "삭제된 초청입니다" }).waitFor();
    await page.getByRole("heading", { name: "This invitation was deleted" }).waitFor();
    expect(await page.content()).not.toContain("새이름");
  });

  it("asks within a day of the event: the link stops now and says the deletion follows the event", async () => {
    const page = await mobilePage(locale);
    const link = app.prepared.soonGuests[locale];
    await page.goto(`${link}/my-data`);
    await page.getByLabel(w.understood).check();
    await page.getByRole("button", { name: w.delete }).click();
    await page.waitForURL((url) => url.pathname === link);
    await page.getByText("개인정보는 행사가 끝난 뒤 지체 없이 삭제합니다").waitFor();
    await page.getByText("your personal information will be deleted as soon as the event is over").waitFor();
    const ticket = await page.goto(`${link}/ticket`);
    expect(ticket?.status()).toBe(410);
  });
});
