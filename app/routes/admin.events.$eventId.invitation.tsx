import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { Field, FormErrorSummary, type FormState } from "~/components/field";
import { invitationTextSchema, previewInvitations, saveInvitationText } from "~/domain/invitations/guest-mail.server";
import { requireEventPermission } from "~/web/auth.server";
import { parseForm } from "~/lib/forms.server";
import { translator, useT } from "~/i18n/i18n";
import { resolveLocale } from "~/web/locale.server";
import { readFormData } from "~/web/form-data.server";
import { pageTitleMeta } from "~/web/meta";

export const meta = pageTitleMeta;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { eventId } = await requireEventPermission(request, context, params.eventId, "event.edit");
  const origin = context.config.publicOrigin;
  const preview = await previewInvitations(context.db, eventId, origin);
  const t = translator(await resolveLocale(request));
  return {
    eventId,
    values: preview.values,
    ko: { subject: preview.ko.subject, html: preview.ko.html, text: preview.ko.text },
    en: { subject: preview.en.subject, html: preview.en.html, text: preview.en.text },
    pageTitle: `${t("invitation.title")} · ${t("app.name")}`,
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { eventId } = await requireEventPermission(request, context, params.eventId, "event.edit");
  const parsed = parseForm(invitationTextSchema, await readFormData(request));
  if (!parsed.success) return data(parsed, { status: 400 });
  await saveInvitationText(context.db, eventId, parsed.data);
  return redirect(`/admin/events/${eventId}/invitation?saved=1`);
}

export default function InvitationText() {
  const { eventId, values, ko, en } = useLoaderData<typeof loader>();
  const state: FormState = useActionData<typeof action>() ?? {};
  const [params] = useSearchParams();
  const t = useT();
  return (
    <section>
      <p>
        <Link to={`/admin/events/${eventId}/invitees`}>← {t("invitee.title")}</Link>
      </p>
      <h1>{t("invitation.title")}</h1>
      <p>{t("invitation.intro")}</p>
      {params.get("saved") ? (
        <p className="notice notice--success" role="status">
          {t("form.saved")}
        </p>
      ) : null}
      <FormErrorSummary state={state} />
      <Form method="post" noValidate>
        <div className="field-row">
          <Field name="subjectKo" label={t("invitation.subjectKo")} hint={t("invitation.blankHint")} state={state} defaults={values} />
          <Field name="subjectEn" label={t("invitation.subjectEn")} hint={t("invitation.blankHint")} state={state} defaults={values} />
        </div>
        <div className="field-row">
          <Field name="introKo" label={t("invitation.introKo")} multiline state={state} defaults={values} />
          <Field name="introEn" label={t("invitation.introEn")} multiline state={state} defaults={values} />
        </div>
        <button type="submit" className="button button--primary">
          {t("invitation.saveAndPreview")}
        </button>
      </Form>
      {[
        { lang: "ko", label: "한국어", email: ko },
        { lang: "en", label: "English", email: en },
      ].map(({ lang, label, email }) => (
        <article key={lang} className="email-view" aria-label={`${t("invitation.preview")} (${label})`}>
          <h2>
            {t("invitation.preview")} ({label})
          </h2>
          <p>
            <strong>{t("outbox.subject")}:</strong> <span lang={lang}>{email.subject}</span>
          </p>
          <iframe title={`${t("invitation.preview")} (${label})`} sandbox="" srcDoc={email.html} className="email-view__html" />
          <details>
            <summary>{t("outbox.plainText")}</summary>
            <pre className="email-view__text" lang={lang}>
              {email.text}
            </pre>
          </details>
        </article>
      ))}
    </section>
  );
}
