import { data, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { FormErrorSummary, type FormState } from "~/components/field";
import { InviteeFields } from "~/components/invitee-fields";
import { DeliveryCountsTable, InviteeFilterForm, InviteeRow, LettersForm, MailingProgress } from "~/components/invitations/invitee-list-parts";
import { keepPageWhenUnreachable } from "~/components/live-reload";
import { usePolling } from "~/components/use-polling";
import { mailingCounts, mailingProgress, queueMailing } from "~/domain/invitations/guest-mail.server";
import { addInvitee, DuplicateInviteeEmailError, inviteeFormSchema, inviteeListParams, listInvitees, matchingInviteeIds, type InviteeFilters } from "~/domain/invitations/invitations.server";
import { requireEventPermission } from "~/web/auth.server";
import { organizerAccess } from "~/web/access-by.server";
import { recordListing } from "~/domain/access-records/access-records.server";
import { mailOrigin } from "~/lib/mail-origin.server";
import { eventTitle } from "~/domain/events/event-view";
import { fieldFailure, idField, parseForm, repeated } from "~/lib/forms.server";
import { formatNumber } from "~/lib/format";
import { useLocale, useT, type MessageKey, messageKey } from "~/i18n/i18n";
import attendeesStylesheet from "~/styles/attendees.css";
import { readFormData } from "~/web/form-data.server";
import { Pagination } from "~/components/pagination";
import { countParam, readListParams } from "~/lib/list-params.server";
import { requireEventPage } from "~/web/event-page.server";
import { pageTitleMeta } from "~/web/meta";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: attendeesStylesheet }];

export const meta = pageTitleMeta;

// Reloaded every 2 s while a mailing goes out: a reload the server does not answer keeps the list.
export const clientLoader = keepPageWhenUnreachable();

/** The list's filters and page, from the address (the filter form) or from the bulk form's copy of them. */
function readFilters(source: URLSearchParams | FormData) {
  const { q, group, vip, delivery, response, page } = readListParams(inviteeListParams, source);
  const form = { q, group: group ?? "*", vip: vip !== undefined, delivery: delivery ?? "", response: response ?? "" };
  const query: InviteeFilters = { q, group, vip: vip ? true : undefined, delivery, response };
  return { form, query, page };
}

/** What the list's search and filters are called in the address; the pager keeps them. */
const FILTER_PARAMS = ["q", "group", "delivery", "response", "vip"] as const;

const MAILINGS = ["invite", "retry", "remind"] as const;
type Mailing = (typeof MAILINGS)[number];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { eventId, event, locale, t, organizer } = await requireEventPage(request, context, params.eventId, "event.edit");
  const url = new URL(request.url);
  const filters = readFilters(url.searchParams);
  const { invitees, page, groups, deliveryCounts } = await listInvitees(context.db, eventId, filters.query, filters.page);
  const shown = { eventId, list: "invitees", subjectIds: invitees.map((invitee) => invitee.id), query: filters.query.q, filters: { ...filters.query, q: undefined, ids: undefined, page: page.page } };
  await recordListing(context.db, organizerAccess(context, organizer.id), shown);
  const title = eventTitle(event, locale);
  const mailed = z.enum(MAILINGS).safeParse(url.searchParams.get("mailed"));
  return {
    eventId,
    title,
    cancelled: event.cancelled_at !== null,
    invitees,
    page,
    groups,
    deliveryCounts,
    counts: await mailingCounts(context.db, eventId),
    progress: await mailingProgress(context.db, eventId),
    filters: filters.form,
    filtered: Object.values(filters.query).some((value) => value !== undefined && value !== ""),
    // After an add the form is emptied (re-mounted under a new key) and the addition confirmed.
    added: url.searchParams.get("added"),
    imported: url.searchParams.has("imported") ? { added: countParam.parse(url.searchParams.get("imported")), updated: countParam.parse(url.searchParams.get("updated")) } : null,
    mailed: mailed.success ? { mailing: mailed.data, count: countParam.parse(url.searchParams.get("count")) } : null,
    pageTitle: `${t("invitee.title")}: ${title} · ${t("app.name")}`,
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const mailingSchema = z.object({
    mailing: z.enum(MAILINGS),
    scope: z.enum(["all", "selected", "filtered"]).default("all"),
    ids: repeated(idField),
  });
  const { eventId, organizer } = await requireEventPermission(request, context, params.eventId, "event.edit");
  const formData = await readFormData(request);
  if (formData.has("mailing")) {
    const parsed = parseForm(mailingSchema, formData);
    if (!parsed.success) return data({ errors: { form: messageKey("error.invalid") } }, { status: 400 });
    const { mailing, scope, ids } = parsed.data;
    if (scope === "selected" && ids.length === 0) return data({ errors: { form: messageKey("invitee.selectSomeone") } }, { status: 400 });
    const inviteeIds = scope === "all" ? undefined : scope === "selected" ? ids : await matchingInviteeIds(context.db, eventId, readFilters(formData).query);
    const count = await queueMailing(context.db, mailing, { eventId, inviteeIds, ...mailOrigin(context.config) }, organizerAccess(context, organizer.id));
    context.mail.nudge();
    return redirect(`/admin/events/${eventId}/invitees?mailed=${mailing}&count=${count}`);
  }
  const parsed = parseForm(inviteeFormSchema, formData);
  if (!parsed.success) return data(parsed, { status: 400 });
  try {
    const { id } = await addInvitee(context.db, eventId, parsed.data, organizerAccess(context, organizer.id));
    return redirect(`/admin/events/${eventId}/invitees?added=${id}`);
  } catch (error) {
    if (error instanceof DuplicateInviteeEmailError) return data(fieldFailure(formData, { email: "invitee.duplicateEmail" }), { status: 400 });
    throw error;
  }
}

const mailedMessage: Record<Mailing, MessageKey> = { invite: "invitee.queued", retry: "invitee.retried", remind: "invitee.reminded" };

export default function Invitees() {
  const loaderData = useLoaderData<typeof loader>();
  const { eventId, title, cancelled, invitees, page, groups, deliveryCounts, counts, progress, filters, filtered, added, imported, mailed } = loaderData;
  const state: FormState = useActionData<typeof action>() ?? {};
  const t = useT();
  const locale = useLocale();
  const n = (value: number) => formatNumber(value, locale);
  usePolling(progress !== null);
  const total = groups.reduce((sum, group) => sum + group.count, 0);
  return (
    <section>
      <p>
        <Link to={`/admin/events/${eventId}`}>← {title}</Link>
      </p>
      <h1>{t("invitee.title")}</h1>
      {cancelled ? (
        <p className="notice notice--error" role="status">
          {t("event.cancelledNoMail")}
        </p>
      ) : null}
      {imported ? (
        <p className="notice notice--success" role="status">
          {t("invitee.imported", imported)}
        </p>
      ) : null}
      {mailed ? (
        <p className="notice notice--success" role="status">
          {t(mailedMessage[mailed.mailing], { count: n(mailed.count) })} <Link to={`/admin/events/${eventId}/outbox`}>{t("event.outbox")}</Link>
        </p>
      ) : null}
      {progress ? <MailingProgress progress={progress} /> : null}
      {state.errors?.form ? (
        <p className="notice notice--error" role="alert">
          {t(state.errors.form)}
        </p>
      ) : null}
      <Form method="post" className="actions">
        <input type="hidden" name="scope" value="all" />
        <button type="submit" name="mailing" value="invite" className="button button--primary" disabled={cancelled || counts.notInvited === 0}>
          {t("invitee.sendInvitations", { count: n(counts.notInvited) })}
        </button>
        {counts.failed > 0 ? (
          <button type="submit" name="mailing" value="retry" className="button" disabled={cancelled}>
            {t("invitee.retryFailed", { count: n(counts.failed) })}
          </button>
        ) : null}
        <button type="submit" name="mailing" value="remind" className="button" disabled={cancelled || counts.remindable === 0}>
          {t("invitee.remind", { count: n(counts.remindable) })}
        </button>
      </Form>
      <div className="actions">
        <Link to={`/admin/events/${eventId}/invitation`} className="button">
          {t("invitee.editInvitation")}
        </Link>
        <Link to={`/admin/events/${eventId}/invitees/import`} className="button">
          {t("invitee.import")}
        </Link>
        <a href={`/admin/events/${eventId}/download?what=invitees-export&format=xlsx`} className="button">
          {t("invitee.exportXlsx")}
        </a>
        <a href={`/admin/events/${eventId}/download?what=invitees-export&format=csv`} className="button">
          {t("invitee.exportCsv")}
        </a>
        <LettersForm eventId={eventId} groups={groups} />
      </div>
      <DeliveryCountsTable deliveryCounts={deliveryCounts} total={total} />
      <InviteeFilterForm filters={filters} groups={groups} />
      {invitees.length === 0 ? (
        <p>{t("invitee.none")}</p>
      ) : (
        <Form method="post" id="bulk">
          <Pagination info={page} keep={FILTER_PARAMS} label={t("paging.invitees")} />
          {/* "All shown" acts on what the filters show, so it carries them. */}
          <input type="hidden" name="q" value={filters.q} />
          <input type="hidden" name="group" value={filters.group} />
          <input type="hidden" name="delivery" value={filters.delivery} />
          <input type="hidden" name="response" value={filters.response} />
          {filters.vip ? <input type="hidden" name="vip" value="1" /> : null}
          <table className="table">
            <caption className="visually-hidden">{t("invitee.listCaption", { count: n(page.total) })}</caption>
            <thead>
              <tr>
                <th scope="col">
                  <span className="visually-hidden">{t("invitee.select")}</span>
                </th>
                <th scope="col">{t("invitee.name")}</th>
                <th scope="col">{t("invitee.organization")}</th>
                <th scope="col">{t("invitee.group")}</th>
                <th scope="col">{t("invitee.contact")}</th>
                <th scope="col">{t("invitee.delivery")}</th>
                <th scope="col">{t("attendees.answer")}</th>
              </tr>
            </thead>
            <tbody>
              {invitees.map((invitee) => (
                <InviteeRow key={invitee.id} eventId={eventId} invitee={invitee} />
              ))}
            </tbody>
          </table>
          <fieldset className="bulk" disabled={cancelled}>
            <legend>{t("invitee.bulkTitle")}</legend>
            <div className="field field--check">
              <input type="radio" id="scope-selected" name="scope" value="selected" defaultChecked />
              <label htmlFor="scope-selected">{t("invitee.scopeSelected")}</label>
            </div>
            <div className="field field--check">
              <input type="radio" id="scope-filtered" name="scope" value="filtered" />
              <label htmlFor="scope-filtered">{t(filtered ? "invitee.scopeFiltered" : "invitee.scopeEveryone", { count: n(page.total) })}</label>
            </div>
            <div className="actions">
              <button type="submit" name="mailing" value="invite" className="button">
                {t("invitee.bulkInvite")}
              </button>
              <button type="submit" name="mailing" value="retry" className="button">
                {t("invitee.bulkRetry")}
              </button>
              <button type="submit" name="mailing" value="remind" className="button">
                {t("invitee.bulkRemind")}
              </button>
            </div>
            <p className="field__hint">{t("invitee.bulkHint")}</p>
          </fieldset>
        </Form>
      )}
      <h2>{t("invitee.add")}</h2>
      {added && !state.errors ? (
        <p className="notice notice--success" role="status">
          {t("invitee.added")}
        </p>
      ) : null}
      <FormErrorSummary state={state.errors?.form ? {} : state} />
      <Form method="post" noValidate key={added ?? "new"}>
        <InviteeFields state={state} defaults={{ language: "ko" }} groups={groups.map((g) => g.name).filter(Boolean)} />
        <button type="submit" className="button button--primary">
          {t("invitee.addSubmit")}
        </button>
      </Form>
    </section>
  );
}
