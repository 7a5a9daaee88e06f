import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { isRouteErrorResponse, useLoaderData, useRouteError } from "@remix-run/react";
import { CancellationNotice, EventFacts } from "~/components/event-facts";
import { getEvent } from "~/domain/events.server";
import { findInviteeByLinkToken } from "~/domain/invitations.server";
import { eventTitle, eventWhen, hostNames, venueMapLinks, venueName } from "~/lib/event-view";
import { inLocale, translate, useT } from "~/lib/i18n";
import { resolveLocale } from "~/lib/locale.server";

// Personal links must not be indexed or leak through Referer to map sites.
export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.pageTitle ?? "Nanum" },
  { name: "robots", content: "noindex, nofollow" },
  { name: "referrer", content: "no-referrer" },
];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const found = await findInviteeByLinkToken(context.db, params.token ?? "");
  if (found.status === "not-found") throw new Response("Unknown link", { status: 404 });
  const event = await getEvent(context.db, found.eventId);
  const contact = event ? { name: event.contact_name, phone: event.contact_phone, email: event.contact_email } : null;
  if (found.status === "gone" || !event) throw Response.json({ contact }, { status: 410 });
  const locale = await resolveLocale(request);
  const title = eventTitle(event, locale);
  return {
    invitee: found.invitee,
    event: {
      title,
      when: eventWhen(event, locale),
      hosts: hostNames(event.hosts, locale),
      venue: { name: venueName(event, locale), address: event.venue_address, maps: venueMapLinks(event.venue_name, event.venue_address) },
      contact,
    },
    cancellation: event.cancelled_at ? { note: inLocale(locale, { ko: event.cancellation_note_ko, en: event.cancellation_note_en }) } : null,
    pageTitle: `${title} · ${translate(locale, "app.name")}`,
  };
}

export default function PersonalInvitation() {
  const { invitee, event, cancellation } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <article className="event">
      <p className="greeting">{t("personal.greeting", { name: invitee.name })}</p>
      {invitee.organization ? (
        <p className="muted">
          {invitee.organization}
          {invitee.position ? ` · ${invitee.position}` : ""}
        </p>
      ) : null}
      <p>{t("personal.invited")}</p>
      <h1>{event.title}</h1>
      <CancellationNotice cancellation={cancellation} />
      <EventFacts hosts={event.hosts} when={event.when} venue={event.venue} contact={event.contact} />
      {cancellation ? null : <p className="notice notice--info">{t("personal.rsvpSoon")}</p>}
    </article>
  );
}

/** Unknown, revoked or expired links: a polite page in both languages, whatever the reader's settings. */
export function ErrorBoundary() {
  const error = useRouteError();
  const gone = isRouteErrorResponse(error) && error.status === 410;
  const contact = gone ? (error.data as { contact?: { name: string; phone: string; email: string } | null })?.contact : null;
  const [ko, en] = gone
    ? [translate("ko", "personal.gone"), translate("en", "personal.gone")]
    : [translate("ko", "personal.unknown"), translate("en", "personal.unknown")];
  return (
    <section className="error-page bilingual">
      <title>{`${translate("ko", "personal.unknownTitle")} / ${translate("en", "personal.unknownTitle")}`}</title>
      <h1 lang="ko">{translate("ko", "personal.unknownTitle")}</h1>
      <p lang="ko">{ko}</p>
      <h2 lang="en">{translate("en", "personal.unknownTitle")}</h2>
      <p lang="en">{en}</p>
      {contact && (contact.name || contact.phone || contact.email) ? (
        <p>
          {contact.name} {contact.phone} {contact.email}
        </p>
      ) : null}
    </section>
  );
}
