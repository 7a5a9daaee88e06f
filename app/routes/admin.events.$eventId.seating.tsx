import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { FormErrorSummary, SelectField, type FormState } from "~/components/field";
import { SeatingPlan } from "~/components/seating-plan";
import { BlockEditor, BlockFields, blockKindOptions, ClearSeatsForm, SeatedTable, UnseatedList, type PersonLabel } from "~/components/seating-parts";
import { recordListing } from "~/domain/access-records/access-records.server";
import { eventTitle } from "~/domain/events/event-view";
import { blockName } from "~/domain/seating/seat-label";
import { parseSeatKey, personKey } from "~/domain/seating/seating-plan";
import {
  addSeatingBlock,
  assignFormSchema,
  assignSeat,
  autoAssignSeats,
  blockFormSchema,
  clearSeats,
  moveSeatingBlock,
  parsePersonKey,
  removeSeatingBlock,
  seatingOverview,
  unassignSeat,
  updateSeatingBlock,
  type SeatingChange,
} from "~/domain/seating/seating.server";
import { messageKey, useT, type MessageKey } from "~/i18n/i18n";
import { fieldFailure, formValues, parseForm, rowIdField } from "~/lib/forms.server";
import { organizerAccess } from "~/web/access-by.server";
import { requireEventPermission } from "~/web/auth.server";
import { requireEventPage } from "~/web/event-page.server";
import { readFormData } from "~/web/form-data.server";
import { pageTitleMeta } from "~/web/meta";

export const meta = pageTitleMeta;

/** The seating plan (좌석 배치): its blocks, the plan, and who sits where. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { eventId, event, locale, t, organizer } = await requireEventPage(request, context, params.eventId, "event.edit");
  const overview = await seatingOverview(context.db, eventId, locale);
  // The plan and the list name everyone attending: a listing of personal data.
  await recordListing(context.db, organizerAccess(context, organizer.id), { eventId, list: "seating", subjectIds: overview.guestIds });
  const title = eventTitle(event, locale);
  const { guestIds: _ids, ...shown } = overview;
  return { eventId, title, locale, ...shown, pageTitle: `${t("seating.title")} · ${title}` };
}

const CHANGE_ERRORS = {
  "seat-taken": "seating.seatTaken",
  "no-such-seat": "seating.chooseSeat",
  "not-attending": "seating.chooseGuest",
  "would-unseat": "seating.wouldUnseat",
  "too-many-blocks": "seating.tooManyBlocks",
  "not-found": "error.invalid",
} as const satisfies Record<Extract<SeatingChange, { ok: false }>["error"], MessageKey>;

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { eventId, organizer } = await requireEventPermission(request, context, params.eventId, "event.edit");
  const by = organizerAccess(context, organizer.id);
  const formData = await readFormData(request);
  const intent = String(formData.get("intent") ?? "");
  const blockId = rowIdField.parse(formData.get("block"));
  const failed = (form: string, result: Extract<SeatingChange, { ok: false }>) =>
    data({ form, count: result.count ?? 0, ...fieldFailure(formData, { form: messageKey(CHANGE_ERRORS[result.error]) }) }, { status: 400 });
  if (intent === "add-block" || intent === "update-block") {
    const form = intent === "add-block" ? "add" : `block-${blockId}`;
    const parsed = parseForm(blockFormSchema, formData);
    if (!parsed.success) return data({ form, count: 0, ...parsed }, { status: 400 });
    const result: SeatingChange =
      intent === "add-block"
        ? await addSeatingBlock(context.db, eventId, parsed.data)
        : blockId === null
          ? { ok: false, error: "not-found" }
          : await updateSeatingBlock(context.db, by, { eventId, blockId, form: parsed.data });
    if (!result.ok) return failed(form, result);
    return redirect(`/admin/events/${eventId}/seating?done=layout#layout`);
  }
  if (intent === "remove-block" && blockId !== null) {
    const result = await removeSeatingBlock(context.db, by, { eventId, blockId, confirmed: formData.get("unseat") === "1" });
    if (!result.ok) return failed(`block-${blockId}`, result);
    return redirect(`/admin/events/${eventId}/seating?done=layout#layout`);
  }
  if ((intent === "up" || intent === "down") && blockId !== null) {
    await moveSeatingBlock(context.db, { eventId, blockId, direction: intent });
    return redirect(`/admin/events/${eventId}/seating#layout`);
  }
  if (intent === "assign") {
    const parsed = parseForm(assignFormSchema, formData);
    if (!parsed.success) return data({ form: "assign", count: 0, ...parsed }, { status: 400 });
    const person = parsePersonKey(parsed.data.guest);
    const seat = parseSeatKey(parsed.data.seat);
    if (!person || !seat) return data({ form: "assign", count: 0, ...fieldFailure(formData, { seat: messageKey("seating.chooseSeat") }) }, { status: 400 });
    const result = await assignSeat(context.db, by, { eventId, ...person, ...seat });
    if (!result.ok) return data({ form: "assign", count: 0, ...fieldFailure(formData, { seat: messageKey(CHANGE_ERRORS[result.error]) }) }, { status: 409 });
    return redirect(`/admin/events/${eventId}/seating?done=assigned#assign`);
  }
  if (intent === "unassign") {
    const person = parsePersonKey(String(formData.get("person") ?? ""));
    if (person) await unassignSeat(context.db, by, { eventId, ...person });
    return redirect(`/admin/events/${eventId}/seating?done=unassigned#seated`);
  }
  if (intent === "auto") {
    const result = await autoAssignSeats(context.db, by, eventId);
    return redirect(`/admin/events/${eventId}/seating?done=auto&seated=${result.seated}&noRoom=${result.noRoom}#assign`);
  }
  if (intent === "clear") {
    if (formData.get("confirm") !== "1") return data({ form: "clear", count: 0, ...fieldFailure(formData, { confirm: messageKey("seating.confirmClear") }) }, { status: 400 });
    await clearSeats(context.db, by, eventId);
    return redirect(`/admin/events/${eventId}/seating?done=cleared#assign`);
  }
  return data({ form: "other", count: 0, success: false as const, errors: { form: messageKey("error.invalid") }, values: formValues(formData) }, { status: 400 });
}

export default function Seating() {
  const { eventId, title, locale, blocks, occupants, seated, unseated, freeSeats, capacity, groups } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const t = useT();
  const done = searchParams.get("done");
  const selectedSeat = searchParams.get("seat");
  const stateFor = (form: string): FormState => (result?.form === form ? result : {});
  const assignState = stateFor("assign");
  const kindOptions = blockKindOptions(t);
  const groupList = `seating-groups`;
  const personLabel: PersonLabel = (entry) =>
    entry.companionIndex > 0
      ? t("seating.companionOf", { name: entry.guest.name, number: entry.companionIndex })
      : `${entry.guest.name}${entry.guest.onBehalfOf ? ` (${t("seating.proxyFor", { name: entry.guest.onBehalfOf })})` : ""}${entry.guest.groupName ? ` · ${entry.guest.groupName}` : ""}`;

  return (
    <>
      <p>
        <Link to={`/admin/events/${eventId}`}>← {title}</Link>
      </p>
      <h1>{t("seating.title")}</h1>
      <p>{t("seating.intro")}</p>
      {done ? (
        <p className="notice notice--success" role="status">
          {done === "auto"
            ? t("seating.autoDone", { seated: Number(searchParams.get("seated") ?? 0), noRoom: Number(searchParams.get("noRoom") ?? 0) })
            : done === "imported"
              ? t("seating.imported", { seated: Number(searchParams.get("seated") ?? 0) })
              : t(done === "assigned" ? "seating.assigned" : done === "unassigned" ? "seating.unassigned" : done === "cleared" ? "seating.cleared" : "seating.layoutSaved")}
        </p>
      ) : null}
      <p role="status">{t("seating.counts", { seated: seated.length, capacity, unseated: unseated.length })}</p>

      {blocks.length > 0 ? (
        <>
          <div className="actions">
            <a className="button" href={`/admin/events/${eventId}/download?what=seating-plan&paper=a4`}>
              {t("seating.printPlanA4")}
            </a>
            <a className="button" href={`/admin/events/${eventId}/download?what=seating-plan&paper=a3`}>
              {t("seating.printPlanA3")}
            </a>
            <a className="button" href={`/admin/events/${eventId}/download?what=seat-list`}>
              {t("seating.printList")}
            </a>
          </div>
          <h2 id="plan">{t("seating.planHeading")}</h2>
          <p className="field__hint">{t("seating.planHint")}</p>
          <SeatingPlan blocks={blocks} occupants={occupants} language={locale} selected={selectedSeat} seatHref={(key) => `/admin/events/${eventId}/seating?seat=${encodeURIComponent(key)}#assign`} />
        </>
      ) : (
        <p className="notice notice--info">{t("seating.noLayout")}</p>
      )}

      <h2 id="layout">{t("seating.layoutHeading")}</h2>
      <datalist id={groupList}>
        {groups.map((group) => (
          <option key={group} value={group} />
        ))}
      </datalist>
      <div className="seating-blocks">
        {blocks.map((block, index) => {
          const form = `block-${block.id}`;
          return (
            <BlockEditor
              key={block.id}
              block={block}
              title={blockName(block, locale)}
              state={stateFor(form)}
              unseatCount={result?.form === form && result.errors.form === "seating.wouldUnseat" ? result.count : null}
              first={index === 0}
              last={index === blocks.length - 1}
              kindOptions={kindOptions}
              groupList={groupList}
            />
          );
        })}
        <Form method="post" className="seating-block" aria-labelledby="add-block-title">
          <h3 id="add-block-title">{t("seating.addBlock")}</h3>
          <FormErrorSummary state={stateFor("add")} idPrefix="add" />
          <BlockFields state={stateFor("add")} defaults={{ kind: "theatre", rows: "5", seatsPerRow: "10" }} idPrefix="add" kindOptions={kindOptions} groupList={groupList} />
          <button type="submit" name="intent" value="add-block" className="button button--primary">
            {t("seating.addBlock")}
          </button>
        </Form>
      </div>

      {blocks.length > 0 ? (
        <>
          <h2 id="assign">{t("seating.assignHeading")}</h2>
          <Form method="post" className="inline-form">
            <input type="hidden" name="intent" value="auto" />
            <button type="submit" className="button button--primary">
              {t("seating.auto")}
            </button>
            <p className="field__hint">{t("seating.autoHint")}</p>
          </Form>
          <p>
            <Link to={`/admin/events/${eventId}/seating/import`}>{t("seatImport.link")}</Link>
          </p>
          <Form method="post" aria-labelledby="assign-title">
            <h3 id="assign-title">{t("seating.byHand")}</h3>
            <input type="hidden" name="intent" value="assign" />
            <FormErrorSummary state={assignState} />
            <SelectField
              name="guest"
              label={t("seating.guest")}
              state={assignState}
              options={[
                { value: "", label: t("seating.chooseGuestOption") },
                ...unseated.map((entry) => ({ value: personKey(entry.guest.id, entry.companionIndex), label: personLabel(entry) })),
                ...seated.map((entry) => ({ value: personKey(entry.guest.id, entry.companionIndex), label: `${personLabel(entry)} — ${entry.label}` })),
              ]}
            />
            <SelectField
              name="seat"
              label={t("seating.seat")}
              state={assignState}
              defaults={{ seat: selectedSeat && freeSeats.some((seat) => seat.key === selectedSeat) ? selectedSeat : "" }}
              options={[{ value: "", label: t("seating.chooseSeatOption") }, ...freeSeats.map((seat) => ({ value: seat.key, label: seat.label }))]}
            />
            <button type="submit" className="button button--primary">
              {t("seating.assign")}
            </button>
          </Form>

          <h2 id="seated">{t("seating.seatedHeading")}</h2>
          <SeatedTable seated={seated} personLabel={personLabel} />
          <UnseatedList unseated={unseated} personLabel={personLabel} />
          <ClearSeatsForm state={stateFor("clear")} />
        </>
      ) : null}
    </>
  );
}
