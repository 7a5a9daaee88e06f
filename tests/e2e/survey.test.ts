/**
 * The survey after the event (만족도 조사) in Chromium, once in Korean and once in English: the
 * organizer writes the questions and sends it, a guest who was checked in answers from the link
 * in their email (on a phone, without JavaScript), one who was not gets a friendly page, and the
 * results page shows the counts, the averages and the SVG bars.
 */
import AxeBuilder from "@axe-core/playwright";
import type { ParsedMail } from "mailparser";
import type { Page } from "playwright-core";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { checkInInvitee } from "../../app/domain/checkin/checkin.server";
import { createEvent, eventFormSchema } from "../../app/domain/events/events.server";
import { addInvitees, personalLinkToken } from "../../app/domain/invitations/invitations.server";
import { recordRsvp, rsvpFormSchema } from "../../app/domain/rsvp/rsvp.server";
import { DEMO_ORGANIZER } from "../../scripts/seed";
import { signInAsDemoOrganizer } from "../helpers/browser";
import { DEMO_MAIL } from "../helpers/demo";
import { withServerAndBrowser } from "../helpers/e2e";
import { sampleEventForm, sampleInvitee } from "../helpers/fixtures";

const app = withServerAndBrowser({
  smtp: true,
  // Two events of the demo organizer that ended an hour ago, one per language, each with two
  // guests checked in (in two groups) and one who never came.
  async prepare(db) {
    const organizer = await db.selectFrom("organizers").select("id").where("email", "=", DEMO_ORGANIZER.email).executeTakeFirstOrThrow();
    const made: Record<"ko" | "en", { eventId: number; emails: string[]; absentToken: string }> = { ko: { eventId: 0, emails: [], absentToken: "" }, en: { eventId: 0, emails: [], absentToken: "" } };
    for (const language of ["ko", "en"] as const) {
      const eventId = (
        await createEvent(db, organizer.id, eventFormSchema.parse(sampleEventForm({ slug: `survey-e2e-${language}`, titleKo: `설문 행사 ${language}`, titleEn: `Survey event ${language}` })))
      ).id;
      const emails = ["first", "second", "absent"].map((who) => `${who}-${language}@example.org`);
      const ids = await addInvitees(
        db,
        eventId,
        emails.map((email, i) => sampleInvitee({ name: `${language === "ko" ? "손님" : "Guest"} ${i + 1}`, email, language, groupName: i === 1 ? "Students" : "VIP" })),
      );
      for (const id of ids) {
        await recordRsvp(db, { eventId, inviteeId: id, form: rsvpFormSchema([], 0).parse({ answer: "attending", consent: "on" }), consentText: "동의", mail: DEMO_MAIL });
      }
      for (const id of ids.slice(0, 2)) await checkInInvitee(db, { eventId, entrance: "정문", organizerId: organizer.id }, id);
      await db
        .updateTable("events")
        .set({ starts_at: sql<Date>`now() - interval '3 hours'`, ends_at: sql<Date>`now() - interval '1 hour'` })
        .where("id", "=", eventId)
        .execute();
      const absent = await db.selectFrom("invitees").select(["id", "link_version"]).where("id", "=", ids[2]!).executeTakeFirstOrThrow();
      made[language] = { eventId, emails, absentToken: await personalLinkToken(db, absent) };
    }
    return made;
  },
});

async function waitForMail(to: string, subject: RegExp): Promise<ParsedMail> {
  for (let i = 0; i < 200; i++) {
    const found = app.sink.received.find((mail) => (mail.to as { value: Array<{ address: string }> }).value[0]!.address === to && subject.test(mail.subject ?? ""));
    if (found) return found;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no survey email to ${to}`);
}

/** WCAG 2.x A and AA violations axe finds on the page as it stands (as tests/e2e/accessibility.test.ts checks every page). */
async function axeViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]).analyze();
  return result.violations.flatMap((violation) => violation.nodes.map((node) => `${violation.id} at ${node.target.join(" ")}`));
}

const words = {
  ko: {
    link: "만족도 조사",
    guestLink: "만족도 조사 답하기",
    slot: (n: number) => `문항 ${n}`,
    kind: "종류",
    labelKo: "문항 (한국어)",
    labelEn: "문항 (영어)",
    optionsKo: "선택지 (한국어)",
    optionsEn: "선택지 (영어)",
    required: "꼭 답해야 함",
    save: "설문 저장",
    saved: "설문을 저장했습니다.",
    send: "입장한 2명에게 설문 보내기",
    sent: "설문 메일을 보냈습니다.",
    subject: /^\[만족도 조사\] /,
    submit: "답변 보내기",
    requiredError: "이 문항에 답해 주세요.",
    thanks: "답해 주셔서 감사합니다.",
    rating: (n: number) => ["", "1 · 매우 불만족", "2 · 불만족", "3 · 보통", "4 · 만족", "5 · 매우 만족"][n]!,
    notAttended: "설문은 행사장에서 입장 확인을 받은 분께만 드립니다.",
    responses: "2명 중 2명 응답",
    average: "평균 4.50점 (2명 응답)",
    choiceKind: "하나 고르기",
    textKind: "자유 서술",
  },
  en: {
    link: "Survey",
    guestLink: "Answer the survey",
    slot: (n: number) => `Question ${n}`,
    kind: "Kind",
    labelKo: "Question (Korean)",
    labelEn: "Question (English)",
    optionsKo: "Options (Korean)",
    optionsEn: "Options (English)",
    required: "An answer is required",
    save: "Save the survey",
    saved: "The survey was saved.",
    send: "Send the survey to the 2 checked in",
    sent: "The survey emails were sent.",
    subject: /^A short survey: /,
    submit: "Send my answers",
    requiredError: "Please answer this question.",
    thanks: "Thank you for your answers.",
    rating: (n: number) => ["", "1 · Very dissatisfied", "2 · Dissatisfied", "3 · Neutral", "4 · Satisfied", "5 · Very satisfied"][n]!,
    notAttended: "The survey is for guests who were checked in at the event.",
    responses: "2 of 2 answered",
    average: "Average 4.50 (2 answers)",
    choiceKind: "Single choice",
    textKind: "Text",
  },
};

describe("the survey after the event", () => {
  for (const language of ["ko", "en"] as const) {
    const w = words[language];
    it(`is written, sent, answered from the emailed link and summed up with SVG bars (${language})`, async () => {
      const { eventId, emails, absentToken } = app.prepared[language];
      const browserLocale = language === "ko" ? "ko-KR" : "en-US";

      // The organizer writes three questions and sends the survey.
      const admin = await app.newPage(browserLocale);
      await signInAsDemoOrganizer(admin);
      await admin.goto(`/admin/events/${eventId}`);
      await admin.getByRole("link", { name: w.link, exact: true }).click();
      const slot = (n: number) => admin.getByRole("group", { name: w.slot(n), exact: true });
      await slot(1).getByLabel(w.labelKo).fill("행사에 얼마나 만족하셨습니까?");
      await slot(1).getByLabel(w.labelEn).fill("How satisfied were you?");
      await slot(1).getByLabel(w.required).check();
      await slot(2).getByLabel(w.kind).selectOption({ label: w.choiceKind });
      await slot(2).getByLabel(w.labelKo).fill("가장 좋았던 순서");
      await slot(2).getByLabel(w.labelEn).fill("Best part");
      await slot(2).getByLabel(w.optionsKo).fill("강연\n발표");
      await slot(2).getByLabel(w.optionsEn).fill("Talk\nPresentations");
      await slot(3).getByLabel(w.kind).selectOption({ label: w.textKind });
      await slot(3).getByLabel(w.labelKo).fill("하고 싶은 말씀");
      await slot(3).getByLabel(w.labelEn).fill("Anything else");
      await admin.getByRole("button", { name: w.save }).click();
      await admin.getByRole("status").filter({ hasText: w.saved }).waitFor();
      await admin.getByRole("button", { name: w.send }).click();
      await admin.getByRole("status").filter({ hasText: w.sent }).waitFor();

      // Each guest who was checked in gets it once; the one who never came gets none.
      const first = await waitForMail(emails[0]!, w.subject);
      const second = await waitForMail(emails[1]!, w.subject);
      const linkOf = (mail: ParsedMail) => /(http:\/\/\S+\/i\/[A-Za-z0-9_-]{32}\/survey)/.exec(mail.text ?? "")![1]!;

      // On a phone: the required rating forgotten, told so, the text kept; then answered.
      const guest = await app.newPage(browserLocale, { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
      // The ticket page, where guests look after the event, links to the survey too.
      await guest.goto(linkOf(first).replace(/\/survey$/, "/ticket"));
      await guest.getByRole("link", { name: w.guestLink }).click();
      await guest.waitForURL((url) => url.pathname.endsWith("/survey"));
      const typed = language === "ko" ? "주차가 불편했습니다." : "Parking was hard.";
      await guest.getByLabel(/^3\. /).fill(typed);
      await guest.getByRole("button", { name: w.submit }).click();
      await guest.getByText(w.requiredError).first().waitFor();
      expect(await guest.getByLabel(/^3\. /).inputValue()).toBe(typed);
      expect(await axeViolations(guest)).toEqual([]);
      await guest.getByLabel(w.rating(4)).check();
      await guest.getByLabel(language === "ko" ? "발표" : "Presentations").check();
      await guest.getByRole("button", { name: w.submit }).click();
      await guest.getByRole("status").filter({ hasText: w.thanks }).waitFor();

      const other = await app.newPage(browserLocale);
      await other.goto(linkOf(second));
      await other.getByLabel(w.rating(5)).check();
      await other.getByRole("button", { name: w.submit }).click();
      await other.getByRole("status").filter({ hasText: w.thanks }).waitFor();

      const absent = await app.newPage(browserLocale);
      await absent.goto(`/i/${absentToken}/survey`);
      await absent.getByText(w.notAttended).waitFor();
      expect(app.sink.received.some((mail) => (mail.to as { value: Array<{ address: string }> }).value[0]!.address === emails[2] && w.subject.test(mail.subject ?? ""))).toBe(false);

      // The results: counts, the average, and bars drawn as SVG with a title, beside a table.
      await admin.goto(`/admin/events/${eventId}/survey`);
      await admin.getByText(w.responses).waitFor();
      await admin.getByText(w.average).waitFor();
      const ratingLabel = language === "ko" ? "1. 행사에 얼마나 만족하셨습니까?" : "1. How satisfied were you?";
      const chart = admin.getByRole("img", { name: ratingLabel });
      await chart.waitFor();
      expect(await chart.evaluate((svg) => svg.tagName.toLowerCase())).toBe("svg");
      expect(await chart.locator("g").evaluateAll((bars) => bars.map((bar) => Number(bar.getAttribute("data-value"))))).toEqual([0, 0, 0, 1, 1]);
      const choiceChart = admin.getByRole("img", { name: language === "ko" ? "2. 가장 좋았던 순서" : "2. Best part" });
      expect(await choiceChart.locator("g").evaluateAll((bars) => bars.map((bar) => Number(bar.getAttribute("data-value"))))).toEqual([0, 1]);
      await admin.getByText(typed).waitFor();
      expect(await axeViolations(admin)).toEqual([]);
      // JavaScript played no part in the guest's answers: the page ships no script.
      expect(await guest.locator("script[src]").count()).toBe(0);
    });
  }
});
