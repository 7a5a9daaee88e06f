import { isRouteErrorResponse, useRouteError } from "@remix-run/react";
import { translate, type MessageKey } from "~/i18n/i18n";

/**
 * Unknown, revoked or expired links, and invitations deleted at the guest's request: a polite page
 * in both languages, whatever the reader's settings.
 */
export function PersonalLinkError() {
  const error = useRouteError();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const data = status === 410 ? (error as { data?: { contact?: { name: string; phone: string; email: string } | null; deleted?: { queued: boolean } } }).data : undefined;
  const contact = data?.contact;
  const deleted = data?.deleted;
  const key: MessageKey = deleted ? (deleted.queued ? "personal.deletionQueued" : "personal.deleted") : status === 410 ? "personal.gone" : status === 429 ? "personal.throttled" : "personal.unknown";
  const title: MessageKey = deleted ? "personal.deletedTitle" : "personal.unknownTitle";
  return (
    <section className="error-page bilingual">
      <title>{`${translate("ko", title)} / ${translate("en", title)}`}</title>
      <h1 lang="ko">{translate("ko", title)}</h1>
      <p lang="ko">{translate("ko", key)}</p>
      <h2 lang="en">{translate("en", title)}</h2>
      <p lang="en">{translate("en", key)}</p>
      {contact && (contact.name || contact.phone || contact.email) ? (
        <p>
          {contact.name} {contact.phone} {contact.email}
        </p>
      ) : null}
    </section>
  );
}
