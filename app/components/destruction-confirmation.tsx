import { causeLabel, destroyedCategoryLabel, destroyedHowLabel, destroyedItemsLabel, methodLabel } from "~/domain/events/destruction-register";
import type { DestructionRecordView } from "~/domain/events/destruction-register.server";
import { translator } from "~/i18n/i18n";

/**
 * One printed A4 confirmation of destruction (개인정보 파기 확인서) from the register's row, in the
 * language the row was prepared in, with the lines the person in charge and the one who checks
 * it sign, as public bodies file it.
 */
export function DestructionConfirmation({ record }: { record: DestructionRecordView }) {
  const t = translator(record.locale);
  return (
    <article className="destruction" lang={record.locale}>
      <h1 className="destruction__heading">{t("destruction.title")}</h1>
      <p className="destruction__number">{t("destruction.number", { id: record.id })}</p>
      <table className="destruction__facts">
        <caption className="visually-hidden">{t("destruction.factsCaption")}</caption>
        <tbody>
          <tr>
            <th scope="row">{t("destruction.event")}</th>
            <td>{record.event.title}</td>
          </tr>
          <tr>
            <th scope="row">{t("destruction.eventWhen")}</th>
            <td>
              {record.event.date} {record.event.time}
            </td>
          </tr>
          <tr>
            <th scope="row">{t("destruction.retention")}</th>
            <td>{t("destruction.retentionValue", { days: record.retentionDays, date: record.retainedUntil })}</td>
          </tr>
          <tr>
            <th scope="row">{t("destruction.cause")}</th>
            <td>{t(causeLabel[record.cause])}</td>
          </tr>
          <tr>
            <th scope="row">{t("destruction.at")}</th>
            <td>
              <time dateTime={record.destroyedAtIso}>{record.destroyedAt}</time>
              {record.zone ? ` (${record.zone})` : ""}
            </td>
          </tr>
          <tr>
            <th scope="row">{t("destruction.method")}</th>
            <td>{t(methodLabel[record.method])}</td>
          </tr>
          <tr>
            <th scope="row">{t("destruction.by")}</th>
            <td>{record.by ? t("destruction.byOrganizer", { name: record.by.name, email: record.by.email }) : t("destruction.byRetention")}</td>
          </tr>
        </tbody>
      </table>

      <table className="destruction__items">
        <caption>{t("destruction.itemsCaption")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("destruction.column.category")}</th>
            <th scope="col">{t("destruction.column.items")}</th>
            <th scope="col">{t("destruction.column.how")}</th>
            <th scope="col">{t("destruction.column.count")}</th>
          </tr>
        </thead>
        <tbody>
          {record.items.map((item) => (
            <tr key={item.category}>
              <th scope="row">{t(destroyedCategoryLabel[item.category])}</th>
              <td>{t(destroyedItemsLabel[item.category])}</td>
              <td>{t(destroyedHowLabel[item.how])}</td>
              <td className="destruction__count">{item.count}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <ul className="destruction__notes">
        <li>{t("destruction.note.noPersonalData")}</li>
        <li>{t("destruction.note.kept")}</li>
        <li>{t("destruction.note.backups")}</li>
      </ul>

      <div className="destruction__sign">
        <p className="destruction__statement">{t("destruction.statement")}</p>
        <table className="destruction__signatures">
          <caption className="visually-hidden">{t("destruction.signaturesCaption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("destruction.column.role")}</th>
              <th scope="col">{t("destruction.column.department")}</th>
              <th scope="col">{t("destruction.column.position")}</th>
              <th scope="col">{t("destruction.column.name")}</th>
              <th scope="col">{t("destruction.column.signature")}</th>
              <th scope="col">{t("destruction.column.date")}</th>
            </tr>
          </thead>
          <tbody>
            {(["destruction.signer.handler", "destruction.signer.officer"] as const).map((signer) => (
              <tr key={signer}>
                <th scope="row">{t(signer)}</th>
                <td aria-label={t("destruction.column.department")} />
                <td aria-label={t("destruction.column.position")} />
                <td aria-label={t("destruction.column.name")} />
                <td aria-label={t("destruction.column.signature")} />
                <td aria-label={t("destruction.column.date")} />
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </article>
  );
}
