import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { keepPageWhenUnreachable } from "~/components/live-reload";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { Field, FormErrorSummary, type FormState } from "~/components/field";
import { z } from "zod";
import { LiveStatus } from "~/components/live-status";
import { useLiveUpdates } from "~/components/use-live-updates";
import { arrivalsOverview, moveVipIntroduction } from "~/domain/checkin/arrivals.server";
import { listCheckinConflicts } from "~/domain/checkin/checkin.server";
import type { CheckinConflictReason } from "../../db/schema";
import { queueThankYous, thankYouAudience, thankYouSchema } from "~/domain/invitations/guest-mail.server";
import { requireEventPermission } from "~/web/auth.server";
import { eventTitle } from "~/domain/events/event-view";
import { formatDateTime } from "~/lib/format";
import { idField, parseForm } from "~/lib/forms.server";
import { useT, type MessageKey, messageKey } from "~/i18n/i18n";
import { mailOrigin } from "~/lib/mail-origin.server";
import { readFormData } from "~/web/form-data.server";
import { requireEventPage } from "~/web/event-page.server";
import { organizerAccess } from "~/web/access-by.server";
import { accessFilter, recordAccess } from "~/domain/access-records/access-records.server";
import { pageTitleMeta } from "~/web/meta";

export const meta = pageTitleMeta;
export const clientLoader = keepPageWhenUnreachable();

const CONFLICT_MESSAGES = {
  double: "arrivals.conflict",
  ticket: "arrivals.conflictTicket",
  time: "arrivals.conflictTime",
} as const satisfies Record<CheckinConflictReason, MessageKey>;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { eventId, event, locale, t, organizer } = await requireEventPage(request, context, params.eventId, "event.view");
  const overview = await arrivalsOverview(context.db, eventId, locale);
  await recordAccess(context.db, {
    ...organizerAccess(context, organizer.id),
    action: "list",
    eventId,
    count: overview.recent.length + overview.vips.length,
    filter: accessFilter({ list: "arrivals" }),
  });
  const at = (when: Date | null) => (when ? formatDateTime(when, event.time_zone, locale) : null);
  return {
    eventId,
    title: eventTitle(event, locale),
    ...overview,
    recent: overview.recent.map((row) => ({ ...row, checked_in_at: at(row.checked_in_at) })),
    vips: overview.vips.map((vip) => ({ ...vip, checked_in_at: at(vip.checked_in_at) })),
    thankable: await thankYouAudience(context.db, eventId),
    conflicts: (await listCheckinConflicts(context.db, eventId)).map((conflict) => ({ ...conflict, checked_in_at: at(conflict.checked_in_at), firstAt: at(conflict.firstAt) })),
    pageTitle: `${t("arrivals.title")} · ${eventTitle(event, locale)}`,
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const moveSchema = z.object({ inviteeId: idField, direction: z.enum(["up", "down"]) });
  const { eventId, organizer } = await requireEventPermission(request, context, params.eventId, "event.edit");
  const formData = await readFormData(request);
  if (formData.get("intent") === "thank") {
    const parsed = parseForm(thankYouSchema, formData);
    if (!parsed.success) return data(parsed, { status: 400 });
    const count = await queueThankYous(context.db, eventId, parsed.data, mailOrigin(context.config), organizerAccess(context, organizer.id));
    context.mail.nudge();
    return redirect(`/admin/events/${eventId}/arrivals?thanked=${count}#thanks`);
  }
  const parsed = moveSchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) return data({ errors: { form: messageKey("error.invalid") } }, { status: 400 });
  // The MC's list, perhaps open on another screen, follows the new order.
  if (await moveVipIntroduction(context.db, eventId, parsed.data.inviteeId, parsed.data.direction)) context.arrivals.announce(eventId);
  return redirect(`/admin/events/${eventId}/arrivals#vips`);
}

export default function Arrivals() {
  const { eventId, title, expected, arrived, groups, byEntrance, recent, vips, thankable, conflicts } = useLoaderData<typeof loader>();
  const state: FormState = useActionData<typeof action>() ?? {};
  const [params] = useSearchParams();
  const t = useT();
  // Arrivals come in while the organizer watches, through any door and any instance: the page
  // follows them live (with JavaScript; without, the refresh link below).
  const live = useLiveUpdates(`/admin/events/${eventId}/arrivals/stream`);
  return (
    <section>
      <p>
        <Link to={`/admin/events/${eventId}`}>← {title}</Link>
      </p>
      <h1>{t("arrivals.title")}</h1>
      <p className="arrivals__total" role="status" aria-live="polite">
        {t("arrivals.total", { arrived, expected })}
      </p>
      <LiveStatus state={live} />
      <p className="actions">
        <Link to="." className="button">
          {t("invitee.refresh")}
        </Link>
        <a href={`/admin/events/${eventId}/download?what=arrivals-export&format=xlsx`} className="button">
          {t("invitee.exportXlsx")}
        </a>
        <a href={`/admin/events/${eventId}/download?what=arrivals-export&format=csv`} className="button">
          {t("invitee.exportCsv")}
        </a>
        <Link to={`/admin/events/${eventId}/arrivals/report`} className="button">
          {t("arrivals.report")}
        </Link>
      </p>
      <div className="arrivals__grid">
        <table className="table">
          <caption>{t("arrivals.byGroup")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("invitee.group")}</th>
              <th scope="col">{t("arrivals.arrived")}</th>
              <th scope="col">{t("arrivals.expected")}</th>
            </tr>
          </thead>
          <tbody>
            {groups.map((group) => (
              <tr key={group.name}>
                <th scope="row">{group.name || t("invitee.noGroup")}</th>
                <td>{group.arrived}</td>
                <td>{group.expected}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <table className="table">
          <caption>{t("arrivals.byEntrance")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("arrivals.entrance")}</th>
              <th scope="col">{t("arrivals.arrived")}</th>
            </tr>
          </thead>
          <tbody>
            {byEntrance.map((row) => (
              <tr key={row.entrance}>
                <th scope="row">{row.entrance || t("arrivals.noEntrance")}</th>
                <td>{row.arrived}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {conflicts.length > 0 ? (
        <section className="notice notice--error" aria-labelledby="conflicts-title">
          <h2 id="conflicts-title">{t("arrivals.conflicts")}</h2>
          <p>{t("arrivals.conflictsHint")}</p>
          <ul>
            {conflicts.map((conflict) => (
              <li key={conflict.id}>
                {t(CONFLICT_MESSAGES[conflict.reason], {
                  name: conflict.name,
                  entrance: conflict.entrance,
                  at: conflict.checked_in_at ?? "",
                  firstEntrance: conflict.firstEntrance ?? "",
                  firstAt: conflict.firstAt ?? "",
                })}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <h2 id="vips">{t("arrivals.vips")}</h2>
      <p className="actions">
        <Link to={`/admin/events/${eventId}/arrivals/vip-intro`} className="button">
          {t("arrivals.vipIntroPrint")}
        </Link>
      </p>
      {vips.length === 0 ? (
        <p>{t("arrivals.noVips")}</p>
      ) : (
        <ol className="vip-list">
          {vips.map((vip, index) => (
            <li key={vip.id} className={vip.checked_in_at ? "vip-list__arrived" : "vip-list__waiting"}>
              <strong>{vip.name}</strong> {vip.organization} {vip.position} {vip.seat ? <span className="vip-list__seat">{t("seatShow.seatLine", { seat: vip.seat })}</span> : null}{" "}
              <span className={`status ${vip.checked_in_at ? "status--sent" : ""}`}>
                {vip.checked_in_at ? t("arrivals.vipArrived", { at: vip.checked_in_at, entrance: vip.entrance ?? "" }) : t("arrivals.vipNotYet")}
              </span>
              {vip.proxy_name ? (
                <span className="muted">
                  {" "}
                  ({t("ticket.onBehalfOf", { name: vip.name })}: {vip.proxy_name})
                </span>
              ) : null}
              <Form method="post" className="inline-form">
                <input type="hidden" name="inviteeId" value={vip.id} />
                <button type="submit" name="direction" value="up" className="button button--small" disabled={index === 0} aria-label={t("arrivals.moveUp", { name: vip.name })}>
                  ↑
                </button>
                <button type="submit" name="direction" value="down" className="button button--small" disabled={index === vips.length - 1} aria-label={t("arrivals.moveDown", { name: vip.name })}>
                  ↓
                </button>
              </Form>
            </li>
          ))}
        </ol>
      )}
      <h2 id="thanks">{t("arrivals.thanksTitle")}</h2>
      {params.has("thanked") ? (
        <p className="notice notice--success" role="status">
          {t("arrivals.thanked", { count: Number(params.get("thanked")) || 0 })}
        </p>
      ) : null}
      <FormErrorSummary state={state} />
      <Form method="post" noValidate>
        <input type="hidden" name="intent" value="thank" />
        <Field name="messageKo" label={t("arrivals.thanksKo")} hint={t("arrivals.thanksHint")} multiline state={state} />
        <Field name="messageEn" label={t("arrivals.thanksEn")} multiline state={state} />
        <button type="submit" className="button" disabled={thankable === 0}>
          {t("arrivals.thanksSend", { count: thankable })}
        </button>
      </Form>
      <h2>{t("arrivals.recent")}</h2>
      {recent.length === 0 ? (
        <p>{t("arrivals.none")}</p>
      ) : (
        <table className="table">
          <caption className="visually-hidden">{t("arrivals.recent")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("arrivals.checkedInAt")}</th>
              <th scope="col">{t("invitee.name")}</th>
              <th scope="col">{t("invitee.organization")}</th>
              <th scope="col">{t("invitee.group")}</th>
              <th scope="col">{t("arrivals.entrance")}</th>
              <th scope="col">{t("seatShow.seat")}</th>
            </tr>
          </thead>
          <tbody>
            {recent.map((row) => (
              <tr key={row.id}>
                <td>{row.checked_in_at}</td>
                <td>
                  {row.name}
                  {row.is_vip ? <span className="vip"> VIP</span> : null}
                </td>
                <td>{row.organization}</td>
                <td>{row.group_name}</td>
                <td>{row.entrance}</td>
                <td>{row.seat}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
