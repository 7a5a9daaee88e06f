import type { AppLoadContext } from "@remix-run/node";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InvitationLetter } from "../../app/components/invitation-letter";
import { createEvent, eventFormSchema } from "../../app/domain/events/events.server";
import { letterSelectionSchema, prepareInvitationLetters } from "../../app/domain/invitations/invitation-letters.server";
import { saveInvitationText } from "../../app/domain/invitations/guest-mail.server";
import { addInvitee, personalLinkToken } from "../../app/domain/invitations/invitations.server";
import { grantEventAccess } from "../../app/domain/events/members.server";
import * as lettersRoute from "../../app/routes/admin.events.$eventId.invitees.letters";
import * as personalRoute from "../../app/routes/i.$token";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { decodeQrDrawing } from "../helpers/qr";
import { qrDrawing } from "../../app/lib/qr.server";
import { type InviteeFields, sampleEventForm, sampleInvitee } from "../helpers/fixtures";
import { BASE, getRequest, newOrganizer, outcome, signedInCookie, testContext } from "../helpers/routes";

/** One letter as the page prints it. */
interface PrintedLetter {
  language: string;
  link: string;
  /** What a phone reads from the letter's QR code. */
  qrText: string | undefined;
  html: string;
}

function printedLetters(html: string): PrintedLetter[] {
  return [...html.matchAll(/<article class="letter" lang="(\w+)">.*?<\/article>/gs)].map(([article, language]) => {
    const side = Number(/viewBox="0 0 (\d+) \1"/.exec(article)![1]);
    const path = /<path d="([^"]+)"/.exec(article)![1]!;
    return { language: language!, link: /<p class="letter__link">([^<]+)<\/p>/.exec(article)![1]!, qrText: decodeQrDrawing({ side, path }), html: article };
  });
}

describe("printable invitation letters", () => {
  let test: TestDatabase;
  let context: AppLoadContext;
  let eventId: number;
  let otherEventId: number;
  let ownerCookie: string;
  let strangerCookie: string;
  let staffCookie: string;
  const ids: Record<string, number> = {};
  const inviteeNames: Record<string, string> = {};

  beforeAll(async () => {
    test = await createTestDatabase();
    context = testContext(test.db);
    const owner = await newOrganizer(test.db, "Owner");
    const stranger = await newOrganizer(test.db, "Organizer B");
    const staff = await newOrganizer(test.db, "Staff");
    ownerCookie = await signedInCookie(context, owner.id);
    strangerCookie = await signedInCookie(context, stranger.id);
    staffCookie = await signedInCookie(context, staff.id);
    eventId = (await createEvent(test.db, owner.id, eventFormSchema.parse(sampleEventForm({ "hosts.1.ko": "파주교육지원청", "hosts.1.en": "Paju Office of Education" })))).id;
    otherEventId = (await createEvent(test.db, stranger.id, eventFormSchema.parse(sampleEventForm({ titleEn: "B's event" })))).id;
    await grantEventAccess(test.db, { eventId, email: staff.email, role: "staff", invitedBy: owner.id }, { origin: "http://localhost:3000", locale: "ko", messageIdDomain: "example.org" });
    const add = async (key: string, fields: Partial<InviteeFields>, event = eventId) => {
      ids[key] = (await addInvitee(test.db, event, sampleInvitee(fields))).id;
      inviteeNames[key] = fields.name!;
    };
    await add("park", { name: "박서준", organization: "파주교육지원청", position: "교육장", groupName: "내빈" });
    await add("emily", { name: "Emily Park", email: "emily@example.org", organization: "Seoul Office", position: "Director", groupName: "내빈", language: "en" });
    await add("lee", { name: "이민호", organization: "문산중학교", position: "학생기자", groupName: "학생 기자단" });
    await add("choi", { name: "최지우", email: "choi@example.org" });
    await add("foreign", { name: "다른행사", groupName: "내빈" }, otherEventId);
  });
  afterAll(() => test.destroy());

  const letters = (query: string, cookie = ownerCookie) =>
    outcome(() =>
      lettersRoute.loader({
        request: getRequest(`/admin/events/${eventId}/invitees/letters${query}${query ? "&" : "?"}reason=reception`, { Cookie: cookie }),
        params: { eventId: String(eventId) },
        context,
      }),
    );
  const printed = async (query: string) => printedLetters((await letters(query)).data);
  const linkOf = async (id: number) => `${BASE}/i/${await personalLinkToken(test.db, { id, link_version: 1 })}`;
  const names = async (query: string) => {
    const nameByLink = new Map(await Promise.all(Object.entries(inviteeNames).map(async ([key, name]) => [await linkOf(ids[key]!), name] as const)));
    return (await printed(query)).map((letter) => nameByLink.get(letter.link)).sort();
  };

  it("prints letters for a group: exactly its invitees, each carrying their own personal link as text and QR code", async () => {
    const result = await letters(`?group=${encodeURIComponent("내빈")}`);
    expect(result.status).toBe(200);
    expect(result.data).toContain('<p role="status">인쇄할 초청장 2통</p>');
    const guests = printedLetters(result.data);
    expect(await names(`?group=${encodeURIComponent("내빈")}`)).toEqual(["Emily Park", "박서준"]);
    for (const letter of guests) {
      expect([await linkOf(ids.park!), await linkOf(ids.emily!)]).toContain(letter.link);
      // A phone reading the printed code gets the same link.
      expect(letter.qrText).toBe(letter.link);
      // The link opens that invitee's own greeting page.
      const token = letter.link.split("/").pop()!;
      // (It opens in the invitee's language, so an English invitee's first visit is sent on to ?lang=en.)
      const page = await outcome(() => personalRoute.loader({ request: getRequest(`/i/${token}?lang=${letter.language}`), params: { token }, context }));
      expect(letter.html).toContain(page.data.invitee.name);
    }
    expect(new Set(guests.map((letter) => letter.link)).size).toBe(2);
  });

  it("prints each letter exactly as the letter component renders it, names with markup characters escaped", async () => {
    await addInvitee(test.db, eventId, sampleInvitee({ name: `<b>"Kim" & O'Neil</b>`, organization: "<script>x</script>", groupName: "escape" }));
    try {
      const page = (await letters("")).data as string;
      const prepared = await prepareInvitationLetters(test.db, { eventId, selection: letterSelectionSchema.parse({ ids: [] }), origin: BASE });
      expect(prepared!.letters).toHaveLength(5);
      const byReact = prepared!.letters
        .map((letter) => renderToStaticMarkup(createElement(InvitationLetter, { letter: { ...letter, qr: qrDrawing(letter.link, { mask: "fixed" }) }, event: prepared!.event[letter.language] })))
        .join("");
      expect(page).toContain(`<div class="letters-toolbar">`);
      const printed = page.slice(page.indexOf("<article"), page.lastIndexOf("</article>") + "</article>".length);
      expect(printed).toBe(byReact);
      expect(printed).toContain("&lt;b&gt;&quot;Kim&quot; &amp; O&#x27;Neil&lt;/b&gt;");
      expect(printed).not.toMatch(/<script|<b>/);
    } finally {
      await test.db.deleteFrom("invitees").where("group_name", "=", "escape").execute();
    }
  });

  it("selects everyone, one or more invitees by id, people without email, or those without a group", async () => {
    expect(await names("")).toEqual(["Emily Park", "박서준", "이민호", "최지우"]);
    expect(await names("?group=*")).toEqual(["Emily Park", "박서준", "이민호", "최지우"]);
    expect(await names(`?id=${ids.lee}`)).toEqual(["이민호"]);
    expect(await names(`?id=${ids.lee}&id=${ids.choi}`)).toEqual(["이민호", "최지우"]);
    expect(await names("?without-email=1")).toEqual(["박서준", "이민호"]);
    expect(await names(`?group=${encodeURIComponent("내빈")}&without-email=1`)).toEqual(["박서준"]);
    expect(await names("?group=")).toEqual(["최지우"]);
  });

  it("prints nothing for an empty selection or another event's invitee", async () => {
    expect(await names("?group=nobody")).toEqual([]);
    expect(await names(`?id=${ids.foreign}`)).toEqual([]);
  });

  it("answers a malformed selection with 400 rather than an error", async () => {
    for (const query of ["?id=abc", "?id=-1", "?id=1.5", `?group=${"x".repeat(101)}`, "?without-email=yes"]) {
      expect((await letters(query)).status, query).toBe(400);
    }
  });

  it("uses the same link that the invitee's page and emails use, under APP_URL when set", async () => {
    const appContext = testContext(test.db, { config: { ...context.config, appUrl: "https://nanum.example.go.kr", publicOrigin: "https://nanum.example.go.kr" } });
    const result = await outcome(() =>
      lettersRoute.loader({
        request: getRequest(`/admin/events/${eventId}/invitees/letters?id=${ids.park}&reason=reception`, { Cookie: ownerCookie }),
        params: { eventId: String(eventId) },
        context: appContext,
      }),
    );
    expect(printedLetters(result.data).map((letter) => letter.link)).toEqual([(await linkOf(ids.park!)).replace(BASE, "https://nanum.example.go.kr")]);
  });

  it("writes a formal Korean letter for a Korean invitee", async () => {
    const prepared = await prepareInvitationLetters(test.db, {
      eventId,
      selection: letterSelectionSchema.parse({ ids: [String(ids.park)] }),
      origin: BASE,
      now: new Date("2026-12-01T00:00:00Z"),
    });
    const letter = prepared!.letters[0]!;
    const html = renderToStaticMarkup(createElement(InvitationLetter, { letter: { ...letter, qr: qrDrawing(letter.link, { mask: "fixed" }) }, event: prepared!.event[letter.language] }));
    expect(html).toContain('lang="ko"');
    expect(html).toContain("초 청 장");
    expect(html).toContain("파주교육지원청 교육장 박서준 귀하");
    expect(html).toContain("「2026 교육발전특구 성과공유회」에 귀하를 정중히 초대합니다.");
    expect(html).toContain("2030년 12월 23일 월요일 14:00 ~ 17:00");
    expect(html).toContain("대교 미디어센터<br/>경기도 파주시");
    expect(html).toContain("휴대전화 카메라로 QR 코드를");
    expect(html).toContain(letter.link);
    expect(html).toContain("교육협력과 · 031-940-0000 · edu@example.org");
    // Dated in the event's zone (09:00 on 1 December in Seoul), signed by the hosts.
    expect(html).toContain("<p>2026. 12. 1.</p>");
    expect(html).toContain("파주시 · 파주교육지원청");
    expect(html).not.toContain("Invitation");
  });

  it("writes an English invitee's letter in English, on a Korean-language page too", async () => {
    const [letter] = await printed(`?id=${ids.emily}`);
    expect(letter!.language).toBe("en");
    const html = letter!.html;
    expect(html).toContain('lang="en"');
    expect(html).toContain(">Invitation<");
    expect(html).toContain("To Emily Park, Director, Seoul Office");
    expect(html).toContain("You are cordially invited to 2026 Education Development Zone Performance Sharing Meeting.");
    expect(html).toContain("Monday, December 23, 2030");
    expect(html).toContain("(Korean Standard Time)");
    expect(html).toContain("Daekyo Media Center");
    expect(html).toContain("Paju City · Paju Office of Education");
    expect(html).toContain("Scan the QR code with your phone");
    expect(html).not.toMatch(/초 청 장|귀하/);
  });

  it("opens with the organizer's own paragraph for that language when there is one", async () => {
    await saveInvitationText(test.db, eventId, { subjectKo: "", subjectEn: "", introKo: "올해도 함께해 주십시오.\n감사합니다.", introEn: "" });
    const [korean, english] = await printed(`?id=${ids.park}&id=${ids.emily}`).then((all) => [all.find((letter) => letter.language === "ko")!, all.find((letter) => letter.language === "en")!]);
    const html = korean!.html;
    expect(english!.html).toContain("You are cordially invited");
    expect(html).toContain("올해도 함께해 주십시오.\n감사합니다.");
    expect(html).not.toContain("정중히 초대합니다");
  });

  it("is not shown to an organizer of another event (404) nor to staff (403)", async () => {
    expect((await letters("", strangerCookie)).status).toBe(404);
    expect((await letters("", staffCookie)).status).toBe(403);
    const anonymous = await letters("", "");
    expect(anonymous.status).toBe(302);
  });

  it("asks browsers and search engines not to keep or index the page, nor to pass its address on", async () => {
    const result = await letters(`?id=${ids.park}`);
    expect(result.headers.get("Cache-Control")).toBe("no-store");
    expect(result.headers.get("X-Robots-Tag")).toBe("noindex, nofollow");
    expect(result.headers.get("Referrer-Policy")).toBe("same-origin");
    expect(result.data).toMatch(/^<!DOCTYPE html><html lang="ko"><head><meta charSet="utf-8"\/>/);
    expect(result.data).toContain('<meta name="robots" content="noindex, nofollow"/>');
    expect(result.data).toMatch(/<title>초청장 인쇄: .+ · 나눔<\/title>/);
  });

  it("says so when nobody matches, with no Print button", async () => {
    const result = await letters("?group=nobody");
    expect(result.status).toBe(200);
    expect(result.data).toContain("notice--info");
    expect(result.data).not.toContain("data-print");
    expect(result.data).not.toContain("<article");
  });
});
