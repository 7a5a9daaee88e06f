import { describe, expect, it } from "vitest";
import { fromZonedInputs, mapLinks } from "../../app/lib/format";
import { registrationEmailStrings, renderRegistrationEmail, type RegistrationEmailProps } from "../../emails/registration-confirm";

const confirmLink = "https://nanum.example/e/paju-2026/register/AbC-123_xyzAbC-123_xyzAbC-123_xyzAbC-123_x";

function props(overrides: Partial<RegistrationEmailProps> = {}): RegistrationEmailProps {
  return {
    kind: "confirm",
    event: {
      uid: "event-12@nanum",
      sequence: 0,
      title: "2026 성과공유회",
      hosts: ["파주시"],
      start: fromZonedInputs("2026-12-23", "14:00", "Asia/Seoul"),
      end: fromZonedInputs("2026-12-23", "17:00", "Asia/Seoul"),
      timeZone: "Asia/Seoul",
      venueName: "파주시청 대회의실",
      venueAddress: "경기도 파주시 시청로 50",
      mapLinks: mapLinks("경기도 파주시 시청로 50"),
      contact: { name: "김담당", phone: "031-940-4114", email: "events@paju.example" },
    },
    registrant: { name: "김신청", organization: "파주교육지원청", email: "applicant@example.org" },
    link: confirmLink,
    validHours: 24,
    senderName: "파주시 교육협력과",
    ...overrides,
  };
}

describe("registration emails", () => {
  it("has the same strings and placeholders in Korean and English", () => {
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/gu)].map((match) => match[1]!).sort();
    expect(Object.keys(registrationEmailStrings.en).sort()).toEqual(Object.keys(registrationEmailStrings.ko).sort());
    for (const key of Object.keys(registrationEmailStrings.ko) as Array<keyof typeof registrationEmailStrings.ko>) {
      expect(registrationEmailStrings.en[key].trim(), key).not.toBe("");
      expect(placeholders(registrationEmailStrings.en[key]), key).toEqual(placeholders(registrationEmailStrings.ko[key]));
    }
  });

  it("asks in Korean to confirm within 24 hours, with the link as a button and as text, and no calendar file", () => {
    const email = renderRegistrationEmail(props(), "ko");
    expect(email.subject).toBe("[참석 신청 확인] 2026 성과공유회");
    expect(email.text.startsWith("파주교육지원청 김신청 님께\n")).toBe(true);
    expect(email.text).toContain(`신청을 확정하려면 24시간 안에 아래 링크를 열어 주십시오.\n${confirmLink}\n`);
    expect(email.text).toContain("2026년 12월 23일 수요일 14:00 ~ 17:00");
    expect(email.text).not.toContain(".ics");
    expect(email.html).toContain(`href="${confirmLink}"`);
    expect(email.html).toContain("참석 신청 확정하기</a>");
    expect(email).not.toHaveProperty("ics");
  });

  it("sends an address already on the list its personal link, in English", () => {
    const link = "https://nanum.example/i/tok_abc123tok_abc123tok_abc123";
    const email = renderRegistrationEmail(props({ kind: "known", link }), "en");
    expect(email.subject).toBe("Your invitation link: 2026 성과공유회");
    expect(email.text.startsWith("Dear 김신청,\n")).toBe(true);
    expect(email.text).toContain("This email address is already on the guest list");
    expect(email.text).toContain(`\n${link}\n`);
    expect(email.text).toContain("This link is personal to 김신청.");
    expect(email.html).toContain(`href="${link}"`);
    expect(email.html).toContain('<html lang="en"');
  });

  it("escapes what the registrant typed in HTML and keeps it readable in text", () => {
    const name = '<script>alert("x")</script> & Co';
    const email = renderRegistrationEmail(props({ registrant: { name, organization: "<b>org</b>", email: "a@example.org" } }), "ko");
    expect(email.text).toContain(`<b>org</b> ${name} 님께`);
    expect(email.html).not.toContain("<script>");
    expect(email.html).not.toContain("<b>org");
    expect(email.html).toContain("&lt;b&gt;org&lt;/b&gt; &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co 님께");
  });
});
