import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useEffect } from "react";
import { DoorScanner } from "~/scanner/door-scanner";
import { listEntrances } from "~/domain/checkin/checkin.server";
import { getEvent } from "~/domain/events/events.server";
import { inviteeGroups } from "~/domain/invitations/invitations.server";
import { consentNotice } from "~/domain/rsvp/rsvp.server";
import { listOptionalConsentItems, optionalConsentText, optionalConsentTitle } from "~/domain/rsvp/optional-consents.server";
import { eventKeys } from "~/domain/rsvp/tickets.server";
import { requireCheckinAccess } from "~/web/auth.server";
import { eventTitle, eventWhen, hostNames } from "~/domain/events/event-view";
import { translate } from "~/i18n/i18n";
import { resolveLocale } from "~/web/locale.server";
import scannerStyles from "~/scanner/scanner.css";
import { privatePageHeaders } from "~/web/private-page";
import { notFound } from "~/web/responses";

export const headers = privatePageHeaders;

export const links: LinksFunction = () => [{ rel: "stylesheet", href: scannerStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.pageTitle ?? "Nanum" }, { name: "robots", content: "noindex, nofollow" }];

/** The door's scanner: what staff need to check people in, and no guest data until they scan or search. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { eventId } = await requireCheckinAccess(request, context, params.slug);
  const event = await getEvent(context.db, eventId);
  if (!event) throw notFound();
  const locale = await resolveLocale(request);
  const [keys, entrances, groups, optionalItems] = await Promise.all([
    eventKeys(context.db, eventId),
    listEntrances(context.db, eventId),
    inviteeGroups(context.db, eventId),
    listOptionalConsentItems(context.db, eventId),
  ]);
  const title = eventTitle(event, locale);
  const when = eventWhen(event, locale);
  return {
    event: { id: event.id, slug: event.slug, title, date: when.date, time: when.time, timeZone: event.time_zone },
    publicKey: keys.publicKeyRaw,
    entrances,
    consentText: consentNotice(event, hostNames(event.hosts, locale), locale),
    optionalConsents: optionalItems.map((item) => ({ id: item.id, title: optionalConsentTitle(item, locale), text: optionalConsentText(item, locale) })),
    groups: groups.map((group) => group.name).filter(Boolean),
    pageTitle: `${translate(locale, "scanner.title")} · ${title}`,
  };
}

/**
 * The camera is allowed only in documents loaded from a scanner address (Permissions-Policy). A
 * page reached by client-side navigation lives in the earlier page's document, where the camera
 * is off: load the scanner's own document once. Links and sign-in forms to here already reload.
 */
function useDocumentThatMayUseCamera() {
  useEffect(() => {
    const policy = (document as { featurePolicy?: { allowsFeature(feature: string): boolean } }).featurePolicy;
    const reloadedFor = "nanum.scanner.reloaded";
    if (!policy || policy.allowsFeature("camera")) {
      sessionStorage.removeItem(reloadedFor);
      return;
    }
    // Once only: a proxy that sends its own policy must not make the page reload forever.
    if (sessionStorage.getItem(reloadedFor) === location.pathname) return;
    sessionStorage.setItem(reloadedFor, location.pathname);
    location.reload();
  }, []);
}

export default function ScannerPage() {
  const { event, publicKey, entrances, consentText, optionalConsents, groups } = useLoaderData<typeof loader>();
  useDocumentThatMayUseCamera();
  return <DoorScanner event={event} publicKey={publicKey} entrances={entrances} consentText={consentText} optionalConsents={optionalConsents} groups={groups} />;
}
