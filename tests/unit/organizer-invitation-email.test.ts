import { describe, expect, it } from "vitest";
import { organizerInvitationStrings, renderOrganizerInvitation, type OrganizerInvitationProps } from "../../emails/organizer-invitation";

const link = "https://nanum.example/invite/tok_AbC-123_xyz";

function props(overrides: Partial<OrganizerInvitationProps> = {}): OrganizerInvitationProps {
  return { inviterName: "김담당", eventTitle: "2026 성과공유회", role: "organizer", inviteLink: link, validDays: 7, ...overrides };
}

describe("co-organizer invitation email", () => {
  it("has the same strings and placeholders in Korean and English", () => {
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/gu)].map((match) => match[1]!).sort();
    expect(Object.keys(organizerInvitationStrings.en).sort()).toEqual(Object.keys(organizerInvitationStrings.ko).sort());
    for (const key of Object.keys(organizerInvitationStrings.ko) as Array<keyof typeof organizerInvitationStrings.ko>) {
      expect(organizerInvitationStrings.en[key].trim(), key).not.toBe("");
      expect(placeholders(organizerInvitationStrings.en[key]), key).toEqual(placeholders(organizerInvitationStrings.ko[key]));
    }
  });

  it("says in Korean who invited whom to which event as what, with the link as a button and as text", () => {
    const email = renderOrganizerInvitation(props(), "ko");
    expect(email.subject).toBe("[나눔] 김담당 님이 「2026 성과공유회」 운영에 초대했습니다");
    expect(email.text).toContain("김담당 님이 나눔(Nanum)에서 「2026 성과공유회」 행사 운영에 귀하를 초대했습니다.");
    expect(email.text).toContain("역할: 공동 운영자 – 행사 전체를 관리합니다");
    expect(email.text).toContain(`\n${link}\n`);
    expect(email.text).toContain("이 링크는 7일 동안 한 번만 사용할 수 있습니다.");
    expect(email.html).toContain('<html lang="ko"');
    expect(email.html).toContain(`href="${link}"`);
    expect(email.html).toContain("초대 수락 및 계정 만들기");
    expect(email.html).toContain("7일 동안 한 번만");
  });

  it("tells staff in English that they only check guests in", () => {
    const email = renderOrganizerInvitation(props({ role: "staff", inviterName: "Kim Damdang", eventTitle: "2026 Results Sharing Meeting" }), "en");
    expect(email.subject).toBe("Kim Damdang invited you to help run 2026 Results Sharing Meeting");
    expect(email.text).toContain("Role: Staff – checks guests in at the door, nothing else.");
    expect(email.text).not.toContain("Co-organizer");
    expect(email.text).toContain(`\n${link}\n`);
    expect(email.text).toContain("valid for 7 days and can be used once");
    expect(email.html).toContain('<html lang="en"');
    expect(email.html).toContain(`href="${link}"`);
  });

  it("escapes the inviter's name and the event title in HTML and keeps the subject on one line", () => {
    const email = renderOrganizerInvitation(props({ inviterName: '<script>alert("x")</script>', eventTitle: "A & B\r\n<b>Gala</b>" }), "en");
    expect(email.subject).toBe('<script>alert("x")</script> invited you to help run A & B <b>Gala</b>');
    expect(email.text).toContain('<script>alert("x")</script> has invited you');
    expect(email.html).not.toContain("<script>");
    expect(email.html).not.toContain("<b>Gala");
    expect(email.html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; has invited you to help run A &amp; B &lt;b&gt;Gala&lt;/b&gt; on Nanum.");
  });

  it("refuses a link that is not a web link", () => {
    expect(() => renderOrganizerInvitation(props({ inviteLink: "javascript:alert(1)" }), "ko")).toThrow();
  });
});
