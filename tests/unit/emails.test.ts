import { afterEach, describe, expect, it } from "vitest";
import { fromZonedInputs, mapLinks } from "../../app/lib/format";
import { buildEventIcs, type EventIcsInput } from "../../app/lib/ics";
import { cancellationStrings, renderCancellation } from "../../emails/cancellation";
import { changeNoticeStrings, renderChangeNotice } from "../../emails/change-notice";
import { guestEventStrings } from "../../emails/guest-event";
import { reminderStrings, renderReminder } from "../../emails/reminder";
import { thankYouStrings } from "../../emails/thank-you";
import { renderInvitation, invitationStrings, type InvitationProps } from "../../emails/invitation";
import { buttonHtml, escapeHtml, renderHtmlEmail } from "../../emails/layout";

const start = fromZonedInputs("2026-12-23", "14:00", "Asia/Seoul");
const end = fromZonedInputs("2026-12-23", "17:00", "Asia/Seoul");
const stamp = new Date("2026-12-01T00:00:00Z");

/** Every email module's own words, Korean and English. */
const emailCatalogues: Array<Record<"ko" | "en", Record<string, string>>> = [guestEventStrings, invitationStrings, reminderStrings, changeNoticeStrings, cancellationStrings, thankYouStrings];

interface IcsProperty {
  name: string;
  params: string;
  value: string;
}

/** Unfolds content lines and splits each into name, parameters and raw value. */
function parseIcs(ics: string): IcsProperty[] {
  return ics
    .replace(/\r\n[ \t]/gu, "")
    .split("\r\n")
    .filter((line) => line !== "")
    .map((line) => {
      let inQuotes = false;
      let colon = -1;
      for (let i = 0; i < line.length; i++) {
        if (line[i] === '"') inQuotes = !inQuotes;
        else if (line[i] === ":" && !inQuotes) {
          colon = i;
          break;
        }
      }
      const head = line.slice(0, colon);
      const semicolon = head.indexOf(";");
      return {
        name: semicolon === -1 ? head : head.slice(0, semicolon),
        params: semicolon === -1 ? "" : head.slice(semicolon + 1),
        value: line.slice(colon + 1),
      };
    });
}

function unescapeIcsText(value: string): string {
  return value.replace(/\\([\\;,nN])/gu, (_, char: string) => (char === "n" || char === "N" ? "\n" : char));
}

function icsValue(ics: string, name: string): string | undefined {
  return parseIcs(ics).find((property) => property.name === name)?.value;
}

const baseIcs: EventIcsInput = {
  uid: "event-12@nanum",
  sequence: 0,
  method: "REQUEST",
  start,
  end,
  timeZone: "Asia/Seoul",
  summary: "2026 성과공유회",
  stamp,
};

describe("iCalendar", () => {
  it("folds a long Korean summary into lines of at most 75 octets without splitting a character", () => {
    const summary = "경기도·파주시·한국농어촌공사 공동 주최 2026년 하반기 지역 상생 협력 성과공유회 및 업무협약 체결식 🎉 (본행사)";
    const ics = buildEventIcs({ ...baseIcs, summary });

    expect(ics.endsWith("\r\n")).toBe(true);
    expect(ics.replace(/\r\n/gu, "")).not.toMatch(/[\r\n]/u);
    const lines = ics.split("\r\n").slice(0, -1);
    const summaryLines = lines.slice(lines.findIndex((line) => line.startsWith("SUMMARY:")));
    expect(summaryLines[1]).toMatch(/^ /u);
    for (const line of lines) {
      const bytes = Buffer.from(line, "utf8");
      expect(bytes.length, line).toBeLessThanOrEqual(75);
      // A cut inside a character would not survive a round trip through UTF-8 on its own.
      expect(new TextDecoder("utf-8", { fatal: true }).decode(bytes)).toBe(line);
    }
    expect(unescapeIcsText(icsValue(ics, "SUMMARY")!)).toBe(summary);
  });

  it("escapes semicolons, commas, backslashes and line breaks in text", () => {
    const ics = buildEventIcs({ ...baseIcs, summary: "a;b,c\\d", description: "line 1\nline 2\r\nline 3", location: "파주시청, 대회의실; 3층" });
    expect(ics).toContain("SUMMARY:a\\;b\\,c\\\\d\r\n");
    expect(ics).toContain("DESCRIPTION:line 1\\nline 2\\nline 3\r\n");
    expect(ics).toContain("LOCATION:파주시청\\, 대회의실\\; 3층\r\n");
    expect(unescapeIcsText(icsValue(ics, "SUMMARY")!)).toBe("a;b,c\\d");
  });

  it("writes a Seoul afternoon event in UTC", () => {
    const ics = buildEventIcs(baseIcs);
    expect(icsValue(ics, "DTSTART")).toBe("20261223T050000Z");
    expect(icsValue(ics, "DTEND")).toBe("20261223T080000Z");
    expect(icsValue(ics, "DTSTAMP")).toBe("20261201T000000Z");
    expect(icsValue(ics, "X-WR-TIMEZONE")).toBe("Asia/Seoul");
  });

  it("describes the calendar and the request as RFC 5545 asks", () => {
    const ics = buildEventIcs(baseIcs);
    const names = parseIcs(ics).map((property) => property.name);
    expect(names[0]).toBe("BEGIN");
    expect(names.at(-1)).toBe("END");
    expect(icsValue(ics, "PRODID")).toBe("-//Nanum//Nanum Events//KO");
    expect(icsValue(ics, "VERSION")).toBe("2.0");
    expect(icsValue(ics, "CALSCALE")).toBe("GREGORIAN");
    expect(icsValue(ics, "METHOD")).toBe("REQUEST");
    expect(icsValue(ics, "STATUS")).toBe("CONFIRMED");
    expect(icsValue(ics, "UID")).toBe("event-12@nanum");
  });

  it("cancels the same event with a higher sequence", () => {
    const request = buildEventIcs(baseIcs);
    const cancel = buildEventIcs({ ...baseIcs, method: "CANCEL", sequence: 3 });
    expect(icsValue(cancel, "METHOD")).toBe("CANCEL");
    expect(icsValue(cancel, "STATUS")).toBe("CANCELLED");
    expect(icsValue(cancel, "UID")).toBe(icsValue(request, "UID"));
    expect(Number(icsValue(cancel, "SEQUENCE"))).toBeGreaterThan(Number(icsValue(request, "SEQUENCE")));
  });

  it("keeps names and addresses from breaking out of their line", () => {
    const ics = buildEventIcs({
      ...baseIcs,
      organizer: { name: 'Evil"\r\nATTENDEE:mailto:x@example.com', email: "host@example.com" },
      attendee: { name: "홍길동", email: "hong@example.com\r\nSTATUS:CANCELLED" },
      url: "https://nanum.example/i/abc\r\nMETHOD:CANCEL",
    });
    const properties = parseIcs(ics);
    expect(properties.filter((property) => property.name === "ATTENDEE")).toHaveLength(1);
    expect(properties.filter((property) => property.name === "STATUS").map((p) => p.value)).toEqual(["CONFIRMED"]);
    expect(properties.filter((property) => property.name === "METHOD").map((p) => p.value)).toEqual(["REQUEST"]);
    const organizer = properties.find((property) => property.name === "ORGANIZER")!;
    expect(organizer.params).toBe(`CN="Evil' ATTENDEE:mailto:x@example.com"`);
    expect(organizer.value).toBe("mailto:host@example.com");
  });
});

function invitationProps(overrides: Partial<InvitationProps> = {}): InvitationProps {
  return {
    event: {
      uid: "event-12@nanum",
      sequence: 2,
      title: "2026 성과공유회",
      hosts: ["경기도", "파주시"],
      start,
      end,
      timeZone: "Asia/Seoul",
      venueName: "파주시청 대회의실",
      venueAddress: "경기도 파주시 시청로 50",
      mapLinks: mapLinks("경기도 파주시 시청로 50"),
      contact: { name: "김담당", phone: "031-940-4114", email: "events@paju.example" },
    },
    invitee: { name: "홍길동", organization: "한국농어촌공사", email: "hong@example.com" },
    personalLink: "https://nanum.example/i/tok_abc123",
    senderName: "파주시 기획예산과",
    stamp,
    ...overrides,
  };
}

describe("invitation email", () => {
  const originalTz = process.env.TZ;
  afterEach(() => {
    if (originalTz === undefined) delete process.env.TZ;
    else process.env.TZ = originalTz;
  });

  it("has the same strings in Korean and English", () => {
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/gu)].map((match) => match[1]!).sort();
    for (const strings of emailCatalogues) {
      expect(Object.keys(strings.en).sort()).toEqual(Object.keys(strings.ko).sort());
      for (const key of Object.keys(strings.ko)) {
        expect(strings.en[key]!.trim(), key).not.toBe("");
        expect(strings.ko[key]!.trim(), key).not.toBe("");
        const en = placeholders(strings.en[key]!);
        const ko = placeholders(strings.ko[key]!);
        // The one deliberate difference: an English salutation leaves out the organization.
        if (key === "greetingWithOrganization") expect(ko).toEqual(expect.arrayContaining(en));
        else expect(en, key).toEqual(ko);
      }
    }
  });

  it("invites in Korean with the name, the time on the 24-hour clock and the personal link", () => {
    const email = renderInvitation(invitationProps(), "ko");
    expect(email.subject).toBe("[초대] 2026 성과공유회");
    expect(email.text.startsWith("한국농어촌공사 홍길동 님께\n")).toBe(true);
    expect(email.text).toContain("2026년 12월 23일 수요일 14:00 ~ 17:00");
    expect(email.text).toContain("\nhttps://nanum.example/i/tok_abc123\n");
    expect(email.text).toContain("경기도 및 파주시 드림");
    expect(email.text).toContain(mapLinks("경기도 파주시 시청로 50").naver);
    expect(email.text).toContain("031-940-4114");
    expect(email.html).toContain("홍길동 님께");
    expect(email.html).toContain("14:00 ~ 17:00");
    expect(email.html).toContain('href="https://nanum.example/i/tok_abc123"');
    expect(email.html).toContain("초대장 보기 및 참석 회신");
    expect(email.html).toContain(`href="${mapLinks("경기도 파주시 시청로 50").kakao}"`);
    expect(email.html).toContain('<html lang="ko"');
  });

  it("invites in English with the event's zone named", () => {
    const email = renderInvitation(invitationProps({ event: { ...invitationProps().event, title: "2026 Results Sharing Meeting", hosts: ["Gyeonggi Province", "Paju City"] } }), "en");
    expect(email.subject).toBe("Invitation: 2026 Results Sharing Meeting");
    expect(email.text.startsWith("Dear 홍길동,\n")).toBe(true);
    expect(email.text.replace(/\s/gu, " ")).toContain("Wednesday, December 23, 2026 2:00 – 5:00 PM (Korean Standard Time)");
    expect(email.text).toContain("Gyeonggi Province and Paju City");
    expect(email.text).toContain("https://nanum.example/i/tok_abc123");
    expect(email.html).toContain('href="https://nanum.example/i/tok_abc123"');
    expect(email.html).toContain('<html lang="en"');
  });

  it("shows Seoul's 14:00 whatever the server's time zone", () => {
    for (const tz of ["UTC", "America/Los_Angeles", "Pacific/Kiritimati"]) {
      process.env.TZ = tz;
      expect(new Date(start).getHours()).not.toBe(14);
      const email = renderInvitation(invitationProps(), "ko");
      expect(email.text, tz).toContain("14:00 ~ 17:00");
      expect(icsValue(email.ics, "DTSTART"), tz).toBe("20261223T050000Z");
    }
  });

  it("uses a custom subject and opening paragraph, escaped in HTML and readable in text", () => {
    const name = '<script>alert("x")</script>';
    const intro = 'Dear "&" friends,\n<b>please</b> come';
    const email = renderInvitation(
      invitationProps({
        customSubject: "  [초대]  성과공유회\r\n안내 ",
        introParagraph: intro,
        invitee: { name, organization: '"&"', email: "hong@example.com" },
      }),
      "ko",
    );
    expect(email.subject).toBe("[초대] 성과공유회 안내");
    expect(email.text).toContain(`"&" ${name} 님께`);
    expect(email.text).toContain(intro);
    expect(email.html).not.toContain("<script>");
    expect(email.html).not.toContain("<b>please");
    expect(email.html).toContain("&quot;&amp;&quot; &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; 님께");
    expect(email.html).toContain("Dear &quot;&amp;&quot; friends,<br>\n&lt;b&gt;please&lt;/b&gt; come");
    expect(unescapeIcsText(parseIcs(email.ics).find((p) => p.name === "ATTENDEE")!.params)).toContain("<script>");
  });

  it("attaches a calendar request for the event that the guest's calendar can read back", () => {
    const email = renderInvitation(invitationProps(), "ko");
    const properties = parseIcs(email.ics);
    const value = (name: string) => properties.find((property) => property.name === name)?.value;
    expect(value("METHOD")).toBe("REQUEST");
    expect(value("UID")).toBe("event-12@nanum");
    expect(value("SEQUENCE")).toBe("2");
    expect(value("DTSTART")).toBe("20261223T050000Z");
    expect(value("DTEND")).toBe("20261223T080000Z");
    expect(unescapeIcsText(value("SUMMARY")!)).toBe("2026 성과공유회");
    expect(unescapeIcsText(value("LOCATION")!)).toBe("파주시청 대회의실, 경기도 파주시 시청로 50");
    expect(value("URL")).toBe("https://nanum.example/i/tok_abc123");
    expect(value("ORGANIZER")).toBe("mailto:events@paju.example");
    expect(value("ATTENDEE")).toBe("mailto:hong@example.com");
    expect(unescapeIcsText(value("DESCRIPTION")!)).toContain("https://nanum.example/i/tok_abc123");
  });

  it("renders the same message twice from the same props", () => {
    expect(renderInvitation(invitationProps(), "en")).toEqual(renderInvitation(invitationProps(), "en"));
  });
});

describe("reminder, change and cancellation notices", () => {
  it("reminds with the same personal link and the reply deadline", () => {
    const props = invitationProps();
    const email = renderReminder({ event: props.event, invitee: props.invitee, personalLink: props.personalLink, deadline: "2026. 12. 16. 18:00", senderName: props.senderName, stamp }, "ko");
    expect(email.subject).toBe("[회신 요청] 2026 성과공유회");
    expect(email.text).toContain("회신 마감: 2026. 12. 16. 18:00");
    expect(email.text).toContain("\nhttps://nanum.example/i/tok_abc123\n");
    expect(email.html).toContain('href="https://nanum.example/i/tok_abc123"');
    expect(icsValue(email.ics, "METHOD")).toBe("REQUEST");
    const english = renderReminder({ event: props.event, invitee: props.invitee, personalLink: props.personalLink, senderName: props.senderName, stamp }, "en");
    expect(english.subject).toBe("Reminder: please reply – 2026 성과공유회");
    expect(english.text).not.toContain("Please reply by");
  });

  it("shows what changed, before and after, and moves the calendar entry with a higher sequence", () => {
    const props = invitationProps();
    const later = { ...props.event, sequence: 3, start: new Date(start.getTime() + 3_600_000), end: new Date(end.getTime() + 3_600_000), venueName: "운정 <행복>센터" };
    const email = renderChangeNotice(
      {
        event: later,
        previous: { start, end, venueName: props.event.venueName, venueAddress: props.event.venueAddress },
        invitee: props.invitee,
        personalLink: props.personalLink,
        senderName: props.senderName,
        stamp,
      },
      "ko",
    );
    expect(email.subject).toBe("[변경 안내] 2026 성과공유회");
    expect(email.text).toContain("일시 (변경 전): 2026년 12월 23일 수요일 14:00 ~ 17:00");
    expect(email.text).toContain("일시 (변경 후): 2026년 12월 23일 수요일 15:00 ~ 18:00");
    expect(email.text).toContain("장소 (변경 후): 운정 <행복>센터, 경기도 파주시 시청로 50");
    expect(email.html).toContain("운정 &lt;행복&gt;센터");
    expect(email.html).not.toContain("<행복>");
    expect(icsValue(email.ics, "SEQUENCE")).toBe("3");
    expect(icsValue(email.ics, "DTSTART")).toBe("20261223T060000Z");
    expect(icsValue(email.ics, "UID")).toBe("event-12@nanum");
    // Only what changed is listed.
    const sameVenue = renderChangeNotice(
      {
        event: { ...later, venueName: props.event.venueName },
        previous: { start, end, venueName: props.event.venueName, venueAddress: props.event.venueAddress },
        invitee: props.invitee,
        personalLink: props.personalLink,
        senderName: props.senderName,
      },
      "en",
    );
    expect(sameVenue.text).toContain("When (Before)");
    expect(sameVenue.text).not.toContain("Where (Before)");
  });

  it("cancels with METHOD:CANCEL, the organizer's words escaped, and no link to answer", () => {
    const props = invitationProps();
    const email = renderCancellation({ event: { ...props.event, sequence: 4 }, invitee: props.invitee, note: "태풍으로 <연기>합니다 & 추후 안내", senderName: props.senderName, stamp }, "ko");
    expect(email.subject).toBe("[행사 취소 안내] 2026 성과공유회");
    expect(email.text).toContain("태풍으로 <연기>합니다 & 추후 안내");
    expect(email.html).toContain("태풍으로 &lt;연기&gt;합니다 &amp; 추후 안내");
    expect(email.text).not.toContain("/i/");
    expect(icsValue(email.ics, "METHOD")).toBe("CANCEL");
    expect(icsValue(email.ics, "STATUS")).toBe("CANCELLED");
    expect(icsValue(email.ics, "SEQUENCE")).toBe("4");
    expect(icsValue(email.ics, "URL")).toBeUndefined();
  });
});

describe("email layout", () => {
  it("escapes everything HTML treats specially", () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe("&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;");
  });

  it("builds a table button and refuses links that are not web, mail or phone links", () => {
    const button = buttonHtml("https://nanum.example/i/a?b=1&c=2", "열기 & 회신");
    expect(button).toMatch(/^<table role="presentation"/u);
    expect(button).toContain('href="https://nanum.example/i/a?b=1&amp;c=2"');
    expect(button).toContain("열기 &amp; 회신");
    expect(() => buttonHtml("javascript:alert(1)", "x")).toThrow();
  });

  it("needs no stylesheet or image and keeps to a 600px column", () => {
    const html = renderHtmlEmail({ lang: "ko", title: "제목 <1>", preheader: "미리보기", bodyHtml: "<p>본문</p>", footerHtml: "바닥글" });
    expect(html).not.toMatch(/<link|<img|@import/u);
    expect(html).toContain("max-width:600px");
    expect(html).toContain('width="600"');
    expect(html).toContain("'Malgun Gothic','Apple SD Gothic Neo'");
    expect(html).toContain("<title>제목 &lt;1&gt;</title>");
    expect(html).toContain("미리보기");
  });
});
