import { renderGuestEmail, type GuestEvent, type GuestInvitee, type RenderedGuestEmail } from "./guest-event";
import { fillTemplate, oneLine, type EmailLocale } from "./layout";

/** After the event, to those checked in: a short survey behind their personal link. */
export interface SurveyRequestProps {
  event: GuestEvent;
  invitee: GuestInvitee;
  /** The guest's own survey page, /i/<token>/survey. */
  surveyLink: string;
  /** How many questions, so the guest knows it is short. */
  questionCount: number;
  /** The last day answers are taken, already formatted in the event's zone and the email's language. */
  closesOn: string;
  /** Answers are kept apart from who gave them once the survey closes. */
  anonymous: boolean;
  senderName: string;
}

const ko = {
  subject: "[만족도 조사] {title}",
  intro: "「{title}」에 함께해 주셔서 감사합니다. 더 나은 행사를 위해 {count}개 문항의 짧은 설문에 답해 주시면 큰 도움이 됩니다. 답변은 {closes}까지 받으며, 그때까지 고치실 수 있습니다.",
  anonymous: "이 설문은 익명입니다. 설문이 마감되면 답변과 응답자 정보를 분리해 보관하며, 결과에는 누가 어떻게 답했는지 나타나지 않습니다.",
  request: "아래 링크에서 설문에 답해 주십시오.",
  button: "설문 답하기",
  fallback: "버튼이 열리지 않으면 아래 주소를 브라우저에 붙여 넣어 주십시오.",
  personalNote: "이 링크는 {name} 님 전용입니다. 다른 분께 전달하지 말아 주십시오.",
};

type SurveyStringKey = keyof typeof ko;

const en: Record<SurveyStringKey, string> = {
  subject: "A short survey: {title}",
  intro:
    "Thank you for joining us at {title}. To help us make the next one better, please answer a short survey of {count} questions. Answers are taken until {closes}, and you can change yours until then.",
  anonymous: "This survey is anonymous. When it closes, the answers are kept apart from who gave them, and the results never show who answered what.",
  request: "Please answer the survey through the link below.",
  button: "Answer the survey",
  fallback: "If the button does not open, paste this address into your browser:",
  personalNote: "This link is for {name} only. Please do not forward it.",
};

export const surveyRequestStrings: Record<EmailLocale, Record<SurveyStringKey, string>> = { ko, en };

/** The event is over: whoever sends it leaves out the calendar file (as for the thank-you). */
export function renderSurveyRequest(props: SurveyRequestProps, locale: EmailLocale): RenderedGuestEmail {
  const values = { title: oneLine(props.event.title), count: String(props.questionCount), closes: oneLine(props.closesOn), name: oneLine(props.invitee.name) };
  const s = (key: SurveyStringKey) => fillTemplate(surveyRequestStrings[locale][key], values);
  return renderGuestEmail({
    event: props.event,
    invitee: props.invitee,
    locale,
    senderName: props.senderName,
    subject: s("subject"),
    intro: props.anonymous ? `${s("intro")}\n${s("anonymous")}` : s("intro"),
    link: { href: props.surveyLink, request: s("request"), button: s("button"), fallback: s("fallback"), personalNote: s("personalNote") },
    calendarNote: "",
    method: "PUBLISH",
  });
}
