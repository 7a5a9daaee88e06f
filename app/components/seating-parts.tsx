import { Form } from "@remix-run/react";
import { Field, FormErrorSummary, type FormState } from "~/components/field";
import type { PlanBlock } from "~/domain/seating/seating-plan";
import { TableScroll } from "~/components/table-scroll";
import { BLOCK_KINDS, personKey } from "~/domain/seating/seating-plan";
import { useT, type MessageKey, type Translate } from "~/i18n/i18n";

/** How the seating page names a person: the guest (a proxy "for" the invitee) or a companion. */
export type PersonLabel = (entry: { guest: { name: string; onBehalfOf: string | null; groupName: string }; companionIndex: number }) => string;

interface SeatedEntry {
  key: string;
  label: string;
  companionIndex: number;
  guest: { id: number; name: string; onBehalfOf: string | null; organization: string; groupName: string };
}

/** Who sits where, each with a button that frees the seat (a plain form). */
export function SeatedTable({ seated, personLabel }: { seated: SeatedEntry[]; personLabel: PersonLabel }) {
  const t = useT();
  return (
    <>
      {seated.length === 0 ? (
        <p>{t("seating.noneSeated")}</p>
      ) : (
        <TableScroll label={t("seating.seatedHeading")}>
          <table className="table">
            <caption className="visually-hidden">{t("seating.seatedHeading")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("seating.seat")}</th>
                <th scope="col">{t("invitee.name")}</th>
                <th scope="col">{t("invitee.organization")}</th>
                <th scope="col">{t("invitee.group")}</th>
                <th scope="col">
                  <span className="visually-hidden">{t("seating.unassign")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {seated.map((entry) => (
                <tr key={entry.key}>
                  <td>{entry.label}</td>
                  <td>{personLabel({ ...entry, guest: { ...entry.guest, groupName: "" } })}</td>
                  <td>{entry.guest.organization}</td>
                  <td>{entry.guest.groupName}</td>
                  <td>
                    <Form method="post">
                      <input type="hidden" name="intent" value="unassign" />
                      <input type="hidden" name="person" value={personKey(entry.guest.id, entry.companionIndex)} />
                      <button type="submit" className="button button--small" aria-label={t("seating.unassignWho", { name: entry.guest.name })}>
                        {t("seating.unassign")}
                      </button>
                    </Form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </>
  );
}

export function BlockFields({
  state,
  defaults,
  idPrefix,
  kindOptions,
  groupList,
}: {
  state: FormState;
  defaults: Record<string, string>;
  idPrefix: string;
  kindOptions: Array<{ value: string; label: string }>;
  groupList: string;
}) {
  const t = useT();
  const kindId = `${idPrefix}-kind`;
  return (
    <div className="seating-block__fields">
      <div className="field">
        <label htmlFor={kindId}>{t("seating.kind")}</label>
        <select id={kindId} name="kind" defaultValue={state.values?.kind ?? defaults.kind}>
          {kindOptions.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      </div>
      <Field name="nameKo" label={t("seating.nameKo")} state={state} defaults={defaults} idPrefix={idPrefix} required />
      <Field name="nameEn" label={t("seating.nameEn")} state={state} defaults={defaults} idPrefix={idPrefix} />
      <Field name="reservedGroup" label={t("seating.reservedGroup")} hint={t("seating.reservedGroupHint")} state={state} defaults={defaults} idPrefix={idPrefix} list={groupList} />
      <Field name="rows" label={t("seating.rows")} hint={t("seating.rowsHint")} state={state} defaults={defaults} idPrefix={idPrefix} inputMode="numeric" />
      <Field name="seatsPerRow" label={t("seating.seatsPerRow")} state={state} defaults={defaults} idPrefix={idPrefix} inputMode="numeric" />
    </div>
  );
}

/** One block's form: its fields, and save, move and remove (a smaller block asks to confirm unseating). */
export function BlockEditor({
  block,
  title,
  state,
  unseatCount,
  first,
  last,
  kindOptions,
  groupList,
}: {
  block: PlanBlock;
  title: string;
  state: FormState;
  unseatCount: number | null;
  first: boolean;
  last: boolean;
  kindOptions: Array<{ value: string; label: string }>;
  groupList: string;
}) {
  const t = useT();
  const form = `block-${block.id}`;
  const defaults = { kind: block.kind, nameKo: block.name_ko, nameEn: block.name_en, reservedGroup: block.reserved_group, rows: String(block.rows), seatsPerRow: String(block.seats_per_row) };
  return (
    <Form method="post" className="seating-block" aria-labelledby={`${form}-title`}>
      <h3 id={`${form}-title`}>{title}</h3>
      <input type="hidden" name="block" value={block.id} />
      <FormErrorSummary state={state} idPrefix={form} messageValues={{ count: unseatCount ?? 0 }} />
      <BlockFields state={state} defaults={defaults} idPrefix={form} kindOptions={kindOptions} groupList={groupList} />
      {unseatCount !== null ? (
        <label>
          <input type="checkbox" name="unseat" value="1" /> {t("seating.confirmUnseat", { count: unseatCount })}
        </label>
      ) : null}
      <div className="actions">
        <button type="submit" name="intent" value="update-block" className="button button--primary">
          {t("seating.saveBlock")}
        </button>
        {!first ? (
          <button type="submit" name="intent" value="up" className="button">
            {t("seating.moveUp")}
          </button>
        ) : null}
        {!last ? (
          <button type="submit" name="intent" value="down" className="button">
            {t("seating.moveDown")}
          </button>
        ) : null}
        <button type="submit" name="intent" value="remove-block" className="button button--danger">
          {t("seating.removeBlock")}
        </button>
      </div>
    </Form>
  );
}

/** Those attending still without a seat (the guest, or one of their companions). */
export function UnseatedList({
  unseated,
  personLabel,
}: {
  unseated: Array<{ guest: { id: number; name: string; onBehalfOf: string | null; groupName: string }; companionIndex: number }>;
  personLabel: PersonLabel;
}) {
  const t = useT();
  if (unseated.length === 0) return null;
  return (
    <>
      <h2 id="unseated">{t("seating.unseatedHeading")}</h2>
      <ul>
        {unseated.map((entry) => (
          <li key={personKey(entry.guest.id, entry.companionIndex)}>{personLabel(entry)}</li>
        ))}
      </ul>
    </>
  );
}

/** Frees every seat, once the organizer ticks that they mean it. */
export function ClearSeatsForm({ state }: { state: FormState }) {
  const t = useT();
  return (
    <Form method="post" className="inline-form">
      <input type="hidden" name="intent" value="clear" />
      <FormErrorSummary state={state} />
      <label>
        <input type="checkbox" name="confirm" value="1" /> {t("seating.confirmClear")}
      </label>
      <button type="submit" className="button button--danger">
        {t("seating.clear")}
      </button>
    </Form>
  );
}

const KIND_KEYS = { head_table: "seating.kind.head_table", round_tables: "seating.kind.round_tables", theatre: "seating.kind.theatre" } as const satisfies Record<
  (typeof BLOCK_KINDS)[number],
  MessageKey
>;

/** The block shapes as the form's choices, in the reader's language. */
export function blockKindOptions(t: Translate): Array<{ value: string; label: string }> {
  return BLOCK_KINDS.map((kind) => ({ value: kind, label: t(KIND_KEYS[kind]) }));
}
