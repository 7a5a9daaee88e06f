import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { recordListing } from "~/domain/access-records/access-records.server";
import { organizerAccess } from "~/web/access-by.server";
import { Form, Link, useActionData, useLoaderData, useSearchParams, useSubmit } from "@remix-run/react";
import { useState, type DragEvent } from "react";
import { Field, FormErrorSummary, type FormState } from "~/components/field";
import { vipIntroductions } from "~/domain/checkin/arrivals.server";
import { eventTitle } from "~/domain/events/event-view";
import { applySuggestedOrder, orderNumberSchema, protocolTitles, protocolTitlesSchema, saveProtocolTitles, setProtocolOrderByNumbers } from "~/domain/protocol/protocol-order.server";
import { messageKey, useT } from "~/i18n/i18n";
import { fieldFailure, formValues, idField, parseForm } from "~/lib/forms.server";
import { requireEventPermission } from "~/web/auth.server";
import { requireEventPage } from "~/web/event-page.server";
import { readFormData } from "~/web/form-data.server";
import { pageTitleMeta } from "~/web/meta";

export const meta = pageTitleMeta;

/** Protocol order (의전 서열): the order of the guests of honour, by number, by dragging, or suggested from their positions. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { eventId, event, locale, t, organizer } = await requireEventPage(request, context, params.eventId, "event.edit");
  const vips = await vipIntroductions(context.db, eventId);
  await recordListing(context.db, organizerAccess(context, organizer.id), { eventId, list: "protocol", subjectIds: vips.map((vip) => vip.id) });
  const titles = await protocolTitles(context.db, organizer.id);
  const title = eventTitle(event, locale);
  return {
    eventId,
    title,
    vips: vips.map(({ id, name, organization, position }) => ({ id, name, organization, position })),
    titles: titles.titles,
    ownTitles: titles.own,
    pageTitle: `${t("protocol.title")} · ${title}`,
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { eventId, organizer } = await requireEventPermission(request, context, params.eventId, "event.edit");
  const formData = await readFormData(request);
  const intent = formData.get("intent");
  if (intent === "suggest") {
    await applySuggestedOrder(context.db, eventId, organizer.id);
    // The MC's introduction list, open elsewhere, follows at once.
    context.arrivals.announce(eventId);
    return redirect(`/admin/events/${eventId}/protocol?done=suggested`);
  }
  if (intent === "titles") {
    const parsed = parseForm(protocolTitlesSchema, formData);
    if (!parsed.success) return data({ form: "titles" as const, ...parsed }, { status: 400 });
    await saveProtocolTitles(context.db, organizer.id, parsed.data.titles);
    return redirect(`/admin/events/${eventId}/protocol?done=titles#titles`);
  }
  if (intent === "order") {
    const numbers = new Map<number, number | null>();
    const errors: Record<string, ReturnType<typeof messageKey>> = {};
    for (const [name, value] of formData) {
      const match = /^rank-(\d+)$/.exec(name);
      if (!match || typeof value !== "string") continue;
      const id = idField.safeParse(match[1]);
      const number = orderNumberSchema.safeParse(value.trim());
      if (!id.success) continue;
      if (!number.success) errors[name] = messageKey("protocol.badNumber");
      else numbers.set(id.data, number.data === "" ? null : number.data);
    }
    if (Object.keys(errors).length > 0) return data({ form: "order" as const, ...fieldFailure(formData, errors) }, { status: 400 });
    await setProtocolOrderByNumbers(context.db, eventId, numbers);
    context.arrivals.announce(eventId);
    return redirect(`/admin/events/${eventId}/protocol?done=ordered`);
  }
  return data({ form: "order" as const, success: false as const, errors: { form: messageKey("error.invalid") }, values: formValues(formData) }, { status: 400 });
}

export default function ProtocolOrder() {
  const { eventId, title, vips, titles, ownTitles } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const done = searchParams.get("done");
  const t = useT();
  const submit = useSubmit();
  const orderState: FormState = result?.form === "order" ? result : {};
  const titlesState: FormState = result?.form === "titles" ? result : {};
  // Dragging (with JavaScript): the new order is sent as numbers, as the form without it would.
  const [dragged, setDragged] = useState<number | null>(null);
  const order = vips.map((vip) => vip.id);
  function dropOn(target: number, event: DragEvent) {
    event.preventDefault();
    if (dragged === null || dragged === target) return;
    const next = order.filter((id) => id !== dragged);
    next.splice(next.indexOf(target) + (order.indexOf(dragged) < order.indexOf(target) ? 1 : 0), 0, dragged);
    setDragged(null);
    const form = new FormData();
    form.set("intent", "order");
    next.forEach((id, index) => form.set(`rank-${id}`, String(index + 1)));
    submit(form, { method: "post" });
  }

  return (
    <>
      <p>
        <Link to={`/admin/events/${eventId}`}>← {title}</Link>
      </p>
      <h1>{t("protocol.title")}</h1>
      <p>{t("protocol.intro")}</p>
      {done === "suggested" || done === "ordered" || done === "titles" ? (
        <p className="notice notice--success" role="status">
          {t(done === "suggested" ? "protocol.suggested" : done === "ordered" ? "protocol.ordered" : "protocol.titlesSaved")}
        </p>
      ) : null}

      <h2 id="order">{t("protocol.orderHeading")}</h2>
      {vips.length === 0 ? (
        <p>{t("arrivals.noVips")}</p>
      ) : (
        <>
          <Form method="post" className="inline-form">
            <input type="hidden" name="intent" value="suggest" />
            <button type="submit" className="button">
              {t("protocol.suggest")}
            </button>
          </Form>
          <FormErrorSummary state={orderState} />
          <Form method="post" id="protocol-order">
            <input type="hidden" name="intent" value="order" />
            <p className="field__hint">{t("protocol.orderHint")}</p>
            <ol className="protocol-list">
              {vips.map((vip, index) => {
                const name = `rank-${vip.id}`;
                const error = orderState.errors?.[name];
                return (
                  <li
                    key={vip.id}
                    className={dragged === vip.id ? "protocol-list__item protocol-list__item--dragged" : "protocol-list__item"}
                    draggable
                    onDragStart={() => setDragged(vip.id)}
                    onDragEnd={() => setDragged(null)}
                    onDragOver={(event) => event.preventDefault()}
                    onDrop={(event) => dropOn(vip.id, event)}
                    data-invitee={vip.id}
                  >
                    <label htmlFor={`field-${name}`} className="protocol-list__who">
                      <strong>{vip.name}</strong> {vip.organization} {vip.position}
                      <span className="visually-hidden"> {t("protocol.numberFor")}</span>
                    </label>
                    <input
                      id={`field-${name}`}
                      name={name}
                      inputMode="numeric"
                      className="protocol-list__number"
                      // Keyed by place, so that a new order from the server shows its own numbers.
                      key={`${vip.id}-${index}`}
                      defaultValue={orderState.values?.[name] ?? String(index + 1)}
                      aria-invalid={error ? true : undefined}
                      aria-describedby={error ? `field-${name}-error` : undefined}
                      size={3}
                    />
                    {error ? (
                      <span className="field__error" id={`field-${name}-error`}>
                        {t(error)}
                      </span>
                    ) : null}
                  </li>
                );
              })}
            </ol>
            <button type="submit" className="button button--primary">
              {t("protocol.saveOrder")}
            </button>
          </Form>
          <p className="field__hint">{t("protocol.usedBy")}</p>
        </>
      )}

      <h2 id="titles">{t("protocol.titlesHeading")}</h2>
      <p>{t(ownTitles ? "protocol.titlesOwn" : "protocol.titlesShared")}</p>
      <Form method="post">
        <input type="hidden" name="intent" value="titles" />
        <FormErrorSummary state={titlesState} fields={[{ name: "titles", label: t("protocol.titlesLabel") }]} />
        <Field name="titles" label={t("protocol.titlesLabel")} hint={t("protocol.titlesHint")} state={titlesState} defaults={{ titles: titles.join("\n") }} multiline />
        <button type="submit" className="button">
          {t("protocol.saveTitles")}
        </button>
      </Form>
    </>
  );
}
