import type { LoaderFunctionArgs } from "@remix-run/node";
import { invitationLettersDocument } from "~/components/invitation-letters.server";
import { letterSelectionSchema, prepareInvitationLetters } from "~/domain/invitations/invitation-letters.server";
import { translator } from "~/i18n/i18n";
import stylesheet from "~/styles.css";
import lettersStylesheet from "~/styles/invitation-letters.css";
import { requireEventPermission } from "~/web/auth.server";
import { organizerAccess } from "~/web/access-by.server";
import { requireDownloadReason } from "~/web/download-reason.server";
import { accessFilter, recordAccess } from "~/domain/access-records/access-records.server";
import { resolveLocale } from "~/web/locale.server";
import { notFound } from "~/web/responses";

/**
 * The printable letters, one A4 page per invitee. A document of its own, streamed (see
 * invitationLettersDocument): a print run for thousands would be seconds through React and Remix.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { eventId, organizer } = await requireEventPermission(request, context, params.eventId, "event.edit");
  const url = new URL(request.url);
  const selection = letterSelectionSchema.safeParse({
    ids: url.searchParams.getAll("id"),
    group: url.searchParams.get("group") ?? undefined,
    withoutEmail: url.searchParams.get("without-email") ?? undefined,
  });
  if (!selection.success) throw new Response("Bad request", { status: 400 });
  const reason = requireDownloadReason(request, eventId, "letters");
  const prepared = await prepareInvitationLetters(context.db, { eventId, selection: selection.data, origin: context.config.publicOrigin });
  if (!prepared) throw notFound();
  await recordAccess(context.db, {
    ...organizerAccess(context, organizer.id),
    action: "print",
    eventId,
    subjectIds: prepared.letters.map((letter) => letter.id),
    filter: accessFilter({ print: "letters", chosen: selection.data.ids.length || undefined, group: selection.data.group, withoutEmail: selection.data.withoutEmail }),
    reason,
  });
  const locale = await resolveLocale(request);
  const t = translator(locale);
  const body = invitationLettersDocument({
    ...prepared,
    locale,
    title: `${t("letter.pageTitle")}: ${prepared.event[locale].title} · ${t("app.name")}`,
    backTo: `/admin/events/${eventId}/invitees`,
    stylesheets: [stylesheet, lettersStylesheet],
  });
  // The letters carry personal links: never cached, indexed or leaked through Referer.
  return new Response(body, {
    headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store", "X-Robots-Tag": "noindex, nofollow", "Referrer-Policy": "same-origin" },
  });
}
