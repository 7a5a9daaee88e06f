import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useParams, useSearchParams } from "@remix-run/react";
import { AgendaOutline } from "~/components/agenda-outline";
import type { FormState } from "~/components/field";
import { CancellationNotice, EventFacts } from "~/components/event-facts";
import { RsvpForm } from "~/components/rsvp-form";
import { YourData } from "~/components/rsvp/your-data";
import { TicketCard } from "~/components/ticket-card";
import { outlineOf } from "~/domain/program/agenda.server";
import { ticketSeatsOf } from "~/domain/seating/seats.server";
import { guestOptionalConsentView, listOptionalConsentItems, tickedOptionalConsents } from "~/domain/rsvp/optional-consents.server";
import { confirmOffer, consentNotice, listRsvpQuestions, recordRsvp, RsvpRefused, rsvpFormSchema } from "~/domain/rsvp/rsvp.server";
import { eventTitle, eventWhen, hostNames, venueMapLinks, venueName } from "~/domain/events/event-view";
import { formatDateTime } from "~/lib/format";
import { parseForm, formValues } from "~/lib/forms.server";
import { requireGuest, requireGuestPage } from "~/web/guest.server";
import { inLocale, translate, useT } from "~/i18n/i18n";
import { chosenLocale, localeCookie, resolveLocale } from "~/web/locale.server";
import { mailOrigin } from "~/lib/mail-origin.server";
import { qrSvg } from "~/lib/qr.server";
import { readFormData } from "~/web/form-data.server";
import type { PageHandle } from "~/web/page-handle";
import { privatePageHeaders } from "~/web/private-page";
import { personalPageMeta } from "~/web/meta";

export const headers = privatePageHeaders;

// The guest's page is a document and plain forms that answer with a redirect: it needs no
// JavaScript, and a phone on the venue's network loads none (see app/web/page-handle.ts).
export const handle: PageHandle = { hydrate: false };

export const meta = personalPageMeta;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { invitee, event, state, agenda } = await requireGuestPage(context, params.token);
  const url = new URL(request.url);
  // Opened for the first time, the page speaks the invitee's language (the switch still rules).
  if (!(await chosenLocale(request)) && !url.searchParams.has("lang") && (await resolveLocale(request)) !== invitee.language) {
    url.searchParams.set("lang", invitee.language);
    throw redirect(url.pathname + url.search, { headers: { "Set-Cookie": await localeCookie.serialize(invitee.language) } });
  }
  const locale = await resolveLocale(request);
  const hosts = hostNames(event.hosts, locale);
  const { rsvp, ticket } = state;
  const defaults: Record<string, string> = rsvp
    ? {
        answer: rsvp.status === "declined" ? "declined" : rsvp.proxy_name ? "proxy" : "attending",
        companions: String(rsvp.companions),
        proxyName: rsvp.proxy_name,
        proxyPosition: rsvp.proxy_position,
        ...(rsvp.consent_at ? { consent: "on" } : {}),
        ...Object.fromEntries(Object.entries(rsvp.answers).map(([id, value]) => [`q${id}`, value])),
      }
    : {};
  const at = (when: Date | null) => (when ? formatDateTime(when, event.time_zone, locale) : null);
  const seats = ticket ? { companions: rsvp!.companions, ...(await ticketSeatsOf(context.db, { eventId: event.id, inviteeId: invitee.id, language: locale })) } : null;
  const optional = await guestOptionalConsentView(context.db, { eventId: event.id, inviteeId: invitee.id, locale, timeZone: event.time_zone });
  return {
    invitee,
    event: {
      title: eventTitle(event, locale),
      when: eventWhen(event, locale),
      hosts,
      venue: { name: venueName(event, locale), address: event.venue_address, maps: venueMapLinks(event.venue_name, event.venue_address) },
      contact: { name: event.contact_name, phone: event.contact_phone, email: event.contact_email },
      deadline: at(state.deadline),
    },
    cancellation: event.cancelled_at ? { note: inLocale(locale, { ko: event.cancellation_note_ko, en: event.cancellation_note_en }) } : null,
    answer: rsvp
      ? {
          status: rsvp.status,
          proxyName: rsvp.proxy_name,
          companions: rsvp.companions,
          overCapacity: rsvp.over_capacity,
          offerExpires: state.offerLive ? at(rsvp.offer_expires_at) : null,
          offerExpired: rsvp.offer_expired_at !== null && rsvp.status === "declined",
          waitlistPosition: state.waitlistPosition,
        }
      : null,
    ticket: ticket ? { code: ticket.code, qrSvg: await qrSvg(ticket.payload), holder: rsvp!.proxy_name || invitee.name, onBehalfOf: rsvp!.proxy_name ? invitee.name : null, ...seats! } : null,
    form: {
      questions: state.questions.map((q) => ({
        id: q.id,
        kind: q.kind,
        label: inLocale(locale, { ko: q.label_ko, en: q.label_en }),
        options: q.options.map((option) => inLocale(locale, option)),
        required: q.required,
      })),
      maxCompanions: state.maxCompanions,
      consentText: consentNotice(event, hosts, locale),
      optionalConsents: optional.items,
      defaults: { ...defaults, ...optional.ticked },
    },
    optionalConsentsHeld: optional.held,
    agenda: outlineOf(agenda, event, locale),
    canAnswer: state.canAnswer,
    canCancel: state.canCancel,
    pageTitle: `${translate(locale, "rsvp.title")} · ${eventTitle(event, locale)} · ${translate(locale, "app.name")}`,
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { invitee, event } = await requireGuest(context, params.token);
  const formData = await readFormData(request);
  const intent = formData.get("intent");
  const ids = { eventId: event.id, inviteeId: invitee.id, mail: mailOrigin(context.config) };
  try {
    if (intent === "confirm-offer") {
      await confirmOffer(context.db, ids);
    } else {
      const locale = await resolveLocale(request);
      const questions = intent === "cancel" ? [] : await listRsvpQuestions(context.db, event.id);
      const parsed =
        intent === "cancel" ? ({ success: true, data: rsvpFormSchema([], 0).parse({ answer: "declined" }) } as const) : parseForm(rsvpFormSchema(questions, event.max_companions), formData);
      if (!parsed.success) return data(parsed, { status: 400 });
      const optionalConsents =
        intent === "cancel" ? undefined : await listOptionalConsentItems(context.db, event.id).then((items) => ({ items, ticked: tickedOptionalConsents(formData, items), locale }));
      await recordRsvp(context.db, { ...ids, form: parsed.data, consentText: consentNotice(event, hostNames(event.hosts, locale), locale), optionalConsents });
    }
  } catch (error) {
    if (error instanceof RsvpRefused) return data({ errors: { form: `rsvp.refused.${error.reason}` as const }, values: formValues(formData) }, { status: 409 });
    throw error;
  }
  context.mail.nudge();
  return redirect(`/i/${params.token}?answered=1`);
}

function AnswerSummary() {
  const { answer, ticket, event } = useLoaderData<typeof loader>();
  const t = useT();
  const [params] = useSearchParams();
  const token = useParams().token ?? "";
  if (!answer) return null;
  return (
    <section className="answer" aria-labelledby="answer-title">
      <h2 id="answer-title">{t("rsvp.yourAnswer")}</h2>
      {params.get("answered") ? (
        <p className="notice notice--success" role="status">
          {t("rsvp.saved")}
        </p>
      ) : null}
      {answer.status === "attending" ? (
        <>
          <p className="answer__status answer__status--attending">
            {answer.proxyName ? t("rsvp.status.proxy", { name: answer.proxyName }) : t("rsvp.status.attending")}
            {answer.overCapacity ? <span className="badge">{t("rsvp.overCapacity")}</span> : null}
          </p>
          {ticket ? (
            <>
              <p>{t("rsvp.showTicket")}</p>
              <TicketCard ticket={ticket} />
              <p className="actions">
                <Link to={`/i/${token}/ticket`} className="button">
                  {t("rsvp.openTicket")}
                </Link>
                <a href={`/i/${token}/calendar.ics`} className="button" download>
                  {t("rsvp.addToCalendar")}
                </a>
              </p>
            </>
          ) : null}
        </>
      ) : answer.status === "waitlisted" ? (
        <p className="answer__status answer__status--waitlisted">{t("rsvp.status.waitlisted", { position: answer.waitlistPosition ?? "?" })}</p>
      ) : answer.status === "offered" && answer.offerExpires ? (
        <div className="notice notice--info">
          <p className="answer__status">{t("rsvp.status.offered", { until: answer.offerExpires })}</p>
          <Form method="post">
            <input type="hidden" name="intent" value="confirm-offer" />
            <button type="submit" className="button button--primary button--wide">
              {t("rsvp.confirmOffer")}
            </button>
          </Form>
        </div>
      ) : answer.offerExpired ? (
        <p className="answer__status">{t("rsvp.status.offerExpired")}</p>
      ) : (
        <p className="answer__status">{t("rsvp.status.declined")}</p>
      )}
      {event.deadline ? <p className="muted">{t("rsvp.deadline", { deadline: event.deadline })}</p> : null}
    </section>
  );
}

export default function PersonalInvitation() {
  const { invitee, event, cancellation, answer, form, canAnswer, canCancel, agenda, optionalConsentsHeld } = useLoaderData<typeof loader>();
  const state: FormState = useActionData<typeof action>() ?? {};
  const t = useT();
  return (
    <article className="event rsvp">
      <p className="greeting">{t("personal.greeting", { name: invitee.name })}</p>
      {invitee.organization ? (
        <p className="muted">
          {invitee.organization}
          {invitee.position ? ` · ${invitee.position}` : ""}
        </p>
      ) : null}
      {answer ? null : <p>{t("personal.invited")}</p>}
      <h1>{event.title}</h1>
      <CancellationNotice cancellation={cancellation} />
      <AnswerSummary />
      <EventFacts hosts={event.hosts} when={event.when} venue={event.venue} contact={event.contact} />
      <AgendaOutline items={agenda} />
      {canAnswer ? (
        <section aria-labelledby="rsvp-title">
          <h2 id="rsvp-title">{answer ? t("rsvp.change") : t("rsvp.title")}</h2>
          {event.deadline && !answer ? <p className="muted">{t("rsvp.deadline", { deadline: event.deadline })}</p> : null}
          <RsvpForm
            state={state}
            defaults={form.defaults}
            questions={form.questions}
            maxCompanions={form.maxCompanions}
            consentText={form.consentText}
            optionalConsents={form.optionalConsents}
            submitLabel={answer ? t("rsvp.submitChange") : t("rsvp.submit")}
          />
        </section>
      ) : cancellation ? null : (
        <section className="notice notice--info">
          <p>{t("rsvp.closed")}</p>
          {canCancel ? (
            <Form method="post">
              <input type="hidden" name="intent" value="cancel" />
              <button type="submit" className="button">
                {t("rsvp.cancelAttendance")}
              </button>
            </Form>
          ) : null}
          {state.errors?.form ? (
            <p className="field__error" role="alert">
              {t(state.errors.form)}
            </p>
          ) : null}
        </section>
      )}
      <YourData consentsHeld={optionalConsentsHeld} />
    </article>
  );
}

export { PersonalLinkError as ErrorBoundary } from "~/components/personal-link-error";
