import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { DoorScanner } from "~/components/door-scanner";
import { listEntrances } from "~/domain/checkin.server";
import { getEvent } from "~/domain/events.server";
import { eventKeys } from "~/domain/tickets.server";
import { requireCheckinAccess } from "~/lib/auth.server";
import { eventTitle, eventWhen } from "~/lib/event-view";
import { translate } from "~/lib/i18n";
import { resolveLocale } from "~/lib/locale.server";
import scannerStyles from "~/scanner.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: scannerStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.pageTitle ?? "Nanum" }, { name: "robots", content: "noindex, nofollow" }];

/** The door's scanner: what staff need to check people in, and no guest data until they scan or search. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { eventId } = await requireCheckinAccess(request, context, params.slug);
  const event = await getEvent(context.db, eventId);
  if (!event) throw new Response("Not found", { status: 404 });
  const locale = await resolveLocale(request);
  const [keys, entrances] = await Promise.all([eventKeys(context.db, eventId), listEntrances(context.db, eventId)]);
  const title = eventTitle(event, locale);
  const when = eventWhen(event, locale);
  return {
    event: { id: event.id, slug: event.slug, title, date: when.date, time: when.time, timeZone: event.time_zone },
    publicKey: keys.publicKeyRaw,
    entrances,
    pageTitle: `${translate(locale, "scanner.title")} · ${title}`,
  };
}

export default function ScannerPage() {
  const { event, publicKey, entrances } = useLoaderData<typeof loader>();
  return <DoorScanner event={event} publicKey={publicKey} entrances={entrances} />;
}
