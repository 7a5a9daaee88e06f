import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { PrintButton } from "~/components/invitation-letter";
import { SeatingPlan } from "~/components/seating-plan";
import { accessFilter, recordAccess } from "~/domain/access-records/access-records.server";
import { eventTitle } from "~/domain/events/event-view";
import { seatingOverview } from "~/domain/seating/seating.server";
import { useT } from "~/i18n/i18n";
import seatingStylesheet from "~/styles/seating-print.css";
import { organizerAccess } from "~/web/access-by.server";
import { requireDownloadReason } from "~/web/download-reason.server";
import { requireEventPage } from "~/web/event-page.server";
import { printPageHandle } from "~/web/page-handle";
import { privatePageHeaders, privatePageMeta } from "~/web/private-page";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: seatingStylesheet }];
export const handle = printPageHandle;
export const meta: MetaFunction<typeof loader> = ({ data }) => privatePageMeta(data?.pageTitle);
export const headers = privatePageHeaders;

/** The seating plan for print, with names and empty seats, on A4 or A3 landscape. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { eventId, event, locale, t, organizer } = await requireEventPage(request, context, params.eventId, "event.edit");
  const paper = new URL(request.url).searchParams.get("paper") === "a3" ? "a3" : "a4";
  const reason = requireDownloadReason(request, eventId, "seating-plan");
  const overview = await seatingOverview(context.db, eventId, locale);
  await recordAccess(context.db, {
    ...organizerAccess(context, organizer.id),
    action: "print",
    eventId,
    count: overview.occupants.length,
    filter: accessFilter({ print: "seating-plan", paper }),
    reason,
  });
  const title = eventTitle(event, locale);
  return { eventId, title, paper, locale, blocks: overview.blocks, occupants: overview.occupants, capacity: overview.capacity, pageTitle: `${t("seating.planHeading")}: ${title} · ${t("app.name")}` };
}

export default function PrintedSeatingPlan() {
  const { eventId, title, paper, locale, blocks, occupants, capacity } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div className={`seating-print seating-print--${paper}`}>
      <div className="no-print">
        <p>
          <Link to={`/admin/events/${eventId}/seating`}>← {t("seating.title")}</Link>
        </p>
        <PrintButton />
      </div>
      <div className="seating-print__head">
        <h1>{t("seating.planHeading")}</h1>
        <span>{title}</span>
        <span>{t("seating.planSummary", { seated: occupants.length, capacity })}</span>
      </div>
      {blocks.length === 0 ? <p>{t("seating.noLayout")}</p> : <SeatingPlan blocks={blocks} occupants={occupants} language={locale} />}
    </div>
  );
}
