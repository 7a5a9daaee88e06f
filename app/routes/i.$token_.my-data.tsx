import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { GuestDataView } from "~/components/guest-data";
import { Field, FormErrorSummary, type FormState } from "~/components/field";
import { correctGuestDetails, guestCorrectionSchema, guestDataReport, requestGuestDeletion } from "~/domain/invitations/guest-rights.server";
import { eventTitle } from "~/domain/events/event-view";
import { formatDateTime } from "~/lib/format";
import { fieldFailure, parseForm, rowIdField } from "~/lib/forms.server";
import { withdrawOptionalConsent } from "~/domain/rsvp/optional-consents.server";
import { mailOrigin } from "~/lib/mail-origin.server";
import { messageKey, translate, useT, type MessageKey } from "~/i18n/i18n";
import { readFormData } from "~/web/form-data.server";
import { requireGuest } from "~/web/guest.server";
import { resolveLocale } from "~/web/locale.server";
import type { PageHandle } from "~/web/page-handle";
import { privatePageHeaders } from "~/web/private-page";
import { personalPageMeta } from "~/web/meta";

export { PersonalLinkError as ErrorBoundary } from "~/components/personal-link-error";

export const headers = privatePageHeaders;

// Plain forms answered with a redirect: no JavaScript needed.
export const handle: PageHandle = { hydrate: false };

export const meta = personalPageMeta;

/** 열람: everything held about the guest, with the forms to correct it and to delete it. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { invitee, event } = await requireGuest(context, params.token);
  const locale = await resolveLocale(request);
  const report = await guestDataReport(context.db, { eventId: event.id, inviteeId: invitee.id, locale });
  const at = (when: Date | null) => (when ? formatDateTime(when, event.time_zone, locale) : "");
  return {
    token: params.token!,
    title: eventTitle(event, locale),
    invitee: { ...report.invitee, created_at: at(report.invitee.created_at), updated_at: at(report.invitee.updated_at) },
    rsvp: report.rsvp ? { ...report.rsvp, consent_at: at(report.rsvp.consent_at), responded_at: at(report.rsvp.responded_at) } : null,
    consents: report.consents.map((c) => ({ title: c.title, version: c.version, language: c.language, hash: c.text_sha256, given: at(c.given_at), withdrawn: at(c.withdrawn_at) })),
    tickets: report.tickets.map((t) => ({ ...t, issued_at: at(t.issued_at) })),
    checkins: report.checkins.map((c) => ({ ...c, checked_in_at: at(c.checked_in_at), undone_at: at(c.undone_at) })),
    registrations: report.registrations.map((r) => ({ ...r, created_at: at(r.created_at), confirmed_at: at(r.confirmed_at) })),
    emails: report.emails.map((e) => ({ ...e, created_at: at(e.created_at), finished_at: at(e.finished_at) })),
    awards: report.awards,
    surveyAnswers: report.surveyAnswers,
    pageTitle: `${translate(locale, "myData.title")} · ${eventTitle(event, locale)} · ${translate(locale, "app.name")}`,
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { invitee, event } = await requireGuest(context, params.token);
  const formData = await readFormData(request);
  const intent = formData.get("intent");
  if (intent === "correct") {
    const parsed = parseForm(guestCorrectionSchema, formData);
    if (!parsed.success) return data({ form: "correct", ...parsed }, { status: 400 });
    await correctGuestDetails(context.db, { eventId: event.id, inviteeId: invitee.id, form: parsed.data, clientAddress: context.clientAddress });
    return redirect(`/i/${params.token}/my-data?corrected=1`);
  }
  if (intent === "withdraw-consent") {
    // The personal page's list of consents held posts here.
    const itemId = rowIdField.parse(formData.get("itemId"));
    if (itemId !== null) await withdrawOptionalConsent(context.db, { inviteeId: invitee.id, itemId });
    return redirect(`/i/${params.token}?withdrawn=1#optional-consents`);
  }
  if (intent === "delete") {
    if (formData.get("understood") !== "on") return data({ form: "delete", ...fieldFailure(formData, { understood: "myData.error.understood" }) }, { status: 400 });
    const outcome = await requestGuestDeletion(context.db, { eventId: event.id, inviteeId: invitee.id, mail: mailOrigin(context.config), clientAddress: context.clientAddress });
    if (outcome.status === "refused") return data({ form: "delete", refused: messageKey("myData.refused.award-recipient"), errors: {}, values: {} }, { status: 409 });
    context.mail.nudge();
    // The link now says what became of the invitation (see PersonalLinkError).
    return redirect(`/i/${params.token}`);
  }
  return data({ form: "correct", ...fieldFailure(formData, { form: "error.invalid" }) }, { status: 400 });
}

type Failure = FormState & { form: "correct" | "delete"; refused?: MessageKey };

export default function MyData() {
  const { token, title, ...report } = useLoaderData<typeof loader>();
  const { invitee } = report;
  const failure = useActionData<typeof action>() as Failure | undefined;
  const [params] = useSearchParams();
  const t = useT();
  const correct: FormState = failure?.form === "correct" ? failure : {};
  const remove: FormState = failure?.form === "delete" ? failure : {};
  return (
    <article className="my-data">
      <p>
        <Link to={`/i/${token}`}>← {title}</Link>
      </p>
      <h1>{t("myData.title")}</h1>
      <p>{t("myData.intro")}</p>

      <GuestDataView report={report} />

      <section aria-labelledby="correct-title" id="correct">
        <h2 id="correct-title">{t("myData.correctTitle")}</h2>
        <p>{t("myData.correctIntro")}</p>
        {params.get("corrected") ? (
          <p className="notice notice--success" role="status">
            {t("myData.corrected")}
          </p>
        ) : null}
        <FormErrorSummary state={correct} />
        <Form method="post" action="#correct" noValidate>
          <input type="hidden" name="intent" value="correct" />
          <Field name="name" label={t("invitee.name")} required autoComplete="name" state={correct} defaults={{ name: invitee.name }} />
          <Field name="organization" label={t("invitee.organization")} autoComplete="organization" state={correct} defaults={{ organization: invitee.organization }} />
          <Field name="position" label={t("invitee.position")} autoComplete="organization-title" state={correct} defaults={{ position: invitee.position }} />
          <Field name="phone" label={t("invitee.phone")} type="tel" inputMode="tel" autoComplete="tel" state={correct} defaults={{ phone: invitee.phone }} />
          <button type="submit" className="button button--primary">
            {t("myData.correctSubmit")}
          </button>
        </Form>
      </section>

      <section aria-labelledby="delete-title" id="delete" className="danger-zone">
        <h2 id="delete-title">{t("myData.deleteTitle")}</h2>
        <p>{t("myData.deleteMeans")}</p>
        <ul>
          <li>{t("myData.deleteStops")}</li>
          <li>{t("myData.deleteErases")}</li>
          <li>{t("myData.deleteKeeps")}</li>
          <li>{t("myData.deleteSoon")}</li>
        </ul>
        {failure?.refused ? (
          <p className="notice notice--error" role="alert">
            {t(failure.refused)}
          </p>
        ) : null}
        <Form method="post" action="#delete" noValidate>
          <input type="hidden" name="intent" value="delete" />
          <div className={remove.errors?.understood ? "field field--check field--error" : "field field--check"}>
            <input
              type="checkbox"
              id="field-understood"
              name="understood"
              aria-invalid={remove.errors?.understood ? true : undefined}
              aria-describedby={remove.errors?.understood ? "field-understood-error" : undefined}
            />
            <label htmlFor="field-understood">{t("myData.understood")}</label>
          </div>
          {remove.errors?.understood ? (
            <p className="field__error" id="field-understood-error" role="alert">
              {t(remove.errors.understood)}
            </p>
          ) : null}
          <button type="submit" className="button button--danger">
            {t("myData.deleteSubmit")}
          </button>
        </Form>
      </section>
    </article>
  );
}
