import type { HeadersFunction, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { InvitationLetter, PrintButton } from "~/components/invitation-letter";
import { letterSelectionSchema, prepareInvitationLetters } from "~/domain/invitations/invitation-letters.server";
import { requireEventPermission } from "~/web/auth.server";
import { translator, useT } from "~/i18n/i18n";
import { resolveLocale } from "~/web/locale.server";
import lettersStylesheet from "~/styles/invitation-letters.css";
import { notFound } from "~/web/responses";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: lettersStylesheet }];

// The letters carry personal links: never indexed, cached or leaked through Referer.
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.pageTitle ?? "Nanum" }, { name: "robots", content: "noindex, nofollow" }, { name: "referrer", content: "same-origin" }];

export const headers: HeadersFunction = () => ({ "Cache-Control": "no-store", "X-Robots-Tag": "noindex, nofollow" });

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { eventId } = await requireEventPermission(request, context, params.eventId, "event.edit");
  const url = new URL(request.url);
  const selection = letterSelectionSchema.safeParse({
    ids: url.searchParams.getAll("id"),
    group: url.searchParams.get("group") ?? undefined,
    withoutEmail: url.searchParams.get("without-email") ?? undefined,
  });
  if (!selection.success) throw new Response("Bad request", { status: 400 });
  const origin = context.config.publicOrigin;
  const prepared = await prepareInvitationLetters(context.db, { eventId, selection: selection.data, origin });
  if (!prepared) throw notFound();
  const locale = await resolveLocale(request);
  const t = translator(locale);
  return { eventId, ...prepared, pageTitle: `${t("letter.pageTitle")}: ${prepared.event[locale].title} · ${t("app.name")}` };
}

export default function InvitationLetters() {
  const { eventId, event, letters } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div className="letters">
      <div className="letters-toolbar">
        <p>
          <Link to={`/admin/events/${eventId}/invitees`}>← {t("invitee.title")}</Link>
        </p>
        <h1>{t("letter.pageTitle")}</h1>
        <p role="status">{t("letter.count", { count: letters.length })}</p>
        {letters.length > 0 ? <PrintButton /> : null}
        <p className="field__hint">{t("letter.printHint")}</p>
      </div>
      {letters.length === 0 ? <p className="notice notice--info">{t("letter.none")}</p> : letters.map((letter) => <InvitationLetter key={letter.id} letter={letter} event={event[letter.language]} />)}
    </div>
  );
}
