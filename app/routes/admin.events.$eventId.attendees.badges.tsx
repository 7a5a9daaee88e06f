import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { PrintButton } from "~/components/invitation-letter";
import { prepareSignInSheet, printGroupSchema } from "~/domain/rsvp/attendees.server";
import { requireEventPermission } from "~/web/auth.server";
import { organizerAccess } from "~/web/access-by.server";
import { requireDownloadReason } from "~/web/download-reason.server";
import { accessFilter, recordAccess } from "~/domain/access-records/access-records.server";
import { privatePageHeaders, privatePageMeta } from "~/web/private-page";
import { translator, useT } from "~/i18n/i18n";
import { resolveLocale } from "~/web/locale.server";
import badgesStylesheet from "~/styles/badges.css";
import { notFound } from "~/web/responses";
import { printPageHandle } from "~/web/page-handle";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: badgesStylesheet }];

export const handle = printPageHandle;

export const meta: MetaFunction<typeof loader> = ({ data }) => privatePageMeta(data?.pageTitle);

export const headers = privatePageHeaders;

const BADGES_PER_SHEET = 8;

/** Name badges (명찰) for everyone attending (a proxy gets the badge in their own name), by group. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { eventId, organizer } = await requireEventPermission(request, context, params.eventId, "event.edit");
  const group = printGroupSchema.safeParse(new URL(request.url).searchParams.get("group"));
  if (!group.success) throw new Response("Bad request", { status: 400 });
  const reason = requireDownloadReason(request, eventId, "badges");
  const locale = await resolveLocale(request);
  const attendees = await prepareSignInSheet(context.db, { eventId, group: group.data, locale });
  if (!attendees) throw notFound();
  await recordAccess(context.db, {
    ...organizerAccess(context, organizer.id),
    action: "print",
    eventId,
    count: attendees.rows.length,
    filter: accessFilter({ print: "badges", group: group.data }),
    reason,
  });
  const sheets: Array<typeof attendees.rows> = [];
  for (let i = 0; i < attendees.rows.length; i += BADGES_PER_SHEET) sheets.push(attendees.rows.slice(i, i + BADGES_PER_SHEET));
  const t = translator(locale);
  return { eventId, event: attendees.event, count: attendees.rows.length, sheets, pageTitle: `${t("badges.title")}: ${attendees.event.title} · ${t("app.name")}` };
}

export default function Badges() {
  const { eventId, event, count, sheets } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div className="badges">
      <div className="badges-toolbar">
        <p>
          <Link to={`/admin/events/${eventId}/attendees`}>← {t("attendees.title")}</Link>
        </p>
        <h1>{t("badges.title")}</h1>
        <p role="status">{t("badges.count", { count, sheets: sheets.length })}</p>
        {count > 0 ? <PrintButton /> : null}
        <p className="field__hint">{t("badges.printHint")}</p>
      </div>
      {count === 0 ? <p className="notice notice--info">{t("signIn.none")}</p> : null}
      {sheets.map((sheet, sheetIndex) => (
        <section key={sheetIndex} className="badge-sheet" aria-label={t("badges.sheet", { number: sheetIndex + 1 })}>
          {sheet.map((person, i) => (
            <div key={i} className="name-badge">
              <div className="name-badge__group">{person.group}</div>
              <div className="name-badge__body">
                <div className={[...person.name].length > 5 ? "name-badge__name name-badge__name--long" : "name-badge__name"}>{person.name}</div>
                {person.position ? <div className="name-badge__position">{person.position}</div> : null}
                {person.organization ? <div className="name-badge__organization">{person.organization}</div> : null}
                {person.onBehalfOf ? <div className="name-badge__for">{t("signIn.onBehalfOf", { name: person.onBehalfOf })}</div> : null}
              </div>
              <div className="name-badge__event">{event.title}</div>
            </div>
          ))}
        </section>
      ))}
    </div>
  );
}
