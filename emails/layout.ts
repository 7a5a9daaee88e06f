/**
 * What every email shares: escaping, the HTML frame and the plain-text building blocks.
 *
 * The HTML is written for the clients our guests use (Naver Mail, Daum/Kakao Mail, Gmail,
 * Outlook): tables for layout, every style inline (webmail drops <style> and external sheets),
 * no images, and a fixed 600px column for Outlook, which ignores max-width.
 */

export type EmailLocale = "ko" | "en";

export const FONT_STACK = "'Malgun Gothic','Apple SD Gothic Neo','Noto Sans KR',sans-serif";

const colors = {
  page: "#f3f4f6",
  card: "#ffffff",
  text: "#1f2937",
  muted: "#6b7280",
  rule: "#e5e7eb",
  accent: "#1d4ed8",
  onAccent: "#ffffff",
};

const htmlEscapes: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Safe in element content and in quoted attribute values. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/gu, (char) => htmlEscapes[char]!);
}

/** Plain text as HTML: escaped, line breaks kept as <br>. */
export function textToHtml(value: string): string {
  return escapeHtml(normalizeNewlines(value).trim()).replace(/\n/gu, "<br>\n");
}

/** Links in emails are ours (personal links, maps, mailto/tel); anything else is a bug. */
export function safeHref(href: string): string {
  if (!/^(https?:\/\/|mailto:|tel:)/iu.test(href)) throw new Error(`Refusing to put a non-web link in an email: ${href}`);
  return escapeHtml(href);
}

export function paragraphHtml(innerHtml: string): string {
  // keep-all: Korean lines break between words, as printed Korean does, not inside them.
  return `<p style="margin:0 0 16px 0;font-family:${FONT_STACK};font-size:16px;line-height:1.7;color:${colors.text};word-break:keep-all;">${innerHtml}</p>`;
}

export function mutedParagraphHtml(innerHtml: string): string {
  return `<p style="margin:0 0 12px 0;font-family:${FONT_STACK};font-size:14px;line-height:1.6;color:${colors.muted};word-break:keep-all;">${innerHtml}</p>`;
}

export function linkHtml(href: string, labelHtml: string): string {
  return `<a href="${safeHref(href)}" target="_blank" style="color:${colors.accent};text-decoration:underline;word-break:break-all;">${labelHtml}</a>`;
}

/**
 * A large button that survives Outlook: the colour sits on the table cell (mso-padding-alt gives
 * Outlook its size), the padding on the link so the whole button is clickable elsewhere.
 */
export function buttonHtml(href: string, label: string): string {
  return [
    `<table role="presentation" border="0" cellspacing="0" cellpadding="0" style="margin:8px auto 24px auto;border-collapse:separate;">`,
    `<tr><td align="center" bgcolor="${colors.accent}" style="border-radius:6px;background-color:${colors.accent};mso-padding-alt:16px 32px;">`,
    `<a href="${safeHref(href)}" target="_blank" style="display:inline-block;padding:16px 32px;font-family:${FONT_STACK};font-size:18px;font-weight:bold;line-height:1.3;color:${colors.onAccent};text-decoration:none;border-radius:6px;">${escapeHtml(label)}</a>`,
    `</td></tr></table>`,
  ].join("\n");
}

/** Label/value rows (일시, 장소, ...) as a two-column table; values are HTML already escaped. */
export function detailsTableHtml(rows: Array<{ label: string; valueHtml: string }>): string {
  const body = rows
    .map(
      (row) =>
        `<tr><th scope="row" align="left" valign="top" width="88" style="padding:10px 12px 10px 0;border-top:1px solid ${colors.rule};font-family:${FONT_STACK};font-size:15px;line-height:1.6;font-weight:bold;color:${colors.muted};white-space:nowrap;">${escapeHtml(row.label)}</th>` +
        `<td align="left" valign="top" style="padding:10px 0;border-top:1px solid ${colors.rule};font-family:${FONT_STACK};font-size:15px;line-height:1.6;color:${colors.text};word-break:keep-all;">${row.valueHtml}</td></tr>`,
    )
    .join("\n");
  return `<table role="presentation" border="0" cellspacing="0" cellpadding="0" width="100%" style="margin:8px 0 24px 0;border-collapse:collapse;border-bottom:1px solid ${colors.rule};">\n${body}\n</table>`;
}

export interface HtmlEmailInput {
  lang: EmailLocale;
  /** The document title; usually the subject. Plain text. */
  title: string;
  /** The line inboxes show after the subject. Plain text. */
  preheader?: string;
  bodyHtml: string;
  footerHtml?: string;
}

export function renderHtmlEmail({ lang, title, preheader, bodyHtml, footerHtml }: HtmlEmailInput): string {
  const hiddenPreheader = preheader
    ? `<div style="display:none;font-size:1px;line-height:1px;max-height:0;max-width:0;opacity:0;overflow:hidden;mso-hide:all;color:${colors.page};">${escapeHtml(preheader)}</div>`
    : "";
  const footer = footerHtml ? `<tr><td style="padding:20px 32px 28px 32px;font-family:${FONT_STACK};font-size:13px;line-height:1.6;color:${colors.muted};">${footerHtml}</td></tr>` : "";
  return `<!DOCTYPE html>
<html lang="${escapeHtml(lang)}" xmlns="http://www.w3.org/1999/xhtml" xmlns:o="urn:schemas-microsoft-com:office:office">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="x-apple-disable-message-reformatting">
<title>${escapeHtml(title)}</title>
<!--[if mso]><xml><o:OfficeDocumentSettings><o:PixelsPerInch>96</o:PixelsPerInch></o:OfficeDocumentSettings></xml><![endif]-->
<!--[if mso]><style>table,td,th,p,a,span,div{font-family:'Malgun Gothic',sans-serif !important;}</style><![endif]-->
</head>
<body style="margin:0;padding:0;width:100%;background-color:${colors.page};-webkit-text-size-adjust:100%;-ms-text-size-adjust:100%;">
${hiddenPreheader}
<table role="presentation" border="0" cellspacing="0" cellpadding="0" width="100%" bgcolor="${colors.page}" style="background-color:${colors.page};">
<tr><td align="center" style="padding:24px 12px;">
<!--[if mso]><table role="presentation" border="0" cellspacing="0" cellpadding="0" width="600" align="center"><tr><td><![endif]-->
<table role="presentation" border="0" cellspacing="0" cellpadding="0" width="100%" style="max-width:600px;background-color:${colors.card};border:1px solid ${colors.rule};border-radius:8px;">
<tr><td style="padding:32px 32px 8px 32px;font-family:${FONT_STACK};font-size:16px;line-height:1.7;color:${colors.text};word-break:keep-all;">
${bodyHtml}
</td></tr>
${footer}
</table>
<!--[if mso]></td></tr></table><![endif]-->
</td></tr>
</table>
</body>
</html>
`;
}

// Plain-text parts. Lines end in \n here; the mailer writes CRLF on the wire.

export function normalizeNewlines(value: string): string {
  return value.replace(/\r\n?/gu, "\n");
}

/** Paragraphs separated by a blank line; empty ones are left out. */
export function textParagraphs(paragraphs: Array<string | null | undefined | false>): string {
  return paragraphs
    .filter((paragraph): paragraph is string => typeof paragraph === "string" && paragraph.trim() !== "")
    .map((paragraph) => normalizeNewlines(paragraph).trim())
    .join("\n\n");
}

/** "일시: ..." lines; a multi-line value is indented under its label. */
export function textDetails(rows: Array<{ label: string; value: string }>): string {
  return rows
    .map(({ label, value }) => {
      const [first = "", ...rest] = normalizeNewlines(value).split("\n");
      return [`${label}: ${first}`, ...rest.map((line) => `  ${line}`)].join("\n");
    })
    .join("\n");
}

/** Interpolates {name} placeholders in a template; the result is plain text, to escape as needed. */
export function fillTemplate(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/gu, (whole, name: string) => (Object.hasOwn(values, name) ? values[name]! : whole));
}

/** A subject is a header: one line, no stray whitespace. */
export function oneLine(value: string): string {
  return value.replace(/\s+/gu, " ").trim();
}
