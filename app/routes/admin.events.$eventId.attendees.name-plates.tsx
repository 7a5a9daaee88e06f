import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { PrintButton } from "~/components/invitation-letter";
import { printGroupSchema } from "~/domain/rsvp/attendees.server";
import { namePlates } from "~/domain/protocol/name-plates.server";
import { requireEventPermission } from "~/web/auth.server";
import { accessFilter, recordAccess } from "~/domain/access-records/access-records.server";
import { organizerAccess } from "~/web/access-by.server";
import { requireDownloadReason } from "~/web/download-reason.server";
import { privatePageHeaders, privatePageMeta } from "~/web/private-page";
import { translator, useT } from "~/i18n/i18n";
import { resolveLocale } from "~/web/locale.server";
import namePlatesStylesheet from "~/styles/name-plates.css";
import { notFound } from "~/web/responses";
import { printPageHandle } from "~/web/page-handle";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: namePlatesStylesheet }];

export const handle = printPageHandle;

export const meta: MetaFunction<typeof loader> = ({ data }) => privatePageMeta(data?.pageTitle);

export const headers = privatePageHeaders;

/**
 * Desk name plates (명패): one A4 sheet per person attending, guests of honour first in protocol
 * order; or (table=head) those seated at the head table, in seat order.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { eventId, organizer } = await requireEventPermission(request, context, params.eventId, "event.edit");
  const search = new URL(request.url).searchParams;
  const group = printGroupSchema.safeParse(search.get("group"));
  if (!group.success) throw new Response("Bad request", { status: 400 });
  const reason = requireDownloadReason(request, eventId, "name-plates");
  const vipOnly = search.get("vip") === "1";
  const headTable = search.get("table") === "head";
  const locale = await resolveLocale(request);
  const result = await namePlates(context.db, { eventId, group: group.data, vipOnly, headTable, locale });
  if (!result) throw notFound();
  await recordAccess(context.db, {
    ...organizerAccess(context, organizer.id),
    action: "print",
    eventId,
    count: result.plates.length,
    filter: accessFilter({ print: "name-plates", group: group.data, vip: vipOnly || undefined, table: headTable ? "head" : undefined }),
    reason,
  });
  const t = translator(locale);
  return { eventId, plates: result.plates, headTable, pageTitle: `${t("namePlates.title")}: ${result.event.title} · ${t("app.name")}` };
}

export default function NamePlates() {
  const { eventId, plates, headTable } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div className="name-plates">
      <div className="name-plates-toolbar">
        <p>
          <Link to={`/admin/events/${eventId}/attendees`}>← {t("attendees.title")}</Link>
        </p>
        <h1>{t("namePlates.title")}</h1>
        <p role="status">{t("namePlates.count", { count: plates.length })}</p>
        {plates.length > 0 ? <PrintButton /> : null}
        <p className="field__hint">{t("namePlates.printHint")}</p>
      </div>
      {plates.length === 0 ? <p className="notice notice--info">{t(headTable ? "seatShow.noHeadTable" : "signIn.none")}</p> : null}
      {plates.map((plate, index) => {
        const face = (side: "front" | "back") => (
          <div className={`name-plate__face name-plate__face--${side}`} aria-hidden={side === "back" ? true : undefined}>
            {plate.organization || plate.position ? <p className="name-plate__title">{[plate.organization, plate.position].filter(Boolean).join(" ")}</p> : null}
            <p className={plate.spaced ? "name-plate__name name-plate__name--spaced" : "name-plate__name"} style={{ fontSize: `${plate.namePt}pt` }}>
              {plate.name}
            </p>
            {plate.onBehalfOf ? <p className="name-plate__for">{t("signIn.onBehalfOf", { name: plate.onBehalfOf })}</p> : null}
          </div>
        );
        return (
          <section key={index} className="name-plate" aria-label={t("namePlates.plate", { number: index + 1, name: plate.name })}>
            {face("back")}
            {face("front")}
          </section>
        );
      })}
    </div>
  );
}
