/**
 * A guest's rights from their personal link, in Chromium, in Korean and in English: optional
 * consents that never stand between them and a ticket, and withdrawing one.
 */
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { createEvent, eventFormSchema } from "../../app/domain/events/events.server";
import { addInvitee, personalLinkToken } from "../../app/domain/invitations/invitations.server";
import { addOptionalConsentItem } from "../../app/domain/rsvp/optional-consents.server";
import { DEMO_ORGANIZER } from "../../scripts/seed";
import type { BrowserLocale } from "../helpers/browser";
import { withServerAndBrowser } from "../helpers/e2e";
import { sampleEventForm, sampleInvitee } from "../helpers/fixtures";

type Guests = Record<BrowserLocale, string>;

const app = withServerAndBrowser({
  prepare: async (db): Promise<{ consentGuests: Guests }> => {
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
    return { consentGuests: { "ko-KR": await guest("한소망", "ko"), "en-US": await guest("Sophie Kim", "en") } };
  },
});

const words = {
  "ko-KR": {
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
