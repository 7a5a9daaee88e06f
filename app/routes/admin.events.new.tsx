import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useActionData } from "@remix-run/react";
import { EventForm } from "~/components/event-form";
import { createEvent, eventFormSchema, SlugTakenError } from "~/domain/events/events.server";
import { requireOrganizer } from "~/web/auth.server";
import { fieldFailure, parseForm } from "~/lib/forms.server";
import { translator, useT } from "~/i18n/i18n";
import { resolveLocale } from "~/web/locale.server";
import { readFormData } from "~/web/form-data.server";
import { pageTitleMeta } from "~/web/meta";

export const meta = pageTitleMeta;

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireOrganizer(request, context);
  const t = translator(await resolveLocale(request));
  return { pageTitle: `${t("admin.newEvent")} · ${t("app.name")}` };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { organizer } = await requireOrganizer(request, context);
  const formData = await readFormData(request);
  const parsed = parseForm(eventFormSchema, formData);
  if (!parsed.success) return data(parsed, { status: 400 });
  try {
    const event = await createEvent(context.db, organizer.id, parsed.data);
    return redirect(`/admin/events/${event.id}`);
  } catch (error) {
    if (error instanceof SlugTakenError) return data(fieldFailure(formData, { slug: "error.slugTaken" }), { status: 400 });
    throw error;
  }
}

const NEW_EVENT_DEFAULTS = {
  kind: "performance_sharing",
  timeZone: "Asia/Seoul",
  startTime: "14:00",
  endTime: "17:00",
  visibility: "public",
};

export default function NewEvent() {
  const t = useT();
  const state = useActionData<typeof action>() ?? {};
  return (
    <section>
      <h1>{t("admin.newEvent")}</h1>
      <EventForm state={state} defaults={NEW_EVENT_DEFAULTS} submitLabel={t("event.create")} />
    </section>
  );
}
