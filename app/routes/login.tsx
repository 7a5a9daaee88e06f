import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { Field, FormErrorSummary, type FormState } from "~/components/field";
import { authenticateOrganizer, openSession } from "~/domain/accounts/organizers.server";
import { getSignedIn, safeRedirectPath } from "~/web/auth.server";
import { emailField, fieldFailure, parseForm } from "~/lib/forms.server";
import { translator, useT } from "~/i18n/i18n";
import { resolveLocale } from "~/web/locale.server";
import { sessionCookie } from "~/web/session.server";
import { readFormData } from "~/web/form-data.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Nanum" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  if (await getSignedIn(request, context)) throw redirect(safeRedirectPath(url.searchParams.get("redirectTo")));
  const t = translator(await resolveLocale(request));
  return { title: `${t("login.title")} · ${t("app.name")}` };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const loginSchema = z.object({
    email: emailField,
    password: z.string().min(1, "error.required").max(200, "error.tooLong"),
    redirectTo: z.string().optional(),
  });
  const formData = await readFormData(request);
  const parsed = parseForm(loginSchema, formData);
  if (!parsed.success) return data(parsed, { status: 400 });
  const result = await authenticateOrganizer(context.db, { ...parsed.data, clientAddress: context.clientAddress });
  if (!result.ok) {
    const failure = fieldFailure(formData, { form: result.reason === "throttled" ? "login.throttled" : "login.invalid" });
    return data({ ...failure, retryAfterMinutes: result.reason === "throttled" ? result.retryAfterMinutes : null }, { status: result.reason === "throttled" ? 429 : 400 });
  }
  const session = await openSession(context.db, result.organizer.id, {
    userAgent: request.headers.get("User-Agent"),
    clientAddress: context.clientAddress,
  });
  return redirect(safeRedirectPath(parsed.data.redirectTo), {
    headers: { "Set-Cookie": await sessionCookie(context.config).serialize(session.token) },
  });
}

export default function Login() {
  const t = useT();
  const state: FormState & { retryAfterMinutes?: number | null } = useActionData<typeof action>() ?? {};
  const [params] = useSearchParams();
  const busy = useNavigation().state === "submitting";
  const retry = state.retryAfterMinutes ?? null;
  return (
    <section className="narrow">
      <h1>{t("login.title")}</h1>
      {params.get("reset") === "1" && !state.errors ? (
        <p className="notice notice--success" role="status">
          {t("login.passwordReset")}
        </p>
      ) : null}
      <FormErrorSummary
        state={state}
        messageValues={{ minutes: retry ?? 15 }}
        fields={[
          { name: "email", label: t("field.email") },
          { name: "password", label: t("field.password") },
        ]}
      />
      <Form method="post" noValidate reloadDocument>
        <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? "/admin"} />
        <Field name="email" type="email" label={t("field.email")} state={state} required autoComplete="username" inputMode="email" />
        <Field name="password" type="password" label={t("field.password")} state={state} required autoComplete="current-password" />
        <button type="submit" className="button button--primary" disabled={busy}>
          {t("login.submit")}
        </button>
      </Form>
      <p>
        <Link to="/forgot-password">{t("login.forgotPassword")}</Link>
      </p>
    </section>
  );
}
