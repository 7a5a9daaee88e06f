import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { organizerAccess } from "~/web/access-by.server";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { EventForm } from "~/components/event-form";
import type { FormState } from "~/components/field";
import { eventFormSchema, eventToFormValues, SlugTakenError, updateEvent } from "~/domain/events/events.server";
import { requireEventPermission } from "~/web/auth.server";
import { mailOrigin } from "~/lib/mail-origin.server";
import { eventTitle } from "~/domain/events/event-view";
import { fieldFailure, parseForm } from "~/lib/forms.server";
import { useT } from "~/i18n/i18n";
import { readFormData } from "~/web/form-data.server";
import { requireEventPage } from "~/web/event-page.server";
import { pageTitleMeta } from "~/web/meta";

export const meta = pageTitleMeta;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { eventId, event, locale, t } = await requireEventPage(request, context, params.eventId, "event.edit");
  const title = eventTitle(event, locale);
  return { eventId, title, values: { ...eventToFormValues(event), notifyInvitees: "on" }, pageTitle: `${t("event.edit")}: ${title} · ${t("app.name")}` };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { eventId, organizer } = await requireEventPermission(request, context, params.eventId, "event.edit");
  const formData = await readFormData(request);
  const parsed = parseForm(eventFormSchema, formData);
  if (!parsed.success) return data(parsed, { status: 400 });
  const notify = formData.get("notifyInvitees") === "on" ? mailOrigin(context.config) : null;
  try {
    const { noticesQueued } = await updateEvent(context.db, eventId, parsed.data, notify, organizerAccess(context, organizer.id));
    if (noticesQueued > 0) context.mail.nudge();
    return redirect(`/admin/events/${eventId}?saved=1${noticesQueued > 0 ? `&notices=${noticesQueued}` : ""}`);
  } catch (error) {
    if (error instanceof SlugTakenError) return data(fieldFailure(formData, { slug: "error.slugTaken" }), { status: 400 });
    throw error;
  }
}

export default function EditEvent() {
  const { eventId, title, values } = useLoaderData<typeof loader>();
  const state: FormState = useActionData<typeof action>() ?? {};
  const t = useT();
  // After a failed submit the box shows what was sent (an unticked box sends nothing).
  const notify = state.values ? state.values.notifyInvitees === "on" : values.notifyInvitees === "on";
  return (
    <section>
      <p>
        <Link to={`/admin/events/${eventId}`}>← {title}</Link>
      </p>
      <h1>{t("event.edit")}</h1>
      <EventForm
        state={state}
        defaults={values}
        submitLabel={t("form.save")}
        beforeSubmit={
          <div className="field field--check">
            <input type="checkbox" id="field-notifyInvitees" name="notifyInvitees" defaultChecked={notify} aria-describedby="field-notifyInvitees-hint" />
            <label htmlFor="field-notifyInvitees">{t("event.notifyInvitees")}</label>
            <p className="field__hint" id="field-notifyInvitees-hint">
              {t("event.notifyInviteesHint")}
            </p>
          </div>
        }
      />
    </section>
  );
}
