import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { Field, FormErrorSummary, SelectField, type FormState } from "~/components/field";
import { grantEventAccess, listEventAccess, revokeEventAccess, revokeInvitation } from "~/domain/events/members.server";
import { requireEventPermission } from "~/web/auth.server";
import { mailOrigin } from "~/lib/mail-origin.server";
import { eventTitle, roleLabel } from "~/domain/events/event-view";
import { emailField, idField, parseForm } from "~/lib/forms.server";
import { useT, type MessageKey, messageKey } from "~/i18n/i18n";
import { resolveLocale } from "~/web/locale.server";
import { readFormData } from "~/web/form-data.server";
import { requireEventPage } from "~/web/event-page.server";
import { pageTitleMeta } from "~/web/meta";

export const meta = pageTitleMeta;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { eventId, organizer, event, locale, t } = await requireEventPage(request, context, params.eventId, "event.members");
  const access = await listEventAccess(context.db, eventId);
  const title = eventTitle(event, locale);
  return {
    eventId,
    title,
    me: organizer.id,
    members: access.members,
    invitations: access.invitations.map((i) => ({ id: i.id, email: i.email, role: i.role })),
    pageTitle: `${t("access.title")}: ${title} · ${t("app.name")}`,
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const grantSchema = z.object({ intent: z.literal("grant"), email: emailField, role: z.enum(["organizer", "staff"], "error.invalid") });
  const revocation = z.discriminatedUnion("intent", [z.object({ intent: z.literal("revoke"), organizerId: idField }), z.object({ intent: z.literal("revoke-invitation"), invitationId: idField })]);
  const { eventId, organizer } = await requireEventPermission(request, context, params.eventId, "event.members");
  const formData = await readFormData(request);
  const intent = formData.get("intent");
  if (intent === "revoke" || intent === "revoke-invitation") {
    const parsed = revocation.safeParse(Object.fromEntries(formData));
    if (!parsed.success) return data({ errors: { form: messageKey("error.invalid") } }, { status: 400 });
    if (parsed.data.intent === "revoke") await revokeEventAccess(context.db, eventId, parsed.data.organizerId);
    else await revokeInvitation(context.db, eventId, parsed.data.invitationId);
    return { done: messageKey("access.revoked") };
  }
  const parsed = parseForm(grantSchema, formData);
  if (!parsed.success) return data(parsed, { status: 400 });
  const mail = mailOrigin(context.config);
  const result = await grantEventAccess(context.db, { ...parsed.data, eventId, invitedBy: organizer.id }, { ...mail, locale: await resolveLocale(request) });
  if (result.kind === "invited") {
    context.mail.nudge();
    return { done: messageKey("access.invited"), inviteLink: `${mail.origin}/invite/${result.token}`, email: parsed.data.email };
  }
  return { done: messageKey(result.kind === "added" ? "access.added" : "access.alreadyMember"), email: parsed.data.email };
}

export default function EventAccess() {
  const { eventId, title, members, invitations, me } = useLoaderData<typeof loader>();
  const result: { done?: MessageKey; email?: string; inviteLink?: string } & FormState = useActionData<typeof action>() ?? {};
  const t = useT();
  const state: FormState = result;
  return (
    <section>
      <p>
        <Link to={`/admin/events/${eventId}`}>← {title}</Link>
      </p>
      <h1>{t("access.title")}</h1>
      {result.done ? (
        <div className="notice notice--success" role="status">
          <p>{t(result.done, { email: result.email ?? "" })}</p>
          {result.inviteLink ? (
            <>
              <p>
                <label htmlFor="invite-link">{t("access.inviteLinkLabel")}</label>
                <input id="invite-link" readOnly value={result.inviteLink} className="copy-field" />
              </p>
              <p>
                {t("access.invitationEmailed", { email: result.email ?? "" })} <Link to={`/admin/events/${eventId}/outbox`}>{t("access.deliveryLink")}</Link>
              </p>
            </>
          ) : null}
        </div>
      ) : null}
      <table className="table">
        <caption className="visually-hidden">{t("access.title")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("field.name")}</th>
            <th scope="col">{t("field.email")}</th>
            <th scope="col">{t("access.role")}</th>
            <th scope="col">
              <span className="visually-hidden">{t("access.actions")}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {members.map((member) => (
            <tr key={member.id}>
              <td>{member.name}</td>
              <td>{member.email}</td>
              <td>{t(roleLabel[member.role])}</td>
              <td>
                {member.role !== "owner" && member.id !== me ? (
                  <Form method="post">
                    <input type="hidden" name="organizerId" value={member.id} />
                    <button type="submit" name="intent" value="revoke" className="button button--small">
                      {t("access.remove")}
                    </button>
                  </Form>
                ) : null}
              </td>
            </tr>
          ))}
          {invitations.map((invitation) => (
            <tr key={`i${invitation.id}`}>
              <td>
                <em>{t("access.pending")}</em>
              </td>
              <td>{invitation.email}</td>
              <td>{t(roleLabel[invitation.role])}</td>
              <td>
                <Form method="post">
                  <input type="hidden" name="invitationId" value={invitation.id} />
                  <button type="submit" name="intent" value="revoke-invitation" className="button button--small">
                    {t("access.cancelInvitation")}
                  </button>
                </Form>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>{t("access.add")}</h2>
      <FormErrorSummary state={state} />
      <Form method="post" noValidate>
        <input type="hidden" name="intent" value="grant" />
        <Field name="email" type="email" label={t("field.email")} state={state} required inputMode="email" />
        <SelectField
          name="role"
          label={t("access.role")}
          state={state}
          options={[
            { value: "organizer", label: t("role.organizer") },
            { value: "staff", label: t("role.staff") },
          ]}
        />
        <p className="field__hint">{t("access.roleHint")}</p>
        <button type="submit" className="button button--primary">
          {t("access.addSubmit")}
        </button>
      </Form>
    </section>
  );
}
