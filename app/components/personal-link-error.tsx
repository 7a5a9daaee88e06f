import { isRouteErrorResponse, useRouteError } from "@remix-run/react";
import { translate, type MessageKey } from "~/i18n/i18n";

/** Unknown, revoked or expired links: a polite page in both languages, whatever the reader's settings. */
export function PersonalLinkError() {
  const error = useRouteError();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const contact = status === 410 ? (error as { data?: { contact?: { name: string; phone: string; email: string } | null } }).data?.contact : null;
  const key: MessageKey = status === 410 ? "personal.gone" : status === 429 ? "personal.throttled" : "personal.unknown";
  return (
    <section className="error-page bilingual">
      <title>{`${translate("ko", "personal.unknownTitle")} / ${translate("en", "personal.unknownTitle")}`}</title>
      <h1 lang="ko">{translate("ko", "personal.unknownTitle")}</h1>
      <p lang="ko">{translate("ko", key)}</p>
      <h2 lang="en">{translate("en", "personal.unknownTitle")}</h2>
      <p lang="en">{translate("en", key)}</p>
      {contact && (contact.name || contact.phone || contact.email) ? (
        <p>
          {contact.name} {contact.phone} {contact.email}
        </p>
      ) : null}
    </section>
  );
}
