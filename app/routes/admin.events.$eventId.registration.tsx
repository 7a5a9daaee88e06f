import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { Field, FormErrorSummary, type FormState } from "~/components/field";
import { getRegistrationSettings, registrationSettingsSchema, saveRegistrationSettings } from "~/domain/rsvp/registration.server";
import { requireEventPermission } from "~/web/auth.server";
import { parseForm } from "~/lib/forms.server";
import { translator, useT } from "~/i18n/i18n";
import { resolveLocale } from "~/web/locale.server";
import { readFormData } from "~/web/form-data.server";
import { notFound } from "~/web/responses";
import { pageTitleMeta } from "~/web/meta";

export const meta = pageTitleMeta;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { eventId } = await requireEventPermission(request, context, params.eventId, "event.edit");
  const settings = await getRegistrationSettings(context.db, eventId);
  if (!settings) throw notFound();
  const t = translator(await resolveLocale(request));
  const origin = context.config.publicOrigin;
  return { eventId, settings, formUrl: `${origin}/e/${settings.slug}/register`, pageTitle: `${t("registration.title")} · ${t("app.name")}` };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { eventId } = await requireEventPermission(request, context, params.eventId, "event.edit");
  const parsed = parseForm(registrationSettingsSchema, await readFormData(request));
  if (!parsed.success) return data(parsed, { status: 400 });
  await saveRegistrationSettings(context.db, eventId, parsed.data);
  return redirect(`/admin/events/${eventId}/registration?saved=1`);
}

export default function RegistrationSettings() {
  const { eventId, settings, formUrl } = useLoaderData<typeof loader>();
  const state: FormState = useActionData<typeof action>() ?? {};
  const [params] = useSearchParams();
  const t = useT();
  const checked = state.values ? state.values.open === "on" : settings.open;
  return (
    <section>
      <p>
        <Link to={`/admin/events/${eventId}`}>← {t("cancel.back")}</Link>
      </p>
      <h1>{t("registration.title")}</h1>
      <p>{t("registration.intro")}</p>
      {params.get("saved") ? (
        <p className="notice notice--success" role="status">
          {t("form.saved")}
        </p>
      ) : null}
      {settings.cancelled ? (
        <p className="notice notice--error">{t("registration.cancelledNote")}</p>
      ) : !settings.published ? (
        <p className="notice notice--info">{t("registration.notPublished")}</p>
      ) : null}
      <FormErrorSummary state={state} />
      <Form method="post" noValidate>
        <div className="field field--check">
          <input type="checkbox" id="field-open" name="open" defaultChecked={checked} />
          <label htmlFor="field-open">{t("registration.open")}</label>
        </div>
        <Field name="group" label={t("registration.group")} hint={t("registration.groupHint")} list="registration-groups" state={state} defaults={{ group: settings.group }} />
        <datalist id="registration-groups">
          {settings.groups.map((group) => (
            <option key={group} value={group} />
          ))}
        </datalist>
        <button type="submit" className="button button--primary">
          {t("registration.save")}
        </button>
      </Form>
      <dl className="event__facts">
        <dt>{t("registration.formLink")}</dt>
        <dd>{settings.open && settings.published && !settings.cancelled ? <a href={formUrl}>{formUrl}</a> : <span className="muted">{t("registration.isOff")}</span>}</dd>
        <dt>{t("registration.title")}</dt>
        <dd>{t("registration.counts", { confirmed: settings.confirmed, pending: settings.pending })}</dd>
      </dl>
    </section>
  );
}
