import { buttonHtml, detailsTableHtml, escapeHtml, fillTemplate, linkHtml, mutedParagraphHtml, oneLine, paragraphHtml, renderHtmlEmail, textDetails, textParagraphs, type EmailLocale } from "./layout";

export interface OrganizerInvitationProps {
  /** Who gave the access: the inviting organizer's name. */
  inviterName: string;
  /** Already in the email's language. */
  eventTitle: string;
  role: "organizer" | "staff";
  /** https://…/invite/<token> */
  inviteLink: string;
  validDays: number;
}

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

// Emails are not app UI, so their words live here rather than in the app's catalogues.
const ko = {
  subject: "[나눔] {inviter} 님이 「{title}」 운영에 초대했습니다",
  greeting: "안녕하세요.",
  intro: "{inviter} 님이 나눔(Nanum)에서 「{title}」 행사 운영에 귀하를 초대했습니다.",
  labelEvent: "행사",
  labelRole: "역할",
  labelInviter: "초대한 분",
  roleOrganizer: "공동 운영자",
  roleOrganizerDescription: "행사 전체를 관리합니다 (행사 정보, 초청 명단, 초청장 발송, 입장 확인).",
  roleStaff: "현장 스태프",
  roleStaffDescription: "행사 당일 입장 확인만 합니다.",
  button: "초대 수락 및 계정 만들기",
  accept: "아래 버튼을 눌러 계정을 만들고 초대를 수락해 주십시오.",
  acceptText: "아래 주소에서 계정을 만들고 초대를 수락해 주십시오.",
  haveAccount: "이미 나눔 계정이 있으시면 로그인한 뒤 이 링크를 다시 열어 주십시오.",
  linkFallback: "버튼이 열리지 않으면 아래 주소를 복사하여 브라우저에 붙여 넣어 주십시오.",
  validity: "이 링크는 {duration} 동안 한 번만 사용할 수 있습니다.",
  notExpected: "잘못 받은 메일이라면 무시하셔도 됩니다.",
  footer: "본 메일은 {inviter} 님의 요청으로 나눔(Nanum)에서 발송되었습니다.",
};

type OrganizerInvitationStringKey = keyof typeof ko;

const en: Record<OrganizerInvitationStringKey, string> = {
  subject: "{inviter} invited you to help run {title}",
  greeting: "Hello,",
  intro: "{inviter} has invited you to help run {title} on Nanum.",
  labelEvent: "Event",
  labelRole: "Role",
  labelInviter: "Invited by",
  roleOrganizer: "Co-organizer",
  roleOrganizerDescription: "runs the whole event (details, guest list, invitations, check-in).",
  roleStaff: "Staff",
  roleStaffDescription: "checks guests in at the door, nothing else.",
  button: "Accept and create your account",
  accept: "Press the button below to create your account and accept.",
  acceptText: "Open this link to create your account and accept:",
  haveAccount: "Already have a Nanum account? Log in first, then open the link again.",
  linkFallback: "If the button does not work, copy this address into your browser:",
  validity: "This link is valid for {duration} and can be used once.",
  notExpected: "If you were not expecting this, you can ignore this email.",
  footer: "Sent by Nanum at the request of {inviter}.",
};

export const organizerInvitationStrings: Record<EmailLocale, Record<OrganizerInvitationStringKey, string>> = { ko, en };

const intlLocale: Record<EmailLocale, string> = { ko: "ko-KR", en: "en-US" };

export function renderOrganizerInvitation(props: OrganizerInvitationProps, locale: EmailLocale): RenderedEmail {
  const s = (key: OrganizerInvitationStringKey, values: Record<string, string> = {}) => fillTemplate(organizerInvitationStrings[locale][key], values);
  const inviter = oneLine(props.inviterName);
  const title = oneLine(props.eventTitle);
  const role = s(props.role === "organizer" ? "roleOrganizer" : "roleStaff");
  const roleDescription = s(props.role === "organizer" ? "roleOrganizerDescription" : "roleStaffDescription");
  const duration = new Intl.NumberFormat(intlLocale[locale], { style: "unit", unit: "day", unitDisplay: "long" }).format(props.validDays);

  const subject = oneLine(s("subject", { inviter, title }));
  const intro = s("intro", { inviter, title });
  const validity = s("validity", { duration });
  const footer = s("footer", { inviter });

  const text = textParagraphs([
    s("greeting"),
    intro,
    textDetails([
      { label: s("labelEvent"), value: title },
      { label: s("labelRole"), value: `${role} – ${roleDescription}` },
      { label: s("labelInviter"), value: inviter },
    ]),
    `${s("acceptText")}\n${props.inviteLink}`,
    s("haveAccount"),
    validity,
    s("notExpected"),
    `--\n${footer}`,
  ]);

  const bodyHtml = [
    paragraphHtml(escapeHtml(s("greeting"))),
    paragraphHtml(escapeHtml(intro)),
    detailsTableHtml([
      { label: s("labelEvent"), valueHtml: `<strong>${escapeHtml(title)}</strong>` },
      { label: s("labelRole"), valueHtml: `<strong>${escapeHtml(role)}</strong> – ${escapeHtml(roleDescription)}` },
      { label: s("labelInviter"), valueHtml: escapeHtml(inviter) },
    ]),
    paragraphHtml(escapeHtml(s("accept"))),
    buttonHtml(props.inviteLink, s("button")),
    mutedParagraphHtml(`${escapeHtml(s("linkFallback"))}<br>${linkHtml(props.inviteLink, escapeHtml(props.inviteLink))}`),
    mutedParagraphHtml(escapeHtml(s("haveAccount"))),
    paragraphHtml(escapeHtml(validity)),
    mutedParagraphHtml(escapeHtml(s("notExpected"))),
  ].join("\n");

  const html = renderHtmlEmail({ lang: locale, title: subject, preheader: intro, bodyHtml, footerHtml: escapeHtml(footer) });
  return { subject, text, html };
}
