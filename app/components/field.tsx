import { useEffect, useRef, useState, type MouseEvent } from "react";
import { useT, type MessageKey, type MessageValues } from "~/i18n/i18n";
import { useRenderedByServer } from "./hydration";
import type { FieldErrors, FormValues } from "~/lib/forms.server";

export interface FormState {
  errors?: FieldErrors;
  values?: FormValues;
}

interface FieldProps {
  name: string;
  label: string;
  state: FormState;
  defaults?: FormValues;
  type?: string;
  required?: boolean;
  hint?: string;
  autoComplete?: string;
  multiline?: boolean;
  inputMode?: "text" | "email" | "tel" | "numeric" | "url";
  placeholder?: string;
  list?: string;
  /** Distinguishes the ids of two forms on one page that share field names. */
  idPrefix?: string;
}

function fieldId(name: string, prefix = "field") {
  return `${prefix}-${name.replace(/[^a-zA-Z0-9_-]/g, "-")}`;
}

/** A labelled input whose error is announced with it and whose value survives a failed submit. */
export function Field({ name, label, state, defaults, type = "text", required, hint, autoComplete, multiline, inputMode, placeholder, list, idPrefix }: FieldProps) {
  const id = fieldId(name, idPrefix);
  const error = state.errors?.[name];
  const value = state.values?.[name] ?? defaults?.[name] ?? "";
  const describedBy = [hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ") || undefined;
  const common = {
    id,
    name,
    required,
    "aria-invalid": error ? true : undefined,
    "aria-describedby": describedBy,
    defaultValue: type === "password" ? undefined : value,
    autoComplete,
    placeholder,
  };
  return (
    <div className={error ? "field field--error" : "field"}>
      <label htmlFor={id}>
        {label}
        {required ? <span aria-hidden="true"> *</span> : null}
      </label>
      {multiline ? <textarea rows={5} {...common} /> : <input type={type} inputMode={inputMode} list={list} {...common} />}
      {hint ? (
        <p className="field__hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      <FieldError id={id} error={error} />
    </div>
  );
}

function FieldError({ id, error }: { id: string; error: MessageKey | undefined }) {
  const t = useT();
  if (!error) return null;
  return (
    <p className="field__error" id={`${id}-error`} role="alert">
      {t(error)}
    </p>
  );
}

export function SelectField({ name, label, state, defaults, options }: { name: string; label: string; state: FormState; defaults?: FormValues; options: Array<{ value: string; label: string }> }) {
  const id = fieldId(name);
  const error = state.errors?.[name];
  return (
    <div className={error ? "field field--error" : "field"}>
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        name={name}
        defaultValue={state.values?.[name] ?? defaults?.[name] ?? options[0]?.value}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
      >
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      <FieldError id={id} error={error} />
    </div>
  );
}

/** A field the error summary links to: its label, and its element's id when `Field` does not draw it. */
export interface SummaryField {
  name: string;
  label: string;
  id?: string;
}

/** Moves focus to a field the summary links to, in place. */
function focusField(event: MouseEvent<HTMLAnchorElement>, id: string) {
  const field = document.getElementById(id);
  if (!field) return;
  // The router would take the hash change for a navigation and drop the failed form's errors.
  event.preventDefault();
  field.focus();
  field.scrollIntoView({ block: "center" });
}

/**
 * A summary at the top of a failed form, so screen-reader and keyboard users learn at once, with
 * a link to each field in `fields` that has an error (WCAG 3.3.1). Errors of fields not named
 * there are still told at the field.
 */
export function FormErrorSummary({
  state,
  messageKey = "form.hasErrors",
  messageValues,
  fields = [],
  idPrefix,
}: {
  state: FormState;
  messageKey?: MessageKey;
  /** Values for the form-wide error's message (a wait in minutes). */
  messageValues?: MessageValues;
  fields?: SummaryField[];
  /** The `idPrefix` the form's fields were drawn with. */
  idPrefix?: string;
}) {
  const t = useT();
  const summary = useRef<HTMLDivElement>(null);
  const [found, setFound] = useState<SummaryField[]>([]);
  const hasErrors = Boolean(state.errors && Object.keys(state.errors).length > 0);
  // After a client-side submit the page does not reload: bring the summary into view and focus.
  // A page sent without JavaScript (the guest's) gets the same from `autofocus` in the HTML, and
  // its script, arriving later on a slow phone, must not take focus back from a field the person
  // has moved to since: the first run after hydrating leaves focus alone.
  const renderedByServer = useRenderedByServer();
  const skipFocus = useRef(renderedByServer);
  useEffect(() => {
    if (skipFocus.current) skipFocus.current = false;
    else if (hasErrors) summary.current?.focus();
  }, [hasErrors, state]);
  // Fields a form does not name in `fields` are found in the page once it runs: the form's own
  // control of that name, by its label. (Pages without JavaScript name theirs.)
  const namedFields = fields.map((field) => field.name).join("\n");
  useEffect(() => {
    const form = summary.current?.closest("form") ?? document;
    const named = new Set(namedFields.split("\n"));
    const more = Object.keys(state.errors ?? {}).flatMap((name): SummaryField[] => {
      if (name === "form" || named.has(name)) return [];
      const control = form.querySelector<HTMLElement>(`[name="${CSS.escape(name)}"]`);
      const label = control && "labels" in control ? (control as HTMLInputElement).labels?.[0]?.textContent?.replace(/\s*\*$/, "").trim() : undefined;
      return control?.id && label ? [{ name, label, id: control.id }] : [];
    });
    setFound(more);
  }, [state, namedFields]);
  if (!hasErrors || !state.errors) return null;
  const errors = state.errors;
  const formError = errors.form;
  const failed = [...fields, ...found].filter((field) => errors[field.name]);
  return (
    // eslint-disable-next-line jsx-a11y/no-autofocus -- after a failed submit focus goes to the error summary on purpose (WCAG 3.3.1)
    <div className="notice notice--error" role="alert" tabIndex={-1} ref={summary} autoFocus>
      {formError ? t(formError, messageValues) : t(messageKey)}
      {failed.length > 0 ? (
        <ul className="error-summary">
          {failed.map((field) => {
            const id = field.id ?? fieldId(field.name, idPrefix);
            return (
              <li key={field.name}>
                <a href={`#${id}`} onClick={(event) => focusField(event, id)}>
                  {field.label}: {t(errors[field.name]!)}
                </a>
              </li>
            );
          })}
        </ul>
      ) : null}
    </div>
  );
}
