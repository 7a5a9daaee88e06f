import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { purgePersonalData } from "~/domain/events/retention.server";
import { listEventDestructions } from "~/domain/events/destruction-register.server";
import { requireEventPermission } from "~/web/auth.server";
import { eventTitle } from "~/domain/events/event-view";
import { formatDateTime, formatShortDate } from "~/lib/format";
import { useT } from "~/i18n/i18n";
import { requireEventPage } from "~/web/event-page.server";
import { pageTitleMeta } from "~/web/meta";

export const meta = pageTitleMeta;

/** Deleting the event's personal data before its retention period ends: the owner's decision. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { eventId, event, locale, t } = await requireEventPage(request, context, params.eventId, "event.members");
  const due = new Date(event.ends_at.getTime() + event.retention_days * 86_400_000);
  return {
    eventId,
    title: eventTitle(event, locale),
    due: formatShortDate(due, event.time_zone, locale),
    purgedAt: event.personal_data_purged_at ? formatShortDate(event.personal_data_purged_at, event.time_zone, locale) : null,
    records: (await listEventDestructions(context.db, eventId)).map((record) => ({ id: record.id, at: formatDateTime(record.destroyed_at, record.event_time_zone, locale) })),
    pageTitle: `${t("purge.title")} · ${eventTitle(event, locale)}`,
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { eventId, organizer } = await requireEventPermission(request, context, params.eventId, "event.members");
  await purgePersonalData(context.db, eventId, { kind: "organizer", organizerId: organizer.id }, context.clientAddress);
  return redirect(`/admin/events/${eventId}/purge`);
}

export default function Purge() {
  const { eventId, title, due, purgedAt, records } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <section>
      <p>
        <Link to={`/admin/events/${eventId}`}>← {title}</Link>
      </p>
      <h1>{t("purge.title")}</h1>
      {purgedAt ? (
        <p className="notice notice--success" role="status">
          {t("purge.done", { date: purgedAt })}
        </p>
      ) : (
        <>
          <p>{t("purge.explain", { date: due })}</p>
          <div className="notice notice--error" role="note">
            {t("purge.warning")}
          </div>
          <p>{t("purge.register")}</p>
          <Form method="post">
            <button type="submit" className="button button--danger">
              {t("purge.confirm")}
            </button>
          </Form>
        </>
      )}
      {records.length > 0 ? (
        <>
          <h2>{t("destruction.recordsTitle")}</h2>
          <p>{t("destruction.recordsExplain")}</p>
          <ul>
            {records.map((record) => (
              <li key={record.id}>
                <Link to={`/admin/events/${eventId}/destructions/${record.id}`}>{t("destruction.printLink", { date: record.at })}</Link>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <p>
        <Link to="/admin/destructions">{t("destruction.registerLink")}</Link>
      </p>
    </section>
  );
}
