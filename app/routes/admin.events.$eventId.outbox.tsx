import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { recordAccess, recordListing } from "~/domain/access-records/access-records.server";
import { organizerAccess } from "~/web/access-by.server";
import { Form, Link, useLoaderData } from "@remix-run/react";
import type { OutboxStatus } from "../../db/schema";
import { getEventEmail, listEventEmails, outboxListParams, resendEmail, resendUncertainEmails } from "~/domain/outbox.server";
import { requireEventPermission } from "~/web/auth.server";
import { formatDateTime, formatNumber } from "~/lib/format";
import { useLocale, useT, type MessageKey } from "~/i18n/i18n";
import { readFormData } from "~/web/form-data.server";
import { parseId } from "~/lib/ids";
import { Pagination } from "~/components/pagination";
import { readListParams } from "~/lib/list-params.server";
import { pageTitleMeta } from "~/web/meta";
import { requireEventPage } from "~/web/event-page.server";

export const meta = pageTitleMeta;

const statusKey: Record<OutboxStatus, MessageKey> = {
  queued: "outbox.status.queued",
  sending: "outbox.status.sending",
  sent: "outbox.status.sent",
  stored: "outbox.status.stored",
  failed: "outbox.status.failed",
  uncertain: "outbox.status.uncertain",
  withdrawn: "outbox.status.withdrawn",
};

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { eventId, event, locale, t, organizer } = await requireEventPage(request, context, params.eventId, "event.edit");
  const url = new URL(request.url);
  const { status: shownStatus, page: requested } = readListParams(outboxListParams, url.searchParams);
  const { emails, counts, page } = await listEventEmails(context.db, eventId, { status: shownStatus, page: requested });
  const openId = parseId(url.searchParams.get("message"));
  const open = openId !== null ? await getEventEmail(context.db, eventId, openId) : undefined;
  // The messages show guests' names and addresses: the page, or the one message opened, is recorded.
  const by = organizerAccess(context, organizer.id);
  if (open) await recordAccess(context.db, { ...by, action: "view", eventId, subjectIds: open.invitee_id === null ? [] : [open.invitee_id], count: 1, filter: { list: "outbox" } });
  else
    await recordListing(context.db, by, {
      eventId,
      list: "outbox",
      subjectIds: emails.flatMap((email) => (email.invitee_id === null ? [] : [email.invitee_id])),
      filters: { status: shownStatus, page: page.page },
    });
  return {
    eventId,
    local: !context.config.smtpUrl,
    counts,
    page,
    shownStatus: shownStatus ?? null,
    emails: emails.map((email) => ({
      id: email.id,
      to: email.to_name ? `${email.to_name} <${email.to_address}>` : email.to_address,
      subject: email.subject,
      status: email.status,
      attempts: email.attempts,
      error: email.last_error,
      at: formatDateTime(email.finished_at ?? email.created_at, event.time_zone, locale),
    })),
    open: open ?? null,
    resent: parseId(url.searchParams.get("resent")),
    pageTitle: `${t("outbox.title")} · ${t("app.name")}`,
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { eventId } = await requireEventPermission(request, context, params.eventId, "event.edit");
  const formData = await readFormData(request);
  if (formData.get("intent") === "resend-uncertain") {
    const count = await resendUncertainEmails(context.db, eventId);
    if (count > 0) context.mail.nudge();
    return redirect(`/admin/events/${eventId}/outbox?resent=${count}`);
  }
  const id = parseId(formData.get("message"));
  if (id !== null && (await resendEmail(context.db, id, eventId))) context.mail.nudge();
  return redirect(`/admin/events/${eventId}/outbox`);
}

export default function Outbox() {
  const { eventId, local, counts, page, shownStatus, emails, open, resent } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const n = (value: number) => formatNumber(value, locale);
  return (
    <section>
      <p>
        <Link to={`/admin/events/${eventId}`}>← {t("nav.admin")}</Link>
      </p>
      <h1>{t("outbox.title")}</h1>
      {local ? <p className="notice notice--info">{t("outbox.local")}</p> : null}
      <ul className="group-counts" aria-label={t("outbox.summary")}>
        {(Object.entries(counts) as Array<[OutboxStatus, number]>).map(([status, count]) => (
          <li key={status}>
            <Link to={status === shownStatus ? "." : `?status=${status}`} aria-current={status === shownStatus ? "true" : undefined}>
              {t(statusKey[status])}: {n(count)}
            </Link>
          </li>
        ))}
      </ul>
      {resent !== null ? (
        <p className="notice notice--success" role="status">
          {t("outbox.uncertainResent", { count: n(resent) })}
        </p>
      ) : null}
      {(counts.uncertain ?? 0) > 0 ? (
        <section className="notice notice--info" aria-labelledby="uncertain-title">
          <h2 id="uncertain-title">{t("outbox.uncertainTitle", { count: n(counts.uncertain ?? 0) })}</h2>
          <p>{t("outbox.uncertainHelp")}</p>
          <Form method="post">
            <input type="hidden" name="intent" value="resend-uncertain" />
            <button type="submit" className="button">
              {t("outbox.resendUncertain", { count: n(counts.uncertain ?? 0) })}
            </button>
          </Form>
        </section>
      ) : null}
      {open ? (
        <article className="email-view" aria-label={t("outbox.message")}>
          <h2>{open.subject}</h2>
          <p className="muted">
            {open.to_name} &lt;{open.to_address}&gt; · {open.message_id}
          </p>
          <iframe title={t("outbox.message")} sandbox="" srcDoc={open.html_body} className="email-view__html" />
          <details>
            <summary>{t("outbox.plainText")}</summary>
            <pre className="email-view__text">{open.text_body}</pre>
          </details>
        </article>
      ) : null}
      {emails.length === 0 ? (
        <p>{t("outbox.empty")}</p>
      ) : (
        <>
          <Pagination info={page} keep={["status"]} label={t("paging.outbox")} />
          <table className="table">
            <caption className="visually-hidden">{t("outbox.title")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("outbox.to")}</th>
                <th scope="col">{t("outbox.subject")}</th>
                <th scope="col">{t("field.status")}</th>
                <th scope="col">{t("outbox.when")}</th>
              </tr>
            </thead>
            <tbody>
              {emails.map((email) => (
                <tr key={email.id}>
                  <td>{email.to}</td>
                  <td>
                    <Link to={`?${new URLSearchParams({ ...(shownStatus ? { status: shownStatus } : {}), ...(page.page > 1 ? { page: String(page.page) } : {}), message: String(email.id) })}`}>
                      {email.subject}
                    </Link>
                  </td>
                  <td>
                    <span className={`status status--${email.status}`}>{t(statusKey[email.status])}</span>
                    {email.error ? <p className="field__hint">{email.error}</p> : null}
                    {email.status === "failed" || email.status === "uncertain" ? (
                      <Form method="post">
                        <input type="hidden" name="message" value={email.id} />
                        <button type="submit" className="button button--small">
                          {t("outbox.resend")}
                        </button>
                      </Form>
                    ) : null}
                  </td>
                  <td>{email.at}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
