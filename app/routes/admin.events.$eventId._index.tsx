import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { attendeeNoticeSchedule } from "~/domain/invitations/attendee-notices.server";
import { listGuestRequests } from "~/domain/invitations/guest-rights.server";
import { copyEvent, setEventStatus } from "~/domain/events/events.server";
import { requireEventPermission } from "~/web/auth.server";
import { eventTitle, eventWhen, hostNames, kindLabel, statusLabel, venueName } from "~/domain/events/event-view";
import { formatDateTime } from "~/lib/format";
import { useT, type MessageKey } from "~/i18n/i18n";
import { roleAllows } from "~/domain/events/access.server";
import { readFormData } from "~/web/form-data.server";
import { requireEventPage } from "~/web/event-page.server";
import { pageTitleMeta } from "~/web/meta";

export const meta = pageTitleMeta;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { role, event, locale, t } = await requireEventPage(request, context, params.eventId, "event.view");
  const title = eventTitle(event, locale);
  const notice = attendeeNoticeSchedule(event);
  const at = (when: Date | null) => (when ? formatDateTime(when, event.time_zone, locale) : "");
  const guestRequests = (await listGuestRequests(context.db, event.id)).map((request) => ({ ...request, requestedAt: at(request.requestedAt), carriedOutAt: at(request.carriedOutAt) }));
  return {
    guestRequests,
    event: {
      id: event.id,
      slug: event.slug,
      title,
      kind: kindLabel[event.kind],
      when: eventWhen(event, locale),
      hosts: hostNames(event.hosts, locale),
      venue: venueName(event, locale),
      capacity: event.capacity,
      status: event.status,
      visibility: event.visibility,
      cancelled: event.cancelled_at !== null,
      openRegistration: event.open_registration,
      notice: { state: notice.state, at: notice.at ? formatDateTime(notice.at, event.time_zone, locale) : "" },
    },
    canManageAccess: roleAllows(role, "event.members"),
    pageTitle: `${title} · ${t("nav.admin")} · ${t("app.name")}`,
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const intentSchema = z.object({ intent: z.enum(["publish", "unpublish", "archive", "copy"]) });
  const { eventId, organizer } = await requireEventPermission(request, context, params.eventId, "event.edit");
  const parsed = intentSchema.safeParse(Object.fromEntries(await readFormData(request)));
  if (!parsed.success) return data({ error: "error.invalid" as const }, { status: 400 });
  switch (parsed.data.intent) {
    case "publish":
      await setEventStatus(context.db, eventId, "published");
      break;
    case "unpublish":
      await setEventStatus(context.db, eventId, "draft");
      break;
    case "archive":
      await setEventStatus(context.db, eventId, "archived");
      break;
    case "copy": {
      const copy = await copyEvent(context.db, eventId, organizer.id);
      return redirect(`/admin/events/${copy.id}/edit`);
    }
  }
  return redirect(`/admin/events/${eventId}`);
}

const REQUEST_OUTCOME: Record<"done" | "queued" | "refused", MessageKey> = {
  done: "guestRequests.done",
  queued: "guestRequests.queued",
  refused: "guestRequests.refused",
};

/** Guests' deletion requests: when, and what became of each; a deletion carried out names nobody. */
function GuestRequests() {
  const { event, guestRequests } = useLoaderData<typeof loader>();
  const t = useT();
  if (guestRequests.length === 0) return null;
  return (
    <section aria-labelledby="guest-requests-title">
      <h2 id="guest-requests-title">{t("guestRequests.title")}</h2>
      <ul className="guest-requests">
        {guestRequests.map((request) => (
          <li key={request.id}>
            {t(REQUEST_OUTCOME[request.status], { requested: request.requestedAt, done: request.carriedOutAt, ends: event.when.date })}
            {request.invitee ? (
              <>
                {" "}
                <Link to={`/admin/events/${event.id}/invitees/${request.invitee.id}`}>{request.invitee.name}</Link>
              </>
            ) : null}
            {request.reason === "award-recipient" ? <p className="muted">{t("guestRequests.reason.award-recipient")}</p> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

export default function EventOverview() {
  const { event, canManageAccess } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const t = useT();
  return (
    <section>
      {params.get("saved") ? (
        <p className="notice notice--success" role="status">
          {t("form.saved")}
          {params.get("notices") ? ` ${t("event.noticesQueued", { count: Number(params.get("notices")) || 0 })}` : ""}
        </p>
      ) : null}
      {event.cancelled ? (
        <p className="notice notice--error" role="status">
          {t("event.cancelledAdmin")}
          {params.has("cancelled") ? ` ${t("event.cancellationsQueued", { count: Number(params.get("cancelled")) || 0 })}` : ""}
        </p>
      ) : null}
      <p className="event__kind">{t(event.kind)}</p>
      <h1>{event.title}</h1>
      <p>
        <span className={`status status--${event.status}`}>{t(statusLabel[event.status])}</span> {event.visibility === "unlisted" ? <span className="badge">{t("visibility.unlisted")}</span> : null}
      </p>
      <dl className="event__facts">
        <dt>{t("event.when")}</dt>
        <dd>
          {event.when.date} {event.when.time}
        </dd>
        <dt>{t("event.hosts")}</dt>
        <dd>{event.hosts.join(" · ")}</dd>
        <dt>{t("event.venue")}</dt>
        <dd>{event.venue}</dd>
        <dt>{t("field.capacity")}</dt>
        <dd>{event.capacity ?? t("event.noCapacity")}</dd>
        <dt>{t("event.publicLink")}</dt>
        <dd>
          {event.status === "published" ? (
            <Link to={`/e/${event.slug}`}>/e/{event.slug}</Link>
          ) : (
            <span>
              /e/{event.slug} ({t("event.notPublicYet")})
            </span>
          )}
        </dd>
        <dt>{t("registration.title")}</dt>
        <dd>{event.openRegistration ? t("registration.isOn") : t("registration.isOff")}</dd>
        <dt>{t("notice.label")}</dt>
        <dd>{t(`notice.${event.notice.state}`, { when: event.notice.at })}</dd>
      </dl>
      <div className="actions">
        <Link to={`/admin/events/${event.id}/edit`} className="button">
          {t("event.edit")}
        </Link>
        <Link to={`/admin/events/${event.id}/invitees`} className="button">
          {t("invitee.title")}
        </Link>
        <Link to={`/admin/events/${event.id}/attendees`} className="button">
          {t("attendees.title")}
        </Link>
        {event.status !== "archived" ? (
          <Link reloadDocument to={`/checkin/${event.slug}`} className="button">
            {t("scanner.open")}
          </Link>
        ) : null}
        <Link to={`/admin/events/${event.id}/rsvp`} className="button">
          {t("rsvpSettings.title")}
        </Link>
        <Link to={`/admin/events/${event.id}/agenda`} className="button">
          {t("event.agenda")}
        </Link>
        <Link to={`/admin/events/${event.id}/awards`} className="button">
          {t("event.awards")}
        </Link>
        <Link to={`/admin/events/${event.id}/arrivals`} className="button">
          {t("event.arrivals")}
        </Link>
        <Link to={`/admin/events/${event.id}/protocol`} className="button">
          {t("protocol.link")}
        </Link>
        <Link to={`/admin/events/${event.id}/seating`} className="button">
          {t("seating.link")}
        </Link>
        <Link to={`/admin/events/${event.id}/arrivals/certificates`} className="button" reloadDocument>
          {t("attendance.link")}
        </Link>
        <Link to={`/admin/events/${event.id}/survey`} className="button">
          {t("survey.link")}
        </Link>
        <Link to={`/admin/events/${event.id}/devices`} className="button">
          {t("devices.title")}
        </Link>
        <Link to={`/admin/events/${event.id}/outbox`} className="button">
          {t("event.outbox")}
        </Link>
        <Link to={`/admin/events/${event.id}/registration`} className="button">
          {t("registration.title")}
        </Link>
        {canManageAccess ? (
          <>
            <Link to={`/admin/events/${event.id}/access`} className="button">
              {t("access.title")}
            </Link>
            <Link to={`/admin/events/${event.id}/purge`} className="button">
              {t("event.purge")}
            </Link>
            <Link to={`/admin/events/${event.id}/access-records`} className="button">
              {t("accessLog.title")}
            </Link>
          </>
        ) : null}
        <Form method="post" className="inline-form">
          {event.status !== "published" ? (
            <button type="submit" name="intent" value="publish" className="button button--primary">
              {t("event.publish")}
            </button>
          ) : (
            <button type="submit" name="intent" value="unpublish" className="button">
              {t("event.unpublish")}
            </button>
          )}
          {event.status !== "archived" ? (
            <button type="submit" name="intent" value="archive" className="button">
              {t("event.archive")}
            </button>
          ) : null}
          <button type="submit" name="intent" value="copy" className="button">
            {t("event.copy")}
          </button>
        </Form>
        {!event.cancelled ? (
          <Link to={`/admin/events/${event.id}/cancel`} className="button button--danger">
            {t("cancel.title")}
          </Link>
        ) : null}
      </div>
      <GuestRequests />
    </section>
  );
}
