import { Form, Link } from "@remix-run/react";
import { Field, FormErrorSummary, SelectField, type FormState } from "~/components/field";
import type { listAwardsForOrganizer, listInviteeChoices, listSessionChoices, StandIn } from "~/domain/program/awards.server";
import { answerLabelKey, type AnswerLabel } from "~/domain/rsvp/rsvp-response";
import { useT } from "~/i18n/i18n";
import type { FormValues } from "~/lib/forms.server";
import { TableScroll } from "../table-scroll";

/*
 * The awards page's parts: the category and recipient forms (add and edit share them) and a
 * recipient's row with its edit, move and delete buttons.
 */
type Category = NonNullable<Awaited<ReturnType<typeof listAwardsForOrganizer>>>[number];
type Recipient = Category["recipients"][number];
type SessionChoice = Awaited<ReturnType<typeof listSessionChoices>>[number];
type InviteeChoice = Awaited<ReturnType<typeof listInviteeChoices>>[number];

function SessionSelect({ sessions, state, defaults }: { sessions: SessionChoice[]; state: FormState; defaults: FormValues }) {
  const t = useT();
  const error = state.errors?.sessionId;
  const awards = sessions.filter((session) => session.isAwards);
  const others = sessions.filter((session) => !session.isAwards);
  return (
    <div className={error ? "field field--error" : "field"}>
      <label htmlFor="field-sessionId">{t("awards.session")}</label>
      <select id="field-sessionId" name="sessionId" defaultValue={state.values?.sessionId ?? defaults.sessionId ?? ""} aria-invalid={error ? true : undefined} aria-describedby="field-sessionId-hint">
        <option value="">{t("awards.sessionNone")}</option>
        {[
          { label: t("awards.sessionsAwards"), items: awards },
          { label: t("awards.sessionsOther"), items: others },
        ]
          .filter((group) => group.items.length > 0)
          .map((group) => (
            <optgroup key={group.label} label={group.label}>
              {group.items.map((session) => (
                <option key={session.id} value={String(session.id)}>
                  {session.label}
                </option>
              ))}
            </optgroup>
          ))}
      </select>
      <p className="field__hint" id="field-sessionId-hint">
        {t("awards.sessionHint")}
      </p>
      {error ? (
        <p className="field__error" role="alert">
          {t(error)}
        </p>
      ) : null}
    </div>
  );
}

export function CategoryFields({ sessions, state, defaults = {} }: { sessions: SessionChoice[]; state: FormState; defaults?: FormValues }) {
  const t = useT();
  return (
    <>
      <Field name="nameKo" label={t("awards.nameKo")} state={state} defaults={defaults} />
      <Field name="nameEn" label={t("awards.nameEn")} state={state} defaults={defaults} />
      <Field name="descriptionKo" label={t("agenda.descriptionKo")} multiline state={state} defaults={defaults} />
      <Field name="descriptionEn" label={t("agenda.descriptionEn")} multiline state={state} defaults={defaults} />
      <Field name="presenter" label={t("awards.presenterField")} state={state} defaults={defaults} />
      <SessionSelect sessions={sessions} state={state} defaults={defaults} />
    </>
  );
}

export function RecipientFields({ categories, invitees, state, defaults = {}, minor }: { categories: Category[]; invitees: InviteeChoice[]; state: FormState; defaults?: FormValues; minor: boolean }) {
  const t = useT();
  return (
    <>
      <SelectField name="categoryId" label={t("awards.category")} state={state} defaults={defaults} options={categories.map((category) => ({ value: String(category.id), label: category.name }))} />
      <Field name="name" label={t("invitee.name")} required state={state} defaults={defaults} />
      <Field name="organization" label={t("awards.school")} state={state} defaults={defaults} />
      <Field name="grade" label={t("awards.grade")} state={state} defaults={defaults} />
      <Field name="citation" label={t("awards.citation")} multiline state={state} defaults={defaults} />
      <div className="field field--check">
        <input type="checkbox" id="field-isMinor" name="isMinor" defaultChecked={state.values ? state.values.isMinor === "on" : minor} />
        <label htmlFor="field-isMinor">{t("awards.isMinor")}</label>
      </div>
      <SelectField
        name="inviteeId"
        label={t("awards.invitee")}
        state={state}
        defaults={defaults}
        options={[
          { value: "", label: t("awards.inviteeNone") },
          ...invitees.map((invitee) => ({ value: String(invitee.id), label: [invitee.name, invitee.organization, invitee.position].filter(Boolean).join(" · ") })),
        ]}
      />
      <p className="field__hint">{t("awards.inviteeHint")}</p>
      <Field name="standInName" label={t("awards.standInName")} state={state} defaults={defaults} hint={t("awards.standInHint")} />
      <Field name="standInPosition" label={t("awards.standInPosition")} state={state} defaults={defaults} />
    </>
  );
}

function MoveButtons({ intent, id, name, first, last }: { intent: string; id: number; name: string; first: boolean; last: boolean }) {
  const t = useT();
  return (
    <Form method="post" className="inline-form">
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="id" value={id} />
      <button type="submit" name="direction" value="up" className="button button--small" disabled={first} aria-label={t("awards.moveUp", { name })}>
        ↑
      </button>
      <button type="submit" name="direction" value="down" className="button button--small" disabled={last} aria-label={t("awards.moveDown", { name })}>
        ↓
      </button>
    </Form>
  );
}

function DeleteButton({ intent, id, confirmText }: { intent: string; id: number; confirmText: string }) {
  const t = useT();
  return (
    <Form
      method="post"
      className="inline-form"
      onSubmit={(event) => {
        if (!window.confirm(confirmText)) event.preventDefault();
      }}
    >
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="id" value={id} />
      <button type="submit" className="button button--small button--danger">
        {t("awards.delete")}
      </button>
    </Form>
  );
}

function StandInText({ standIn }: { standIn: StandIn }) {
  const t = useT();
  return (
    <>
      {t("awards.standInFor", { name: [standIn.name, standIn.position && `(${standIn.position})`].filter(Boolean).join(" ") })}
      <span className="muted"> · {t(standIn.source === "rsvp" ? "awards.standIn.rsvp" : "awards.standIn.organizer")}</span>
    </>
  );
}

function attendanceText(t: ReturnType<typeof useT>, attendance: AnswerLabel | null): string {
  return attendance === null ? t("awards.notLinked") : t(answerLabelKey[attendance]);
}

function RecipientRow({ eventId, recipient, index, count }: { eventId: number; recipient: Recipient; index: number; count: number }) {
  const t = useT();
  return (
    <tr id={`recipient-${recipient.id}`}>
      <td>{index + 1}</td>
      <td>
        {recipient.name}
        {recipient.isMinor ? (
          <span className="badge" title={t("awards.minor")}>
            {t("awards.field.minor")}
          </span>
        ) : null}
      </td>
      <td>{recipient.organization}</td>
      <td>{recipient.grade}</td>
      <td>
        {attendanceText(t, recipient.attendance)}
        {recipient.invitee ? <span className="muted"> ({recipient.invitee.name})</span> : null}
      </td>
      <td>{recipient.standIn ? <StandInText standIn={recipient.standIn} /> : null}</td>
      <td>
        <div className="inline-form">
          <Link to={`/admin/events/${eventId}/awards?recipient=${recipient.id}#edit`} className="button button--small" aria-label={`${t("awards.edit")}: ${recipient.name}`}>
            {t("awards.edit")}
          </Link>
          <MoveButtons intent="move-recipient" id={recipient.id} name={recipient.name} first={index === 0} last={index === count - 1} />
          <DeleteButton intent="delete-recipient" id={recipient.id} confirmText={t("awards.deleteRecipientConfirm", { name: recipient.name })} />
        </div>
      </td>
    </tr>
  );
}

export function CategorySection({ eventId, category, index, count }: { eventId: number; category: Category; index: number; count: number }) {
  const t = useT();
  const page = `/admin/events/${eventId}/awards`;
  return (
    <section id={`category-${category.id}`}>
      <h2>{category.name}</h2>
      <div className="inline-form">
        <Link to={`${page}?category=${category.id}#edit`} className="button button--small" aria-label={`${t("awards.edit")}: ${category.name}`}>
          {t("awards.edit")}
        </Link>
        <MoveButtons intent="move-category" id={category.id} name={category.name} first={index === 0} last={index === count - 1} />
        <Link to={`/admin/events/${eventId}/download?what=award-certificates&category=${category.id}`} reloadDocument className="button button--small">
          {t("awards.certificatesForCategory")}
        </Link>
        <DeleteButton intent="delete-category" id={category.id} confirmText={t("awards.deleteCategoryConfirm", { name: category.name })} />
      </div>
      {category.presenter ? <p className="muted">{t("awards.presenter", { name: category.presenter })}</p> : null}
      {category.session ? <p className="muted">{t("awards.inSession", { session: category.session })}</p> : null}
      {category.recipients.length > 0 ? (
        <TableScroll label={category.name}>
          <table className="table">
            <caption className="visually-hidden">{category.name}</caption>
            <thead>
              <tr>
                <th scope="col">{t("awards.column.number")}</th>
                <th scope="col">{t("awards.column.name")}</th>
                <th scope="col">{t("awards.school")}</th>
                <th scope="col">{t("awards.grade")}</th>
                <th scope="col">{t("awards.column.attendance")}</th>
                <th scope="col">{t("awards.column.standIn")}</th>
                <th scope="col">{t("awards.column.actions")}</th>
              </tr>
            </thead>
            <tbody>
              {category.recipients.map((recipient, position) => (
                <RecipientRow key={recipient.id} eventId={eventId} recipient={recipient} index={position} count={category.recipients.length} />
              ))}
            </tbody>
          </table>
        </TableScroll>
      ) : null}
    </section>
  );
}

/** The form that changes a category, opened on the page by ?category=<id>. */
export function EditCategory({ eventId, category, sessions, state }: { eventId: number; category: Category; sessions: SessionChoice[]; state: FormState }) {
  const t = useT();
  const page = `/admin/events/${eventId}/awards`;
  return (
    <section id="edit">
      <h2>{t("awards.editCategory")}</h2>
      <FormErrorSummary state={state} />
      <Form method="post" action={`${page}?category=${category.id}`} noValidate>
        <input type="hidden" name="intent" value="update-category" />
        <input type="hidden" name="id" value={category.id} />
        <CategoryFields
          sessions={sessions}
          state={state}
          defaults={{
            nameKo: category.nameKo,
            nameEn: category.nameEn,
            descriptionKo: category.descriptionKo,
            descriptionEn: category.descriptionEn,
            presenter: category.presenter,
            sessionId: category.sessionId === null ? "" : String(category.sessionId),
          }}
        />
        <div className="actions">
          <button type="submit" className="button button--primary">
            {t("awards.save")}
          </button>
          <Link to={page} className="button">
            {t("awards.cancel")}
          </Link>
        </div>
      </Form>
    </section>
  );
}

/** The form that changes a recipient, opened on the page by ?recipient=<id>. */
export function EditRecipient({ eventId, recipient, categories, invitees, state }: { eventId: number; recipient: Recipient; categories: Category[]; invitees: InviteeChoice[]; state: FormState }) {
  const t = useT();
  const page = `/admin/events/${eventId}/awards`;
  return (
    <section id="edit">
      <h2>{t("awards.editRecipient")}</h2>
      <FormErrorSummary state={state} />
      <Form method="post" action={`${page}?recipient=${recipient.id}`} noValidate>
        <input type="hidden" name="intent" value="update-recipient" />
        <input type="hidden" name="id" value={recipient.id} />
        <RecipientFields
          categories={categories}
          invitees={invitees}
          state={state}
          minor={recipient.isMinor}
          defaults={{
            categoryId: String(recipient.categoryId),
            name: recipient.name,
            organization: recipient.organization,
            grade: recipient.grade,
            citation: recipient.citation,
            inviteeId: recipient.invitee ? String(recipient.invitee.id) : "",
            standInName: recipient.standInName,
            standInPosition: recipient.standInPosition,
          }}
        />
        <div className="actions">
          <button type="submit" className="button button--primary">
            {t("awards.save")}
          </button>
          <Link to={page} className="button">
            {t("awards.cancel")}
          </Link>
          <Link to={`/admin/events/${eventId}/download?what=award-certificates&recipient=${recipient.id}`} reloadDocument className="button">
            {t("awards.certificateForRecipient")}
          </Link>
        </div>
      </Form>
    </section>
  );
}
