import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Pagination } from "~/components/pagination";
import { AccessFilterFields, AccessFlags, AccessRecordTable } from "~/components/access-review";
import { accessReviewAcrossParams, accessReviewPage, ownedEvents, ownerScope } from "~/domain/access-records/access-review.server";
import { DownloadReasonFields } from "~/components/download-reason-fields";
import { inLocale, translator, useT } from "~/i18n/i18n";
import { readListParams } from "~/lib/list-params.server";
import { requireOrganizer } from "~/web/auth.server";
import { resolveLocale } from "~/web/locale.server";
import { privatePageHeaders, privatePageMeta } from "~/web/private-page";

export const meta: MetaFunction<typeof loader> = ({ data }) => privatePageMeta(data?.pageTitle);

export const headers = privatePageHeaders;

const FILTER_PARAMS = ["event", "action", "actor", "invitee", "from", "to"] as const;

/**
 * The access records of every event the organizer owns, in one list (the review's "by event"
 * filter across events): the same filters and flags as an event's own page. Reading it writes
 * nothing (the records hold no guest's personal data); its export is recorded with its reason.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { organizer } = await requireOrganizer(request, context);
  const locale = await resolveLocale(request);
  const t = translator(locale);
  const url = new URL(request.url);
  const { page: requested, event, ...filters } = readListParams(accessReviewAcrossParams, url.searchParams);
  const owned = await ownedEvents(context.db, organizer.id);
  const scope = ownerScope(organizer.id, owned, event);
  return {
    events: owned.map((row) => ({ id: row.id, title: inLocale(locale, { ko: row.title_ko, en: row.title_en }) })),
    filters: { ...filters, event: typeof scope === "number" ? scope : undefined },
    exportInvalid: url.searchParams.has("export-invalid"),
    ...(await accessReviewPage(context.db, scope, filters, requested, locale)),
    pageTitle: `${t("accessLogAll.title")} · ${t("app.name")}`,
  };
}

export default function AccessRecordsAcrossEvents() {
  const { events, filters, exportInvalid, page, actors, bulk, records } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <section>
      <p>
        <Link to="/admin/account">← {t("admin.account")}</Link>
      </p>
      <h1>{t("accessLogAll.title")}</h1>
      <p>{t("accessLogAll.explain")}</p>
      <form method="get" className="filters">
        <div className="field">
          <label htmlFor="filter-event">{t("accessLogAll.event")}</label>
          <select id="filter-event" name="event" defaultValue={filters.event ?? ""}>
            <option value="">{t("accessLogAll.allEvents")}</option>
            {events.map((event) => (
              <option key={event.id} value={event.id}>
                {event.title}
              </option>
            ))}
          </select>
        </div>
        <AccessFilterFields filters={filters} actors={actors} />
        <button type="submit" className="button">
          {t("accessLog.filter")}
        </button>
      </form>
      <h2 id="export">{t("accessLog.export")}</h2>
      {exportInvalid ? (
        <p className="notice notice--error" role="alert" id="reason-error">
          {t("download.invalid")}
        </p>
      ) : null}
      {/* The download asks its reason here (다운로드 사유): the form carries the filters shown. */}
      <form method="get" action="/admin/access-records/export">
        {FILTER_PARAMS.map((name) => (filters[name] !== undefined ? <input key={name} type="hidden" name={name} value={String(filters[name])} /> : null))}
        <input type="hidden" name="format" value="csv" />
        <DownloadReasonFields invalid={exportInvalid} />
        <button type="submit" className="button">
          {t("accessLog.export")}
        </button>
      </form>
      <AccessFlags bulk={bulk} />
      <AccessRecordTable records={records} withEvent />
      <Pagination info={page} keep={FILTER_PARAMS} label={t("accessLog.pages")} />
    </section>
  );
}
