import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { CopyField } from "~/components/copy-field";
import { FormErrorSummary, type FormState } from "~/components/field";
import { InviteeFields } from "~/components/invitee-fields";
import {
  DuplicateInviteeEmailError,
  getInvitee,
  inviteeFormSchema,
  inviteeGroups,
  inviteeToFormValues,
  personalLinkToken,
  reissuePersonalLink,
  removeInvitee,
  updateInvitee,
} from "~/domain/invitations/invitations.server";
import { requireEventPermission } from "~/web/auth.server";
import { organizerAccess } from "~/web/access-by.server";
import { recordAccess, withAccessRecord } from "~/domain/access-records/access-records.server";
import { fieldFailure, parseForm } from "~/lib/forms.server";
import { translator, useT } from "~/i18n/i18n";
import { resolveLocale } from "~/web/locale.server";
import { readFormData } from "~/web/form-data.server";
import { idParam } from "~/lib/ids";
import { notFound } from "~/web/responses";
import { pageTitleMeta } from "~/web/meta";

export const meta = pageTitleMeta;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { eventId, organizer } = await requireEventPermission(request, context, params.eventId, "event.edit");
  const invitee = await getInvitee(context.db, eventId, idParam(params.inviteeId));
  if (!invitee) throw notFound();
  await recordAccess(context.db, { ...organizerAccess(context, organizer.id), action: "view", eventId, subjectIds: [invitee.id] });
  const groups = await inviteeGroups(context.db, eventId);
  const origin = context.config.publicOrigin;
  const t = translator(await resolveLocale(request));
  return {
    eventId,
    inviteeId: invitee.id,
    name: invitee.name,
    values: inviteeToFormValues(invitee),
    groups: groups.map((g) => g.name).filter(Boolean),
    personalLink: `${origin}/i/${await personalLinkToken(context.db, invitee)}`,
    pageTitle: `${invitee.name} · ${t("invitee.title")} · ${t("app.name")}`,
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { eventId, organizer } = await requireEventPermission(request, context, params.eventId, "event.edit");
  const inviteeId = idParam(params.inviteeId);
  const by = organizerAccess(context, organizer.id);
  const formData = await readFormData(request);
  const intent = formData.get("intent");
  if (intent === "remove") {
    await withAccessRecord(
      context.db,
      (trx) => removeInvitee(trx, eventId, inviteeId),
      (removed) => (removed ? { ...by, action: "delete", eventId, subjectIds: [inviteeId] } : null),
    );
    return redirect(`/admin/events/${eventId}/invitees`);
  }
  if (intent === "reissue-link") {
    if (!(await reissuePersonalLink(context.db, eventId, inviteeId, by))) throw notFound();
    return { done: "invitee.linkReissued" as const };
  }
  const parsed = parseForm(inviteeFormSchema, formData);
  if (!parsed.success) return data(parsed, { status: 400 });
  try {
    const updated = await withAccessRecord(
      context.db,
      (trx) => updateInvitee(trx, eventId, inviteeId, parsed.data),
      (changed) => (changed ? { ...by, action: "update", eventId, subjectIds: [inviteeId] } : null),
    );
    if (!updated) throw notFound();
  } catch (error) {
    if (error instanceof DuplicateInviteeEmailError) return data(fieldFailure(formData, { email: "invitee.duplicateEmail" }), { status: 400 });
    throw error;
  }
  return redirect(`/admin/events/${eventId}/invitees`);
}

export default function InviteeDetail() {
  const { eventId, inviteeId, name, values, groups, personalLink } = useLoaderData<typeof loader>();
  const result: FormState & { done?: "invitee.linkReissued" } = useActionData<typeof action>() ?? {};
  const t = useT();
  return (
    <section>
      <p>
        <Link to={`/admin/events/${eventId}/invitees`}>← {t("invitee.title")}</Link>
      </p>
      <h1>{name}</h1>
      {result.done ? (
        <p className="notice notice--success" role="status">
          {t(result.done)}
        </p>
      ) : null}
      <h2>{t("invitee.personalLink")}</h2>
      <p className="field__hint">{t("invitee.personalLinkHint")}</p>
      <CopyField id="personal-link" label={t("invitee.personalLink")} value={personalLink} />
      <Form method="post" className="inline-form">
        <button type="submit" name="intent" value="reissue-link" className="button">
          {t("invitee.reissueLink")}
        </button>
        <Link to={`/admin/events/${eventId}/invitees/letters?id=${inviteeId}`} reloadDocument className="button">
          {t("letter.printOne")}
        </Link>
      </Form>
      <h2>{t("invitee.edit")}</h2>
      <FormErrorSummary state={result} />
      <Form method="post" noValidate>
        <InviteeFields state={result} defaults={values} groups={groups} />
        <div className="actions">
          <button type="submit" name="intent" value="save" className="button button--primary">
            {t("form.save")}
          </button>
          <button type="submit" name="intent" value="remove" className="button" formNoValidate>
            {t("invitee.remove")}
          </button>
        </div>
      </Form>
    </section>
  );
}
