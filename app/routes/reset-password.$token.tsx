import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, isRouteErrorResponse, Link, useActionData, useLoaderData, useNavigation, useRouteError } from "@remix-run/react";
import { z } from "zod";
import { Field, FormErrorSummary, type FormState } from "~/components/field";
import { findPasswordReset, resetPassword } from "~/domain/accounts/password-reset.server";
import { newPasswordField, parseForm } from "~/lib/forms.server";
import { translator, useT } from "~/i18n/i18n";
import { resolveLocale } from "~/web/locale.server";
import { readFormData } from "~/web/form-data.server";
import { privatePageHeaders } from "~/web/private-page";

export const headers = privatePageHeaders;

// The token is in the address: keep it out of search engines and other sites' Referer.
// On an unusable link the error page names itself (its own <title>): the head then carries none.
export const meta: MetaFunction<typeof loader> = ({ data, error }) => [
  ...(error ? [] : [{ title: data?.title ?? "Nanum" }]),
  { name: "robots", content: "noindex, nofollow" },
  { name: "referrer", content: "same-origin" },
];

/** Unknown links answer 404; used, superseded or expired ones 410, with the reason for the page. */
function unusableLink(reason: "unknown" | "spent" | "expired"): Response {
  return Response.json({ reason }, { status: reason === "unknown" ? 404 : 410 });
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const link = await findPasswordReset(context.db, params.token ?? "");
  if (link.status !== "open") throw unusableLink(link.status);
  const t = translator(await resolveLocale(request));
  return { email: link.email, title: `${t("reset.title")} · ${t("app.name")}` };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const resetSchema = z
    .object({ newPassword: newPasswordField, confirmPassword: z.string() })
    .refine((form) => form.newPassword === form.confirmPassword, { path: ["confirmPassword"], message: "error.passwordMismatch" });
  const parsed = parseForm(resetSchema, await readFormData(request));
  if (!parsed.success) return data(parsed, { status: 400 });
  const result = await resetPassword(context.db, {
    token: params.token ?? "",
    newPassword: parsed.data.newPassword,
    clientAddress: context.clientAddress,
  });
  if (!result.ok) throw unusableLink(result.reason);
  return redirect("/login?reset=1");
}

export default function ResetPassword() {
  const { email } = useLoaderData<typeof loader>();
  const state: FormState = useActionData<typeof action>() ?? {};
  const t = useT();
  const busy = useNavigation().state === "submitting";
  return (
    <section className="narrow">
      <h1>{t("reset.title")}</h1>
      <p>{t("reset.forAccount", { email })}</p>
      <FormErrorSummary state={state} />
      <Form method="post" noValidate>
        {/* Lets password managers file the new password under the right account. */}
        <input type="hidden" name="username" value={email} autoComplete="username" />
        <Field name="newPassword" type="password" label={t("account.newPassword")} hint={t("account.passwordHint")} state={state} required autoComplete="new-password" />
        <Field name="confirmPassword" type="password" label={t("account.confirmPassword")} state={state} required autoComplete="new-password" />
        <button type="submit" className="button button--primary" disabled={busy}>
          {t("reset.submit")}
        </button>
      </Form>
    </section>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const t = useT();
  const reason = isRouteErrorResponse(error) ? (error.data as { reason?: string } | null)?.reason : undefined;
  // On the server, entry.server.tsx handleError has logged it already; in the browser it is for the console.
  if (!isRouteErrorResponse(error) && typeof document !== "undefined") console.error(error);
  const [title, body] =
    reason === "spent"
      ? [t("reset.invalidTitle"), t("reset.spent")]
      : reason === "expired"
        ? [t("reset.invalidTitle"), t("reset.expired")]
        : reason === "unknown"
          ? [t("reset.invalidTitle"), t("reset.unknown")]
          : [t("error.server.title"), t("error.server.body")];
  return (
    <section className="error-page">
      <title>{`${title} · ${t("app.name")}`}</title>
      <h1>{title}</h1>
      <p>{body}</p>
      <p>
        <Link to="/forgot-password" className="button button--primary">
          {t("reset.askAgain")}
        </Link>
      </p>
    </section>
  );
}
