import type { LoaderFunctionArgs } from "@remix-run/node";
import { keepPageWhenUnreachable } from "~/components/live-reload";
import { recordListing } from "~/domain/access-records/access-records.server";
import { organizerAccess } from "~/web/access-by.server";
import { Link, useLoaderData } from "@remix-run/react";
import { LiveStatus } from "~/components/live-status";
import { useLiveUpdates } from "~/components/use-live-updates";
import { arrivedVipIntroductions } from "~/domain/checkin/arrivals.server";
import { eventTitle } from "~/domain/events/event-view";
import { useT } from "~/i18n/i18n";
import { requireEventPage } from "~/web/event-page.server";
import { pageTitleMeta } from "~/web/meta";

export const meta = pageTitleMeta;

const NO_SCRIPT_REFRESH_SECONDS = 15;

/** The MC's list of guests of honour (내빈 소개): only those who arrived, in the organizer's order; live and printable. */
export const clientLoader = keepPageWhenUnreachable();

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { eventId, event, locale, t, organizer } = await requireEventPage(request, context, params.eventId, "event.view");
  const title = eventTitle(event, locale);
  const vips = await arrivedVipIntroductions(context.db, eventId, locale);
  await recordListing(context.db, organizerAccess(context, organizer.id), { eventId, list: "vip-intro", subjectIds: vips.map((vip) => vip.id) });
  return {
    eventId,
    title,
    vips: vips.map(({ id, name, organization, position, proxy_name, seat }) => ({ id, name, organization, position, proxyName: proxy_name, seat })),
    pageTitle: `${t("arrivals.vipIntro")} · ${title}`,
  };
}

export default function VipIntroduction() {
  const { eventId, title, vips } = useLoaderData<typeof loader>();
  const t = useT();
  const live = useLiveUpdates(`/admin/events/${eventId}/arrivals/stream`);
  return (
    <article className="vip-intro">
      {/* Without JavaScript the MC's list reloads itself; the page holds nothing to type in. */}
      <noscript>
        <meta httpEquiv="refresh" content={String(NO_SCRIPT_REFRESH_SECONDS)} />
      </noscript>
      <p className="no-print">
        <Link to={`/admin/events/${eventId}/arrivals#vips`}>← {t("arrivals.title")}</Link>
      </p>
      <h1>{t("arrivals.vipIntro")}</h1>
      <p>{title}</p>
      <LiveStatus state={live} />
      {vips.length === 0 ? (
        <p>{t("arrivals.noVipsArrived")}</p>
      ) : (
        <ol className="vip-intro__list">
          {vips.map((vip) => (
            <li key={vip.id}>
              <span className="vip-intro__who">
                {vip.organization} {vip.position}
              </span>{" "}
              <strong>{vip.proxyName || vip.name}</strong>
              {vip.proxyName ? <span> ({t("ticket.onBehalfOf", { name: vip.name })})</span> : null}
              {vip.seat ? <span className="vip-intro__seat"> · {t("seatShow.seatLine", { seat: vip.seat })}</span> : null}
            </li>
          ))}
        </ol>
      )}
    </article>
  );
}
