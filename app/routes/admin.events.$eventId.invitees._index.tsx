import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { FormErrorSummary, type FormState } from "~/components/field";
import { InviteeFields } from "~/components/invitee-fields";
import { getEvent } from "~/domain/events.server";
import {
  addInvitee,
  DuplicateInviteeEmailError,
  invitationDelivery,
  inviteeFormSchema,
  listInvitees,
  queueInvitations,
  type DeliveryStatus,
} from "~/domain/invitations.server";
import { requireEventPermission } from "~/lib/auth.server";
import { eventTitle } from "~/lib/event-view";
import { fieldFailure, parseForm } from "~/lib/forms";
import { translator, useT, type MessageKey } from "~/lib/i18n";
import { resolveLocale } from "~/lib/locale.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.pageTitle ?? "Nanum" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { eventId } = await requireEventPermission(request, context, params.eventId, "event.edit");
  const event = await getEvent(context.db, eventId);
  if (!event) throw new Response("Not found", { status: 404 });
  const url = new URL(request.url);
  const filters = {
    q: url.searchParams.get("q")?.slice(0, 100) ?? "",
    group: url.searchParams.get("group") ?? "",
    vip: url.searchParams.get("vip") === "1",
  };
  const { invitees, groups } = await listInvitees(context.db, eventId, {
    q: filters.q,
    group: url.searchParams.has("group") && filters.group !== "*" ? filters.group : undefined,
    vip: filters.vip ? true : undefined,
  });
  const delivery = await invitationDelivery(context.db, eventId);
  const locale = await resolveLocale(request);
  const t = translator(locale);
  const title = eventTitle(event, locale);
  const rows = invitees.map((invitee) => ({ ...invitee, delivery: delivery.get(invitee.id) ?? { status: "not-invited" as DeliveryStatus, error: null } }));
  const notInvited = rows.filter((row) => row.email && row.delivery.status === "not-invited").length;
  const queued = url.searchParams.has("queued") ? Number(url.searchParams.get("queued")) || 0 : null;
  // After an add the form is emptied (re-mounted under a new key) and the addition confirmed.
  const added = url.searchParams.get("added");
  const imported = url.searchParams.has("imported")
    ? { added: Number(url.searchParams.get("imported")) || 0, updated: Number(url.searchParams.get("updated")) || 0 }
    : null;
  return { eventId, title, invitees: rows, notInvited, queued, groups, filters, added, imported, pageTitle: `${t("invitee.title")}: ${title} · ${t("app.name")}` };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { eventId } = await requireEventPermission(request, context, params.eventId, "event.edit");
  const formData = await request.formData();
  if (formData.get("intent") === "send-invitations") {
    const origin = context.config.appUrl ?? new URL(request.url).origin;
    const queued = await queueInvitations(context.db, { eventId, origin, messageIdDomain: context.config.smtpFrom.split("@")[1] ?? "nanum.local" });
    context.mail.nudge();
    return redirect(`/admin/events/${eventId}/invitees?queued=${queued}`);
  }
  const parsed = parseForm(inviteeFormSchema, formData);
  if (!parsed.success) return data(parsed, { status: 400 });
  try {
    const { id } = await addInvitee(context.db, eventId, parsed.data);
    return redirect(`/admin/events/${eventId}/invitees?added=${id}`);
  } catch (error) {
    if (error instanceof DuplicateInviteeEmailError) return data(fieldFailure(formData, { email: "invitee.duplicateEmail" }), { status: 400 });
    throw error;
  }
}

export default function Invitees() {
  const { eventId, title, invitees, notInvited, queued, groups, filters, added, imported } = useLoaderData<typeof loader>();
  const state: FormState = useActionData<typeof action>() ?? {};
  const t = useT();
  const total = groups.reduce((sum, group) => sum + group.count, 0);
  return (
    <section>
      <p>
        <Link to={`/admin/events/${eventId}`}>← {title}</Link>
      </p>
      <h1>{t("invitee.title")}</h1>
      {imported ? (
        <p className="notice notice--success" role="status">
          {t("invitee.imported", imported)}
        </p>
      ) : null}
      {queued !== null ? (
        <p className="notice notice--success" role="status">
          {t("invitee.queued", { count: queued })} <Link to={`/admin/events/${eventId}/outbox`}>{t("event.outbox")}</Link>
        </p>
      ) : null}
      <div className="actions">
        <Form method="post">
          <button type="submit" name="intent" value="send-invitations" className="button button--primary" disabled={notInvited === 0}>
            {t("invitee.sendInvitations", { count: notInvited })}
          </button>
        </Form>
        <Link to={`/admin/events/${eventId}/invitation`} className="button">
          {t("invitee.editInvitation")}
        </Link>
        <Link to={`/admin/events/${eventId}/invitees/import`} className="button">
          {t("invitee.import")}
        </Link>
        <a href={`/admin/events/${eventId}/invitees/export?format=xlsx`} className="button" download>
          {t("invitee.exportXlsx")}
        </a>
        <a href={`/admin/events/${eventId}/invitees/export?format=csv`} className="button" download>
          {t("invitee.exportCsv")}
        </a>
        <Form method="get" action={`/admin/events/${eventId}/invitees/letters`} className="inline-form letters-form">
          <label htmlFor="letters-group" className="visually-hidden">
            {t("letter.who")}
          </label>
          <select id="letters-group" name="group" defaultValue="*">
            <option value="*">{t("letter.everyone")}</option>
            {groups.map((group) => (
              <option key={group.name} value={group.name}>
                {group.name || t("invitee.noGroup")}
              </option>
            ))}
          </select>
          <label>
            <input type="checkbox" name="without-email" value="1" /> {t("letter.withoutEmailOnly")}
          </label>
          <button type="submit" className="button">
            {t("letter.printMany")}
          </button>
        </Form>
      </div>
      <ul className="group-counts" aria-label={t("invitee.byGroup")}>
        <li>{t("invitee.total", { count: total })}</li>
        {groups.map((group) => (
          <li key={group.name}>
            {group.name || t("invitee.noGroup")}: {group.count}
          </li>
        ))}
      </ul>
      <Form method="get" className="filters" role="search">
        <div className="field">
          <label htmlFor="filter-q">{t("invitee.search")}</label>
          <input id="filter-q" name="q" type="search" defaultValue={filters.q} placeholder={t("invitee.searchHint")} />
        </div>
        <div className="field">
          <label htmlFor="filter-group">{t("invitee.filterGroup")}</label>
          <select id="filter-group" name="group" defaultValue={filters.group || "*"}>
            <option value="*">{t("invitee.allGroups")}</option>
            {groups.map((group) => (
              <option key={group.name} value={group.name}>
                {group.name || t("invitee.noGroup")}
              </option>
            ))}
          </select>
        </div>
        <div className="field field--check">
          <input type="checkbox" id="filter-vip" name="vip" value="1" defaultChecked={filters.vip} />
          <label htmlFor="filter-vip">{t("invitee.vipOnly")}</label>
        </div>
        <button type="submit" className="button">
          {t("invitee.filter")}
        </button>
      </Form>
      {invitees.length === 0 ? (
        <p>{t("invitee.none")}</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t("invitee.name")}</th>
              <th scope="col">{t("invitee.organization")}</th>
              <th scope="col">{t("invitee.group")}</th>
              <th scope="col">{t("invitee.contact")}</th>
              <th scope="col">{t("invitee.delivery")}</th>
            </tr>
          </thead>
          <tbody>
            {invitees.map((invitee) => (
              <tr key={invitee.id}>
                <td>
                  <Link to={`/admin/events/${eventId}/invitees/${invitee.id}`}>{invitee.name}</Link>
                  {invitee.is_vip ? <span className="vip"> VIP</span> : null}
                </td>
                <td>
                  {invitee.organization}
                  {invitee.position ? ` · ${invitee.position}` : ""}
                </td>
                <td>{invitee.group_name}</td>
                <td>{invitee.email ?? invitee.phone}</td>
                <td>
                  <span className={`status status--${invitee.delivery.status}`}>{t(`delivery.${invitee.delivery.status}` as MessageKey)}</span>
                  {invitee.delivery.error && invitee.delivery.status === "failed" ? <p className="field__hint">{invitee.delivery.error}</p> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>{t("invitee.add")}</h2>
      {added && !state.errors ? (
        <p className="notice notice--success" role="status">
          {t("invitee.added")}
        </p>
      ) : null}
      <FormErrorSummary state={state} />
      <Form method="post" noValidate key={added ?? "new"}>
        <InviteeFields state={state} defaults={{ language: "ko" }} groups={groups.map((g) => g.name).filter(Boolean)} />
        <button type="submit" className="button button--primary">
          {t("invitee.addSubmit")}
        </button>
      </Form>
    </section>
  );
}
