import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import type { RsvpStatus, TicketStatus } from "../../db/schema";
import { Field, FormErrorSummary, type FormState } from "~/components/field";
import { correctGuestDetails, guestCorrectionSchema, guestDataReport, requestGuestDeletion } from "~/domain/invitations/guest-rights.server";
import { eventTitle } from "~/domain/events/event-view";
import { formatDateTime } from "~/lib/format";
import { fieldFailure, parseForm } from "~/lib/forms.server";
import { mailOrigin } from "~/lib/mail-origin.server";
import { messageKey, translate, useT, type MessageKey } from "~/i18n/i18n";
import { readFormData } from "~/web/form-data.server";
import { requireGuest } from "~/web/guest.server";
import { resolveLocale } from "~/web/locale.server";
import type { PageHandle } from "~/web/page-handle";
import { privatePageHeaders } from "~/web/private-page";

export { PersonalLinkError as ErrorBoundary } from "~/components/personal-link-error";

export const headers = privatePageHeaders;

// Plain forms answered with a redirect: no JavaScript needed.
export const handle: PageHandle = { hydrate: false };

export const meta: MetaFunction<typeof loader> = ({ data, error }) => [
  ...(error ? [] : [{ title: data?.pageTitle ?? "Nanum" }]),
  { name: "robots", content: "noindex, nofollow" },
  { name: "referrer", content: "same-origin" },
];

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
    await correctGuestDetails(context.db, { eventId: event.id, inviteeId: invitee.id, form: parsed.data });
    return redirect(`/i/${params.token}/my-data?corrected=1`);
  }
  if (intent === "delete") {
    if (formData.get("understood") !== "on") return data({ form: "delete", ...fieldFailure(formData, { understood: "myData.error.understood" }) }, { status: 400 });
    const outcome = await requestGuestDeletion(context.db, { eventId: event.id, inviteeId: invitee.id, mail: mailOrigin(context.config) });
    if (outcome.status === "refused") return data({ form: "delete", refused: messageKey("myData.refused.award-recipient"), errors: {}, values: {} }, { status: 409 });
    context.mail.nudge();
    // The link now says what became of the invitation (see PersonalLinkError).
    return redirect(`/i/${params.token}`);
  }
  return data({ form: "correct", ...fieldFailure(formData, { form: "error.invalid" }) }, { status: 400 });
}

const STATUS_LABEL: Record<RsvpStatus, MessageKey> = {
  attending: "myData.status.attending",
  declined: "myData.status.declined",
  waitlisted: "myData.status.waitlisted",
  offered: "myData.status.offered",
};
const TICKET_LABEL: Record<TicketStatus, MessageKey> = { active: "myData.ticket.active", cancelled: "myData.ticket.cancelled" };

type Failure = FormState & { form: "correct" | "delete"; refused?: MessageKey };

function Facts({ rows }: { rows: Array<[MessageKey, string | number | null | undefined]> }) {
  const t = useT();
  return (
    <dl className="my-facts">
      {rows.map(([label, value]) => (
        <div key={label}>
          <dt>{t(label)}</dt>
          <dd>{value === null || value === undefined || value === "" ? "—" : value}</dd>
        </div>
      ))}
    </dl>
  );
}

function Table({ caption, head, rows }: { caption: string; head: MessageKey[]; rows: Array<Array<string | number>> }) {
  const t = useT();
  if (rows.length === 0) return <p className="muted">{t("myData.none")}</p>;
  return (
    <div className="table-scroll" role="region" aria-label={caption} tabIndex={0}>
      <table>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {head.map((key) => (
              <th key={key} scope="col">
                {t(key)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => (
            <tr key={i}>
              {row.map((cell, j) => (
                <td key={j}>{cell === "" ? "—" : cell}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export default function MyData() {
  const { token, title, invitee, rsvp, consents, tickets, checkins, registrations, emails, awards } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>() as Failure | undefined;
  const [params] = useSearchParams();
  const t = useT();
  const correct: FormState = failure?.form === "correct" ? failure : {};
  const remove: FormState = failure?.form === "delete" ? failure : {};
  const yes = (value: boolean) => t(value ? "myData.yes" : "myData.no");
  return (
    <article className="my-data">
      <p>
        <Link to={`/i/${token}`}>← {title}</Link>
      </p>
      <h1>{t("myData.title")}</h1>
      <p>{t("myData.intro")}</p>

      <h2>{t("myData.details")}</h2>
      <Facts
        rows={[
          ["invitee.name", invitee.name],
          ["invitee.email", invitee.email],
          ["invitee.phone", invitee.phone],
          ["invitee.organization", invitee.organization],
          ["invitee.position", invitee.position],
          ["invitee.group", invitee.group_name],
          ["myData.language", t(invitee.language === "ko" ? "optionalConsent.korean" : "optionalConsent.english")],
          ["myData.vip", yes(invitee.is_vip)],
          ["myData.notes", invitee.notes],
          ["myData.added", invitee.created_at],
          ["myData.updated", invitee.updated_at],
        ]}
      />

      <h2>{t("myData.reply")}</h2>
      {rsvp ? (
        <>
          <Facts
            rows={[
              ["myData.status", t(STATUS_LABEL[rsvp.status])],
              ["myData.companions", rsvp.companions],
              ["myData.proxy", [rsvp.proxy_name, rsvp.proxy_position].filter(Boolean).join(" · ")],
              ["myData.respondedAt", rsvp.responded_at],
              ["myData.consentAt", rsvp.consent_at],
            ]}
          />
          <Table caption={t("myData.answers")} head={["myData.question", "myData.answer"]} rows={rsvp.answers.map((a) => [a.question, a.answer])} />
          {rsvp.consent_text ? (
            <details>
              <summary>{t("myData.consentText")}</summary>
              <p className="consent__text">{rsvp.consent_text}</p>
            </details>
          ) : null}
        </>
      ) : (
        <p className="muted">{t("myData.none")}</p>
      )}

      <h2>{t("optionalConsent.title")}</h2>
      <Table
        caption={t("optionalConsent.title")}
        head={["myData.item", "myData.version", "myData.language", "myData.hash", "myData.given", "myData.withdrawn"]}
        rows={consents.map((c) => [c.title, c.version, c.language, c.hash, c.given, c.withdrawn])}
      />

      <h2>{t("myData.tickets")}</h2>
      <Table
        caption={t("myData.tickets")}
        head={["myData.code", "myData.version", "myData.status", "myData.issuedAt"]}
        rows={tickets.map((x) => [x.code, x.version, t(TICKET_LABEL[x.status]), x.issued_at])}
      />

      <h2>{t("myData.checkins")}</h2>
      <Table caption={t("myData.checkins")} head={["myData.checkedInAt", "myData.entrance", "myData.undoneAt"]} rows={checkins.map((c) => [c.checked_in_at, c.entrance, c.undone_at])} />

      {registrations.length > 0 ? (
        <>
          <h2>{t("myData.registrations")}</h2>
          <Table
            caption={t("myData.registrations")}
            head={["invitee.name", "invitee.email", "invitee.phone", "invitee.organization", "myData.added", "myData.confirmedAt"]}
            rows={registrations.map((r) => [r.name, r.email, r.phone, r.organization, r.created_at, r.confirmed_at])}
          />
        </>
      ) : null}

      <h2>{t("myData.emails")}</h2>
      <Table
        caption={t("myData.emails")}
        head={["myData.sentAt", "myData.to", "myData.subject", "myData.status"]}
        rows={emails.map((e) => [e.finished_at || e.created_at, e.to_address, e.subject, e.status])}
      />

      {awards.length > 0 ? (
        <>
          <h2>{t("myData.awards")}</h2>
          <Table
            caption={t("myData.awards")}
            head={["myData.category", "invitee.name", "invitee.organization", "myData.grade"]}
            rows={awards.map((a) => [a.category, a.name, a.organization, a.grade])}
          />
        </>
      ) : null}

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
