import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { Field, FormErrorSummary, type FormState } from "~/components/field";
import { requestPasswordReset } from "~/domain/accounts/password-reset.server";
import { emailField, parseForm } from "~/lib/forms.server";
import { translator, useT } from "~/i18n/i18n";
import { resolveLocale } from "~/web/locale.server";
import { mailOrigin } from "~/lib/mail-origin.server";
import { readFormData } from "~/web/form-data.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Nanum" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const t = translator(await resolveLocale(request));
  return { title: `${t("reset.requestTitle")} · ${t("app.name")}` };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const requestSchema = z.object({ email: emailField });
  const parsed = parseForm(requestSchema, await readFormData(request));
  if (!parsed.success) return data(parsed, { status: 400 });
  const outcome = await requestPasswordReset(context.db, {
    email: parsed.data.email,
    clientAddress: context.clientAddress,
    ...mailOrigin(context.config),
    locale: await resolveLocale(request),
  });
  if (outcome === "queued") context.mail.nudge();
  // The same answer whether or not the account exists or the request was throttled.
  return { sent: true as const, email: parsed.data.email };
}

export default function ForgotPassword() {
  const t = useT();
  const result: FormState & { sent?: true; email?: string } = useActionData<typeof action>() ?? {};
  const busy = useNavigation().state === "submitting";
  return (
    <section className="narrow">
      <h1>{t("reset.requestTitle")}</h1>
      {result.sent ? (
        <p className="notice notice--success" role="status">
          {t("reset.requestSent", { email: result.email ?? "" })}
        </p>
      ) : (
        <>
          <p>{t("reset.requestIntro")}</p>
          <FormErrorSummary state={result} />
          <Form method="post" noValidate>
            <Field name="email" type="email" label={t("field.email")} state={result} required autoComplete="username" inputMode="email" />
            <button type="submit" className="button button--primary" disabled={busy}>
              {t("reset.requestSubmit")}
            </button>
          </Form>
        </>
      )}
      <p>
        <Link to="/login">{t("reset.backToLogin")}</Link>
      </p>
    </section>
  );
}
