import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Pagination } from "~/components/pagination";
import { AccessFilterFields, AccessFlags, AccessRecordTable } from "~/components/access-review";
import { accessReviewPage, accessReviewParams } from "~/domain/access-records/access-review.server";
import { eventTitle } from "~/domain/events/event-view";
import { useT } from "~/i18n/i18n";
import { readListParams } from "~/lib/list-params.server";
import { requireEventPage } from "~/web/event-page.server";
import { privatePageHeaders, privatePageMeta } from "~/web/private-page";

export const meta: MetaFunction<typeof loader> = ({ data }) => privatePageMeta(data?.pageTitle);

export const headers = privatePageHeaders;

const FILTER_PARAMS = ["action", "actor", "invitee", "from", "to"] as const;

/** The event's access records for its owner's monthly check (월 1회 이상 점검), unusual activity flagged. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { eventId, event, locale, t } = await requireEventPage(request, context, params.eventId, "event.members");
  const { page: requested, ...filters } = readListParams(accessReviewParams, new URL(request.url).searchParams);
  return {
    eventId,
    title: eventTitle(event, locale),
    filters,
    ...(await accessReviewPage(context.db, eventId, filters, requested, locale)),
    pageTitle: `${t("accessLog.title")}: ${eventTitle(event, locale)} · ${t("app.name")}`,
  };
}

export default function AccessRecords() {
  const { eventId, title, filters, page, actors, bulk, records } = useLoaderData<typeof loader>();
  const t = useT();
  const exportQuery = new URLSearchParams({ what: "access-records-export", format: "csv" });
  for (const name of FILTER_PARAMS) if (filters[name] !== undefined) exportQuery.set(name, String(filters[name]));
  return (
    <section>
      <p>
        <Link to={`/admin/events/${eventId}`}>← {title}</Link>
      </p>
      <h1>{t("accessLog.title")}</h1>
      <p>{t("accessLog.explain")}</p>
      <form method="get" className="filters">
        <AccessFilterFields filters={filters} actors={actors} />
        <button type="submit" className="button">
          {t("accessLog.filter")}
        </button>
      </form>
      <p>
        <a href={`/admin/events/${eventId}/download?${exportQuery.toString()}`} className="button">
          {t("accessLog.export")}
        </a>
      </p>
      <AccessFlags bulk={bulk} />
      <AccessRecordTable records={records} />
      <Pagination info={page} keep={FILTER_PARAMS} label={t("accessLog.pages")} />
    </section>
  );
}
