import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { enterDevicePin, findDoorDeviceByLink } from "~/domain/checkin/door-devices.server";
import { eventTitle } from "~/domain/events/event-view";
import { translate, useT, messageKey } from "~/i18n/i18n";
import { resolveLocale } from "~/web/locale.server";
import { doorCookie } from "~/web/session.server";
import { readFormData } from "~/web/form-data.server";
import { privatePageHeaders } from "~/web/private-page";

export const headers = privatePageHeaders;

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.pageTitle ?? "Nanum" }, { name: "robots", content: "noindex, nofollow" }, { name: "referrer", content: "same-origin" }];

/** A door phone's link: enter the PIN the organizer gave, and the phone becomes a scanner for that event. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const device = await findDoorDeviceByLink(context.db, params.token ?? "");
  if (!device) throw new Response("Unknown or locked link", { status: 404 });
  const locale = await resolveLocale(request);
  const title = eventTitle(device, locale);
  return { name: device.name, title, pageTitle: `${translate(locale, "door.title")} · ${title}` };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const pinSchema = z.object({ pin: z.string().trim().max(12) });
  const parsed = pinSchema.safeParse(Object.fromEntries(await readFormData(request)));
  const result = await enterDevicePin(context.db, params.token ?? "", parsed.success ? parsed.data.pin : "");
  if (result.ok) {
    return redirect(`/checkin/${result.slug}`, { headers: { "Set-Cookie": await doorCookie(context.config).serialize(result.sessionToken) } });
  }
  if (result.reason === "wrong-pin") return data({ error: messageKey("door.wrongPin"), attemptsLeft: result.attemptsLeft }, { status: 400 });
  return data({ error: messageKey(result.reason === "locked" ? "door.locked" : "door.unknown"), attemptsLeft: 0 }, { status: result.reason === "locked" ? 423 : 404 });
}

export default function DoorPin() {
  const { name, title } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  return (
    <section className="narrow">
      <h1>{t("door.title")}</h1>
      <p>
        <strong>{title}</strong> · {name}
      </p>
      <p>{t("door.intro")}</p>
      {result?.error ? (
        <p className="notice notice--error" role="alert">
          {t(result.error, { count: result.attemptsLeft })}
        </p>
      ) : null}
      <Form method="post" reloadDocument>
        <div className="field">
          <label htmlFor="door-pin">{t("door.pin")}</label>
          <input id="door-pin" name="pin" inputMode="numeric" autoComplete="one-time-code" pattern="[0-9]{6}" maxLength={6} required />
        </div>
        <button type="submit" className="button button--primary button--wide">
          {t("door.start")}
        </button>
      </Form>
    </section>
  );
}

export function ErrorBoundary() {
  return (
    <section className="error-page bilingual">
      <h1 lang="ko">{translate("ko", "door.unknownTitle")}</h1>
      <p lang="ko">{translate("ko", "door.unknown")}</p>
      <h2 lang="en">{translate("en", "door.unknownTitle")}</h2>
      <p lang="en">{translate("en", "door.unknown")}</p>
    </section>
  );
}
