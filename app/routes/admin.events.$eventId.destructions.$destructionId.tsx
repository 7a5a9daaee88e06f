import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { DestructionConfirmation } from "~/components/destruction-confirmation";
import { PrintButton } from "~/components/invitation-letter";
import { destructionRecordView, findDestructionRecord } from "~/domain/events/destruction-register.server";
import { translator, useT } from "~/i18n/i18n";
import { idParam } from "~/lib/ids";
import confirmationStylesheet from "~/styles/destruction-confirmation.css";
import { requireEventPermission } from "~/web/auth.server";
import { resolveLocale } from "~/web/locale.server";
import { printPageHandle } from "~/web/page-handle";
import { privatePageHeaders, privatePageMeta } from "~/web/private-page";
import { notFound } from "~/web/responses";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: confirmationStylesheet }];

export const handle = printPageHandle;

export const meta: MetaFunction<typeof loader> = ({ data }) => privatePageMeta(data?.pageTitle);

export const headers = privatePageHeaders;

/** The printable confirmation of one purge (개인정보 파기 확인서): the event's owner only, as the purge itself. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { eventId } = await requireEventPermission(request, context, params.eventId, "event.members");
  const record = await findDestructionRecord(context.db, eventId, idParam(params.destructionId));
  if (!record) throw notFound();
  const locale = await resolveLocale(request);
  const view = destructionRecordView(record, locale);
  const t = translator(locale);
  return { record: view, pageTitle: `${t("destruction.title")}: ${view.event.title} · ${t("app.name")}` };
}

export default function DestructionConfirmationPage() {
  const { record } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div className="destruction-page">
      <div className="destruction-toolbar">
        <p>
          <Link to={`/admin/events/${record.eventId}/purge`}>← {t("purge.title")}</Link> · <Link to="/admin/destructions">{t("destruction.register")}</Link>
        </p>
        <PrintButton />
        <p className="field__hint">{t("destruction.printHint")}</p>
      </div>
      <DestructionConfirmation record={record} />
    </div>
  );
}
