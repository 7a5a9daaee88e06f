import { data, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { admitInvitee, attendeeListParams, listAttendees, type AttendeeFilters } from "~/domain/rsvp/attendees.server";
import { reissueTicket } from "~/domain/rsvp/rsvp.server";
import { requireEventPermission } from "~/web/auth.server";
import { organizerAccess } from "~/web/access-by.server";
import { recordListing } from "~/domain/access-records/access-records.server";
import { formatNumber } from "~/lib/format";
import { translator, useLocale, useT, type MessageKey, messageKey } from "~/i18n/i18n";
import { resolveLocale } from "~/web/locale.server";
import { mailOrigin } from "~/lib/mail-origin.server";
import attendeesStylesheet from "~/styles/attendees.css";
import { readFormData } from "~/web/form-data.server";
import { idField } from "~/lib/forms.server";
import { Pagination } from "~/components/pagination";
import { GroupFilter, ResponseFilter, SearchFilter } from "~/components/list-filters";
import { AttendeeCountsTable, AttendeeRow, PrintForGroup } from "~/components/rsvp/attendee-list-parts";
import { readListParams } from "~/lib/list-params.server";
import { notFound } from "~/web/responses";
import { pageTitleMeta } from "~/web/meta";
import { TableScroll } from "~/components/table-scroll";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: attendeesStylesheet }];

export const meta = pageTitleMeta;

/** The list's filters and page, from the address (the filter form) or from a row action's copy of them. */
function readFilters(source: URLSearchParams | FormData) {
  const { q, group, response, page } = readListParams(attendeeListParams, source);
  const form = { q, group: group ?? "*", response: response ?? "" };
  const query: AttendeeFilters = { q, group, response };
  return { form, query, page };
}

/** What the list's search and filters are called in the address; the pager keeps them. */
const FILTER_PARAMS = ["q", "group", "response"] as const;

const DONE = ["admitted", "already-attending", "reissued"] as const;
type Done = (typeof DONE)[number];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { eventId, organizer } = await requireEventPermission(request, context, params.eventId, "event.edit");
  const url = new URL(request.url);
  const filters = readFilters(url.searchParams);
  const locale = await resolveLocale(request);
  const list = await listAttendees(context.db, eventId, filters.query, locale, filters.page);
  if (!list) throw notFound();
  const { q, ...narrowedBy } = filters.query;
  const shown = list.attendees.map((attendee) => attendee.id);
  await recordListing(context.db, organizerAccess(context, organizer.id), { eventId, list: "attendees", subjectIds: shown, query: q, filters: { ...narrowedBy, page: list.page.page } });
  const t = translator(locale);
  const done = url.searchParams.get("done");
  return {
    eventId,
    ...list,
    filters: filters.form,
    done: (DONE as readonly string[]).includes(done ?? "") ? (done as Done) : null,
    pageTitle: `${t("attendees.title")}: ${list.event.title} · ${t("app.name")}`,
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const rowActionSchema = z.object({
    intent: z.enum(["admit", "reissue"]),
    inviteeId: idField,
  });
  const { eventId, organizer } = await requireEventPermission(request, context, params.eventId, "event.edit");
  const by = organizerAccess(context, organizer.id);
  const formData = await readFormData(request);
  const parsed = rowActionSchema.safeParse({ intent: formData.get("intent"), inviteeId: formData.get("inviteeId") });
  if (!parsed.success) return data({ error: messageKey("error.invalid") }, { status: 400 });
  const input = { eventId, inviteeId: parsed.data.inviteeId, mail: mailOrigin(context.config) };
  let done: Done;
  if (parsed.data.intent === "admit") {
    const outcome = await admitInvitee(context.db, input, by);
    if (outcome === "not-found") throw notFound();
    if (outcome === "event-cancelled") return data({ error: messageKey("attendees.eventCancelled") }, { status: 409 });
    done = outcome;
  } else {
    if (!(await reissueTicket(context.db, input, by))) return data({ error: messageKey("attendees.notAttending") }, { status: 409 });
    done = "reissued";
  }
  context.mail.nudge();
  // Back to the list as it was filtered, on the same page.
  const { form, page } = readFilters(formData);
  const back = new URLSearchParams(form);
  if (page > 1) back.set("page", String(page));
  back.set("done", done);
  return redirect(`/admin/events/${eventId}/attendees?${back}`);
}

const doneMessage: Record<Done, MessageKey> = {
  admitted: "attendees.admitted",
  "already-attending": "attendees.alreadyAttending",
  reissued: "attendees.reissued",
};

export default function Attendees() {
  const { eventId, event, questions, attendees, page, byGroup, total, capacity, filters, done } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  const n = (value: number) => formatNumber(value, locale);
  const filtered = filters.q !== "" || filters.group !== "*" || filters.response !== "";
  const keepFilters = (
    <>
      <input type="hidden" name="q" value={filters.q} />
      <input type="hidden" name="group" value={filters.group} />
      <input type="hidden" name="response" value={filters.response} />
      <input type="hidden" name="page" value={page.page} />
    </>
  );
  return (
    <section>
      <p>
        <Link to={`/admin/events/${eventId}`}>← {event.title}</Link>
      </p>
      <h1>{t("attendees.title")}</h1>
      {done ? (
        <p className="notice notice--success" role="status">
          {t(doneMessage[done])}
        </p>
      ) : null}
      {failure?.error ? (
        <p className="notice notice--error" role="alert">
          {t(failure.error)}
        </p>
      ) : null}
      <p className="places">
        {capacity.capacity === null ? t("attendees.placesUnlimited", { held: n(capacity.held) }) : t("attendees.places", { held: n(capacity.held), capacity: n(capacity.capacity) })}
        {capacity.offered > 0 ? <span className="muted"> {t("attendees.placesOffered", { count: n(capacity.offered) })}</span> : null}
      </p>
      <div className="actions">
        <Link to={`/admin/events/${eventId}/rsvp`} className="button">
          {t("rsvpSettings.title")}
        </Link>
        <a href={`/admin/events/${eventId}/download?what=attendees-export&format=xlsx`} className="button">
          {t("invitee.exportXlsx")}
        </a>
        <a href={`/admin/events/${eventId}/download?what=attendees-export&format=csv`} className="button">
          {t("invitee.exportCsv")}
        </a>
        <PrintForGroup action={`/admin/events/${eventId}/attendees/sign-in-sheet`} id="sheet-group" label={t("signIn.who")} button={t("signIn.print")} groups={byGroup.map((group) => group.name)} />
        <PrintForGroup action={`/admin/events/${eventId}/attendees/badges`} id="badge-group" label={t("badges.who")} button={t("badges.print")} groups={byGroup.map((group) => group.name)} />
        <PrintForGroup
          action={`/admin/events/${eventId}/attendees/name-plates`}
          id="plate-group"
          label={t("namePlates.who")}
          button={t("namePlates.print")}
          groups={byGroup.map((group) => group.name)}
        >
          <label>
            <input type="checkbox" name="vip" value="1" /> {t("namePlates.vipOnly")}
          </label>
          <label>
            <input type="checkbox" name="table" value="head" /> {t("seatShow.headTable")}
          </label>
        </PrintForGroup>
      </div>
      <AttendeeCountsTable byGroup={byGroup} total={total} />
      <Form method="get" className="filters" role="search">
        <SearchFilter defaultValue={filters.q} placeholder={t("attendees.searchHint")} />
        <GroupFilter groups={byGroup} defaultValue={filters.group} />
        <ResponseFilter defaultValue={filters.response} />
        <button type="submit" className="button">
          {t("invitee.filter")}
        </button>
      </Form>
      {attendees.length === 0 ? (
        <p>{t(filtered ? "attendees.noneMatching" : "invitee.none")}</p>
      ) : (
        <>
          <Pagination info={page} keep={FILTER_PARAMS} label={t("paging.attendees")} />
          <TableScroll label={t("attendees.listCaption", { count: n(page.total) })}>
            <table className="table table--attendees">
              <caption className="visually-hidden">{t("attendees.listCaption", { count: n(page.total) })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("invitee.name")}</th>
                  <th scope="col">{t("attendees.answer")}</th>
                  <th scope="col">{t("attendees.companions")}</th>
                  {questions.map((question) => (
                    <th scope="col" key={question.id}>
                      {question.label}
                    </th>
                  ))}
                  <th scope="col">{t("attendees.consentAt")}</th>
                  <th scope="col">{t("attendees.ticketCode")}</th>
                  <th scope="col">{t("attendees.actions")}</th>
                </tr>
              </thead>
              <tbody>
                {attendees.map((attendee) => (
                  <AttendeeRow key={attendee.id} eventId={eventId} attendee={attendee} questionIds={questions.map((question) => question.id)} cancelled={event.cancelled} keepFilters={keepFilters} />
                ))}
              </tbody>
            </table>
          </TableScroll>
        </>
      )}
    </section>
  );
}
