import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { CopyField } from "~/components/copy-field";
import { Field, FormErrorSummary, type FormState } from "~/components/field";
import { createDoorDevice, listDoorDevices, revokeDoorDevice } from "~/domain/checkin/door-devices.server";
import { requireEventPermission } from "~/web/auth.server";
import { eventTitle } from "~/domain/events/event-view";
import { formatDateTime } from "~/lib/format";
import { parseForm, requiredText } from "~/lib/forms.server";
import { useT, type MessageKey, messageKey } from "~/i18n/i18n";
import { mailOrigin } from "~/lib/mail-origin.server";
import { readFormData } from "~/web/form-data.server";
import { parseId } from "~/lib/ids";
import { requireEventPage } from "~/web/event-page.server";
import { pageTitleMeta } from "~/web/meta";

export const meta = pageTitleMeta;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { eventId, event, locale, t } = await requireEventPage(request, context, params.eventId, "event.edit");
  const devices = await listDoorDevices(context.db, eventId);
  return {
    eventId,
    title: eventTitle(event, locale),
    devices: devices.map((device) => ({
      id: device.id,
      name: device.name,
      state: device.revoked_at ? ("revoked" as const) : device.locked_at ? ("locked" as const) : ("active" as const),
      lastSeen: device.last_seen_at ? formatDateTime(device.last_seen_at, event.time_zone, locale) : null,
    })),
    pageTitle: `${t("devices.title")} · ${eventTitle(event, locale)}`,
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const createSchema = z.object({ name: requiredText(60) });
  const { eventId, organizer } = await requireEventPermission(request, context, params.eventId, "event.edit");
  const formData = await readFormData(request);
  if (formData.get("intent") === "revoke") {
    const id = parseId(formData.get("deviceId"));
    if (id === null) return data({ errors: { form: messageKey("error.invalid") } }, { status: 400 });
    await revokeDoorDevice(context.db, eventId, id);
    return { done: messageKey("devices.revoked") };
  }
  const parsed = parseForm(createSchema, formData);
  if (!parsed.success) return data(parsed, { status: 400 });
  const device = await createDoorDevice(context.db, { eventId, name: parsed.data.name, createdBy: organizer.id });
  return { done: messageKey("devices.created"), name: parsed.data.name, link: `${mailOrigin(context.config).origin}/door/${device.token}`, pin: device.pin };
}

export default function Devices() {
  const { eventId, title, devices } = useLoaderData<typeof loader>();
  const result: FormState & { done?: MessageKey; name?: string; link?: string; pin?: string } = useActionData<typeof action>() ?? {};
  const t = useT();
  return (
    <section>
      <p>
        <Link to={`/admin/events/${eventId}`}>← {title}</Link>
      </p>
      <h1>{t("devices.title")}</h1>
      <p>{t("devices.intro")}</p>
      {result.done ? (
        <div className="notice notice--success" role="status">
          <p>{t(result.done, { name: result.name ?? "" })}</p>
          {result.link ? (
            <>
              <CopyField id="device-link" label={t("devices.link")} value={result.link} />
              <p>
                {t("devices.pin")}: <strong className="ticket__code">{result.pin}</strong>
              </p>
            </>
          ) : null}
        </div>
      ) : null}
      {devices.length === 0 ? (
        <p>{t("devices.none")}</p>
      ) : (
        <table className="table">
          <caption className="visually-hidden">{t("devices.title")}</caption>
          <tbody>
            {devices.map((device) => (
              <tr key={device.id}>
                <th scope="row">{device.name}</th>
                <td>{t(`devices.state.${device.state}` as const)}</td>
                <td>{device.lastSeen ? `${t("devices.lastSeen")}: ${device.lastSeen}` : ""}</td>
                <td>
                  {device.state === "active" ? (
                    <Form method="post">
                      <input type="hidden" name="deviceId" value={device.id} />
                      <button type="submit" name="intent" value="revoke" className="button button--small">
                        {t("devices.revoke")}
                      </button>
                    </Form>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <FormErrorSummary state={result} />
      <Form method="post" noValidate>
        <Field name="name" label={t("devices.name")} required state={result} />
        <button type="submit" className="button button--primary">
          {t("devices.create")}
        </button>
      </Form>
    </section>
  );
}
