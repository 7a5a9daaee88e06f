import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { causeLabel, destroyedCategoryLabel } from "~/domain/events/destruction-register";
import { destructionRecordView, listDestructionRecords } from "~/domain/events/destruction-register.server";
import { translator, useT } from "~/i18n/i18n";
import { requireOrganizer } from "~/web/auth.server";
import { resolveLocale } from "~/web/locale.server";
import { pageTitleMeta } from "~/web/meta";

export const meta = pageTitleMeta;

/** The destruction register (파기 대장) of the events the organizer owns, newest first. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { organizer } = await requireOrganizer(request, context);
  const locale = await resolveLocale(request);
  const records = (await listDestructionRecords(context.db, organizer.id)).map((record) => destructionRecordView(record, locale));
  const t = translator(locale);
  return { records, pageTitle: `${t("destruction.register")} · ${t("app.name")}` };
}

export default function DestructionRegister() {
  const { records } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <section>
      <h1>{t("destruction.register")}</h1>
      <p>{t("destruction.registerExplain")}</p>
      {records.length === 0 ? (
        <p className="notice notice--info">{t("destruction.none")}</p>
      ) : (
        <table className="table">
          <caption className="visually-hidden">{t("destruction.register")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("destruction.column.number")}</th>
              <th scope="col">{t("destruction.at")}</th>
              <th scope="col">{t("destruction.event")}</th>
              <th scope="col">{t("destruction.cause")}</th>
              <th scope="col">{t("destruction.by")}</th>
              <th scope="col">{t("destruction.column.destroyed")}</th>
              <th scope="col">{t("destruction.column.confirmation")}</th>
            </tr>
          </thead>
          <tbody>
            {records.map((record) => (
              <tr key={record.id}>
                <td>{record.id}</td>
                <td>
                  <time dateTime={record.destroyedAtIso}>{record.destroyedAt}</time>
                </td>
                <td>
                  {record.event.title}
                  <br />
                  <span className="muted">{record.event.date}</span>
                </td>
                <td>{t(causeLabel[record.cause])}</td>
                <td>{record.by ? record.by.name : t("destruction.byRetentionShort")}</td>
                <td>
                  {record.items
                    .filter((item) => item.n > 0)
                    .map((item) => `${t(destroyedCategoryLabel[item.category])} ${item.count}`)
                    .join(", ") || "0"}
                </td>
                <td>
                  <Link to={`/admin/events/${record.eventId}/destructions/${record.id}`} aria-label={`${t("destruction.open")}: ${t("destruction.number", { id: record.id })} ${record.event.title}`}>
                    {t("destruction.open")}
                  </Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
