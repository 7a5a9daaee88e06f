import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { organizerAccess } from "~/web/access-by.server";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Field, FormErrorSummary, type FormState } from "~/components/field";
import { cancelEvent, cancellationAudience, cancellationSchema } from "~/domain/invitations/guest-mail.server";
import { requireEventPermission } from "~/web/auth.server";
import { mailOrigin } from "~/lib/mail-origin.server";
import { eventTitle } from "~/domain/events/event-view";
import { parseForm } from "~/lib/forms.server";
import { useT } from "~/i18n/i18n";
import { readFormData } from "~/web/form-data.server";
import { requireEventPage } from "~/web/event-page.server";
import { pageTitleMeta } from "~/web/meta";

export const meta = pageTitleMeta;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { eventId, event, locale, t } = await requireEventPage(request, context, params.eventId, "event.edit");
  if (event.cancelled_at) throw redirect(`/admin/events/${eventId}`);
  const title = eventTitle(event, locale);
  return { eventId, title, audience: await cancellationAudience(context.db, eventId), pageTitle: `${t("cancel.title")}: ${title} · ${t("app.name")}` };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { eventId, organizer } = await requireEventPermission(request, context, params.eventId, "event.edit");
  const parsed = parseForm(cancellationSchema, await readFormData(request));
  if (!parsed.success) return data(parsed, { status: 400 });
  const result = await cancelEvent(context.db, eventId, parsed.data, mailOrigin(context.config), organizerAccess(context, organizer.id));
  if (result.cancelled) context.mail.nudge();
  return redirect(`/admin/events/${eventId}${result.cancelled ? `?cancelled=${result.noticesQueued}` : ""}`);
}

export default function CancelEvent() {
  const { eventId, title, audience } = useLoaderData<typeof loader>();
  const state: FormState = useActionData<typeof action>() ?? {};
  const t = useT();
  return (
    <section>
      <p>
        <Link to={`/admin/events/${eventId}`}>← {title}</Link>
      </p>
      <h1>{t("cancel.title")}</h1>
      <div className="notice notice--error" role="note">
        <p>{t("cancel.warning", { title })}</p>
        <p>{t("cancel.audience", { count: audience })}</p>
      </div>
      <FormErrorSummary state={state} />
      <Form method="post" noValidate>
        <Field name="noteKo" label={t("cancel.noteKo")} hint={t("cancel.noteHint")} multiline state={state} />
        <Field name="noteEn" label={t("cancel.noteEn")} multiline state={state} />
        <div className="actions">
          <button type="submit" className="button button--danger">
            {t("cancel.confirm")}
          </button>
          <Link to={`/admin/events/${eventId}`} className="button">
            {t("cancel.back")}
          </Link>
        </div>
      </Form>
    </section>
  );
}
