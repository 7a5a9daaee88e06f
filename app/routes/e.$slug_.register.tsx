import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { EventFacts } from "~/components/event-facts";
import { OptionalConsentBoxes } from "~/components/rsvp-form";
import { listOptionalConsentItems, optionalConsentText, optionalConsentTitle, tickedOptionalConsents } from "~/domain/rsvp/optional-consents.server";
import { Field, FormErrorSummary, SelectField, type FormState } from "~/components/field";
import { findRegistrationEvent, registrationConsentText, registrationFormSchema, REGISTRATION_VALID_HOURS, requestRegistration } from "~/domain/rsvp/registration.server";
import { eventTitle, eventWhen, hostNames, venueMapLinks, venueName } from "~/domain/events/event-view";
import { fieldFailure, parseForm } from "~/lib/forms.server";
import { translator, useT } from "~/i18n/i18n";
import { resolveLocale } from "~/web/locale.server";
import { mailOrigin } from "~/lib/mail-origin.server";
import { readFormData } from "~/web/form-data.server";
import { notFound } from "~/web/responses";
import { pageTitleMeta } from "~/web/meta";

// Lives beside /e/<slug> (the trailing underscore), not inside that page's layout.
export const meta = pageTitleMeta;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const event = await findRegistrationEvent(context.db, params.slug ?? "");
  if (!event) throw notFound();
  const locale = await resolveLocale(request);
  const t = translator(locale);
  const title = eventTitle(event, locale);
  return {
    slug: event.slug,
    title,
    when: eventWhen(event, locale),
    hosts: hostNames(event.hosts, locale),
    venue: { name: venueName(event, locale), address: event.venue_address, maps: venueMapLinks(event.venue_name, event.venue_address) },
    contact: { name: event.contact_name, phone: event.contact_phone, email: event.contact_email },
    closed: event.closed,
    consentText: registrationConsentText(event, locale),
    // The event's optional consent items, each apart from the required one and never ticked here.
    optionalConsents: (await listOptionalConsentItems(context.db, event.id)).map((item) => ({
      id: item.id,
      title: optionalConsentTitle(item, locale),
      text: optionalConsentText(item, locale),
    })),
    locale,
    pageTitle: `${t("registration.formTitle")}: ${title} · ${t("app.name")}`,
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const event = await findRegistrationEvent(context.db, params.slug ?? "");
  if (!event) throw notFound();
  const formData = await readFormData(request);
  const parsed = parseForm(registrationFormSchema, formData);
  if (!parsed.success) return data(parsed, { status: 400 });
  const outcome = await requestRegistration(context.db, {
    slug: params.slug ?? "",
    form: parsed.data,
    locale: await resolveLocale(request),
    clientAddress: context.clientAddress,
    mail: mailOrigin(context.config),
    optionalConsents: await listOptionalConsentItems(context.db, event.id).then((items) => ({ items, ticked: tickedOptionalConsents(formData, items) })),
  });
  if (outcome === "not-found") throw notFound();
  if (outcome === "throttled") return data(fieldFailure(formData, { form: "registration.error.throttled" }), { status: 429 });
  if (outcome === "closed") return data(fieldFailure(formData, { form: "registration.closed" }), { status: 409 });
  context.mail.nudge();
  // The same answer whether the address was new or already on the list.
  return { sent: true as const, email: parsed.data.email, hours: REGISTRATION_VALID_HOURS };
}

export default function Register() {
  const event = useLoaderData<typeof loader>();
  const result: FormState & { sent?: true; email?: string; hours?: number } = useActionData<typeof action>() ?? {};
  const busy = useNavigation().state === "submitting";
  const t = useT();
  const consentError = result.errors?.consent;
  return (
    <article className="event">
      <p>
        <Link to={`/e/${event.slug}`}>← {event.title}</Link>
      </p>
      <h1>{t("registration.formTitle")}</h1>
      <EventFacts hosts={event.hosts} when={event.when} venue={event.venue} contact={event.contact} />
      {result.sent ? (
        <div className="notice notice--success" role="status">
          <h2>{t("registration.sentTitle")}</h2>
          <p>{t("registration.sent", { email: result.email ?? "", hours: result.hours ?? "" })}</p>
        </div>
      ) : event.closed ? (
        <p className="notice notice--info">{t("registration.closed")}</p>
      ) : (
        <>
          <p>{t("registration.formIntro")}</p>
          <FormErrorSummary state={result} />
          <Form method="post" noValidate>
            <Field name="name" label={t("invitee.name")} required autoComplete="name" state={result} />
            <Field name="email" type="email" inputMode="email" label={t("invitee.email")} hint={t("registration.emailHint")} required autoComplete="email" state={result} />
            <Field name="phone" type="tel" inputMode="tel" label={t("invitee.phone")} autoComplete="tel" state={result} />
            <Field name="organization" label={t("invitee.organization")} autoComplete="organization" state={result} />
            <Field name="position" label={t("invitee.position")} autoComplete="organization-title" state={result} />
            <SelectField
              name="language"
              label={t("invitee.language")}
              state={result}
              defaults={{ language: event.locale }}
              options={[
                { value: "ko", label: "한국어" },
                { value: "en", label: "English" },
              ]}
            />
            <fieldset className={consentError ? "consent field--error" : "consent"}>
              <legend>{t("registration.consentTitle")}</legend>
              <div className="consent__text" id="consent-text" role="region" tabIndex={0} aria-label={t("registration.consentTitle")}>
                {event.consentText}
              </div>
              <div className="field field--check">
                <input
                  type="checkbox"
                  id="field-consent"
                  name="consent"
                  required
                  defaultChecked={result.values?.consent === "on"}
                  aria-invalid={consentError ? true : undefined}
                  aria-describedby={consentError ? "consent-text field-consent-error" : "consent-text"}
                />
                <label htmlFor="field-consent">
                  {t("registration.consent")}
                  <span aria-hidden="true"> *</span>
                </label>
              </div>
              {consentError ? (
                <p className="field__error" id="field-consent-error" role="alert">
                  {t(consentError)}
                </p>
              ) : null}
            </fieldset>
            <OptionalConsentBoxes items={event.optionalConsents} values={result.values ?? {}} />
            <button type="submit" className="button button--primary" disabled={busy}>
              {t("registration.submit")}
            </button>
          </Form>
        </>
      )}
    </article>
  );
}
