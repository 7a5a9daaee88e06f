import { describe, expect, it } from "vitest";
import { fromZonedInputs, mapLinks } from "../../app/lib/format";
import { renderSurveyRequest, surveyRequestStrings, type SurveyRequestProps } from "../../emails/survey-request";

const link = "https://nanum.example/i/tok_abc123/survey";

function props(overrides: Partial<SurveyRequestProps> = {}): SurveyRequestProps {
  return {
    event: {
      uid: "event-12@nanum",
      sequence: 1,
      title: "2026 성과공유회",
      hosts: ["경기도", "파주시"],
      start: fromZonedInputs("2026-12-23", "14:00", "Asia/Seoul"),
      end: fromZonedInputs("2026-12-23", "17:00", "Asia/Seoul"),
      timeZone: "Asia/Seoul",
      venueName: "파주시청 대회의실",
      venueAddress: "경기도 파주시 시청로 50",
      mapLinks: mapLinks("경기도 파주시 시청로 50"),
      contact: { name: "김담당", phone: "031-940-4114", email: "events@paju.example" },
    },
    invitee: { name: "홍길동", organization: "한국농어촌공사", email: "hong@example.com" },
    surveyLink: link,
    questionCount: 3,
    closesOn: "2027년 1월 6일 (수)",
    anonymous: false,
    senderName: "파주시 기획예산과",
    ...overrides,
  };
}

describe("the survey email", () => {
  it("has the same strings and placeholders in Korean and English", () => {
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/gu)].map((match) => match[1]!).sort();
    expect(Object.keys(surveyRequestStrings.en).sort()).toEqual(Object.keys(surveyRequestStrings.ko).sort());
    for (const key of Object.keys(surveyRequestStrings.ko) as Array<keyof typeof surveyRequestStrings.ko>) {
      expect(placeholders(surveyRequestStrings.en[key]), key).toEqual(placeholders(surveyRequestStrings.ko[key]));
    }
  });

  it("asks in Korean with the personal survey link, the question count and the closing day", () => {
    const mail = renderSurveyRequest(props(), "ko");
    expect(mail.subject).toBe("[만족도 조사] 2026 성과공유회");
    expect(mail.text).toContain("3개 문항");
    expect(mail.text).toContain("2027년 1월 6일 (수)까지");
    expect(mail.text).toContain(link);
    expect(mail.html).toContain(`href="${link}"`);
    expect(mail.html).toContain("설문 답하기");
    expect(mail.text).not.toContain("익명");
  });

  it("asks in English and says an anonymous survey is anonymous", () => {
    const mail = renderSurveyRequest(props({ anonymous: true }), "en");
    expect(mail.subject).toBe("A short survey: 2026 성과공유회");
    expect(mail.text).toContain("a short survey of 3 questions");
    expect(mail.text).toContain("This survey is anonymous.");
    expect(mail.html).toContain("Answer the survey");
    expect(mail.html).toContain('lang="en"');
  });

  it("escapes what the organizer and the guest list wrote", () => {
    const mail = renderSurveyRequest(props({ event: { ...props().event, title: "<b>행사</b> & 모임" }, invitee: { name: "<script>x</script>", organization: "", email: "a@b.c" } }), "ko");
    expect(mail.html).not.toContain("<script>");
    expect(mail.html).not.toContain("<b>행사</b>");
    expect(mail.html).toContain("&lt;b&gt;행사&lt;/b&gt; &amp; 모임");
  });
});
