import { describe, expect, it } from "vitest";
import { passwordResetStrings, renderPasswordReset, type PasswordResetProps } from "../../emails/password-reset";

const link = "https://nanum.example/reset-password/tok_AbC-123_xyz";

function props(overrides: Partial<PasswordResetProps> = {}): PasswordResetProps {
  return { name: "홍길동", resetLink: link, validHours: 1, ...overrides };
}

describe("password reset email", () => {
  it("has the same strings and placeholders in Korean and English", () => {
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/gu)].map((match) => match[1]!).sort();
    expect(Object.keys(passwordResetStrings.en).sort()).toEqual(Object.keys(passwordResetStrings.ko).sort());
    for (const key of Object.keys(passwordResetStrings.ko) as Array<keyof typeof passwordResetStrings.ko>) {
      expect(passwordResetStrings.en[key].trim(), key).not.toBe("");
      expect(placeholders(passwordResetStrings.en[key]), key).toEqual(placeholders(passwordResetStrings.ko[key]));
    }
  });

  it("greets by name in Korean and gives the link as a button and as text, valid for an hour, once", () => {
    const email = renderPasswordReset(props(), "ko");
    expect(email.subject).toBe("[나눔] 비밀번호 재설정 안내");
    expect(email.text.startsWith("홍길동 님, 안녕하세요.\n")).toBe(true);
    expect(email.text).toContain(`\n${link}\n`);
    expect(email.text).toContain("이 링크는 1시간 동안 한 번만 사용할 수 있습니다.");
    expect(email.text).toContain("비밀번호는 바뀌지 않습니다.");
    expect(email.html).toContain('<html lang="ko"');
    expect(email.html).toContain(`href="${link}"`);
    expect(email.html).toContain("새 비밀번호 설정</a>");
    expect(email.html).toContain("1시간 동안 한 번만");
  });

  it("writes the same message in English", () => {
    const email = renderPasswordReset(props({ name: "Jane Kim" }), "en");
    expect(email.subject).toBe("Reset your Nanum password");
    expect(email.text.startsWith("Hello Jane Kim,\n")).toBe(true);
    expect(email.text).toContain(`\n${link}\n`);
    expect(email.text).toContain("This link is valid for 1 hour and can be used once.");
    expect(email.text).toContain("If you did not ask for this, you can ignore this email: your password stays as it is.");
    expect(email.html).toContain('<html lang="en"');
    expect(email.html).toContain(`href="${link}"`);
    expect(email.html).toContain("Set a new password</a>");
  });

  it("escapes the name in HTML and keeps it readable in text", () => {
    const name = '<script>alert("x")</script> & Co';
    const email = renderPasswordReset(props({ name }), "en");
    expect(email.text).toContain(`Hello ${name},`);
    expect(email.html).not.toContain("<script>");
    expect(email.html).toContain("Hello &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co,");
  });

  it("refuses a link that is not a web link", () => {
    expect(() => renderPasswordReset(props({ resetLink: "javascript:alert(1)" }), "en")).toThrow();
  });
});
