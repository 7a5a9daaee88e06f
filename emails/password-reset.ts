import { buttonHtml, escapeHtml, fillTemplate, linkHtml, mutedParagraphHtml, oneLine, paragraphHtml, renderHtmlEmail, textParagraphs, type EmailLocale } from "./layout";

export interface PasswordResetProps {
  /** The organizer's name, as on the account. */
  name: string;
  /** The page where the new password is set: https://…/reset-password/<token>. */
  resetLink: string;
  /** How long the link works. */
  validHours: number;
}

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

// Emails are not app UI, so their words live here rather than in the app's catalogues.
const ko = {
  subject: "[나눔] 비밀번호 재설정 안내",
  greeting: "{name} 님, 안녕하세요.",
  intro: "나눔(Nanum) 운영자 계정의 비밀번호 재설정 요청을 받았습니다. 아래에서 새 비밀번호를 정해 주십시오.",
  button: "새 비밀번호 설정",
  linkFallback: "버튼이 열리지 않으면 아래 주소를 복사하여 브라우저에 붙여 넣어 주십시오.",
  validity: "이 링크는 {duration} 동안 한 번만 사용할 수 있습니다.",
  notYou: "비밀번호 재설정을 요청하지 않으셨다면 이 메일을 무시하셔도 됩니다. 비밀번호는 바뀌지 않습니다.",
  footer: "본 메일은 나눔(Nanum)에서 자동으로 발송되었습니다.",
};

type PasswordResetStringKey = keyof typeof ko;

const en: Record<PasswordResetStringKey, string> = {
  subject: "Reset your Nanum password",
  greeting: "Hello {name},",
  intro: "We received a request to reset the password of your Nanum organizer account. Choose a new one here:",
  button: "Set a new password",
  linkFallback: "If the button does not work, copy this address into your browser:",
  validity: "This link is valid for {duration} and can be used once.",
  notYou: "If you did not ask for this, you can ignore this email: your password stays as it is.",
  footer: "Sent automatically by Nanum.",
};

const intlLocale: Record<EmailLocale, string> = { ko: "ko-KR", en: "en-US" };

export const passwordResetStrings: Record<EmailLocale, Record<PasswordResetStringKey, string>> = { ko, en };

export function renderPasswordReset(props: PasswordResetProps, locale: EmailLocale): RenderedEmail {
  const s = (key: PasswordResetStringKey, values: Record<string, string> = {}) => fillTemplate(passwordResetStrings[locale][key], values);
  const name = oneLine(props.name);
  const duration = new Intl.NumberFormat(intlLocale[locale], { style: "unit", unit: "hour", unitDisplay: "long" }).format(props.validHours);
  const subject = s("subject");
  const greeting = s("greeting", { name });
  const validity = s("validity", { duration });

  const text = textParagraphs([greeting, s("intro"), props.resetLink, validity, s("notYou"), `--\n${s("footer")}`]);

  const bodyHtml = [
    paragraphHtml(escapeHtml(greeting)),
    paragraphHtml(escapeHtml(s("intro"))),
    buttonHtml(props.resetLink, s("button")),
    mutedParagraphHtml(`${escapeHtml(s("linkFallback"))}<br>${linkHtml(props.resetLink, escapeHtml(props.resetLink))}`),
    paragraphHtml(escapeHtml(validity)),
    mutedParagraphHtml(escapeHtml(s("notYou"))),
  ].join("\n");

  const html = renderHtmlEmail({
    lang: locale,
    title: subject,
    preheader: validity,
    bodyHtml,
    footerHtml: escapeHtml(s("footer")),
  });
  return { subject, text, html };
}
