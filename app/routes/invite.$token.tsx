import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation } from "@remix-run/react";
import { z } from "zod";
import { Field, FormErrorSummary } from "~/components/field";
import { acceptInvitation, findOpenInvitation } from "~/domain/events/members.server";
import { openSession } from "~/domain/accounts/organizers.server";
import { getSignedIn } from "~/web/auth.server";
import { eventTitle, roleLabel } from "~/domain/events/event-view";
import { fieldFailure, newPasswordField, parseForm, requiredText } from "~/lib/forms.server";
import { translator, useT } from "~/i18n/i18n";
import { resolveLocale } from "~/web/locale.server";
import { sessionCookie } from "~/web/session.server";
import type { EventRole } from "../../db/schema";
import { readFormData } from "~/web/form-data.server";
import { privatePageHeaders } from "~/web/private-page";
import { notFound } from "~/web/responses";

export const headers = privatePageHeaders;

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.pageTitle ?? "Nanum" }, { name: "robots", content: "noindex" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const invitation = await findOpenInvitation(context.db, params.token ?? "");
  if (!invitation) throw notFound();
  const locale = await resolveLocale(request);
  const signedIn = await getSignedIn(request, context);
  const t = translator(locale);
  return {
    email: invitation.email,
    role: roleLabel[invitation.role],
    eventTitle: eventTitle(invitation, locale),
    signedInAs: signedIn?.organizer.email ?? null,
    pageTitle: `${t("invite.title")} · ${t("app.name")}`,
  };
}

/** Door staff may not open the event's admin pages: they land on their dashboard, with its scanner link. */
function landingPath(accepted: { eventId: number; role: EventRole }): string {
  return accepted.role === "staff" ? "/admin" : `/admin/events/${accepted.eventId}`;
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const newAccountSchema = z.object({ name: requiredText(100), password: newPasswordField });
  const token = params.token ?? "";
  const signedIn = await getSignedIn(request, context);
  if (signedIn) {
    const result = await acceptInvitation(context.db, token, { organizerId: signedIn.organizer.id });
    if (!result.ok) throw notFound();
    return redirect(landingPath(result));
  }
  const formData = await readFormData(request);
  const parsed = parseForm(newAccountSchema, formData);
  if (!parsed.success) return data(parsed, { status: 400 });
  const result = await acceptInvitation(context.db, token, parsed.data);
  if (!result.ok) {
    if (result.reason === "email-taken") return data(fieldFailure(formData, { form: "invite.emailTaken" }), { status: 400 });
    throw notFound();
  }
  const session = await openSession(context.db, result.organizerId, {
    userAgent: request.headers.get("User-Agent"),
    clientAddress: context.clientAddress,
  });
  return redirect(landingPath(result), {
    headers: { "Set-Cookie": await sessionCookie(context.config).serialize(session.token) },
  });
}

export default function AcceptInvitation() {
  const invitation = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>() ?? {};
  const t = useT();
  const location = useLocation();
  return (
    <section className="narrow">
      <h1>{t("invite.title")}</h1>
      <p>{t("invite.body", { event: invitation.eventTitle, role: t(invitation.role) })}</p>
      {invitation.signedInAs ? (
        <Form method="post">
          <p>{t("invite.signedInAs", { email: invitation.signedInAs })}</p>
          <button type="submit" className="button button--primary">
            {t("invite.accept")}
          </button>
        </Form>
      ) : (
        <>
          <p>
            {t("invite.haveAccount")} <Link to={`/login?redirectTo=${encodeURIComponent(location.pathname)}`}>{t("nav.login")}</Link>
          </p>
          <h2>{t("invite.createAccount")}</h2>
          <FormErrorSummary state={state} />
          <Form method="post" noValidate>
            <p>
              {t("field.email")}: <strong>{invitation.email}</strong>
            </p>
            <Field name="name" label={t("field.name")} state={state} required autoComplete="name" />
            <Field name="password" type="password" label={t("field.password")} hint={t("account.passwordHint")} state={state} required autoComplete="new-password" />
            <button type="submit" className="button button--primary">
              {t("invite.createAndAccept")}
            </button>
          </Form>
        </>
      )}
    </section>
  );
}
