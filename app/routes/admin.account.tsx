import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { Field, FormErrorSummary } from "~/components/field";
import { changePassword } from "~/domain/accounts/organizers.server";
import { requireOrganizer } from "~/web/auth.server";
import { fieldFailure, newPasswordField, parseForm } from "~/lib/forms.server";
import { translator, useT } from "~/i18n/i18n";
import { resolveLocale } from "~/web/locale.server";
import { readFormData } from "~/web/form-data.server";
import { pageTitleMeta } from "~/web/meta";

export const meta = pageTitleMeta;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { organizer } = await requireOrganizer(request, context);
  const t = translator(await resolveLocale(request));
  return { name: organizer.name, email: organizer.email, pageTitle: `${t("admin.account")} · ${t("app.name")}` };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const passwordSchema = z
    .object({
      currentPassword: z.string().min(1, "error.required"),
      newPassword: newPasswordField,
      confirmPassword: z.string(),
    })
    .refine((form) => form.newPassword === form.confirmPassword, { path: ["confirmPassword"], message: "error.passwordMismatch" });
  const { organizer, sessionToken } = await requireOrganizer(request, context);
  const formData = await readFormData(request);
  const parsed = parseForm(passwordSchema, formData);
  if (!parsed.success) return data(parsed, { status: 400 });
  const result = await changePassword(context.db, {
    organizerId: organizer.id,
    currentPassword: parsed.data.currentPassword,
    newPassword: parsed.data.newPassword,
    keepSessionToken: sessionToken,
  });
  if (!result.ok) return data(fieldFailure(formData, { currentPassword: "account.wrongPassword" }), { status: 400 });
  return { changed: true as const };
}

export default function Account() {
  const { name, email } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() ?? {};
  const t = useT();
  const state = "errors" in result ? result : {};
  return (
    <section className="narrow">
      <h1>{t("admin.account")}</h1>
      <p>
        {name} · {email}
      </p>
      <p>
        <Link to="/admin/destructions">{t("destruction.registerLink")}</Link>
      </p>
      <p>
        <Link to="/admin/access-records">{t("accessLogAll.link")}</Link>
      </p>
      <h2>{t("account.changePassword")}</h2>
      {"changed" in result ? (
        <p className="notice notice--success" role="status">
          {t("account.passwordChanged")}
        </p>
      ) : null}
      <FormErrorSummary state={state} />
      <Form method="post" noValidate>
        <Field name="currentPassword" type="password" label={t("account.currentPassword")} state={state} required autoComplete="current-password" />
        <Field name="newPassword" type="password" label={t("account.newPassword")} hint={t("account.passwordHint")} state={state} required autoComplete="new-password" />
        <Field name="confirmPassword" type="password" label={t("account.confirmPassword")} state={state} required autoComplete="new-password" />
        <button type="submit" className="button button--primary">
          {t("account.changePassword")}
        </button>
      </Form>
    </section>
  );
}
