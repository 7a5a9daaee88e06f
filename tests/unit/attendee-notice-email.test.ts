import { afterEach, describe, expect, it } from "vitest";
import { fromZonedInputs, mapLinks } from "../../app/lib/format";
import { attendeeNoticeStrings, renderAttendeeNotice, type AttendeeNoticeProps } from "../../emails/attendee-notice";
import { renderTicketEmail, ticketStrings, TICKET_QR_CID } from "../../emails/ticket";

const start = fromZonedInputs("2026-12-23", "14:00", "Asia/Seoul");
const end = fromZonedInputs("2026-12-23", "17:00", "Asia/Seoul");
const link = "https://nanum.example/i/tok_abc123";

function props(overrides: Partial<AttendeeNoticeProps> = {}): AttendeeNoticeProps {
  return {
    event: {
      uid: "event-12@nanum",
      sequence: 1,
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
    personalLink: link,
    ticket: { code: "ABCD2345", holder: "홍길동", companions: 0 },
    parking: "시청 지하 2층 주차장\n2시간 무료",
    senderName: "파주시 기획예산과",
    stamp: new Date("2026-12-01T00:00:00Z"),
    ...overrides,
  };
}

function icsLine(ics: string, name: string): string | undefined {
  return ics
    .replace(/\r\n[ \t]/gu, "")
    .split("\r\n")
    .find((line) => line.startsWith(`${name}:`) || line.startsWith(`${name};`));
}

describe("the day-before notice to attendees", () => {
  const originalTz = process.env.TZ;
  afterEach(() => {
    if (originalTz === undefined) delete process.env.TZ;
    else process.env.TZ = originalTz;
  });

  it("has the same strings and placeholders in Korean and English", () => {
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/gu)].map((match) => match[1]!).sort();
    expect(Object.keys(attendeeNoticeStrings.en).sort()).toEqual(Object.keys(attendeeNoticeStrings.ko).sort());
    for (const key of Object.keys(attendeeNoticeStrings.ko) as Array<keyof typeof attendeeNoticeStrings.ko>) {
      expect(attendeeNoticeStrings.en[key].trim(), key).not.toBe("");
      expect(placeholders(attendeeNoticeStrings.en[key]), key).toEqual(placeholders(attendeeNoticeStrings.ko[key]));
    }
  });

  it("says 'tomorrow' in Korean with the ticket, directions, parking, contact, calendar and ticket page", () => {
    const email = renderAttendeeNotice(props(), "ko");
    expect(email.subject).toBe("[내일 행사 안내] 2026 성과공유회");
    expect(email.text.startsWith("한국농어촌공사 홍길동 님께\n")).toBe(true);
    expect(email.text).toContain("내일 열리는 「2026 성과공유회」에 참석해 주셔서 감사합니다. 행사는 2026년 12월 23일 수요일 14:00 ~ 17:00에 파주시청 대회의실에서 열립니다.");
    expect(email.text).toContain("입장 코드: ABCD2345");
    expect(email.text).toContain("주차: 시청 지하 2층 주차장\n  2시간 무료");
    expect(email.text).toContain("경기도 파주시 시청로 50");
    expect(email.text).toContain(mapLinks("경기도 파주시 시청로 50").naver);
    expect(email.text).toContain(mapLinks("경기도 파주시 시청로 50").kakao);
    expect(email.text).toContain("문의: 김담당 / 031-940-4114 / events@paju.example");
    expect(email.text).toContain(`\n${link}/ticket\n`);
    expect(email.html).toContain(`<img src="cid:${TICKET_QR_CID}"`);
    expect(email.html).toContain('alt="입장 QR 코드"');
    expect(email.html).toContain("시청 지하 2층 주차장<br>\n2시간 무료");
    expect(email.html).toContain(`href="${link}/ticket"`);
    expect(email.html).toContain('href="tel:0319404114"');
    expect(email.html).toContain('<html lang="ko"');
    expect(icsLine(email.ics, "METHOD")).toBe("METHOD:REQUEST");
    expect(icsLine(email.ics, "DTSTART")).toBe("DTSTART:20261223T050000Z");
  });

  it("writes the same notice in English, with the zone named and the proxy who comes", () => {
    const email = renderAttendeeNotice(
      props({
        event: { ...props().event, title: "2026 Results Sharing Meeting", venueName: "Paju City Hall" },
        ticket: { code: "ABCD2345", holder: "Jane Kim", onBehalfOf: "홍길동", companions: 2 },
        parking: "",
      }),
      "en",
    );
    expect(email.subject).toBe("See you tomorrow: 2026 Results Sharing Meeting");
    expect(email.text.startsWith("Dear 홍길동,\n")).toBe(true);
    expect(email.text.replace(/\s/gu, " ")).toContain(
      "Jane Kim attends 2026 Results Sharing Meeting tomorrow on behalf of 홍길동. It takes place Wednesday, December 23, 2026 2:00 – 5:00 PM (Korean Standard Time) at Paju City Hall.",
    );
    expect(email.text).toContain("Attendee: Jane Kim");
    expect(email.text).toContain("Companions: 2");
    expect(email.text).not.toContain("Parking:");
    expect(email.text).toContain(`${link}/ticket`);
    expect(email.html).toContain('alt="Entry QR code"');
    expect(email.html).toContain("View my ticket</a>");
    expect(email.html).toContain('<html lang="en"');
  });

  it("escapes names, titles and parking in HTML and keeps them readable in text", () => {
    const evil = '<script>alert("x")</script> & Co';
    const email = renderAttendeeNotice(
      props({
        event: { ...props().event, title: evil, venueName: `<b>${evil}</b>` },
        invitee: { name: evil, organization: "", email: "hong@example.com" },
        ticket: { code: "ABCD2345", holder: evil, companions: 0 },
        parking: `<img src=x onerror=alert(1)> "B2"`,
      }),
      "ko",
    );
    expect(email.text).toContain(`${evil} 님께`);
    expect(email.text).toContain(`주차: <img src=x onerror=alert(1)> "B2"`);
    expect(email.html).not.toContain("<script>");
    expect(email.html).not.toContain("<b>");
    expect(email.html).not.toContain("<img src=x");
    expect(email.html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co 님께");
    expect(email.html).toContain("&lt;img src=x onerror=alert(1)&gt; &quot;B2&quot;");
  });

  it("shows Seoul's 14:00 whatever the server's time zone", () => {
    for (const tz of ["UTC", "America/Los_Angeles", "Pacific/Kiritimati"]) {
      process.env.TZ = tz;
      expect(new Date(start).getHours(), tz).not.toBe(14);
      const email = renderAttendeeNotice(props(), "ko");
      expect(email.text, tz).toContain("2026년 12월 23일 수요일 14:00 ~ 17:00");
      expect(icsLine(email.ics, "DTSTART"), tz).toBe("DTSTART:20261223T050000Z");
    }
  });

  it("leaves the ticket email as it was: the same ticket block, its own words", () => {
    const ticket = renderTicketEmail({ ...props(), ticket: { code: "ABCD2345", holder: "홍길동", companions: 1 } }, "ko");
    expect(ticket.subject).toBe("[참석 확인] 2026 성과공유회");
    expect(ticket.text).toContain("입장 코드: ABCD2345");
    expect(ticket.text).toContain(`동반 인원: ${ticketStrings.ko.companions.replace("{count}", "1")}`);
    expect(ticket.html).toContain(`<img src="cid:${TICKET_QR_CID}"`);
    expect(ticket.text).toContain(`${link}/ticket`);
  });
});
